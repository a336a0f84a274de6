"""Writes of the participation app. Keyword-only arguments; rules live here, not in views."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from phases import content, roles
from phases.catalogue_data import STAKEHOLDER_CATALOGUE
from phases.files import removed_if_failed
from phases.locking import locked_or_new
from phases.models import PromiseProject
from phases.perspectives import Perspective
from phases.platform import notifications
from phases.platform.mail import send_after_commit, send_in_language
from phases.translated import LANGS, language_note, pick_field, set_texts
from promises.models import Commitment, PromiseStatement, PromiseVersion
from promises.snapshot import localized

from . import counters, moderation
from .models import (
    Activity,
    Comment,
    CommentRound,
    Disposition,
    Feedback,
    Input,
    ParticipationSettings,
    PlanItem,
    RequestedBody,
    Stakeholder,
    StatementAnswer,
    StatementQuestion,
    StatementRequest,
    Synthesis,
)
from .moderation import MODERATION  # noqa: F401  (the kind, registered in registrations.py)
from .selectors import unanswered_count
from .uploads import safe_file_name, validate_pdf

# -- stakeholders, plan, activities, inputs, synthesis --------------------------------


def stakeholders_ensure(*, project: PromiseProject) -> int:
    """Add the national catalogue's stakeholders the project lacks; returns how many."""
    existing = set(
        Stakeholder.objects.filter(project=project).exclude(key="").values_list("key", flat=True)
    )
    new = [
        Stakeholder(
            project=project,
            key=item["key"],
            order=index * 10,
            name=item["name"]["fi"],
            **{f"name_{lang}": item["name"].get(lang, "") for lang in LANGS},
        )
        for index, item in enumerate(STAKEHOLDER_CATALOGUE)
        if item["key"] not in existing
    ]
    if new:  # no signal for bulk writes: the project's content changed
        Stakeholder.objects.bulk_create(new, ignore_conflicts=True)
        content.touch(project)
    return len(new)


def stakeholder_save(
    *,
    project: PromiseProject,
    names: dict[str, str],
    description: str = "",
    stakeholder: Stakeholder | None = None,
) -> Stakeholder:
    if not any(v.strip() for v in names.values()):
        raise ValidationError(_("Give the stakeholder a name."))
    if stakeholder is None:
        last = Stakeholder.objects.filter(project=project).order_by("-order").first()
        stakeholder = Stakeholder(project=project, order=(last.order + 10) if last else 0)
    set_texts(stakeholder, "name", {lang: names.get(lang, "") for lang in LANGS})
    stakeholder.description = description
    stakeholder.save()
    return stakeholder


def stakeholder_delete(*, stakeholder: Stakeholder) -> None:
    stakeholder.delete()


def plan_item_save(
    *,
    project: PromiseProject,
    stakeholder: Stakeholder,
    method: str,
    timing: str,
    notes: str = "",
    item: PlanItem | None = None,
) -> PlanItem:
    if stakeholder.project_id != project.pk:
        raise ValidationError(_("The stakeholder belongs to another project."))
    item = item or PlanItem(project=project)
    item.stakeholder, item.method, item.timing, item.notes = stakeholder, method, timing, notes
    item.save()
    return item


def plan_item_delete(*, item: PlanItem) -> None:
    item.delete()


def activity_save(
    *,
    project: PromiseProject,
    title: str,
    method: str,
    date,
    stakeholders,
    participants: int | None = None,
    notes: str = "",
    activity: Activity | None = None,
    date_precision: str = Activity.Precision.DAY,
) -> Activity:
    """`participants` None: not counted (never stored as 0); `date_precision`: how much
    of `date` is known (a month, season or year: `date` is the period's first day; not
    known: no date)."""
    stakeholders = list(stakeholders)
    if any(s.project_id != project.pk for s in stakeholders):
        raise ValidationError(_("A stakeholder belongs to another project."))
    with transaction.atomic():
        activity = activity or Activity(project=project)
        activity.title, activity.method, activity.date = title, method, date
        activity.participants, activity.notes = participants, notes
        activity.date_precision = Activity.Precision(date_precision)
        if activity.date_precision == Activity.Precision.UNKNOWN:
            activity.date = None
        elif activity.date is None:
            raise ValidationError(_("Give the date, or say that it is not known."))
        activity.save()
        activity.stakeholders.set(stakeholders)
    return activity


