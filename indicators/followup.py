"""The indicators' part of the yearly follow-up report (registered in registrations.py):
every commitment of the promise in force with its assessment of the year and the
indicators that measure it (the evidence), and every indicator's series against its
yearly targets with its status at the end of the year (chart and table).

`build` reads the live data once, when the report is approved, into plain JSON (every
language's texts, numbers as strings); `render` draws the part from that frozen data
only, so a published report never changes when measurements change afterwards.
"""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from phases.perspectives import Perspective
from promises.snapshot import localized

from . import selectors, sotkanet
from .charts import Point, line_chart
from .models import Assessment
from .status import Period, Status, indicator_status, parse_period

KEY = "indicators.follow_up"


def _texts(obj, name: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{name}_{lang}", None) or "" for lang in selectors.LANGS}


def _indicator_entry(indicator, year: int) -> dict:
    shown = [m for m in indicator.measurement_list if m.year <= year]
    result = indicator_status(
        measurements=shown,
        targets=indicator.target_by_year,
        higher_is_better=indicator.higher_is_better,
    )
    latest = result.latest
    comparison = {y: v for y, v in getattr(indicator, "comparison", {}).items() if y <= year}
    return {
        "id": indicator.pk,
        "name": _texts(indicator, "name"),
        "unit": _texts(indicator, "unit"),
        "perspective": indicator.perspective,
        "direction": indicator.direction,
        "is_key": indicator.is_key,
        "years": list(indicator.project.term_years),
        "targets": [
            {"year": y, "value": str(v)} for y, v in sorted(indicator.target_by_year.items())
        ],
        "measurements": [
            {"period": str(m.period), "value": str(m.value), "from_sotkanet": m.from_sotkanet}
            for m in shown
        ],
        "comparison": [{"year": y, "value": str(v)} for y, v in sorted(comparison.items())],
        "status": result.status.value,
        "latest": {"period": str(latest.period), "value": str(latest.value)} if latest else None,
        "target": str(result.target) if result.target is not None else None,
        "sotkanet_provider": indicator.sotkanet_provider or {},
        "commitments": [c.pk for c in indicator.commitments.all()],
    }


def build(project, year: int, commitments: list[dict]) -> dict:
    """The part's data for `year` (see the module's docstring)."""
    indicators = selectors.indicators_for_project(project)
    ids = [c["id"] for c in commitments]
    assessments = {
        a.commitment_id: a for a in Assessment.objects.filter(commitment_id__in=ids, year=year)
    }
    entries = [_indicator_entry(i, year) for i in indicators]
    measuring: dict[int, list[int]] = {}
    for entry in entries:
        for commitment_id in entry["commitments"]:
            measuring.setdefault(commitment_id, []).append(entry["id"])
    return {
        "year": year,
        "commitments": [
            {
                "id": c["id"],
                "title": c.get("title", {}),
                "perspective": c.get("perspective", ""),
                "assessment": _texts(assessments[c["id"]], "text")
                if c["id"] in assessments
                else {},
                "indicators": measuring.get(c["id"], []),
            }
            for c in commitments
        ],
        "indicators": entries,
    }


def attribution(entry: dict) -> str:
    """The source line of an indicator's THL values (as on the live pages), or ""."""
    from_thl = any(m["from_sotkanet"] for m in entry["measurements"]) or entry["comparison"]
    if not from_thl:
        return ""
    provider = entry.get("sotkanet_provider") or {}
    if not sotkanet.is_thl(provider):
        titles = provider.get("title", {})
        name = titles.get(translation.get_language() or "fi") or titles.get("fi") or ""
        return _("Source: %(provider)s, through THL Sotkanet") % {"provider": name}
    return _("Source: %(attribution)s") % {"attribution": sotkanet.ATTRIBUTION}


def _indicator_view(entry: dict, language: str, fallbacks, prefix: str) -> dict:
    name, unit = localized(entry["name"], language, fallbacks), entry["unit"].get(language, "")
    targets = {t["year"]: Decimal(t["value"]) for t in entry["targets"]}
    points = [Point(parse_period(m["period"]), Decimal(m["value"])) for m in entry["measurements"]]
    comparison = {c["year"]: Decimal(c["value"]) for c in entry["comparison"]}
    source = attribution(entry)
    chart = line_chart(
        chart_id=f"{prefix}-{entry['id']}",
        title=str(name),
        unit=unit,
        points=points,
        targets=targets,
        years=entry["years"],
        comparison=[Point(Period(y), v) for y, v in comparison.items()],
        comparison_label=_("Whole country"),
        attribution=source,
    )
    years = sorted(set(entry["years"]) | set(targets) | {p.period.year for p in points})
    rows = []
    for y in years:
        measured = [p for p in points if p.period.year == y]
        if not measured:
            rows.append((str(y), None, targets.get(y), comparison.get(y)))
        for p in measured:
            rows.append((str(p.period), p.value, targets.get(y), comparison.get(y)))
    return {
        "id": entry["id"],
        "name": name,
        "unit": unit,
        "perspective": entry["perspective"],
        "status": Status(entry["status"]),
        "latest": entry["latest"],
        "chart": chart,
        "chart_rows": rows,  # the one chart-and-table partial (_chart.html) reads them
        "comparison": bool(comparison),
        "attribution": source,
    }


def render(data: dict, *, language: str, for_pdf: bool = False, fallbacks=("fi", "sv")) -> str:
    with translation.override(language):
        indicators = [
            _indicator_view(e, language, fallbacks, f"fu-{language}")
            for e in data.get("indicators", [])
        ]
        by_id = {i["id"]: i for i in indicators}
        labels = dict(Perspective.choices)
        commitments = [
            {
                "title": localized(c["title"], language, fallbacks),
                "perspective": labels.get(c["perspective"], ""),
                "assessment": localized(c["assessment"], language, fallbacks)
                if any(c["assessment"].values())
                else "",
                "indicators": [by_id[i] for i in c["indicators"] if i in by_id],
            }
            for c in data.get("commitments", [])
        ]
        return render_to_string(
            "indicators/follow_up.html",
            {
                "year": data.get("year"),
                "commitments": commitments,
                "indicators": indicators,
                "for_pdf": for_pdf,
                "language": language,
            },
        )
