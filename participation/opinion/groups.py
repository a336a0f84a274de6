"""Opinion groups from a vote matrix, as Polis finds them (numpy and scikit-learn only).

`find_groups(participants, statements, choices)` takes the votes as three parallel integer
arrays (participant index, statement index, choice 1 / -1 / 0) and returns plain data
(JSON-serialisable, for the cache):

1. The matrix participant × statement holds 1 agree, -1 disagree, 0 pass; a statement a
   participant has not seen is filled with the statement's mean (Polis' imputation).
2. Only participants with at least `MIN_VOTES` votes are placed in groups (a person who
   voted twice says too little); their rows are projected on two principal components
   (PCA) and scaled up by sqrt(statements / their votes), so a person who saw few
   statements is not pulled to the middle.
3. k-means for k = 2..5; the k with the best silhouette is kept (on a fixed sample of at
   most 1,000 points: the silhouette is quadratic).
4. Per group and statement: agree / disagree / seen counts. A group's distinctive
   statements are those where its agree (or disagree) share differs most from everyone
   else's; consensus statements are agreed by a majority of every group; divisive ones are
   those where the groups' agree shares lie furthest apart (at most five of each).

Shares are smoothed ((a + 1) / (n + 2)) so a statement seen by two people does not count as
unanimous.
"""

from __future__ import annotations

import numpy as np
from threadpoolctl import threadpool_limits

MIN_VOTES = 5
K_RANGE = range(2, 6)
SILHOUETTE_SAMPLE = 1000
DISTINCTIVE_PER_GROUP = 3
CONSENSUS_SHARE = 0.6  # agreed by at least this (smoothed) share of every group
DIVISIVE_SPREAD = 0.4  # the groups' agree shares at least this far apart
LISTED = 5  # consensus and divisive statements listed, the clearest first
MIN_SEEN = 3  # a group's share of a statement counts when at least this many saw it


def _share(count, seen):
    return (count + 1.0) / (seen + 2.0)


def find_groups(participant_idx, statement_idx, choices, n_participants: int, n_statements: int):
    participant_idx = np.asarray(participant_idx, dtype=np.int64)
    statement_idx = np.asarray(statement_idx, dtype=np.int64)
    choices = np.asarray(choices, dtype=np.float64)
    totals = _counts(statement_idx, choices, n_statements, np.ones(len(choices), dtype=bool))
    result = {
        "participants": int(n_participants),
        "votes": int(len(choices)),
        "k": 0,
        "silhouette": None,
        "clustered": 0,
        "groups": [],
        "statements": [
            {"agree": int(a), "disagree": int(d), "pass": int(s - a - d), "seen": int(s)}
            for a, d, s in zip(*totals, strict=True)
        ],
        "consensus": [],
        "divisive": [],
        "points": [],
        "labels": [],  # per participant: the group's index, -1 if not placed in one
    }
    if n_participants < 4 or n_statements < 2 or len(choices) == 0:
        return result

    votes_per_person = np.bincount(participant_idx, minlength=n_participants)
    active = votes_per_person >= min(MIN_VOTES, n_statements)
    if active.sum() < 4:
        return result
    matrix = np.full((n_participants, n_statements), np.nan)
    matrix[participant_idx, statement_idx] = choices

    # One thread: on a busy server the OpenMP/BLAS thread pools cost more than they give.
    with threadpool_limits(1):
        return _grouped(result, matrix, active, participant_idx, statement_idx, choices, totals)


