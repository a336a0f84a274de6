"""CSV import and export of measurements.

Format: a header row and one measurement a row, columns `indicator; period; value;
source; note` (the header may be in Finnish, Swedish or English, in any order; source and
note may be left out).

- indicator: the indicator's id, or its exact name in Finnish or Swedish;
- period: 2026 (a year), 2026-Q2 (a quarter; also Q2/2026) or 2026-05 (a month);
- value: a number; a decimal comma (12,5) or point (12.5); spaces as thousand separators.

The file may be separated by semicolons (as Excel saves it in Finland and Sweden) or by
commas; the header decides. It may be UTF-8 with or without a byte order mark, or
Windows-1252 / Latin-1 as older Excel versions save it.

The import is all or nothing: `parse` returns every error with its line number, and the
service writes nothing unless there are none. A period that appears twice in the file is
an error. A period that already has a measurement is **updated** with the file's value,
source and note (so a corrected file can be imported again).

The export writes the same format (semicolons, decimal comma, UTF-8 with a byte order mark
so Excel recognises it), and the import accepts its own export.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from defusedcsv import csv as defused_csv
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .status import Period, parse_period

MAX_BYTES = 2 * 1024 * 1024
# C0 control characters but tab, line feed and carriage return, and DEL (NUL included).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_DIGITS, DECIMAL_PLACES = 14, 4

# What defusedcsv prefixes with an apostrophe on export (so it is never a formula).
DEFUSED_STARTS = ("=", "+", "-", "@", "|", "%")
COLUMNS = ["indicator", "period", "value", "source", "note"]
REQUIRED = {"indicator", "period", "value"}
HEADER_NAMES = {
    "fi": ["mittari", "ajanjakso", "arvo", "lähde", "huomautus"],
    "sv": ["mätare", "period", "värde", "källa", "anmärkning"],
    "en": COLUMNS,
}
ALIASES = {
    "indicator": {"indicator", "mittari", "mätare", "indikaattori", "indikator", "id"},
    "period": {"period", "ajanjakso", "jakso", "kausi", "aika"},
    "value": {"value", "arvo", "värde"},
    "source": {"source", "lähde", "källa"},
    "note": {"note", "huomautus", "huomio", "lisätieto", "anmärkning", "kommentar"},
}


class CsvError(Exception):
    """The file as a whole cannot be read (encoding, empty, header)."""


@dataclass(frozen=True)
class Row:
    line: int
    indicator_id: int
    period: Period
    value: Decimal
    source: str
    note: str


@dataclass(frozen=True)
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def detect_delimiter(text: str) -> str:
    """A semicolon or a comma, decided by the header row (csv.Sniffer as a fallback)."""
    header = text.split("\n", 1)[0]
    if header.count(";") > header.count(","):
        return ";"
    if header.count(",") > header.count(";"):
        return ","
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=";,").delimiter
    except csv.Error:
        return ";"


def parse_value(text: str) -> Decimal | None:
    """'12,5' and '12.5' → Decimal('12.5'); '1 234,5' → Decimal('1234.5'); None if not a
    number."""
    text = (text or "").strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = text.replace("\u2212", "-")
    if not text or ("," in text and "." in text) or text.count(",") > 1:
        return None
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def format_value(value: Decimal) -> str:
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def _normal(name: str) -> str:
    return (name or "").strip().strip("\ufeff").strip().casefold()


def _header_map(header: list[str]) -> tuple[dict[str, int], list[str]]:
    mapping: dict[str, int] = {}
    unknown: list[str] = []
    for index, raw in enumerate(header):
        name = _normal(raw)
        if not name:
            continue
        key = next((k for k, names in ALIASES.items() if name in names), None)
        if key is None or key in mapping:
            unknown.append(raw.strip())
        else:
            mapping[key] = index
    return mapping, unknown


class IndicatorIndex:
    """Finds a project's indicator by id or exact Finnish or Swedish name."""

    def __init__(self, indicators: Iterable):
        self.by_id: dict[int, object] = {}
        self.by_name: dict[str, list[int]] = {}
        for indicator in indicators:
            self.by_id[indicator.pk] = indicator
            for name in {indicator.name_fi, indicator.name_sv}:
                if name and name.strip():
                    self.by_name.setdefault(name.strip(), []).append(indicator.pk)

    def find(self, text: str) -> tuple[int | None, str | None]:
        """(indicator id, None) or (None, error message)."""
        text = (text or "").strip()
        if not text:
            return None, _("The indicator is missing.")
        if text.isdigit() and int(text) in self.by_id:
            return int(text), None
        ids = sorted(set(self.by_name.get(text, [])))
        if len(ids) == 1:
            return ids[0], None
        if len(ids) > 1:
            return None, _(
                "Several indicators are called “%(name)s”; use the indicator's id instead."
            ) % {"name": text}
        return None, _("No indicator “%(name)s” in this project.") % {"name": text}


