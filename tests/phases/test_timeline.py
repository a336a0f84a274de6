"""The project's timeline page, its compact block on the dashboard, and each user's
calendar feed (parsed with the icalendar package)."""

from __future__ import annotations

import datetime

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from phases import services
from phases.models import CouncilDecision, PhasePlan, ProjectTask, UserProfile
from phases.platform.notifications import profile_for
from tests.participation.factories import make_request, make_round

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def url(name, project, lang="en"):
    with translation.override(lang):
        return reverse(
            f"phases:{name}", kwargs={"region": project.region.slug, "project": project.pk}
        )


def feed_url(user):
    return reverse("phases:calendar_feed", kwargs={"feed_token": profile_for(user).feed_token})


@pytest.fixture
def dated(project, users):
    """A project with planned phases (phase 1 late), tasks with due dates (one late, one of
    another user), a comment round with a statement request and a planned council meeting."""
    preparer, member = users["preparer"], users["working_group"]
    services.phase_plan_save(
        project=project,
        plans={
            1: (TODAY - datetime.timedelta(days=40), TODAY - datetime.timedelta(days=2)),
            2: (TODAY, TODAY + datetime.timedelta(days=60)),
        },
        meeting_on=TODAY + datetime.timedelta(days=120),
    )
    tasks = list(ProjectTask.objects.filter(project=project).order_by("pk")[:3])
    services.task_update(
        task=tasks[0],
        by=preparer,
        status="todo",
        assignee=preparer,
        due_date=TODAY - datetime.timedelta(days=1),
    )
    services.task_update(
        task=tasks[1],
        by=preparer,
        status="todo",
        assignee=preparer,
        due_date=TODAY + datetime.timedelta(days=5),
    )
    services.task_update(
        task=tasks[2],
        by=preparer,
        status="todo",
        assignee=member,
        due_date=TODAY + datetime.timedelta(days=6),
    )
    round = make_round(project)
    make_request(round, deadline=timezone.now() + datetime.timedelta(days=7), bodies=2)
    return {"tasks": tasks, "round": round}


def test_timeline_page_shows_phases_tasks_rounds_deadlines_and_meeting(
    dated, project, users, login
):
    client = login(users["viewer"])
    html = client.get(url("timeline", project)).content.decode()
    tasks = dated["tasks"]
    assert "Phase 1 is planned to end" in html
    assert "Planned council meeting on the promise" in html
    assert '<span class="meta">Council meeting ' in html  # in the decision phase's row
    assert f"Task due: {tasks[0].definition.name_en}" in html
    assert "The comment round on" in html and "closes" in html
    assert "Statement deadline: Lausuntopyyntö (0 of 2 received)" in html
    # Late: phase 1's planned end and the first task are past and not done.
    assert html.count('<span class="status status--missing">Late</span>') >= 3
    assert 'class="late"' in html
    assert "Save the timetable" not in html  # a viewer reads, never plans


def test_timeline_in_finnish_and_swedish(dated, project, users, login):
    client = login(users["preparer"])
    fi = client.get(url("timeline", project, "fi")).content.decode()
    sv = client.get(url("timeline", project, "sv")).content.decode()
    assert "Aikajana" in fi and "Myöhässä" in fi and "Lausuntojen määräaika" in fi
    assert "Tidslinje" in sv and "Försenad" in sv and "Tidsfrist för utlåtanden" in sv


