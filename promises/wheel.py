"""The handbook's model of the promise as a wheel, server-rendered SVG.

The vision sits in the centre; the inner circle is split into the resident's half (top)
and the organiser's half (bottom); the five perspectives are sectors around it; the outer
ring carries the two mottos. Three views: the whole wheel, the resident's detail and the
organiser's detail (the sectors then show that side's goal summary).

No JavaScript, no external fonts, only presentation attributes (WeasyPrint reads those,
not CSS classes), text placed line by line and letter by letter so every renderer lays it
out the same. The SVG has role="img", <title> and <desc>; `text_alternative` gives the
cells' goals and statements as lists to show beside it. On the public page (`anchor`) the
sectors are links to the table of goals, each named by its perspective, side and goal; the
SVG is then a group, its drawing apart from the links hidden from assistive technology.
A script (static/js/wheel.js) may also write the focused sector's goal under the picture;
the links and their titles work without it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from phases.perspectives import SIDE_MOTTOS, Perspective, Side

from .decision.selectors import perspective_commitments
from .richtext import render_plain
from .snapshot import localized

VIEWS = ("whole", "resident", "organiser")
SIZE = 640  # the drawing's own coordinate system; `size` only scales it
C = SIZE / 2
R_VISION = 92
R_INNER = 134
R_SECTORS = 262
R_OUTER = 314
FONT = "DejaVu Sans, Noto Sans, Arial, Helvetica, sans-serif"

COLORS = {
    "resident": "#0062ad",
    "organiser": "#00005e",
    "muted": "#d9d9d9",
    "muted_text": "#1a1a1a",
    "sector": "#e9f1fa",
    "sector_active": "#f4f8fc",
    "line": "#ffffff",
    "text": "#1a1a1a",
    "vision": "#ffffff",
}

# Where long words may break (so "hälsovårdsintegration" becomes "hälsovårds-/integration").
BREAKS = {
    "hälsovårdsintegration": ("hälsovårds", "integration"),
    "verkningsfullhet": ("verknings", "fullhet"),
    "tillgänglighet": ("tillgäng", "lighet"),
    "saavutettavuus": ("saavutet", "tavuus"),
    "sote-integraatio": ("sote-", "integraatio"),
}

_NARROW = set("iljtfrI.,;:!|'’ ()-")
_SEMI_NARROW = set("J")  # "J" as wide as "M" left a gap: "J A", "J ärjestäjän"
_WIDE = set("mwMWÖ—")  # Å and Ä are as wide as A ("PÅ VERKA" had a gap)


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """An estimate of the rendered width (sans-serif), good enough to fit and centre."""
    width = 0.0
    for ch in text:
        if ch in _NARROW:
            width += 0.32
        elif ch in _SEMI_NARROW:
            width += 0.48
        elif ch in _WIDE:
            width += 0.86
        elif ch.isupper() or ch.isdigit():
            width += 0.66
        else:
            width += 0.56
    return width * font_size * (1.08 if bold else 1.0)


def _split_word(word: str, max_width: float, font_size: float, bold: bool) -> list[str]:
    known = BREAKS.get(word.lower())
    if known:
        first = word[: len(known[0])]
        rest = word[len(known[0]) :]
        if not first.endswith("-"):
            first += "-"
        return [first, rest]
    if text_width(word, font_size, bold) <= max_width:
        return [word]
    parts = []
    current = ""
    for ch in word:
        if text_width(current + ch + "-", font_size, bold) > max_width and current:
            parts.append(current + "-")
            current = ch
        else:
            current += ch
    parts.append(current)
    return parts


def wrap(
    text: str,
    widths: list[float],
    font_size: float,
    bold: bool = False,
    *,
    split_words: bool = True,
) -> tuple[list[str], bool]:
    """Greedy word wrap into len(widths) lines; returns (lines, everything fitted)."""
    # (piece, glued): a piece of a word split here joins the previous piece without a
    # space; a word that itself ends in a hyphen ("Social- och") keeps its space.
    words: list[tuple[str, bool]] = []
    for word in text.split():
        if text_width(word, font_size, bold) > min(widths):
            if not split_words:
                return [text], False
            pieces = _split_word(word, min(widths), font_size, bold)
            words.extend((piece, n > 0) for n, piece in enumerate(pieces))
        else:
            words.append((word, False))
    lines: list[str] = []
    current = ""
    for word, glued in words:
        candidate = word if not current else f"{current} {word}"
        if glued and current:
            candidate = current + word
        limit = widths[min(len(lines), len(widths) - 1)]
        if text_width(candidate, font_size, bold) <= limit or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) <= len(widths):
        return lines, True
    kept = lines[: len(widths)]
    last = kept[-1]
    limit = widths[len(kept) - 1]
    while last and text_width(last + "…", font_size, bold) > limit:
        last = last[:-1]
    kept[-1] = last.rstrip(" -,.;:") + "…"
    return kept, False


@dataclass(frozen=True)
class TextBlock:
    """Straight lines of text centred on `x`, the first line's baseline at `y`.

    Drawn as SVG <text> elements, or (the decision PDF: `html_labels`) as one HTML
    paragraph placed over the drawing: WeasyPrint lays out and draws an SVG <text> letter
    by letter, an HTML line in one piece."""

    lines: tuple[str, ...]
    x: float
    y: float
    line_height: float
    font_size: float
    bold: bool
    fill: str

    def svg(self) -> str:
        weight = ' font-weight="bold"' if self.bold else ""
        return "".join(
            f'<text x="{self.x:.1f}" y="{self.y + i * self.line_height:.1f}" '
            f'font-size="{self.font_size:g}"{weight} fill="{self.fill}" '
            f'text-anchor="middle">{escape(line)}</text>'
            for i, line in enumerate(self.lines)
        )

    def html(self) -> str:
        """A paragraph in the drawing's units (the labels' box is SIZE em wide, see
        print.css): centred on x in a box HTML_LINE_BOX wide, its first baseline at y
        (half the line's leading and the font's ascent above it: DejaVu Sans, ascent
        0.928 em, descent 0.236 em)."""
        top = self.y - self.line_height / 2 - (ASCENT - DESCENT) / 2 * self.font_size
        style = (
            f"left:{(self.x - HTML_LINE_BOX / 2) * 100 / SIZE:.3f}%;"
            f"top:{top * 100 / SIZE:.3f}%;"
            f"width:{HTML_LINE_BOX * 100 / SIZE:.3f}%;"
            f"font-size:{self.font_size:g}em;"
            f"line-height:{self.line_height / self.font_size:.4f};"
            f"color:{self.fill}" + (";font-weight:bold" if self.bold else "")
        )
        text = "<br>".join(escape(line) for line in self.lines)
        return f'<p class="wheel__line" style="{style}">{text}</p>'


Parts = list[str | TextBlock]
ASCENT, DESCENT = 0.928, 0.236
HTML_LINE_BOX = 260  # wider than any fitted line (about 120), so none overflows its box


def _text_lines(
    lines: list[str],
    x: float,
    y_first: float,
    line_height: float,
    font_size: float,
    *,
    bold: bool = False,
    fill: str = COLORS["text"],
) -> TextBlock:
    return TextBlock(tuple(lines), x, y_first, line_height, font_size, bold, fill)


def _fit_whole(
    text: str,
    *,
    width_at,
    max_height: float,
    sizes: tuple[float, ...],
    max_lines: int = 8,
) -> tuple[list[str], float] | None:
    """Like `_fit_block`, but never abbreviated: None when the whole text does not fit."""
    for split_words in (False, True):
        for size in sizes:
            line_height = size * 1.22
            count_max = min(max_lines, max(1, int(max_height // line_height)))
            for count in range(1, count_max + 1):
                widths = [width_at(i, count, size) for i in range(count)]
                lines, fitted = wrap(text, widths, size, split_words=split_words)
                if fitted:
                    return lines, size
    return None


def _fit_block(
    text: str,
    *,
    width_at,  # (line index, line count, font size) -> available width
    max_height: float,
    sizes: tuple[float, ...],
    bold: bool = False,
    max_lines: int = 8,
) -> tuple[list[str], float]:
    """The largest font size at which `text` fits the block (whole words first, then with
    words broken); else the smallest size, abbreviated with an ellipsis."""
    for split_words in (False, True):
        for size in sizes:
            line_height = size * 1.22
            count_max = min(max_lines, max(1, int(max_height // line_height)))
            for count in range(1, count_max + 1):
                widths = [width_at(i, count, size) for i in range(count)]
                lines, fitted = wrap(text, widths, size, bold, split_words=split_words)
                if fitted:
                    return lines, size
    size = sizes[-1]
    line_height = size * 1.22
    count = min(max_lines, max(1, int(max_height // line_height)))
    widths = [width_at(i, count, size) for i in range(count)]
    lines, _fitted = wrap(text, widths, size, bold)
    return lines, size


def _polar(radius: float, degrees: float) -> tuple[float, float]:
    rad = math.radians(degrees)
    return C + radius * math.cos(rad), C + radius * math.sin(rad)


def _annular_sector(r_in: float, r_out: float, start: float, end: float) -> str:
    x1, y1 = _polar(r_out, start)
    x2, y2 = _polar(r_out, end)
    x3, y3 = _polar(r_in, end)
    x4, y4 = _polar(r_in, start)
    large = 1 if (end - start) % 360 > 180 else 0
    return (
        f"M{x1:.2f},{y1:.2f} A{r_out},{r_out} 0 {large} 1 {x2:.2f},{y2:.2f} "
        f"L{x3:.2f},{y3:.2f} A{r_in},{r_in} 0 {large} 0 {x4:.2f},{y4:.2f} Z"
    )


def _arc_text(
    text: str,
    radius: float,
    centre: float,
    font_size: float,
    *,
    top: bool,
    fill: str,
    bold=True,
    single: bool = False,
) -> str:
    """Letters placed one by one along an arc centred on `centre` degrees, upright.

    `single` (the print path) writes the whole arc as one <text> whose letters carry
    their own x, y and rotate lists: WeasyPrint draws every <text> with a centred anchor
    as a separate form object, which made the letter-per-element arcs its slowest part.
    """
    widths = [text_width(ch, font_size, bold) for ch in text]
    total = sum(widths)
    # Shrink the letters if the text would take more than ~170 degrees of the arc.
    max_len = math.radians(165) * radius
    if total > max_len:
        font_size *= max_len / total
        widths = [w * max_len / total for w in widths]
        total = max_len
    weight = ' font-weight="bold"' if bold else ""
    if single:
        return _arc_text_single(text, widths, total, radius, centre, font_size, top, fill, weight)
    out = []
    pos = -total / 2
    for ch, w in zip(text, widths, strict=True):
        mid = pos + w / 2
        pos += w
        if ch == " ":
            continue
        delta = math.degrees(mid / radius)
        angle = centre + delta if top else centre - delta
        x, y = _polar(radius, angle)
        rotate = angle + 90 if top else angle - 90
        out.append(
            f'<text x="{x:.2f}" y="{y:.2f}" font-size="{font_size:.2f}"{weight} '
            f'fill="{fill}" text-anchor="middle" '
            f'transform="rotate({rotate:.2f} {x:.2f} {y:.2f})">{escape(ch)}</text>'
        )
    return "".join(out)


def _arc_text_single(
    text: str,
    widths: list[float],
    total: float,
    radius: float,
    centre: float,
    font_size: float,
    top: bool,
    fill: str,
    weight: str,
) -> str:
    """One <text> for a whole arc: each letter starts half its estimated width before its
    place on the arc and is turned to the arc's tangent there."""
    xs, ys, rotations, letters = [], [], [], []
    pos = -total / 2
    for ch, w in zip(text, widths, strict=True):
        mid = pos + w / 2
        pos += w
        if ch == " ":
            continue
        delta = math.degrees(mid / radius)
        angle = centre + delta if top else centre - delta
        rotate = angle + 90 if top else angle - 90
        x, y = _polar(radius, angle)
        tangent = math.radians(rotate)
        xs.append(f"{x - w / 2 * math.cos(tangent):.2f}")
        ys.append(f"{y - w / 2 * math.sin(tangent):.2f}")
        rotations.append(f"{rotate:.2f}")
        letters.append(escape(ch))
    if not letters:
        return ""
    return (
        f'<text x="{" ".join(xs)}" y="{" ".join(ys)}" rotate="{" ".join(rotations)}" '
        f'font-size="{font_size:.2f}"{weight} fill="{fill}">{"".join(letters)}</text>'
    )


