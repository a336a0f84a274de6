"""Issue 12: the strategy as a tree, one promise item entered once (cross-cutting, several
perspectives, both sides), statutory service standards and pending indicators, through
the pages a user uses and in the public page and the decision document."""

from __future__ import annotations

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from phases.models import Region
from phases.roles import Role
from promises import services, strategy
from promises.models import Commitment, StrategyGoal

from . import test_decision_support as support

pytestmark = pytest.mark.django_db
media_root = support.media_root

OUTLINE = """\
1 Hyvä arki
  1.1 Palvelut lähellä
    1.1.1 Hoitoon pääsee nopeasti
      1.1.1.1 Digitaalinen ajanvaraus
  1.2 Yhdessä tekeminen
2 Kestävä talous
  2.1 Talous tasapainossa
"""
OUTLINE_SV = """\
1 En god vardag
1.1 Tjänster nära
1.1.1 Snabb tillgång till vård
1.1.1.1 Digital tidsbokning
1.2 Tillsammans
2 Hållbar ekonomi
2.1 Ekonomin i balans
"""


def strategy_url(region, name="promises:strategy", language="fi"):
    with translation.override(language):
        return reverse(name, kwargs={"region": region.slug})


def paste(client, region, text, language="fi", levels=(1, 2, 3, 4), list_language="fi"):
    return client.post(
        strategy_url(region, "promises:strategy_import", language),
        {
            "kind": "regional",
            "language": list_language,
            "levels": list(levels),
            "text": text,
        },
    )


# -- the tree and its bulk entry ----------------------------------------------------------


def test_pasted_outline_becomes_a_tree_and_a_second_paste_translates_it(client, region, users):
    client.force_login(users[Role.PREPARER])
    response = paste(client, region, OUTLINE)
    assert response.status_code == 302
    goals = {g.code: g for g in StrategyGoal.objects.filter(region=region)}
    assert set(goals) == {"1", "1.1", "1.1.1", "1.1.1.1", "1.2", "2", "2.1"}
    assert goals["1"].level == StrategyGoal.Level.THEME and goals["1"].parent is None
    assert goals["1.1"].level == StrategyGoal.Level.FOCUS_AREA
    assert goals["1.1"].parent == goals["1"]
    assert goals["1.1.1"].level == StrategyGoal.Level.GOAL
    assert goals["1.1.1.1"].level == StrategyGoal.Level.MEANS
    assert goals["1.1.1.1"].parent == goals["1.1.1"]
    assert goals["2.1"].parent == goals["2"]
    # The same list in Swedish, from the Swedish interface: names added, nothing new.
    assert paste(client, region, OUTLINE_SV, "sv", list_language="sv").status_code == 302
    assert StrategyGoal.objects.filter(region=region).count() == 7
    theme = StrategyGoal.objects.get(region=region, code="1")
    assert (theme.title_fi, theme.title_sv) == ("Hyvä arki", "En god vardag")
    # The list page shows the tree with its levels.
    html = client.get(strategy_url(region, language="sv")).content.decode()
    assert "Hållbar ekonomi" in html and "Digital tidsbokning" in html


def test_indentation_without_codes_and_fewer_levels(client, region, users):
    client.force_login(users[Role.PREPARER])
    text = "Asukas\n\tOsallisuus\n\tTieto\nTalous\n    Kustannukset\n"
    assert paste(client, region, text, levels=(1, 3)).status_code == 302
    themes = StrategyGoal.objects.filter(region=region, level=StrategyGoal.Level.THEME)
    assert sorted(t.title_fi for t in themes) == ["Asukas", "Talous"]
    goal = StrategyGoal.objects.get(region=region, title_fi="Kustannukset")
    assert goal.level == StrategyGoal.Level.GOAL and goal.parent.title_fi == "Talous"


def test_a_bad_line_is_named_and_nothing_is_written(client, region, users):
    client.force_login(users[Role.PREPARER])
    text = "1 Hyvä arki\n1.1 Palvelut lähellä\n1.1.1.1 Liian syvä hyppy\n2 Talous\n"
    response = paste(client, region, text)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rivi 3" in html  # the line to fix, in the user's language
    assert "Liian syvä hyppy" in html  # what was typed is kept
    assert not StrategyGoal.objects.filter(region=region).exists()
    # Five levels deep: refused as well.
    deep = "1 a\n1.1 b\n1.1.1 c\n1.1.1.1 d\n1.1.1.1.1 e\n"
    assert paste(client, region, deep).status_code == 400
    assert not StrategyGoal.objects.filter(region=region).exists()


