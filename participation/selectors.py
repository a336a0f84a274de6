"""Reads the views, the registry hooks and the exports share."""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from phases.models import PromiseProject, Region
from phases.perspectives import Perspective
from phases.phase_numbers import FOLLOW_UP_PHASE
from phases.translated import LANGS
from phases.url_patterns import project_object_urls
from promises.models import Commitment, PromiseStatement, PromiseVersion

from .models import (
    Comment,
    CommentRound,
    Disposition,
    Feedback,
    Input,
    RequestedBody,
    StatementRequest,
    Synthesis,
)

SORTS = {
    "newest": ("-created_at", "-pk"),
    "oldest": ("created_at", "pk"),
    "perspective": ("perspective", "-created_at", "-pk"),
    "disposition": ("disposition", "-created_at", "-pk"),
    "source": ("source", "-created_at", "-pk"),
}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


# -- synthesis and traceability -------------------------------------------------------


@dataclass
class PerspectiveRow:
    key: str
    label: str
    synthesis: Synthesis | None
    inputs: list = field(default_factory=list)
    covered: bool = False  # the common synthesis covers this perspective

    @property
    def done(self) -> bool:
        return bool(self.synthesis and self.synthesis.has_text())

    @property
    def settled(self) -> bool:
        """Its own synthesis is written, or the common one covers it."""
        return self.done or self.covered


def inputs_for_project(project: PromiseProject) -> QuerySet[Input]:
    return (
        Input.objects.filter(project=project)
        .select_related("stakeholder", "activity")
        .prefetch_related(
            Prefetch("statements", queryset=PromiseStatement.objects.select_related("cell")),
            Prefetch("commitments", queryset=Commitment.objects.all()),
        )
    )


def synthesis_overview(
    project: PromiseProject, *, with_inputs: bool = True
) -> list[PerspectiveRow]:
    """A row per perspective; each is `covered` when the common synthesis is written."""
    syntheses = {s.perspective: s for s in Synthesis.objects.filter(project=project)}
    common = syntheses.get(Synthesis.COMMON)
    covered = bool(common and common.has_text())
    inputs = list(inputs_for_project(project)) if with_inputs else []
    rows = []
    for key, label in Perspective.choices:
        rows.append(
            PerspectiveRow(
                key=key,
                label=str(label),
                synthesis=syntheses.get(key),
                inputs=[i for i in inputs if key in i.perspectives],
                covered=covered,
            )
        )
    return rows


def common_synthesis_row(project: PromiseProject, *, with_inputs: bool = True) -> PerspectiveRow:
    """The one common synthesis that covers every perspective (the per-perspective texts
    are then optional), beside every input."""
    return PerspectiveRow(
        key=Synthesis.COMMON,
        label=str(_("Every perspective (a common synthesis)")),
        synthesis=Synthesis.objects.filter(project=project, perspective=Synthesis.COMMON).first(),
        inputs=list(inputs_for_project(project)) if with_inputs else [],
    )


def matrix(project: PromiseProject) -> dict:
    """Perspectives × inputs × cited statements/commitments, and the inputs that went nowhere."""
    inputs = list(inputs_for_project(project))
    rows = []
    for key, label in Perspective.choices:
        tagged = [i for i in inputs if key in i.perspectives]
        rows.append(
            {
                "key": key,
                "label": label,
                "inputs": tagged,
                "cited": [i for i in tagged if i.statements.all() or i.commitments.all()],
            }
        )
    nowhere = [i for i in inputs if not i.statements.all() and not i.commitments.all()]
    return {"rows": rows, "inputs": inputs, "nowhere": nowhere}