def activity_delete(*, activity: Activity) -> None:
    activity.delete()


def input_save(
    *,
    project: PromiseProject,
    text: str,
    perspectives: list[str],
    stakeholder: Stakeholder | None = None,
    activity: Activity | None = None,
    statements=(),
    commitments=(),
    by=None,
    item: Input | None = None,
) -> Input:
    if not text.strip():
        raise ValidationError(_("Write what was raised."))
    unknown = set(perspectives) - set(Perspective.values)
    if unknown:
        raise ValidationError(_("Unknown perspective."))
    for obj in (stakeholder, activity):
        if obj is not None and obj.project_id != project.pk:
            raise ValidationError(_("The choice belongs to another project."))
    statements, commitments = list(statements), list(commitments)
    if (
        PromiseStatement.objects.filter(pk__in=[s.pk for s in statements])
        .exclude(cell__promise__project=project)
        .exists()
        or Commitment.objects.filter(pk__in=[c.pk for c in commitments])
        .exclude(promise__project=project)
        .exists()
    ):
        raise ValidationError(_("A cited statement or commitment belongs to another project."))
    with transaction.atomic():
        item = item or Input(project=project, created_by=by)
        item.text = text.strip()
        item.perspectives = [p for p in Perspective.values if p in perspectives]
        item.stakeholder, item.activity = stakeholder, activity
        item.save()
        item.statements.set(statements)
        item.commitments.set(commitments)
    return item


def input_delete(*, item: Input) -> None:
    item.delete()


def synthesis_save(
    *,
    project: PromiseProject,
    perspective: str,
    texts: dict[str, str],
    lock_version: int,
    by,
) -> Synthesis:
    """Save one perspective's synthesis, or the common one (`Synthesis.COMMON`) that covers
    every perspective; refuses if somebody saved it after `lock_version`."""
    if perspective not in Perspective.values and perspective != Synthesis.COMMON:
        raise ValidationError(_("Unknown perspective."))
    with transaction.atomic():
        synthesis = locked_or_new(Synthesis, lock_version, project=project, perspective=perspective)
        set_texts(synthesis, "text", texts)
        synthesis.updated_by = by
        synthesis.save()
    return synthesis


def settings_for(project: PromiseProject) -> ParticipationSettings:
    obj, _created = ParticipationSettings.objects.get_or_create(project=project)
    return obj


def settings_save(*, project: PromiseProject, erase_emails_after_days: int):
    obj = settings_for(project)
    obj.erase_emails_after_days = erase_emails_after_days
    obj.save(update_fields=["erase_emails_after_days"])
    return obj


# -- the comment round ----------------------------------------------------------------


def round_open(
    *,
    project: PromiseProject,
    version: PromiseVersion,
    starts_at,
    ends_at,
    by,
    premoderate: bool = False,
    intro: dict[str, str] | None = None,
) -> CommentRound:
    if version.promise.project_id != project.pk:
        raise ValidationError(_("The version belongs to another project."))
    if ends_at <= starts_at:
        raise ValidationError(_("The round must close after it opens."))
    intro = intro or {}
    return CommentRound.objects.create(
        project=project,
        version=version,
        starts_at=starts_at,
        ends_at=ends_at,
        premoderate=premoderate,
        intro=intro.get("fi", ""),
        **{f"intro_{lang}": intro.get(lang, "") for lang in LANGS},
        created_by=by,
    )


def round_close(*, round: CommentRound, by) -> CommentRound:
    """Close the round now (a preparer's action); the end date closes it by itself."""
    if round.closed_at is None:
        round.closed_at = min(timezone.now(), round.ends_at)
        round.closed_by = by
        round.save(update_fields=["closed_at", "closed_by"])
    return round


