"""The case number and the minutes link as the secretary records them (the form refuses a
bad link and keeps what was typed), the project's number as the decision's default, and
the region's search by a decision's number (an approved decision's number in its PDF and
on the public page: test_case_numbers.py)."""

import pytest
from django.urls import reverse

from phases.models import CouncilDecision, PromiseProject
from phases.roles import Role
from promises.decision import services as decision_services
from tests.factories import member

from . import test_decision_support as support
from .test_case_numbers import CASE, MINUTES, region_list

pytestmark = pytest.mark.django_db

media_root = support.media_root
ready = support.ready


def test_the_projects_case_number_is_the_decisions_default(ready, users):
    PromiseProject.objects.filter(pk=ready.pk).update(case_number="HVA/1/2024")
    ready.refresh_from_db()
    decision = decision_services.decision_record(
        project=ready,
        by=users["secretary"],
        body={"fi": "aluevaltuusto", "sv": "välfärdsområdesfullmäktige"},
        meeting_date=support.datetime.date(2024, 3, 18),
        section="45",
        outcome="returned",
        text={"fi": "Palautettiin valmisteluun."},
        languages=[],
    )
    assert decision.case_number == "HVA/1/2024"


RECORD = {
    "body_fi": "aluevaltuusto",
    "body_sv": "välfärdsområdesfullmäktige",
    "meeting_date": "2024-03-18",
    "section": "45",
    "outcome": "approved",
    "text_fi": "Hyväksyttiin.",
    "languages": ["fi"],
    "confirm": "1",  # the confirmation page's button
}


def record_url(project):
    return reverse(
        "promises_decision:record", kwargs={"region": project.region.slug, "project": project.pk}
    )


def test_record_form_takes_the_case_number_and_refuses_a_bad_minutes_link(ready, users, login):
    client = login(users["secretary"])
    response = client.post(
        record_url(ready), {**RECORD, "case_number": CASE, "minutes_url": "javascript:alert(1)"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert CASE in html  # what was typed stays
    assert not CouncilDecision.objects.exists()
    response = client.post(
        record_url(ready), {**RECORD, "case_number": CASE, "minutes_url": MINUTES}
    )
    assert response.status_code == 302
    decision = CouncilDecision.objects.get()
    assert (decision.case_number, decision.minutes_url) == (CASE, MINUTES)


def test_search_finds_the_number_of_a_decision_only(client, ready, users, login):
    decision_services.decision_record(
        project=ready,
        by=users["secretary"],
        body={"fi": "aluevaltuusto", "sv": "välfärdsområdesfullmäktige"},
        meeting_date=support.datetime.date(2024, 3, 18),
        section="45",
        case_number="VANHA/7/2023",
        outcome="returned",
        text={"fi": "Palautettiin."},
        languages=[],
    )
    PromiseProject.objects.filter(pk=ready.pk).update(case_number="UUSI/8/2024")
    viewer = member(ready.region, Role.VIEWER, username="lukija")
    client = login(viewer)
    assert region_list(client, ready.region, "vanha/7").context["projects"] == [ready]