@dataclass
class WheelCell:
    perspective: str
    label: str
    goal: str
    statements: list[str]
    commitments: list[str]


def _cells(snapshot: dict, language: str) -> dict[tuple[str, str], WheelCell]:
    """Each (perspective, side): its goal, statements and the titles of its commitments,
    read with `perspective_commitments` (the perspective table's own reading)."""
    labels = dict(Perspective.choices)
    given = {(c["perspective"], c["side"]): c for c in snapshot.get("cells", [])}
    placed = perspective_commitments(snapshot)["cells"]
    cells = {}
    for key, commitments in placed.items():
        cell = given.get(key)
        if cell is None and not commitments:
            continue
        cell = cell or {}
        cells[key] = WheelCell(
            perspective=key[0],
            label=str(labels.get(key[0], key[0])),
            goal=render_plain(localized(cell.get("goal"), language)),
            statements=[
                render_plain(localized(s.get("text"), language)) for s in cell.get("statements", [])
            ],
            commitments=[render_plain(localized(m.get("title"), language)) for m in commitments],
        )
    return cells


def commitment_count(count: int) -> str:
    return ngettext("%(count)d commitment", "%(count)d commitments", count) % {"count": count}


def sector_commitments(cells: dict, key: str, sides: list[str]) -> list[str]:
    """The titles of a sector's commitments on `sides`, each once (a commitment of both
    sides stands on each)."""
    titles: list[str] = []
    for side in sides:
        cell = cells.get((key, side))
        for title in cell.commitments if cell else []:
            if title not in titles:
                titles.append(title)
    return titles


