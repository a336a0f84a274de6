"""Server-rendered SVG charts: an indicator's measurements against its yearly targets.

No JavaScript, no external fonts or files: the same markup works in the browser, on the
public page and in the PDF (WeasyPrint). Each chart is `role="img"` with a <title> and
a <desc> and is always shown beside a data table (see the templates).

The x axis is continuous time in years: a year's value sits in the middle of its year,
a quarter's and a month's in the middle of their period. The target of each year is a
dashed horizontal segment across that year. Every value and target is written as text.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .status import Period

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 28, 56
SERIES_COLOUR = "#0000bf"
TARGET_COLOUR = "#8c0d2e"
COMPARISON_COLOUR = "#4d4d4d"


@dataclass(frozen=True)
class Point:
    period: Period
    value: Decimal


def fmt(value: Decimal | float | None) -> str:
    """A number in the active language's format (decimal comma in fi and sv)."""
    if value is None:
        return "–"
    # A page formats the same few values (targets, ticks) hundreds of times: remember the
    # text per value and language (the format of a language never changes in a process).
    return _fmt(value, get_language())


@functools.lru_cache(maxsize=4096)
def _fmt(value: Decimal | float, language: str | None) -> str:
    value = Decimal(value)
    text = format(value.normalize(), "f")
    decimals = len(text.split(".")[1]) if "." in text else 0
    return number_format(value, decimal_pos=min(decimals, 4), use_l10n=True)


def nice_step(span: float, ticks: int = 5) -> float:
    if span <= 0:
        return 1.0
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _y_ticks(y_min: float, y_max: float, step: float, y, fmt) -> list[str]:
    """The y axis: a grid line and a label per step (both charts draw it alike)."""
    ticks, tick = [], y_min
    while tick <= y_max + step / 2:
        ty = y(tick)
        ticks.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{_num(ty)}" y2="{_num(ty)}" '
            f'stroke="#d9d9d9" stroke-width="1"/>'
            f'<text x="{LEFT - 6}" y="{_num(ty + 4)}" text-anchor="end">'
            f"{escape(fmt(Decimal(str(round(tick, 6)))))}</text>"
        )
        tick += step
    return ticks


def line_chart(
    *,
    chart_id: str,
    title: str,
    unit: str,
    points: Iterable[Point],
    targets: Mapping[int, Decimal],
    years: Iterable[int] = (),
    comparison: Iterable[Point] = (),
    comparison_label: str = "",
    attribution: str = "",
) -> SafeString:
    """The SVG of one indicator's series against its target line, as safe markup.

    `chart_id` makes the ids of <title> and <desc> unique on the page. `comparison` is an
    optional second series (e.g. the whole country), drawn dotted and grey. `attribution`
    (e.g. "Source: THL, Sotkanet, CC BY 4.0") is written under the plot when given.
    """
    points = sorted(points, key=lambda p: p.period.sort_key)
    year_set = set(years) | set(targets) | {p.period.year for p in points}
    if points or targets:
        # The comparison is shown only within the indicator's own span of years.
        low_year, high_year = min(year_set), max(year_set)
        comparison = [p for p in comparison if low_year <= p.period.year <= high_year]
    comparison = sorted(comparison, key=lambda p: p.period.sort_key)
    desc = _chart_desc(points, targets, unit, comparison, comparison_label)
    head = _chart_head(chart_id, title, desc)
    if not points and not targets:
        body = (
            f'<text x="{WIDTH / 2}" y="{HEIGHT / 2}" text-anchor="middle" fill="#1a1a1a">'
            f"{escape(_('No measurements or targets yet.'))}</text>"
        )
        return mark_safe(head + body + _attribution(attribution) + "</svg>")  # noqa: S308
    values = [float(p.value) for p in [*points, *comparison]] + [float(v) for v in targets.values()]
    frame = _Frame.fit(min(year_set), max(year_set), values)
    parts: list[str] = [head]
    parts.extend(_axes(frame, unit))
    parts.extend(_target_lines(frame, targets))
    parts.extend(_comparison_line(frame, comparison))
    parts.extend(_series_line(frame, points, targets))
    parts.extend(_legend(comparison, comparison_label))
    parts.append(_attribution(attribution))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text escaped in the parts)


def _chart_desc(points, targets, unit: str, comparison, comparison_label: str) -> str:
    desc = describe(points=points, targets=targets, unit=unit)
    if comparison:
        suffix = f" {unit}" if unit else ""
        desc += " " + _("%(label)s: %(values)s.") % {
            "label": comparison_label or _("Comparison"),
            "values": ", ".join(f"{p.period}: {fmt(p.value)}{suffix}" for p in comparison),
        }
    return desc


