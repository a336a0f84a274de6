"""The content version (phases/content.py) is raised by a real change of the project's
content only: not by a save of the same values (a form posted back unchanged, links set
again as they were), and also by the services' bulk writes, which send no signal."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from indicators import services as indicator_services
from participation import services as participation_services
from participation.models import Stakeholder
from phases.models import ProjectTask, PromiseProject
from promises.models import Commitment, StrategyGoal
from tests.indicators.factories import IndicatorFactory
from tests.participation.factories import make_promise
from tests.promises.test_editor_concurrent import opened, person, send

pytestmark = pytest.mark.django_db


def version(project) -> int:
    return PromiseProject.objects.values_list("content_version", flat=True).get(pk=project.pk)


def test_a_save_of_the_same_values_raises_nothing_a_change_raises_once(project):
    promise = make_promise(project)
    start = version(project)
    commitment = Commitment.objects.filter(promise=promise).first()
    commitment.save()  # loaded and saved as it was
    commitment.lock_version += 1  # the save's own bookkeeping
    commitment.save()
    assert version(project) == start
    commitment.title_fi = "Uusi otsikko"
    commitment.save()
    assert version(project) == start + 1
    commitment.save()  # the same instance saved again without a change
    assert version(project) == start + 1


def test_links_set_again_as_they_were_raise_nothing(project):
    promise = make_promise(project)
    goal = StrategyGoal.objects.create(
        region=project.region, kind=StrategyGoal.Kind.values[0], title="Hyvä arki"
    )
    commitment = Commitment.objects.filter(promise=promise).first()
    commitment.strategy_goals.set([goal])
    start = version(project)
    commitment.strategy_goals.set([goal])
    assert version(project) == start
    commitment.strategy_goals.set([])
    assert version(project) == start + 1


def test_a_form_posted_back_unchanged_raises_nothing(project, users):
    task = ProjectTask.objects.filter(project=project).order_by("pk").first()
    with translation.override("fi"):
        url = reverse(
            "phases:task_edit",
            kwargs={"region": project.region.slug, "project": project.pk, "task": task.pk},
        )
    client = person(Client, users["preparer"])
    start = version(project)
    assert send(client, url, opened(client, url)).status_code == 302
    assert version(project) == start
    assert send(client, url, opened(client, url), notes="Muistiinpano").status_code == 302
    assert version(project) == start + 1


def test_a_bulk_import_of_measurements_raises_the_version_once_when_it_changes_them(project):
    indicator = IndicatorFactory(project=project, name="Vastausaika")
    data = f"indicator;period;value\r\n{indicator.pk};2026;68,5\r\n{indicator.pk};2025;60\r\n"
    start = version(project)
    indicator_services.measurements_import(project=project, data=data.encode(), by=None)
    assert version(project) == start + 1
    indicator_services.measurements_import(project=project, data=data.encode(), by=None)
    assert version(project) == start + 1  # the same values again: nothing changed
    changed = data.replace("68,5", "70")
    indicator_services.measurements_import(project=project, data=changed.encode(), by=None)
    assert version(project) == start + 2


def test_the_catalogues_stakeholders_added_in_bulk_raise_the_version(project):
    Stakeholder.objects.filter(project=project).delete()
    start = version(project)
    assert participation_services.stakeholders_ensure(project=project) > 0
    assert version(project) == start + 1
    assert participation_services.stakeholders_ensure(project=project) == 0
    assert version(project) == start + 1
