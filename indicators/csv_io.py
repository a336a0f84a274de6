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
so Excel recognises it) with the one writer, phases.spreadsheet, and the import accepts its
own export.

Bounded work (issue 24): a file has at most MAX_BYTES bytes, MAX_ROWS records,
MAX_COLUMNS cells a record and MAX_CELL characters a cell; past a cap the import stops
with a message naming it, and nothing is written. At most MAX_ERRORS line errors are
listed (reading stops there). The text is cleaned with phases.text_hygiene.clean_text (the
characters XML forbids are removed), as in every form.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from phases.spreadsheet import csv_writer, undefuse
from phases.text_hygiene import clean_text

from .status import MAX_YEAR, MIN_YEAR, Period, parse_period

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5_000  # records of one file (a project's indicators × periods fit many times)
MAX_COLUMNS = 20
MAX_CELL = 5_000  # characters (a note; the source is at most 300)
MAX_ERRORS = 100
# Sotkanet's file holds every region's rows; the region's own are a small part of it.
MAX_SOTKANET_LINES = 200_000
MAX_DIGITS, DECIMAL_PLACES = 14, 4

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
    """The file as a whole cannot be read (encoding, empty, header, a cap)."""


def _grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


def too_large() -> CsvError:
    return CsvError(_("The file is too large (at most 2 MB)."))


def too_many_rows(limit: int = MAX_ROWS) -> CsvError:
    return CsvError(
        _("The file has more than %(max)s rows; import at most %(max)s rows at a time.")
        % {"max": _grouped(limit)}
    )


def too_wide(line: int) -> CsvError:
    return CsvError(
        _("Line %(line)d has more than %(max)d columns; is this the right file?")
        % {"line": line, "max": MAX_COLUMNS}
    )


def cell_too_long(line: int) -> CsvError:
    return CsvError(
        _("Line %(line)d has a cell longer than %(max)s characters.")
        % {"line": line, "max": _grouped(MAX_CELL)}
    )


def too_many_errors() -> LineError:
    return LineError(
        0,
        _("More than %(max)d lines have errors; the first %(max)d are listed.")
        % {"max": MAX_ERRORS},
    )


def _read_text(data: bytes) -> str:
    """The file's text, cleaned; CsvError when it is past the byte cap."""
    if len(data) > MAX_BYTES:
        raise too_large()
    return clean_text(decode(data)).lstrip("\ufeff")


def _records(reader, *, limit: int):
    """The reader's records, with caps on their count, width and cell length."""
    for count, cells in enumerate(reader, start=1):
        if count > limit:
            raise too_many_rows(limit - 1)
        if len(cells) > MAX_COLUMNS:
            raise too_wide(reader.line_num)
        if any(len(c) > MAX_CELL for c in cells):
            raise cell_too_long(reader.line_num)
        yield cells


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
    line: int  # 0: about the file as a whole
    message: str

    def __str__(self) -> str:
        if not self.line:
            return self.message
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
    if not value.is_finite() or abs(value.adjusted()) > 100:
        return None  # beyond what normalize() may compute (and any sensible measurement)
    return value


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


