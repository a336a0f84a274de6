"""What changes an opinion round: creating it, statements, moderation, votes, inputs."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from phases.models import PromiseProject
from phases.perspectives import Perspective
from phases.text_hygiene import clean_text, strip_invisible
from phases.translated import LANGS, pick_field, set_texts

from .. import moderation
from .. import services as participation_services
from ..models import Activity, Method, Stakeholder
from . import participants
from .models import STATEMENT_MAX, OpinionRound, OpinionStatement, OpinionVote


def round_create(
    *, project: PromiseProject, question: dict[str, str], starts_at, ends_at, by
) -> OpinionRound:
    question = {lang: _visible(question.get(lang)) for lang in LANGS}
    if not any(question.values()):
        raise ValidationError(_("Write the question."))
    if ends_at <= starts_at:
        raise ValidationError(_("The round must close after it opens."))
    round = OpinionRound(project=project, starts_at=starts_at, ends_at=ends_at, created_by=by)
    set_texts(round, "question", question)
    round.save()
    return round


def round_close(*, round: OpinionRound) -> OpinionRound:
    if round.closed_at is None:
        round.closed_at = timezone.now()
        round.save(update_fields=["closed_at"])
    return round


def _check_perspectives(perspectives) -> list[str]:
    perspectives = list(dict.fromkeys(perspectives or []))
    if set(perspectives) - set(Perspective.values):
        raise ValidationError(_("Unknown perspective."))
    return [p for p in Perspective.values if p in perspectives]


def _visible(text) -> str:
    """The text without what cannot be seen at its ends: a text of only zero-width or
    control characters is no text."""
    return strip_invisible(clean_text(text or ""))


def _check_text(text: str) -> str:
    text = _visible(text)
    if not text:
        raise ValidationError(_("Write the statement."))
    if len(text) > STATEMENT_MAX:
        raise ValidationError(
            _("A statement is at most %(max)d characters long.") % {"max": STATEMENT_MAX}
        )
    return text


def statement_add(
    *, round: OpinionRound, texts: dict[str, str], perspectives, by, language: str = ""
) -> OpinionStatement:
    """A seed statement written by staff in the region's languages: accepted at once."""
    written = {lang: _check_text(t) for lang, t in texts.items() if _visible(t)}
    if not written:
        raise ValidationError(_("Write the statement."))
    language = language if language in written else next(iter(written))
    statement = OpinionStatement(
        round=round,
        language=language,
        perspectives=_check_perspectives(perspectives),
        author=OpinionStatement.Author.STAFF,
        status=OpinionStatement.Status.ACCEPTED,
        moderated_by=by,
        moderated_at=timezone.now(),
    )
    set_texts(statement, "text", written)
    with transaction.atomic():
        statement.save()
        _touch(round)
    return statement


def _require_open(round: OpinionRound, now=None) -> None:
    state = round.state(now)
    if state == "upcoming":
        raise ValidationError(
            _("The opinion round has not opened yet. It opens on %(date)s.")
            % {"date": date_format(timezone.localtime(round.starts_at), "SHORT_DATETIME_FORMAT")}
        )
    if state == "closed":
        raise ValidationError(_("The opinion round has closed."))


def statement_submit(
    *, round: OpinionRound, participant: str, text: str, language: str, now=None
) -> OpinionStatement:
    """A resident's own statement: it waits for moderation."""
    _require_open(round, now)
    language = language if language in LANGS else "fi"
    statement = OpinionStatement(
        round=round,
        language=language,
        author=OpinionStatement.Author.RESIDENT,
        status=OpinionStatement.Status.PENDING,
        participant=participant,
    )
    set_texts(statement, "text", {language: _check_text(text)})
    statement.save()
    notify_moderators(round=round)
    return statement


def notify_moderators(*, round: OpinionRound) -> int:
    """A resident's statement waits for moderation: tell the project's editors through
    the daily digest (the same kind as comments waiting; one line per statement)."""
    project = round.project
    return moderation.notify_moderators(
        project=project,
        event="opinion_statement_pending",
        params={"opinion": round.pk},
        url=reverse(
            "participation:opinion_moderation",
            kwargs={"region": project.region.slug, "project": project.pk, "opinion": round.pk},
        ),
    )


def statement_moderate(
    *, statement: OpinionStatement, action: str, perspectives=(), by
) -> OpinionStatement:
    """Accept or reject a resident's statement, tagged with its perspectives
    (participation.moderation)."""
    status = moderation.status_for(
        action,
        {"accept": OpinionStatement.Status.ACCEPTED, "reject": OpinionStatement.Status.REJECTED},
    )
    statement.perspectives = _check_perspectives(perspectives)
    return moderation.record(
        statement,
        status=status,
        by=by,
        fields=("perspectives",),
        on_saved=lambda s: _touch(s.round),
    )


