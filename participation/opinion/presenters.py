"""The round's results for one page language: texts picked, labels and the chart's bars;
and the same as spreadsheet rows (CSV and .xlsx through phases.spreadsheet)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from phases import spreadsheet
from phases.perspectives import Perspective
from phases.translated import pick

CHART_WIDTH = 600
BAR_HEIGHT = 28
BAR_GAP = 12
LABEL_WIDTH = 150


def results_view(data: dict, language: str, languages) -> dict:
    """The cached results (selectors.results) ready for a template in `language`."""
    labels = dict(Perspective.choices)
    rows = []
    for row in data["rows"]:
        rows.append(
            {
                **row,
                "text": pick(row["texts"], language, languages),
                "perspective_labels": [str(labels[p]) for p in row["perspectives"]],
                "group_cells": list(zip(_group_labels(data), row["groups"], strict=False)),
            }
        )
    by_id = {r["id"]: r for r in rows}
    groups = [
        {
            **g,
            "distinctive": [
                {
                    **d,
                    "row": by_id[d["id"]],
                    "share_pct": round(100 * d["share"]),
                    "rest_pct": round(100 * d["rest"]),
                }
                for d in g["distinctive"]
            ],
        }
        for g in data["groups"]
    ]
    largest = max((g["size"] for g in groups), default=0) or 1
    bars = []
    for n, g in enumerate(groups):
        width = round((CHART_WIDTH - LABEL_WIDTH - 60) * g["size"] / largest)
        bars.append(
            {
                "label": g["label"],
                "size": g["size"],
                "y": n * (BAR_HEIGHT + BAR_GAP),
                "text_y": n * (BAR_HEIGHT + BAR_GAP) + BAR_HEIGHT * 0.65,
                "width": max(width, 2),
                "value_x": LABEL_WIDTH + max(width, 2) + 8,
                "colour": n % 5,
            }
        )
    perspectives = [
        {**p, "label": str(labels[p["key"]])} for p in data["perspectives"] if p["statements"]
    ]
    return {
        **data,
        "rows": rows,
        "groups": groups,
        "consensus_rows": [by_id[i] for i in data["consensus"] if i in by_id],
        "divisive_rows": [by_id[i] for i in data["divisive"] if i in by_id],
        "perspective_rows": perspectives,
        "chart": {
            "width": CHART_WIDTH,
            "height": max(len(bars), 1) * (BAR_HEIGHT + BAR_GAP),
            "bar_height": BAR_HEIGHT,
            "label_width": LABEL_WIDTH,
            "bars": bars,
        },
        "group_labels": _group_labels(data),
    }


def _group_labels(data) -> list[str]:
    return [g["label"] for g in data["groups"]]


def export_rows(data: dict, language: str, languages) -> tuple[list[str], list[list]]:
    view = results_view(data, language, languages)
    header = [
        _("Number"),
        pgettext("opinion", "Statement"),
        _("Language"),
        _("Perspectives"),
        _("Written by"),
        _("Agree"),
        _("Disagree"),
        _("Pass"),
        _("Votes"),
        f"{_('Agree')} %",
        f"{_('Disagree')} %",
        f"{_('Pass')} %",
    ]
    header += [f"{_('Group %(label)s agrees') % {'label': g}} %" for g in view["group_labels"]]
    header += [_("Consensus"), _("Divisive")]
    authors = {"staff": _("Staff"), "resident": _("Resident")}
    out = []
    for r in view["rows"]:
        out.append(
            [
                r["number"],
                str(r["text"]),
                r["text"].lang or r["language"],
                ", ".join(r["perspective_labels"]),
                authors.get(r["author"], r["author"]),
                r["agree"],
                r["disagree"],
                r["pass"],
                r["seen"],
                r["agree_pct"],
                r["disagree_pct"],
                r["pass_pct"],
                *("" if pct is None else pct for pct in r["groups"]),
                _("yes") if r["consensus"] else "",
                _("yes") if r["divisive"] else "",
            ]
        )
    return header, out


def csv_text(data, language, languages) -> str:
    header, rows = export_rows(data, language, languages)
    return spreadsheet.csv_text([header, *rows])


def xlsx_bytes(data, language, languages) -> bytes:
    header, rows = export_rows(data, language, languages)
    workbook = spreadsheet.new_workbook(pgettext("opinion", "Statements"))
    sheet = workbook.active
    spreadsheet.append_row(sheet, header, bold=True)
    for row in rows:
        spreadsheet.append_row(sheet, row)
    sheet.freeze_panes = "A2"
    groups = spreadsheet.add_sheet(workbook, _("Opinion groups"))
    spreadsheet.append_row(groups, [_("Group"), _("Participants")], bold=True)
    for g in data["groups"]:
        spreadsheet.append_row(groups, [g["label"], g["size"]])
    spreadsheet.append_row(groups, [_("Participants in all"), data["participants"]])
    return spreadsheet.workbook_bytes(workbook)
