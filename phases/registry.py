"""The one small registry through which the other apps add to the process.

`phases` imports none of the other apps. Each app registers, in its AppConfig.ready():

- result providers: the rule that decides a required result of the catalogue whose
  `provided_by` names it ("participation.synthesis": a synthesis for all five
  perspectives). The FSM condition and the dashboard's "what still blocks advancing"
  both read them, so a rule is written once;
- requirements: further rules for a phase that are not a catalogue result;
- dashboard panels and project navigation links;
- timeline sources (dated items for the project's timeline and the calendar feed) and
  notification kinds (the switches of the user's settings and the digest's texts);
- document sections for the decision document (PDF) and the public promise page;
- project parts: what each app writes into a new project, in an explicit order (the copy
  of the previous cycle's promise, the stakeholder list, the copied indicators); a part
  with a `field` is offered on the creation form as a choice.
- follow-up report parts: what each app adds to the yearly follow-up report of the
  promise in force (built once into the frozen report, rendered from that data).
"""

from __future__ import annotations

import hashlib
import threading
from bisect import bisect_right
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Step:
    """One thing to do before a phase can be left, for the dashboard's "what next" list.

    `url` leads to the page and field (an anchor, "#id_text") that does it; `order` places
    it in the order the work is done (lower first); `key` identifies it so two rules that
    name the same work show it once. A step is a blocker while it is not `done`.
    """

    message: str
    url: str | None = None
    order: int = 500
    key: str = ""
    done: bool = False
    children: tuple[Step, ...] = ()  # the parts of a summary step ("3 tasks are open")

    def __str__(self):
        return str(self.message)


@dataclass(frozen=True)
class ResultStatus:
    done: bool
    summary: str = ""  # one line for the dashboard: "3 of 5 perspectives have a synthesis"
    url: str | None = None  # where the work is done
    # What is missing, in the user's language: plain messages or Steps (with a link).
    blockers: tuple = ()
    # Every step of the result, done or not, known up front (optional): the "what next"
    # list shows them all; `blockers` is derived from it when empty.
    steps: tuple[Step, ...] = ()

    def __post_init__(self):
        if self.steps and not self.blockers:
            object.__setattr__(self, "blockers", tuple(s for s in self.steps if not s.done))


@dataclass(frozen=True)
class Requirement:
    key: str
    phase: int
    # project -> what is missing (messages or Steps; done Steps are not missing); [] when met
    check: Callable[[Any], list]


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    template: str
    context: Callable[[Any, Any], dict]  # (request, project) -> template context
    phases: frozenset[int] | None = None  # shown in these phases; None: always
    order: int = 100
    # The panel reads the project's content and the clock only (never the request or the
    # user): its HTML is kept with them (`{% kept %}`) and its context computed only then.
    kept: bool = False


@dataclass(frozen=True)
class ProjectLink:
    key: str
    label: Any  # lazy translated string
    url_name: str  # reversed with region and project kwargs; shown to those its view lets in
    order: int = 100


@dataclass(frozen=True)
class RegionLink:
    key: str
    label: Any
    url_name: str  # reversed with the region kwarg; shown to those its view lets in
    order: int = 100


# The targets of a section shown on the public page only (not in the decision PDF).
PUBLIC_ONLY = frozenset({"public"})


@dataclass(frozen=True)
class DocumentSection:
    key: str
    template: str
    context: Callable[..., dict]  # (project, *, language, public) -> context
    targets: frozenset[str] = field(default_factory=lambda: frozenset({"pdf", "public"}))
    order: int = 100
    # A compact print variant for the decision PDF (same context); None: `template`.
    pdf_template: str | None = None


@dataclass(frozen=True)
class CommitmentCheck:
    """A rule every commitment should meet, added by an app that knows about it.

    `missing(commitment_ids) -> set of ids` returns the commitments that lack it, in one
    query for the whole list (e.g. indicators: "has at least one indicator").
    """

    key: str
    label: Any  # lazy translated, e.g. "no indicator"
    missing: Callable[[list[int]], set[int]]


@dataclass(frozen=True)
class TraceSource:
    """Where promise content came from or is measured by (participation inputs, indicators).

    `links(kind, ids) -> {id: [(text, url), ...]}` for kind "statement" or "commitment",
    one query for the whole list.
    """

    key: str
    label: Any  # lazy translated heading, e.g. "Inputs behind this"
    links: Callable[[str, list[int]], dict[int, list[tuple[str, str]]]]
    in_documents: bool = False  # also listed under each commitment in the decision document


@dataclass(frozen=True)
class MissingTranslation:
    """A text written in some of the region's languages but not in all of them."""

    label: str  # what and which, in the current language: "Commitment “Snabb service”"
    languages: tuple[str, ...]  # the region's languages it lacks
    url: str | None = None  # the form that edits it, at the missing language's input
    key: str = ""  # stable, e.g. "promises.commitment.12.title"