def render_wheel(
    snapshot: dict,
    language: str,
    *,
    view: str = "whole",
    size: int = 560,
    id_prefix: str = "wheel",
    for_print: bool = False,
    anchor: str | None = None,
    html_labels: bool = False,
) -> SafeString:
    """The promise as an SVG wheel in `language`.

    `for_print` (the PDF) draws the same picture with far fewer SVG elements: each arc's
    letters in one <text> with per-letter positions (see `_arc_text`).

    `html_labels` (the decision PDF, with print.css): the straight texts (the sectors'
    names, goals and counts, the vision) are HTML paragraphs in a `wheel__labels` box
    right after the SVG, placed over it in the drawing's units, instead of SVG <text>:
    WeasyPrint lays out an SVG text letter by letter (the ten wheels were a fifth of a
    decision PDF's render), an HTML line in one piece. The words, their lines and places
    are the same; the arcs stay in the SVG.

    `anchor` (the public page): every sector becomes a link to `#<anchor>-<perspective>`
    (the whole wheel: that perspective's row of the table) or
    `#<anchor>-<perspective>-<side>` (a side's detail: that cell), focusable in the order
    of the perspectives, named by its perspective, side and goal (aria-label, and a
    <title> shown on hover). The picture is then a group of links, not one image."""
    if view not in VIEWS:
        view = "whole"
    with translation.override(language):
        parts = _render(snapshot, language, view, size, id_prefix, for_print, anchor)
    if html_labels:
        blocks = "".join(p.html() for p in parts if isinstance(p, TextBlock))
        svg = "".join(p for p in parts if not isinstance(p, TextBlock))
        html = f'<div class="wheel__picture">{svg}<div class="wheel__labels">{blocks}</div></div>'
    else:
        html = "".join(p.svg() if isinstance(p, TextBlock) else p for p in parts)
    return mark_safe(html)  # noqa: S308 - every text escaped in the parts