def _small_integer(text: str) -> bool:
    """ASCII digits only, and few enough to be an id or a year (int() refuses 4,301)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


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
        if _small_integer(text) and int(text) in self.by_id:
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
    """Read a whole file. Returns the rows and the errors found (by line number, at most
    MAX_ERRORS); CsvError when the file cannot be read or is past a cap."""
    text = _read_text(data)
    if not text.strip():
        raise CsvError(_("The file is empty."))
    # strict: an unterminated quote is an error, not the rest of the file in one cell
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=detect_delimiter(text), strict=True
    )
    # Every record is read first (bounded by the caps), so a file past a cap is refused as
    # such, whatever its rows hold.
    records, broken = _all_records(reader, limit=MAX_ROWS + 1)  # the header and MAX_ROWS
    if not records:
        if broken:
            raise CsvError(str(broken))
        raise CsvError(_("The file is empty."))
    mapping = _checked_header(records[0][1])
    reading = _Reading(IndicatorIndex(indicators), mapping)
    for line, cells in records[1:]:
        if len(reading.errors) >= MAX_ERRORS:
            reading.errors.append(too_many_errors())
            break
        if any(c.strip() for c in cells):
            reading.read(line, cells)
    else:
        if broken:
            reading.errors.append(broken)
    if not reading.rows and not reading.errors:
        raise CsvError(_("The file has no measurements."))
    return reading.rows, reading.errors


def _all_records(reader, *, limit: int) -> tuple[list[tuple[int, list[str]]], LineError | None]:
    """(line, cells) of every record up to the first that cannot be read, and the error
    of that one (a quotation mark never closed or misplaced)."""
    records: list[tuple[int, list[str]]] = []
    cells_of = _records(reader, limit=limit)
    while True:
        starts = reader.line_num + 1  # where this record begins (a quoted cell may span lines)
        try:
            cells = next(cells_of)
        except StopIteration:
            return records, None
        except csv.Error as exc:
            if "field larger" in str(exc):
                raise cell_too_long(starts) from exc
            if "end of data" in str(exc):
                message = _("a quotation mark opened here is never closed.")
            else:
                message = _("a quotation mark is misplaced: quote the whole cell or none of it.")
            return records, LineError(starts, _capitalise(message))
        records.append((reader.line_num, cells))


def _checked_header(header: list[str]) -> dict[str, int]:
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
    return mapping


class _Reading:
    """The rows and errors of one file, a record at a time."""

    def __init__(self, index: IndicatorIndex, mapping: dict[str, int]):
        self.index, self.mapping = index, mapping
        self.width = max(mapping.values()) + 1
        self.rows: list[Row] = []
        self.errors: list[LineError] = []
        self.seen: dict[tuple[int, Period], int] = {}

    def read(self, line: int, cells: list[str]) -> None:
        if len(cells) < self.width:
            cells = cells + [""] * (self.width - len(cells))

        def cell(key: str) -> str:
            return undefuse(cells[self.mapping[key]].strip()) if key in self.mapping else ""

        messages: list[str] = []
        indicator_id, message = self.index.find(cell("indicator"))
        if message:
            messages.append(message)
        period = parse_period(cell("period"))
        if period is None:
            messages.append(
                _("“%(period)s” is not a period; write e.g. 2026, 2026-Q2 or 2026-05.")
                % {"period": cell("period")[:50]}
            )
        value = parse_value(cell("value"))
        if value is None:
            messages.append(_("“%(value)s” is not a number.") % {"value": cell("value")[:50]})
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
            first = self.seen.get((indicator_id, period))
            if first is not None:
                messages.append(
                    _("the same indicator and period are already on line %(line)d.")
                    % {"line": first}
                )
            else:
                self.seen[(indicator_id, period)] = line
        if messages:
            self.errors.append(LineError(line, " ".join(_capitalise(m) for m in messages)))
        elif indicator_id is not None and period is not None and value is not None:
            self.rows.append(Row(line, indicator_id, period, value, source, note))


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
    writer = csv_writer(out)  # the one writer: text cleaned, formulas defused
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
    """Read Sotkanet's CSV: the rows and the errors found (by line number, at most
    MAX_ERRORS); CsvError when the file cannot be read or is past a cap (MAX_BYTES,
    MAX_SOTKANET_LINES records, MAX_ROWS rows of the region)."""
    if len(data) > MAX_BYTES:
        raise too_large()
    if not region_id:
        raise CsvError(
            _(
                "This is a THL Sotkanet file: choose the region's THL Sotkanet region first, "
                "so that its rows can be found."
            )
        )
    text = _read_text(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    records = _records(reader, limit=MAX_SOTKANET_LINES + 1)
    try:
        header = [_normal(h) for h in next(records)]
        col = {name: header.index(name) for name in SOTKANET_COLUMNS}
    except (StopIteration, ValueError, csv.Error) as exc:
        raise CsvError(
            _("Line 1: the header row of a THL Sotkanet file names the columns %(expected)s.")
            % {"expected": "indicator; region; year; gender; value"}
        ) from exc
    by_sotkanet: dict[int, list[int]] = {}
    for indicator in indicators:
        if indicator.sotkanet_id:
            by_sotkanet.setdefault(indicator.sotkanet_id, []).append(indicator.pk)
    reading = _SotkanetReading(by_sotkanet, col, str(region_id))
    try:
        for cells in records:
            if any(c.strip() for c in cells):
                reading.read(reader.line_num, cells)
    except csv.Error as exc:
        message = _("not valid CSV (%(error)s)") % {"error": exc}
        reading.errors.append(LineError(reader.line_num, message))
    errors = reading.all_errors()
    if not reading.rows and not errors:
        raise CsvError(
            _("The file has no values for %(region)s.") % {"region": region_name or region_id}
        )
    return reading.rows, errors


class _SotkanetReading:
    def __init__(self, by_sotkanet: dict[int, list[int]], col: dict[str, int], region: str):
        self.by_sotkanet, self.col, self.region = by_sotkanet, col, region
        self.width = max(col.values()) + 1
        self.rows: list[Row] = []
        self.errors: list[LineError] = []
        self.unknown: dict[str, int] = {}
        self.seen: dict[tuple[int, Period], int] = {}

    def read(self, line: int, cells: list[str]) -> None:
        col = self.col
        if len(cells) < self.width:
            self.errors.append(LineError(line, _("The row has too few columns.")))
            return
        region, gender = cells[col["region"]].strip(), cells[col["gender"]].strip()
        if region != self.region or gender.casefold() != "total":
            return
        raw_id, raw_year = cells[col["indicator"]].strip(), cells[col["year"]].strip()
        if not _small_integer(raw_id) or not _small_integer(raw_year):
            self.errors.append(
                LineError(line, _("The indicator and the year must be whole numbers."))
            )
            return
        if not MIN_YEAR <= int(raw_year) <= MAX_YEAR:
            self.errors.append(
                LineError(
                    line,
                    _("“%(period)s” is not a period; write e.g. 2026, 2026-Q2 or 2026-05.")
                    % {"period": raw_year},
                )
            )
            return
        targets = self.by_sotkanet.get(int(raw_id))
        if not targets:
            self.unknown.setdefault(raw_id, line)
            return
        raw_value = cells[col["value"]].strip()
        if not raw_value:
            return  # withheld by Sotkanet
        value = parse_value(raw_value)
        if value is None:
            message = _("“%(value)s” is not a number.") % {"value": raw_value[:50]}
            self.errors.append(LineError(line, message))
            return
        if abs(value) >= Decimal(10) ** (MAX_DIGITS - DECIMAL_PLACES):
            self.errors.append(LineError(line, _("The value is too large.")))
            return
        value = value.quantize(Decimal(1).scaleb(-DECIMAL_PLACES))
        period = Period(int(raw_year))
        for indicator_id in targets:
            first = self.seen.get((indicator_id, period))
            if first is not None:
                message = _("the same indicator and period are already on line %(line)d.")
                self.errors.append(LineError(line, _capitalise(message % {"line": first})))
                continue
            if len(self.rows) >= MAX_ROWS:
                raise too_many_rows()
            self.seen[(indicator_id, period)] = line
            self.rows.append(Row(line, indicator_id, period, value, SOTKANET_SOURCE, ""))

    def all_errors(self) -> list[LineError]:
        errors = self.errors + [
            LineError(
                line,
                _("No indicator of this project has the THL Sotkanet id %(id)s.") % {"id": raw_id},
            )
            for raw_id, line in self.unknown.items()
        ]
        errors.sort(key=lambda e: e.line)
        if len(errors) > MAX_ERRORS:
            errors = errors[:MAX_ERRORS] + [too_many_errors()]
        return errors
