"""The decision package page, the preview and recording the decision, through HTTP."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from phases.models import CouncilDecision
from promises.decision import pdf
from promises.decision import services as decision_services
from promises.decision.selectors import package_for

from . import test_decision_support as support
from .test_decision_support import PACKAGE_TEXTS

pytestmark = pytest.mark.django_db

# fixtures shared with the other decision tests
approved = support.approved
media_root = support.media_root
ready = support.ready


def decision_url(project, name="package"):
    return reverse(
        f"promises_decision:{name}", kwargs={"region": project.region.slug, "project": project.pk}
    )


RECORD = {
    "body_fi": "aluevaltuusto",
    "body_sv": "välfärdsområdesfullmäktige",
    "meeting_date": "2024-03-18",
    "section": "45",
    "outcome": "approved",
    "text_fi": "Hyväksyttiin.",
    "languages": ["fi"],
    "confirm": "1",  # the confirmation page's button (see test_recording_asks_first)
}


@pytest.mark.parametrize(
    "role,name,method,expected",
    [
        ("stranger", "package", "get", 404),
        ("stranger", "preview", "get", 404),
        ("stranger", "record", "get", 404),
        ("viewer", "package", "get", 200),
        ("viewer", "package", "post", 403),
        ("viewer", "record", "get", 403),
        ("viewer", "record", "post", 403),
        ("working_group", "package", "post", 403),
        ("preparer", "record", "get", 403),
        ("preparer", "record", "post", 403),
        ("secretary", "record", "get", 200),
        ("preparer", "preview", "get", 200),
    ],
)
def test_permissions(ready, users, login, role, name, method, expected):
    client = login(users[role])
    address = decision_url(ready, name)
    response = client.get(address) if method == "get" else client.post(address, RECORD)
    assert response.status_code == expected
    assert not CouncilDecision.objects.exists()


def test_anonymous_is_sent_to_login(client, ready):
    response = client.get(decision_url(ready))
    assert response.status_code == 302 and "login" in response["Location"]


def test_only_the_secretary_records_and_the_decision_page_shows_the_checksum(ready, users, login):
    client = login(users["secretary"])
    response = client.post(decision_url(ready, "record"), RECORD)
    assert response.status_code == 302
    decision = CouncilDecision.objects.get()
    document = decision.documents.get()
    page = client.get(decision_url(ready)).content.decode()
    assert document.sha256 in page
    assert "§ 45" in page
    # An approval is final: no button leads to recording another decision, and the record
    # page says so before anything is typed (a second approval would be refused).
    assert f'href="{decision_url(ready, "record")}"' not in page
    record_page = client.get(decision_url(ready, "record")).content.decode()
    assert "Valtuusto on jo hyväksynyt tämän palvelulupauksen" in record_page
    again = client.post(decision_url(ready, "record"), {**RECORD, "section": "46"})
    assert again.status_code == 400 and CouncilDecision.objects.count() == 1


def test_record_form_errors_keep_the_input(ready, users, login):
    client = login(users["secretary"])
    response = client.post(
        decision_url(ready, "record"), {**RECORD, "outcome": "returned", "text_fi": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="aluevaltuusto"' in html
    ready.refresh_from_db()
    assert ready.phase == 4


def test_returned_through_the_form(ready, users, login):
    client = login(users["secretary"])
    response = client.post(
        decision_url(ready, "record"),
        {**RECORD, "outcome": "returned", "text_fi": "Palautetaan: talousvaikutukset puuttuvat."},
    )
    assert response.status_code == 302
    ready.refresh_from_db()
    assert ready.phase == 3


def package_post(project, package, **overrides):
    data = {"lock_version": package.lock_version, "communication_channels": ["web", "videos"]}
    for version in package.versions.all():
        data[f"version_{version.promise_id}"] = version.pk
    for name, texts in PACKAGE_TEXTS.items():
        for lang, text in texts.items():
            data[f"{name}_{lang}"] = text
    data.update(overrides)
    return data


def test_preparer_saves_descriptions_side_by_side(ready, users, login):
    client = login(users["preparer"])
    page = client.get(decision_url(ready)).content.decode()
    assert 'name="implementation_fi"' in page and 'name="implementation_sv"' in page
    assert decision_url(ready, "preview") in page
    package = package_for(ready)
    response = client.post(
        decision_url(ready), package_post(ready, package, evaluation_sv="Ny utvärdering")
    )
    assert response.status_code == 302
    package.refresh_from_db()
    assert package.evaluation_sv == "Ny utvärdering"
    assert package.communication_channels == ["web", "videos"]


def test_concurrent_package_edit_is_detected_and_input_kept(ready, users, login):
    client = login(users["preparer"])
    package = package_for(ready)
    stale = package_post(ready, package, reporting_fi="Minun versioni")
    client.post(decision_url(ready), package_post(ready, package, reporting_fi="Toisen versio"))
    response = client.post(decision_url(ready), stale)
    assert response.status_code == 409
    assert "Minun versioni" in response.content.decode()
    package.refresh_from_db()
    assert package.reporting_fi == "Toisen versio"


def test_preview_html_and_pdf(ready, users, login):
    client = login(users["viewer"])
    html = client.get(decision_url(ready, "preview"), {"lang": "sv"})
    assert html.status_code == 200
    assert "Genomförandet fasas in under tre år." in html.content.decode()
    pdf = client.get(decision_url(ready, "preview_pdf"), {"lang": "fi"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")
    assert not CouncilDecision.objects.exists()


def test_dashboard_shows_the_decision_panel_in_phase_4(ready, users, login):
    client = login(users["preparer"])
    page = client.get(
        reverse(
            "phases:project_dashboard", kwargs={"region": ready.region.slug, "project": ready.pk}
        )
    ).content.decode()
    assert decision_url(ready) in page


def test_recording_asks_first_and_change_keeps_what_was_typed(ready, users, login):
    client = login(users["secretary"])
    url = decision_url(ready, "record")
    typed = {k: v for k, v in RECORD.items() if k != "confirm"}
    response = client.post(url, typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="confirm"' in html and "aluevaltuusto" in html and "§ 45" in html
    assert not CouncilDecision.objects.filter(project=ready).exists()
    # "Change" brings the form back with the values typed.
    response = client.post(url, {**typed, "edit": "1"})
    html = response.content.decode()
    assert 'name="confirm"' not in html and 'value="45"' in html
    assert not CouncilDecision.objects.filter(project=ready).exists()
    client.post(url, RECORD)
    assert CouncilDecision.objects.filter(project=ready, section="45").exists()


def test_a_preparer_is_told_who_records_the_decision(ready, users, login):
    client = login(users["preparer"])
    with translation.override("en"):
        html = client.get(decision_url(ready, "package")).content.decode()
    assert "Only a user with the role Council secretary can record the council decision." in html


def test_a_failed_pdf_is_shown_and_rendered_again_from_the_page(ready, users, login, monkeypatch):
    """The Swedish PDF fails: the decision is recorded, the page says which PDF failed in
    the reader's language, a preparer may not render again, the secretary's button does."""
    real = pdf.render_decision_pdf

    def failing(**kwargs):
        if kwargs["language"] == "sv":
            raise RuntimeError("renderer crashed")
        return real(**kwargs)

    monkeypatch.setattr(decision_services, "render_decision_pdf", failing)
    client = login(users["secretary"])
    response = client.post(decision_url(ready, "record"), {**RECORD, "languages": ["fi", "sv"]})
    assert response.status_code == 302
    decision = CouncilDecision.objects.get()
    assert list(decision.documents.values_list("language", flat=True)) == ["fi"]
    page = client.get(response["Location"]).content.decode()
    assert "Päätös on kirjattu, mutta sen PDF-tiedostoa (ruotsi) ei saatu tehtyä." in page
    assert "Tee PDF-tiedostot uudelleen" in page
    swedish = client.get(f"/sv{decision_url(ready)[3:]}").content.decode()
    assert "Beslutet är registrerat, men dess pdf-fil (svenska) kunde inte skapas." in swedish

    with translation.override("fi"):
        retry = reverse(
            "promises_decision:render_documents",
            kwargs={"region": ready.region.slug, "project": ready.pk, "decision": decision.pk},
        )
    assert retry in page
    assert login(users["preparer"]).post(retry).status_code == 403
    preparer_page = client.get(decision_url(ready)).content.decode()
    assert retry not in preparer_page and "Päätös on kirjattu" in preparer_page
    # still failing: the page says so again, nothing more is stored
    client = login(users["secretary"])
    page = client.post(retry, follow=True).content.decode()
    assert "(ruotsi) ei saatu tehtyä" in page
    assert decision.documents.count() == 1

    monkeypatch.setattr(decision_services, "render_decision_pdf", real)
    page = client.post(retry, follow=True).content.decode()
    assert sorted(decision.documents.values_list("language", flat=True)) == ["fi", "sv"]
    assert "Päätöksen PDF-tiedostot on tallennettu." in page
    assert "ei saatu tehtyä" not in page and retry not in page
    for document in decision.documents.all():
        assert document.sha256 in page


def test_the_decision_is_recorded_at_once_and_its_pdfs_follow_from_the_queue(
    ready, users, login, db_task_backend
):
    """With the database queue (as in production) recording renders nothing: the page says
    the documents are being prepared (fi, sv, en) and the approval does not count yet; once
    the worker has run the queued task the PDFs are listed and the approval counts."""
    from promises.decision.selectors import published_decisions
    from tests.conftest import run_queued_tasks

    client = login(users["secretary"])
    response = client.post(decision_url(ready, "record"), {**RECORD, "languages": ["fi", "sv"]})
    assert response.status_code == 302
    decision = CouncilDecision.objects.get()
    assert not decision.documents.exists()
    assert not published_decisions(ready.region).filter(pk=decision.pk).exists()
    page = client.get(response["Location"]).content.decode()
    assert "PDF-tiedostoja valmistellaan" in page  # the message after recording
    assert "Asiakirjoja valmistellaan." in page
    assert "Ne näkyvät tässä heti, kun ne on tallennettu." in page  # no need to reload
    assert "ei saatu tehtyä" not in page
    swedish = client.get(f"/sv{decision_url(ready)[3:]}").content.decode()
    assert "Dokumenten förbereds." in swedish
    assert "De visas här så snart de har sparats." in swedish
    english = client.get(f"/en{decision_url(ready)[3:]}").content.decode()
    assert "The documents are being prepared." in english

    # Meanwhile the documents' box asks for the page again by itself and takes its own
    # new version from it (htmx), so the links appear without a reload.
    box = documents_box(page, decision)
    assert 'hx-trigger="every 2s"' in box and f'hx-select="#{box_id(decision)}"' in box
    with translation.override("fi"):
        assert f'hx-get="{decision_url(ready)}"' in box and 'hx-swap="outerHTML"' in box

    assert run_queued_tasks() == 2  # one task per language
    page = client.get(decision_url(ready)).content.decode()
    assert "Asiakirjoja valmistellaan." not in page
    assert "hx-trigger" not in documents_box(page, decision)  # ready: it asks no more
    assert sorted(decision.documents.values_list("language", flat=True)) == ["fi", "sv"]
    for document in decision.documents.all():
        assert document.sha256 in page
    assert published_decisions(ready.region).filter(pk=decision.pk).exists()


def box_id(decision) -> str:
    return f"decision-{decision.pk}-documents"


def documents_box(page: str, decision) -> str:
    """The opening tag of a decision's documents box on the decision page."""
    match = re.search(rf'<div id="{box_id(decision)}"[^>]*>', page)
    assert match, "the decision's documents box is missing"
    return match.group(0)