@dataclass(frozen=True)
class TranslationSource:
    """An app's untranslated texts of a project: drafts may be written in any one of the
    region's languages; the gates that need every language list these (phases.requirements)."""

    key: str
    missing: Callable[[Any], list[MissingTranslation]]  # project -> its untranslated texts


@dataclass(frozen=True)
class FollowUpPart:
    """An app's part of the yearly follow-up report (e.g. the indicators against their
    targets, residents' feedback by perspective).

    `build(project, year, commitments) -> dict` returns the part's data as plain JSON with
    every language's texts (`commitments`: the commitment entries of the promise in force,
    as in its frozen snapshot); the report freezes it. `render(data, *, language,
    for_pdf) -> str` turns that frozen data into HTML in `language`, never reading live
    data, so a published report does not change afterwards."""

    key: str
    build: Callable[[Any, int, list[dict]], dict]
    render: Callable[..., str]
    order: int = 100


@dataclass(frozen=True)
class DemoStep:
    key: str
    # (project, phase, users) -> None: fill what `phase` needs before the demo advances it.
    # `users` maps role values to the demo users. Must be idempotent.
    prepare: Callable[[Any, int, dict], None]
    order: int = 100


@dataclass(frozen=True)
class DatedItem:
    """A dated thing of a project for its timeline and the calendar feed: a task's due
    date, a round's closing day, a statement deadline, the council meeting, ..."""

    date: Any  # datetime.date
    kind: str  # e.g. "task", "round_close", "statement_deadline", "council_meeting"
    label: str  # in the current language
    uid: str  # stable and unique (the iCalendar UID's local part)
    url: str | None = None
    done: bool = False
    late: bool = False  # its date has passed and it is not done
    # Whose personal calendar shows it: these users only (e.g. a task's assignee); None:
    # everybody who may see the project.
    user_ids: frozenset[int] | None = None

    @property
    def status(self) -> tuple[str, str] | None:
        """(CSS modifier, label) of the item's status mark, or None (chosen here, not in
        the template)."""
        from django.utils.translation import gettext

        if self.late:
            return "missing", gettext("Late")
        if self.done:
            return "ok", gettext("Done")
        return None


@dataclass(frozen=True)
class ClockSource:
    """The instants at which something an app computes from a project's content changes
    with the time of day: a comment round opens or closes at its hour, a statement deadline
    passes. `instants(project)` -> aware datetimes, from the content alone. What changes
    only with the date (a due date passed) needs none: the values kept with the clock
    (`Registry.cached(..., clock=True)`) are keyed by today's date and by how many of
    these instants have passed."""

    key: str
    instants: Callable[[Any], list]


