"""The case (diary) number and the minutes link of the council matter: recorded with the
decision, shown in the decision PDF, on the public page and in the JSON, and searchable on
the region's project list."""

import io
import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from phases.models import CouncilDecision, PromiseProject
from phases.roles import Role
from promises.decision import services as decision_services
from tests.factories import ProjectFactory, RegionFactory, member

from . import test_decision_support as support

pytestmark = pytest.mark.django_db

media_root = support.media_root
ready = support.ready

CASE = "HVA/1234/00.01.02/2024"
MINUTES = "https://paatokset.example.fi/poytakirjat/2024-03-18"


def tr(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def decided(ready, users):
    cache.clear()
    decision = support.decision_services.decision_record(
        project=ready,
        by=users["secretary"],
        body={"fi": "aluevaltuusto", "sv": "välfärdsområdesfullmäktige"},
        meeting_date=support.datetime.date(2024, 3, 18),
        section="45",
        case_number=f"  {CASE} ",
        minutes_url=MINUTES,
        outcome="approved",
        text={"fi": "Hyväksyttiin."},
        languages=["fi", "sv"],
    )
    yield ready, decision
    cache.clear()


def test_decision_keeps_the_case_number_and_the_project_takes_it(decided):
    project, decision = decided
    assert decision.case_number == CASE and decision.minutes_url == MINUTES
    project.refresh_from_db()
    assert project.case_number == CASE  # the project had none


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


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_pdf_shows_the_case_number_and_the_minutes_link(decided, language):
    _project, decision = decided
    with decision.documents.get(language=language).file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    first_pages = " ".join(" ".join(page.extract_text().split()) for page in reader.pages[:2])
    assert f"{tr('Case number', language)} {CASE}" in first_pages
    assert MINUTES in first_pages.replace(" ", "")
    links = [
        annot.get_object().get("/A", {}).get("/URI")
        for page in reader.pages[:2]
        for annot in page.get("/Annots", []) or []
    ]
    assert MINUTES in links


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_public_page_and_json_show_the_case_number(client, decided, language):
    project, decision = decided
    with translation.override(language):
        page = client.get(reverse("public:promise", kwargs={"region": project.region.slug}))
        data = json.loads(
            client.get(reverse("public:json", kwargs={"region": project.region.slug})).content
        )
    html = page.content.decode()
    assert tr("Case number", language) in html and CASE in html
    assert f'href="{MINUTES}"' in html
    with translation.override(language):  # the region's own statements are linked
        for name in ("phases:region_accessibility", "phases:region_privacy"):
            assert reverse(name, kwargs={"region": project.region.slug}) in html
    assert data["decision"]["case_number"] == CASE
    assert data["decision"]["minutes_url"] == MINUTES
    assert data["project"]["case_number"] == CASE


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


def region_list(client, region, query):
    return client.get(reverse("phases:region_detail", kwargs={"region": region.slug}), {"q": query})


def test_region_project_list_finds_a_project_by_case_number(client, decided, users, login):
    project, _decision = decided
    other = ProjectFactory(region=project.region, title="Toinen kierros")
    PromiseProject.objects.filter(pk=other.pk).update(case_number="HVA/999/2026")
    foreign_region = RegionFactory(slug="vieras")
    foreign = ProjectFactory(region=foreign_region, title="Vieras")
    PromiseProject.objects.filter(pk=foreign.pk).update(case_number=CASE)
    client = login(users["viewer"])

    found = region_list(client, project.region, "1234/00").context["projects"]
    assert found == [project]  # by the decision's / project's number, not another region's
    assert region_list(client, project.region, "hva/999").context["projects"] == [other]
    assert region_list(client, project.region, "Toinen").context["projects"] == [other]
    assert len(region_list(client, project.region, "").context["projects"]) == 2
    response = region_list(client, project.region, "ei-ole")
    assert response.context["projects"] == []
    assert tr("No project matches the search.", "fi") in response.content.decode()


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
