"""What the round looks like outside the app: CSV/xlsx rows (the version itself is shown
with promises' one presenter, `promises.decision.selectors.promise_view`).

The export meant for the public never carries e-mail addresses, hidden comments or names
the commenters did not choose to show.

Both formats are written by the one writer, phases.spreadsheet: any stored text (a
comment with ESC or U+FFFF included) gives a valid file, and no cell is ever run as a
formula (a comment may start with `=`, `+`, `-` or `@`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from phases import spreadsheet
from phases.spreadsheet import append_row
from phases.translated import LANG_LABELS

from .models import Comment, CommentRound
from .selectors import round_summary
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
        qs = qs.public()
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
    return spreadsheet.csv_text([header, *data])


def xlsx(round: CommentRound, header: list[str], data: list[list], *, public: bool) -> bytes:
    workbook = spreadsheet.new_workbook(_("Responses"))
    sheet = workbook.active
    append_row(sheet, header, bold=True)
    for row in data:
        append_row(sheet, row)
    sheet.freeze_panes = "A2"
    summary = round_summary(round, with_responses=False, public=public)
    counts = spreadsheet.add_sheet(workbook, _("Summary"))
    label = round.version.frozen_label(get_language() or "fi")  # never the live draft's title
    append_row(counts, [_("Comment round"), label])
    append_row(counts, [_("Total"), summary.total])
    for title, items in (
        (_("By perspective"), summary.by_perspective),
        (_("By source"), summary.by_source),
        (_("By disposition"), summary.by_disposition),
    ):
        counts.append([])
        append_row(counts, [str(title)], bold=True)
        for label, n in items:
            append_row(counts, [str(label), n])
    add_theme_sheet(workbook, round, public=public)
    return spreadsheet.workbook_bytes(workbook)
