"""Reads of the promise editor that views, result providers and other apps share.

Every function here uses a constant number of queries whatever the number of
statements, commitments or promises.
"""

from __future__ import annotations

import copy
import functools
import operator
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phases.catalogue_data import FINALISATION_QUESTIONS
from phases.models import PromiseProject, Region
from phases.perspectives import PERSPECTIVE_HINTS, Perspective, Side
from phases.registry import registry
from phases.scoping import region_scope
from phases.translated import pick, pick_field

from .models import (
    Commitment,
    FinalisationAnswer,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    PromiseVersion,
    StrategyGoal,
)
from .snapshot import LANGS

FINALISATION_KEYS = [q["key"] for q in FINALISATION_QUESTIONS]
CROSS_CUTTING = "cross-cutting"
LANGUAGE_NAMES = {
    "fi": gettext_lazy("Finnish"),
    "sv": gettext_lazy("Swedish"),
    "en": gettext_lazy("English"),
}
# Versions that count as a draft sent out (or later).
DRAFT_KINDS = [
    PromiseVersion.Kind.FOR_COMMENTS,
    PromiseVersion.Kind.REVISED,
    PromiseVersion.Kind.FINAL,
    PromiseVersion.Kind.APPROVED,
]


def texts_of(obj, field_name: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field_name}_{lang}", None) or "" for lang in LANGS}


def missing_languages(values: dict[str, str], required: list[str]) -> list[str]:
    """The required languages a text lacks, when it is written in at least one language."""
    if not any((v or "").strip() for v in values.values()):
        return []
    return [lang for lang in required if not (values.get(lang) or "").strip()]


# -- strategy goals ---------------------------------------------------------------------


def strategy_goals(region: Region, *, active_only: bool = False) -> QuerySet[StrategyGoal]:
    qs = StrategyGoal.objects.filter(region=region)
    if active_only:
        qs = qs.filter(active=True)
    return qs.annotate(commitment_count=Count("commitments"))


# -- promises ---------------------------------------------------------------------------


def promises_for_project(project: PromiseProject) -> list[Promise]:
    return list(
        Promise.objects.filter(project=project).annotate(
            statement_count=Count("cells__statements", distinct=True),
            commitment_count=Count("commitments", distinct=True),
            version_count=Count("versions", distinct=True),
        )
    )


def latest_version(promise: Promise) -> PromiseVersion | None:
    return PromiseVersion.objects.filter(promise=promise).order_by("-number").first()


def approved_version(promise: Promise) -> PromiseVersion | None:
    """The version of `promise` a council approved (the latest), if any. Once there is one,
    the promise is read only: its public text is that version (issue 26, item 7). Without
    its content (`snapshot`, the whole promise in every language): every page of the
    promise's editor asks, and reads only its number and name."""
    approved = PromiseVersion.objects.approved().filter(promise=promise).defer("snapshot")
    return approved.order_by("-number").first()


@dataclass(frozen=True)
class RevisionState:
    """What the editor says above every page of a promise: `approved`, the version the
    council approved (the promise is then read only), or `revises`, the approved version
    this draft revises (the public reads that version until a council approves this one)."""

    approved: PromiseVersion | None = None
    revises: PromiseVersion | None = None
    title: str = ""  # the title of the version revised, as it was approved

    @property
    def read_only(self) -> bool:
        return self.approved is not None


def revision_state(promise: Promise) -> RevisionState:
    approved = approved_version(promise)
    if approved is not None:
        return RevisionState(approved=approved)
    if promise.copied_from_id is None:
        return RevisionState()
    # The version revised belongs to an earlier project of the same region.
    with region_scope(promise.project.region_id):
        revises = (
            PromiseVersion.objects.approved()
            .filter(pk=promise.copied_from_id, promise__project__region=promise.project.region_id)
            .first()
        )
    if revises is None:
        return RevisionState()
    languages = promise.project.region.content_languages
    title = pick(revises.snapshot.get("title") or {}, translation.get_language(), languages)
    return RevisionState(revises=revises, title=str(title))