def test_a_render_that_fails_is_retried_by_the_queue_then_shown_failed(
    ready, users, login, monkeypatch, db_task_backend
):
    """The queued render fails: the task queues itself again (deferred); a render that
    keeps failing is marked failed after three attempts and the page shows it with the
    retry button; the retry queues a new round, which stores the PDF."""
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from promises.decision import tasks
    from tests.conftest import run_queued_tasks

    real = pdf.render_decision_pdf
    attempts = []

    def failing(**kwargs):
        attempts.append(kwargs["language"])
        raise RuntimeError("renderer crashed")

    monkeypatch.setattr(decision_services, "render_decision_pdf", failing)
    client = login(users["secretary"])
    response = client.post(decision_url(ready, "record"), {**RECORD, "languages": ["fi"]})
    decision = CouncilDecision.objects.get()
    for attempt in range(1, tasks.DOCUMENT_ATTEMPTS + 1):
        assert run_queued_tasks() == 1
        assert attempts == ["fi"] * attempt
        page = client.get(response["Location"]).content.decode()
        if attempt < tasks.DOCUMENT_ATTEMPTS:
            # retried later (deferred), still "being prepared"
            assert "Asiakirjoja valmistellaan." in page and "ei saatu tehtyä" not in page
            DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())
    assert run_queued_tasks() == 0  # given up
    assert "Päätös on kirjattu, mutta sen PDF-tiedostoa (suomi) ei saatu tehtyä." in page
    assert "Asiakirjoja valmistellaan." not in page
    assert "Tee PDF-tiedostot uudelleen" in page
    assert "hx-trigger" not in documents_box(page, decision)  # failed: it asks no more
    assert not decision.documents.exists()

    monkeypatch.setattr(decision_services, "render_decision_pdf", real)
    with translation.override("fi"):
        retry = reverse(
            "promises_decision:render_documents",
            kwargs={"region": ready.region.slug, "project": ready.pk, "decision": decision.pk},
        )
    page = client.post(retry, follow=True).content.decode()
    assert "Asiakirjoja valmistellaan." in page and "ei saatu tehtyä" not in page
    assert run_queued_tasks() == 1
    assert decision.documents.filter(language="fi").exists()
    assert "Tee PDF-tiedostot uudelleen" not in client.get(decision_url(ready)).content.decode()


def test_a_box_refreshing_itself_after_the_session_ended_brings_the_sign_in_page(ready):
    """The documents' box asks for the decision page every 2 s (htmx). When the session
    has ended meanwhile, the answer is not the sign-in page in place of the box (it would
    vanish) but an htmx redirect of the whole page to signing in; a plain request is still
    redirected as before."""
    from django.test import Client

    client = Client()
    plain = client.get(decision_url(ready))
    assert plain.status_code == 302 and "login" in plain["Location"]
    boxed = client.get(decision_url(ready), headers={"HX-Request": "true"})
    assert boxed.status_code == 200 and boxed.content == b""
    assert boxed["HX-Redirect"] == plain["Location"]
    assert boxed["Cache-Control"] == "no-store"
    assert "Content-Security-Policy" in boxed and boxed["X-Frame-Options"] == "DENY"