def _snapshot_commitment(version: PromiseVersion, ref: int) -> dict | None:
    return next((c for c in version.snapshot.get("commitments", []) if c["id"] == ref), None)


def comment_submit(
    *,
    round: CommentRound,
    text: str,
    language: str,
    target: str = Comment.Target.WHOLE,
    perspective: str = "",
    commitment_ref: int | None = None,
    name: str = "",
    show_name: bool = False,
    email: str = "",
    answer_by_email: bool = False,
    now=None,
) -> Comment:
    """Accept a public comment while the round is open; refuse it otherwise."""
    state = round.state(now)
    if state == "upcoming":
        raise ValidationError(
            _("The comment round has not opened yet. It opens on %(date)s.")
            % {"date": date_format(timezone.localtime(round.starts_at), "SHORT_DATETIME_FORMAT")}
        )
    if state == "closed":
        raise ValidationError(_("The comment round has closed. Comments are no longer accepted."))
    if not text.strip():
        raise ValidationError(_("Write your comment."))
    comment = Comment(
        round=round,
        source=Comment.Source.COMMENT,
        target=target,
        text=text.strip(),
        name=name.strip(),
        show_name=bool(show_name and name.strip()),
        email=email.strip(),
        answer_by_email=bool(answer_by_email and email.strip()),
        language=language if language in LANGS else "fi",
        status=Comment.Status.PENDING if round.premoderate else Comment.Status.PUBLISHED,
    )
    if target == Comment.Target.PERSPECTIVE:
        if perspective not in Perspective.values:
            raise ValidationError(_("Choose the perspective you comment on."))
        comment.perspective = perspective
    elif target == Comment.Target.COMMITMENT:
        item = _snapshot_commitment(round.version, commitment_ref) if commitment_ref else None
        if item is None:
            raise ValidationError(_("Choose the commitment you comment on."))
        comment.commitment_ref = item["id"]
        comment.commitment_title = localized(item["title"], comment.language)[:400]
        comment.perspective = item["perspective"]
        comment.commitment = Commitment.objects.filter(pk=item["id"]).first()
    with transaction.atomic():
        comment.save()
        counters.comment_added(comment)
    if comment.status == Comment.Status.PENDING:
        notify_moderators(round=round)
    return comment


STATEMENTS = "statements"


def _round_url(round: CommentRound, name: str = "round") -> str:
    return reverse(
        f"participation:{name}",
        kwargs={
            "region": round.project.region.slug,
            "project": round.project_id,
            "round": round.pk,
        },
    )


def notify_moderators(*, round: CommentRound) -> int:
    """A comment waits for moderation: tell the project's editors (one line per comment;
    the digest counts them)."""
    return moderation.notify_moderators(
        project=round.project,
        event="comment_pending",
        params={"round": round.pk},
        url=_round_url(round, "moderation"),
    )


def notify_statement(*, body: RequestedBody) -> int:
    """A body sent its statement: tell the project's preparers."""
    round = body.request.round
    return notifications.notify(
        users=notifications.project_users(round.project, roles.ADVANCE_PHASE),
        kind=STATEMENTS,
        event="statement_arrived",
        project=round.project,
        params={"body": body.name, "request": body.request.title},
        url=_round_url(round),
    )


def comment_moderate(*, comment: Comment, action: str, by, reason: str = "") -> Comment:
    """Publish a comment, or hide it with a reason (participation.moderation)."""
    if action == "hide" and not reason.strip():
        raise ValidationError(_("Write the reason for hiding the comment."))
    status = moderation.status_for(
        action, {"hide": Comment.Status.HIDDEN, "publish": Comment.Status.PUBLISHED}
    )
    comment.hidden_reason = reason.strip() if status == Comment.Status.HIDDEN else ""
    moderation.record(
        comment,
        status=status,
        by=by,
        fields=("hidden_reason",),
        on_saved=lambda c: counters.round_counts_refresh(c.round_id),
    )
    if comment.status == Comment.Status.PUBLISHED and comment.round.analysis_done_at:
        send_answers(round=comment.round)  # its answer was held back while it waited
    return comment