def versions_for_project(project: PromiseProject) -> QuerySet[PromiseVersion]:
    return (
        PromiseVersion.objects.filter(promise__project=project)
        .select_related("promise", "created_by")
        .order_by("promise__order", "promise_id", "-number")
    )


def versions_of(promise: Promise) -> QuerySet[PromiseVersion]:
    return promise.versions.select_related("created_by").order_by("-number")


# -- empty commitments ------------------------------------------------------------------


def with_goal_flag(commitments: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Commitments annotated with whether they have a strategy goal (`has_strategy_goal`),
    for lists that check it without showing the goals (no prefetch of them)."""
    links = Commitment.strategy_goals.through.objects.filter(commitment_id=OuterRef("pk"))
    return commitments.annotate(has_strategy_goal=Exists(links))


def commitment_problems(commitments: list[Commitment]) -> dict[int, list[str]]:
    """{commitment id: [what it lacks]}: no strategy goal, or a failed registered check.

    Expects `strategy_goals` prefetched, or each commitment annotated with
    `has_strategy_goal` (`with_goal_flag`); each registered check is one query for the list.
    """
    ids = [c.pk for c in commitments]
    problems: dict[int, list[str]] = {pk: [] for pk in ids}
    for c in commitments:
        if hasattr(c, "has_strategy_goal"):
            has_goal = c.has_strategy_goal
        else:
            has_goal = bool(c.strategy_goals.all())
        if not has_goal and c.kind != Commitment.Kind.STATUTORY:
            problems[c.pk].append(_("no strategy goal"))
    if ids:
        for check in registry.commitment_checks:
            for pk in check.missing(ids):
                if pk in problems:
                    problems[pk].append(str(check.label))
    return problems


# -- the editor -------------------------------------------------------------------------


@dataclass
class StatementView:
    statement: PromiseStatement
    text: dict[str, str]
    missing: list[str]
    traces: list


@dataclass
class CommitmentView:
    commitment: Commitment
    title: dict[str, str]
    description: dict[str, str]
    missing: list[str]
    problems: list[str]
    traces: list


@dataclass
class CellView:
    cell: PerspectiveCell
    goal: dict[str, str]
    goal_missing: list[str]
    statements: list[StatementView] = field(default_factory=list)


@dataclass
class PerspectiveView:
    key: str
    label: str
    hint: str
    cells: list[CellView]
    commitments: list[CommitmentView] = field(default_factory=list)


@dataclass
class EditorData:
    promise: Promise
    perspectives: list[PerspectiveView]
    missing_count: int
    empty_commitments: int
    trace_labels: list[str]
    required_languages: list[str]
    # How many texts beyond the title are written (vision, goals, statements, commitments)
    # and how many commitments there are: a badge is green only when there is content.
    content_count: int = 0
    commitment_count: int = 0


def _prefetched_promise(promise: Promise, perspective: str | None = None) -> Promise:
    """A copy of `promise` (its fields as the caller read them, in this request) with its
    cells, statements and commitments read now; the promise row is read again only when
    the caller's instance lacks its project and region."""
    cells = PerspectiveCell.objects.prefetch_related(
        Prefetch("statements", queryset=PromiseStatement.objects.order_by("order", "pk"))
    )
    commitments = Commitment.objects.order_by("order", "pk").prefetch_related("strategy_goals")
    if perspective is not None:
        # The cross-cutting page: no cells, the commitments under no perspective.
        key = "" if perspective == CROSS_CUTTING else perspective
        cells = cells.filter(perspective=key)
        commitments = commitments.filter(perspective=key)
    lookups = (Prefetch("cells", queryset=cells), Prefetch("commitments", commitments))
    loaded = Promise.project.is_cached(promise) and PromiseProject.region.is_cached(promise.project)
    if not loaded:
        return (
            Promise.objects.select_related("project__region")
            .prefetch_related(*lookups)
            .get(pk=promise.pk)
        )
    fresh = copy.copy(promise)  # never fill (or reuse) the caller's prefetch cache
    fresh.__dict__.pop("_prefetched_objects_cache", None)
    prefetch_related_objects([fresh], *lookups)
    return fresh


def _traces(kind: str, ids: list[int]) -> dict[int, list[tuple[str, list]]]:
    result: dict[int, list[tuple[str, list]]] = {}
    if not ids:
        return result
    for source in registry.trace_sources:
        for pk, links in source.links(kind, ids).items():
            if links:
                result.setdefault(pk, []).append((str(source.label), links))
    return result


def editor_data(
    promise: Promise, perspective: str | None = None, *, with_traces: bool = True
) -> EditorData:
    """The editor's content with its translation and commitment checks; only one
    perspective's cells and commitments when `perspective` is given (its page of the
    editor; the counts are then that perspective's, the vision's included). Without
    `with_traces` the inputs behind statements and commitments are not read (pages that
    show only counts). The promise's own fields are taken from `promise` as given (the
    views read it at the start of the same request, before any write)."""
    promise = _prefetched_promise(promise, perspective)
    required = promise.project.region.content_languages
    cells = {(c.perspective, c.side): c for c in promise.cells.all()}
    commitments = list(promise.commitments.all())
    statement_ids = [s.pk for c in cells.values() for s in c.statements.all()]
    statement_traces = _traces("statement", statement_ids) if with_traces else {}
    commitment_traces = _traces("commitment", [c.pk for c in commitments]) if with_traces else {}
    problems = commitment_problems(commitments)
    missing_count = len(missing_languages(texts_of(promise, "title"), required)) + len(
        missing_languages(texts_of(promise, "vision"), required)
    )
    content_count = _written(texts_of(promise, "vision")) + len(commitments)
    perspectives = []
    for key, label in Perspective.choices:
        if perspective is not None and key != perspective:
            continue
        views = []
        for side in Side.values:
            cell = cells.get((key, side))
            if cell is None:
                continue
            goal = texts_of(cell, "goal")
            goal_missing = missing_languages(goal, required)
            missing_count += len(goal_missing)
            content_count += _written(goal) + len(cell.statements.all())
            view = CellView(cell, goal, goal_missing)
            for s in cell.statements.all():
                t = texts_of(s, "text")
                m = missing_languages(t, required)
                missing_count += len(m)
                view.statements.append(StatementView(s, t, m, statement_traces.get(s.pk, [])))
            views.append(view)
        pv = PerspectiveView(key, str(label), str(PERSPECTIVE_HINTS.get(key, "")), views)
        for c in commitments:
            if c.perspective != key:
                continue
            title, description = texts_of(c, "title"), texts_of(c, "description")
            m = sorted(
                set(missing_languages(title, required))
                | set(missing_languages(description, required))
            )
            missing_count += len(m)
            pv.commitments.append(
                CommitmentView(
                    c,
                    title,
                    description,
                    m,
                    problems.get(c.pk, []),
                    commitment_traces.get(c.pk, []),
                )
            )
        perspectives.append(pv)
    # Cross-cutting commitments (no perspective) have a group of their own, without cells.
    cross = PerspectiveView(
        CROSS_CUTTING,
        str(_("Cross-cutting")),
        str(_("Commitments under no single perspective.")),
        [],
    )
    for c in commitments:
        if c.perspective:
            continue
        title, description = texts_of(c, "title"), texts_of(c, "description")
        m = sorted(
            set(missing_languages(title, required)) | set(missing_languages(description, required))
        )
        missing_count += len(m)
        cross.commitments.append(
            CommitmentView(
                c, title, description, m, problems.get(c.pk, []), commitment_traces.get(c.pk, [])
            )
        )
    perspectives.append(cross)
    return EditorData(
        promise=promise,
        perspectives=perspectives,
        missing_count=missing_count,
        empty_commitments=sum(1 for p in problems.values() if p),
        trace_labels=[str(s.label) for s in registry.trace_sources],
        required_languages=required,
        content_count=content_count,
        commitment_count=len(commitments),
    )


def _written(values: dict[str, str]) -> int:
    return 1 if any((v or "").strip() for v in values.values()) else 0


# -- readiness of a project (result providers, dashboard panel) -------------------------


@dataclass
class PromiseReadiness:
    promise: Promise
    has_draft: bool
    latest_kind: str | None
    unanswered: int
    empty_commitments: list[tuple[Commitment, list[str]]]
    missing_translations: int
    commitment_count: int = 0
    # Commitments whose indicator is still to be set (a document, a date, a reason):
    # they do not block, but stay visible until the indicator is set.
    pending_indicators: list[Commitment] = field(default_factory=list)

    @property
    def finalised(self) -> bool:
        return self.unanswered == 0 and not self.empty_commitments


def project_readiness(project: PromiseProject) -> list[PromiseReadiness]:
    """Per promise: draft version sent, finalisation questions, empty commitments, missing
    translations. A constant number of queries for any size of project."""
    required = project.region.content_languages
    promises = list(
        Promise.objects.filter(project=project)
        .annotate(
            draft_versions=Count("versions", filter=Q(versions__kind__in=DRAFT_KINDS)),
            latest_kind=Subquery(
                PromiseVersion.objects.filter(promise=OuterRef("pk"))
                .order_by("-number")
                .values("kind")[:1]
            ),
        )
        .prefetch_related(
            # A list, not a queryset: the readiness is cached (picklable, phases.content).
            Prefetch(
                "commitments",
                queryset=with_goal_flag(Commitment.objects.order_by("perspective", "order", "pk")),
                to_attr="commitment_list",
            ),
            Prefetch("cells", queryset=PerspectiveCell.objects.all()),
            Prefetch("finalisation", queryset=FinalisationAnswer.objects.all()),
        )
    )
    # Statements can be hundreds per promise: count the untranslated ones in the database.
    missing_statements: dict[int, int] = {}

    def empty(lang: str) -> Q:
        return Q(**{f"text_{lang}": ""}) | Q(**{f"text_{lang}__isnull": True})

    written_somewhere = ~functools.reduce(operator.and_, [empty(lang) for lang in LANGS])
    if required:  # one query: a count per required language, summed per promise
        rows = (
            PromiseStatement.objects.filter(cell__promise__project=project)
            .filter(written_somewhere)
            .order_by()  # the model's ordering would group by each statement
            .values("cell__promise_id")
            .annotate(**{f"n_{lang}": Count("id", filter=empty(lang)) for lang in required})
        )
        for row in rows:
            key = row["cell__promise_id"]
            missing_statements[key] = missing_statements.get(key, 0) + sum(
                row[f"n_{lang}"] for lang in required
            )
    all_commitments = [c for p in promises for c in p.commitment_list]
    problems = commitment_problems(all_commitments)
    result = []
    for p in promises:
        answers = {a.question: a.answer for a in p.finalisation.all()}
        unanswered = sum(1 for key in FINALISATION_KEYS if not answers.get(key))
        missing = len(missing_languages(texts_of(p, "title"), required)) + len(
            missing_languages(texts_of(p, "vision"), required)
        )
        for cell in p.cells.all():
            missing += len(missing_languages(texts_of(cell, "goal"), required))
        missing += missing_statements.get(p.pk, 0)
        for c in p.commitment_list:
            missing += len(missing_languages(texts_of(c, "title"), required))
        result.append(
            PromiseReadiness(
                promise=p,
                has_draft=p.draft_versions > 0,
                latest_kind=p.latest_kind,
                unanswered=unanswered,
                empty_commitments=[
                    (c, problems[c.pk]) for c in p.commitment_list if problems.get(c.pk)
                ],
                missing_translations=missing,
                commitment_count=len(p.commitment_list),
                pending_indicators=[c for c in p.commitment_list if c.indicator_pending],
            )
        )
    return result


# -- history ----------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    when: object
    user: object
    what: str
    action: str
    changed: list[str]
    reason: str
    # Links added or removed ("strategy goal added: RS 2 Goal"), in the reader's language.
    links: list[str] = field(default_factory=list)

    @property
    def details(self) -> list[str]:
        return [*self.changed, *self.links]


def _same(before, after) -> bool:
    """Equal values; an empty text and no text at all are the same (a form that sends an
    empty translation over a column that held none changed nothing a reader can see)."""
    if before in (None, "") and after in (None, ""):
        return True
    return before == after


def _changes(records, fields: list[str], links=None) -> list[tuple[object, list[str], list]]:
    """[(record, changed field names, link changes)] comparing each record with the previous
    of its row. `links(record)` gives {kind: set of linked keys} of a record; a link change
    is (kind, "added" | "removed", key)."""
    previous: dict[int, object] = {}
    out = []
    for r in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(r.id)
        changed, linked = [], []
        if before is not None and r.history_type == "~":
            changed = [f for f in fields if not _same(getattr(before, f), getattr(r, f))]
            if links is not None:
                old, new = links(before), links(r)
                for kind in new:
                    linked += [(kind, "added", key) for key in new[kind] - old[kind]]
                    linked += [(kind, "removed", key) for key in old[kind] - new[kind]]
        previous[r.id] = r
        out.append((r, changed, linked))
    return out


def _record_perspectives(record) -> set[str]:
    first = {record.perspective} if record.perspective else set()
    return first | {p for p in (record.other_perspectives or []) if p}


def _goal_names(ids) -> dict[int, str]:
    """Each goal's code and title in the reader's language (falling back as elsewhere)."""
    language = translation.get_language() or "fi"
    names = {}
    for goal in StrategyGoal.objects.filter(pk__in=ids):
        title = pick_field(goal, "title", language)
        names[goal.pk] = f"{goal.code} {title}".strip()
    return names


def _link_labels(linked, goal_names: dict[int, str]) -> list[str]:
    perspective_names = dict(Perspective.choices)
    labels = []
    for kind, change, key in sorted(linked, key=lambda c: (c[0], c[1] != "added", str(c[2]))):
        if kind == "goal":
            name = goal_names.get(key) or _("a goal since deleted")
            text = (
                _("strategy goal added: %(goal)s")
                if change == "added"
                else _("strategy goal removed: %(goal)s")
            )
            labels.append(text % {"goal": name})
        else:
            name = str(perspective_names.get(key, key))
            text = (
                _("perspective added: %(perspective)s")
                if change == "added"
                else _("perspective removed: %(perspective)s")
            )
            labels.append(text % {"perspective": name})
    return labels


def _label_fields(names) -> list[str]:
    """The changed fields' labels, with the language of a translated column."""
    labels = []
    for name in names:
        base, lang = name, ""
        for suffix in (f"_{code}" for code in LANGS):
            if name.endswith(suffix):
                base, lang = name[: -len(suffix)], suffix[1:]
        text = FIELD_LABELS.get(base, base)
        labels.append(f"{text} ({lang})" if lang else str(text))
    return labels


def _history_found(sources, limit: int) -> list[tuple]:
    """(record, describe, changed fields, linked) of every change of the sources: one
    record, one save (a commitment's save writes its goal links into its own record, see
    services._save_with_goals), so one entry each."""
    found = []
    for qs, fields, describe, links in sources:
        if not isinstance(qs, list):
            qs = list(qs.select_related("history_user").order_by("-history_date")[: limit * 4])
        for record, changed, linked in _changes(qs, fields, links):
            if record.history_type == "~" and not changed and not linked:
                continue
            found.append((record, describe, list(changed), list(linked)))
    return found


def promise_history(promise: Promise, *, limit: int = 300) -> list[HistoryEntry]:
    """Who changed what and when, newest first, in the reader's language: the texts that
    changed (by field and language) and the goals and perspectives linked or unlinked (by
    name), never a link change shown as a text change."""
    language = translation.get_language() or "fi"
    cell_ids = list(promise.cells.values_list("pk", flat=True))
    cell_labels = {
        c.pk: f"{c.get_perspective_display()} / {c.get_side_display()}" for c in promise.cells.all()
    }
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}

    commitment_records = list(
        Commitment.history.filter(promise_id=promise.pk)
        .select_related("history_user")
        .order_by("-history_date")[: limit * 4]
    )
    goals_of: dict[int, set[int]] = {r.history_id: set() for r in commitment_records}
    goal_links = Commitment.history.model.strategy_goals.model.objects.filter(
        history_id__in=list(goals_of)
    ).values_list("history_id", "strategygoal_id")
    for history_id, goal_id in goal_links:
        goals_of[history_id].add(goal_id)

    def commitment_links(record):
        return {
            "goal": goals_of.get(record.history_id, set()),
            "perspective": _record_perspectives(record),
        }

    def translated(*names):
        return [f"{name}_{lang}" for name in names for lang in LANGS]

    sources = [
        (
            Promise.history.filter(id=promise.pk),
            translated("title", "vision", "slogan", "outcomes"),
            lambda r: _("Promise"),
            None,
        ),
        (
            PerspectiveCell.history.filter(promise_id=promise.pk),
            translated("goal"),
            lambda r: _("Goal: %(cell)s") % {"cell": cell_labels.get(r.id, "")},
            None,
        ),
        (
            PromiseStatement.history.filter(cell_id__in=cell_ids),
            [*translated("text"), "order"],
            lambda r: (
                _("Statement in %(cell)s: %(text)s")
                % {
                    "cell": cell_labels.get(r.cell_id, ""),
                    "text": _short(pick_field(r, "text", language)),
                }
            ),
            None,
        ),
        (
            commitment_records,
            [
                *translated(
                    "title",
                    "description",
                    "responsible",
                    "legal_reference",
                    "indicator_pending_document",
                    "indicator_pending_reason",
                ),
                "side",
                "kind",
                "indicator_pending_by",
            ],
            lambda r: (
                _("Commitment: %(text)s") % {"text": _short(pick_field(r, "title", language))}
            ),
            commitment_links,
        ),
    ]
    found = _history_found(sources, limit)
    goal_names = _goal_names(
        {key for *_, linked in found for kind, _c, key in linked if kind == "goal"}
    )
    entries = [
        HistoryEntry(
            when=record.history_date,
            user=record.history_user,
            what=describe(record),
            action=actions.get(record.history_type, record.history_type),
            changed=_label_fields(changed),
            reason=record.history_change_reason or "",
            links=_link_labels(linked, goal_names),
        )
        for record, describe, changed, linked in found
    ]
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]


