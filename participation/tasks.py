"""Background tasks of the participation app: a round's text analysis.

The "Recompute the themes" button calls `text_analysis_request`, which notes the request on
the round and queues `analyse_round_texts`; the worker (`manage.py db_worker`) computes it
(`participation.text.services.analyse_round`, seconds for thousands of comments). Until the
stored analysis is newer than the request, the themes page says it is being computed; a
failed run is noted on the round and shown with the button to try again.
"""

from __future__ import annotations

import logging

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task

from phases.scoping import project_scope, scopes_disabled

from .models import CommentRound

logger = logging.getLogger(__name__)


def text_analysis_request(round: CommentRound, *, by=None) -> None:
    """Note the request on the round and queue the analysis."""
    now = timezone.now()
    CommentRound.objects.filter(pk=round.pk).update(
        text_analysis_requested_at=now, text_analysis_failed_at=None
    )
    round.text_analysis_requested_at, round.text_analysis_failed_at = now, None
    analyse_round_texts.enqueue(round.pk, getattr(by, "pk", None))


@task()
def analyse_round_texts(round_id: int, by_id: int | None = None) -> int:
    """Compute and store the round's text analysis; returns the number of responses."""
    from .text.services import analyse_round

    with scopes_disabled():  # a worker starts in no scope: the round names its project
        round = CommentRound.objects.select_related("project").filter(pk=round_id).first()
    if round is None:
        return 0  # deleted meanwhile
    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    with project_scope(round.project):
        try:
            return analyse_round(round=round, by=by).responses
        except Exception:
            logger.exception("The text analysis of round %s failed", round_id)
            CommentRound.objects.filter(pk=round_id).update(text_analysis_failed_at=timezone.now())
            raise


@task()
def send_statement_reminders(days: int = 3) -> int:
    """Remind the bodies whose statement is due within `days` (each body once); queued by
    `manage.py send_statement_reminders --queue` (the compose `reminders` job)."""
    from .services import send_statement_reminders as remind

    with scopes_disabled():  # every region's requests, each body in its own language
        return remind(days=days)
