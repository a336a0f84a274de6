"""What the round looks like outside the app: CSV/xlsx rows (the version itself is shown
with promises' one presenter, `promises.decision_selectors.promise_view`).

The export meant for the public never carries e-mail addresses, hidden comments or names
the commenters did not choose to show.

Every text cell is written so that a spreadsheet never runs it as a formula (a comment may
start with `=`, `+`, `-` or `@`): the CSV goes through defusedcsv (such a cell gets a
leading apostrophe), the .xlsx has every text cell typed as a string with Excel's "quote
prefix", so it is shown as typed and stays text when edited.
"""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from phases.translated import LANG_LABELS

from .models import Comment, CommentRound
from .selectors import round_summary
from .spreadsheet import append_row, csv_writer
from .text.exports import add_theme_sheet


def rows(
    round: CommentRound, *, public: bool, with_email: bool = False
) -> tuple[list[str], list[list]]:
    """The header and rows of the export. E-mail addresses only with `with_email` (for the
    roles that answer the commenters), never in the public export."""
    header = [
        _("Number"),
        _("Received"),
        _("Source"),
        _("Comment on"),
        _("Perspective"),
        _("Commitment"),
        _("Name"),
        _("Text"),
        _("Disposition"),
    ]
    # The reason in each of the region's languages, a column each.
    languages = round.project.region.content_languages
    header += [f"{_('Reasoned response')} ({LANG_LABELS[lang]})" for lang in languages]
    with_email = with_email and not public
    if not public:
        header += [_("E-mail")] if with_email else []
        header += [_("Moderation"), _("Language")]
    qs = Comment.objects.filter(round=round).order_by("created_at", "pk")
    if public:
        qs = qs.exclude(status__in=[Comment.Status.HIDDEN, Comment.Status.PENDING])
    result = []
    for c in qs.iterator(chunk_size=2000):
        row = [
            c.pk,
            timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
            str(c.get_source_display()),
            str(c.get_target_display()),
            str(c.get_perspective_display()) if c.perspective else "",
            c.commitment_title,
            c.public_name if public else c.name,
            c.text,
            str(c.get_disposition_display()) if c.disposition else "",
            *(getattr(c, f"reason_{lang}", None) or "" for lang in languages),
        ]
        if not public:
            row += [c.email] if with_email else []
            row += [str(c.get_status_display()), c.language]
        result.append(row)
    return header, result


def csv_text(header: list[str], data: list[list]) -> str:
    """The rows as CSV for Excel (semicolons, with a byte order mark), formulas defused."""
    out = io.StringIO(newline="")
    out.write("\ufeff")
    writer = csv_writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(data)
    return out.getvalue()


def xlsx(round: CommentRound, header: list[str], data: list[list], *, public: bool) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Responses")[:31]
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    summary = round_summary(round, with_responses=False)
    counts = workbook.create_sheet(_("Summary")[:31])
    append_row(counts, [_("Comment round"), str(round.version)])
    append_row(counts, [_("Total"), summary.total])
    for title, items in (
        (_("By perspective"), summary.by_perspective),
        (_("By source"), summary.by_source),
        (_("By disposition"), summary.by_disposition),
    ):
        counts.append([])
        append_row(counts, [str(title)])
        counts[counts.max_row][0].font = Font(bold=True)
        for label, n in items:
            append_row(counts, [str(label), n])
    add_theme_sheet(workbook, round, public=public)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
