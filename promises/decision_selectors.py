"""Reads of the decision package, the approved promises and the public pages.

The public pages and the open data read only APPROVED versions (their frozen snapshots),
the DecisionApproval and the CouncilDecision: never the live draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from phases.models import CouncilDecision, PromiseProject, Region
from phases.perspectives import PERSPECTIVE_HINTS, SIDE_MOTTOS, Perspective, Side

from .models import DecisionDocument, DecisionPackage, Promise, PromiseVersion
from .models.decision import DecisionApproval
from .snapshot import LANGS, localized, localized_html

DESCRIPTION_FIELDS = (
    "implementation",
    "follow_up",
    "reporting",
    "evaluation",
    "communication",
    "budget_effect",
)
APPROVING = (CouncilDecision.Outcome.APPROVED, CouncilDecision.Outcome.APPROVED_WITH_CHANGES)


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


def _with_pdf(decisions: QuerySet[CouncilDecision]) -> QuerySet[CouncilDecision]:
    """Approving decisions whose approval and stored PDF exist."""
    return decisions.filter(outcome__in=APPROVING, approval__isnull=False).filter(
        Exists(DecisionDocument.objects.filter(decision=OuterRef("pk")))
    )


def approved_decision(project: PromiseProject) -> CouncilDecision | None:
    """The project's approving decision that has its stored PDF, if any."""
    return (
        _with_pdf(CouncilDecision.objects.filter(project=project))
        .order_by("-meeting_date", "-recorded_at", "-pk")
        .first()
    )


def decisions_for_project(project: PromiseProject) -> QuerySet[CouncilDecision]:
    return (
        CouncilDecision.objects.filter(project=project)
        .select_related("recorded_by", "approval")
        .prefetch_related("documents")
        .order_by("-recorded_at")
    )


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


def published_head(region: Region) -> tuple[int, object] | None:
    """(decision id, recorded_at) of the promise in force: what the caches key on."""
    row = published_decisions(region).values_list("pk", "recorded_at").first()
    return tuple(row) if row else None


def published_promise(region: Region, decision_id: int | None = None) -> PublishedPromise | None:
    """The region's promise in force, or one earlier approved decision (`decision_id`)."""
    decisions = published_decisions(region)
    head = decisions.values_list("pk", flat=True).first()
    if head is None:
        return None
    wanted = decision_id or head
    decision = (
        decisions.filter(pk=wanted)
        .select_related("project", "approval")
        .prefetch_related(
            Prefetch(
                "approval__versions",
                queryset=PromiseVersion.objects.select_related("promise").order_by(
                    "promise__order", "promise__pk"
                ),
            ),
            Prefetch("documents", queryset=DecisionDocument.objects.order_by("language")),
        )
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


def promise_view(snapshot: dict, language: str, fallbacks=("fi", "sv")) -> dict:
    """A snapshot in one language, arranged for templates: the cells by perspective with
    both sides, the commitments grouped by perspective. Rich text rendered (sanitised).
    A text missing in `language` falls back to `fallbacks` (the region's languages) and is
    marked with its language (plain texts are `LocalText`: render them with `|marked`)."""

    def text(value):
        return localized(value, language, fallbacks)

    def html(value):
        return localized_html(value, language, fallbacks)

    cells = {(c["perspective"], c["side"]): c for c in snapshot.get("cells", [])}
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
                }
            )
        commitments = [
            {
                "id": m["id"],
                "title": text(m.get("title")),
                "description": html(m.get("description")),
                "responsible": text(m.get("responsible")),
                "strategy_goals": [
                    {
                        "code": g.get("code", ""),
                        "kind": g.get("kind", ""),
                        "title": text(g.get("title")),
                    }
                    for g in m.get("strategy_goals", [])
                ],
            }
            for m in snapshot.get("commitments", [])
            if m.get("perspective") == perspective.value
        ]
        perspectives.append(
            {
                "key": perspective.value,
                "label": perspective.label,
                "hint": PERSPECTIVE_HINTS[perspective],
                "sides": sides,
                "resident": sides[0],
                "organiser": sides[1],
                "commitments": commitments,
            }
        )
    title = snapshot.get("title") or {}
    vision = snapshot.get("vision") or {}
    return {
        "promise_id": snapshot.get("promise_id"),
        "title": text(title),
        "vision": html(vision),
        "perspectives": perspectives,
        "commitment_count": len(snapshot.get("commitments", [])),
        "translated": bool(
            (title.get(language) if isinstance(title, dict) else title)
            or (vision.get(language) if isinstance(vision, dict) else vision)
        ),
    }


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