def test_outline_parser_reads_bullets_and_reports_every_bad_line():
    lines = strategy.parse_outline("- Teema\n  - Tavoite\n")
    assert [(x.depth, x.title) for x in lines] == [(1, "Teema"), (2, "Tavoite")]
    with pytest.raises(strategy.OutlineError) as exc:
        strategy.parse_outline("  a\n      b\n    c\n")
    assert [number for number, _m in exc.value.line_errors] == [3]


def test_a_node_cannot_be_placed_under_a_lower_level(client, region, users):
    client.force_login(users[Role.PREPARER])
    paste(client, region, OUTLINE)
    means = StrategyGoal.objects.get(region=region, code="1.1.1.1")
    goal = StrategyGoal.objects.get(region=region, code="1.1.1")
    response = client.post(
        strategy_url(region),
        {
            "kind": "regional",
            "level": "2",
            "parent": goal.pk,
            "title_fi": "Väärin",
            "title_sv": "Fel",
        },
    )
    assert response.status_code == 400
    # A means is never offered as a parent (nothing can be under it).
    assert (
        f'value="{means.pk}"'
        not in response.content.decode().split('name="parent"')[1].split("</select>")[0]
    )


# -- one promise item, entered once -------------------------------------------------------


def commitment_page(promise, language="fi"):
    project = promise.project
    with translation.override(language):
        return reverse(
            "promises:commitment_add",
            kwargs={"region": project.region.slug, "project": project.pk, "promise": promise.pk},
        )


def import_tree(region) -> dict:
    """The region's strategy pasted in Finnish and then in Swedish: its goals by code."""
    strategy.strategy_import(
        region=region, kind="regional", text=OUTLINE, language="fi", levels=[1, 2, 3, 4]
    )
    strategy.strategy_import(
        region=region, kind="regional", text=OUTLINE_SV, language="sv", levels=[1, 2, 3, 4]
    )
    return {g.code: g for g in StrategyGoal.objects.filter(region=region)}


def create_empty_promise(project, users):
    return services.promise_create(
        project=project,
        title={"fi": "Kaikki kaupunkilaiset", "sv": "Alla stadsbor"},
        vision={"fi": "Hyvä arki kaikille.", "sv": "En god vardag för alla."},
        by=users[Role.PREPARER],
    )


@pytest.fixture
def tree(region):
    return import_tree(region)


@pytest.fixture
def empty_promise(project, users):
    return create_empty_promise(project, users)


