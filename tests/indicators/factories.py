"""Factories of the indicators tests: promises and commitments (made directly, as the
promise editor's services are not ours) and indicators with targets and measurements."""

from decimal import Decimal

import factory

from indicators.models import Indicator, Measurement, Target
from indicators.status import parse_period
from phases.perspectives import Perspective
from promises.models import Commitment, Promise


class PromiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promise

    title = factory.Sequence(lambda n: f"Kaikki asukkaat {n}")
    title_fi = factory.SelfAttribute("title")
    title_sv = factory.Sequence(lambda n: f"Alla invånare {n}")


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    promise = factory.SubFactory(PromiseFactory)
    perspective = Perspective.ACCESS
    title = factory.Sequence(lambda n: f"Sitoumus {n}")
    title_fi = factory.SelfAttribute("title")
    title_sv = factory.Sequence(lambda n: f"Åtagande {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    name = factory.Sequence(lambda n: f"Mittari {n}")
    name_fi = factory.SelfAttribute("name")
    name_sv = factory.LazyAttribute(lambda o: f"{o.name} (sv)")
    name_en = factory.SelfAttribute("name")
    unit_fi = "%"
    unit_sv = "%"
    unit_en = "%"
    perspective = Perspective.ACCESS
    kind = Indicator.Kind.OUTCOME
    direction = Indicator.Direction.HIGHER
    is_key = True
    order = factory.Sequence(lambda n: n)


def with_targets(indicator: Indicator, values: dict[int, str]) -> Indicator:
    for year, value in values.items():
        Target.objects.create(indicator=indicator, year=year, value=Decimal(value))
    return indicator


def measure(indicator: Indicator, period: str, value: str, **kwargs) -> Measurement:
    p = parse_period(period)
    return Measurement.objects.create(
        indicator=indicator,
        year=p.year,
        quarter=p.quarter,
        month=p.month,
        value=Decimal(value),
        **kwargs,
    )
