"""Reads the indicator pages, the registry hooks and the documents share.

Every list read uses a fixed number of queries whatever the number of indicators,
targets and measurements (prefetches; status computed in Python by indicators.status).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from phases.models import PromiseProject
from phases.perspectives import Perspective
from phases.url_patterns import object_url, project_object_urls
from promises.models import Commitment, Promise
from promises.snapshot import perspective_order

from . import sotkanet
from .charts import Point, line_chart
from .models import Assessment, Indicator, Measurement, SotkanetValue, Target
from .status import Period, Status, StatusResult, indicator_status


def _prepare(indicator: Indicator) -> Indicator:
    """Attach what the pages show: targets by year, measurements by period, the status."""
    indicator.target_by_year = {t.year: t.value for t in indicator.targets.all()}
    indicator.measurement_list = sorted(
        indicator.measurements.all(), key=lambda m: m.period.sort_key
    )
    indicator.status_result = indicator_status(
        measurements=indicator.measurement_list,
        targets=indicator.target_by_year,
        higher_is_better=indicator.higher_is_better,
    )
    return indicator


def indicator_queryset(project: PromiseProject) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(project=project)
        .select_related("project__region")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("measurements", queryset=Measurement.objects.select_related("entered_by")),
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("promise").order_by(
                    "promise__order", "order", "pk"
                ),
            ),
        )
        .order_by("-is_key", "order", "pk")
    )


def indicators_for_project(project: PromiseProject, *, key_only: bool = False) -> list[Indicator]:
    queryset = indicator_queryset(project)
    if key_only:
        queryset = queryset.filter(is_key=True)
    return attach_comparisons([_prepare(i) for i in queryset])


class MeasuredValue:
    """A measurement's period and value, what the statuses and the charts read (the
    overview's 1,000 measurements without a model instance each)."""

    __slots__ = ("year", "quarter", "month", "value", "period", "fetched_at")

    def __init__(self, year: int, quarter: int, month: int, value: Decimal, fetched_at=None):
        self.year, self.quarter, self.month, self.value = year, quarter, month, value
        self.period = Period(year, quarter, month)
        self.fetched_at = fetched_at  # set when the value came from THL Sotkanet


def overview(project: PromiseProject, languages: list[str]) -> list[Indicator]:
    """The overview's indicators (key ones first), prepared as `_prepare` does, from three
    queries of plain values: targets by year, each indicator's recent measurements
    (`recent_measurements`: `MeasuredValue`s, no model instances, no commitments), the
    status. Each also gets its missing translations,
    its labels (`.kind_label`, `.direction_label`, `.perspective_label`), its detail
    page's address (`.detail_url`, one reverse for the list) and, if key, its chart."""
    indicators = list(Indicator.objects.filter(project=project).order_by("-is_key", "order", "pk"))
    targets: dict[int, dict[int, Decimal]] = {}
    for indicator_id, year, value in (
        Target.objects.filter(indicator__project=project)
        .order_by("year")
        .values_list("indicator_id", "year", "value")
    ):
        targets.setdefault(indicator_id, {})[year] = value
    measured: dict[int, list[MeasuredValue]] = {}
    for indicator_id, *values in recent_measurements(project):
        measured.setdefault(indicator_id, []).append(MeasuredValue(*values))
    detail = object_url(
        "indicators:detail", "indicator", region=project.region.slug, project=project.pk
    )
    labels = {
        name: {value: str(label) for value, label in Indicator._meta.get_field(name).flatchoices}
        for name in ("kind", "direction", "perspective")
    }
    for indicator in indicators:
        indicator.project = project  # the page's own (its region is loaded)
        indicator.target_by_year = targets.get(indicator.pk, {})
        recent = sorted(measured.get(indicator.pk, []), key=lambda m: m.period.sort_key)
        indicator.trend = trend(recent)
        # the chart's series: the last OVERVIEW_YEARS years of the recent values
        first_year = recent[-1].year - OVERVIEW_YEARS + 1 if recent else 0
        indicator.measurement_list = [m for m in recent if m.year >= first_year]
        indicator.status_result = indicator_status(
            measurements=indicator.measurement_list,
            targets=indicator.target_by_year,
            higher_is_better=indicator.higher_is_better,
        )
        indicator.detail_url = detail(indicator.pk)
        indicator.missing_languages = missing_translations(indicator, languages)
        for name, by_value in labels.items():
            value = getattr(indicator, name)
            setattr(indicator, f"{name}_label", by_value.get(value, value))
    attach_comparisons(indicators)
    for indicator in indicators:
        if indicator.is_key:
            attach_chart(indicator)
    return indicators