# -- statement requests ---------------------------------------------------------------


def statement_request_create(
    *,
    round: CommentRound,
    title: str,
    deadline,
    questions: list[str],
    bodies: list[dict],
    by,
    message: str = "",
) -> StatementRequest:
    questions = [q.strip() for q in questions if q.strip()]
    if not questions:
        raise ValidationError(_("Ask at least one question."))
    if not bodies:
        raise ValidationError(_("Name at least one body to ask."))
    with transaction.atomic():
        request = StatementRequest.objects.create(
            round=round, title=title, message=message, deadline=deadline, created_by=by
        )
        StatementQuestion.objects.bulk_create(
            StatementQuestion(request=request, order=i, text=q) for i, q in enumerate(questions)
        )
        for body in bodies:
            body_add(request=request, **body)
    return request


def body_add(
    *, request: StatementRequest, name: str, email: str, contact: str = "", language: str = ""
):
    return RequestedBody.objects.create(
        request=request,
        name=name.strip(),
        email=email.strip(),
        contact=contact.strip(),
        language=language if language in LANGS else "",
        token=secrets.token_urlsafe(32),
    )


def recipient_languages(body: RequestedBody) -> list[str]:
    """The languages a body's e-mails are written in: its own, else every language of the
    region (a bilingual region writes to a body of unknown language in both)."""
    if body.language:
        return [body.language]
    return list(body.request.round.project.region.content_languages)


def statement_link(body: RequestedBody, *, language: str | None = None) -> str:
    with translation.override(language or translation.get_language() or "fi"):
        path = reverse("participation:statement", kwargs={"token": body.token})
    return f"{settings.SITE_URL}{path}"


def _mail_body(body: RequestedBody, template: str) -> None:
    """One e-mail in the body's language(s): several languages one after the other. Sent
    once the current transaction commits."""
    subjects, texts = [], []
    questions = list(body.request.questions.all())
    for language in recipient_languages(body):
        with translation.override(language):
            context = {
                "body": body,
                "request": body.request,
                "questions": questions,
                "link": statement_link(body, language=language),
                "region": body.request.round.project.region,
            }
            subject = render_to_string(f"participation/mail/{template}_subject.txt", context)
            subjects.append(" ".join(subject.split()))
            texts.append(render_to_string(f"participation/mail/{template}.txt", context))
    send_after_commit(
        subject=" / ".join(subjects),
        message="\n\n----------\n\n".join(texts),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[body.email],
    )


def statement_request_send(*, request: StatementRequest) -> int:
    """E-mail each body not yet sent its personal link; returns how many were sent."""
    count = 0
    for body in request.bodies.filter(sent_at__isnull=True).select_related(
        "request__round__project__region"
    ):
        _mail_body(body, "statement_request")
        body.sent_at = timezone.now()
        body.save(update_fields=["sent_at"])
        count += 1
    return count


def send_statement_reminders(*, days: int = 3, now=None) -> int:
    """Remind bodies that have not answered, `days` before the deadline. Idempotent."""
    now = now or timezone.now()
    bodies = RequestedBody.objects.filter(
        submitted_at__isnull=True,
        reminded_at__isnull=True,
        sent_at__isnull=False,
        request__deadline__gt=now,
        request__deadline__lte=now + timedelta(days=days),
    ).select_related("request__round__project__region")
    count = 0
    for body in bodies:
        _mail_body(body, "statement_reminder")
        RequestedBody.objects.filter(pk=body.pk).update(reminded_at=now)
        count += 1
    return count


