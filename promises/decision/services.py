"""Writes of the decision package (phase 4) and the council decision.

`decision_record` is the one place a council decision is stored. An approval freezes the
proposed versions as APPROVED versions and keeps the package's descriptions as they were,
in one short transaction under the project's row lock; then the render of the PDFs is
queued (`promises.decision.tasks`). The PDF in each chosen language is rendered from that frozen
data by the worker, without the lock (WeasyPrint takes seconds), by
`decision_documents_render`; each PDF is stored with its SHA-256 in its own
transaction (never a file without its row nor a row without its file). Until they exist
the decision page says the documents are being prepared; a language whose render fails
is retried, then stays missing: the decision page says so and offers to render it again, and
until every chosen language is stored the approval counts for nothing (the phase 4
requirement and the public pages read only decisions with all their PDFs).
"""

from __future__ import annotations

import hashlib
import logging

from django.core.cache import cache, caches
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from phases import services as phase_services
from phases.locking import locked
from phases.models import CouncilDecision, PromiseProject
from phases.phase_numbers import DECISION_PHASE, PREPARATION_PHASE
from phases.translated import LANGS, first_text, set_texts

from ..models import DecisionDocument, DecisionPackage, PromiseVersion
from ..models.decision import DecisionApproval
from ..pdf_archive import pdf_store
from .pdf import render_decision_pdf
from .selectors import DESCRIPTION_FIELDS, package_texts, segment_promises

logger = logging.getLogger(__name__)

EDITABLE_PHASES = (PREPARATION_PHASE, DECISION_PHASE)


class DecisionError(ValidationError):
    """A refused decision-package action, with a message for the user (translated)."""


def public_cache_key(region_slug: str) -> str:
    """The shared cache's key of a region's public head. A region's slug is short ASCII;
    whatever else a URL carries (an oversized or non-ASCII slug) is keyed by its hash, so
    a key never exceeds what memcached or Redis accept."""
    if len(region_slug) > 64 or not (region_slug.isascii() and region_slug.isprintable()):
        region_slug = "sha256-" + hashlib.sha256(region_slug.encode()).hexdigest()
    return f"promises:public-head:{region_slug}"


def head_forget(key: str) -> None:
    """A new approval is public: drop the region's head from the shared cache and from
    this process's copy (promises.public.views.head_for)."""
    cache.delete(key)
    caches["pages"].delete(key)


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
        if project.has_approval:
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
    are stored in one transaction under the project's row lock; after the commit the
    render of its PDFs is queued (`promises.decision.tasks.decision_document`, run by the worker:
    each language is stored with its SHA-256; a failed render is retried and then shown on
    the decision page with a retry button). Returned for preparation:
    the project goes back to phase 3 with the decision text as the logged reason.
    """
    outcome = CouncilDecision.Outcome(outcome)
    body = {lang: (value or "").strip() for lang, value in (body or {}).items()}
    text = {lang: (value or "").strip() for lang, value in (text or {}).items()}
    section = section.strip().lstrip("§").strip()
    # The decision carries the matter's case number; the project's is the default, and a
    # project without one takes the decision's.
    case_number = case_number.strip() or project.case_number
    _check_meeting(
        body=body,
        section=section,
        meeting_date=meeting_date,
        period=(period_start, period_end),
        decided_in_advance=decided_in_advance,
    )
    # The decision as recorded, saved below under the project's row lock.
    decision = CouncilDecision(
        project=project,
        meeting_date=meeting_date,
        section=section,
        case_number=case_number,
        minutes_url=minutes_url.strip(),
        outcome=outcome,
        recorded_by=by,
        period_start=period_start,
        period_end=period_end,
        decided_in_advance=bool(decided_in_advance),
    )
    set_texts(decision, "body", body)
    set_texts(decision, "text", text)
    if project.phase != DECISION_PHASE:
        raise DecisionError(
            _(
                "A council decision can be recorded only in phase 4; "
                "the project is in phase %(phase)d."
            )
            % {"phase": project.phase}
        )
    if outcome == CouncilDecision.Outcome.RETURNED:
        return _record_return(project=project, decision=decision, text=text, by=by)
    return _record_approval(
        project=project, decision=decision, body=body, languages=languages, by=by
    )


def _check_meeting(*, body, section, meeting_date, period, decided_in_advance) -> None:
    """The meeting's body, date and section are given, the date is not in the future
    (unless decided in advance), and the period does not end before it starts."""
    if not any(body.values()) or not section or meeting_date is None:
        raise DecisionError(_("Give the body, the meeting date and the section (§)."))
    if meeting_date > timezone.localdate() and not decided_in_advance:
        raise DecisionError(
            _(
                "The meeting date is in the future. Record the decision after the meeting, "
                "or say that it is a decision taken in advance."
            )
        )
    period_start, period_end = period
    if period_start and period_end and period_end < period_start:
        raise DecisionError(_("The period ends before it starts."))


def _record_return(*, project, decision: CouncilDecision, text, by) -> CouncilDecision:
    """Returned for preparation: the decision is stored and the project goes back to
    phase 3 with the decision text as the logged reason."""
    if not any(text.values()):
        raise DecisionError(_("Write the decision text: it is logged as the reason."))
    reason = first_text(text, project.region.content_languages + list(LANGS))
    with transaction.atomic():
        locked = PromiseProject.objects.select_for_update().get(pk=project.pk)
        if locked.has_approval:  # approving() covers every recorded approval
            # An approval is final: no later decision may contradict it.
            raise DecisionError(phase_services.approval_is_final_message())
        decision.save()
        _take_case_number(project, decision.case_number)
        try:
            phase_services.project_return_for_preparation(project=project, by=by, reason=reason)
        except phase_services.PhaseError as exc:
            raise DecisionError(exc.messages) from exc
    return decision


def _record_approval(*, project, decision: CouncilDecision, body, languages, by) -> CouncilDecision:
    """Approved: freeze the proposed versions and store the decision and its approval in
    one transaction under the project's row lock; then queue the render of its PDFs."""
    from .tasks import documents_enqueue

    languages = [lang for lang in dict.fromkeys(languages) if lang in LANGS]
    if not languages:
        raise DecisionError(_("Choose at least one language for the decision document."))
    with transaction.atomic():
        locked = PromiseProject.objects.select_for_update().get(pk=project.pk)
        if locked.phase != DECISION_PHASE:
            raise DecisionError(_("The project has moved on; reload the page."))
        if locked.has_approval:
            raise DecisionError(_("The council has already approved this package."))
        package = DecisionPackage.objects.filter(project=locked).first()
        approved_versions = _approved_versions(locked, package, decision, body, by)
        decision.project = locked
        decision.save()
        _take_case_number(project, decision.case_number)
        approval = DecisionApproval.objects.create(
            decision=decision, package=package_texts(package), languages=languages, approved_by=by
        )
        approval.versions.set(approved_versions)
    # Committed, the lock released: the worker renders the PDFs (in tests, and with the
    # immediate backend, right here, still without the lock).
    documents_enqueue(decision, by=by)
    return decision


