"""Text analysis of a round: real Voikko and Snowball (no mocks), themes, suggestions,
near-duplicates, bulk answers of a theme or group, the stored result in constant queries."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from sklearn.metrics import adjusted_rand_score

from participation import registrations
from participation.models import Comment, CommentInsight, Input, TextAnalysis, Theme
from participation.text.language import METHOD_STEMMING, METHOD_VOIKKO, Analyzer
from participation.text.services import analyse_round
from participation.text.suggest import Example, Suggester
from participation.text.themes import Doc, bridge_pairs, find_themes

from .factories import make_comments, make_round

HOME_CARE = [
    ("fi", "Kotihoidossa käy joka päivä eri hoitaja."),
    ("fi", "Kotihoitoon toivotaan samaa hoitajaa."),
    ("fi", "Kotihoidon hoitajilla on liian kiire."),
    ("sv", "Hemvården skickar en ny vårdare varje dag."),
    ("sv", "Samma vårdare i hemvården vore tryggare."),
]
DENTAL = [
    ("fi", "Hammaslääkäriin pääsee vasta puolen vuoden päästä."),
    ("fi", "Hammashoidon jonot ovat liian pitkät."),
    ("fi", "Hammaslääkärille pitää päästä nopeammin."),
    ("sv", "Det tar ett halvt år att få tid hos tandläkaren."),
    ("sv", "Köerna till tandläkaren är för långa."),
]
PHONE = [
    ("fi", "Puhelimeen ei vastata ja takaisinsoitto kestää päiviä."),
    ("fi", "Puhelimessa odotin tunnin ennen kuin kukaan vastasi."),
    ("fi", "Takaisinsoitto puhelimeen tuli liian myöhään."),
    ("sv", "Ingen svarar i telefonen."),
    ("sv", "Återuppringningen via telefonen dröjer i dagar."),
]

pytestmark = pytest.mark.django_db


def url(name, project, round, **extra):
    return reverse(
        f"participation:{name}",
        kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk, **extra},
    )


# -- words ----------------------------------------------------------------------------


def test_finnish_lemmas_with_voikko():
    tool = Analyzer()
    assert tool.method == METHOD_VOIKKO
    assert tool.lemma("terveysasemalle", "fi") == "terveysasema"
    assert tool.lemma("terveysasemien", "fi") == "terveysasema"
    assert tool.lemma("jonoissa", "fi") == "jono"
    terms = tool.terms("Lääkäreitä on liian vähän terveysasemilla, ja jonot ovat pitkiä.", "fi")
    assert "fi:lääkäri" in terms and "fi:terveysasema" in terms and "fi:jono" in terms
    assert "fi:olla" not in terms and "fi:ja" not in terms  # stop words


def test_swedish_snowball_stems():
    tool = Analyzer()
    assert tool.lemma("hälsocentralen", "sv") == tool.lemma("hälsocentraler", "sv")
    assert tool.lemma("väntetiderna", "sv") == "väntetid"
    terms = tool.terms("Väntetiderna till hälsocentralen är för långa och det är inte bra.", "sv")
    assert "sv:väntetid" in terms and "sv:hälsocentral" in terms
    assert not {"sv:är", "sv:och", "sv:det", "sv:inte"} & set(terms)


def test_fallback_to_stemming_without_voikko():
    """Voikko with no Finnish dictionary for the language asked (the real library's own
    error): Finnish is stemmed by Snowball instead, and the analyser says so."""
    tool = Analyzer("fi-x-no-such-dictionary")
    assert tool.method == METHOD_STEMMING
    assert tool.lemma("terveysasemalle", "fi") == tool.lemma("terveysasemien", "fi")
    assert tool.lemma("terveysasemalle", "fi") != "terveysasemalle"


def test_fallback_is_said_on_the_themes_page(login, project, preparer, settings):
    settings.TEXT_ANALYSIS_VOIKKO_LANGUAGE = "fi-x-no-such-dictionary"
    round = make_round(project)
    make_comments(round, 10)
    client = login(preparer)
    client.post(url("themes", project, round), {"recompute": "1"})
    assert TextAnalysis.objects.get(round=round).method == "stemming"
    page = client.get(url("themes", project, round)).content.decode()
    assert "Voikko (the Finnish lemmatiser) is not installed" in page


# -- themes, duplicates, suggestions (no database) ------------------------------------


def test_themes_on_a_small_set_group_finnish_and_swedish_together():
    rows = HOME_CARE + DENTAL + PHONE
    truth = [0] * 5 + [1] * 5 + [2] * 5
    docs = [Doc(i, text, lang) for i, (lang, text) in enumerate(rows)]
    result = find_themes(docs, bridge=bridge_pairs(None))
    assert len(result.themes) == 3
    assert adjusted_rand_score(truth, result.labels) == 1.0
    named = {result.labels[0]: "home", result.labels[5]: "dental"}
    home = result.themes[[k for k, v in named.items() if v == "home"][0]]
    assert "kotihoito" in home.terms["fi"] and "hemvård" in home.terms["sv"]


def test_the_same_responses_give_the_same_themes_also_beyond_the_sample():
    """Restarts and the LSA are fitted on a seeded sample above SAMPLE responses; the same
    input still gives the same themes, names and grouping (a fresh analyser each time)."""
    from participation.text.themes import SAMPLE

    rows = (HOME_CARE + DENTAL + PHONE) * (SAMPLE // 15 + 2)
    truth = [i % 15 // 5 for i in range(len(rows))]
    docs = [Doc(i, text, lang) for i, (lang, text) in enumerate(rows)]
    first = find_themes(docs, bridge=bridge_pairs(None), tool=Analyzer(), k=3)
    second = find_themes(docs, bridge=bridge_pairs(None), tool=Analyzer(), k=3)
    assert len(docs) > SAMPLE
    assert first.labels.tolist() == second.labels.tolist()
    assert [t.names for t in first.themes] == [t.names for t in second.themes]
    assert adjusted_rand_score(truth, first.labels) == 1.0


def test_the_dictionary_alone_joins_the_languages_and_without_any_bridge_they_stay_apart(
    monkeypatch, settings, tmp_path
):
    """With neither glossary, the general dictionary (Debian's FreeDict fi-sv, read from
    /usr/share/dictd) still writes "hemvård", "tandläkare" and "telefon" as their Finnish
    words, and each Swedish comment joins the Finnish ones of its topic; with no bridge at
    all the languages stay apart: the guard."""
    from participation.text import themes

    rows = HOME_CARE + DENTAL + PHONE
    truth = [0] * 5 + [1] * 5 + [2] * 5
    docs = [Doc(i, text, lang) for i, (lang, text) in enumerate(rows)]
    monkeypatch.setattr(themes, "GENERAL_PAIRS", [])
    result = find_themes(docs, k=3)
    assert adjusted_rand_score(truth, result.labels) == 1.0
    settings.TEXT_ANALYSIS_DICTD = str(tmp_path)  # a server without the dictionary's files
    result = find_themes(docs, k=3)
    assert adjusted_rand_score(truth, result.labels) < 1.0


CHILD_CLINIC = [
    ("fi", "Neuvolan terveydenhoitaja vaihtuu joka käynnillä, vauvan asiat kerrotaan alusta."),
    ("fi", "Lastenneuvolaan ei saa aikaa, vauva on jo kolmen kuukauden ikäinen."),
    ("fi", "Neuvolassa kuunneltiin vanhempaa ja vauvan painoa seurattiin hyvin."),
    ("sv", "Rådgivningen byter hälsovårdare hela tiden, bebisen har träffat fem olika."),
    ("sv", "Barnrådgivningen har inga tider, vår bebis väntar på sin kontroll."),
]
AMBULANCE = [
    ("fi", "Ambulanssi tuli kylälle vasta tunnin päästä, kun isä kaatui."),
    ("fi", "Ensihoidon ambulanssi on kaukana, hätänumeroon soittaminen pelottaa."),
    ("fi", "Ambulanssin asemapaikka pitää säilyttää, sairaalaan on pitkä matka."),
    ("sv", "Ambulansen kom efter en timme, nödnumret svarade att den var långt borta."),
    ("sv", "Vi behöver en ambulans i kommunen, det är långt till sjukhuset."),
]


def test_the_general_glossary_joins_both_languages_of_a_theme(monkeypatch, settings, tmp_path):
    """Child clinics ("neuvola" / "rådgivning", "vauva" / "bebis") are in the general
    vocabulary of the services, not the first glossary: with it the Swedish comments land
    with the Finnish ones; without it they do not (the general dictionary, which also
    knows them, left out here)."""
    from participation.text import themes

    settings.TEXT_ANALYSIS_DICTD = str(tmp_path)  # a server without the dictionary's files
    rows = CHILD_CLINIC + AMBULANCE + DENTAL
    truth = [0] * 5 + [1] * 5 + [2] * 5
    docs = [Doc(i, text, lang) for i, (lang, text) in enumerate(rows)]
    result = find_themes(docs, bridge=bridge_pairs(None), k=3)
    assert adjusted_rand_score(truth, result.labels) == 1.0
    monkeypatch.setattr(themes, "GENERAL_PAIRS", [])
    result = find_themes(docs, bridge=bridge_pairs(None), k=3)
    assert adjusted_rand_score(truth, result.labels) < 1.0


def test_one_swedish_response_among_finnish_ones_keeps_its_place():
    """Each language's mean is subtracted only when it has several responses: a lone
    Swedish comment would otherwise become a zero vector, with no theme of its own."""
    rows = HOME_CARE[:3] + DENTAL[:3] + PHONE[:3] + CHILD_CLINIC[:3] + AMBULANCE[:3]
    rows = [r for r in rows if r[0] == "fi"] + [("sv", "Tandläkaren har inga tider alls.")]
    docs = [Doc(i, text, lang) for i, (lang, text) in enumerate(rows)]
    result = find_themes(docs, bridge=bridge_pairs(None), k=4)
    lone = len(rows) - 1
    assert result.labels[lone] >= 0 and result.centrality[lone] > 0.2


def test_near_duplicates_are_found():
    rows = [
        ("fi", "Rantakylän terveysasema on säilytettävä!"),
        ("fi", "Rantakylän terveysasema on säilytettävä."),
        ("fi", "RANTAKYLÄN TERVEYSASEMA ON SÄILYTETTÄVÄ"),
        ("fi", "Rantakylän terveysasema on ehdottomasti säilytettävä!"),
        *HOME_CARE,
    ]
    docs = [Doc(i, text, lang) for i, (lang, text) in enumerate(rows)]
    result = find_themes(docs)
    assert {i: result.duplicate_of.get(i) for i in range(4)} == {0: 0, 1: 0, 2: 0, 3: 0}
    assert not any(i in result.duplicate_of for i in range(4, len(rows)))


# Six tagged comments, fi and sv, two perspectives (also test_text_vectors.py's)
TAGGED = [
    Example("Kotihoidon hoitajat vaihtuvat koko ajan.", "fi", "quality"),
    Example("Samaa hoitajaa toivotaan kotihoitoon.", "fi", "quality"),
    Example("I hemvården byts vårdarna hela tiden.", "sv", "quality"),
    Example("Lääkäriin pääsee vasta kuukauden päästä.", "fi", "access"),
    Example("Jonot lääkärille ovat liian pitkät.", "fi", "access"),
    Example("Köerna till läkaren är för långa.", "sv", "access"),
]


def test_suggestions_are_learnt_from_tags():
    model = Suggester(bridge=bridge_pairs(None)).fit(TAGGED)
    home, doctor, swedish = model.suggest(
        [
            ("Kotihoidossa käy eri hoitaja joka päivä.", "fi"),
            ("Lääkärijonot ovat kohtuuttomia.", "fi"),
            ("Samma vårdare i hemvården, tack.", "sv"),
        ]
    )
    assert (home.perspective, doctor.perspective, swedish.perspective) == (
        "quality",
        "access",
        "quality",
    )
    # with the labels swapped the same texts get the other perspective: it is learnt
    swapped = [
        Example(e.text, e.language, "access" if e.perspective == "quality" else "quality")
        for e in TAGGED
    ]
    home, _doctor, _sv = (
        Suggester(bridge=bridge_pairs(None))
        .fit(swapped)
        .suggest([("Kotihoidossa käy eri hoitaja joka päivä.", "fi")] * 3)
    )
    assert home.perspective == "access"


# -- stored, shown, answered -----------------------------------------------------------


def _round_with_texts(project, rows, **kwargs):
    round = make_round(project)
    comments = []
    for lang, text in rows:
        comments += make_comments(round, 1, text=text, language=lang, perspective="", **kwargs)
    return round, comments


def test_suggestion_from_region_inputs_is_shown_and_never_applied(login, project, preparer):
    for text in ("Kotihoidon hoitajat vaihtuvat jatkuvasti.", "Kotihoitoon sama hoitaja."):
        Input.objects.create(project=project, text=text, perspectives=["quality"])
    for text in ("Lääkärijonot ovat pitkät.", "Lääkäriin pääsee liian hitaasti."):
        Input.objects.create(project=project, text=text, perspectives=["access"])
    round, comments = _round_with_texts(project, HOME_CARE[:3])
    analyse_round(round=round)
    insight = CommentInsight.objects.get(comment=comments[0])
    assert insight.suggested_perspective == "quality"
    comments[0].refresh_from_db()
    assert comments[0].perspective == ""  # a suggestion only

    client = login(preparer)
    page = client.get(url("analysis", project, round)).content.decode()
    assert "Suggested" in page
    response = client.post(
        url("comment_perspective", project, round, comment=comments[0].pk),
        {"perspective": "quality"},
    )
    assert response.status_code == 302
    comments[0].refresh_from_db()
    assert comments[0].perspective == "quality"
    # staff may choose another one than suggested
    client.post(
        url("comment_perspective", project, round, comment=comments[1].pk),
        {"perspective": "integration"},
    )
    comments[1].refresh_from_db()
    assert comments[1].perspective == "integration"
    # an unknown value is refused and stores nothing
    client.post(
        url("comment_perspective", project, round, comment=comments[2].pk),
        {"perspective": "nonsense"},
    )
    comments[2].refresh_from_db()
    assert comments[2].perspective == ""


def test_viewer_cannot_set_a_perspective(login, project, users):
    round, comments = _round_with_texts(project, HOME_CARE[:1])
    response = login(users["viewer"]).post(
        url("comment_perspective", project, round, comment=comments[0].pk),
        {"perspective": "quality"},
    )
    assert response.status_code == 403
    comments[0].refresh_from_db()
    assert comments[0].perspective == ""


def test_answer_a_group_of_near_duplicates(login, project, preparer):
    campaign = [("fi", "Rantakylän terveysasema on säilytettävä!")] * 4
    round, comments = _round_with_texts(project, campaign + HOME_CARE + DENTAL)
    analyse_round(round=round)
    leader = CommentInsight.objects.get(comment=comments[0]).duplicate_of_id
    assert CommentInsight.objects.filter(duplicate_of_id=leader).count() == 4
    client = login(preparer)
    page = client.get(url("themes", project, round)).content.decode()
    assert "Near-duplicates" in page
    response = client.post(
        url("themes", project, round),
        {"group": f"dup:{leader}", "disposition": "noted", "reason_fi": "Asema säilyy."},
    )
    assert response.status_code == 302
    answered = set(Comment.objects.filter(disposition="noted").values_list("pk", flat=True))
    assert answered == {c.pk for c in comments[:4]}
    # no reason: refused, nothing stored, the page keeps what was typed
    response = client.post(
        url("themes", project, round),
        {
            "group": f"theme:{Theme.objects.filter(round=round).first().pk}",
            "disposition": "accepted",
        },
    )
    assert response.status_code == 400
    assert Comment.objects.filter(disposition="accepted").count() == 0


def test_answer_a_whole_theme_keeps_earlier_answers(login, project, preparer):
    round, comments = _round_with_texts(project, HOME_CARE + DENTAL + PHONE)
    analyse_round(round=round)
    theme = CommentInsight.objects.get(comment=comments[0]).theme
    members = set(CommentInsight.objects.filter(theme=theme).values_list("comment", flat=True))
    Comment.objects.filter(pk=comments[1].pk).update(
        disposition="accepted", reason_fi="Jo vastattu"
    )
    client = login(preparer)
    response = client.post(
        url("themes", project, round),
        {"group": f"theme:{theme.pk}", "disposition": "partly", "reason_fi": "Otetaan huomioon."},
    )
    assert response.status_code == 302
    partly = set(Comment.objects.filter(disposition="partly").values_list("pk", flat=True))
    assert partly == members - {comments[1].pk}
    assert Comment.objects.get(pk=comments[1].pk).reason_fi == "Jo vastattu"


def test_theme_summary_in_page_exports_and_decision_package(login, project, preparer):
    round, comments = _round_with_texts(project, HOME_CARE + DENTAL + PHONE)
    Comment.objects.filter(pk=comments[0].pk).update(disposition="accepted", reason_fi="Kyllä")
    call_command("analyse_round_texts", str(round.pk), stdout=io.StringIO())
    client = login(preparer)
    page = client.get(url("themes", project, round)).content.decode()
    assert "Most representative responses" in page and "kotihoito" in page
    assert "Accepted 1" in page

    csv_text = client.get(url("themes_export", project, round)).content.decode("utf-8-sig")
    assert "kotihoito" in csv_text.lower() and "hemvård" in csv_text.lower()
    response = client.get(url("export", project, round, fmt="xlsx"))
    workbook = load_workbook(io.BytesIO(response.content))
    assert "Themes" in workbook.sheetnames
    values = [c.value for row in workbook["Themes"].iter_rows() for c in row]
    assert any(isinstance(v, str) and "kotihoito" in v.lower() for v in values)

    section = registrations.round_summary_section(project, language="fi", public=True)
    assert section["participation_rounds"] == []  # only closed rounds are summarised
    round.closed_at = timezone.now()
    round.save(update_fields=["closed_at"])
    section = registrations.round_summary_section(project, language="fi", public=True)
    assert section["participation_rounds"][0]["themes"] == []  # nobody accepted a theme yet
    for theme in Theme.objects.filter(round=round):
        response = client.post(
            url("themes", project, round),
            {
                "name_theme": "1",
                "theme": theme.pk,
                "title_fi": f"Nimi {theme.number}",
                "title_sv": f"Namn {theme.number}",
                "accept": "on",
            },
        )
        assert response.status_code == 302
    section = registrations.round_summary_section(project, language="fi", public=True)
    themes = section["participation_rounds"][0]["themes"]
    assert sum(t["size"] for t in themes) == 15
    assert all(t["representatives"] for t in themes)
    assert all(dict(t["names"])["fi"].startswith("Nimi ") for t in themes)
    assert ("Accepted", 1) in [d for t in themes for d in t["dispositions"]]


def test_stale_results_are_flagged(login, project, preparer):
    round, _comments = _round_with_texts(project, HOME_CARE)
    analyse_round(round=round)
    make_comments(round, 2)
    page = login(preparer).get(url("analysis", project, round)).content.decode()
    assert "2 responses arrived since" in page


def test_themes_and_analysis_pages_in_constant_queries(login, project, preparer):
    round = make_round(project)
    rows = HOME_CARE + DENTAL + PHONE
    for lang, text in rows:
        make_comments(round, 2, text=text, language=lang)
    analyse_round(round=round)
    client = login(preparer)

    def count(name, params=None):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url(name, project, round), params or {})
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = count("themes"), count("analysis"), count("analysis", {"theme": "1"})
    for lang, text in rows * 8:
        make_comments(round, 5, text=f"{text} {len(text)}", language=lang)
    analyse_round(round=round)
    assert Comment.objects.filter(round=round).count() == 630
    assert (count("themes"), count("analysis"), count("analysis", {"theme": "1"})) == small


def test_other_region_cannot_open_themes(login, project, users):
    round, comments = _round_with_texts(project, HOME_CARE)
    client = login(users["stranger"])
    assert client.get(url("themes", project, round)).status_code == 404
    response = client.post(
        url("comment_perspective", project, round, comment=comments[0].pk),
        {"perspective": "quality"},
    )
    assert response.status_code == 404


def test_hostile_input_on_the_themes_forms(login, project, preparer):
    script = '<script>alert("xss")</script>'
    round, comments = _round_with_texts(project, [*HOME_CARE, ("fi", f"Kotihoito {script}")])
    other, other_comments = _round_with_texts(project, DENTAL)
    analyse_round(round=round)
    analyse_round(round=other)
    client = login(preparer)
    page = client.get(url("themes", project, round)).content.decode()
    assert script not in page and "&lt;script&gt;" in page
    foreign = Theme.objects.filter(round=other).first().pk
    for group in ("theme:abc", f"theme:{foreign}", "dup:999999", "x" * 5000, ""):
        response = client.post(
            url("themes", project, round),
            {"group": group, "disposition": "noted", "reason_fi": "Kiitos"},
        )
        assert response.status_code == 400
    assert not Comment.objects.exclude(disposition="").exists()
    # a response of another round through this round's address: not found
    response = client.post(
        url("comment_perspective", project, round, comment=other_comments[0].pk),
        {"perspective": "access"},
    )
    assert response.status_code == 404
    response = client.post(
        url("comment_perspective", project, round, comment=comments[0].pk),
        {"perspective": "quality", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and "evil" not in response["Location"]


# -- the analysis as a background task --------------------------------------------------


def test_recompute_is_queued_and_the_page_says_so_until_the_worker_has_run(
    login, project, preparer, db_task_backend
):
    """With the database queue (as in production) the button only queues the analysis: the
    page says the themes are being computed (en, sv), without the button; once the worker
    has run, the stored analysis is shown."""
    from tests.conftest import run_queued_tasks

    round = make_round(project)
    make_comments(round, 10)
    client = login(preparer)
    page = client.post(url("themes", project, round), {"recompute": "1"}, follow=True)
    page = page.content.decode()
    assert not TextAnalysis.objects.filter(round=round).exists()
    assert "The themes are being computed." in page and 'name="recompute"' not in page
    swedish = client.get("/sv" + url("themes", project, round)[3:]).content.decode()
    assert "Teman beräknas." in swedish
    finnish = client.get("/fi" + url("themes", project, round)[3:]).content.decode()
    assert "Teemoja lasketaan." in finnish

    assert run_queued_tasks() == 1
    assert TextAnalysis.objects.get(round=round).responses == 10
    page = client.get(url("themes", project, round)).content.decode()
    assert "The themes are being computed." not in page and 'name="recompute"' in page


def test_a_failed_analysis_is_shown_with_the_button_to_try_again(
    login, project, preparer, db_task_backend, monkeypatch
):
    from participation.text import services as text_services
    from tests.conftest import run_queued_tasks

    def crashing(**kwargs):
        raise RuntimeError("analysis crashed")

    round = make_round(project)
    make_comments(round, 5)
    client = login(preparer)
    monkeypatch.setattr(text_services, "analyse_round", crashing)
    client.post(url("themes", project, round), {"recompute": "1"}, follow=True)
    assert run_queued_tasks() == 1
    page = client.get(url("themes", project, round)).content.decode()
    assert "Computing the themes failed." in page and 'name="recompute"' in page
    assert "The themes are being computed." not in page

    monkeypatch.undo()
    client.post(url("themes", project, round), {"recompute": "1"})
    assert run_queued_tasks() == 1
    page = client.get(url("themes", project, round)).content.decode()
    assert "failed" not in page and TextAnalysis.objects.filter(round=round).exists()