# One statement does the whole vote (PostgreSQL): it checks that the statement is an
# accepted one of the round, inserts the vote or changes the participant's earlier one
# (ON CONFLICT on unique_opinion_vote), counts a first vote in the statement's vote_count
# and raises the round's version. `xmax = 0` is true for a row the INSERT made.
_VOTE_SQL = """
WITH statement AS (
    SELECT id FROM participation_opinionstatement
    WHERE id = %(statement)s AND round_id = %(round)s AND status = %(accepted)s
), vote AS (
    INSERT INTO participation_opinionvote (round_id, statement_id, participant, choice, created_at)
    SELECT %(round)s, statement.id, %(participant)s, %(choice)s, %(now)s FROM statement
    ON CONFLICT (statement_id, participant)
    DO UPDATE SET choice = EXCLUDED.choice, created_at = EXCLUDED.created_at
    RETURNING (xmax = 0) AS first
), counted AS (
    UPDATE participation_opinionstatement SET vote_count = vote_count + 1
    WHERE id = %(statement)s AND EXISTS (SELECT 1 FROM vote WHERE first)
), touched AS (
    UPDATE participation_opinionround SET version = version + 1
    WHERE id = %(round)s AND EXISTS (SELECT 1 FROM vote)
)
SELECT EXISTS (SELECT 1 FROM vote)
"""


def vote(
    *, round: OpinionRound, statement_id: int, participant: str, choice: int, now=None
) -> None:
    """Record (or change) one participant's vote on an accepted statement of an open round.

    A first vote counts in the statement's `vote_count` (the next statement shown is one
    with few votes); every vote raises the round's version (the results are then stale and
    recomputed in the background, see participation.opinion.tasks). One query on
    PostgreSQL (`_VOTE_SQL`): a vote is on the resident's hot path."""
    _require_open(round, now)
    if not participants.VALID.match(participant or ""):
        raise ValidationError(_("Unknown participant."))
    if choice not in (OpinionVote.AGREE, OpinionVote.DISAGREE, OpinionVote.PASS):
        raise ValidationError(_("Choose agree, disagree or pass."))
    if connection.vendor != "postgresql":  # SQLite (`make run`)
        return _vote_orm(round, int(statement_id), participant, choice)
    params = {
        "statement": int(statement_id),
        "round": round.pk,
        "accepted": OpinionStatement.Status.ACCEPTED,
        "participant": participant,
        "choice": choice,
        "now": timezone.now(),
    }
    with connection.cursor() as cursor:
        cursor.execute(_VOTE_SQL, params)
        (voted,) = cursor.fetchone()
    if not voted:
        raise ValidationError(_("The statement is not part of this round."))


def _vote_orm(round, statement_id, participant, choice) -> None:
    if not OpinionStatement.objects.public().filter(pk=statement_id, round=round).exists():
        raise ValidationError(_("The statement is not part of this round."))
    with transaction.atomic():
        vote, made = OpinionVote.objects.update_or_create(
            statement_id=statement_id,
            participant=participant,
            defaults={"choice": choice, "created_at": timezone.now()},
            create_defaults={"round": round, "choice": choice},
        )
        if made:
            OpinionStatement.objects.filter(pk=statement_id).update(vote_count=F("vote_count") + 1)
        _touch(round)


def _touch(round: OpinionRound) -> None:
    OpinionRound.objects.filter(pk=round.pk).update(version=F("version") + 1)


# -- into phase 2's inputs ----------------------------------------------------------------


def inputs_from_statements(*, round: OpinionRound, statement_ids, by, language: str = "fi"):
    """Turn the chosen accepted statements and their results into phase-2 inputs, linked to
    one activity "opinion round" (created once, its participant count kept up to date), so
    they reach the synthesis and the traceability. A statement already turned is skipped.
    Returns the inputs made."""
    from .selectors import results

    project = round.project
    chosen = list(
        OpinionStatement.objects.public()
        .filter(round=round, pk__in=list(statement_ids), input__isnull=True)
        .order_by("pk")
    )
    if not chosen:
        raise ValidationError(_("Choose at least one accepted statement not yet turned."))
    data = results(round)
    by_id = {row["id"]: row for row in data["rows"]}
    languages = project.region.content_languages
    residents = Stakeholder.objects.filter(project=project, key="residents").first()
    made = []
    with transaction.atomic():
        activity = _activity(round, data["participants"], residents, languages)
        for statement in chosen:
            row = by_id.get(statement.pk)
            with override(language):
                summary = _input_text(statement, row, languages, language)
            item = participation_services.input_save(
                project=project,
                text=summary,
                perspectives=statement.perspectives,
                stakeholder=residents,
                activity=activity,
                by=by,
            )
            statement.input = item
            statement.save(update_fields=["input"])
            made.append(item)
    return made


def _activity(round, participants: int, residents, languages) -> Activity:
    question = pick_field(round, "question", languages[0], languages)
    title = f"{_('Opinion round')}: {question}"[:200]
    today = timezone.localdate()
    activity = round.activity
    activity = participation_services.activity_save(
        project=round.project,
        title=title,
        method=Method.OPINION_ROUND,
        date=min(today, timezone.localdate(round.closed_at or round.ends_at)),
        stakeholders=[residents] if residents else [],
        participants=participants,
        activity=activity,
    )
    if round.activity_id != activity.pk:
        round.activity = activity
        round.save(update_fields=["activity"])
    return activity


def _input_text(statement, row, languages, language) -> str:
    text = pick_field(statement, "text", language, languages)
    if row is None or not row["seen"]:
        return str(text)
    parts = [
        _("Agree %(agree)d %%, disagree %(disagree)d %%, pass %(pass)d %% of %(seen)d votes.")
        % {
            "agree": row["agree_pct"],
            "disagree": row["disagree_pct"],
            "pass": row["pass_pct"],
            "seen": row["seen"],
        }
    ]
    if row["consensus"]:
        parts.append(_("Agreed across every opinion group."))
    if row["divisive"]:
        parts.append(_("Divides the opinion groups."))
    return f"{text}\n\n({_('Opinion round')}: {' '.join(parts)})"
