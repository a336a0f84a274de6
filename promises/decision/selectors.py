"""Reads of the decision package, the approved promises and the public pages.

The public pages and the open data read only APPROVED versions (their frozen snapshots),
the DecisionApproval and the CouncilDecision: never the live draft.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone

from phases.models import CouncilDecision, PromiseProject, Region
from phases.perspectives import PERSPECTIVE_HINTS, SIDE_MOTTOS, Perspective, Side
from phases.phase_numbers import DECISION_PHASE

from ..models import (
    Commitment,
    DecisionDocument,
    DecisionPackage,
    Promise,
    PromiseVersion,
    StrategyGoal,
)
from ..models.decision import DecisionApproval
from ..snapshot import LANGS, localized, localized_html

DESCRIPTION_FIELDS = (
    "implementation",
    "follow_up",
    "reporting",
    "evaluation",
    "communication",
    "budget_effect",
)


def package_for(project: PromiseProject) -> DecisionPackage:
    """The project's decision package; an unsaved empty one if nobody has written it yet."""
    package = DecisionPackage.objects.filter(project=project).prefetch_related("versions").first()
    return package or DecisionPackage(project=project)


def package_texts(package: DecisionPackage) -> dict:
    """The descriptions in every language, in the frozen format DecisionApproval keeps."""
    data = {
        name: {lang: getattr(package, f"{name}_{lang}", None) or "" for lang in LANGS}
        for name in DESCRIPTION_FIELDS
    }
    data["communication_channels"] = list(package.communication_channels or [])
    return data


def segment_promises(project: PromiseProject) -> list[Promise]:
    return list(Promise.objects.filter(project=project).order_by("order", "pk"))


def proposed_versions(project: PromiseProject, package: DecisionPackage | None = None) -> dict:
    """{promise_id: PromiseVersion} chosen in the package for approval."""
    package = package if package is not None else package_for(project)
    if package.pk is None:
        return {}
    return {v.promise_id: v for v in package.versions.all()}


class JSONArrayLength(Func):
    """The length of a JSON list column (SQLite's name; PostgreSQL's below)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


def _with_pdf(decisions: QuerySet[CouncilDecision]) -> QuerySet[CouncilDecision]:
    """Approving decisions whose approval and stored PDFs exist: a PDF in every language
    the approval chose (the PDFs are rendered after the decision is recorded; until the
    last one is stored the approval counts for nothing)."""
    stored = (
        DecisionDocument.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return (
        decisions.approved()
        .alias(
            stored_documents=Subquery(stored, output_field=IntegerField()),
            chosen_documents=JSONArrayLength("approval__languages"),
        )
        .filter(stored_documents__gte=F("chosen_documents"))
    )


def approved_decision(project: PromiseProject) -> CouncilDecision | None:
    """The project's approving decision that has its stored PDFs, if any."""
    return (
        _with_pdf(CouncilDecision.objects.filter(project=project))
        .order_by("-meeting_date", "-recorded_at", "-pk")
        .first()
    )


def missing_documents(decision: CouncilDecision) -> list[str]:
    """The languages of an approval whose PDF is not stored (read from a decision of
    `decisions_for_project`, whose approval and documents are already loaded)."""
    approval = getattr(decision, "approval", None) if decision.is_approval else None
    if approval is None:
        return []
    stored = {doc.language for doc in decision.documents.all()}
    return [lang for lang in approval.languages if lang not in stored]


def decision_recordable(project: PromiseProject) -> bool:
    """Whether a council decision can be recorded now: in the decision phase, and no
    approval recorded yet (an approval is final). The services check the same again
    under the project's row lock when recording."""
    return project.phase == DECISION_PHASE and not project.has_approval


def documents_state(decision: CouncilDecision) -> str:
    """ "" (not an approval, or every PDF stored), "pending" (the background render has not
    finished yet) or "failed" (it gave up after its retries: the page offers a retry)."""
    if not missing_documents(decision):
        return ""
    return "failed" if decision.documents_failed_at else "pending"


def decisions_for_project(project: PromiseProject) -> list[CouncilDecision]:
    """The project's decisions, newest first, each with `documents_state` (see above) and
    `missing_documents`: the names of the languages whose PDF its approval still lacks."""
    decisions = list(
        CouncilDecision.objects.filter(project=project)
        .select_related("recorded_by", "approval")
        .prefetch_related("documents")
        .order_by("-recorded_at")
    )
    names = dict(settings.LANGUAGES)
    for decision in decisions:
        decision.missing_documents = [
            str(names.get(lang, lang)) for lang in missing_documents(decision)
        ]
        decision.documents_state = documents_state(decision)
    return decisions