@dataclass(frozen=True)
class TimelineSource:
    key: str
    items: Callable[[Any], list[DatedItem]]  # project -> its dated items


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notification a user can switch off on their settings page; `events`
    renders each event of the kind: {event: (params -> one line in the active language)}."""

    key: str
    label: Any  # lazy translated, e.g. "A statement arrived"
    events: dict[str, Callable[[dict], str]]
    order: int = 100


@dataclass(frozen=True)
class ProjectPart:
    """What an app writes into a new project, inside the transaction that creates it (so
    it exists with the project or not at all; an effect outside the database is deferred
    with transaction.on_commit).

    `create(project, previous_project, by)` runs in `order` (lower first: the promise is
    copied before the indicators link to its commitments). A part with a `field` is a part
    of the previous cycle to copy: the creation form offers a check box named `field`
    labelled `label`, and the part runs only when it is ticked and a previous project is
    chosen. A part without one runs for every new project."""

    key: str
    create: Callable[[Any, Any, Any], None]
    order: int = 100
    field: str = ""
    label: Any = ""


@dataclass(frozen=True)
class ResultProvider:
    """The rule that decides a required result of the catalogue whose `provided_by` is
    `key`. `content`: the status follows from the project's content alone (its rows and
    fields, never today's date), so it is kept under the project's content version."""

    key: str
    status: Callable[[Any], ResultStatus]
    content: bool = False


class Registry:
    def __init__(self):
        self.timeline_sources: list[TimelineSource] = []
        self.clock_sources: list[ClockSource] = []
        self.notification_kinds: list[NotificationKind] = []
        self.result_providers: dict[str, Callable[[Any], ResultStatus]] = {}
        # The providers that read the project's content only (no clock): cached under the
        # project's content version (`memo(project)`).
        self.content_results: set[str] = set()
        self.requirements: list[Requirement] = []
        self.panels: list[DashboardPanel] = []
        self.links: list[ProjectLink] = []
        self.region_links: list[RegionLink] = []
        self.sections: list[DocumentSection] = []
        self.demo_steps: list[DemoStep] = []
        self.commitment_checks: list[CommitmentCheck] = []
        self.trace_sources: list[TraceSource] = []
        self.translation_sources: list[TranslationSource] = []
        self.project_parts: list[ProjectPart] = []
        self.follow_up_parts: list[FollowUpPart] = []

    # -- registration -------------------------------------------------------------
    def register(self, *declarations) -> None:
        """Add each declaration to its place: the one way an app registers. An app lists
        its parts as data (`ProjectLink(...)`, `DashboardPanel(...)`, `ResultProvider(...)`,
        ...) and hands them over in one call from its registrations module; a declaration
        with the key of an earlier one replaces it, and the lists with an `order` stay in
        that order."""
        for declaration in declarations:
            if isinstance(declaration, ResultProvider):
                self.result_providers[declaration.key] = declaration.status
                kept = (
                    self.content_results.add
                    if declaration.content
                    else self.content_results.discard
                )
                kept(declaration.key)
                continue
            try:
                attribute = self._PLACES[type(declaration)]
            except KeyError:
                raise TypeError(f"not a registry declaration: {declaration!r}") from None
            items = getattr(self, attribute)
            self._replace(items, declaration)
            if hasattr(declaration, "order"):
                items.sort(key=lambda item: item.order)

    # Where each kind of declaration is kept (`register`).
    _PLACES: dict[type, str] = {}

    def follow_up_part(self, key: str) -> FollowUpPart | None:
        return next((p for p in self.follow_up_parts if p.key == key), None)

    def missing_translations(self, project) -> list[MissingTranslation]:
        """Every text of the project lacking one of the region's languages, source by source."""
        return self.cached(
            ("missing_translations", project.pk),
            lambda: [m for source in self.translation_sources for m in source.missing(project)],
            content=True,
        )

    def notification_kind(self, key: str) -> NotificationKind | None:
        return next((k for k in self.notification_kinds if k.key == key), None)

    def dated_items(self, project) -> list[DatedItem]:
        """Every dated item of the project, from every registered source, by date."""

        def collect():
            items = [i for source in self.timeline_sources for i in source.items(project)]
            return sorted(items, key=lambda i: (i.date, i.kind, i.uid))

        return self.cached(("dated_items", project.pk), collect, clock=True)

    def copy_parts(self) -> list[ProjectPart]:
        """The parts of a previous cycle a new project may copy, in their order."""
        return [part for part in self.project_parts if part.field]

    def create_project_parts(self, project, *, previous_project, chosen, by) -> None:
        """Write every app's parts of a new project, in order; `chosen`: the `field`s of
        the copy parts the creator ticked."""
        for part in self.project_parts:
            if part.field and (previous_project is None or part.field not in chosen):
                continue
            part.create(project, previous_project, by)

    @staticmethod
    def _replace(items: list, item) -> None:
        items[:] = [existing for existing in items if existing.key != item.key]
        items.append(item)

    # -- per-request memo, and what is kept under the content version ----------------
    _local = threading.local()

    @contextmanager
    def memo(self, project=None):
        """Within this block, result providers and `cached` reads run once per project.

        A page that shows the blockers, the results and the panels wraps its reads in
        it, so a rule read by several of them costs its queries once. Given the
        `project`, the reads marked `content` (computed from the project's content alone)
        are also kept across requests under the project's content version
        (`phases.content`), one cache entry per project, version and language: read once
        at the start, written once when something was computed. The reads marked `clock`
        (the content compared with today's date or the time: late items, an open round,
        the "what next" steps) are kept in the same entry under the moment too
        (`moment`): today's date and how many of the project's clock instants have
        passed, a comparison made on every request.
        """
        outer = getattr(self._local, "memo", None)
        if outer is not None:
            yield
            return
        memo: dict = {}
        kept: dict = {}
        store = key = None
        if project is not None:
            store, key = content_cache(), content_key(project)
            kept = store.get(key) or {}
            memo.update(kept)
        self._local.memo = memo
        self._local.content = set(kept)
        self._local.project = project
        self._local.moment = None
        try:
            yield
            fresh = {k: memo[k] for k in self._local.content if k not in kept and k in memo}
            if store is not None and fresh:
                moment = self._local.moment
                entry = {
                    k: v
                    for k, v in {**kept, **fresh}.items()
                    if not (isinstance(k, tuple) and k[0] == _CLOCK and k[1] != moment)
                }
                store.set(key, entry, CONTENT_CACHE_SECONDS)
        finally:
            self._local.memo = None
            self._local.content = set()
            self._local.project = None
            self._local.moment = None

    def moment(self) -> str | None:
        """Where the clock stands for the `memo` block's project: today's date and how many
        of its clock instants (`ClockSource`) have passed; None outside a project's block.
        Read once per block: every value kept with the clock in it is of the same moment."""
        project = getattr(self._local, "project", None)
        if project is None:
            return None
        if self._local.moment is None:
            from django.utils import timezone

            instants = self.cached(
                ("clock_instants", project.pk),
                lambda: sorted(i for s in self.clock_sources for i in s.instants(project)),
                content=True,
            )
            now = timezone.now()
            self._local.moment = f"{timezone.localdate(now)}:{bisect_right(instants, now)}"
        return self._local.moment

    def cached(self, key, compute: Callable[[], Any], *, content: bool = False, clock=False):
        """`compute()` once per `memo` block; `content`: its value follows from the
        project's content alone and may be kept under the content version; `clock`: from
        the content and the clock (today's date, the project's `ClockSource` instants),
        kept under the version and the `moment`."""
        memo = getattr(self._local, "memo", None)
        if memo is None:
            return compute()
        if clock:
            moment = self.moment()
            if moment is not None:
                key, content = (_CLOCK, moment, key), True
        if key not in memo:
            memo[key] = compute()
        if content:
            self._local.content.add(key)
        return memo[key]

    # -- reading ------------------------------------------------------------------
    def result_status(self, project, provided_by: str) -> ResultStatus | None:
        provider = self.result_providers.get(provided_by)
        if provider is None:
            return None
        content = provided_by in self.content_results
        return self.cached(
            ("result", provided_by, project.pk),
            lambda: provider(project),
            content=content,
            clock=not content,  # a provider reads the project's content and the clock only
        )

    def blockers(self, project, phase: int) -> list[str]:
        """Everything that keeps `project` from leaving `phase`, as readable messages."""
        return [s.message for s in self.next_steps(project, phase) if not s.done]

    def next_steps(self, project, phase: int, *, include_done: bool = False) -> list[Step]:
        """The "what next" list of `phase`: every step of every rule, computed at once,
        without duplicates (same key, or same message), in the order the work is done."""
        key = ("next_steps", project.pk, phase)
        steps = self.cached(key, lambda: self._collect_steps(project, phase), clock=True)
        return steps if include_done else [s for s in steps if not s.done]

    def _collect_steps(self, project, phase: int) -> list[Step]:
        seen: set[str] = set()
        steps: list[Step] = []
        index = 0
        for requirement in self.requirements:
            if requirement.phase != phase:
                continue
            for item in requirement.check(project):
                step = item if isinstance(item, Step) else Step(message=str(item))
                ident = step.key or str(step.message)
                if ident in seen:
                    continue
                seen.add(ident)
                steps.append((step.order, index, step))
                index += 1
        return [s for _order, _index, s in sorted(steps, key=lambda t: (t[0], t[1]))]

    def panels_for(self, phase: int) -> list[DashboardPanel]:
        return [p for p in self.panels if p.phases is None or phase in p.phases]

    def sections_for(self, target: str) -> list[DocumentSection]:
        return [s for s in self.sections if target in s.targets]