def parse(data: bytes, *, indicators: Iterable) -> tuple[list[Row], list[LineError]]:
    """Read a whole file. Returns the rows and every error found (by line number)."""
    if len(data) > MAX_BYTES:
        raise CsvError(_("The file is too large (at most 2 MB)."))
    text = decode(data).lstrip("\ufeff")
    if not text.strip():
        raise CsvError(_("The file is empty."))
    # strict: an unterminated quote is an error, not the rest of the file in one cell
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=detect_delimiter(text), strict=True
    )
    try:
        header = next(reader)
    except csv.Error as exc:
        raise CsvError(_("The file could not be read as CSV: %(error)s") % {"error": exc}) from exc
    mapping, unknown = _header_map(header)
    missing = [c for c in COLUMNS if c in REQUIRED and c not in mapping]
    if missing or unknown:
        expected = "; ".join(HEADER_NAMES.get(get_language() or "fi", COLUMNS))
        raise CsvError(
            _(
                "Line 1: the header row must name the columns %(expected)s "
                "(source and note may be left out)."
            )
            % {"expected": expected}
        )
    index = IndicatorIndex(indicators)
    rows: list[Row] = []
    errors: list[LineError] = []
    seen: dict[tuple[int, Period], int] = {}
    width = max(mapping.values()) + 1
    while True:
        starts = reader.line_num + 1  # where this record begins (a quoted cell may span lines)
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "end of data" in str(exc):
                message = _("a quotation mark opened here is never closed.")
            else:
                message = _("a quotation mark is misplaced: quote the whole cell or none of it.")
            errors.append(LineError(starts, _capitalise(message)))
            break
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if any(CONTROL.search(c) for c in cells):
            errors.append(
                LineError(
                    starts,
                    _capitalise(_("the line contains a control character (such as a NUL byte).")),
                )
            )
            continue
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))

        def cell(key: str, cells=cells) -> str:
            return undefuse(cells[mapping[key]].strip()) if key in mapping else ""

        messages: list[str] = []
        indicator_id, message = index.find(cell("indicator"))
        if message:
            messages.append(message)
        period = parse_period(cell("period"))
        if period is None:
            messages.append(
                _("“%(period)s” is not a period; write e.g. 2026, 2026-Q2 or 2026-05.")
                % {"period": cell("period")}
            )
        value = parse_value(cell("value"))
        if value is None:
            messages.append(_("“%(value)s” is not a number.") % {"value": cell("value")})
        elif value.normalize().as_tuple().exponent < -DECIMAL_PLACES:
            messages.append(_("A value may have at most 4 decimals."))
            value = None
        elif abs(value) >= Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES):
            messages.append(_("The value is too large."))
            value = None
        source, note = cell("source"), cell("note")
        if len(source) > 300:
            messages.append(_("The source may be at most 300 characters."))
        if indicator_id is not None and period is not None:
            first = seen.get((indicator_id, period))
            if first is not None:
                messages.append(
                    _("the same indicator and period are already on line %(line)d.")
                    % {"line": first}
                )
            else:
                seen[(indicator_id, period)] = line
        if messages:
            errors.append(LineError(line, " ".join(_capitalise(m) for m in messages)))
        elif indicator_id is not None and period is not None and value is not None:
            rows.append(Row(line, indicator_id, period, value, source, note))
    if not rows and not errors:
        raise CsvError(_("The file has no measurements."))
    return rows, errors


def undefuse(text: str) -> str:
    """The text as typed, without the apostrophe the export put before a formula start."""
    if text[:1] == "'" and text[1:2] in DEFUSED_STARTS:
        return text[1:]
    return text


def _capitalise(message: str) -> str:
    return message[:1].upper() + message[1:]


def export(measurements: Iterable, *, language: str | None = None) -> bytes:
    """The measurements as CSV for Excel: semicolons, decimal comma, UTF-8 with BOM.

    `measurements` have `.indicator` (with name_fi/name_sv), `.period`, `.value`,
    `.source`, `.note`. The indicator is written by its name in Finnish (Swedish when
    `language` is "sv"), or by its id when that name is not unique in the project.
    """
    language = language or get_language() or "fi"
    measurements = list(measurements)
    name_field = "name_sv" if language == "sv" else "name_fi"
    counts: dict[str, set[int]] = {}
    for m in measurements:
        counts.setdefault(getattr(m.indicator, name_field) or "", set()).add(m.indicator_id)
    out = io.StringIO(newline="")
    # defusedcsv: a text starting with = + - @ gets a leading apostrophe (never a formula).
    writer = defused_csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER_NAMES.get(language, COLUMNS))
    for m in measurements:
        name = getattr(m.indicator, name_field) or ""
        label = name if name.strip() and len(counts[name]) == 1 else str(m.indicator_id)
        writer.writerow([label, str(m.period), format_value(m.value), m.source, m.note])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# -- THL Sotkanet's own CSV download -------------------------------------------------------