def _chart_head(chart_id: str, title: str, desc: str) -> str:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="sans-serif" font-size="12">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(desc)}</desc>'
    )


def _attribution(text: str) -> str:
    """The source line under the plot, at the right (nothing when there is no text)."""
    if not text:
        return ""
    return (
        f'<text class="attribution" x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end" '
        f'font-size="10" fill="#1a1a1a">{escape(text)}</text>'
    )


@dataclass(frozen=True)
class _Frame:
    """The plot's scales: years `first`–`last` across, `y_min`–`y_max` (by `step`) up."""

    first: int
    last: int
    y_min: float
    y_max: float
    step: float

    @classmethod
    def fit(cls, first: int, last: int, values: list[float]) -> _Frame:
        low, high = min(values), max(values)
        non_negative = low >= 0
        if low == high:
            low, high = low - (abs(low) * 0.1 or 1), high + (abs(high) * 0.1 or 1)
        pad = (high - low) * 0.08
        low, high = low - pad, high + pad
        step = nice_step(high - low)
        y_min = math.floor(low / step) * step
        y_max = math.ceil(high / step) * step
        if non_negative and y_min < 0:
            y_min = 0.0
        return cls(first, last, y_min, y_max, step)

    @property
    def plot_w(self) -> int:
        return WIDTH - LEFT - RIGHT

    @property
    def plot_h(self) -> int:
        return HEIGHT - TOP - BOTTOM

    def x(self, t: float) -> float:
        return LEFT + (t - self.first) / (self.last + 1 - self.first) * self.plot_w

    def y(self, v: float) -> float:
        return TOP + (1 - (v - self.y_min) / (self.y_max - self.y_min)) * self.plot_h


def _axes(frame: _Frame, unit: str) -> list[str]:
    """The grid with the y ticks, the x axis with a band per year, and the axis labels."""
    x, plot_w, plot_h = frame.x, frame.plot_w, frame.plot_h
    parts = ['<g class="axis axis--y" fill="#1a1a1a">']
    parts.extend(_y_ticks(frame.y_min, frame.y_max, frame.step, frame.y, fmt))
    parts.append("</g>")
    parts.append('<g class="axis axis--x" fill="#1a1a1a">')
    base = TOP + plot_h
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="#1a1a1a"/>'
        f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{base}" stroke="#1a1a1a"/>'
    )
    for year in range(frame.first, frame.last + 2):
        parts.append(
            f'<line x1="{_num(x(year))}" x2="{_num(x(year))}" y1="{base}" y2="{base + 5}" '
            f'stroke="#1a1a1a"/>'
        )
    for year in range(frame.first, frame.last + 1):
        parts.append(
            f'<text x="{_num(x(year + 0.5))}" y="{base + 18}" text-anchor="middle">{year}</text>'
        )
    parts.append("</g>")
    parts.append(
        f'<text class="axis-label" x="{LEFT + plot_w / 2}" y="{HEIGHT - 8}" '
        f'text-anchor="middle" fill="#1a1a1a">{escape(_("Year"))}</text>'
        f'<text class="axis-label" x="14" y="{TOP + plot_h / 2}" text-anchor="middle" '
        f'fill="#1a1a1a" transform="rotate(-90 14 {TOP + plot_h / 2})">'
        f"{escape(unit or _('Value'))}</text>"
    )
    return parts


def _target_lines(frame: _Frame, targets: Mapping[int, Decimal]) -> list[str]:
    """Each year's target: a dashed segment across the year with its value."""
    x = frame.x
    parts = [f'<g class="targets" fill="{TARGET_COLOUR}">']
    for year, target in sorted(targets.items()):
        ty = frame.y(float(target))
        parts.append(
            f'<line x1="{_num(x(year) + 2)}" x2="{_num(x(year + 1) - 2)}" y1="{_num(ty)}" '
            f'y2="{_num(ty)}" stroke="{TARGET_COLOUR}" stroke-width="2" '
            f'stroke-dasharray="6 4"/>'
            f'<text x="{_num(x(year + 1) - 4)}" y="{_num(ty - 5)}" text-anchor="end" '
            f'font-size="11">{escape(_("target"))} {escape(fmt(target))}</text>'
        )
    parts.append("</g>")
    return parts