FIELD_LABELS = {
    "title": gettext_lazy("title"),
    "vision": gettext_lazy("vision"),
    "slogan": gettext_lazy("slogan"),
    "outcomes": gettext_lazy("intended outcomes"),
    "goal": gettext_lazy("goal summary"),
    "text": gettext_lazy("text"),
    "order": gettext_lazy("order"),
    "description": gettext_lazy("description"),
    "responsible": gettext_lazy("responsible unit"),
    "legal_reference": gettext_lazy("legal reference"),
    "indicator_pending_document": gettext_lazy("indicator to be set in"),
    "indicator_pending_reason": gettext_lazy("why the indicator is not set yet"),
    "indicator_pending_by": gettext_lazy("indicator to be set by"),
    "side": gettext_lazy("side"),
    "kind": gettext_lazy("kind"),
}


def _short(text: str | None, length: int = 60) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[: length - 1] + "…"


def goal_kinds(region: Region) -> list[tuple[str, str]]:
    """The sources of strategy goals as this region calls them: a city's own strategy is its
    city strategy, a county's its wellbeing services county strategy."""
    own = capfirst(region.terms.strategy)
    return [
        (kind, own if kind == StrategyGoal.Kind.REGIONAL_STRATEGY else label)
        for kind, label in StrategyGoal.Kind.choices
    ]