#
# Sotkanet's data query as CSV (`/rest/1.1/csv?indicator=…&years=…&genders=…`, the file
# the rOpenGov client reads): semicolons, a header row `indicator;region;year;gender;value;
# absValue`, one row per indicator, region, year and gender, ids rather than names. The
# import takes the rows of the region's own Sotkanet region and of gender "total", for the
# project's indicators that carry that Sotkanet id; a value Sotkanet withholds is empty.

SOTKANET_COLUMNS = {"indicator", "region", "year", "gender", "value"}
SOTKANET_SOURCE = "THL Sotkanet"


def is_sotkanet(data: bytes) -> bool:
    """Whether the file is Sotkanet's CSV (decided by its header row)."""
    text = decode(data[:4096]).lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    names = {_normal(n).strip('"') for n in header.replace(",", ";").split(";")}
    return SOTKANET_COLUMNS <= names


def parse_sotkanet(
    data: bytes, *, indicators: Iterable, region_id: int | None, region_name: str = ""
) -> tuple[list[Row], list[LineError]]:
    """Read Sotkanet's CSV: the rows and every error found (by line number)."""
    if len(data) > MAX_BYTES:
        raise CsvError(_("The file is too large (at most 2 MB)."))
    if not region_id:
        raise CsvError(
            _(
                "This is a THL Sotkanet file: choose the region's THL Sotkanet region first, "
                "so that its rows can be found."
            )
        )
    text = decode(data).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    header = [_normal(h) for h in next(reader)]
    col = {name: header.index(name) for name in SOTKANET_COLUMNS}
    width = max(col.values()) + 1
    by_sotkanet: dict[int, list[int]] = {}
    for indicator in indicators:
        if indicator.sotkanet_id:
            by_sotkanet.setdefault(indicator.sotkanet_id, []).append(indicator.pk)
    rows: list[Row] = []
    errors: list[LineError] = []
    unknown: dict[str, int] = {}
    seen: dict[tuple[int, Period], int] = {}
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) < width:
                errors.append(LineError(line, _("The row has too few columns.")))
                continue
            region, gender = cells[col["region"]].strip(), cells[col["gender"]].strip()
            if region != str(region_id) or gender.casefold() != "total":
                continue
            raw_id, raw_year = cells[col["indicator"]].strip(), cells[col["year"]].strip()
            if not raw_id.isdigit() or not raw_year.isdigit():
                errors.append(
                    LineError(line, _("The indicator and the year must be whole numbers."))
                )
                continue
            targets = by_sotkanet.get(int(raw_id))
            if not targets:
                unknown.setdefault(raw_id, line)
                continue
            raw_value = cells[col["value"]].strip()
            if not raw_value:
                continue  # withheld by Sotkanet
            value = parse_value(raw_value)
            if value is None:
                errors.append(
                    LineError(line, _("“%(value)s” is not a number.") % {"value": raw_value})
                )
                continue
            value = value.quantize(Decimal(1).scaleb(-DECIMAL_PLACES))
            if abs(value) >= Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES):
                errors.append(LineError(line, _("The value is too large.")))
                continue
            period = Period(int(raw_year))
            for indicator_id in targets:
                first = seen.get((indicator_id, period))
                if first is not None:
                    errors.append(
                        LineError(
                            line,
                            _capitalise(
                                _("the same indicator and period are already on line %(line)d.")
                                % {"line": first}
                            ),
                        )
                    )
                    continue
                seen[(indicator_id, period)] = line
                rows.append(Row(line, indicator_id, period, value, SOTKANET_SOURCE, ""))
    except csv.Error as exc:
        errors.append(LineError(reader.line_num, _("not valid CSV (%(error)s)") % {"error": exc}))
    for raw_id, line in unknown.items():
        errors.append(
            LineError(
                line,
                _("No indicator of this project has the THL Sotkanet id %(id)s.") % {"id": raw_id},
            )
        )
    errors.sort(key=lambda e: e.line)
    if not rows and not errors:
        raise CsvError(
            _("The file has no values for %(region)s.") % {"region": region_name or region_id}
        )
    return rows, errors