# How long a content entry is kept (a raised version leaves the old entry unread until then).
CONTENT_CACHE_SECONDS = 24 * 3600


def content_cache():
    from django.core.cache import caches

    return caches["content"]


def content_key(project) -> str:
    """The project, its content version, the region's languages (a region setting the
    missing translations are counted against) and the language of the texts."""
    from django.utils.translation import get_language

    languages = ",".join(project.region.content_languages)
    return f"content:{project.pk}:{project.content_version}:{languages}:{get_language()}"


_MISSING = object()
# The first part of the memo's key of a value kept with the clock: (_CLOCK, moment, key).
_CLOCK = "clock"


def kept(project, name: str, compute: Callable[[], Any]):
    """`compute()` kept per process under the project's content version (`content_key`):
    what a page computes from the project's content alone, e.g. the promise editor's
    data, read again only after a write raised the version. `name` tells the pages'
    values apart (the promise, the perspective)."""
    store = content_cache()
    if len(name) > 80 or not (name.isascii() and name.isprintable()) or " " in name:
        # A name made of a request's query: a digest, a key any cache takes.
        name = "sha:" + hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    key = f"{content_key(project)}:{name}"
    value = store.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        store.set(key, value, CONTENT_CACHE_SECONDS)
    return value


Registry._PLACES = {
    Requirement: "requirements",
    DashboardPanel: "panels",
    ProjectLink: "links",
    RegionLink: "region_links",
    DocumentSection: "sections",
    DemoStep: "demo_steps",
    CommitmentCheck: "commitment_checks",
    TraceSource: "trace_sources",
    TranslationSource: "translation_sources",
    TimelineSource: "timeline_sources",
    ClockSource: "clock_sources",
    NotificationKind: "notification_kinds",
    ProjectPart: "project_parts",
    FollowUpPart: "follow_up_parts",
}

registry = Registry()