def test_commitment_form_cross_cutting_several_perspectives_statutory_and_pending(
    client, users, tree, empty_promise
):
    client.force_login(users[Role.PREPARER])
    url = commitment_page(empty_promise, "sv")
    # Cross-cutting: no perspective at all.
    response = client.post(
        url,
        {
            "title_fi": "Kustannukset kasvavat enintään rahoituksen verran",
            "title_sv": "Kostnaderna växer högst som finansieringen",
            "kind": "own",
            "side": "organiser",
            "strategy_goals": [tree["2.1"].pk],
        },
    )
    assert response.status_code == 302
    cross = Commitment.objects.get(promise=empty_promise)
    assert cross.perspectives == [] and cross.perspective == ""
    # Several perspectives, both sides: listed under the first one named.
    response = client.post(
        url,
        {
            "title_fi": "Palveluohjaus yhdestä numerosta",
            "title_sv": "Servicehänvisning via ett nummer",
            "kind": "own",
            "side": "both",
            "perspectives": ["integration", "access"],
            "strategy_goals": [tree["1.1"].pk],
        },
    )
    assert response.status_code == 302
    several = Commitment.objects.get(title_fi="Palveluohjaus yhdestä numerosta")
    assert several.perspectives == ["access", "integration"]
    assert several.side == "both"
    # A statutory standard's legal reference is optional (nothing to invent), and a title
    # in Swedish only is enough from /sv/.
    response = client.post(
        url,
        {
            "title_sv": "Icke-brådskande vård inom lagstadgad tid",
            "kind": "statutory",
            "side": "organiser",
        },
    )
    assert response.status_code == 302
    unreferenced = Commitment.objects.get(title_sv="Icke-brådskande vård inom lagstadgad tid")
    assert unreferenced.kind == "statutory"
    assert not any([unreferenced.legal_reference_fi, unreferenced.legal_reference_sv])
    assert not unreferenced.title_fi  # nothing written into the language not typed
    response = client.post(
        url,
        {
            "title_fi": "Kiireetön hoito lakisääteisessä ajassa",
            "title_sv": "Icke-brådskande vård inom lagstadgad tid",
            "kind": "statutory",
            "side": "organiser",
            "legal_reference_fi": "Terveydenhuoltolaki 51 §",
            "legal_reference_sv": "Hälso- och sjukvårdslagen 51 §",
            "perspectives": ["access"],
        },
    )
    assert response.status_code == 302
    # A pending indicator needs a document and a reason; its date is optional.
    half = {
        "title_fi": "Asukaspalaute käsitellään",
        "kind": "own",
        "side": "resident",
        "perspectives": ["quality"],
        "strategy_goals": [tree["1.2"].pk],
        "indicator_pending_document_fi": "toimintasuunnitelma 2026",
    }
    assert client.post(url, half).status_code == 400
    assert client.post(url, half | {"indicator_pending_by": "2026-03-31"}).status_code == 400
    assert not Commitment.objects.filter(title_fi="Asukaspalaute käsitellään").exists()
    full = half | {"indicator_pending_reason_fi": "Palautejärjestelmä uusitaan."}
    assert client.post(url, full).status_code == 302
    pending = Commitment.objects.get(title_fi="Asukaspalaute käsitellään")
    assert pending.indicator_pending
    assert pending.indicator_pending_by is None
    # The pending one is not "empty": it says where and why; the statutory one needs no goal.
    from promises.selectors import commitment_problems

    commitments = list(empty_promise.commitments.prefetch_related("strategy_goals"))
    problems = commitment_problems(commitments)
    assert problems[pending.pk] == []
    statutory = next(c for c in commitments if c.kind == "statutory")
    assert "no strategy goal" not in problems[statutory.pk]
    assert problems[cross.pk]  # no indicator and no dated reason: still blocks


# -- the public page and the decision document ---------------------------------------------


def city_promise(project, users, tree):
    """An organiser-only city promise: three commitments in the tree, one cross-cutting,
    one statutory standard, one with a pending indicator."""
    by = users[Role.PREPARER]
    promise = services.promise_create(
        project=project,
        title={"fi": "Kaikki kaupunkilaiset", "sv": "Alla stadsbor"},
        vision={"fi": "Hyvä arki kaikille.", "sv": "En god vardag för alla."},
        by=by,
    )
    items = [
        ("Hoitoon pääsee viikossa", "Vård inom en vecka", ["access"], [tree["1.1.1"]], {}),
        (
            "Ajanvaraus verkossa",
            "Tidsbokning på nätet",
            ["accessibility", "quality"],
            [tree["1.1.1.1"]],
            {},
        ),
        ("Asukasraadit joka alueella", "Invånarråd i varje område", ["quality"], [tree["1.2"]], {}),
        (
            "Kustannukset kasvavat hallitusti",
            "Kostnaderna växer kontrollerat",
            [],
            [tree["2.1"]],
            {},
        ),
        (
            "Kiireetön hoito lakisääteisessä ajassa",
            "Icke-brådskande vård inom lagstadgad tid",
            ["access"],
            [],
            {
                "kind": "statutory",
                "legal_reference": {"fi": "Terveydenhuoltolaki 51 §", "sv": "HSL 51 §"},
            },
        ),
        (
            "Palaute vastataan",
            "Respons besvaras",
            ["effectiveness"],
            [],
            {
                "pending_document": {
                    "fi": "toimintasuunnitelma 2026",
                    "sv": "verksamhetsplanen 2026",
                },
                "pending_by": datetime.date(2026, 3, 31),
                "pending_reason": {"fi": "Mittari sovitaan.", "sv": "Mätaren avtalas."},
            },
        ),
    ]
    for fi, sv, perspectives, goals, extra in items:
        services.commitment_create(
            promise=promise,
            perspective=perspectives[0] if perspectives else "",
            other_perspectives=perspectives[1:],
            title={"fi": fi, "sv": sv},
            description={},
            strategy_goals=goals,
            by=by,
            **extra,
        )
    return promise