# -- public ---------------------------------------------------------------------------


@dataclass
class PublishedPromise:
    """One approved decision of a region, everything the public page and the JSON need."""

    region: Region
    project: PromiseProject
    decision: CouncilDecision
    approval: DecisionApproval
    versions: list[PromiseVersion]
    documents: list[DecisionDocument]
    is_current: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def snapshots(self) -> list[dict]:
        return [v.snapshot for v in self.versions]


def published_decisions(region: Region) -> QuerySet[CouncilDecision]:
    """The region's approving decisions that have their PDF stored, newest first."""
    return _with_pdf(CouncilDecision.objects.filter(project__region=region)).order_by(
        "-meeting_date", "-recorded_at", "-pk"
    )


def in_force_first(decisions: QuerySet[CouncilDecision], today=None):
    """The decisions with the one in force first: a promise whose period has not started
    yet comes after those in force (so approving it ahead keeps the current one)."""
    today = today or timezone.localdate()
    return decisions.annotate(
        upcoming=Case(When(period_start__gt=today, then=Value(1)), default=Value(0))
    ).order_by("upcoming", "-meeting_date", "-recorded_at", "-pk")


def upcoming_decision(region: Region, today=None) -> CouncilDecision | None:
    """The approved promise whose period starts later (shown as "from <date>")."""
    today = today or timezone.localdate()
    return (
        published_decisions(region)
        .filter(period_start__gt=today)
        .order_by("period_start", "-recorded_at")
        .first()
    )


def _published_prefetches() -> tuple[Prefetch, Prefetch]:
    """What a published decision is shown with: its approved versions, its PDFs."""
    return (
        Prefetch(
            "approval__versions",
            queryset=PromiseVersion.objects.approved()
            .select_related("promise")
            .order_by("promise__order", "promise__pk"),
        ),
        Prefetch("documents", queryset=DecisionDocument.objects.order_by("language")),
    )


def published_promise(region: Region, decision_id: int | None = None) -> PublishedPromise | None:
    """The region's promise in force, or one earlier approved decision (`decision_id`)."""
    decisions = published_decisions(region)
    head = in_force_first(decisions).values_list("pk", flat=True).first()
    if head is None:
        return None
    wanted = decision_id or head
    decision = (
        decisions.filter(pk=wanted)
        .select_related("project", "approval")
        .prefetch_related(*_published_prefetches())
        .first()
    )
    if decision is None:
        return None
    approval = decision.approval
    versions = sorted(approval.versions.all(), key=lambda v: (v.promise.order, v.promise_id))
    return PublishedPromise(
        region=region,
        project=decision.project,
        decision=decision,
        approval=approval,
        versions=versions,
        documents=list(decision.documents.all()),
        is_current=decision.pk == head,
    )


def archive(region: Region) -> list[CouncilDecision]:
    return list(published_decisions(region).select_related("project").prefetch_related("documents"))


# -- presentation of a frozen snapshot (PDF, preview, public page) ---------------------


def _date(value: str | None):
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def commitment_view(m: dict, text, html) -> dict:
    """One commitment of a snapshot for templates (older snapshots read with defaults)."""
    perspectives = m.get("perspectives")
    if perspectives is None:
        perspectives = [m["perspective"]] if m.get("perspective") else []
    labels = dict(Perspective.choices)
    sides = dict(Commitment.Sides.choices)
    pending = m.get("indicator_pending")
    return {
        "id": m["id"],
        "title": text(m.get("title")),
        "description": html(m.get("description")),
        "responsible": text(m.get("responsible")),
        "perspectives": [labels[p] for p in perspectives if p in labels],
        "cross_cutting": not perspectives,
        "side": m.get("side", Commitment.Sides.ORGANISER),
        "side_label": sides.get(m.get("side", Commitment.Sides.ORGANISER), ""),
        "statutory": m.get("kind") == Commitment.Kind.STATUTORY,
        "legal_reference": text(m.get("legal_reference") or {}),
        "pending": (
            {
                "document": text(pending.get("document")),
                "by": _date(pending.get("by")),
                "reason": text(pending.get("reason")),
            }
            if pending
            else None
        ),
        "strategy_goals": [
            {
                "code": g.get("code", ""),
                "kind": g.get("kind", ""),
                "title": text(g.get("title")),
            }
            for g in m.get("strategy_goals", [])
        ],
    }


