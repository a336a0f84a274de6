"""One way to write spreadsheet rows that can never hold a live formula (every export).

CSV goes through defusedcsv (a text cell starting with = + - @ gets an apostrophe); in .xlsx
every text is a string cell, and one that starts like a formula gets Excel's quote prefix.
"""

from __future__ import annotations

from defusedcsv import csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_writer(out, **kwargs):
    return csv.writer(out, delimiter=";", **kwargs)


def append_row(sheet, values: list) -> None:
    """Append a row; text is always a string cell, never a formula."""
    sheet.append([None if isinstance(v, str) else v for v in values])
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            cell = sheet.cell(row=row, column=column)
            cell.value = value
            cell.data_type = "s"  # openpyxl would make "=..." a formula (type "f")
            if value.startswith(FORMULA_START):
                cell.quotePrefix = True
