"""Background: an opinion round's results.

A vote or a moderation raises the round's version; the results (PCA and k-means over the
vote matrix, up to seconds for thousands of participants) are never computed on a
resident's request. A results page shows the latest computed results
(`selectors.latest_results`) and, when they are stale, calls `results_request`, which
queues `opinion_results` unless one is queued or running already for the round (a marker
in the shared cache, added atomically, removed when the task ends or after
`QUEUED_SECONDS` if a worker died). The worker (`manage.py db_worker`) computes and keeps
them (`selectors.store_results`). Until the first results exist the page says they are
being computed.
"""

from __future__ import annotations

from django.core.cache import cache
from django_tasks import task

from phases.scoping import project_scope, scopes_disabled

from . import selectors
from .models import OpinionRound

QUEUED_SECONDS = 15 * 60


def queued_key(round_id: int) -> str:
    return f"opinion:results:queued:{round_id}"


def results_request(round: OpinionRound) -> bool:
    """Queue a recompute of the round's results unless one is queued already; returns
    whether one was queued now."""
    if not cache.add(queued_key(round.pk), round.version, QUEUED_SECONDS):
        return False
    try:
        opinion_results.enqueue(round.pk)
    except BaseException:
        cache.delete(queued_key(round.pk))
        raise
    return True


def current_results(round: OpinionRound) -> tuple[dict | None, bool]:
    """The latest computed results (None if none yet) and whether they are stale; a
    recompute is queued when they are missing or stale."""
    entry = selectors.latest_results(round)
    if entry is None or entry["version"] < round.version:
        if results_request(round):
            entry = selectors.latest_results(round) or entry  # a backend that ran it at once
    stale = entry is None or entry["version"] < round.version
    return entry, stale


@task()
def opinion_results(round_id: int) -> int:
    """Compute and keep the round's results; returns the version they were computed at."""
    try:
        with scopes_disabled():  # a worker starts in no scope: the round names its project
            round = OpinionRound.objects.select_related("project").filter(pk=round_id).first()
        if round is None:
            return 0  # deleted meanwhile
        with project_scope(round.project):
            return selectors.store_results(round)["version"]
    finally:
        cache.delete(queued_key(round_id))
