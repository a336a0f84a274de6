"""Writes of the indicators app. Keyword-only arguments; every rule lives here."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from phases import content
from phases.locking import locked, locked_or_new
from phases.models import PromiseProject
from phases.scoping import scopes_disabled
from phases.translated import LANGS, pick_field, set_texts
from promises.models import Commitment

from . import csv_io, sotkanet
from .models import Assessment, Indicator, Measurement, SotkanetValue, Target
from .status import Period

INDICATOR_FIELDS = (
    "perspective",
    "kind",
    "direction",
    "sotkanet_id",
    "sotkanet_agreement",
    "is_key",
    "order",
)
TRANSLATED_FIELDS = ("name", "description", "unit", "data_source", "responsible")


class ImportRefused(Exception):
    """The CSV file was refused as a whole; `errors` lists every problem (translated)."""

    def __init__(self, errors: list[str]):
        self.errors = [str(e) for e in errors]
        super().__init__("; ".join(self.errors))


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _check_commitments(project: PromiseProject, commitments: Iterable[Commitment]) -> list:
    commitments = list(commitments)
    foreign = [c for c in commitments if c.promise.project_id != project.pk]
    if foreign:
        raise ValidationError(
            {
                "commitments": _(
                    "Only commitments of this project's promises can be linked to its indicators."
                )
            }
        )
    return commitments


def _check_targets(project: PromiseProject, targets: Mapping[int, Decimal | None]) -> None:
    outside = sorted(year for year in targets if year not in project.term_years)
    if outside:
        raise ValidationError(
            _("Targets can be set only for the years of the term %(start)d–%(end)d.")
            % {"start": project.term_start, "end": project.term_end}
        )


def _set_targets(indicator: Indicator, targets: Mapping[int, Decimal | None]) -> None:
    existing = {t.year: t for t in indicator.targets.all()}
    for year, value in targets.items():
        target = existing.get(year)
        if value is None:
            if target is not None:
                target.delete()
        elif target is None:
            Target.objects.create(indicator=indicator, year=year, value=value)
        elif target.value != value:
            target.value = value
            target.save(update_fields=["value"])


def indicator_create(
    *,
    project: PromiseProject,
    data: Mapping,
    targets: Mapping[int, Decimal | None],
    commitments: Iterable[Commitment],
    by=None,
) -> Indicator:
    """A new indicator of `project`. `data` holds the plain fields and name_fi, name_sv, …"""
    commitments = _check_commitments(project, commitments)
    _check_targets(project, targets)
    with transaction.atomic():
        indicator = Indicator(project=project)
        _assign(indicator, data)
        indicator.full_clean()
        indicator.save()
        indicator.commitments.set(commitments)
        _set_targets(indicator, targets)
    return indicator


def indicator_update(
    *,
    indicator: Indicator,
    data: Mapping,
    targets: Mapping[int, Decimal | None],
    commitments: Iterable[Commitment],
    lock_version: int,
    by=None,
) -> Indicator:
    """Save the edited indicator; refuses when someone else saved it in between."""
    project = indicator.project
    commitments = _check_commitments(project, commitments)
    _check_targets(project, targets)
    with transaction.atomic():
        indicator = locked(Indicator, lock_version, pk=indicator.pk)
        _assign(indicator, data)
        indicator.full_clean()
        indicator.save()
        indicator.commitments.set(commitments)
        _set_targets(indicator, targets)
    return indicator


def _assign(indicator: Indicator, data: Mapping) -> None:
    for name in INDICATOR_FIELDS:
        if name in data:
            setattr(indicator, name, data[name])
    for name in TRANSLATED_FIELDS:
        for lang in LANGS:
            key = f"{name}_{lang}"
            if key in data:
                setattr(indicator, key, data[key] or "")


def indicator_delete(*, indicator: Indicator, by=None) -> None:
    indicator.delete()


def measurement_record(
    *,
    indicator: Indicator,
    period: Period,
    value: Decimal,
    source: str = "",
    note: str = "",
    by=None,
) -> tuple[Measurement, bool]:
    """Record the value of a period; a period that already has one is updated.
    Returns (measurement, created)."""
    measurement, created = Measurement.objects.update_or_create(
        indicator=indicator,
        year=period.year,
        quarter=period.quarter,
        month=period.month,
        defaults={
            "value": value,
            "source": source,
            "note": note,
            "entered_by": by,
            "entered_at": timezone.now(),
            "fetched_at": None,  # entered by hand: a Sotkanet fetch keeps it
        },
    )
    return measurement, created


def measurement_delete(*, measurement: Measurement, by=None) -> None:
    measurement.delete()


def measurements_import(*, project: PromiseProject, data: bytes, by=None) -> ImportResult:
    """Import a CSV file of measurements: all rows or none (see indicators.csv_io)."""
    indicators = list(Indicator.objects.filter(project=project))
    region = project.region
    from_thl = csv_io.is_sotkanet(data)
    try:
        if from_thl:
            rows, errors = csv_io.parse_sotkanet(
                data,
                indicators=indicators,
                region_id=region.sotkanet_region_id,
                region_name=sotkanet_area_name(region),
            )
        else:
            rows, errors = csv_io.parse(data, indicators=indicators)
    except csv_io.CsvError as exc:
        raise ImportRefused([str(exc)]) from exc
    if errors:
        raise ImportRefused([str(e) for e in errors])
    created = updated = 0
    now = timezone.now()
    # Sotkanet's own file is THL's data: its values carry the import date as their fetch
    # date, so that a later fetch revises them; the project's own file is hand data.
    fetched_at = now if from_thl else None
    with transaction.atomic():
        existing = {
            (m.indicator_id, m.period): m
            for m in Measurement.objects.select_for_update().filter(indicator__project=project)
        }
        new, changed, differs = [], [], False
        for row in rows:
            current = existing.get((row.indicator_id, row.period))
            if current is None:
                new.append(
                    Measurement(
                        indicator_id=row.indicator_id,
                        year=row.period.year,
                        quarter=row.period.quarter,
                        month=row.period.month,
                        value=row.value,
                        source=row.source,
                        note=row.note,
                        entered_by=by,
                        entered_at=now,
                        fetched_at=fetched_at,
                    )
                )
            else:
                before = (current.value, current.source, current.note)
                differs = differs or before != (row.value, row.source, row.note)
                current.value, current.source, current.note = row.value, row.source, row.note
                current.entered_by, current.entered_at = by, now
                current.fetched_at = fetched_at
                changed.append(current)
        Measurement.objects.bulk_create(new)
        Measurement.objects.bulk_update(
            changed, ["value", "source", "note", "entered_by", "entered_at", "fetched_at"]
        )
        if new or differs:  # no signal for bulk writes: the dashboard's content changed
            content.touch(project)
        created, updated = len(new), len(changed)
    return ImportResult(created, updated)


def measurements_export(*, project: PromiseProject, language: str) -> bytes:
    measurements = sorted(
        Measurement.objects.filter(indicator__project=project).select_related("indicator"),
        key=lambda m: (m.indicator.order, m.indicator_id, m.period.sort_key),
    )
    return csv_io.export(measurements, language=language)


def assessment_save(
    *,
    commitment: Commitment,
    year: int,
    texts: Mapping[str, str],
    lock_version: int | None,
    by=None,
) -> Assessment:
    """Write the annual assessment of a commitment (fi/sv/en). `lock_version` is the
    version the editor started from (None when it did not exist yet)."""
    project = commitment.promise.project
    if year not in project.term_years:
        raise ValidationError(_("The year must be within the term."))
    with transaction.atomic():
        assessment = locked_or_new(Assessment, lock_version, commitment=commitment, year=year)
        for lang in LANGS:
            if lang in texts:
                setattr(assessment, f"text_{lang}", texts[lang] or "")
        assessment.updated_by = by
        assessment.save()
    return assessment


# -- THL Sotkanet ---------------------------------------------------------------------

SOTKANET_YEARS_BEFORE_TERM = 4  # the baseline years shown before the council term


@dataclass(frozen=True)
class FetchResult:
    created: int
    updated: int
    unchanged: int
    kept: int  # years that have a value entered by hand, left as they are
    comparison: int  # years of the whole-country series
    withheld: int = 0  # the region's years THL gave no value for (skipped, counted)


def sotkanet_interval() -> timedelta:
    """The least time between two fetches of one indicator (THL: occasional queries)."""
    return timedelta(hours=settings.SOTKANET_FETCH_INTERVAL_HOURS)


def sotkanet_next_fetch(indicator: Indicator):
    """When the indicator may be fetched again (None: now)."""
    if indicator.sotkanet_fetched_at is None:
        return None
    due = indicator.sotkanet_fetched_at + sotkanet_interval()
    return due if due > timezone.now() else None


class FetchTooSoon(sotkanet.SotkanetError):
    """The indicator was fetched less than SOTKANET_FETCH_INTERVAL_HOURS ago."""


def _check_provider(indicator: Indicator, info: sotkanet.IndicatorInfo) -> None:
    """Record who produces the indicator; refuse another provider's without an agreement."""
    if indicator.sotkanet_provider != info.organization:
        indicator.sotkanet_provider = info.organization
        Indicator.objects.filter(pk=indicator.pk).update(sotkanet_provider=info.organization)
        content.touch(indicator.project_id)
    if not info.by_thl and not indicator.sotkanet_agreement:
        raise sotkanet.SotkanetError(
            _(
                "Indicator %(id)d is produced by %(provider)s, not THL: its values are fetched "
                "only when the region has an agreement with the provider (mark it on the "
                "indicator)."
            )
            % {"id": indicator.sotkanet_id, "provider": indicator.sotkanet_provider_name}
        )