def _approved_versions(project, package, decision, body, by) -> list[PromiseVersion]:
    """Freeze the version proposed for each segment promise as a new APPROVED version,
    labelled per language "<the body in that language> 1.12.2026 § 45"."""
    proposed = {v.promise_id: v for v in package.versions.all()} if package else {}
    promises = segment_promises(project)
    if not promises:
        raise DecisionError(_("The project has no promise to approve."))
    missing = [p for p in promises if p.pk not in proposed]
    if missing:
        raise DecisionError(
            _("Choose the version proposed for approval for: %(names)s.")
            % {"names": ", ".join(str(p) for p in missing)}
        )
    meeting_date = decision.meeting_date
    date = f"{meeting_date.day}.{meeting_date.month}.{meeting_date.year}"
    approved_versions = []
    for promise in promises:
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
            snapshot=proposed[promise.pk].snapshot,
            created_by=by,
        )
        set_texts(
            approved,
            "label",
            {lang: f"{name} {date} § {decision.section}" for lang, name in body.items() if name},
        )
        approved.save()
        approved_versions.append(approved)
    return approved_versions


def _snapshots(approval: DecisionApproval) -> list[dict]:
    """The approved snapshots in the order of the project's promises."""
    versions = approval.versions.approved().order_by("promise__order", "promise__pk")
    return [v.snapshot for v in versions]


def _document_store(*, decision: CouncilDecision, language: str, rendered, by) -> None:
    """Store one PDF with its SHA-256: the file and its row together or neither (a
    concurrent render that stored this language first is kept)."""
    document = DecisionDocument(decision=decision, language=language, created_by=by)
    name = f"{decision.project.region.slug}-{decision.pk}-{language}.pdf"
    pdf_store(document, name, rendered, unique={"decision": decision, "language": language})


def decision_documents_render(
    *, decision: CouncilDecision, by=None, languages: list[str] | None = None
) -> list[str]:
    """Render and store the approval's PDFs not stored yet (of `languages` only, when
    given); returns the languages that failed (empty: every PDF asked for is stored).

    Called by the background task `promises.decision.tasks.decision_document` (queued by
    `decision_record` and by the decision page's "render again" button). Holds no lock
    while rendering; a language stored meanwhile by a concurrent call is kept. A failure
    of one language does not stop the others."""
    approval = (
        DecisionApproval.objects.select_related("decision__project__region")
        .filter(decision_id=decision.pk)
        .first()
    )
    if approval is None:
        raise DecisionError(_("Only an approving decision has a decision document."))
    decision = approval.decision
    project = decision.project
    stored = set(
        DecisionDocument.objects.filter(decision=decision).values_list("language", flat=True)
    )
    wanted = [
        lang
        for lang in approval.languages
        if lang not in stored and (languages is None or lang in languages)
    ]
    snapshots = _snapshots(approval) if wanted else []
    failed = []
    for language in wanted:
        try:
            rendered = render_decision_pdf(
                project=project,
                language=language,
                snapshots=snapshots,
                texts=approval.package,
                decision=decision,
            )
            _document_store(decision=decision, language=language, rendered=rendered, by=by)
        except Exception:
            logger.exception("The %s PDF of decision %s failed", language, decision.pk)
            failed.append(language)
    if wanted and not failed:
        # The approval counts from now on: the public page shows it.
        slug = project.region.slug
        transaction.on_commit(lambda: head_forget(public_cache_key(slug)))
    return failed
