"""Issue 12, terms: a promise has a period; approving one whose period has not started
keeps the current one in force publicly; a future meeting date needs "decided in advance"."""

import datetime
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation

from promises.decision import services as decision_services
from tests.factories import ProjectFactory

from . import test_decision_support as support
from .test_decision_support import COMMITMENT, decision_ready_project

pytestmark = pytest.mark.django_db
media_root = support.media_root
ready = support.ready
approved = support.approved


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


def record(project, users, **kwargs):
    params = {
        "project": project,
        "by": users["secretary"],
        "body": {"fi": "aluevaltuusto", "sv": "välfärdsområdesfullmäktige"},
        "meeting_date": datetime.date(2024, 3, 18),
        "section": "12",
        "outcome": "approved",
        "text": {},
        "languages": ["fi"],
    } | kwargs
    return decision_services.decision_record(**params)


def test_a_future_meeting_date_is_refused_unless_decided_in_advance(ready, users):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(decision_services.DecisionError) as exc:
        record(ready, users, meeting_date=tomorrow)
    assert "etukäteen" in str(exc.value.messages)  # tests run in Finnish
    decision = record(ready, users, meeting_date=tomorrow, decided_in_advance=True)
    assert decision.decided_in_advance


def test_a_promise_whose_period_has_not_started_leaves_the_current_one_in_force(
    client, approved, users, django_capture_on_commit_callbacks
):
    project, current = approved
    start = timezone.localdate() + datetime.timedelta(days=30)
    newer = decision_ready_project(
        ProjectFactory(region=project.region, term_start=2030, term_end=2033), users, commitments=1
    )
    newer.promises.update(title_fi="Uusi asiakassegmentti")
    with django_capture_on_commit_callbacks(execute=True):
        upcoming = record(
            newer,
            users,
            meeting_date=timezone.localdate(),
            period_start=start,
            period_end=datetime.date(2033, 12, 31),
        )
    with translation.override("fi"):
        page_url = reverse("public:promise", kwargs={"region": project.region.slug})
        json_url = reverse(
            "public:decision_json",
            kwargs={"region": project.region.slug, "decision": upcoming.pk},
        )
        current_json = reverse("public:json", kwargs={"region": project.region.slug})
    html = client.get(page_url).content.decode()
    assert "§ 45" in html  # still the promise approved first
    assert f"{start.day}.{start.month}.{start.year} alkaen: uusi palvelulupaus." in html
    data = json.loads(client.get(current_json).content)
    assert data["decision"]["id"] == current.pk and data["in_force"]
    # The new one is in the archive and carries its period in the open data.
    newer_data = json.loads(client.get(json_url).content)
    assert newer_data["decision"]["period_start"] == start.isoformat()
    assert newer_data["decision"]["period_end"] == "2033-12-31"
    assert not newer_data["in_force"]
    assert COMMITMENT["fi"] in html


def test_the_record_form_refuses_a_future_date_and_keeps_what_was_typed(ready, users, client):
    client.force_login(users["secretary"])
    with translation.override("sv"):
        url = reverse(
            "promises_decision:record",
            kwargs={"region": ready.region.slug, "project": ready.pk},
        )
    future = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        url,
        {
            "body_fi": "aluevaltuusto",
            "body_sv": "fullmäktige",
            "meeting_date": future,
            "section": "7",
            "outcome": "approved",
            "languages": ["sv"],
            "confirm": "1",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "i förväg" in html
    assert future in html
    assert not ready.decisions.exists()
