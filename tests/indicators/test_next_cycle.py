"""Issue 12: the next cycle copies the indicators, their links to the copied commitments
and their targets moved to the new years; measurements are not copied. Chosen per part on
the new-project page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, Measurement
from phases.models import PromiseProject
from phases.roles import Role
from promises import services as promise_services
from tests.factories import ProjectFactory
from tests.promises.factories import filled_promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def previous(region):
    project = ProjectFactory(region=region, title="Edellinen", term_start=2023, term_end=2025)
    promise = filled_promise(project)
    commitments = list(promise.commitments.order_by("pk"))
    # A cross-cutting statutory item: kind, sides and legal reference travel too.
    promise_services.commitment_update(
        commitment=commitments[0],
        lock_version=commitments[0].lock_version,
        perspective="",
        title={"fi": "Kiireetön hoito ajallaan"},
        description={},
        strategy_goals=[],
        by=None,
        kind="statutory",
        side="both",
        legal_reference={"fi": "Terveydenhuoltolaki 51 §"},
    )
    promise_services.version_freeze(promise=promise, by=None, kind="approved")
    indicator = services.indicator_create(
        project=project,
        data={"name_fi": "Hoitoon pääsy", "name_sv": "Tillgång till vård", "perspective": "access"},
        targets={2023: Decimal("80"), 2024: Decimal("85"), 2025: Decimal("90")},
        commitments=commitments[:2],
    )
    Measurement.objects.create(indicator=indicator, year=2024, value=Decimal("83"))
    return project


def create_next(client, users, region, previous, **choices):
    client.force_login(users[Role.REGION_ADMIN])
    response = client.post(
        reverse("phases:project_create", kwargs={"region": region.slug}),
        {
            "title_fi": "Seuraava",
            "title_sv": "Nästa",
            "term_start": "2027",
            "term_end": "2029",
            "previous_project": previous.pk,
            **choices,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return PromiseProject.objects.get(region=region, title_fi="Seuraava")


def test_next_cycle_copies_indicators_links_and_shifted_targets(client, users, region, previous):
    new = create_next(client, users, region, previous, copy_previous="on", copy_indicators="on")
    [copy] = Indicator.objects.filter(project=new)
    assert (copy.name_fi, copy.name_sv) == ("Hoitoon pääsy", "Tillgång till vård")
    assert {t.year: t.value for t in copy.targets.all()} == {
        2027: Decimal("80"),
        2028: Decimal("85"),
        2029: Decimal("90"),
    }
    assert not copy.measurements.exists()
    linked = list(copy.commitments.all())
    assert len(linked) == 2
    assert all(c.promise.project_id == new.pk for c in linked)
    statutory = next(c for c in linked if c.kind == "statutory")
    assert statutory.perspective == "" and statutory.side == "both"
    assert statutory.legal_reference_fi == "Terveydenhuoltolaki 51 §"
    # So the copied commitments are measured: nothing blocks phase 3 because of them.
    from indicators.selectors import commitments_without_indicator

    assert not commitments_without_indicator([c.pk for c in linked])


def test_each_part_is_a_choice(client, users, region, previous):
    new = create_next(client, users, region, previous, copy_previous="on")
    assert new.promises.exists()
    assert not Indicator.objects.filter(project=new).exists()


def test_indicators_without_the_promise_keep_no_links(client, users, region, previous):
    new = create_next(client, users, region, previous, copy_indicators="on")
    assert not new.promises.exists()
    [copy] = Indicator.objects.filter(project=new)
    assert not copy.commitments.exists()
    assert copy.targets.count() == 3