# The overview summarises: each indicator's most recent values only (the whole series is
# on its detail page), so the page stays flat however long the series grow. A year has at
# most 17 values (12 months, 4 quarters, the year), so the latest year is always whole and
# the latest value and the status are exact. The charts show the last OVERVIEW_YEARS years.
OVERVIEW_VALUES = 17
OVERVIEW_YEARS = 10


def trend(recent: list[MeasuredValue]) -> str:
    """ "rising", "falling" or "unchanged": the latest value against the one before it of
    the same kind of period (year to year, quarter to quarter, month to month); "" without
    an earlier one."""
    if not recent:
        return ""
    last = recent[-1]
    kind = (last.quarter > 0, last.month > 0)
    earlier = [m for m in recent[:-1] if (m.quarter > 0, m.month > 0) == kind]
    if not earlier:
        return ""
    before = earlier[-1].value
    return "rising" if last.value > before else "falling" if last.value < before else "unchanged"


def recent_measurements(project: PromiseProject, limit: int = OVERVIEW_VALUES) -> list[tuple]:
    """(indicator_id, year, quarter, month, value, fetched_at) of each indicator's `limit`
    most recent values by year (of its last OVERVIEW_YEARS years), in one query. On PostgreSQL a
    LATERAL join reads them from the unique index (indicator, year, quarter, month),
    backwards: the same cost at 1,000 and 10,000 measurements. Elsewhere (SQLite) a window function
    over the project's measurements."""
    if connection.vendor == "postgresql":
        measurement = Measurement._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                SELECT m.indicator_id, m.year, m.quarter, m.month, m.value, m.fetched_at
                FROM {Indicator._meta.db_table} i
                CROSS JOIN LATERAL (
                    SELECT indicator_id, year, quarter, month, value, fetched_at FROM {measurement}
                    WHERE indicator_id = i.id AND year > (
                        SELECT max(year) FROM {measurement} WHERE indicator_id = i.id
                    ) - %s
                    ORDER BY year DESC, quarter DESC, month DESC
                    LIMIT %s
                ) m
                WHERE i.project_id = %s
                """,
                [OVERVIEW_YEARS, limit, project.pk],
            )
            return cursor.fetchall()
    return list(
        Measurement.objects.filter(indicator__project=project)
        .annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("indicator_id")],
                order_by=[F("year").desc(), F("quarter").desc(), F("month").desc()],
            )
        )
        .filter(recency__lte=limit)
        .values_list("indicator_id", "year", "quarter", "month", "value", "fetched_at")
    )


def indicator_for_project(project: PromiseProject, pk: int) -> Indicator:
    """One indicator of the project (Indicator.DoesNotExist otherwise)."""
    return attach_comparisons([_prepare(indicator_queryset(project).get(pk=pk))])[0]


def attach_comparisons(indicators: list[Indicator]) -> list[Indicator]:
    """Give each indicator with a Sotkanet id its whole-country series (`.comparison`, a
    {year: value}); one query for the whole list, none when no indicator has an id."""
    ids = {i.sotkanet_id for i in indicators if i.sotkanet_id}
    series: dict[int, dict[int, Decimal]] = {}
    if ids:
        rows = SotkanetValue.objects.filter(
            sotkanet_id__in=ids, region_id=settings.SOTKANET_COUNTRY_REGION_ID
        ).values_list("sotkanet_id", "year", "value")
        for sotkanet_id, year, value in rows:
            series.setdefault(sotkanet_id, {})[year] = value
    for indicator in indicators:
        indicator.comparison = series.get(indicator.sotkanet_id, {})
    return indicators


def by_perspective(indicators: list[Indicator]) -> list[tuple[Perspective, list[Indicator]]]:
    """Indicators grouped in the national model's perspective order (empty groups left out)."""
    groups = []
    for perspective in Perspective:
        items = [i for i in indicators if i.perspective == perspective.value]
        if items:
            groups.append((perspective, items))
    return groups