def _comparison_line(frame: _Frame, comparison: list[Point]) -> list[str]:
    """The comparison: a dotted grey line, its points as small squares (values in the table)."""
    if not comparison:
        return []
    coords = [(frame.x(p.period.midpoint), frame.y(float(p.value))) for p in comparison]
    parts = []
    if len(coords) > 1:
        path = " ".join(f"{_num(cx)},{_num(cy)}" for cx, cy in coords)
        parts.append(
            f'<polyline class="comparison" points="{path}" fill="none" '
            f'stroke="{COMPARISON_COLOUR}" stroke-width="2" stroke-dasharray="2 3"/>'
        )
    parts.append(f'<g class="comparison" fill="{COMPARISON_COLOUR}">')
    for cx, cy in coords:
        parts.append(f'<rect x="{_num(cx - 3)}" y="{_num(cy - 3)}" width="6" height="6"/>')
    parts.append("</g>")
    return parts


def _series_line(frame: _Frame, points: list[Point], targets: Mapping[int, Decimal]) -> list[str]:
    """The series: a line through the points, each point labelled with its value."""
    if not points:
        return []
    y = frame.y
    coords = [(frame.x(p.period.midpoint), y(float(p.value))) for p in points]
    parts = []
    if len(coords) > 1:
        path = " ".join(f"{_num(cx)},{_num(cy)}" for cx, cy in coords)
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{SERIES_COLOUR}" stroke-width="2.5"/>'
        )
    parts.append(f'<g class="series" fill="{SERIES_COLOUR}">')
    for p, (cx, cy) in zip(points, coords, strict=True):
        label_y = cy + 16 if cy < TOP + 14 else cy - 8
        target = targets.get(p.period.year)
        if target is not None and abs(label_y - 4 - y(float(target))) < 10:
            # keep the value clear of the target line (and its label) of that year
            above = y(float(target)) > cy
            label_y = cy - 8 if above and cy - 8 > TOP + 10 else cy + 16
        parts.append(
            f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="4"/>'
            f'<text x="{_num(cx)}" y="{_num(label_y)}" text-anchor="middle" '
            f'font-size="11" font-weight="bold">{escape(fmt(p.value))}</text>'
        )
    parts.append("</g>")
    return parts


def _legend(comparison: list[Point], comparison_label: str) -> list[str]:
    parts = [
        f'<g class="legend" font-size="11" fill="#1a1a1a">'
        f'<line x1="{LEFT}" x2="{LEFT + 24}" y1="12" y2="12" stroke="{SERIES_COLOUR}" '
        f'stroke-width="2.5"/><text x="{LEFT + 30}" y="16">{escape(_("Measured"))}</text>'
        f'<line x1="{LEFT + 130}" x2="{LEFT + 154}" y1="12" y2="12" stroke="{TARGET_COLOUR}" '
        f'stroke-width="2" stroke-dasharray="6 4"/>'
        f'<text x="{LEFT + 160}" y="16">{escape(_("Target"))}</text>'
    ]
    if comparison:
        parts.append(
            f'<line x1="{LEFT + 250}" x2="{LEFT + 274}" y1="12" y2="12" '
            f'stroke="{COMPARISON_COLOUR}" stroke-width="2" stroke-dasharray="2 3"/>'
            f'<text x="{LEFT + 280}" y="16">{escape(comparison_label or _("Comparison"))}</text>'
        )
    parts.append("</g>")
    return parts


def describe(*, points: list[Point], targets: Mapping[int, Decimal], unit: str) -> str:
    """A one-paragraph text alternative of the chart."""
    suffix = f" {unit}" if unit else ""
    measured = ", ".join(f"{p.period}: {fmt(p.value)}{suffix}" for p in points)
    target_text = ", ".join(f"{year}: {fmt(v)}{suffix}" for year, v in sorted(targets.items()))
    return " ".join(
        [
            _("Measured values: %(values)s.") % {"values": measured or _("none yet")},
            _("Targets: %(values)s.") % {"values": target_text or _("none yet")},
        ]
    )


# Distinct at 3:1 against white, told apart also by the dash pattern and the marker.
SERIES_STYLES = [
    ("#0000bf", "", "circle"),
    ("#8c0d2e", "8 4", "square"),
    ("#00662e", "3 3", "diamond"),
    ("#6b2c91", "10 3 2 3", "circle"),
    ("#7a4a00", "1 3", "square"),
]


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]
    comparison: bool = False  # the whole country: grey, dotted


