"""The case (diary) number and the minutes link of the council matter: recorded with the
decision, shown in the decision PDF, on the public page and in the JSON, and searchable on
the region's project list."""

import json

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from phases.models import CouncilDecision, PromiseProject
from tests.factories import ProjectFactory, RegionFactory
from tests.pdf_text import pdf_reader, pdf_text, stored_pdf

from . import approved_world as world
from . import test_decision_support as support

pytestmark = pytest.mark.django_db


CASE = "HVA/1234/00.01.02/2024"
MINUTES = "https://paatokset.example.fi/poytakirjat/2024-03-18"


def tr(text: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


def record_with_case_number(ready, users):
    cache.clear()
    return support.decision_services.decision_record(
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


# The decision with a case number (and its PDFs) is built once for this module: each test
# reads it in its own savepoint, with its own copy of the files. Recording through the
# form and the search of a returned decision: test_case_numbers_recording.py.
approved_world = support.approved_world_fixture(record_with_case_number)
region, users, project, media_root = world.FIXTURES[1:5]


@pytest.fixture
def decided(approved_world, project, media_root):
    cache.clear()
    yield project, CouncilDecision.objects.get(pk=approved_world.decision)
    cache.clear()


def test_decision_keeps_the_case_number_and_the_project_takes_it(decided):
    project, decision = decided
    assert decision.case_number == CASE and decision.minutes_url == MINUTES
    project.refresh_from_db()
    assert project.case_number == CASE  # the project had none


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_pdf_shows_the_case_number_and_the_minutes_link(decided, language):
    _project, decision = decided
    data = stored_pdf(decision.documents.get(language=language))
    reader = pdf_reader(data)
    first_pages = pdf_text(data, pages=2)
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
