"""Statement requests: the personal link, the deadline, the e-mail, PDF uploads, reminders."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import DatabaseError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfWriter

from participation import services
from participation.models import Comment, RequestedBody
from participation.uploads import safe_file_name

from .factories import make_request, make_round

pytestmark = pytest.mark.django_db


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def link_path(body, lang="fi"):
    return f"/{lang}/statement/{body.token}/"


def answers_for(body, text="Kannatamme luonnosta."):
    return {f"q{q.pk}": text for q in body.request.questions.all()}


def test_request_sends_each_body_its_own_link(
    login, project, preparer, django_capture_on_commit_callbacks
):
    round = make_round(project)
    client = login(preparer)
    url = reverse(
        "participation:request_new",
        kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
    )
    deadline = (timezone.localtime() + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Lausuntopyyntö luonnoksesta",
                "deadline": deadline,
                "questions": "Vastaako lupaus tarpeita?\nMitä puuttuu?",
                "bodies": "Rantakylän kunta; kirjaamo@rantakyla.invalid; Kunnanjohtaja\n"
                "Vanhusneuvosto; vn@example.invalid",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    bodies = list(RequestedBody.objects.order_by("name"))
    assert len(bodies) == 2 and all(b.sent_at for b in bodies)
    assert len(mail.outbox) == 2
    for body in bodies:
        message = next(m for m in mail.outbox if m.to == [body.email])
        assert body.token in message.body
        assert f"/statement/{body.token}/" in message.body
        assert "Vastaako lupaus tarpeita?" in message.body
        other = next(b for b in bodies if b != body)
        assert other.token not in message.body
    assert len(bodies[0].token) >= 40


def test_bad_body_line_keeps_the_typed_text(
    login, project, preparer, django_capture_on_commit_callbacks
):
    round = make_round(project)
    client = login(preparer)
    url = reverse(
        "participation:request_new",
        kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "title": "Pyyntö",
                "deadline": "2099-01-01T12:00",
                "questions": "Kysymys",
                "bodies": "Kunta ilman osoitetta",
            },
        )
    assert response.status_code == 400
    assert "Kunta ilman osoitetta" in response.content.decode()
    assert not mail.outbox


def test_link_works_for_its_body_only(client, project):
    round = make_round(project)
    request = make_request(round, bodies=2)
    first, second = request.bodies.order_by("pk")
    response = client.post(link_path(first), answers_for(first, "Ensimmäisen vastaus"))
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.submitted_at and not second.submitted_at
    statement = Comment.objects.get(body=first)
    assert statement.source == Comment.Source.STATEMENT
    assert "Ensimmäisen vastaus" in statement.text
    page = client.get(link_path(second)).content.decode()
    assert "Ensimmäisen vastaus" not in page
    assert client.get("/fi/statement/not-a-real-token/").status_code == 404


def test_link_refused_after_the_deadline(client, project, preparer):
    round = make_round(project)
    request = make_request(round, deadline=timezone.now() - timedelta(minutes=1))
    body = request.bodies.get()
    page = client.get(link_path(body))
    assert page.status_code == 200
    assert "deadline for statements has passed" in page.content.decode() or "määräaika" in (
        page.content.decode()
    )
    response = client.post(link_path(body), answers_for(body))
    assert response.status_code == 400
    body.refresh_from_db()
    assert body.submitted_at is None
    # staff may still record a statement that came by post
    comment = services.statement_submit(
        body=body,
        answers={q.pk: "Postitse" for q in request.questions.all()},
        by_post=True,
        by=preparer,
    )
    assert comment.source == "statement"
    body.refresh_from_db()
    assert body.by_post


def test_pdf_upload_accepted_and_served_only_to_its_body_and_staff(
    client, project, users, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    round = make_round(project)
    body = make_request(round, bodies=2).bodies.order_by("pk").first()
    upload = SimpleUploadedFile("../../etc/Lausunto ÄÖ.pdf", pdf_bytes(), "application/pdf")
    response = client.post(link_path(body), {**answers_for(body), "attachment": upload})
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.file_name == "Lausunto ÄÖ.pdf"
    assert ".." not in body.file.name and body.file.name.startswith("statements/")
    own = client.get(f"/fi/statement/{body.token}/file/")
    assert own.status_code == 200 and b"".join(own.streaming_content).startswith(b"%PDF-")
    kwargs = {
        "region": project.region.slug,
        "project": project.pk,
        "round": round.pk,
        "body": body.pk,
    }
    staff_url = reverse("participation:body_file", kwargs=kwargs)
    assert client.get(staff_url).status_code == 302  # anonymous: to the login page
    assert login(users["stranger"]).get(staff_url).status_code == 404
    assert login(users["viewer"]).get(staff_url).status_code == 200


def test_renamed_non_pdf_is_refused(client, project, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    round = make_round(project)
    body = make_request(round).bodies.get()
    fake = SimpleUploadedFile("lausunto.pdf", b"MZ\x90\x00 not a pdf at all", "application/pdf")
    response = client.post(link_path(body), {**answers_for(body), "attachment": fake})
    assert response.status_code == 400
    assert "not a PDF" in response.content.decode() or "PDF" in response.content.decode()
    body.refresh_from_db()
    assert not body.file and body.submitted_at is None
    # Starts like a PDF but pypdf cannot open it.
    broken = SimpleUploadedFile("x.pdf", b"%PDF-1.7\n garbage", "application/pdf")
    response = client.post(link_path(body), {**answers_for(body), "attachment": broken})
    assert response.status_code == 400


@override_settings(UPLOAD_MAX_BYTES=100)
def test_too_large_pdf_is_refused(client, project):
    round = make_round(project)
    body = make_request(round).bodies.get()
    upload = SimpleUploadedFile("big.pdf", pdf_bytes(), "application/pdf")
    response = client.post(link_path(body), {**answers_for(body), "attachment": upload})
    assert response.status_code == 400
    assert "too large" in response.content.decode() or "liian suuri" in response.content.decode()


def test_safe_file_name():
    assert safe_file_name("../../etc/passwd") == "passwd.pdf"
    assert safe_file_name("C:\\evil\\x.PDF") == "x.pdf"
    assert "/" not in safe_file_name("a/b/<script>.pdf")


def test_reminders_are_sent_once_before_the_deadline(project, django_capture_on_commit_callbacks):
    round = make_round(project)
    soon = make_request(round, deadline=timezone.now() + timedelta(days=2), bodies=2)
    later = make_request(round, deadline=timezone.now() + timedelta(days=20))
    RequestedBody.objects.update(sent_at=timezone.now())
    answered = soon.bodies.order_by("pk").last()
    services.statement_submit(
        body=answered, answers={q.pk: "Vastaus" for q in soon.questions.all()}
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_statement_reminders", days=3)
    assert len(mail.outbox) == 1
    reminded = soon.bodies.order_by("pk").first()
    assert mail.outbox[0].to == [reminded.email]
    assert reminded.token in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_statement_reminders", days=3)
    assert len(mail.outbox) == 1  # idempotent
    assert not later.bodies.filter(reminded_at__isnull=False).exists()


def test_overdue_requests_show_on_the_round_page(login, project, preparer):
    round = make_round(project)
    make_request(round, deadline=timezone.now() - timedelta(days=1))
    client = login(preparer)
    page = client.get(
        reverse(
            "participation:round",
            kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
        )
    ).content.decode()
    assert "Kunta 0" in page
    assert 'id="overdue-title"' in page


@pytest.mark.parametrize("interface", ["fi", "sv"])
def test_request_mail_goes_in_the_recipients_language_whoever_sends_it(
    project, interface, django_capture_on_commit_callbacks
):
    """A Swedish body gets Swedish, a Finnish one Finnish; a body of unknown language in a
    bilingual region gets both; the sender's interface language does not matter."""
    from django.utils import translation

    round = make_round(project)
    request = make_request(round, bodies=3)
    sv, fi, unknown = request.bodies.order_by("pk")
    RequestedBody.objects.filter(pk=sv.pk).update(language="sv")
    RequestedBody.objects.filter(pk=fi.pk).update(language="fi")
    with translation.override(interface), django_capture_on_commit_callbacks(execute=True):
        assert services.statement_request_send(request=request) == 3
    by_address = {m.to[0]: m for m in mail.outbox}
    sv_mail, fi_mail, both = by_address[sv.email], by_address[fi.email], by_address[unknown.email]
    assert "Begäran om utlåtande" in sv_mail.subject and "Lausuntopyyntö:" not in sv_mail.subject
    assert "/sv/statement/" in sv_mail.body and "/fi/statement/" not in sv_mail.body
    assert "Lausuntopyyntö" in fi_mail.subject and "Begäran" not in fi_mail.subject
    assert "/fi/statement/" in fi_mail.body and "/sv/statement/" not in fi_mail.body
    assert "Begäran om utlåtande" in both.subject and "Lausuntopyyntö" in both.subject
    assert "/fi/statement/" in both.body and "/sv/statement/" in both.body


