"""Registrations of the promise editor in the phases registry: navigation links, the
results "promises.draft" and "promises.finalisation", the phase-3 dashboard panel, the
copy of a previous cycle's promise, and the demo step."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phases.phase_numbers import DECISION_PHASE, PREPARATION_PHASE
from phases.registry import (
    DashboardPanel,
    DemoStep,
    ProjectLink,
    ProjectPart,
    RegionLink,
    ResultProvider,
    ResultStatus,
    Step,
    registry,
)

from . import selectors, services, translation_gate  # noqa: F401 (registers the source)
from .demo import prepare_demo


def _list_url(project) -> str:
    return reverse(
        "promises:promise_list", kwargs={"region": project.region.slug, "project": project.pk}
    )


def _promise_url(name: str, project, promise, **kwargs) -> str:
    return reverse(
        f"promises:{name}",
        kwargs={
            "region": project.region.slug,
            "project": project.pk,
            "promise": promise.pk,
            **kwargs,
        },
    )


# The order of the promise's steps in phase 3's "what next" list (participation's comment
# round sits between the draft and the finalisation: 200–299).
ORDER_CREATE, ORDER_DRAFT, ORDER_COMMITMENTS, ORDER_FINALISATION = 110, 130, 300, 310


def _create_step(project, readiness) -> Step:
    return Step(
        message=_("Create at least one promise (a customer segment)."),
        url=_list_url(project) + "#id_title_fi",
        order=ORDER_CREATE,
        key="promises.create",
        done=bool(readiness),
    )


def _no_promise_yet(steps: list[Step], step: Step) -> ResultStatus:
    """A result of a project without a promise: the creation and `step` are still to do."""
    return ResultStatus(
        done=False,
        summary=_("No promise has been created yet."),
        url=step.url,
        steps=(*steps, step),
    )


def _readiness(project):
    return registry.cached(
        ("promises.readiness", project.pk),
        lambda: selectors.project_readiness(project),
        content=True,
    )


def draft_status(project) -> ResultStatus:
    """Done when every promise has a version sent for comments (or later); at least one."""
    readiness = _readiness(project)
    url = _list_url(project)
    steps = [_create_step(project, readiness)]
    if not readiness:
        message = _("Save the promise as a version for comments (the first draft).")
        return _no_promise_yet(steps, Step(message, url, ORDER_DRAFT, "promises.draft"))
    without = [r for r in readiness if not r.has_draft]
    missing = sum(r.missing_translations for r in readiness)
    summary = ngettext(
        "%(done)d of %(count)d promise has a draft version for comments.",
        "%(done)d of %(count)d promises have a draft version for comments.",
        len(readiness),
    ) % {"done": len(readiness) - len(without), "count": len(readiness)}
    if missing:
        summary += " " + ngettext(
            "%(count)d text lacks a translation.",
            "%(count)d texts lack a translation.",
            missing,
        ) % {"count": missing}
    for r in readiness:
        steps.append(
            Step(
                message=_("%(promise)s: save a version for comments (the first draft).")
                % {"promise": r.promise.title},
                url=_promise_url("versions", project, r.promise) + "#id_kind",
                order=ORDER_DRAFT,
                key=f"promises.draft.{r.promise.pk}",
                done=r.has_draft,
            )
        )
    return ResultStatus(done=not without, summary=summary, url=url, steps=tuple(steps))


def finalisation_status(project) -> ResultStatus:
    """Done when every promise has answered all five questions and has no empty commitment."""
    readiness = _readiness(project)
    url = _list_url(project)
    steps = [_create_step(project, readiness)]
    if not readiness:
        message = _("Answer the five finalisation questions.")
        return _no_promise_yet(
            steps, Step(message, url, ORDER_FINALISATION, "promises.finalisation")
        )
    for r in readiness:
        for commitment, problems in r.empty_commitments:
            steps.append(
                Step(
                    message=_(
                        "%(promise)s: the commitment “%(commitment)s” is empty (%(problems)s)."
                    )
                    % {
                        "promise": r.promise.title,
                        "commitment": commitment.title,
                        "problems": ", ".join(problems),
                    },
                    url=_promise_url(
                        "commitment_edit", project, r.promise, commitment=commitment.pk
                    )
                    + "#id_strategy_goals_0",
                    order=ORDER_COMMITMENTS,
                    key=f"promises.commitment.{commitment.pk}",
                )
            )
        answers = {a.question: a.answer for a in r.promise.finalisation.all()}
        first_open = next((k for k in selectors.FINALISATION_KEYS if not answers.get(k)), None)
        steps.append(
            Step(
                message=(
                    ngettext(
                        "%(promise)s: %(count)d finalisation question is unanswered.",
                        "%(promise)s: %(count)d finalisation questions are unanswered.",
                        r.unanswered,
                    )
                    % {"promise": r.promise.title, "count": r.unanswered}
                    if r.unanswered
                    else _("%(promise)s: the finalisation questions are answered.")
                    % {"promise": r.promise.title}
                ),
                url=_promise_url("finalisation", project, r.promise)
                + (f"#id_answer_{first_open}_0" if first_open else ""),
                order=ORDER_FINALISATION,
                key=f"promises.finalisation.{r.promise.pk}",
                done=not r.unanswered,
            )
        )
    done_count = sum(1 for r in readiness if r.finalised)
    summary = ngettext(
        "%(done)d of %(count)d promise is ready for finalisation.",
        "%(done)d of %(count)d promises are ready for finalisation.",
        len(readiness),
    ) % {"done": done_count, "count": len(readiness)}
    done = all(r.finalised for r in readiness)
    return ResultStatus(done=done, summary=summary, url=url, steps=tuple(steps))


def panel_context(request, project) -> dict:
    return {
        "project": project,
        "readiness": _readiness(project),
        "list_url": _list_url(project),
    }


def copy_previous_promise(project, previous_project, by) -> None:
    """A new cycle can start from a copy of the previous cycle's (approved) promise."""
    services.copy_previous_project(project=project, previous=previous_project, by=by)


registry.register(
    RegionLink("promises.strategy", gettext_lazy("Strategy goals"), "promises:strategy", order=20),
    ProjectLink("promises", gettext_lazy("Promise"), "promises:promise_list", order=10),
    ResultProvider("promises.draft", draft_status, content=True),
    ResultProvider("promises.finalisation", finalisation_status, content=True),
    DashboardPanel(
        "promises.readiness",
        "promises/_panel.html",
        panel_context,
        phases=frozenset({PREPARATION_PHASE, DECISION_PHASE}),
        order=10,
        kept=True,  # the promises' readiness: content only
    ),
    DemoStep("promises.content", prepare_demo, order=10),
    ProjectPart(
        "promises.copy_previous",
        copy_previous_promise,
        order=10,  # first: the indicators' copy links to the copied commitments
        field="copy_previous",
        label=gettext_lazy("Start from a copy of the previous cycle's approved promise"),
    ),
)
