"""The national view: every region's promise in force side by side (public, no login).

What each region promises under each perspective (the commitments of its approved
snapshots), its key indicators' latest status, and the indicators regions share through
THL Sotkanet in one chart and table. The data of the page is built once per language and
cache period in a fixed number of queries whatever the number of regions, and kept in
Django's cache; search and the perspective filter work on that cached data.

Search is a full-text match over the Finnish and Swedish texts (region, promise,
commitments, goals and statements): every word of the query must begin a word of the
region's texts, so "hoito" finds "hoitoon" and "vård" finds "vårdgaranti".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from phases.perspectives import Perspective
from promises.decision.selectors import promises_in_force
from promises.models import Commitment
from promises.public.views import cache_seconds, period_start

from .charts import Point, Series, series_chart
from .models import Indicator, Measurement, SotkanetValue, Target
from .selectors import _prepare
from .sotkanet import ATTRIBUTION
from .status import Period, Status

WORD = re.compile(r"\w+", re.UNICODE)
SEARCH_LANGS = ("fi", "sv")


@dataclass
class IndicatorEntry:
    id: int
    name: str
    perspective: str
    unit: str
    sotkanet_id: int | None
    status: str
    status_label: str
    latest_period: str = ""
    latest_value: Decimal | None = None
    target: Decimal | None = None
    yearly: dict = field(default_factory=dict)  # year -> value (the year's latest)


@dataclass
class RegionEntry:
    slug: str
    name: str
    title: str
    term_start: int
    term_end: int
    meeting_date: object
    url: str
    json_url: str
    commitments: list = field(default_factory=list)  # [(perspective, title)]
    indicators: list = field(default_factory=list)  # [IndicatorEntry]
    words: frozenset = frozenset()

    def matches(self, query_words: list[str]) -> bool:
        return all(any(w.startswith(q) for w in self.words) for q in query_words)

    def counts(self) -> list[tuple]:
        return [
            (status, sum(1 for i in self.indicators if i.status == status.value))
            for status in Status
        ]


@dataclass
class SharedIndicator:
    sotkanet_id: int
    name: str
    unit: str
    years: list
    rows: list  # [(year, [value per region], country value)]
    regions: list  # region names, in the order of the row values
    chart: str


def _text(texts: dict | None, language: str) -> str:
    texts = texts or {}
    return texts.get(language) or texts.get("fi") or ""


def _words(*texts: str) -> frozenset:
    return frozenset(WORD.findall(" ".join(texts).casefold()))


def query_words(query: str) -> list[str]:
    return WORD.findall((query or "").casefold())[:10]


def _snapshot_texts(snapshot: dict) -> list[str]:
    texts = []
    for lang in SEARCH_LANGS:
        texts.append(_text(snapshot.get("title"), lang))
        texts.append(_text(snapshot.get("vision"), lang))
        for cell in snapshot.get("cells", []):
            texts.append((cell.get("goal") or {}).get(lang, ""))
            texts.extend((s.get("text") or {}).get(lang, "") for s in cell.get("statements", []))
        for c in snapshot.get("commitments", []):
            texts.append((c.get("title") or {}).get(lang, ""))
            texts.append((c.get("description") or {}).get(lang, ""))
    return texts


def _key_indicators(projects: list) -> dict[int, list[Indicator]]:
    """The key indicators of `projects`, prepared, by project id (4 queries)."""
    indicators = (
        Indicator.objects.filter(project__in=projects, is_key=True)
        .select_related("project")
        .prefetch_related(
            Prefetch("targets", queryset=Target.objects.order_by("year")),
            Prefetch("measurements", queryset=Measurement.objects.all()),
            Prefetch("commitments", queryset=Commitment.objects.only("pk")),
        )
        .order_by("order", "pk")
    )
    result: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        result.setdefault(indicator.project_id, []).append(_prepare(indicator))
    return result


def build(language: str) -> dict:
    """Everything the page shows, in `language` (a fixed number of queries)."""
    with translation.override(language):
        published = promises_in_force()
        by_project = _key_indicators([p.project for p in published])
        regions: list[RegionEntry] = []
        for p in published:
            region = p.region
            names = [getattr(region, f"name_{lang}", None) or "" for lang in SEARCH_LANGS]
            entry = RegionEntry(
                slug=region.slug,
                name=getattr(region, f"name_{language}", None) or region.name,
                title=getattr(p.project, f"title_{language}", None) or p.project.title,
                term_start=p.project.term_start,
                term_end=p.project.term_end,
                meeting_date=p.decision.meeting_date,
                url=reverse("public:promise", kwargs={"region": region.slug}),
                json_url=reverse("public:json", kwargs={"region": region.slug}),
            )
            texts = names[:]
            for version in p.versions:
                snapshot = version.snapshot
                texts.extend(_snapshot_texts(snapshot))
                for c in snapshot.get("commitments", []):
                    entry.commitments.append(
                        (c.get("perspective"), _text(c.get("title"), language))
                    )
            for indicator in by_project.get(p.project.pk, []):
                result = indicator.status_result
                yearly = {}
                for m in indicator.measurement_list:  # sorted: the year's latest wins
                    yearly[m.year] = m.value
                entry.indicators.append(
                    IndicatorEntry(
                        id=indicator.pk,
                        name=getattr(indicator, f"name_{language}", None) or indicator.name,
                        perspective=indicator.perspective,
                        unit=getattr(indicator, f"unit_{language}", None) or indicator.unit,
                        sotkanet_id=indicator.sotkanet_id,
                        status=result.status.value,
                        status_label=result.label,
                        latest_period=str(result.latest.period) if result.latest else "",
                        latest_value=result.latest.value if result.latest else None,
                        target=result.target,
                        yearly=yearly,
                    )
                )
                texts.extend(
                    getattr(indicator, f"name_{lang}", None) or "" for lang in SEARCH_LANGS
                )
            entry.words = _words(*texts)
            regions.append(entry)
        regions.sort(key=lambda r: r.name)
        shared = shared_indicators(regions, language)
    return {"regions": regions, "shared": shared}


def shared_indicators(regions: list[RegionEntry], language: str) -> list[SharedIndicator]:
    """Sotkanet indicators followed by two or more regions: one chart and table each,
    with the whole country (one query)."""
    users: dict[int, list[tuple[RegionEntry, IndicatorEntry]]] = {}
    for region in regions:
        for indicator in region.indicators:
            if indicator.sotkanet_id and indicator.yearly:
                users.setdefault(indicator.sotkanet_id, []).append((region, indicator))
    users = {k: v for k, v in users.items() if len({r.slug for r, _i in v}) >= 2}
    country: dict[int, dict[int, Decimal]] = {}
    if users:
        for sotkanet_id, year, value in SotkanetValue.objects.filter(
            sotkanet_id__in=list(users), region_id=settings.SOTKANET_COUNTRY_REGION_ID
        ).values_list("sotkanet_id", "year", "value"):
            country.setdefault(sotkanet_id, {})[year] = value
    result = []
    for sotkanet_id, pairs in sorted(users.items()):
        years = sorted({y for _r, i in pairs for y in i.yearly})
        whole = {y: v for y, v in country.get(sotkanet_id, {}).items() if y in years}
        series = [
            Series(
                label=r.name,
                points=tuple(Point(Period(y), v) for y, v in sorted(i.yearly.items())),
            )
            for r, i in pairs
        ]
        if whole:
            series.append(
                Series(
                    label=_("Whole country"),
                    points=tuple(Point(Period(y), v) for y, v in sorted(whole.items())),
                    comparison=True,
                )
            )
        name, unit = pairs[0][1].name, pairs[0][1].unit
        result.append(
            SharedIndicator(
                sotkanet_id=sotkanet_id,
                name=name,
                unit=unit,
                years=years,
                regions=[r.name for r, _i in pairs],
                rows=[(y, [i.yearly.get(y) for _r, i in pairs], whole.get(y)) for y in years],
                chart=series_chart(
                    chart_id=f"national-{sotkanet_id}",
                    title=f"{name} (THL Sotkanet {sotkanet_id})",
                    unit=unit,
                    series=series,
                    attribution=_("Source: %(attribution)s") % {"attribution": ATTRIBUTION},
                ),
            )
        )
    return result


def national_data(language: str) -> dict:
    """`build(language)`, kept in the cache for the current cache period."""
    key = f"indicators:national:{language}:{period_start()}"
    data = cache.get(key)
    if data is None:
        data = build(language)
        cache.set(key, data, cache_seconds())
    return data


def view_of(data: dict, *, query: str, perspective: str | None) -> dict:
    """What the page shows for a search and a perspective filter (no queries)."""
    words = query_words(query)
    regions = [r for r in data["regions"] if r.matches(words)] if words else data["regions"]
    perspectives = [p for p in Perspective if perspective in (None, p.value)]
    comparison = []
    for p in perspectives:
        rows = []
        for region in regions:
            commitments = [title for persp, title in region.commitments if persp == p.value]
            indicators = [i for i in region.indicators if i.perspective == p.value]
            rows.append((region, commitments, indicators))
        comparison.append((p, rows))
    slugs = {r.slug for r in regions}
    shared = [
        s
        for s in data["shared"]
        if len(slugs) == len(data["regions"]) or set(s.regions) & {r.name for r in regions}
    ]
    return {
        "regions": regions,
        "region_count": len(data["regions"]),
        "comparison": comparison,
        "shared": shared,
        "query": query,
        "perspective": perspective,
        "perspectives": list(Perspective),
    }
