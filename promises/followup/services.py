"""Writes of the yearly follow-up report. Keyword-only arguments; every rule lives here.

A report is started for a year of the promise in force, its texts are written in the
region's languages, it is approved (by the body the region names: the board or the
council) which assembles and freezes it and stores its PDFs, and then published. An
approved report is never changed again.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phases import roles
from phases.locking import locked
from phases.models import CouncilDecision
from phases.platform import notifications
from phases.translated import LANGS, pick_field

from ..decision.services import head_forget, public_cache_key
from ..models import FollowUpDocument, FollowUpReport
from ..pdf_archive import pdf_store
from .pdf import render_follow_up_pdf
from .selectors import build_report, missing_texts

logger = logging.getLogger(__name__)

FOLLOW_UP = "follow_up"  # the notification kind (registered in registrations.py)
TEXT_FIELDS = ("summary", "next_actions")


class FollowUpError(ValidationError):
    """A refused follow-up report action, with a message for the user (translated)."""


def _notify(report: FollowUpReport, event: str, by) -> None:
    project = report.decision.project
    notifications.notify(
        users=notifications.project_users(project, roles.EDIT_CONTENT),
        kind=FOLLOW_UP,
        event=event,
        project=project,
        params={"year": report.year, "report": report.pk},
        exclude=by,
        dedupe=f"follow-up-{event}-{report.pk}",
    )


def report_start(
    *, decision: CouncilDecision, year: int, due_on: datetime.date | None = None, by=None
) -> FollowUpReport:
    """A new report of `year` on the approved promise of `decision`."""
    if not hasattr(decision, "approval"):
        raise FollowUpError(_("Only an approved promise has follow-up reports."))
    if year < decision.meeting_date.year or year > timezone.localdate().year:
        raise FollowUpError(
            _("A follow-up report covers a year from %(first)d to this year.")
            % {"first": decision.meeting_date.year}
        )
    if FollowUpReport.objects.filter(decision=decision, year=year).exists():
        raise FollowUpError(_("The follow-up report of %(year)d exists already.") % {"year": year})
    report = FollowUpReport.objects.create(decision=decision, year=year, due_on=due_on)
    _notify(report, "follow_up_started", by)
    return report


def report_save(
    *,
    report: FollowUpReport,
    texts: dict[str, dict[str, str]],
    approving_body: str,
    due_on: datetime.date | None,
    lock_version: int,
    by=None,
) -> FollowUpReport:
    """Save the staff's texts ({"summary": {lang: str}, ...}), the approving body and the
    due date; refused once the report is approved; EditConflict when someone else saved."""
    with transaction.atomic():
        current = locked(FollowUpReport, lock_version, pk=report.pk)
        if current.is_approved:
            raise FollowUpError(_("The report is approved: it is not changed any more."))
        for name in TEXT_FIELDS:
            for lang in LANGS:
                if lang in texts.get(name, {}):
                    setattr(current, f"{name}_{lang}", texts[name][lang] or "")
        current.approving_body = approving_body
        current.due_on = due_on
        current.save()
    return current


def report_approve(
    *, report: FollowUpReport, approved_on: datetime.date, reference: str = "", by=None
) -> FollowUpReport:
    """Record the approval: the report is assembled and frozen, then its PDFs are stored
    (one per language of the region). Refused when a text is missing in a language."""
    with transaction.atomic():
        current = (
            FollowUpReport.objects.select_for_update()
            .select_related("decision__project__region")
            .get(pk=report.pk)
        )
        if current.is_approved:
            raise FollowUpError(_("The report is approved already."))
        missing = missing_texts(current)
        if missing:
            raise FollowUpError(
                _("Write the texts of the report in every language of the region first: %(l)s.")
                % {"l": ", ".join(missing)}
            )
        if approved_on > timezone.localdate():
            raise FollowUpError(_("The approval date cannot be in the future."))
        snapshot = build_report(current)
        snapshot["approval"] = {
            "body": current.approving_body,
            "kind": current.decision.project.region.kind,
            "approved_on": approved_on.isoformat(),
            "reference": reference,
        }
        current.snapshot = snapshot
        current.approved_on, current.approval_reference = approved_on, reference
        current.approved_by = by
        current.lock_version += 1
        current.save()
    documents_render(report=current)
    _notify(current, "follow_up_approved", by)
    return current


def documents_render(*, report: FollowUpReport) -> list[str]:
    """Store the PDFs of an approved report not stored yet; returns the languages that
    failed (a failure of one does not stop the others)."""
    region = report.decision.project.region
    stored = set(report.documents.values_list("language", flat=True))
    failed = []
    for language in report.snapshot.get("languages", []):
        if language in stored:
            continue
        try:
            rendered = render_follow_up_pdf(
                report.snapshot,
                language,
                region_name=pick_field(region, "name", language, region.content_languages),
            )
            _document_store(report=report, language=language, rendered=rendered)
        except Exception:
            logger.exception("follow-up PDF %s (%s) failed", report.pk, language)
            failed.append(language)
    return failed


def _document_store(*, report: FollowUpReport, language: str, rendered) -> None:
    document = FollowUpDocument(report=report, language=language)
    name = f"{report.decision.project.region.slug}-follow-up-{report.year}-{language}.pdf"
    pdf_store(document, name, rendered, unique={"report": report, "language": language})


def report_publish(*, report: FollowUpReport, by=None) -> FollowUpReport:
    """Publish an approved report whose PDFs are stored (residents see it from now on)."""
    with transaction.atomic():
        current = FollowUpReport.objects.select_for_update().get(pk=report.pk)
        if not current.is_approved:
            raise FollowUpError(_("Only an approved report can be published."))
        if current.is_published:
            raise FollowUpError(_("The report is published already."))
        stored = set(current.documents.values_list("language", flat=True))
        if not set(current.snapshot.get("languages", [])) <= stored:
            raise FollowUpError(_("The report's PDFs are not all stored yet."))
        current.published_at = timezone.now()
        current.save(update_fields=["published_at"])
        # the public page links the report: its cached head (and so its ETag) is renewed
        slug = report.decision.project.region.slug
        keys = [public_cache_key(slug), f"{public_cache_key(slug)}:{current.decision_id}"]
        transaction.on_commit(lambda: [head_forget(key) for key in keys])
    _notify(current, "follow_up_published", by)
    return current