def sector_label(cells: dict, key: str, label: str, sides: list[str]) -> str:
    """ "Saatavuus. Asukkaan näkökulma: <goal>. Järjestäjän näkökulma: <goal>.
    Sitoumukset: <title>; <title>." """
    side_labels = dict(Side.choices)
    parts = [str(label)]
    for side in sides:
        cell = cells.get((key, side))
        parts.append(f"{side_labels[side]}: {(cell.goal if cell else '') or '–'}")
    titles = sector_commitments(cells, key, sides)
    if titles:
        parts.append(_("Commitments: %(titles)s") % {"titles": "; ".join(titles)})
    return ". ".join(part.rstrip(".") for part in parts) + "."


def _render(
    snapshot: dict,
    language: str,
    view: str,
    size: int,
    id_prefix: str,
    for_print: bool = False,
    anchor: str | None = None,
) -> Parts:
    cells = _cells(snapshot, language)
    vision = render_plain(localized(snapshot.get("vision"), language))
    title, desc = _title_and_desc(snapshot, language, view, vision)
    colours = _colours(view)
    tid, did = f"{id_prefix}-title", f"{id_prefix}-desc"
    # With links inside, the picture is a group (an image's children are not reachable);
    # its drawing apart from the links is then hidden from assistive technology.
    role = (
        f'role="group" aria-labelledby="{tid}" aria-describedby="{did}"'
        if anchor
        else f'role="img" aria-labelledby="{tid} {did}"'
    )
    hidden = '<g aria-hidden="true">' if anchor else "<g>"
    parts: Parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{size}" height="{size}" {role} '
        f'class="wheel wheel--{view}" font-family="{FONT}">',
        f'<title id="{tid}">{escape(title)}</title>',
        f'<desc id="{did}">{escape(desc)}</desc>',
        hidden,
        *_outer_ring(colours, for_print),
        "</g>",
    ]
    perspectives = list(Perspective.choices)
    step = 360 / len(perspectives)
    for index, (key, label) in enumerate(perspectives):
        parts += _sector(cells, key, label, -90 + index * step, step, view, anchor)
    parts.append(hidden)
    parts += _inner_circle(colours, for_print)
    parts += _vision(snapshot, language, vision)
    parts.append("</g></svg>")
    return parts


