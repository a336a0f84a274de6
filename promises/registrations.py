"""Registrations of the promise editor in the phases registry: navigation links, the
results "promises.draft" and "promises.finalisation", the phase-3 dashboard panel, the
copy of a previous cycle's promise, and the demo step."""

from __future__ import annotations

from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phases import roles
from phases.registry import (
    DashboardPanel,
    DemoStep,
    ProjectLink,
    RegionLink,
    ResultStatus,
    registry,
)
from phases.signals import project_created

from . import selectors, services
from .demo import prepare_demo


def _list_url(project) -> str:
    return reverse(
        "promises:promise_list", kwargs={"region": project.region.slug, "project": project.pk}
    )


def draft_status(project) -> ResultStatus:
    """Done when every promise has a version sent for comments (or later); at least one."""
    readiness = registry.cached(
        ("promises.readiness", project.pk), lambda: selectors.project_readiness(project)
    )
    url = _list_url(project)
    if not readiness:
        return ResultStatus(
            done=False,
            summary=_("No promise has been created yet."),
            url=url,
            blockers=(_("Create at least one promise and save it as a version for comments."),),
        )
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
    blockers = tuple(
        _("%(promise)s: save a version for comments (the first draft).")
        % {"promise": r.promise.title}
        for r in without
    )
    return ResultStatus(done=not without, summary=summary, url=url, blockers=blockers)


def finalisation_status(project) -> ResultStatus:
    """Done when every promise has answered all five questions and has no empty commitment."""
    readiness = registry.cached(
        ("promises.readiness", project.pk), lambda: selectors.project_readiness(project)
    )
    url = _list_url(project)
    if not readiness:
        return ResultStatus(
            done=False,
            summary=_("No promise has been created yet."),
            url=url,
            blockers=(_("Create at least one promise."),),
        )
    blockers: list[str] = []
    for r in readiness:
        if r.unanswered:
            blockers.append(
                ngettext(
                    "%(promise)s: %(count)d finalisation question is unanswered.",
                    "%(promise)s: %(count)d finalisation questions are unanswered.",
                    r.unanswered,
                )
                % {"promise": r.promise.title, "count": r.unanswered}
            )
        for commitment, problems in r.empty_commitments:
            blockers.append(
                _("%(promise)s: the commitment “%(commitment)s” is empty (%(problems)s).")
                % {
                    "promise": r.promise.title,
                    "commitment": commitment.title,
                    "problems": ", ".join(problems),
                }
            )
    done_count = sum(1 for r in readiness if r.finalised)
    summary = ngettext(
        "%(done)d of %(count)d promise is ready for finalisation.",
        "%(done)d of %(count)d promises are ready for finalisation.",
        len(readiness),
    ) % {"done": done_count, "count": len(readiness)}
    return ResultStatus(done=not blockers, summary=summary, url=url, blockers=tuple(blockers))


def panel_context(request, project) -> dict:
    return {
        "project": project,
        "readiness": registry.cached(
            ("promises.readiness", project.pk), lambda: selectors.project_readiness(project)
        ),
        "list_url": _list_url(project),
    }


registry.add_region_link(
    RegionLink(
        key="promises.strategy",
        label=gettext_lazy("Strategy goals"),
        url_name="promises:strategy",
        permission=roles.VIEW_REGION,
        order=20,
    )
)
registry.add_link(
    ProjectLink(
        key="promises", label=gettext_lazy("Promise"), url_name="promises:promise_list", order=10
    )
)
registry.provide_result("promises.draft", draft_status)
registry.provide_result("promises.finalisation", finalisation_status)
registry.add_panel(
    DashboardPanel(
        key="promises.readiness",
        template="promises/_panel.html",
        context=panel_context,
        phases=frozenset({3, 4}),
        order=10,
    )
)
registry.add_demo_step(DemoStep(key="promises.content", prepare=prepare_demo, order=10))


@receiver(project_created, dispatch_uid="promises.copy_previous")
def copy_previous_promise(
    sender, project, previous_project=None, copy_previous=False, by=None, **kwargs
):
    """A new cycle can start from a copy of the previous cycle's (approved) promise."""
    if copy_previous and previous_project is not None:
        services.copy_previous_project(project=project, previous=previous_project, by=by)
