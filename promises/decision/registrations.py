"""Registrations of the decision package and public pages in the phases registry:
the "promises.decision" result (phase 4 cannot advance without an approved decision and
its stored PDF), the project link, the phase 4 dashboard panel and the demo step."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phases.phase_numbers import DECISION_PHASE
from phases.registry import (
    DashboardPanel,
    DemoStep,
    ProjectLink,
    ResultProvider,
    ResultStatus,
    Step,
    registry,
)

from ..demo import prepare_decision
from . import selectors


def package_url(project) -> str:
    return reverse(
        "promises_decision:package", kwargs={"region": project.region.slug, "project": project.pk}
    )


def _not_decided(project, summary: str, message: str) -> ResultStatus:
    """Phase 4's decision result while it is not done: one step, on the package page (the
    secretary's "record" button, or for everyone else the note of who records it)."""
    url = package_url(project)
    step = Step(message, url + "#decisions-title", order=400, key="promises.decision")
    return ResultStatus(done=False, summary=summary, url=url, steps=(step,))


def decision_status(project) -> ResultStatus:
    decision = selectors.approved_decision(project)
    if decision is None and project.has_approval:
        # Recorded, but a PDF failed to render: the decision page renders it again.
        return _not_decided(
            project,
            _("Approved, but a PDF of the decision is missing."),
            _(
                "The council's approval is recorded but its PDF could not be made: "
                "render the PDFs again on the Decision page."
            ),
        )
    if decision is None:
        return _not_decided(
            project,
            _("No approved decision yet."),
            _(
                "The council's approval of the decision package, with its stored PDF, "
                "is missing: the secretary records the decision on the Decision page."
            ),
        )
    return ResultStatus(
        done=True,
        summary=_("Approved: %(body)s %(date)s § %(section)s; PDF stored.")
        % {
            "body": decision.body,
            "date": date_format(decision.meeting_date, "SHORT_DATE_FORMAT"),
            "section": decision.section,
        },
        url=package_url(project),
    )


def panel_context(request, project) -> dict:
    package = selectors.package_for(project)
    promises = selectors.segment_promises(project)
    proposed = selectors.proposed_versions(project, package)
    texts = selectors.package_texts(package)
    languages = project.region.content_languages
    written = sum(
        1
        for name in selectors.DESCRIPTION_FIELDS
        if all(texts[name].get(lang) for lang in languages)
    )
    return {
        "project": project,
        "package_url": package_url(project),
        "promise_count": len(promises),
        "proposed_count": sum(1 for p in promises if p.pk in proposed),
        "written": written,
        "description_count": len(selectors.DESCRIPTION_FIELDS),
        "decision": selectors.approved_decision(project),
        "status": decision_status(project),
    }


registry.register(
    ResultProvider("promises.decision", decision_status),
    ProjectLink("decision", gettext_lazy("Decision"), "promises_decision:package", order=50),
    DashboardPanel(
        "promises.decision",
        "promises/decision/_panel.html",
        panel_context,
        phases=frozenset({DECISION_PHASE}),
        order=40,
    ),
    DemoStep("promises.decision", prepare_decision, order=40),
)