def _title_and_desc(snapshot: dict, language: str, view: str, vision: str) -> tuple[str, str]:
    """The picture's <title> and <desc>: the segment and the view; the vision, the two
    sides, the five perspectives and the cross-cutting commitments of the view's sides."""
    view_names = {
        "whole": _("The whole wheel"),
        "resident": _("Resident's detail"),
        "organiser": _("Organiser's detail"),
    }
    title = _("Service promise: %(segment)s (%(view)s)") % {
        "segment": localized(snapshot.get("title"), language),
        "view": view_names[view],
    }
    desc = _(
        "Vision in the centre: %(vision)s. The inner circle is split into the resident's view "
        "(%(resident_motto)s) and the organiser's view (%(organiser_motto)s). Around it are "
        "five perspectives: %(perspectives)s. The text after the picture lists the goals and "
        "statements."
    ) % {
        "vision": vision or "–",
        "resident_motto": SIDE_MOTTOS[Side.RESIDENT],
        "organiser_motto": SIDE_MOTTOS[Side.ORGANISER],
        "perspectives": ", ".join(str(label) for _k, label in Perspective.choices),
    }
    cross = []
    for side in _sides(view):
        for m in perspective_commitments(snapshot)["cross_cutting"][side]:
            title_of = render_plain(localized(m.get("title"), language))
            if title_of not in cross:
                cross.append(title_of)
    if cross:
        desc += " " + _("Cross-cutting commitments (all perspectives): %(titles)s.") % {
            "titles": "; ".join(cross)
        }
    return title, desc


def _sides(view: str) -> list[str]:
    """The sides a view shows: both for the whole wheel, else its own."""
    return list(Side.values) if view == "whole" else [view]


def _colours(view: str) -> dict[str, str]:
    """Each side's fill and text colour: a side the view does not show is muted."""
    shown = {side: view in ("whole", side) for side in Side.values}
    return {side: COLORS[side] if shown[side] else COLORS["muted"] for side in Side.values} | {
        f"{side}_text": "#ffffff" if shown[side] else COLORS["muted_text"] for side in Side.values
    }


def _outer_ring(colours: dict, for_print: bool) -> list[str]:
    """The outer ring: the two mottos (resident above, organiser below)."""
    ring_mid = (R_SECTORS + R_OUTER) / 2
    resident, organiser = Side.RESIDENT.value, Side.ORGANISER.value
    return [
        f'<path d="{_annular_sector(R_SECTORS, R_OUTER, 180, 360)}" fill="{colours[resident]}"/>',
        f'<path d="{_annular_sector(R_SECTORS, R_OUTER, 0, 180)}" fill="{colours[organiser]}"/>',
        _arc_text(
            str(SIDE_MOTTOS[Side.RESIDENT]).upper(),
            ring_mid - 6,
            270,
            17,
            top=True,
            fill=colours[f"{resident}_text"],
            single=for_print,
        ),
        _arc_text(
            str(SIDE_MOTTOS[Side.ORGANISER]).upper(),
            ring_mid + 6,
            90,
            17,
            top=False,
            fill=colours[f"{organiser}_text"],
            single=for_print,
        ),
    ]