def strategy_structure(snapshot: dict) -> dict:
    """The strategy the promise serves, in no language (the one arrangement the public page,
    the PDF and the open data share): every node under each top node that a commitment
    links into, in the tree's order, nodes without commitments kept (the council decided
    them too). A commitment is given in full under the first node it serves (in tree order)
    and referenced under every other; a statutory service standard is given in full among
    the standards and referenced under each node it serves.

    {"tree": [{"id", "level", "kind", "code", "commitments": [ids in full],
               "references": [ids], "children": [...]}],
     "home": {commitment id: node id where it is in full}}
    """
    # The tree's order: by source as the strategy page lists them (the region's strategy,
    # the service strategy, national goals), then as the snapshot keeps them.
    kinds = list(StrategyGoal.Kind.values)
    nodes = sorted(
        snapshot.get("strategy") or [],
        key=lambda n: kinds.index(n["kind"]) if n.get("kind") in kinds else len(kinds),
    )
    order = {n["id"]: position for position, n in enumerate(nodes)}
    views = {
        n["id"]: {
            "id": n["id"],
            "level": n.get("level"),
            "kind": n.get("kind", ""),
            "code": n.get("code", ""),
            "commitments": [],
            "references": [],
            "children": [],
        }
        for n in nodes
    }
    roots = []
    for n in nodes:
        parent = views.get(n.get("parent"))
        (parent["children"] if parent else roots).append(views[n["id"]])
    home: dict[int, int] = {}
    for m in snapshot.get("commitments", []):
        linked = sorted(
            {g["id"] for g in m.get("strategy_goals", []) if g.get("id") in views},
            key=order.__getitem__,
        )
        if not linked:
            continue
        if m.get("kind") == Commitment.Kind.STATUTORY:
            references = linked
        else:
            home[m["id"]] = linked[0]
            views[linked[0]]["commitments"].append(m["id"])
            references = linked[1:]
        for pk in references:
            views[pk]["references"].append(m["id"])

    def served(node) -> bool:
        return bool(
            node["commitments"] or node["references"] or any(served(c) for c in node["children"])
        )

    return {"tree": [root for root in roots if served(root)], "home": home}


def structure_view(
    snapshot: dict, commitments: dict[int, dict], text, html, structure: dict | None = None
) -> list[dict]:
    """`strategy_structure` in one language: each node with its level's name, code, title
    and description, the commitments given in full under it and those referenced (with
    the node where each is in full)."""
    structure = structure or strategy_structure(snapshot)
    levels = dict(StrategyGoal.Level.choices)
    nodes = {n["id"]: n for n in snapshot.get("strategy") or []}

    def home_of(pk):
        """Where a referenced commitment is in full: its node's code (else its title)."""
        node = nodes.get(structure["home"].get(pk))
        if node is None:
            return None
        return node.get("code") or text(node.get("title"))

    def view(item) -> dict:
        node = nodes[item["id"]]
        return {
            "id": item["id"],
            "code": item["code"],
            "level": levels.get(item["level"], ""),
            "level_number": item["level"],
            "title": text(node.get("title")),
            "description": html(node.get("description") or {}),
            "commitments": [commitments[pk] for pk in item["commitments"]],
            "references": [
                {"commitment": commitments[pk], "home": home_of(pk)} for pk in item["references"]
            ],
            "children": [view(child) for child in item["children"]],
        }

    return [view(item) for item in structure["tree"]]


def _first_perspective(m: dict) -> str:
    return (m.get("perspectives") or [m.get("perspective")])[0] or ""


def commitment_perspectives(m: dict) -> list[str]:
    """A snapshot commitment's perspectives, however it got them: the list (several
    perspectives chosen on the commitment's form), else the one perspective of older
    snapshots (a commitment added from a perspective's page); [] is cross-cutting."""
    perspectives = m.get("perspectives")
    if perspectives is None:
        perspectives = [m["perspective"]] if m.get("perspective") else []
    return [p for p in perspectives if p in Perspective.values]


def on_side(m: dict, side: str) -> bool:
    """The commitment stands on `side` (a commitment of both sides stands on each)."""
    own = m.get("side") or Commitment.Sides.ORGANISER
    return own in (side, Commitment.Sides.BOTH)