def statement_submit(
    *,
    body: RequestedBody,
    answers: dict[int, str],
    upload=None,
    by_post: bool = False,
    by=None,
    language: str = "fi",
    now=None,
) -> Comment:
    """Save a body's statement (its own link until the deadline, or staff recording post)."""
    now = now or timezone.now()
    request = body.request
    if not by_post and now >= request.deadline:
        raise ValidationError(
            _("The deadline for statements has passed. Statements are no longer accepted.")
        )
    questions = {q.pk: q for q in request.questions.all()}
    if not any((answers.get(pk) or "").strip() for pk in questions) and upload is None:
        if not body.file:
            raise ValidationError(_("Answer at least one question or attach a PDF."))
    if upload is not None:
        validate_pdf(upload)
    if upload is None and body.submitted_at and _same_answers(body, questions, answers):
        # A statement saved again unchanged keeps how and when it came (not "by post now").
        comment = Comment.objects.filter(body=body).first()
        if comment is not None:
            return comment
    with removed_if_failed() as keep, transaction.atomic():
        comment = _statement_save(body, questions, answers, by_post, language, now)
        if upload is not None:
            # A generated name (the typed one can be any length); the original name is
            # kept in file_name and given back on download.
            stored = default_storage.save(
                f"statements/{now:%Y}/{secrets.token_hex(16)}.pdf",
                upload,
                max_length=RequestedBody._meta.get_field("file").max_length,
            )
            keep(default_storage, stored)
            old = body.file.name
            body.file.name = stored
            body.file_name = safe_file_name(upload.name)
            body.save(update_fields=["file", "file_name"])
            if old:
                transaction.on_commit(lambda: default_storage.delete(old))
    return comment


def _same_answers(body, questions, answers) -> bool:
    stored = dict(body.answers.values_list("question_id", "text"))
    return all(
        (answers.get(pk) or "").strip() == (stored.get(pk) or "").strip() for pk in questions
    )


def _statement_save(body, questions, answers, by_post, language, now) -> Comment:
    for pk, question in questions.items():
        StatementAnswer.objects.update_or_create(
            body=body, question=question, defaults={"text": (answers.get(pk) or "").strip()}
        )
    body.submitted_at = now
    body.by_post = by_post
    body.save(update_fields=["submitted_at", "by_post"])
    text = "\n\n".join(
        f"{q.text}\n{(answers.get(pk) or '').strip()}"
        for pk, q in questions.items()
        if (answers.get(pk) or "").strip()
    ) or _("Statement attached as a PDF file.")
    with transaction.atomic():
        comment, _created = Comment.objects.update_or_create(
            body=body,
            defaults={
                "round": body.request.round,
                "source": Comment.Source.STATEMENT,
                "text": text,
                "name": body.name,
                "show_name": True,
                "language": language if language in LANGS else "fi",
                "status": Comment.Status.PUBLISHED,
                "created_at": now,
            },
        )
        counters.round_counts_refresh(comment.round_id)
    if not by_post:
        notify_statement(body=body)
    return comment


# -- the response analysis ------------------------------------------------------------


def dispositions_set(
    *,
    round: CommentRound,
    comment_ids: list[int],
    disposition: str,
    reason: dict[str, str] | str,
    by,
    changed_version: PromiseVersion | None = None,
    changed_commitment: Commitment | None = None,
) -> int:
    """Answer one or many comments at once with one disposition and reason.

    The reason is {language: text} in any of the languages (a plain text is the region's
    majority language's); the languages not given are emptied: a new answer replaces the
    old one in every language."""
    if not comment_ids:
        raise ValidationError(_("Select at least one comment."))
    if isinstance(reason, str):
        reason = {round.project.region.primary_language: reason}
    reasons = {lang: (reason.get(lang) or "").strip() for lang in LANGS}
    if not any(reasons.values()):
        raise ValidationError(_("Write the reason for the disposition."))
    if disposition not in Disposition.values:
        raise ValidationError(_("Unknown disposition."))
    if changed_version and changed_version.promise.project_id != round.project_id:
        raise ValidationError(_("The version belongs to another project."))
    if changed_commitment and changed_commitment.promise.project_id != round.project_id:
        raise ValidationError(_("The commitment belongs to another project."))
    with transaction.atomic():
        count = Comment.objects.filter(round=round, pk__in=comment_ids).update(
            disposition=disposition,
            # Each language's column by name (the plain `reason` means the active language's).
            **{f"reason_{lang}": text for lang, text in reasons.items()},
            changed_version=changed_version,
            changed_commitment=changed_commitment,
            answered_by=by,
            answered_at=timezone.now(),
        )
        counters.round_counts_refresh(round.pk)
    return count


