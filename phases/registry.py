"""The one small registry through which the other apps add to the process.

`phases` imports none of the other apps. Each app registers, in its AppConfig.ready():

- result providers: the rule that decides a required result of the catalogue whose
  `provided_by` names it ("participation.synthesis": a synthesis for all five
  perspectives). The FSM condition and the dashboard's "what still blocks advancing"
  both read them, so a rule is written once;
- requirements: further rules for a phase that are not a catalogue result;
- dashboard panels and project navigation links;
- document sections for the decision document (PDF) and the public promise page.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ResultStatus:
    done: bool
    summary: str = ""  # one line for the dashboard: "3 of 5 perspectives have a synthesis"
    url: str | None = None  # where the work is done
    blockers: tuple[str, ...] = ()  # what is missing, in the user's language


@dataclass(frozen=True)
class Requirement:
    key: str
    phase: int
    check: Callable[[Any], list[str]]  # project -> messages of what is missing; [] when met


@dataclass(frozen=True)
class DashboardPanel:
    key: str
    template: str
    context: Callable[[Any, Any], dict]  # (request, project) -> template context
    phases: frozenset[int] | None = None  # shown in these phases; None: always
    order: int = 100


@dataclass(frozen=True)
class ProjectLink:
    key: str
    label: Any  # lazy translated string
    url_name: str  # reversed with region and project kwargs
    order: int = 100


@dataclass(frozen=True)
class RegionLink:
    key: str
    label: Any
    url_name: str  # reversed with the region kwarg
    permission: str = "view_region"
    order: int = 100


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
class DemoStep:
    key: str
    # (project, phase, users) -> None: fill what `phase` needs before the demo advances it.
    # `users` maps role values to the demo users. Must be idempotent.
    prepare: Callable[[Any, int, dict], None]
    order: int = 100


class Registry:
    def __init__(self):
        self.result_providers: dict[str, Callable[[Any], ResultStatus]] = {}
        self.requirements: list[Requirement] = []
        self.panels: list[DashboardPanel] = []
        self.links: list[ProjectLink] = []
        self.region_links: list[RegionLink] = []
        self.sections: list[DocumentSection] = []
        self.demo_steps: list[DemoStep] = []
        self.commitment_checks: list[CommitmentCheck] = []
        self.trace_sources: list[TraceSource] = []

    # -- registration -------------------------------------------------------------
    def provide_result(self, key: str, status: Callable[[Any], ResultStatus]) -> None:
        self.result_providers[key] = status

    def add_requirement(self, requirement: Requirement) -> None:
        self._replace(self.requirements, requirement)

    def add_panel(self, panel: DashboardPanel) -> None:
        self._replace(self.panels, panel)
        self.panels.sort(key=lambda p: p.order)

    def add_link(self, link: ProjectLink) -> None:
        self._replace(self.links, link)
        self.links.sort(key=lambda p: p.order)

    def add_region_link(self, link: RegionLink) -> None:
        self._replace(self.region_links, link)
        self.region_links.sort(key=lambda p: p.order)

    def add_section(self, section: DocumentSection) -> None:
        self._replace(self.sections, section)
        self.sections.sort(key=lambda s: s.order)

    def add_commitment_check(self, check: CommitmentCheck) -> None:
        self._replace(self.commitment_checks, check)

    def add_trace_source(self, source: TraceSource) -> None:
        self._replace(self.trace_sources, source)

    def add_demo_step(self, step: DemoStep) -> None:
        self._replace(self.demo_steps, step)
        self.demo_steps.sort(key=lambda s: s.order)

    @staticmethod
    def _replace(items: list, item) -> None:
        items[:] = [existing for existing in items if existing.key != item.key]
        items.append(item)

    # -- per-request memo ---------------------------------------------------------
    _local = threading.local()

    @contextmanager
    def memo(self):
        """Within this block, result providers and `cached` reads run once per project.

        A page that shows the blockers, the results and the panels wraps its reads in
        it, so a rule read by several of them costs its queries once.
        """
        outer = getattr(self._local, "memo", None)
        self._local.memo = {} if outer is None else outer
        try:
            yield
        finally:
            self._local.memo = outer

    def cached(self, key, compute: Callable[[], Any]):
        memo = getattr(self._local, "memo", None)
        if memo is None:
            return compute()
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    # -- reading ------------------------------------------------------------------
    def result_status(self, project, provided_by: str) -> ResultStatus | None:
        provider = self.result_providers.get(provided_by)
        if provider is None:
            return None
        return self.cached(("result", provided_by, project.pk), lambda: provider(project))

    def blockers(self, project, phase: int) -> list[str]:
        """Everything that keeps `project` from leaving `phase`, as readable messages."""
        messages: list[str] = []
        for requirement in self.requirements:
            if requirement.phase == phase:
                messages.extend(str(m) for m in requirement.check(project))
        return messages

    def panels_for(self, phase: int) -> list[DashboardPanel]:
        return [p for p in self.panels if p.phases is None or phase in p.phases]

    def sections_for(self, target: str) -> list[DocumentSection]:
        return [s for s in self.sections if target in s.targets]


registry = Registry()