def _sector(
    cells: dict,
    key: str,
    label: str,
    centre: float,
    step: float,
    view: str,
    anchor: str | None,
) -> Parts:
    """One perspective's sector (a link to its row or cell when `anchor` is given): its
    name, and in the whole wheel its commitment count, in a side's view its goal too."""
    start, end = centre - step / 2, centre + step / 2
    sides = _sides(view)
    fill = COLORS["sector"] if view == "whole" else COLORS["sector_active"]
    name = escape(sector_label(cells, key, label, sides))
    count = len(sector_commitments(cells, key, sides))
    count_text = commitment_count(count) if count else ""
    if anchor:
        target = f"{anchor}-{key}" if view == "whole" else f"{anchor}-{key}-{view}"
        parts = [
            f'<a href="#{escape(target)}" class="wheel__sector" aria-label="{name}">'
            f"<title>{name}</title>"
        ]
    else:
        parts = [f'<g class="wheel__sector"><title>{name}</title>']
    parts.append(
        f'<path d="{_annular_sector(R_INNER, R_SECTORS, start, end)}" fill="{fill}" '
        f'stroke="{COLORS["line"]}" stroke-width="4"/>'
    )
    if anchor:
        # The focus ring: inside the sector, so the next sector does not cover it.
        ring = _annular_sector(R_INNER + 5, R_SECTORS - 5, start + 1.6, end - 1.6)
        parts.append(
            f'<path d="{ring}" class="wheel__focus" fill="none" stroke="none" stroke-width="5"/>'
        )
    lx, ly = _polar((R_INNER + R_SECTORS) / 2 + 4, centre)
    if view == "whole":
        parts += _sector_label_and_count(str(label), lx, ly, count_text)
    else:
        cell = cells.get((key, view))
        parts += _sector_side_detail(str(label), cell.goal if cell else "", lx, ly, count_text)
    parts.append("</a>" if anchor else "</g>")
    return parts


def _sector_label_and_count(label: str, lx: float, ly: float, count_text: str) -> Parts:
    """The whole wheel's sector text: the perspective's name, its commitment count below."""
    lines, font_size = _fit_block(
        label,
        width_at=lambda i, n, s: 118,
        max_height=72,
        sizes=(16, 15, 14, 13),
        bold=True,
        max_lines=3,
    )
    line_height = font_size * 1.22
    extra = 16 if count_text else 0
    y0 = ly - (len(lines) - 1) * line_height / 2 + font_size * 0.35 - extra / 2
    parts = [_text_lines(lines, lx, y0, line_height, font_size, bold=True)]
    if count_text:
        y_count = y0 + (len(lines) - 1) * line_height + extra + 2
        parts.append(_text_lines([count_text], lx, y_count, 12, 11.5, fill=COLORS["organiser"]))
    return parts


def _sector_side_detail(label: str, goal: str, lx: float, ly: float, count_text: str) -> Parts:
    """A side's sector text: the perspective's name, the side's goal and its count."""
    label_lines, label_size = _fit_block(
        label,
        width_at=lambda i, n, s: 120,
        max_height=30,
        sizes=(12.5, 12, 11),
        bold=True,
        max_lines=2,
    )
    goal_lines, goal_size = (
        _fit_block(
            goal,
            width_at=lambda i, n, s: 118,
            max_height=66,
            sizes=(11, 10.5, 10, 9.5),
            max_lines=5,
        )
        if goal
        else ([], 10)
    )
    label_h = len(label_lines) * label_size * 1.22
    goal_h = len(goal_lines) * goal_size * 1.22
    count_h = 14 if count_text else 0
    total = label_h + (4 + goal_h if goal_lines else 0) + count_h
    top = ly - total / 2
    parts = [
        _text_lines(
            label_lines, lx, top + label_size * 0.95, label_size * 1.22, label_size, bold=True
        )
    ]
    if goal_lines:
        parts.append(
            _text_lines(
                goal_lines, lx, top + label_h + 4 + goal_size * 0.95, goal_size * 1.22, goal_size
            )
        )
    if count_text:
        parts.append(
            _text_lines(
                [count_text], lx, top + total - 2, 12, 10.5, bold=True, fill=COLORS["organiser"]
            )
        )
    return parts