def side_commitments(snapshot: dict, view: str = "whole") -> list[dict]:
    """The snapshot's commitments a view lists: all of them in the whole view, only those
    standing on the side in a side's detail (`resident` / `organiser`)."""
    commitments = snapshot.get("commitments", [])
    if view not in Side.values:
        return list(commitments)
    return [m for m in commitments if on_side(m, view)]


def perspective_commitments(snapshot: dict) -> dict:
    """The commitments by (perspective, side), in the snapshot's order, and the
    cross-cutting ones by side: the one reading of "which commitments does this cell of
    the perspective table, this sector of the wheel, this side's view hold".

    {"cells": {(perspective, side): [commitment dicts]},
     "cross_cutting": {side: [commitment dicts]}}"""
    cells: dict[tuple[str, str], list[dict]] = {
        (p, s): [] for p in Perspective.values for s in Side.values
    }
    cross: dict[str, list[dict]] = {s: [] for s in Side.values}
    for m in snapshot.get("commitments", []):
        perspectives = commitment_perspectives(m)
        for side in Side.values:
            if not on_side(m, side):
                continue
            if not perspectives:
                cross[side].append(m)
            for perspective in perspectives:
                cells[(perspective, side)].append(m)
    return {"cells": cells, "cross_cutting": cross}


def promise_view(
    snapshot: dict, language: str, fallbacks=("fi", "sv"), view: str = "whole"
) -> dict:
    """A snapshot (a frozen promise) in one language, arranged for templates: the one
    presenter of the public page, the PDF, the staff version page and the comment round.

    `view`: "whole" lists every commitment; "resident" / "organiser" (a side's detail)
    only the commitments standing on that side (`side_commitments`), everywhere below.
    The cells by perspective with both sides (`sides` leaves out an empty resident side,
    `both_sides` does not), each side with its goal, statements and `commitments` (those
    of `perspective_commitments`: the same reading the wheel draws), and
    `cross_cutting_sides` (the side's commitments under no perspective, i.e. all);
    `structure`: the strategy the promise serves, whole
    (`strategy_structure`), each commitment in full under the first node it serves and
    referenced under the others; a commitment serving no node under its first perspective,
    else among the cross-cutting ones; statutory service standards apart. `pending_groups`:
    the indicators still to be set, each reason said once. For a plain list by
    perspective, `all_commitments` of a perspective and `all_cross_cutting` hold every
    commitment under its first perspective. Rich text rendered (sanitised).
    A text missing in `language` falls back to `fallbacks` (the region's languages) and is
    marked with its language (plain texts are `LocalText`: render them with `|marked`)."""

    def text(value):
        return localized(value, language, fallbacks)

    def html(value):
        return localized_html(value, language, fallbacks)

    cells = {(c["perspective"], c["side"]): c for c in snapshot.get("cells", [])}
    everything = snapshot.get("commitments", [])
    raw = side_commitments(snapshot, view)
    shown = {m["id"] for m in raw}
    all_commitments = [commitment_view(m, text, html) for m in raw]
    by_id = {v["id"]: v for v in all_commitments}
    structure = strategy_structure({**snapshot, "commitments": raw})
    placed = perspective_commitments(snapshot)

    def listed(commitments: list[dict]) -> list[dict]:
        return [by_id[m["id"]] for m in commitments if m["id"] in shown]

    statutory = [view for view in all_commitments if view["statutory"]]
    unplaced: list[tuple[dict, dict]] = [
        (m, view)
        for m, view in zip(raw, all_commitments, strict=True)
        if not view["statutory"] and m["id"] not in structure["home"]
    ]
    resident_side = any(on_side(m, Side.RESIDENT) for m in everything)
    perspectives = []
    for perspective in Perspective:
        sides = []
        for side in Side:
            cell = cells.get((perspective.value, side.value), {})
            sides.append(
                {
                    "key": side.value,
                    "label": side.label,
                    "motto": SIDE_MOTTOS[side],
                    "goal": html(cell.get("goal")),
                    "statements": [text(s.get("text")) for s in cell.get("statements", [])],
                    "commitments": listed(placed["cells"][(perspective.value, side.value)]),
                }
            )
        if str(sides[0]["goal"]).strip() or sides[0]["statements"]:
            resident_side = True
        commitments = [view for m, view in unplaced if _first_perspective(m) == perspective.value]
        perspectives.append(
            {
                "key": perspective.value,
                "label": perspective.label,
                "hint": PERSPECTIVE_HINTS[perspective],
                "sides": sides,
                "resident": sides[0],
                "organiser": sides[1],
                "both_sides": sides,
                "commitments": commitments,
                "all_commitments": [
                    view
                    for m, view in zip(raw, all_commitments, strict=True)
                    if _first_perspective(m) == perspective.value
                ],
            }
        )
    if not resident_side:
        for perspective in perspectives:
            perspective["sides"] = perspective["sides"][1:]
    title = snapshot.get("title") or {}
    vision = snapshot.get("vision") or {}
    side_list = [
        {"key": side.value, "label": side.label}
        for side in Side
        if resident_side or side != Side.RESIDENT
    ]
    return {
        "promise_id": snapshot.get("promise_id"),
        "title": text(title),
        "vision": html(vision),
        "slogan": text(snapshot.get("slogan") or {}),
        "outcomes": html(snapshot.get("outcomes") or {}),
        "perspectives": perspectives,
        "structure": structure_view(snapshot, by_id, text, html, structure),
        "cross_cutting": [view for _m, view in unplaced if view["cross_cutting"]],
        "cross_cutting_sides": [
            {**side, "commitments": listed(placed["cross_cutting"][side["key"]])}
            for side in side_list
        ],
        "all_cross_cutting": [view for view in all_commitments if view["cross_cutting"]],
        "statutory": statutory,
        "all_commitments": all_commitments,
        "pending": [v for v in all_commitments if v["pending"]],
        "pending_groups": pending_groups(all_commitments),
        "resident_empty": not resident_side,
        "side_list": side_list,
        "view": view if view in Side.values else "whole",
        "commitment_count": len(raw),
        "translated": bool(
            (title.get(language) if isinstance(title, dict) else title)
            or (vision.get(language) if isinstance(vision, dict) else vision)
        ),
    }