def _marker(kind: str, cx: float, cy: float) -> str:
    if kind == "square":
        return f'<rect x="{_num(cx - 3.5)}" y="{_num(cy - 3.5)}" width="7" height="7"/>'
    if kind == "diamond":
        return (
            f'<polygon points="{_num(cx)},{_num(cy - 5)} {_num(cx + 5)},{_num(cy)} '
            f'{_num(cx)},{_num(cy + 5)} {_num(cx - 5)},{_num(cy)}"/>'
        )
    return f'<circle cx="{_num(cx)}" cy="{_num(cy)}" r="4"/>'


def series_chart(
    *, chart_id: str, title: str, unit: str, series: list[Series], attribution: str = ""
) -> SafeString:
    """Several regions' yearly values of one indicator in one SVG (the national view).
    Every value is in the data table beside it; the <desc> lists them too. `attribution`
    is written under the plot when given."""
    series = [s for s in series if s.points]
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    suffix = f" {unit}" if unit else ""
    desc = " ".join(
        f"{s.label}: "
        + ", ".join(
            f"{p.period}: {fmt(p.value)}{suffix}"
            for p in sorted(s.points, key=lambda p: p.period.sort_key)
        )
        + "."
        for s in series
    )
    legend_rows = (len(series) + 1) // 2
    top = TOP + 16 * (legend_rows - 1)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="indicator-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT + 16 * (legend_rows - 1)}" width="{WIDTH}" '
        f'height="{HEIGHT + 16 * (legend_rows - 1)}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{title_id} {desc_id}" font-family="sans-serif" font-size="12">'
        f'<title id="{title_id}">{escape(title)}</title>'
        f'<desc id="{desc_id}">{escape(desc or _("No measurements or targets yet."))}</desc>'
    )
    if not series:
        return mark_safe(head + "</svg>")  # noqa: S308
    years = sorted({p.period.year for s in series for p in s.points})
    first, last = years[0], years[-1]
    values = [float(p.value) for s in series for p in s.points]
    low, high = min(values), max(values)
    non_negative = low >= 0
    if low == high:
        low, high = low - (abs(low) * 0.1 or 1), high + (abs(high) * 0.1 or 1)
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad
    step = nice_step(high - low)
    y_min, y_max = math.floor(low / step) * step, math.ceil(high / step) * step
    if non_negative and y_min < 0:
        y_min = 0.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(t: float) -> float:
        return LEFT + (t - first) / (last + 1 - first) * plot_w

    def y(v: float) -> float:
        return top + (1 - (v - y_min) / (y_max - y_min)) * plot_h

    parts = [head, '<g class="axis axis--y" fill="#1a1a1a">']
    parts.extend(_y_ticks(y_min, y_max, step, y, fmt))
    base = top + plot_h
    parts.append('</g><g class="axis axis--x" fill="#1a1a1a">')
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{base}" y2="{base}" stroke="#1a1a1a"/>'
    )
    for year in range(first, last + 1):
        parts.append(
            f'<text x="{_num(x(year + 0.5))}" y="{base + 18}" text-anchor="middle">{year}</text>'
        )
    parts.append(
        f'</g><text class="axis-label" x="14" y="{top + plot_h / 2}" text-anchor="middle" '
        f'fill="#1a1a1a" transform="rotate(-90 14 {top + plot_h / 2})">'
        f"{escape(unit or _('Value'))}</text>"
    )
    styles = iter(SERIES_STYLES * 5)
    legend = ['<g class="legend" font-size="11" fill="#1a1a1a">']
    for n, s in enumerate(series):
        colour, dash, marker = ("#4d4d4d", "2 3", "square") if s.comparison else next(styles)
        points = sorted(s.points, key=lambda p: p.period.sort_key)
        coords = [(x(p.period.midpoint), y(float(p.value))) for p in points]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(coords) > 1:
            path = " ".join(f"{_num(cx)},{_num(cy)}" for cx, cy in coords)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="2.5"{dash_attr}/>'
            )
        parts.append(f'<g fill="{colour}">')
        parts.extend(_marker(marker, cx, cy) for cx, cy in coords)
        parts.append("</g>")
        lx, ly = LEFT + (n % 2) * 280, 12 + 16 * (n // 2)
        label = s.label if len(s.label) <= 40 else s.label[:39] + "…"
        legend.append(
            f'<line x1="{lx}" x2="{lx + 24}" y1="{ly}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/><g fill="{colour}">{_marker(marker, lx + 12, ly)}'
            f'</g><text x="{lx + 30}" y="{ly + 4}">{escape(label)}</text>'
        )
    legend.append("</g>")
    parts.extend(legend)
    parts.append(_attribution(attribution))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308  (every text escaped above)