def test_the_timetable_is_saved_and_a_wrong_order_keeps_what_was_typed(project, users, login):
    client = login(users["preparer"])
    data = {"start_3": "2027-05-01", "end_3": "2027-04-01", "meeting": "2027-09-15"}
    response = client.post(url("timeline", project), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The end cannot be before the start." in html and 'value="2027-05-01"' in html
    assert not PhasePlan.objects.filter(project=project).exists()
    data["end_3"] = "2027-06-30"
    assert client.post(url("timeline", project), data).status_code == 302
    plan3 = PhasePlan.objects.get(project=project, phase=3)
    assert (plan3.starts_on, plan3.ends_on) == (
        datetime.date(2027, 5, 1),
        datetime.date(2027, 6, 30),
    )
    assert PhasePlan.objects.get(project=project, phase=4).meeting_on == datetime.date(2027, 9, 15)
    viewer = login(users["viewer"])
    assert viewer.post(url("timeline", project), data).status_code == 403


def test_dashboard_shows_the_late_and_next_items(dated, project, users, login):
    client = login(users["preparer"])
    html = client.get(url("project_dashboard", project)).content.decode()
    assert "Coming up" in html
    block = html[html.index('id="coming-up-title"') :]
    assert block.index("Late") < block.index(dated["tasks"][1].definition.name_en)
    assert url("timeline", project) in block


def test_timeline_queries_do_not_grow_with_more_dated_items(dated, project, users, login):
    client = login(users["preparer"])
    with CaptureQueriesContext(connection) as few:
        client.get(url("timeline", project))
    for task in ProjectTask.objects.filter(project=project, due_date__isnull=True)[:15]:
        services.task_update(
            task=task, by=users["preparer"], status="todo", due_date=TODAY, assignee=None
        )
    make_request(dated["round"], bodies=3)
    make_round(project)
    with CaptureQueriesContext(connection) as many:
        client.get(url("timeline", project))
    assert len(many) == len(few)


def test_the_calendar_feed_is_valid_icalendar_with_the_users_own_tasks(
    dated, project, users, client
):
    preparer = users["preparer"]
    response = client.get(feed_url(preparer))  # no login: the token is the key
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    assert str(cal["VERSION"]) == "2.0" and cal["PRODID"]
    events = list(cal.walk("VEVENT"))
    summaries = [str(e["SUMMARY"]) for e in events]
    tasks = dated["tasks"]
    # Finnish by default: the preparer's own tasks, not the working-group member's.
    assert any(tasks[0].definition.name_fi in s for s in summaries)
    assert not any(tasks[2].definition.name_fi in s for s in summaries)
    assert any("Lausuntojen määräaika" in s for s in summaries)
    assert any(s.startswith("Myöhässä") for s in summaries)
    for event in events:
        assert event["UID"] and event["DTSTAMP"]
        start = event.decoded("DTSTART")
        assert isinstance(start, datetime.date) and not isinstance(start, datetime.datetime)
        assert event.decoded("DTEND") == start + datetime.timedelta(days=1)
    assert len({str(e["UID"]) for e in events}) == len(events)


def test_the_feed_follows_the_users_language_and_renewing_the_address_revokes_it(
    dated, project, users, client, login
):
    member = users["working_group"]
    UserProfile.objects.update_or_create(user=member, defaults={"language": "sv"})
    old = feed_url(member)
    cal = icalendar.Calendar.from_ical(client.get(old).content)
    summaries = [str(e["SUMMARY"]) for e in cal.walk("VEVENT")]
    assert any(dated["tasks"][2].definition.name_sv in s for s in summaries)
    assert any("Tidsfrist för utlåtanden" in s for s in summaries)
    login(member).post(reverse("phases:user_settings"), {"renew_feed": "1"})
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(feed_url(member)).status_code == 200


def test_a_stranger_feed_shows_nothing_of_another_region(dated, users, client):
    cal = icalendar.Calendar.from_ical(client.get(feed_url(users["stranger"])).content)
    assert list(cal.walk("VEVENT")) == []
    assert client.get("/calendar/not-a-real-token-at-all-xyz.ics").status_code in {404, 302}


def test_a_recorded_council_meeting_is_on_the_timeline(project, users, login):
    CouncilDecision.objects.create(
        project=project,
        body="aluevaltuusto",
        meeting_date=TODAY,
        section="45",
        outcome=CouncilDecision.Outcome.APPROVED,
    )
    html = login(users["viewer"]).get(url("timeline", project)).content.decode()
    assert "Council meeting: aluevaltuusto § 45, Approved" in html
