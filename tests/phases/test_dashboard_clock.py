"""The dashboard's date-dependent parts ("coming up", "what next", the results of the
phase) are kept under the project's content version and the clock's moment (today's date
and how many of the project's round and deadline instants have passed,
`phases.registry.Registry.moment`): the next request after the date or the hour changes
shows what changed, with no write in between; a write of the content, or of the national
catalogue, shows on the next render; a warm dashboard reads none of them again."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from participation.models import CommentRound
from phases import services
from phases.models import ChecklistAnswer, ChecklistDefinition, ProjectTask, PromiseProject
from tests.participation.factories import make_request, make_round

pytestmark = pytest.mark.django_db

REAL_NOW = timezone.now


@pytest.fixture
def clock(monkeypatch):
    """The clock the app reads (`django.utils.timezone.now`, and `localdate` through it),
    at noon local time of today, moved by the test."""

    class Clock:
        now = timezone.make_aware(
            datetime.datetime.combine(timezone.localdate(REAL_NOW()), datetime.time(12))
        )

        def advance(self, **delta):
            self.now += datetime.timedelta(**delta)

    found = Clock()
    monkeypatch.setattr(timezone, "now", lambda: found.now)
    return found


def dashboard(project) -> str:
    with translation.override("en"):
        return reverse(
            "phases:project_dashboard",
            kwargs={"region": project.region.slug, "project": project.pk},
        )


def version(project) -> int:
    return PromiseProject.objects.values_list("content_version", flat=True).get(pk=project.pk)


def in_phase(project, number: int):
    PromiseProject.objects.filter(pk=project.pk).update(phase=number)
    project.refresh_from_db()
    return project


def view(client, project):
    response = client.get(dashboard(project))
    assert response.status_code == 200
    return response


def coming(response) -> dict[str, bool]:
    """{label: late} of the "coming up" block."""
    return {item.label: item.late for item in response.context["coming_up"]}


def test_a_task_due_tomorrow_is_late_on_the_dashboard_two_days_later(clock, project, users, login):
    preparer = users["preparer"]
    task = ProjectTask.objects.filter(project=project).order_by("pk").first()
    services.task_update(
        task=task,
        by=preparer,
        status="todo",
        assignee=preparer,
        due_date=timezone.localdate() + datetime.timedelta(days=1),
    )
    client = login(preparer)
    label = next(label for label in coming(view(client, project)) if "Task due" in label)
    assert coming(view(client, project))[label] is False  # warm: still ahead
    before = version(project)

    clock.advance(days=2)
    client = login(preparer)  # a new session at the new time
    response = view(client, project)
    assert coming(response)[label] is True
    assert "Late" in response.content.decode()
    assert version(project) == before  # no write: the date alone changed it


def test_a_round_closing_later_today_shows_closed_on_the_next_request_after_its_hour(
    clock, project, users, login
):
    in_phase(project, 3)
    round_ = make_round(project)
    CommentRound.objects.filter(pk=round_.pk).update(
        ends_at=clock.now + datetime.timedelta(minutes=30)
    )
    PromiseProject.objects.filter(pk=project.pk).update(content_version=version(project) + 1)
    client = login(users["preparer"])

    def round_steps(response) -> list[tuple[str, bool]]:
        return [
            (str(s.message), s.done)
            for s in response.context["next_steps"]
            if s.key.startswith("participation.round.close")
        ]

    open_steps = round_steps(view(client, project))
    assert len(open_steps) == 1 and "is still open" in open_steps[0][0]
    assert round_steps(view(client, project)) == open_steps  # warm, same moment

    clock.advance(minutes=45)  # the same day, past the round's closing hour
    response = view(client, project)
    assert round_steps(response) == [("The comment round is closed.", True)]
    closes = [i for i in response.context["coming_up"] if i.uid == f"round-close-{round_.pk}"]
    assert closes == []  # closed: no longer ahead


def test_a_statement_deadline_passing_within_the_day_marks_it_late(clock, project, users, login):
    in_phase(project, 3)
    round_ = make_round(project)
    request = make_request(round_, deadline=clock.now + datetime.timedelta(hours=2), bodies=2)
    client = login(users["preparer"])
    uid = f"statement-deadline-{request.pk}"

    def deadline(response):
        return next(i for i in response.context["coming_up"] if i.uid == uid)

    assert deadline(view(client, project)).late is False
    clock.advance(hours=3)
    assert deadline(view(client, project)).late is True


def test_a_warm_dashboard_reads_no_phase_catalogue_tasks_plans_or_checklists(project, users, login):
    client = login(users["preparer"])
    view(client, project)
    with CaptureQueriesContext(connection) as ctx:
        view(client, project)
    tables = " ".join(q["sql"] for q in ctx.captured_queries)
    for table in (
        "phases_phasedefinition",
        "phases_phasetransition",
        "phases_projecttask",
        "phases_phaseplan",
        "phases_checklistdefinition",
        "phases_checklistanswer",
        "phases_resultdefinition",
    ):
        assert f'"{table}"' not in tables, table


def test_a_checklist_answer_and_a_renamed_checklist_show_on_the_next_dashboard(
    project, users, login
):
    checklist = ChecklistDefinition.objects.filter(phase__number=project.phase).first()
    assert checklist is not None
    statement = checklist.statements.first()
    client = login(users["preparer"])

    def answered(response) -> int:
        return next(c for c in response.context["checklists"] if c.pk == checklist.pk).answered

    assert answered(view(client, project)) == 0
    ChecklistAnswer.objects.get_or_create(project=project, statement=statement)
    services.checklist_answer(
        project=project, answers={statement.pk: ("yes", "")}, by=users["preparer"]
    )
    assert answered(view(client, project)) == 1

    with translation.override("en"):
        checklist.name = "A renamed checklist"
        checklist.save()
    assert "A renamed checklist" in view(client, project).content.decode()


def test_the_kept_task_table_offers_members_by_their_current_names_per_users_permissions(
    project, users, login, region
):
    from tests.factories import member

    preparer = login(users["preparer"])
    html = view(preparer, project).content.decode()
    assert 'name="task"' in html  # the table's form, for one who may edit
    newcomer = member(
        region, "working_group", username="u_newcomer", first_name="Uusi", last_name="Tulija"
    )
    html = view(preparer, project).content.decode()
    assert f'<option value="{newcomer.pk}">Uusi Tulija</option>' in html
    before = version(project)
    newcomer.first_name = "Vastatullut"
    newcomer.save()  # a user's name is not the project's content: the key has it
    assert version(project) == before
    html = view(preparer, project).content.decode()
    assert f'<option value="{newcomer.pk}">Vastatullut Tulija</option>' in html

    from django.test import Client

    viewer = Client()
    viewer.force_login(users["viewer"])
    html = view(viewer, project).content.decode()
    assert 'name="task"' not in html and f'<option value="{newcomer.pk}">' not in html
    assert 'name="task"' in view(preparer, project).content.decode()


def test_the_kept_panels_show_a_round_and_its_counter_on_the_next_render(project, users, login):
    in_phase(project, 3)
    client = login(users["preparer"])
    assert "No comment round yet." in view(client, project).content.decode()
    round_ = make_round(project)
    html = view(client, project).content.decode()
    assert "No comment round yet." not in html
    assert str(round_.version) in html