def _inner_circle(colours: dict, for_print: bool) -> list[str]:
    """The inner circle: the resident's half above, the organiser's below, named on arcs."""
    side_labels = dict(Side.choices)
    inner_mid = (R_VISION + R_INNER) / 2
    resident, organiser = Side.RESIDENT.value, Side.ORGANISER.value
    return [
        f'<path d="{_annular_sector(R_VISION, R_INNER, 180, 360)}" fill="{colours[resident]}" '
        f'stroke="{COLORS["line"]}" stroke-width="2"/>',
        f'<path d="{_annular_sector(R_VISION, R_INNER, 0, 180)}" fill="{colours[organiser]}" '
        f'stroke="{COLORS["line"]}" stroke-width="2"/>',
        _arc_text(
            str(side_labels[resident]),
            inner_mid - 5,
            270,
            13,
            top=True,
            fill=colours[f"{resident}_text"],
            single=for_print,
        ),
        _arc_text(
            str(side_labels[organiser]),
            inner_mid + 5,
            90,
            13,
            top=False,
            fill=colours[f"{organiser}_text"],
            single=for_print,
        ),
    ]


def _vision_width(i: int, n: int, s: float) -> float:
    """The width of line `i` of `n` (font size `s`) inside the centre circle."""
    line_height = s * 1.22
    block = n * line_height + 14
    y = -block / 2 + 14 + (i + 0.5) * line_height
    return max(30.0, 2 * math.sqrt(max(0.0, (R_VISION - 8) ** 2 - y * y)) - 8)


def _vision(snapshot: dict, language: str, vision: str) -> Parts:
    """The vision in the centre, whole, never cut: wrapped (smaller if need be); a vision
    too long for the centre gives way to the slogan, else to a pointer to the full text
    beside the wheel (the <desc> holds it too)."""
    parts = [
        f'<circle cx="{C}" cy="{C}" r="{R_VISION}" fill="{COLORS["vision"]}" '
        f'stroke="{COLORS["organiser"]}" stroke-width="2"/>'
    ]
    vision_label = str(_("Vision")).upper()
    slogan = render_plain(localized(snapshot.get("slogan") or {}, language))
    fitted = None
    for candidate in (vision, slogan, _("The vision is written out beside the picture.")):
        if candidate:
            fitted = _fit_whole(
                candidate,
                width_at=_vision_width,
                max_height=2 * R_VISION - 34,
                sizes=(14, 13, 12, 11, 10, 9, 8.5),
                max_lines=12,
            )
            if fitted:
                break
    if not fitted:
        parts.append(
            _text_lines([vision_label], C, C + 4, 14, 12, bold=True, fill=COLORS["organiser"])
        )
        return parts
    lines, font_size = fitted
    line_height = font_size * 1.22
    top = C - (len(lines) * line_height + 14) / 2
    parts.append(
        _text_lines([vision_label], C, top + 9, 12, 10, bold=True, fill=COLORS["organiser"])
    )
    parts.append(_text_lines(lines, C, top + 14 + font_size * 0.95, line_height, font_size))
    return parts


@dataclass
class AlternativeSide:
    side: str
    label: str
    motto: str
    cells: list[WheelCell]


def text_alternative(snapshot: dict, language: str, *, view: str = "whole") -> dict:
    """The wheel's content as lists, for the text beside the picture."""
    with translation.override(language):
        cells = _cells(snapshot, language)
        sides = [view] if view in ("resident", "organiser") else list(Side.values)
        side_labels = dict(Side.choices)
        return {
            "title": localized(snapshot.get("title"), language),
            "vision": render_plain(localized(snapshot.get("vision"), language)),
            "sides": [
                AlternativeSide(
                    side=side,
                    label=str(side_labels[side]),
                    motto=str(SIDE_MOTTOS[side]),
                    cells=[cells[(p, side)] for p in Perspective.values if (p, side) in cells],
                )
                for side in sides
            ],
        }
