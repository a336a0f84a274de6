"""What is read of opinion rounds: lists, the next statement for a participant, results.

Results are computed from the vote matrix (participation.opinion.groups) in the background
(participation.opinion.tasks) and the latest kept in the shared cache under the round's id,
with the round's `version` (raised by every vote and moderation) they were computed at: a
page shows the latest and asks for a recompute when the version moved on.
"""

from __future__ import annotations

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, Exists, OuterRef, Q, When
from django.utils import timezone

from phases.perspectives import Perspective
from phases.scoping import scopes_disabled
from phases.translated import texts

from .groups import find_groups
from .models import OpinionRound, OpinionStatement, OpinionVote

RESULTS_SECONDS = 90 * 24 * 3600  # a closed round's results are kept long
RESULTS_SCHEMA = 3  # raise when the computation changes: cached results are then stale


def rounds_for_project(project):
    return OpinionRound.objects.filter(project=project).annotate(
        accepted=Count("statements", filter=Q(statements__status=OpinionStatement.Status.ACCEPTED)),
        pending=Count("statements", filter=Q(statements__status=OpinionStatement.Status.PENDING)),
    )


def round_of_project(project, pk) -> OpinionRound:
    return OpinionRound.objects.select_related("project__region").get(project=project, pk=pk)


def public_round(pk, region_slug: str) -> OpinionRound:
    """A round of the region named `region_slug` that has opened, with its project and
    region (DoesNotExist → 404 upstream for another region's and for one not yet open: its
    question is not public before). Read before the page enters the region's scope, so
    the region is named here, by its slug."""
    with scopes_disabled():
        return OpinionRound.objects.select_related("project__region").get(
            pk=pk, project__region__slug=region_slug, starts_at__lte=timezone.now()
        )


def public_rounds(region):
    """The region's rounds a resident may open: those open now and the closed ones (with
    their results); newest first."""
    now = timezone.now()
    return list(
        OpinionRound.objects.filter(project__region=region, starts_at__lte=now)
        .select_related("project")
        .order_by("-starts_at", "-pk")
    )


def statements_to_moderate(round, status: str = ""):
    qs = OpinionStatement.objects.filter(round=round, author=OpinionStatement.Author.RESIDENT)
    if status in OpinionStatement.Status.values:
        qs = qs.filter(status=status)
    waiting_first = Case(When(status=OpinionStatement.Status.PENDING, then=0), default=1)
    return qs.order_by(waiting_first, "-created_at", "-pk")


def next_statement(round, participant: str | None):
    """The accepted statement to show this participant next: one they have not voted on
    (nor written), with the fewest votes so far (the most to learn from)."""
    qs = OpinionStatement.objects.public().filter(round=round)
    if participant:
        qs = qs.exclude(participant=participant).exclude(
            pk__in=OpinionVote.objects.filter(round=round, participant=participant).values(
                "statement_id"
            )
        )
    return qs.order_by("vote_count", "pk").first()


def progress(round, participant: str | None) -> dict:
    """How many of the round's accepted statements there are and how many this participant
    has voted on (one query)."""
    qs = OpinionStatement.objects.public().filter(round=round)
    if not participant:
        return {"voted": 0, "total": qs.count()}
    mine = OpinionVote.objects.filter(statement=OuterRef("pk"), participant=participant)
    return qs.aggregate(total=Count("pk"), voted=Count("pk", filter=Exists(mine)))


def pending_count(round) -> int:
    return OpinionStatement.objects.filter(
        round=round, status=OpinionStatement.Status.PENDING
    ).count()


# -- results ------------------------------------------------------------------------------


# One row of PostgreSQL's binary COPY of (participant int8, statement int4, choice int2):
# the field count, then each field's length and value, big-endian.
_ROW = np.dtype(
    [
        ("fields", ">i2"),
        ("l1", ">i4"),
        ("participant", ">i8"),
        ("l2", ">i4"),
        ("statement", ">i4"),
        ("l3", ">i4"),
        ("choice", ">i2"),
    ]
)
_HEADER = 19  # the signature, the flags and the header extension's length
_VOTES_SQL = (
    # The participant id as a 64-bit hash: no strings travel (5,000 participants never
    # collide in practice). No join: the votes on statements not accepted are dropped
    # in numpy (a join made PostgreSQL ten times slower here).
    "SELECT hashtextextended(participant, 0), statement_id::int4, choice::int2"
    " FROM participation_opinionvote WHERE round_id = {round}"
)


