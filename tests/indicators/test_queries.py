"""List pages use a constant number of queries whatever the number of indicators."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.models import Indicator, Measurement, Target
from tests.indicators.factories import CommitmentFactory, PromiseFactory

pytestmark = pytest.mark.django_db


def make(project, count: int, *, key: bool = True):
    promise = PromiseFactory(project=project)
    commitment = CommitmentFactory(promise=promise)
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                project=project,
                name=f"Mittari {n}",
                name_fi=f"Mittari {n}",
                name_sv=f"Mätare {n}",
                perspective=["access", "quality", "integration"][n % 3],
                is_key=key,
                order=n,
            )
            for n in range(count)
        ]
    )
    years = range(2020, 2030)
    Target.objects.bulk_create(
        [Target(indicator=i, year=y, value=Decimal(50 + y % 7)) for i in indicators for y in years]
    )
    Measurement.objects.bulk_create(
        [
            Measurement(indicator=i, year=y, value=Decimal(48 + (i.pk + y) % 9))
            for i in indicators
            for y in years
        ]
    )
    through = Indicator.commitments.through
    through.objects.bulk_create(
        [through(indicator_id=i.pk, commitment_id=commitment.pk) for i in indicators]
    )


def count_queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["indicators:overview", "indicators:evaluation"])
def test_query_count_is_constant(
    name, project, users, login, django_assert_max_num_queries, settings
):
    client = login(users["preparer"])
    kwargs = {"region": project.region.slug, "project": project.pk}
    if name == "indicators:evaluation":
        kwargs["year"] = 2027
    url = reverse(name, kwargs=kwargs)
    make(project, 5)
    small = count_queries(client, url, django_assert_max_num_queries, 40)
    make(project, 95)
    large = count_queries(client, url, django_assert_max_num_queries, 40)
    assert Indicator.objects.filter(project=project).count() == 100
    assert Measurement.objects.filter(indicator__project=project).count() == 1000
    assert large == small


def test_dashboard_panel_queries_are_constant(project, users, login, django_assert_max_num_queries):
    from phases.models import PromiseProject

    PromiseProject.objects.filter(pk=project.pk).update(phase=6)
    client = login(users["preparer"])
    url = reverse(
        "phases:project_dashboard", kwargs={"region": project.region.slug, "project": project.pk}
    )
    make(project, 5)
    small = count_queries(client, url, django_assert_max_num_queries, 80)
    make(project, 95)
    large = count_queries(client, url, django_assert_max_num_queries, 80)
    assert large == small


def test_the_overview_summarises_a_long_series(project, users, login):
    """Ten times the measurements (a monthly series of 100 years) leave the overview's page
    the same size: it shows each indicator's recent values and the exact latest value and
    status; the whole series is on the detail page."""
    from indicators.selectors import OVERVIEW_YEARS, overview

    client = login(users["preparer"])
    url = reverse(
        "indicators:overview", kwargs={"region": project.region.slug, "project": project.pk}
    )
    make(project, 3)
    indicator = Indicator.objects.filter(project=project).order_by("order").first()
    before = len(client.get(url).content)
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, year=year, month=month, value=Decimal(month))
        for year in range(1920, 2020)
        for month in range(1, 13)
    )
    # the latest value: the year 2029 (a year sorts after its own months and quarters)
    latest = Measurement.objects.get(indicator=indicator, year=2029, quarter=0, month=0)
    prepared = {i.pk: i for i in overview(project, ["fi", "sv"])}[indicator.pk]
    assert prepared.status_result.latest.value == latest.value
    # the trend: the latest year against the year before it (not against a month)
    previous = Measurement.objects.get(indicator=indicator, year=2028, quarter=0, month=0)
    expected = "rising" if latest.value > previous.value else "falling"
    expected = "unchanged" if latest.value == previous.value else expected
    assert prepared.trend == expected
    fi = client.get(url).content.decode()
    assert {"rising": "nouseva", "falling": "laskeva", "unchanged": "ennallaan"}[expected] in fi
    # the chart: the last ten years of values (the old monthly series is left out)
    assert [m.year for m in prepared.measurement_list] == list(range(2030 - OVERVIEW_YEARS, 2030))
    after = len(client.get(url).content)
    assert after <= before * 1.1
    detail = reverse(
        "indicators:detail",
        kwargs={"region": project.region.slug, "project": project.pk, "indicator": indicator.pk},
    )
    assert client.get(detail).status_code == 200