def status_counts(indicators: list[Indicator]) -> list[tuple[Status, int]]:
    return [
        (status, sum(1 for i in indicators if i.status_result.status == status))
        for status in Status
    ]


def chart_for(indicator: Indicator, *, prefix: str = "chart") -> str:
    return line_chart(
        chart_id=f"{prefix}-{indicator.pk}",
        title=indicator.name,
        unit=indicator.unit,
        points=[Point(m.period, m.value) for m in indicator.measurement_list],
        targets=indicator.target_by_year,
        years=indicator.project.term_years,
        comparison=[
            Point(Period(year), value)
            for year, value in getattr(indicator, "comparison", {}).items()
        ],
        comparison_label=_("Whole country"),
        attribution=sotkanet_attribution(indicator),
    )


def sotkanet_attribution(indicator: Indicator) -> str:
    """The source line THL asks for (CC BY 4.0), in the active language, when the
    indicator shows values from THL Sotkanet (its own fetched or imported values, or the
    whole-country comparison); "" otherwise. Another provider's indicator is named so."""
    from_sotkanet = any(m.fetched_at is not None for m in indicator.measurement_list) or bool(
        getattr(indicator, "comparison", None)
    )
    if not from_sotkanet:
        return ""
    provider = indicator.sotkanet_provider_name
    if provider:
        return _("Source: %(provider)s, through THL Sotkanet") % {"provider": provider}
    return _("Source: %(attribution)s") % {"attribution": sotkanet.ATTRIBUTION}


def missing_translations(indicator: Indicator, languages: list[str]) -> list[str]:
    return [lang for lang in languages if not (getattr(indicator, f"name_{lang}", "") or "")]


def project_commitments(project: PromiseProject) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(promise__project=project)
        .select_related("promise")
        .order_by("promise__order", "promise__pk", "order", "pk")
    )


def commitments_without_indicator(commitment_ids: list[int]) -> set[int]:
    """The commitments among `commitment_ids` that no indicator measures and that do not
    say where and by when their indicator will be set (one query)."""
    if not commitment_ids:
        return set()
    return set(
        Commitment.objects.filter(pk__in=commitment_ids, indicators__isnull=True)
        .exclude(Commitment.pending_q())
        .values_list("pk", flat=True)
    )


