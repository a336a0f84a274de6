"""The editor's pages: every page in fi, sv and en, permissions (viewer 403 on writes,
stranger 404), forms that keep input, the conflict page, missing translations flagged,
and a constant number of queries on the editor page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from phases.roles import Role
from promises import services
from promises.models import Commitment, PromiseStatement, PromiseVersion, StrategyGoal

from .factories import cell, filled_promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(project):
    promise = filled_promise(project, statements_per_cell=2)
    services.version_freeze(promise=promise, by=None, kind="for_comments", label={"fi": "Eka"})
    services.version_freeze(promise=promise, by=None, kind="revised", label={"fi": "Toka"})
    return promise


def page_urls(promise, lang="fi"):
    project = promise.project
    kw = {"region": project.region.slug, "project": project.pk}
    pk = {**kw, "promise": promise.pk}
    statement = PromiseStatement.objects.filter(cell__promise=promise).first()
    commitment = promise.commitments.first()
    version = promise.versions.order_by("number").first()
    goal = StrategyGoal.objects.filter(region=project.region).first()
    with translation.override(lang):
        return {
            "strategy": reverse("promises:strategy", kwargs={"region": project.region.slug}),
            "strategy_edit": reverse(
                "promises:strategy_edit", kwargs={"region": project.region.slug, "goal": goal.pk}
            ),
            "list": reverse("promises:promise_list", kwargs=kw),
            "editor": reverse("promises:editor", kwargs=pk),
            "perspective": reverse(
                "promises:editor_perspective", kwargs={**pk, "perspective": "access"}
            ),
            "promise_edit": reverse("promises:promise_edit", kwargs=pk),
            "cell_edit": reverse("promises:cell_edit", kwargs={**pk, "cell": cell(promise).pk}),
            "statement_add": reverse(
                "promises:statement_add", kwargs={**pk, "cell": cell(promise).pk}
            ),
            "statement_edit": reverse(
                "promises:statement_edit", kwargs={**pk, "statement": statement.pk}
            ),
            "commitment_add": reverse("promises:commitment_add", kwargs=pk),
            "commitment_edit": reverse(
                "promises:commitment_edit", kwargs={**pk, "commitment": commitment.pk}
            ),
            "finalisation": reverse("promises:finalisation", kwargs=pk),
            "versions": reverse("promises:versions", kwargs=pk),
            "version_detail": reverse(
                "promises:version_detail", kwargs={**pk, "version": version.pk if version else 0}
            ),
            "compare": reverse("promises:compare", kwargs=pk),
            "wheel": reverse("promises:wheel", kwargs=pk),
            "history": reverse("promises:promise_history", kwargs=pk),
            "dashboard": reverse("phases:project_phase", kwargs={**kw, "phase": 3}),
        }


READ_PAGES = [
    "strategy",
    "list",
    "editor",
    "perspective",
    "finalisation",
    "versions",
    "version_detail",
    "compare",
    "wheel",
    "history",
    "dashboard",
]
EDIT_PAGES = [
    "promise_edit",
    "cell_edit",
    "statement_add",
    "statement_edit",
    "commitment_add",
    "commitment_edit",
]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_renders_in_every_language(client, promise, users, lang):
    client.force_login(users[Role.PREPARER])
    urls = page_urls(promise, lang)
    for name in READ_PAGES + EDIT_PAGES + ["strategy_edit"]:
        response = client.get(urls[name])
        assert response.status_code == 200, (name, lang)
        assert f'<html lang="{lang}">' in response.content.decode(), name
    for view in ("whole", "resident", "organiser"):
        assert client.get(urls["wheel"] + f"?view={view}").status_code == 200


def test_pages_speak_the_chosen_language(client, promise, users):
    client.force_login(users[Role.PREPARER])
    fi = client.get(page_urls(promise, "fi")["perspective"]).content.decode()
    sv = client.get(page_urls(promise, "sv")["perspective"]).content.decode()
    assert "Saatavuus" in fi and "Sitoumukset" in fi
    assert "Tillgång" in sv and "Åtaganden" in sv


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_member_reads_every_page(client, promise, users, role):
    client.force_login(users[role])
    urls = page_urls(promise)
    for name in READ_PAGES:
        assert client.get(urls[name]).status_code == 200, name


def test_stranger_gets_404_everywhere(client, promise, users):
    client.force_login(users["stranger"])
    urls = page_urls(promise)
    for name in READ_PAGES + EDIT_PAGES + ["strategy_edit"]:
        if name == "dashboard":
            continue
        assert client.get(urls[name]).status_code == 404, name
        assert client.post(urls[name], {}).status_code == 404, name


def test_viewer_gets_403_on_every_write(client, promise, users):
    client.force_login(users[Role.VIEWER])
    urls = page_urls(promise)
    statement = PromiseStatement.objects.filter(cell__promise=promise).first()
    commitment = promise.commitments.first()
    writes = [urls[name] for name in EDIT_PAGES] + [
        urls["list"],
        urls["finalisation"],
        urls["versions"],
        urls["strategy"],
        urls["strategy_edit"],
        urls["statement_edit"] + "delete/",
        urls["statement_edit"] + "move/",
        urls["commitment_edit"] + "delete/",
        reverse(
            "promises:strategy_active",
            kwargs={
                "region": promise.project.region.slug,
                "goal": commitment.strategy_goals.first().pk,
            },
        ),
    ]
    count = PromiseVersion.objects.count()
    for url in writes:
        assert client.post(url, {"lock_version": 1, "text_fi": "x"}).status_code == 403, url
    for name in EDIT_PAGES:
        assert client.get(urls[name]).status_code == 403, name
    assert PromiseStatement.objects.filter(pk=statement.pk).exists()
    assert Commitment.objects.filter(pk=commitment.pk).exists()
    assert PromiseVersion.objects.count() == count


def test_working_group_member_edits_but_does_not_manage_strategy(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    urls = page_urls(promise)
    target = cell(promise)
    response = client.post(
        urls["cell_edit"],
        {"lock_version": target.lock_version, "goal_fi": "Uusi", "goal_sv": "Ny"},
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.goal_fi, target.goal_sv) == ("Uusi", "Ny")
    assert client.post(urls["strategy"], {"kind": "regional", "title_fi": "x"}).status_code == 403


def test_create_promise_and_strategy_goal(client, project, users, region):
    client.force_login(users[Role.PREPARER])
    strategy_url = reverse("promises:strategy", kwargs={"region": region.slug})
    response = client.post(
        strategy_url,
        {
            "kind": "service",
            "level": "3",
            "code": "PS 1",
            "title_fi": "Digi ensin",
            "title_sv": "Digitalt först",
        },
    )
    assert response.status_code == 302
    goal = StrategyGoal.objects.get(region=region, code="PS 1")
    assert goal.title_sv == "Digitalt först"
    client.post(
        reverse("promises:strategy_active", kwargs={"region": region.slug, "goal": goal.pk}),
        {"active": "0"},
    )
    goal.refresh_from_db()
    assert not goal.active

    list_url = reverse(
        "promises:promise_list", kwargs={"region": region.slug, "project": project.pk}
    )
    response = client.post(list_url, {"title_fi": "Lapset ja nuoret", "title_sv": "Barn och unga"})
    assert response.status_code == 302
    promise = project.promises.get()
    assert promise.cells.count() == 10 and promise.finalisation.count() == 5


def test_bilingual_region_saves_a_goal_in_one_language_and_refuses_none(client, region, users):
    """Drafting in either of the region's languages (issue 25): Finnish alone saves, the
    Swedish follows later; no title in any of them is refused, keeping what was typed."""
    client.force_login(users[Role.PREPARER])
    url = reverse("promises:strategy", kwargs={"region": region.slug})
    response = client.post(
        url, {"kind": "regional", "level": "3", "code": "AS 9", "title_fi": "Vain suomeksi"}
    )
    assert response.status_code == 302
    goal = StrategyGoal.objects.get(code="AS 9")
    assert goal.title_fi == "Vain suomeksi" and not goal.title_sv  # not sent: nothing stored
    response = client.post(
        url,
        {"kind": "regional", "level": "3", "code": "AS 10", "description_fi": "Kuvaus ilman nimeä"},
    )
    assert response.status_code == 400
    assert "Kuvaus ilman nimeä" in response.content.decode()
    assert not StrategyGoal.objects.filter(code="AS 10").exists()


def test_commitment_without_strategy_goal_is_refused_and_keeps_input(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    url = page_urls(promise)["commitment_add"]
    response = client.post(
        url,
        {"perspective": "quality", "title_fi": "Vastaamme viikossa", "responsible_fi": "Yksikkö"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vastaamme viikossa" in html
    assert not promise.commitments.filter(title_fi="Vastaamme viikossa").exists()


def test_add_edit_move_and_delete_statement_through_the_pages(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    urls = page_urls(promise)
    target = cell(promise)
    response = client.post(urls["statement_add"], {"text_fi": "Uusi lause", "text_sv": ""})
    assert response.status_code == 302
    new = target.statements.get(text_fi="Uusi lause")
    assert list(target.statements.order_by("order").values_list("pk", flat=True))[-1] == new.pk
    base = urls["statement_edit"].rsplit("/", 2)[0]
    client.post(f"{base}/{new.pk}/move/", {"direction": "up"})
    assert list(target.statements.order_by("order").values_list("pk", flat=True))[-2] == new.pk
    response = client.post(
        f"{base}/{new.pk}/", {"lock_version": new.lock_version, "text_fi": "Korjattu"}
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.text_fi == "Korjattu"
    client.post(f"{base}/{new.pk}/delete/", {"lock_version": new.lock_version})
    assert not PromiseStatement.objects.filter(pk=new.pk).exists()
    # An empty statement is refused with a message; a too long one keeps what was typed.
    response = client.post(urls["statement_add"], {"text_fi": "  ", "text_sv": ""})
    assert response.status_code == 400
    long_text = "Pitkä lause " * 200
    response = client.post(urls["statement_add"], {"text_fi": "Lyhyt", "text_sv": long_text})
    assert response.status_code == 400
    assert "Lyhyt" in response.content.decode()


def test_concurrent_edit_shows_both_texts_and_keep_mine_saves(client, promise, users):
    urls = page_urls(promise)
    target = cell(promise)
    start = target.lock_version
    client.force_login(users[Role.PREPARER])
    first = client.post(urls["cell_edit"], {"lock_version": start, "goal_fi": "Valmistelijan"})
    assert first.status_code == 302
    client.force_login(users[Role.WORKING_GROUP])
    second = client.post(urls["cell_edit"], {"lock_version": start, "goal_fi": "Työryhmän"})
    assert second.status_code == 409
    html = second.content.decode()
    assert "Valmistelijan" in html and "Työryhmän" in html
    target.refresh_from_db()
    assert target.goal_fi == "Valmistelijan"
    # "Keep mine": the conflict page posts again from the current version.
    assert f'name="lock_version" value="{target.lock_version}"' in html
    third = client.post(
        urls["cell_edit"], {"lock_version": target.lock_version, "goal_fi": "Työryhmän"}
    )
    assert third.status_code == 302
    target.refresh_from_db()
    assert target.goal_fi == "Työryhmän"


def test_commitment_conflict_is_detected(client, promise, users):
    urls = page_urls(promise)
    commitment = promise.commitments.first()
    goal = commitment.strategy_goals.first()
    data = {
        "lock_version": commitment.lock_version,
        "perspective": commitment.perspective,
        "title_fi": "Ensimmäinen",
        "strategy_goals": [goal.pk],
    }
    client.force_login(users[Role.PREPARER])
    assert client.post(urls["commitment_edit"], data).status_code == 302
    data["title_fi"] = "Toinen"
    response = client.post(urls["commitment_edit"], data)
    assert response.status_code == 409
    commitment.refresh_from_db()
    assert commitment.title_fi == "Ensimmäinen"


def test_missing_swedish_translation_is_flagged_in_a_bilingual_region(client, project, users):
    promise = filled_promise(project, statements_per_cell=1)
    target = cell(promise)
    services.cell_update(
        cell=target,
        lock_version=target.lock_version,
        goal={"fi": "Vain suomeksi kirjoitettu tavoite", "sv": ""},
        by=None,
    )
    client.force_login(users[Role.VIEWER])
    with translation.override("fi"):
        html = client.get(page_urls(promise)["perspective"]).content.decode()
    assert "Vain suomeksi kirjoitettu tavoite" in html
    assert "missing-translation" in html
    assert "1 käännös puuttuu" in html or "1 missing translation" in html
    project.region.languages = "fi"
    project.region.save()
    html = client.get(page_urls(promise)["perspective"]).content.decode()
    assert "missing-translation" not in html


@pytest.mark.parametrize("per_cell", [5, 50])
def test_editor_query_count_does_not_grow_with_statements(
    client, project, users, per_cell, django_assert_max_num_queries
):
    promise = filled_promise(project, statements_per_cell=per_cell, commitments_per_perspective=3)
    client.force_login(users[Role.WORKING_GROUP])
    url = page_urls(promise)["perspective"]
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    # One perspective per page: both sides' statements, each in Finnish and Swedish.
    assert response.content.decode().count('-text_sv"') >= per_cell * 2
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        client.get(url)
    test_editor_query_count_does_not_grow_with_statements.counts[per_cell] = len(
        ctx.captured_queries
    )
    counts = test_editor_query_count_does_not_grow_with_statements.counts
    if len(counts) == 2:
        assert counts[5] == counts[50], counts
    assert len(ctx.captured_queries) <= 30


test_editor_query_count_does_not_grow_with_statements.counts = {}


def test_list_and_dashboard_queries_are_constant(
    client, project, users, django_assert_max_num_queries
):
    filled_promise(project, statements_per_cell=1)
    client.force_login(users[Role.PREPARER])
    urls = {
        "list": reverse(
            "promises:promise_list",
            kwargs={"region": project.region.slug, "project": project.pk},
        ),
    }
    with CaptureQueriesContext(connection) as small:
        client.get(urls["list"])
    for n in range(4):
        filled_promise(project, statements_per_cell=3, title={"fi": f"Ryhmä {n}"})
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(urls["list"])


def test_history_page_shows_the_editor(client, promise, users):
    client.force_login(users[Role.WORKING_GROUP])
    urls = page_urls(promise)
    target = cell(promise)
    client.post(urls["cell_edit"], {"lock_version": target.lock_version, "goal_sv": "Nytt"})
    html = client.get(urls["history"]).content.decode()
    assert users[Role.WORKING_GROUP].get_full_name() in html


def test_version_saved_from_the_page_and_compare_shows_changes(client, promise, users):
    client.force_login(users[Role.PREPARER])
    urls = page_urls(promise)
    target = cell(promise)
    client.post(
        urls["cell_edit"], {"lock_version": target.lock_version, "goal_fi": "Muutettu tavoite"}
    )
    response = client.post(urls["versions"], {"kind": "final", "label_fi": "Valtuustolle"})
    assert response.status_code == 302
    latest = promise.versions.order_by("-number").first()
    assert (latest.number, latest.kind, latest.label) == (3, "final", "Valtuustolle")
    first = promise.versions.get(number=1)
    html = client.get(
        urls["compare"], {"a": first.pk, "b": latest.pk, "lang": "fi"}
    ).content.decode()
    assert "<ins>" in html and "Muutettu" in html
