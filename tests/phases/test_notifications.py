"""Notifications by e-mail: each kind queued for the right people, sent once a day as one
digest per person in that person's language, each kind switchable; the commenter's
answer mail; the shared helper that mails a user in their own language."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation

from participation import services as participation_services
from participation.models import Comment
from phases import services
from phases.models import Notification, ProjectTask, PromiseProject, UserProfile
from phases.platform import notifications
from phases.platform.mail import send_to_user
from tests.participation.factories import make_request, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def speaks(user, language):
    UserProfile.objects.update_or_create(user=user, defaults={"language": language})


def send_digests():
    """`manage.py send_digests` as cron runs it, outside any transaction: its mail leaves
    at once (here: the commit callbacks of the test's transaction are run, as
    pytest-django's django_capture_on_commit_callbacks does)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("send_digests", stdout=open("/dev/null", "w"))


def digest_for(user):
    send_digests()
    found = [m for m in mail.outbox if m.to == [user.email]]
    assert len(found) == 1, [m.to for m in mail.outbox]
    return found[0]


def a_task(project):
    return ProjectTask.objects.filter(project=project).select_related("definition").first()


@pytest.mark.parametrize(
    "language,subject,text",
    [
        ("fi", "Palvelulupaus: mitä tänään tapahtui", "Sinulle annettiin tehtävä"),
        ("sv", "Servicelöfte: vad som hände i dag", "Du har tilldelats en uppgift"),
    ],
)
def test_task_assigned(language, subject, text, project, users):
    member = users["working_group"]
    speaks(member, language)
    task = a_task(project)
    with translation.override("en"):  # the preparer's page language does not matter
        services.task_update(task=task, by=users["preparer"], status="todo", assignee=member)
    message = digest_for(member)
    assert message.subject == subject
    assert message.body.startswith({"fi": "Hei ", "sv": "Hej "}[language])
    assert f"/{language}/r/" in message.body  # links in the reader's language
    assert text in message.body
    assert getattr(task.definition, f"name_{language}") in message.body
    assert "/tasks/" in message.body


def test_assigning_oneself_is_not_notified(project, users):
    preparer = users["preparer"]
    services.task_update(task=a_task(project), by=preparer, status="todo", assignee=preparer)
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "language,text", [("fi", "Tehtäväsi määräpäivä on"), ("sv", "Din uppgift ska vara klar")]
)
def test_task_due_in_3_days_is_notified_once(language, text, project, users):
    member = users["working_group"]
    speaks(member, language)
    task = a_task(project)
    due = timezone.localdate() + datetime.timedelta(days=3)
    ProjectTask.objects.filter(pk=task.pk).update(assignee=member, due_date=due)
    assert notifications.queue_due_tasks() == 1
    assert notifications.queue_due_tasks() == 0  # once per task and date
    message = digest_for(member)
    assert text in message.body and getattr(task.definition, f"name_{language}") in message.body
    mail.outbox.clear()
    send_digests()
    assert mail.outbox == []  # nothing new: no mail


@pytest.mark.parametrize(
    "language,text", [("fi", "lähetti lausuntonsa"), ("sv", "skickade sitt utlåtande")]
)
def test_statement_arrived_tells_the_preparers(language, text, project, users):
    preparer = users["preparer"]
    speaks(preparer, language)
    request = make_request(make_round(project))
    body = request.bodies.first()
    question = request.questions.first()
    participation_services.statement_submit(body=body, answers={question.pk: "Kannatamme."})
    message = digest_for(preparer)
    assert f"{body.name} {text}: {request.title}" in message.body
    # Only the preparers hear of it.
    assert not Notification.objects.filter(user=users["viewer"]).exists()


@pytest.mark.parametrize(
    "language,text",
    [("fi", "3 × Kommentti odottaa moderointia"), ("sv", "3 × En kommentar väntar på moderering")],
)
def test_comments_waiting_for_moderation_are_counted_in_one_line(language, text, project, users):
    member = users["working_group"]
    speaks(member, language)
    round = make_round(project, premoderate=True)
    for i in range(3):
        participation_services.comment_submit(round=round, text=f"Kommentti {i}", language="fi")
    message = digest_for(member)
    assert text in message.body
    assert message.body.count("moderation/") == 1


@pytest.mark.parametrize(
    "language,advanced,returned",
    [
        ("fi", "Projekti siirtyi vaiheesta 3 vaiheeseen 4.", "Valtuusto palautti asian"),
        ("sv", "Projektet gick från fas 3 till fas 4.", "Fullmäktige återremitterade ärendet"),
    ],
)
def test_phase_advanced_and_returned(language, advanced, returned, project, users):
    viewer, preparer = users["viewer"], users["preparer"]
    speaks(viewer, language)
    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    project.refresh_from_db()
    notifications.phase_changed(
        project=project, from_phase=3, to_phase=4, kind="advance", by=preparer
    )
    PromiseProject.objects.filter(pk=project.pk).update(phase=4)
    services.project_return_for_preparation(project=project, by=preparer, reason="Lisätietoja.")
    message = digest_for(viewer)
    assert advanced in message.body and returned in message.body
    assert not Notification.objects.filter(user=preparer).exists()  # who did it is not told