def test_the_body_line_may_give_the_language(login, project, preparer):
    from participation.forms import StatementRequestForm

    form = StatementRequestForm(
        {
            "title": "Lausuntopyyntö",
            "deadline": (timezone.now() + timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"),
            "questions": "Mitä mieltä?",
            "bodies": "Vasa stad; vasa@example.invalid; ; sv\nKunta; kunta@example.invalid",
        }
    )
    assert form.is_valid(), form.errors
    assert [b["language"] for b in form.cleaned_data["bodies"]] == ["sv", ""]
    bad = StatementRequestForm({**form.data, "bodies": "Kunta; k@example.invalid; ; de"})
    assert not bad.is_valid()


LONG_NAME = "Lausunto_hyvinvointialueen_palvelulupaus_2027-2029_kaupunginhallitus_12.11.2026.pdf"


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_long_file_name_is_stored_under_a_generated_name_and_given_back_on_download(
    client, project, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    body = make_request(make_round(project)).bodies.get()
    for name in (LONG_NAME, "Ä" * 250 + ".pdf"):
        upload = SimpleUploadedFile(name, pdf_bytes(), "application/pdf")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(link_path(body), {**answers_for(body), "attachment": upload})
        assert response.status_code == 302
        body.refresh_from_db()
        assert len(body.file.name) <= 100 and name[:20] not in body.file.name
        assert body.file_name.endswith(".pdf") and len(body.file_name) <= 200
        # the replaced file is removed: one file on disk
        assert stored_files(tmp_path) == [tmp_path / body.file.name]
    body.refresh_from_db()
    assert body.file_name == "Ä" * 100 + ".pdf"
    upload = SimpleUploadedFile(LONG_NAME, pdf_bytes(), "application/pdf")
    client.post(link_path(body), {**answers_for(body), "attachment": upload})
    body.refresh_from_db()
    assert body.file_name == LONG_NAME
    assert LONG_NAME in client.get(link_path(body)).content.decode()
    download = client.get(f"/fi/statement/{body.token}/file/")
    assert LONG_NAME in download["Content-Disposition"]


def test_a_failed_save_leaves_no_file_and_nothing_written(project, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    body = make_request(make_round(project)).bodies.get()
    original_save = RequestedBody.save

    def failing_save(self, *args, **kwargs):
        if "file" in (kwargs.get("update_fields") or ()):
            raise DatabaseError("the database went away")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(RequestedBody, "save", failing_save)
    upload = SimpleUploadedFile(LONG_NAME, pdf_bytes(), "application/pdf")
    answers = {q.pk: "Kannatamme." for q in body.request.questions.all()}
    with pytest.raises(DatabaseError):
        services.statement_submit(body=body, answers=answers, upload=upload)
    assert stored_files(tmp_path) == []
    body = RequestedBody.objects.get(pk=body.pk)
    assert body.submitted_at is None and not body.file
    assert not body.answers.exists() and not Comment.objects.filter(body=body).exists()


def test_a_refused_file_keeps_the_typed_answers_and_stores_nothing(
    client, project, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    body = make_request(make_round(project)).bodies.get()
    fake = SimpleUploadedFile(LONG_NAME, b"MZ\x90\x00 not a pdf", "application/pdf")
    typed = "Vastauksemme säilyy lomakkeella."
    response = client.post(link_path(body), {**answers_for(body, typed), "attachment": fake})
    assert response.status_code == 400
    assert response.content.decode().count(typed) == body.request.questions.count()
    assert stored_files(tmp_path) == []


def test_staff_record_a_statement_that_came_by_post_through_its_page(
    project, users, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    round = make_round(project)
    body = make_request(round).bodies.get()
    kwargs = {"region": project.region.slug, "project": project.pk, "round": round.pk}
    with translation.override("fi"):
        url = reverse("participation:body_record", kwargs={**kwargs, "body": body.pk})
    client = login(users["preparer"])
    page = client.get(url)
    assert page.status_code == 200 and body.name in page.content.decode()
    # Nothing answered, nothing attached: the page says so in Swedish and writes nothing.
    sv_url = "/sv/" + url.removeprefix("/fi/")
    refused = client.post(sv_url, {f"q{q.pk}": "" for q in body.request.questions.all()})
    assert refused.status_code == 400
    assert "Besvara minst en fråga eller bifoga en PDF-fil." in refused.content.decode()
    typed = "Lausunto tuli kirjeenä."
    upload = SimpleUploadedFile("kirje.pdf", pdf_bytes(), "application/pdf")
    response = client.post(url, {**answers_for(body, typed), "attachment": upload})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/participation/rounds/{round.pk}/")
    body.refresh_from_db()
    assert body.by_post and body.file_name == "kirje.pdf"
    assert Comment.objects.filter(round=round, source="statement", text__contains=typed).exists()


def test_the_daily_job_queues_the_reminders_for_the_worker(
    project, db_task_backend, django_capture_on_commit_callbacks
):
    from tests.conftest import run_queued_tasks

    round = make_round(project)
    soon = make_request(round, deadline=timezone.now() + timedelta(days=2), bodies=1)
    RequestedBody.objects.update(sent_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_statement_reminders", "--queue", days=3)
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_tasks() == 1
    assert mail.outbox[0].to == [soon.bodies.get().email]