def pending_groups(commitments: list[dict]) -> list[dict]:
    """The indicators still to be set, said once: the pending commitments grouped by where,
    by when and why their indicator will be set, in the order they first appear."""
    groups: dict[tuple, dict] = {}
    for view in commitments:
        pending = view["pending"]
        if not pending:
            continue
        key = (str(pending["document"]), pending["by"], str(pending["reason"]))
        group = groups.setdefault(key, {**pending, "commitments": []})
        group["commitments"].append(view)
    return list(groups.values())


def pending_indicators(snapshots: list[dict], language: str, fallbacks=("fi", "sv")) -> list:
    """The commitments of the snapshots whose indicator is pending, for the package page:
    [{"promise", "title", "document", "by"}]."""
    rows = []
    for snapshot in snapshots:
        view = promise_view(snapshot, language, fallbacks)
        for c in view["pending"]:
            rows.append(
                {
                    "promise": view["title"],
                    "title": c["title"],
                    "document": c["pending"]["document"],
                    "by": c["pending"]["by"],
                }
            )
    return rows


def descriptions_view(texts: dict, language: str, fallbacks=("fi", "sv")) -> list[dict]:
    """The package's descriptions in one language, as (key, label, html) in document order."""
    channels = dict(DecisionPackage.Channel.choices)
    items = []
    for name in DESCRIPTION_FIELDS:
        item = {
            "key": name,
            "label": DecisionPackage._meta.get_field(name).verbose_name,
            "html": localized_html(texts.get(name), language, fallbacks),
        }
        if name == "communication":
            item["channels"] = [
                channels[c] for c in texts.get("communication_channels", []) if c in channels
            ]
        items.append(item)
    return items


def promises_in_force() -> list[PublishedPromise]:
    """Every region's promise in force (regions without one left out), by region address
    name, in a fixed number of queries whatever the number of regions."""
    heads: dict[int, int] = {}
    rows = (
        _with_pdf(CouncilDecision.objects.all())
        .order_by("project__region_id", "-meeting_date", "-recorded_at", "-pk")
        .values_list("project__region_id", "pk")
    )
    for region_id, pk in rows:
        heads.setdefault(region_id, pk)
    decisions = (
        CouncilDecision.objects.filter(pk__in=heads.values())
        .select_related("project__region", "approval")
        .prefetch_related(*_published_prefetches())
    )
    result = []
    for decision in decisions:
        approval = decision.approval
        result.append(
            PublishedPromise(
                region=decision.project.region,
                project=decision.project,
                decision=decision,
                approval=approval,
                versions=sorted(
                    approval.versions.all(), key=lambda v: (v.promise.order, v.promise_id)
                ),
                documents=list(decision.documents.all()),
            )
        )
    return sorted(result, key=lambda p: p.region.slug)