def indicator_links(kind: str, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """For each commitment id: the indicators measuring it, as (name, url) (one query)."""
    if kind != "commitment" or not ids:
        return {}
    through = Indicator.commitments.through
    links: dict[int, list[tuple[str, str]]] = {}
    rows = (
        through.objects.filter(commitment_id__in=ids)
        .select_related("indicator__project__region")
        .order_by("indicator__order", "indicator__pk")
    )
    url = project_object_urls("indicators:detail", "indicator")
    for row in rows:
        indicator = row.indicator  # its name in the page's language (modeltranslation)
        link = url(indicator.project.region.slug, indicator.project_id, indicator.pk)
        links.setdefault(row.commitment_id, []).append((indicator.name, link))
    return links


# -- annual evaluation ----------------------------------------------------------------


@dataclass
class EvaluationIndicator:
    indicator: Indicator
    target: Decimal | None
    actual: Measurement | None
    status: Status


@dataclass
class EvaluationCommitment:
    commitment: Commitment
    indicators: list[EvaluationIndicator] = field(default_factory=list)
    assessment: Assessment | None = None


@dataclass
class EvaluationPromise:
    promise: Promise
    commitments: list[EvaluationCommitment] = field(default_factory=list)


def year_status(indicator: Indicator, year: int) -> StatusResult:
    """The status at the end of `year`: the year's latest measurement against its target."""
    return indicator_status(
        measurements=[m for m in indicator.measurement_list if m.year == year],
        targets=indicator.target_by_year,
        higher_is_better=indicator.higher_is_better,
    )


def evaluation(project: PromiseProject, year: int) -> list[EvaluationPromise]:
    """Each promise's commitments with their indicators' target, actual and status for
    `year`, and the written assessment (a fixed number of queries)."""
    indicators = indicators_for_project(project)
    by_commitment: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        for commitment in indicator.commitments.all():
            by_commitment.setdefault(commitment.pk, []).append(indicator)
    assessments = {
        a.commitment_id: a
        for a in Assessment.objects.filter(commitment__promise__project=project, year=year)
    }
    promises = Promise.objects.filter(project=project).prefetch_related(
        Prefetch("commitments", queryset=Commitment.objects.order_by("order", "pk"))
    )
    result = []
    for promise in promises:
        item = EvaluationPromise(promise)
        commitments = sorted(
            promise.commitments.all(),
            key=lambda c: (perspective_order(c.perspective), c.order, c.pk),
        )
        for commitment in commitments:
            row = EvaluationCommitment(commitment, assessment=assessments.get(commitment.pk))
            for indicator in by_commitment.get(commitment.pk, []):
                status = year_status(indicator, year)
                row.indicators.append(
                    EvaluationIndicator(
                        indicator, indicator.target_by_year.get(year), status.latest, status.status
                    )
                )
            item.commitments.append(row)
        result.append(item)
    return result


def chart_rows(indicator: Indicator) -> list[tuple]:
    """The chart's data as table rows: (period, measured value, target of that year,
    whole-country value of that year or None)."""
    years = sorted(
        set(indicator.project.term_years)
        | set(indicator.target_by_year)
        | {m.year for m in indicator.measurement_list}
    )
    rows = []
    for year in years:
        target = indicator.target_by_year.get(year)
        measured = [m for m in indicator.measurement_list if m.year == year]
        country = getattr(indicator, "comparison", {}).get(year)
        if not measured:
            rows.append((str(year), None, target, country))
        for m in measured:
            rows.append((str(m.period), m.value, target, country))
    return rows


def attach_chart(indicator: Indicator, *, prefix: str = "chart") -> Indicator:
    """Give the indicator its SVG chart (`.chart`) and the same data as rows (`.chart_rows`)."""
    indicator.chart = chart_for(indicator, prefix=prefix)
    indicator.chart_rows = chart_rows(indicator)
    indicator.attribution = sotkanet_attribution(indicator)
    return indicator


# -- open data ------------------------------------------------------------------------

LANGS = ("fi", "sv", "en")


def _texts(obj, name: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{name}_{lang}", None) or "" for lang in LANGS}


def indicator_data(indicator: Indicator) -> dict:
    """One prepared indicator as open data (see docs/open-data.schema.json): no names of
    the people who entered the values."""
    result = indicator.status_result
    latest = result.latest
    return {
        "id": indicator.pk,
        "name": _texts(indicator, "name"),
        "description": _texts(indicator, "description"),
        "unit": _texts(indicator, "unit"),
        "perspective": indicator.perspective,
        "kind": indicator.kind,
        "direction": indicator.direction,
        "data_source": _texts(indicator, "data_source"),
        "responsible": _texts(indicator, "responsible"),
        "sotkanet_id": indicator.sotkanet_id,
        "sotkanet_provider": indicator.sotkanet_provider or None,
        "attribution": sotkanet_attribution(indicator) or None,
        "commitments": [c.pk for c in indicator.commitments.all()],
        "targets": [
            {"year": year, "value": value}
            for year, value in sorted(indicator.target_by_year.items())
        ],
        "measurements": [
            {
                "period": str(m.period),
                "year": m.year,
                "quarter": m.quarter or None,
                "month": m.month or None,
                "value": m.value,
                "source": m.source,
                "fetched_from_sotkanet": m.fetched_at,
            }
            for m in indicator.measurement_list
        ],
        "status": {
            "code": result.status.value,
            "label": result.label,
            "latest_period": str(latest.period) if latest else None,
            "latest_value": latest.value if latest else None,
            "target": result.target,
        },
        "comparison": {
            "region": "whole_country",
            "values": [
                {"year": year, "value": value}
                for year, value in sorted(getattr(indicator, "comparison", {}).items())
            ],
        },
    }
