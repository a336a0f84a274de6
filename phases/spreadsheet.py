"""The one writer of every spreadsheet (.xlsx) and CSV export, safe for any stored text.

Every text cell goes through two steps, in this order, in both formats:

1. `phases.text_hygiene.clean_text`: the characters XML 1.0 forbids (ESC, U+FFFF, lone
   surrogates, ...) are removed. Forms and imports clean text at input, but text stored
   before that (or written by a management command, a restore, a migration) still reaches
   the exports: in .xlsx one such character made openpyxl refuse the workbook (a 500) or
   write a file Excel calls corrupt; in CSV a lone surrogate cannot be encoded.
2. Formula defusing with one list, `FORMULA_STARTS`: a text starting with one of them is
   never run as a formula. In CSV (which has no types) defusedcsv puts an apostrophe
   before the characters it knows (= + - @ | %) and this writer does the same for a leading
   tab or carriage return; numbers such as "-12,5" are left as they are. In .xlsx every
   text is a string cell (never a formula, whatever it starts with) and one that starts
   like a formula also gets Excel's quote prefix, so it stays text when edited.

`csv_writer(out)` for CSV (semicolons by default, as Excel reads them in Finland and Sweden),
`new_workbook` / `add_sheet` / `append_row` / `workbook_bytes` for .xlsx. The readers
(indicators.csv_io) take the apostrophe off again with `undefuse`.
"""

from __future__ import annotations

import datetime
import io
import re
from numbers import Number

from defusedcsv import csv as defused_csv
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font

from .text_hygiene import clean_text

# The characters defusedcsv defuses (defusedcsv/csv.py `_escape`), and the two it does not.
DEFUSEDCSV_STARTS = ("=", "+", "-", "@", "|", "%")
FORMULA_STARTS = DEFUSEDCSV_STARTS + ("\t", "\r")
# Excel's limit of characters in a cell (openpyxl cuts there too).
EXCEL_CELL_MAX = 32_767
SHEET_TITLE_MAX = 31
BOLD = Font(bold=True)


def undefuse(text: str) -> str:
    """The text as typed, without the apostrophe an export put before a formula start."""
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS:
        return text[1:]
    return text


# -- CSV ------------------------------------------------------------------------------


def _csv_cell(value):
    if value is None or (isinstance(value, Number) and not isinstance(value, bool)):
        return value
    text = clean_text(str(value))
    if text.startswith(("\t", "\r")):
        text = "'" + text  # defusedcsv leaves these; the apostrophe makes it text as well
    return text


class CsvWriter:
    """A csv.writer whose every text cell is cleaned and defused (see the module)."""

    def __init__(self, out, *, delimiter: str = ";", lineterminator: str = "\r\n"):
        self._writer = defused_csv.writer(out, delimiter=delimiter, lineterminator=lineterminator)

    def writerow(self, row) -> None:
        self._writer.writerow([_csv_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out, *, delimiter: str = ";", lineterminator: str = "\r\n") -> CsvWriter:
    return CsvWriter(out, delimiter=delimiter, lineterminator=lineterminator)


def csv_text(rows, *, bom: bool = True) -> str:
    """Rows as CSV text for Excel (semicolons, CRLF, a byte order mark first)."""
    out = io.StringIO(newline="")
    if bom:
        out.write("\ufeff")
    csv_writer(out).writerows(rows)
    return out.getvalue()


# -- .xlsx ----------------------------------------------------------------------------


def new_workbook(first_title: str):
    """An empty workbook whose first sheet is called `first_title`."""
    workbook = Workbook()
    workbook.active.title = sheet_title(first_title)
    return workbook


def sheet_title(title: str) -> str:
    """A valid sheet title: cleaned, without the characters Excel refuses, at most 31."""
    title = re.sub(r"[\\/*?:\[\]]", " ", clean_text(str(title))).strip("' ")
    return title[:SHEET_TITLE_MAX] or "Sheet"


def add_sheet(workbook, title: str):
    """A new sheet; its title made valid and unique (Excel compares titles ignoring case)."""
    title = sheet_title(title)
    taken = {name.casefold() for name in workbook.sheetnames}
    unique, number = title, 1
    while unique.casefold() in taken:
        suffix = f" ({number})"
        unique, number = title[: SHEET_TITLE_MAX - len(suffix)] + suffix, number + 1
    return workbook.create_sheet(unique)


def _xlsx_cell(sheet, value, bold: bool) -> Cell:
    cell = Cell(sheet)
    if value is None or isinstance(
        value, (Number, datetime.date, datetime.time, datetime.timedelta)
    ):
        cell.value = value
    else:  # text, or anything else shown as its text
        text = clean_text(str(value))[:EXCEL_CELL_MAX]
        cell._value = text  # set directly: openpyxl would make "=..." a formula
        cell.data_type = "s"
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    if bold:
        cell.font = BOLD
    return cell


def append_row(sheet, values, *, bold: bool = False) -> None:
    """Append a row; text is always a cleaned string cell, never a formula."""
    sheet.append([_xlsx_cell(sheet, value, bold) for value in values])


def workbook_bytes(workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
