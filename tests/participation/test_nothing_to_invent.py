"""Issue 25, item 3, participation's part: an activity may be undated (the city's records
give no date for most), and the phase-2 synthesis may be one common text that covers every
perspective, which the phase gate accepts (texts per perspective then optional)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from participation import services
from participation.models import Activity, Synthesis
from participation.registrations import synthesis_status
from phases import services as phase_services
from phases.demo import complete_core
from phases.perspectives import Perspective

from .test_planning import to_phase_2

pytestmark = pytest.mark.django_db


def url(name, project, language="sv", **extra):
    with translation.override(language):
        return reverse(
            f"participation:{name}",
            kwargs={"region": project.region.slug, "project": project.pk, **extra},
        )


def test_an_activity_without_any_date_is_saved_as_undated(login, preparer, project):
    client = login(preparer)
    response = client.post(
        url("activity_new", project),
        {"title": "Hörande av äldrerådet", "method": "workshop", "date_precision": "unknown"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    activity = Activity.objects.get(title="Hörande av äldrerådet")
    assert activity.date is None
    assert activity.date_precision == Activity.Precision.UNKNOWN
    row = client.get(url("overview", project)).content.decode().split("Hörande av äldrerådet")[1]
    assert "datum inte känt" in row.split("</tr>")[0]
    # A date typed beside "not known" is not kept: nothing is made up or half-kept.
    response = client.post(
        url("activity_new", project),
        {
            "title": "Enkät",
            "method": "e_survey",
            "date_precision": "unknown",
            "year": "2021",
            "date": "2021-05-04",
        },
    )
    assert response.status_code == 302
    assert Activity.objects.get(title="Enkät").date is None
    # Its edit page says it is not known (not today's date, not a year).
    html = client.get(url("activity_edit", project, activity=activity.pk)).content.decode()
    assert re.search(r'value="unknown"[^>]*checked', html)
    assert not re.search(r'value="day"[^>]*checked', html)


def test_undated_activities_are_listed_after_the_dated(project):
    services.activity_save(
        project=project,
        title="Utan datum",
        method="workshop",
        date=None,
        date_precision="unknown",
        stakeholders=[],
    )
    services.activity_save(
        project=project,
        title="Med datum",
        method="workshop",
        date="2021-05-04",
        stakeholders=[],
    )
    titles = list(Activity.objects.filter(project=project).values_list("title", flat=True))
    assert titles == ["Med datum", "Utan datum"]


def test_a_dated_precision_still_needs_its_date(project):
    with pytest.raises(ValidationError):
        services.activity_save(
            project=project, title="X", method="workshop", date=None, stakeholders=[]
        )
    assert not Activity.objects.filter(title="X").exists()


def test_one_common_synthesis_passes_the_phase_2_gate(login, preparer, project):
    project = to_phase_2(project, preparer)
    complete_core(project, 2, preparer)
    assert not synthesis_status(project).done
    with pytest.raises(phase_services.PhaseError):
        phase_services.project_advance(project=project, by=preparer, expected_phase=2)
    client = login(preparer)
    edit = url("synthesis_edit", project, perspective=Synthesis.COMMON)
    page = client.get(edit).content.decode()
    assert "Alla perspektiv (ett gemensamt sammandrag)" in page
    response = client.post(
        edit, {"text_sv": "Sammandraget täcker alla fem perspektiv.", "lock_version": 1}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    common = Synthesis.objects.get(project=project, perspective=Synthesis.COMMON)
    assert common.text_sv == "Sammandraget täcker alla fem perspektiv." and not common.text_fi
    assert not Synthesis.objects.filter(project=project, perspective__in=Perspective.values)
    status = synthesis_status(project)
    assert status.done
    # Every perspective is shown as covered by it; the common text is on the page.
    html = client.get(url("synthesis", project)).content.decode()
    assert html.count("Täcks av det gemensamma sammandraget") == len(Perspective.values)
    assert "Sammandraget täcker alla fem perspektiv." in html
    project = phase_services.project_advance(project=project, by=preparer, expected_phase=2)
    assert project.phase == 3


def test_an_empty_common_synthesis_does_not_count(project, preparer):
    project = to_phase_2(project, preparer)
    services.synthesis_save(
        project=project,
        perspective=Synthesis.COMMON,
        texts={"fi": "", "sv": " "},
        lock_version=1,
        by=preparer,
    )
    assert not synthesis_status(project).done
    with pytest.raises(ValidationError):
        services.synthesis_save(
            project=project,
            perspective="nonsense",
            texts={"fi": "x"},
            lock_version=1,
            by=preparer,
        )