def approve_city(project, users, tree):
    """The promise of a city (its words: stadsfullmäktige, "Staden gav inga löften…"),
    approved with its Swedish PDF: (project, decision, version). Used once per module by
    test_strategy_tree_approved.py."""
    Region.objects.filter(pk=project.region_id).update(kind=Region.Kind.CITY)
    project.region.refresh_from_db()
    promise = city_promise(project, users, tree)
    version = support.freeze(promise, by=users[Role.PREPARER])
    project = support.set_phase(project, 4)
    from promises.decision import services as decision_services

    decision_services.package_update(
        project=project,
        by=users[Role.PREPARER],
        lock_version=1,
        versions={promise.pk: version},
        texts=support.PACKAGE_TEXTS,
        channels=["web"],
    )
    decision = support.approve(project, users, languages=("sv",))
    return project, decision, version


def test_vision_slogan_and_intended_outcomes_per_language(client, users, empty_promise):
    from promises.decision.selectors import promise_view
    from promises.snapshot import build_snapshot

    project = empty_promise.project
    client.force_login(users[Role.PREPARER])
    with translation.override("sv"):
        url = reverse(
            "promises:promise_edit",
            kwargs={
                "region": project.region.slug,
                "project": project.pk,
                "promise": empty_promise.pk,
            },
        )
    response = client.post(
        url,
        {
            "lock_version": empty_promise.lock_version,
            "title_fi": "Kaikki kaupunkilaiset",
            "title_sv": "Alla stadsbor",
            "slogan_fi": "Yhdessä arjessa",
            "slogan_sv": "Tillsammans i vardagen",
            "vision_fi": "Hyvä arki kaikille.",
            "outcomes_fi": "- Terveyserot kapenevat",
            "outcomes_sv": "- Hälsoskillnaderna minskar",
        },
    )
    assert response.status_code == 302
    view = promise_view(build_snapshot(empty_promise), "sv")
    assert str(view["slogan"]) == "Tillsammans i vardagen"
    assert "Hälsoskillnaderna minskar" in str(view["outcomes"])
    assert "Terveyserot" not in str(view["outcomes"])


def test_version_compare_and_detail_show_a_cross_cutting_commitment(
    client, users, tree, empty_promise
):
    from promises.diff import compare_snapshots
    from promises.snapshot import build_snapshot

    before = build_snapshot(empty_promise)
    services.commitment_create(
        promise=empty_promise,
        perspective="",
        title={"fi": "Kustannukset hallintaan", "sv": "Kostnaderna under kontroll"},
        description={},
        strategy_goals=[tree["2.1"]],
        by=None,
    )
    after = build_snapshot(empty_promise)
    from django.utils import translation

    with translation.override("sv"):  # the headings are in the interface language
        sections = compare_snapshots(before, after, "sv")
        rows = [(s.title, r.status) for s in sections for r in s.rows if r.status == "added"]
    assert rows and all(title == "Tvärgående" for title, _status in rows)
    version = services.version_freeze(promise=empty_promise, by=None, kind="working")
    client.force_login(users[Role.PREPARER])
    project = empty_promise.project
    with translation.override("sv"):
        url = reverse(
            "promises:version_detail",
            kwargs={
                "region": project.region.slug,
                "project": project.pk,
                "promise": empty_promise.pk,
                "version": version.pk,
            },
        )
    assert "Kostnaderna under kontroll" in client.get(url).content.decode()