def trace_links(kind: str, ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """For the promise editor: the inputs behind statements or commitments (one query)."""
    if kind == "statement":
        through = Input.statements.through
        column = "promisestatement_id"
    elif kind == "commitment":
        through = Input.commitments.through
        column = "commitment_id"
    else:
        return {}
    result: dict[int, list[tuple[str, str]]] = {}
    rows = (
        through.objects.filter(**{f"{column}__in": ids})
        .order_by("pk")
        .select_related("input__project__region", "input__stakeholder")
    )
    url = project_object_urls("participation:input_detail", "input")
    for row in rows:
        item = row.input
        text = item.text if len(item.text) <= 120 else item.text[:117] + "…"
        if item.stakeholder:  # its name in the page's language (modeltranslation)
            text = f"{item.stakeholder.name}: {text}"
        link = url(item.project.region.slug, item.project_id, item.pk)
        result.setdefault(getattr(row, column), []).append((text, link))
    return result


# -- rounds ---------------------------------------------------------------------------


def rounds_for_project(project: PromiseProject) -> QuerySet[CommentRound]:
    return CommentRound.objects.filter(project=project).select_related("version__promise")


def versions_for_project(project: PromiseProject) -> QuerySet[PromiseVersion]:
    return PromiseVersion.objects.filter(promise__project=project).select_related("promise")


def project_of_round(round_pk: int) -> PromiseProject | None:
    """The project of a round named by its public number (across regions: the public
    round page's URL has no region); None when there is no such round."""
    round = CommentRound.objects.select_related("project__region").filter(pk=round_pk).first()
    return round.project if round else None


def project_of_statement_link(token: str) -> PromiseProject | None:
    """The project of a statement request's personal link; None for an unknown token."""
    body = (
        RequestedBody.objects.select_related("request__round__project__region")
        .filter(token=token)
        .first()
    )
    return body.request.round.project if body else None


def public_round(pk: int) -> CommentRound:
    return CommentRound.objects.select_related("version__promise", "project__region").get(pk=pk)


def public_comments(round: CommentRound) -> QuerySet[Comment]:
    """Only what the public may see: published comments (never hidden or pending ones)."""
    return (
        Comment.objects.filter(round=round, source=Comment.Source.COMMENT)
        .public()
        .only(
            "pk",
            "text",
            "name",
            "show_name",
            "target",
            "perspective",
            "commitment_title",
            "created_at",
            "language",
        )
        .order_by("-created_at", "-pk")
    )


def comments_to_moderate(round: CommentRound, status: str = "") -> QuerySet[Comment]:
    qs = Comment.objects.filter(round=round, source=Comment.Source.COMMENT)
    if status in Comment.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def unanswered(round: CommentRound) -> QuerySet[Comment]:
    return Comment.objects.filter(round=round, disposition="").exclude(status=Comment.Status.HIDDEN)


def unanswered_count(round: CommentRound) -> int:
    return unanswered(round).count()


def search_filter(queryset: QuerySet[Comment], words: str) -> QuerySet[Comment]:
    """Full-text search with the Finnish and Swedish dictionaries; a substring on SQLite."""
    words = words.strip()
    if not words:
        return queryset
    if not is_postgres():
        return queryset.filter(text__icontains=words)
    return queryset.annotate(
        fts_fi=SearchVector("text", config="finnish"),
        fts_sv=SearchVector("text", config="swedish"),
    ).filter(
        Q(fts_fi=SearchQuery(words, config="finnish", search_type="plain"))
        | Q(fts_sv=SearchQuery(words, config="swedish", search_type="plain"))
        | Q(text__icontains=words)
    )


def comments_for_analysis(*, round: CommentRound, filters: dict) -> QuerySet[Comment]:
    """The analysis list: every comment and statement except the hidden ones by default."""
    qs = Comment.objects.filter(round=round).select_related(
        "body", "answered_by", "insight__theme", "insight__duplicate_of"
    )
    status = filters.get("status") or ""
    if status == "hidden":
        qs = qs.filter(status=Comment.Status.HIDDEN)
    elif status != "all":
        qs = qs.exclude(status=Comment.Status.HIDDEN)
    if filters.get("perspective"):
        qs = qs.filter(perspective=filters["perspective"])
    if filters.get("source"):
        qs = qs.filter(source=filters["source"])
    disposition = filters.get("disposition") or ""
    if disposition == "none":
        qs = qs.filter(disposition="")
    elif disposition:
        qs = qs.filter(disposition=disposition)
    if filters.get("theme"):  # from the themes page
        qs = qs.filter(insight__theme_id=filters["theme"])
    if filters.get("duplicates"):
        qs = qs.filter(insight__duplicate_of_id=filters["duplicates"])
    qs = search_filter(qs, filters.get("q") or "")
    return qs.order_by(*SORTS.get(filters.get("sort") or "newest", SORTS["newest"]))


def overdue_bodies(round: CommentRound) -> QuerySet[RequestedBody]:
    return RequestedBody.objects.filter(
        request__round=round, submitted_at__isnull=True, request__deadline__lte=timezone.now()
    ).select_related("request")


def requests_for_round(round: CommentRound) -> list[StatementRequest]:
    return list(
        StatementRequest.objects.filter(round=round).prefetch_related(
            "questions", Prefetch("bodies", queryset=RequestedBody.objects.order_by("name"))
        )
    )


@dataclass
class RoundSummary:
    round: CommentRound
    total: int
    by_perspective: list[tuple[str, int]]
    by_source: list[tuple[str, int]]
    by_disposition: list[tuple[str, int]]
    unanswered: int
    hidden: int
    responses: list[Comment]


def round_summary(
    round: CommentRound, *, with_responses: bool = True, public: bool = False
) -> RoundSummary:
    """Counts by perspective, source and disposition (hidden comments left out). `public`:
    what may be published, only the public comments (`CommentQuerySet.public`): counts and
    reasoned responses of none waiting for moderation."""
    base = Comment.objects.filter(round=round)
    base = base.public() if public else base.exclude(status=Comment.Status.HIDDEN)
    # .order_by(): grouped by these three alone, never by the model's ordering (which the
    # translated fields' manager sets on every query).
    rows = list(
        base.order_by().values("perspective", "source", "disposition").annotate(n=Count("pk"))
    )
    persp, source, disp = Counter(), Counter(), Counter()
    for row in rows:
        persp[row["perspective"]] += row["n"]
        source[row["source"]] += row["n"]
        disp[row["disposition"]] += row["n"]
    labels = dict(Perspective.choices)
    by_perspective = [(str(labels[k]), persp.get(k, 0)) for k in Perspective.values]
    by_perspective.append((str(Comment.Target.WHOLE.label), persp.get("", 0)))
    by_source = [(str(label), source.get(k, 0)) for k, label in Comment.Source.choices]
    by_disposition = [(str(label), disp.get(k, 0)) for k, label in Disposition.choices]
    responses = []
    if with_responses:
        responses = list(
            base.exclude(disposition="")
            .only(
                "pk",
                "text",
                "source",
                "name",
                "show_name",
                "target",
                "perspective",
                "commitment_title",
                "disposition",
                *(f"reason_{lang}" for lang in LANGS),
                "created_at",
            )
            .order_by("perspective", "created_at", "pk")
        )
    return RoundSummary(
        round=round,
        total=sum(r["n"] for r in rows),
        by_perspective=by_perspective,
        by_source=by_source,
        by_disposition=by_disposition,
        unanswered=disp.get("", 0),
        hidden=Comment.objects.filter(round=round, status=Comment.Status.HIDDEN).count(),
        responses=responses,
    )


# -- feedback -------------------------------------------------------------------------


def public_project(region: Region) -> PromiseProject | None:
    """The project whose promise is in force in the region (the latest in phase 6)."""
    return (
        PromiseProject.objects.filter(region=region, phase=FOLLOW_UP_PHASE)
        .order_by("-term_start", "-created_at")
        .first()
    )


def feedback_project(region: Region, wanted: int | None = None) -> PromiseProject | None:
    """The project public feedback goes to: the one the form named (`wanted`, from a page
    cached while another project was in force) if it is one of the region's projects in
    phase 6, else the project in force; None when the region has none."""
    project = public_project(region)
    if wanted and project and wanted != project.pk:
        project = region.projects.filter(pk=wanted, phase=FOLLOW_UP_PHASE).first() or project
    return project


def feedback_grouped(project: PromiseProject, *, show: str = "open") -> list[dict]:
    """Feedback grouped by perspective, then by month (newest first)."""
    qs = Feedback.objects.filter(project=project)
    if show == "open":
        qs = qs.filter(handled_at__isnull=True)
    elif show == "handled":
        qs = qs.filter(handled_at__isnull=False)
    qs = qs.annotate(
        month=TruncMonth("created_at", tzinfo=timezone.get_current_timezone())
    ).order_by("-month", "-created_at", "-pk")
    items = list(qs.select_related("handled_by"))
    labels = OrderedDict((k, str(v)) for k, v in Perspective.choices)
    groups = []
    for key, label in [*labels.items(), ("", None)]:
        mine = [f for f in items if f.perspective == key]
        if not mine:
            continue
        months: OrderedDict = OrderedDict()
        for f in mine:
            months.setdefault(f.month, []).append(f)
        groups.append(
            {"key": key, "label": label, "months": list(months.items()), "count": len(mine)}
        )
    return groups


def languages() -> list[str]:
    return [code for code, _n in settings.LANGUAGES]