def vote_arrays(round_id: int, statement_ids):
    """The round's votes on the statements `statement_ids` as arrays (participant index,
    statement id, choice) and the participant count. On PostgreSQL one binary COPY read
    straight into numpy (300,000 votes in a fraction of a second)."""
    if connection.vendor == "postgresql":
        sql = _VOTES_SQL.format(round=int(round_id))
        connection.ensure_connection()
        buffer = bytearray()
        with connection.connection.cursor() as cursor:
            with cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT binary)") as copy:
                for chunk in copy:
                    buffer += chunk
        rows = np.frombuffer(bytes(buffer[_HEADER:-2]), dtype=_ROW)
        participants, statements, choices = rows["participant"], rows["statement"], rows["choice"]
    else:  # SQLite (`make run`): the same rows through the ORM, participants as strings
        with scopes_disabled():
            rows = list(
                OpinionVote.objects.filter(round_id=round_id).values_list(
                    "participant", "statement_id", "choice"
                )
            )
        participants = np.array([row[0] for row in rows], dtype=object)
        statements = np.array([row[1] for row in rows], dtype=np.int64)
        choices = np.array([row[2] for row in rows], dtype=np.int64)
    keep = np.isin(statements, np.asarray(list(statement_ids), dtype=np.int64))
    participants, statements, choices = participants[keep], statements[keep], choices[keep]
    if not len(participants):
        return np.zeros(0, int), np.zeros(0, int), np.zeros(0, int), 0
    ids, p_idx = np.unique(participants, return_inverse=True)
    return p_idx, statements.astype(np.int64), choices.astype(np.int8), len(ids)


def results_key(round_id: int) -> str:
    return f"opinion:results:{RESULTS_SCHEMA}:{round_id}"


def latest_results(round: OpinionRound) -> dict | None:
    """The round's latest computed results as {"version", "computed_at", "data"}, or None
    if none were computed yet. `version` is the round's version they were computed at: the
    results are stale when the round's version is higher (participation.opinion.tasks
    recomputes them in the background)."""
    return cache.get(results_key(round.pk))


def store_results(round: OpinionRound) -> dict:
    """Compute the round's results now and keep them as its latest; returns the entry.
    The version is read before the votes, so that votes arriving meanwhile leave the
    entry stale (computed again), never marked fresher than it is."""
    version = OpinionRound.objects.filter(pk=round.pk).values_list("version", flat=True).first()
    entry = {
        "version": version or 0,
        "computed_at": timezone.now(),
        "data": compute_results(round),
    }
    kept = cache.get(results_key(round.pk))
    if kept is None or kept["version"] <= entry["version"]:
        cache.set(results_key(round.pk), entry, RESULTS_SECONDS)
    return entry


def results(round: OpinionRound) -> dict:
    """The round's current results, computed now if the latest are stale (a staff action
    that records them needs them exact; pages show `latest_results` instead)."""
    entry = latest_results(round)
    if entry is None or entry["version"] < round.version:
        entry = store_results(round)
    return entry["data"]


def compute_results(round: OpinionRound) -> dict:
    """{"participants", "votes", "k", "groups": [{"label", "size", "distinctive"}],
    "rows": [statement rows], "consensus", "divisive": [ids], "perspectives": [...]} —
    plain data, the same in every language (texts are per-language dicts)."""
    statements = list(
        OpinionStatement.objects.public()
        .filter(round=round)
        .order_by("pk")
        .only("pk", "text_fi", "text_sv", "text_en", "language", "perspectives", "author")
    )
    ids = [s.pk for s in statements]
    p_idx, statement_ids, choices, n_participants = vote_arrays(round.pk, ids)
    if len(statement_ids):
        lookup = np.full(max(max(ids, default=0), int(statement_ids.max())) + 1, -1)
        lookup[ids] = np.arange(len(ids))
        s_idx = lookup[statement_ids]
    else:
        s_idx = np.zeros(0, int)
    found = find_groups(p_idx, s_idx, choices, n_participants, len(ids))
    consensus, divisive = set(found["consensus"]), set(found["divisive"])
    rows = []
    for i, s in enumerate(statements):
        counts = found["statements"][i]
        seen = counts["seen"]
        rows.append(
            {
                "id": s.pk,
                "number": i + 1,
                "texts": texts(s, "text"),
                "language": s.language,
                "perspectives": s.perspectives,
                "author": s.author,
                **counts,
                "agree_pct": _pct(counts["agree"], seen),
                "disagree_pct": _pct(counts["disagree"], seen),
                "pass_pct": _pct(counts["pass"], seen),
                # a group's agree share; None where nobody of the group has voted on it
                "groups": [
                    round_pct(g["agree"][i]) if g["seen"][i] else None for g in found["groups"]
                ],
                "consensus": i in consensus,
                "divisive": i in divisive,
            }
        )
    groups = [
        {
            "label": chr(ord("A") + g),
            "size": group["size"],
            "distinctive": [
                {**d, "id": ids[d["statement"]], "number": d["statement"] + 1}
                for d in group["distinctive"]
            ],
        }
        for g, group in enumerate(found["groups"])
    ]
    perspectives = []
    for key, _label in Perspective.choices:
        mine = [r for r in rows if key in r["perspectives"]]
        perspectives.append(
            {
                "key": key,
                "statements": len(mine),
                "agree": sum(r["agree"] for r in mine),
                "disagree": sum(r["disagree"] for r in mine),
                "pass": sum(r["pass"] for r in mine),
                "seen": sum(r["seen"] for r in mine),
            }
        )
    return {
        "participants": n_participants,
        "votes": found["votes"],
        "k": found["k"],
        "clustered": found["clustered"],
        "groups": groups,
        "rows": rows,
        "consensus": [ids[i] for i in found["consensus"]],
        "divisive": [ids[i] for i in found["divisive"]],
        "perspectives": perspectives,
        "points": found["points"],
    }


def _pct(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def round_pct(share: float) -> int:
    return round(100 * share)