def round_mark_analysis_done(*, round: CommentRound, by=None) -> CommentRound:
    if not round.is_closed:
        raise ValidationError(_("Close the round before marking its analysis done."))
    missing = unanswered_count(round)
    if missing:
        raise ValidationError(
            _("%(count)d comments or statements still lack a disposition.") % {"count": missing}
        )
    if round.analysis_done_at is None:
        round.analysis_done_at = timezone.now()
        round.save(update_fields=["analysis_done_at"])
    send_answers(round=round)
    return round


def send_answers(*, round: CommentRound) -> int:
    """The analysis is published: e-mail each commenter who left an address and asked for
    it the disposition of their comment and its reason, in the language they wrote in
    (once; the address is still erased on schedule by `erase_commenter_emails`)."""
    comments = (
        Comment.objects.filter(
            round=round, source=Comment.Source.COMMENT, answer_by_email=True, answer_sent_at=None
        )
        .exclude(email="")
        .exclude(disposition="")
        .public()  # never the answer to a comment waiting for moderation or hidden
        .select_related("round__project__region")
    )
    sent = 0
    for comment in comments:
        project = comment.round.project
        if send_in_language(
            comment.email,
            comment.language,
            subject=lambda: _("The answer to your comment on the service promise"),
            template="participation/mail/answer.txt",
            context=lambda comment=comment, project=project: {
                "comment": comment,
                "disposition": comment.get_disposition_display(),
                **_reason_in(comment, project),
                "region": project.region.name,
                "organisers": project.region.terms.organisers,
                "project": project.title,
                "summary_url": settings.SITE_URL
                + reverse("participation:public_round", kwargs={"round": comment.round_id}),
            },
        ):
            Comment.objects.filter(pk=comment.pk).update(answer_sent_at=timezone.now())
            sent += 1
    return sent


def _reason_in(comment: Comment, project) -> dict:
    """The reason in the commenter's language, else the region's first that has it, with
    a note naming that language."""
    reason = pick_field(comment, "reason", comment.language, project.region.content_languages)
    return {
        "reason": reason,
        "reason_note": language_note(reason.lang, comment.language) if reason.fallback else "",
    }


def erase_commenter_emails(*, now=None) -> int:
    """Erase commenters' e-mail addresses when the project's retention time has passed.

    The comments stay. Returns how many addresses were erased.
    """
    now = now or timezone.now()
    erased = 0
    rounds = CommentRound.objects.filter(analysis_done_at__isnull=False).select_related(
        "project__participation_settings"
    )
    for round in rounds:
        try:
            days = round.project.participation_settings.erase_emails_after_days
        except ParticipationSettings.DoesNotExist:
            days = ParticipationSettings._meta.get_field("erase_emails_after_days").default
        if round.analysis_done_at + timedelta(days=days) > now:
            continue
        erased += (
            Comment.objects.filter(round=round, source=Comment.Source.COMMENT)
            .exclude(email="")
            .update(email="")
        )
        if round.emails_erased_at is None:
            CommentRound.objects.filter(pk=round.pk).update(emails_erased_at=now)
    return erased


# -- phase 6 feedback -----------------------------------------------------------------


def feedback_submit(
    *, project: PromiseProject, text: str, language: str, perspective: str = ""
) -> Feedback:
    if not text.strip():
        raise ValidationError(_("Write your feedback."))
    if perspective and perspective not in Perspective.values:
        raise ValidationError(_("Unknown perspective."))
    return Feedback.objects.create(
        project=project,
        perspective=perspective,
        text=text.strip(),
        language=language if language in LANGS else "fi",
    )


def feedback_mark_handled(*, feedback: Feedback, by, note: str = "", handled: bool = True):
    feedback.handled_at = timezone.now() if handled else None
    feedback.handled_by = by if handled else None
    feedback.handled_note = note.strip()
    feedback.save(update_fields=["handled_at", "handled_by", "handled_note"])
    return feedback