def test_the_digest_groups_by_project_and_kind(project, users):
    from tests.factories import ProjectFactory

    member = users["working_group"]
    other = ProjectFactory(region=project.region, title="Toinen lupaus")
    tasks = list(ProjectTask.objects.filter(project=project)[:2]) + [a_task(other)]
    for task in tasks:
        services.task_update(task=task, by=users["preparer"], status="todo", assignee=member)
    notifications.phase_changed(project=other, from_phase=1, to_phase=2, kind="advance", by=None)
    message = digest_for(member)
    body = message.body
    assert body.count(f"== {project.title_fi}") == 1 and body.count("== Toinen lupaus") == 1
    first = body[body.index(f"== {project.title_fi}") : body.index("== Toinen lupaus")]
    assert first.count("Minulle annetut tehtävät") == 1  # the kind's heading once
    assert first.count("Sinulle annettiin tehtävä") == 2
    assert Notification.objects.filter(sent_at__isnull=True).count() == 0


def test_a_kind_switched_off_is_not_sent(project, users, login):
    member = users["working_group"]
    client = login(member)
    response = client.post(
        reverse("phases:user_settings"), {"language": "sv", "kinds": ["phases", "statements"]}
    )
    assert response.status_code == 302
    profile = UserProfile.objects.get(user=member)
    assert profile.language == "sv" and "tasks" in profile.muted
    services.task_update(task=a_task(project), by=users["preparer"], status="todo", assignee=member)
    send_digests()
    assert mail.outbox == []
    # Switched back on: the next assignment is sent.
    client.post(reverse("phases:user_settings"), {"language": "sv", "kinds": ["tasks"]})
    task = ProjectTask.objects.filter(project=project).exclude(assignee=member).first()
    services.task_update(task=task, by=users["preparer"], status="todo", assignee=member)
    assert "Du har tilldelats en uppgift" in digest_for(member).body


def test_settings_page_renders_in_three_languages(users, login):
    client = login(users["viewer"])
    for lang, title in (
        ("fi", "Omat asetukset"),
        ("sv", "Mina inställningar"),
        ("en", "My settings"),
    ):
        html = client.get(f"/{lang}/account/settings/").content.decode()
        assert title in html and ".ics" in html


def test_send_to_user_uses_the_recipients_language(users, django_capture_on_commit_callbacks):
    member = users["working_group"]
    speaks(member, "sv")
    with translation.override("fi"), django_capture_on_commit_callbacks(execute=True):
        send_to_user(
            member,
            subject=lambda: translation.gettext("Your settings were saved."),
            template="phases/email/digest.txt",
            context={"groups": [], "settings_url": "x"},
        )
    assert mail.outbox[0].subject == "Dina inställningar sparades."
    assert mail.outbox[0].to == [member.email]


@pytest.mark.parametrize(
    "language,subject,disposition",
    [
        ("fi", "Vastaus kommenttiisi palvelulupauksesta", "Ratkaisu:"),
        ("sv", "Svaret på din kommentar om servicelöftet", "Ställningstagande:"),
    ],
)
def test_commenters_who_asked_get_the_answer_when_the_analysis_is_done(
    language, subject, disposition, project, users, django_capture_on_commit_callbacks
):
    round = make_round(project)
    asked = participation_services.comment_submit(
        round=round,
        text="Jonot ovat liian pitkät.",
        language=language,
        email="asukas@example.invalid",
        answer_by_email=True,
    )
    participation_services.comment_submit(
        round=round, text="Ei vastausta, kiitos.", language="fi", email="toinen@example.invalid"
    )
    participation_services.round_close(round=round, by=users["preparer"])
    participation_services.dispositions_set(
        round=round,
        comment_ids=list(Comment.objects.filter(round=round).values_list("pk", flat=True)),
        disposition="accepted",
        reason="Lupaukseen lisättiin jonojen enimmäisaika.",
        by=users["preparer"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        participation_services.round_mark_analysis_done(round=round, by=users["preparer"])
    assert [m.to for m in mail.outbox] == [["asukas@example.invalid"]]
    message = mail.outbox[0]
    assert message.subject == subject
    assert disposition in message.body
    assert "Lupaukseen lisättiin jonojen enimmäisaika." in message.body
    assert "Jonot ovat liian pitkät." in message.body
    asked.refresh_from_db()
    assert asked.answer_sent_at is not None
    # Once only; and the address is still erased on schedule.
    with django_capture_on_commit_callbacks(execute=True):
        participation_services.send_answers(round=round)
    assert len(mail.outbox) == 1
    later = timezone.now() + datetime.timedelta(days=400)
    assert participation_services.erase_commenter_emails(now=later) == 2
    asked.refresh_from_db()
    assert asked.email == ""


def test_the_comment_form_opt_in_needs_an_address(project, client):
    round = make_round(project)
    with translation.override("fi"):
        url = reverse("participation:public_round", kwargs={"round": round.pk})
    html = client.get(url).content.decode()
    assert "Lähetä minulle vastaus kommenttiini sähköpostilla" in html
    response = client.post(
        url, {"target": "whole", "text": "Hyvä luonnos.", "answer_by_email": "on"}
    )
    assert "Kirjoita sähköpostiosoitteesi, jotta saat vastauksen." in response.content.decode()
    assert not Comment.objects.filter(round=round).exists()


def test_the_daily_job_queues_the_digests_for_the_worker(
    project, users, db_task_backend, django_capture_on_commit_callbacks
):
    """`send_digests --queue` (the compose job) sends nothing itself: the worker does."""
    from tests.conftest import run_queued_tasks

    member = users["working_group"]
    speaks(member, "sv")
    services.task_update(task=a_task(project), by=users["preparer"], status="todo", assignee=member)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--queue", stdout=open("/dev/null", "w"))
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        assert run_queued_tasks() == 1
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert "Du har tilldelats en uppgift" in mail.outbox[0].body