def sotkanet_years(project: PromiseProject, info: sotkanet.IndicatorInfo) -> list[int]:
    start = project.term_start - SOTKANET_YEARS_BEFORE_TERM
    end = project.term_end
    if info.start is not None:
        start = max(start, info.start)
    if info.end is not None:
        end = min(end, info.end)
    return list(range(start, end + 1))


def sotkanet_fetch(
    *, indicator: Indicator, client: sotkanet.SotkanetClient | None = None, by=None
) -> FetchResult:
    """Fetch the indicator's yearly values for its region from THL Sotkanet.

    A year without a measurement gets one (source "THL Sotkanet", fetched now); a year
    fetched before (or imported from Sotkanet's CSV) whose value changed upstream is
    updated (the change is kept in the measurement's history); a year entered by hand or
    from the project's own file is never touched; a year THL gives no value for is
    skipped and counted. The whole-country series is stored for the chart's comparison.
    Everything is read first and written in one transaction: on any error
    (sotkanet.SotkanetError, with a readable message) no value is written.

    Fetches are spaced (FetchTooSoon within SOTKANET_FETCH_INTERVAL_HOURS of the last
    one) and an indicator of another provider than THL needs `sotkanet_agreement`.
    """
    region = indicator.project.region
    if not indicator.sotkanet_id:
        raise sotkanet.SotkanetError(_("The indicator has no THL Sotkanet indicator id."))
    if not region.sotkanet_region_id:
        raise sotkanet.SotkanetError(_("The region's THL Sotkanet region has not been chosen yet."))
    due = sotkanet_next_fetch(indicator)
    if due is not None:
        raise FetchTooSoon(
            _(
                "The values were fetched less than %(hours)d hours ago; THL asks that its "
                "service be used for occasional queries. The next fetch is possible on "
                "%(due)s."
            )
            % {
                "hours": settings.SOTKANET_FETCH_INTERVAL_HOURS,
                "due": formats.date_format(timezone.localtime(due), "SHORT_DATETIME_FORMAT"),
            }
        )
    client = client or sotkanet.SotkanetClient()
    info = client.indicator(indicator.sotkanet_id)
    _check_provider(indicator, info)
    years = sotkanet_years(indicator.project, info)
    if not years:
        raise sotkanet.SotkanetError(
            _("THL Sotkanet has no values of indicator %(id)d for the years of the term.")
            % {"id": indicator.sotkanet_id}
        )
    answer = client.data(indicator.sotkanet_id, years)
    points = answer.points
    own = {p.year: p.value for p in points if p.region == region.sotkanet_region_id}
    withheld = len({y for r, y in answer.withheld if r == region.sotkanet_region_id} - set(own))
    country_id = settings.SOTKANET_COUNTRY_REGION_ID
    country = {p.year: p.value for p in points if p.region == country_id}
    if not own and not withheld:
        raise sotkanet.SotkanetError(
            _("THL Sotkanet has no values of indicator %(id)d for %(region)s in %(start)d–%(end)d.")
            % {
                "id": indicator.sotkanet_id,
                "region": sotkanet_area_name(region),
                "start": years[0],
                "end": years[-1],
            }
        )
    quantum = Decimal(1).scaleb(-csv_io.DECIMAL_PLACES)
    limit = Decimal(10) ** (csv_io.MAX_DIGITS - csv_io.DECIMAL_PLACES)
    for value in [*own.values(), *country.values()]:
        if abs(value) >= limit:
            raise sotkanet.SotkanetError(_("THL Sotkanet's answer was not in the expected format."))
    now = timezone.now()
    created = updated = unchanged = kept = 0
    with transaction.atomic():
        existing = {
            m.year: m
            for m in Measurement.objects.select_for_update().filter(
                indicator=indicator, quarter=0, month=0, year__in=list(own)
            )
        }
        for year, raw in sorted(own.items()):
            value = raw.quantize(quantum)
            current = existing.get(year)
            if current is None:
                Measurement.objects.create(
                    indicator=indicator,
                    year=year,
                    value=value,
                    source=sotkanet.SOURCE,
                    entered_by=by,
                    entered_at=now,
                    fetched_at=now,
                )
                created += 1
            elif not current.from_sotkanet:
                kept += 1
            elif current.value != value:
                current.value, current.fetched_at = value, now
                current.entered_by, current.entered_at = by, now
                current.source = sotkanet.SOURCE
                current._change_reason = "THL Sotkanet"
                current.save()
                updated += 1
            else:
                unchanged += 1
        for year, raw in country.items():
            SotkanetValue.objects.update_or_create(
                sotkanet_id=indicator.sotkanet_id,
                region_id=country_id,
                year=year,
                defaults={"value": raw.quantize(quantum), "fetched_at": now},
            )
        indicator.sotkanet_fetched_at = now
        Indicator.objects.filter(pk=indicator.pk).update(sotkanet_fetched_at=now)
        # The whole country's values are shown beside every project following this
        # statistic, and the fetch date beside this one's: each of them shows the new ones.
        with scopes_disabled():  # every region's projects following it
            following = Indicator.objects.filter(sotkanet_id=indicator.sotkanet_id)
            content.touch_projects(following.values("project_id"))
    return FetchResult(created, updated, unchanged, kept, len(country), withheld)