def spreadsheet(rows) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, region, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        strategy_url(region, "promises:strategy_import"),
        {
            "kind": "service",
            "language": "fi",
            "levels": [1, 2, 3, 4],
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_strategy_from_a_spreadsheet_by_columns_or_codes(client, region, users):
    client.force_login(users[Role.PREPARER])
    rows = [
        ("Nimi", None, None),
        ("Hyvä arki", None, None),
        (None, "Palvelut lähellä", None),
        (None, None, "Hoitoon nopeasti"),
        ("Kestävä talous", None, None),
    ]
    assert upload(client, region, "strategia.xlsx", spreadsheet(rows)).status_code == 302
    goal = StrategyGoal.objects.get(region=region, title_fi="Hoitoon nopeasti")
    assert goal.level == StrategyGoal.Level.GOAL
    assert goal.parent.title_fi == "Palvelut lähellä"
    assert goal.parent.parent.title_fi == "Hyvä arki"
    csv = "Koodi;Nimi\n1;Asukas\n1.1;Osallisuus\n2;Kestävä talous\n".encode()
    assert upload(client, region, "strategia.csv", csv).status_code == 302
    assert StrategyGoal.objects.get(region=region, code="1.1").parent.code == "1"


def test_a_bad_spreadsheet_row_is_named_and_nothing_is_written(client, region, users):
    client.force_login(users[Role.PREPARER])
    rows = [("Hyvä arki", None, None), (None, None, "Liian syvällä")]
    response = upload(client, region, "strategia.xlsx", spreadsheet(rows))
    assert response.status_code == 400
    assert "Rivi 2" in response.content.decode()
    assert not StrategyGoal.objects.filter(region=region).exists()
    response = upload(client, region, "strategia.xlsx", b"PK\x03\x04 not a workbook")
    assert response.status_code == 400
    assert not StrategyGoal.objects.filter(region=region).exists()


def test_strategy_page_uses_a_constant_number_of_queries(client, region, users):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(users[Role.PREPARER])
    paste(client, region, OUTLINE)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(strategy_url(region)).status_code == 200
        return len(ctx.captured_queries)

    small = count()
    paste(client, region, OUTLINE.replace("1", "3").replace("2", "4"))
    assert StrategyGoal.objects.filter(region=region).count() == 14
    assert count() == small


# -- a node is classified by the person writing it (issue 25, item 4) -------------------


def _new_node_form(html):
    return html.split('id="new-goal"')[1].split("</form>")[0]


def _selected(form_html, name):
    select = form_html.split(f'name="{name}"')[1].split("</select>")[0]
    return re.findall(r'<option value="([^"]*)"[^>]*selected', select)


def test_the_new_node_form_comes_with_no_source_or_level_chosen(client, region, users):
    client.force_login(users[Role.PREPARER])
    form = _new_node_form(client.get(strategy_url(region, language="sv")).content.decode())
    assert _selected(form, "kind") in ([], [""])
    assert _selected(form, "level") in ([], [""])
    # Saving without choosing: told what to choose, in Swedish, and nothing is stored.
    response = client.post(
        strategy_url(region, language="sv"), {"title_sv": "Tryggt vardagsliv", "code": "X 1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Välj nodens källa." in html and "Välj nodens nivå." in html
    assert "Tryggt vardagsliv" in html  # what was typed is kept
    assert not StrategyGoal.objects.filter(region=region, code="X 1").exists()
    # Chosen explicitly, it saves as chosen.
    response = client.post(
        strategy_url(region, language="sv"),
        {"title_sv": "Tryggt vardagsliv", "code": "X 1", "kind": "service", "level": "1"},
    )
    assert response.status_code == 302
    node = StrategyGoal.objects.get(region=region, code="X 1")
    assert (node.kind, node.level) == ("service", StrategyGoal.Level.THEME)


def test_a_page_opened_under_a_node_preselects_it(client, region, users):
    client.force_login(users[Role.PREPARER])
    paste(client, region, OUTLINE)
    area = StrategyGoal.objects.get(region=region, code="1.1")
    html = client.get(strategy_url(region)).content.decode()
    assert f'href="?parent={area.pk}#new-goal"' in html  # "add a node under this"
    form = _new_node_form(client.get(strategy_url(region) + f"?parent={area.pk}").content.decode())
    assert _selected(form, "parent") == [str(area.pk)]
    assert _selected(form, "kind") == [area.kind]
    assert _selected(form, "level") == [str(StrategyGoal.Level.GOAL.value)]
    # Nonsense or a means (nothing goes under it) preselects nothing.
    means = StrategyGoal.objects.get(region=region, code="1.1.1.1")
    for query in ("?parent=abc", f"?parent={means.pk}", "?parent=99999999"):
        form = _new_node_form(client.get(strategy_url(region) + query).content.decode())
        assert _selected(form, "parent") in ([], [""]), query
        assert _selected(form, "kind") in ([], [""]), query
