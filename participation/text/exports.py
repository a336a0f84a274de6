"""The theme summaries in the exports: rows for a CSV, and a sheet for the .xlsx workbook."""

from __future__ import annotations

from django.utils.translation import gettext as _

from phases.spreadsheet import add_sheet, append_row

from . import selectors


def theme_rows(round, *, public: bool, language: str = "fi") -> tuple[list[str], list[list]]:
    header = [
        _("Theme"),
        _("Top terms"),
        _("Responses"),
        _("Perspectives"),
        _("Dispositions so far"),
        _("Without a disposition"),
        _("Most representative responses"),
    ]
    rows = []
    for s in selectors.theme_summaries(round, language=language, public=public):
        rows.append(
            [
                s.theme.number,
                " / ".join(name for _lang, name in s.names),
                s.size,
                ", ".join(f"{label} {n}" for label, n in s.perspectives),
                ", ".join(f"{label} {n}" for label, n in s.dispositions),
                s.unanswered,
                "\n".join(f"#{c.pk}: {c.text}" for c in s.representatives),
            ]
        )
    return header, rows


def add_theme_sheet(workbook, round, *, public: bool, language: str = "fi") -> None:
    """A "Themes" sheet (only when the round's themes have been computed)."""
    header, rows = theme_rows(round, public=public, language=language)
    if not rows:
        return
    sheet = add_sheet(workbook, _("Themes"))
    append_row(sheet, header, bold=True)
    for row in rows:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