def region_set_sotkanet(*, region, sotkanet_region: sotkanet.SotkanetRegion | None, by=None):
    """Record the region's own area in Sotkanet (None: clear it)."""
    if sotkanet_region is None:
        region.sotkanet_region_id = None
        region.sotkanet_region_category = ""
        titles = dict.fromkeys(LANGS, "")
    else:
        region.sotkanet_region_id = sotkanet_region.id
        region.sotkanet_region_category = sotkanet_region.category
        # Sotkanet names every area in fi, sv and en; a language it leaves out stays empty
        # and the page falls back (marked) to another one.
        titles = {lang: str(sotkanet_region.title.get(lang) or "")[:200] for lang in LANGS}
    written = set_texts(region, "sotkanet_region_title", titles)
    region.save(update_fields=["sotkanet_region_id", "sotkanet_region_category", *written])
    return region


def sotkanet_area_name(region, language: str | None = None) -> str:
    """The region's Sotkanet area in `language` (the active one by default), else in
    another language, else its id: for messages (pages use `{% text_in %}`)."""
    name = pick_field(region, "sotkanet_region_title", language or get_language() or "fi")
    return str(name) or str(region.sotkanet_region_id or "")


def copy_previous_indicators(*, project: PromiseProject, previous: PromiseProject) -> list:
    """The next cycle: the previous cycle's indicators with their texts, their links to the
    commitments copied into `project` (followed through `Commitment.copied_from`) and their
    targets moved by the difference of the terms' first years; measurements and
    assessments are not copied. Targets that fall outside the new term are left out."""
    shift = project.term_start - previous.term_start
    years = set(project.term_years)
    copies = {
        c.copied_from_id: c
        for c in Commitment.objects.filter(promise__project=project, copied_from__isnull=False)
    }
    created = []
    with transaction.atomic():
        old_indicators = Indicator.objects.filter(project=previous).prefetch_related(
            "targets", "commitments"
        )
        for old in old_indicators:
            new = Indicator(project=project)
            for name in INDICATOR_FIELDS:
                setattr(new, name, getattr(old, name))
            for name in TRANSLATED_FIELDS:
                for lang in LANGS:
                    setattr(new, f"{name}_{lang}", getattr(old, f"{name}_{lang}", "") or "")
            new.save()
            new.commitments.set([copies[c.pk] for c in old.commitments.all() if c.pk in copies])
            Target.objects.bulk_create(
                Target(indicator=new, year=t.year + shift, value=t.value)
                for t in old.targets.all()
                if t.year + shift in years
            )
            created.append(new)
    return created
