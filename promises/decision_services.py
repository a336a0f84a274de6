"""Writes of the decision package (phase 4) and the council decision.

`decision_record` is the one place a council decision is stored. An approval freezes the
proposed versions as APPROVED versions, keeps the package's descriptions as they were,
renders the PDF in each chosen language from that frozen data and stores it with its
SHA-256 — all in one transaction: if rendering or storing fails, nothing is recorded, so
an approval never exists without its PDF.
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phases import services as phase_services
from phases.locking import locked
from phases.models import CouncilDecision, PromiseProject
from phases.phase_numbers import DECISION_PHASE, PREPARATION_PHASE
from phases.translated import LANGS, first_text, set_texts

from .decision_selectors import (
    APPROVING,
    DESCRIPTION_FIELDS,
    package_texts,
    segment_promises,
)
from .models import DecisionDocument, DecisionPackage, PromiseVersion
from .models.decision import DecisionApproval
from .pdf import render_decision_pdf

logger = logging.getLogger(__name__)

EDITABLE_PHASES = (PREPARATION_PHASE, DECISION_PHASE)


class DecisionError(ValidationError):
    """A refused decision-package action, with a message for the user (translated)."""


def public_cache_key(region_slug: str) -> str:
    return f"promises:public-head:{region_slug}"


def package_update(
    *,
    project: PromiseProject,
    by,
    lock_version: int,
    versions: dict[int, PromiseVersion],
    texts: dict[str, dict[str, str]],
    channels: list[str],
) -> DecisionPackage:
    """Save the versions proposed for approval and the descriptions.

    `texts` is {field: {language: text}}; languages left out keep their text. Optimistic
    locking: `lock_version` is the version the editor started from; if somebody saved in
    between, EditConflict is raised and nothing is written.
    """
    if project.phase not in EDITABLE_PHASES:
        raise DecisionError(_("The decision package can be edited only in phases 3 and 4."))
    promises = {p.pk: p for p in segment_promises(project)}
    for promise_id, version in versions.items():
        if promise_id not in promises or version.promise_id != promise_id:
            raise DecisionError(_("Choose a version of each of this project's promises."))
        if version.kind == PromiseVersion.Kind.APPROVED:
            raise DecisionError(_("An approved version cannot be proposed again."))
    valid_channels = set(DecisionPackage.Channel.values)
    if any(c not in valid_channels for c in channels):
        raise DecisionError(_("Choose the channels from the list."))
    with transaction.atomic():
        package, _created = DecisionPackage.objects.get_or_create(project=project)
        package = locked(DecisionPackage, lock_version, pk=package.pk)
        if _approved_exists(project):
            raise DecisionError(_("The council has already approved this package."))
        fields = ["lock_version", "updated_by", "updated_at", "communication_channels"]
        for name, by_language in texts.items():
            if name in DESCRIPTION_FIELDS:
                fields += set_texts(package, name, by_language)
        package.communication_channels = list(dict.fromkeys(channels))
        package.updated_by = by
        package.save(update_fields=list(dict.fromkeys(fields)))
        package.versions.set(list(versions.values()))
    return package


def _new_decision(
    project,
    by,
    body,
    meeting_date,
    section,
    outcome,
    text,
    case_number="",
    minutes_url="",
    period=(None, None, False),
) -> CouncilDecision:
    decision = CouncilDecision(
        project=project,
        meeting_date=meeting_date,
        section=section,
        case_number=case_number,
        minutes_url=minutes_url,
        outcome=outcome,
        recorded_by=by,
        period_start=period[0],
        period_end=period[1],
        decided_in_advance=period[2],
    )
    set_texts(decision, "body", body)
    set_texts(decision, "text", text)
    decision.save()
    return decision


def _approved_exists(project: PromiseProject) -> bool:
    return CouncilDecision.objects.filter(
        project=project, outcome__in=APPROVING, approval__isnull=False
    ).exists()


def _take_case_number(project: PromiseProject, case_number: str) -> None:
    """A project without a case number takes its decision's (in the decision's transaction)."""
    if case_number and not project.case_number:
        project.case_number = case_number
        PromiseProject.objects.filter(pk=project.pk).update(case_number=case_number)


def decision_record(
    *,
    project: PromiseProject,
    by,
    body: dict[str, str],
    meeting_date,
    section: str,
    outcome: str,
    text: dict[str, str],
    languages: list[str],
    case_number: str = "",
    minutes_url: str = "",
    period_start=None,
    period_end=None,
    decided_in_advance: bool = False,
) -> CouncilDecision:
    """Record the council's decision on the package (phase 4 only).

    Approved / approved with changes: the proposed version of every segment promise is
    frozen as a new APPROVED version (same snapshot), the decision and what it approved
    are stored, and the PDF is rendered per language and stored with its SHA-256 —
    in one transaction. Returned for preparation: the project goes back to phase 3 with
    the decision text as the logged reason.
    """
    outcome = CouncilDecision.Outcome(outcome)
    body = {lang: (value or "").strip() for lang, value in (body or {}).items()}
    text = {lang: (value or "").strip() for lang, value in (text or {}).items()}
    section = section.strip().lstrip("§").strip()
    # The decision carries the matter's case number; the project's is the default, and a
    # project without one takes the decision's.
    case_number = case_number.strip() or project.case_number
    minutes_url = minutes_url.strip()
    if not any(body.values()) or not section or meeting_date is None:
        raise DecisionError(_("Give the body, the meeting date and the section (§)."))
    if meeting_date > timezone.localdate() and not decided_in_advance:
        raise DecisionError(
            _(
                "The meeting date is in the future. Record the decision after the meeting, "
                "or say that it is a decision taken in advance."
            )
        )
    if period_start and period_end and period_end < period_start:
        raise DecisionError(_("The period ends before it starts."))
    period = (period_start, period_end, bool(decided_in_advance))
    if project.phase != DECISION_PHASE:
        raise DecisionError(
            _(
                "A council decision can be recorded only in phase 4; "
                "the project is in phase %(phase)d."
            )
            % {"phase": project.phase}
        )

    if outcome == CouncilDecision.Outcome.RETURNED:
        if not any(text.values()):
            raise DecisionError(_("Write the decision text: it is logged as the reason."))
        reason = first_text(text, project.region.content_languages + list(LANGS))
        with transaction.atomic():
            locked = PromiseProject.objects.select_for_update().get(pk=project.pk)
            if _approved_exists(locked) or locked.has_approval:
                # An approval is final: no later decision may contradict it.
                raise DecisionError(phase_services.approval_is_final_message())
            decision = _new_decision(
                project,
                by,
                body,
                meeting_date,
                section,
                outcome,
                text,
                case_number,
                minutes_url,
                period,
            )
            _take_case_number(project, case_number)
            try:
                phase_services.project_return_for_preparation(project=project, by=by, reason=reason)
            except phase_services.PhaseError as exc:
                raise DecisionError(exc.messages) from exc
        return decision

    languages = [lang for lang in dict.fromkeys(languages) if lang in LANGS]
    if not languages:
        raise DecisionError(_("Choose at least one language for the decision document."))
    stored: list[str] = []
    try:
        with transaction.atomic():
            locked = PromiseProject.objects.select_for_update().get(pk=project.pk)
            if locked.phase != DECISION_PHASE:
                raise DecisionError(_("The project has moved on; reload the page."))
            if _approved_exists(locked):
                raise DecisionError(_("The council has already approved this package."))
            package = DecisionPackage.objects.filter(project=locked).first()
            proposed = {v.promise_id: v for v in package.versions.all()} if package else {}
            promises = segment_promises(locked)
            if not promises:
                raise DecisionError(_("The project has no promise to approve."))
            missing = [p for p in promises if p.pk not in proposed]
            if missing:
                raise DecisionError(
                    _("Choose the version proposed for approval for: %(names)s.")
                    % {"names": ", ".join(str(p) for p in missing)}
                )
            approved_versions = []
            for promise in promises:
                source = proposed[promise.pk]
                last = (
                    PromiseVersion.objects.filter(promise=promise)
                    .order_by("-number")
                    .values_list("number", flat=True)
                    .first()
                    or 0
                )
                approved = PromiseVersion(
                    promise=promise,
                    number=last + 1,
                    kind=PromiseVersion.Kind.APPROVED,
                    snapshot=source.snapshot,
                    created_by=by,
                )
                # Named per language: "<the body in that language> 1.12.2026 § 45".
                date = f"{meeting_date.day}.{meeting_date.month}.{meeting_date.year}"
                set_texts(
                    approved,
                    "label",
                    {lang: f"{name} {date} § {section}" for lang, name in body.items() if name},
                )
                approved.save()
                approved_versions.append(approved)
            decision = _new_decision(
                locked,
                by,
                body,
                meeting_date,
                section,
                outcome,
                text,
                case_number,
                minutes_url,
                period,
            )
            _take_case_number(project, case_number)
            texts = package_texts(package)
            approval = DecisionApproval.objects.create(
                decision=decision, package=texts, languages=languages, approved_by=by
            )
            approval.versions.set(approved_versions)
            snapshots = [v.snapshot for v in approved_versions]
            for language in languages:
                rendered = render_decision_pdf(
                    project=locked,
                    language=language,
                    snapshots=snapshots,
                    texts=texts,
                    decision=decision,
                )
                document = DecisionDocument(
                    decision=decision,
                    language=language,
                    sha256=hashlib.sha256(rendered.data).hexdigest(),
                    size=len(rendered.data),
                    pages=rendered.pages,
                    created_by=by,
                )
                name = f"{locked.region.slug}-{decision.pk}-{language}.pdf"
                document.file.save(name, ContentFile(rendered.data), save=False)
                stored.append(document.file.name)
                document.save()
    except Exception:
        # Nothing was recorded: remove any file already written to storage.
        for name in stored:
            try:
                DecisionDocument.file.field.storage.delete(name)
            except Exception:  # pragma: no cover - best effort clean-up
                logger.exception("Could not remove %s after a failed approval", name)
        raise
    transaction.on_commit(lambda: cache.delete(public_cache_key(project.region.slug)))
    return decision
