"""Participation's registrations in the phases registry, and the project_created listener."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phases import signals
from phases.models import PromiseProject
from phases.perspectives import Perspective
from phases.registry import (
    DashboardPanel,
    DemoStep,
    DocumentSection,
    ProjectLink,
    ResultStatus,
    TraceSource,
    registry,
)

from . import demo, selectors, services
from .forms import FeedbackForm
from .models import Comment, CommentRound, Disposition, Feedback, Input, Synthesis


def _url(name: str, project, **kwargs) -> str:
    return reverse(
        f"participation:{name}",
        kwargs={"region": project.region.slug, "project": project.pk, **kwargs},
    )


# -- result providers -----------------------------------------------------------------


def synthesis_status(project) -> ResultStatus:
    done = {s.perspective for s in Synthesis.objects.filter(project=project) if s.has_text()}
    labels = dict(Perspective.choices)
    missing = [str(labels[p]) for p in Perspective.values if p not in done]
    count = len(Perspective.values) - len(missing)
    return ResultStatus(
        done=not missing,
        summary=_("%(done)d of %(total)d perspectives have a synthesis.")
        % {"done": count, "total": len(Perspective.values)},
        url=_url("synthesis", project),
        blockers=(
            (_("The synthesis is missing for: %(names)s.") % {"names": ", ".join(missing)},)
            if missing
            else ()
        ),
    )


def round_status(project) -> ResultStatus:
    rounds = list(CommentRound.objects.filter(project=project))
    url = _url("overview", project)
    if not rounds:
        return ResultStatus(
            done=False,
            summary=_("No comment round yet."),
            url=url,
            blockers=(_("No comment round has been held: open the draft for comments."),),
        )
    blockers = []
    open_rounds = [r for r in rounds if not r.is_closed]
    if open_rounds:
        blockers.append(
            ngettext(
                "A comment round is still open.",
                "%(count)d comment rounds are still open.",
                len(open_rounds),
            )
            % {"count": len(open_rounds)}
        )
    unanswered = (
        Comment.objects.filter(round__project=project, disposition="")
        .exclude(status=Comment.Status.HIDDEN)
        .count()
    )
    if unanswered:
        blockers.append(
            ngettext(
                "%(count)d comment or statement is still without a disposition.",
                "%(count)d comments or statements are still without a disposition.",
                unanswered,
            )
            % {"count": unanswered}
        )
    if len(rounds) == 1:
        url = _url("round", project, round=rounds[0].pk)
    return ResultStatus(
        done=not blockers,
        summary=_("Rounds: %(rounds)d, still without a disposition: %(count)d.")
        % {"rounds": len(rounds), "count": unanswered},
        url=url,
        blockers=tuple(blockers),
    )


registry.provide_result("participation.synthesis", synthesis_status)
registry.provide_result("participation.round", round_status)


# -- navigation and dashboard panels --------------------------------------------------

registry.add_link(
    ProjectLink(
        key="participation",
        label=gettext_lazy("Participation"),
        url_name="participation:overview",
        order=30,
    )
)


def phase2_panel(request, project) -> dict:
    rows = selectors.synthesis_overview(project, with_inputs=False)
    return {
        "project": project,
        "stakeholders": project.stakeholders.count(),
        "activities": project.participation_activities.count(),
        "inputs": Input.objects.filter(project=project).count(),
        "rows": rows,
        "done": sum(1 for r in rows if r.done),
        "overview_url": _url("overview", project),
        "synthesis_url": _url("synthesis", project),
        "matrix_url": _url("matrix", project),
    }


def phase3_panel(request, project) -> dict:
    rounds = list(selectors.rounds_for_project(project))
    items = []
    for r in rounds:
        items.append(
            {
                "round": r,
                "state": r.state(),
                "url": _url("round", project, round=r.pk),
                "unanswered": selectors.unanswered_count(r),
                "overdue": selectors.overdue_bodies(r).count(),
            }
        )
    return {
        "project": project,
        "rounds": items,
        "new_url": _url("round_new", project),
        "overview_url": _url("overview", project),
    }


def phase6_panel(request, project) -> dict:
    qs = Feedback.objects.filter(project=project)
    return {
        "total": qs.count(),
        "open": qs.filter(handled_at__isnull=True).count(),
        "url": _url("feedback_list", project),
    }


registry.add_panel(
    DashboardPanel(
        key="participation.phase2",
        template="participation/panels/phase2.html",
        context=phase2_panel,
        phases=frozenset({1, 2}),
        order=30,
    )
)
registry.add_panel(
    DashboardPanel(
        key="participation.phase3",
        template="participation/panels/phase3.html",
        context=phase3_panel,
        phases=frozenset({3}),
        order=30,
    )
)
registry.add_panel(
    DashboardPanel(
        key="participation.phase6",
        template="participation/panels/phase6.html",
        context=phase6_panel,
        phases=frozenset({6}),
        order=30,
    )
)


# -- document sections ----------------------------------------------------------------


def round_summary_section(project, *, language, public) -> dict:
    """The rounds of the project with counts and reasoned responses (never an e-mail)."""
    rounds = [r for r in selectors.rounds_for_project(project) if r.is_closed]
    summaries, data = [], []
    for r in rounds:
        summary = selectors.round_summary(r)
        data.append(round_data(r, summary))
        summaries.append(
            {
                "starts_at": r.starts_at,
                "ends_at": r.closed_at or r.ends_at,
                "total": summary.total,
                "by_perspective": summary.by_perspective,
                "by_source": summary.by_source,
                "by_disposition": summary.by_disposition,
                "responses": [
                    {
                        "source": c.get_source_display(),
                        "target": c.target_label(),
                        "name": c.public_name,
                        "text": c.text,
                        "disposition": c.get_disposition_display(),
                        "reason": c.reason,
                    }
                    for c in summary.responses
                ],
            }
        )
    return {
        "participation_rounds": summaries,
        "participation_public": public,
        "json": {"rounds": data},
    }


def round_data(r, summary) -> dict:
    """A closed round as open data: counts and the reasoned responses, with no names or
    e-mail addresses (docs/open-data.schema.json)."""
    whole = [*Perspective.values, "whole"]
    return {
        "id": r.pk,
        "starts_at": r.starts_at,
        "ends_at": r.closed_at or r.ends_at,
        "total": summary.total,
        "by_perspective": {
            k: n for k, (_label, n) in zip(whole, summary.by_perspective, strict=True)
        },
        "by_source": {
            k: n for k, (_label, n) in zip(Comment.Source.values, summary.by_source, strict=True)
        },
        "by_disposition": {
            k: n for k, (_label, n) in zip(Disposition.values, summary.by_disposition, strict=True)
        },
        "responses": [
            {
                "id": c.pk,
                "source": c.source,
                "target": c.target,
                "perspective": c.perspective or None,
                "commitment_title": c.commitment_title,
                "text": c.text,
                "disposition": c.disposition,
                "reason": c.reason,
            }
            for c in summary.responses
        ],
    }


def feedback_section(project, *, language, public) -> dict:
    return {
        "feedback_form": FeedbackForm(initial={"project": project.pk}),
        "feedback_url": reverse("participation:feedback", kwargs={"region": project.region.slug}),
        "feedback_open": project.phase == 6,
    }


registry.add_section(
    DocumentSection(
        key="participation.round_summary",
        template="participation/sections/round_summary.html",
        pdf_template="participation/sections/round_summary_pdf.html",
        context=round_summary_section,
        targets=frozenset({"pdf", "public"}),
        order=40,
    )
)
registry.add_section(
    DocumentSection(
        key="participation.feedback",
        template="participation/sections/feedback_form.html",
        context=feedback_section,
        targets=frozenset({"public"}),
        order=90,
    )
)


# -- traceability ---------------------------------------------------------------------

registry.add_trace_source(
    TraceSource(
        key="participation.inputs",
        label=gettext_lazy("Inputs behind this"),
        links=selectors.trace_links,
    )
)


# -- demo and signals -----------------------------------------------------------------

registry.add_demo_step(DemoStep(key="participation", prepare=demo.prepare, order=20))


def _on_project_created(sender, project: PromiseProject, **kwargs):
    services.stakeholders_ensure(project=project)


signals.project_created.connect(_on_project_created, dispatch_uid="participation.stakeholders")