def _grouped(result, matrix, active, participant_idx, statement_idx, choices, totals):
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA
    from sklearn.metrics import silhouette_score

    n_participants, n_statements = matrix.shape
    rows = matrix[active]
    column_mean = np.nan_to_num(np.nanmean(np.where(np.isnan(rows).all(axis=0), 0.0, rows), axis=0))
    seen = ~np.isnan(rows)
    rows = np.where(seen, rows, column_mean)
    components = min(2, n_statements, len(rows))
    points = PCA(n_components=components, random_state=0).fit_transform(rows)
    scale = np.sqrt(n_statements / np.maximum(seen.sum(axis=1), 1))
    points = points * scale[:, None]

    best = None
    rng = np.random.default_rng(0)
    sample = (
        rng.choice(len(points), SILHOUETTE_SAMPLE, replace=False)
        if len(points) > SILHOUETTE_SAMPLE
        else np.arange(len(points))
    )
    distinct = len(np.unique(points.round(6), axis=0))
    for k in K_RANGE:
        if k >= len(points) or k > distinct:
            break
        labels = KMeans(n_clusters=k, n_init=3, random_state=0).fit_predict(points)
        if len(np.unique(labels[sample])) < 2:
            continue
        score = float(silhouette_score(points[sample], labels[sample]))
        if best is None or score > best[0] + 1e-9:
            best = (score, k, labels)
    if best is None:
        return result
    score, k, labels = best
    # Groups ordered by size, largest first (A, B, C …).
    order = np.argsort(-np.bincount(labels, minlength=k), kind="stable")
    relabel = np.empty(k, dtype=np.int64)
    relabel[order] = np.arange(k)
    labels = relabel[labels]

    person_group = np.full(n_participants, -1, dtype=np.int64)
    person_group[np.flatnonzero(active)] = labels
    vote_group = person_group[participant_idx]
    per_group = [_counts(statement_idx, choices, n_statements, vote_group == g) for g in range(k)]
    agree_share = np.array([_share(a, s) for a, _d, s in per_group])  # k × statements
    seen_enough = np.array([s >= MIN_SEEN for _a, _d, s in per_group])

    groups = []
    for g in range(k):
        a, d, s = per_group[g]
        rest_a, rest_d, rest_s = (totals[0] - a, totals[1] - d, totals[2] - s)
        agree_diff = _share(a, s) - _share(rest_a, rest_s)
        disagree_diff = _share(d, s) - _share(rest_d, rest_s)
        strength = np.maximum(agree_diff, disagree_diff)
        strength = np.where(s >= MIN_SEEN, strength, -np.inf)
        distinctive = []
        for j in np.argsort(-strength, kind="stable")[:DISTINCTIVE_PER_GROUP]:
            if not np.isfinite(strength[j]) or strength[j] <= 0.1:
                break
            direction = "agree" if agree_diff[j] >= disagree_diff[j] else "disagree"
            distinctive.append(
                {
                    "statement": int(j),
                    "direction": direction,
                    "share": round(float(_share(a[j] if direction == "agree" else d[j], s[j])), 3),
                    "rest": round(
                        float(_share(rest_a[j] if direction == "agree" else rest_d[j], rest_s[j])),
                        3,
                    ),
                }
            )
        groups.append(
            {
                "size": int((labels == g).sum()),
                "agree": [round(float(x), 3) for x in agree_share[g]],
                "seen": [int(x) for x in s],
                "distinctive": distinctive,
            }
        )

    every_group_saw = seen_enough.all(axis=0)
    lowest = agree_share.min(axis=0)
    spread = agree_share.max(axis=0) - lowest
    consensus = [
        int(j)
        for j in np.argsort(-lowest, kind="stable")
        if every_group_saw[j] and lowest[j] >= CONSENSUS_SHARE
    ][:LISTED]
    divisive = [
        int(j)
        for j in np.argsort(-spread, kind="stable")
        if every_group_saw[j] and spread[j] >= DIVISIVE_SPREAD
    ][:LISTED]
    # A few hundred points are enough for the chart (a fixed sample).
    shown = sample[:300]
    result.update(
        k=int(k),
        silhouette=round(score, 3),
        clustered=int(active.sum()),
        groups=groups,
        consensus=consensus,
        divisive=divisive,
        points=[
            [round(float(points[i, 0]), 3), round(float(points[i, -1]), 3), int(labels[i])]
            for i in shown
        ],
        labels=person_group.tolist(),
    )
    return result


def _counts(statement_idx, choices, n_statements, mask):
    """(agree, disagree, seen) per statement of the votes selected by `mask`."""
    idx, ch = statement_idx[mask], choices[mask]
    agree = np.bincount(idx[ch > 0], minlength=n_statements)
    disagree = np.bincount(idx[ch < 0], minlength=n_statements)
    seen = np.bincount(idx, minlength=n_statements)
    return agree, disagree, seen
