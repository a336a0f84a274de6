"""Participation's registrations in the phases registry (the stakeholder list of a new project
included)."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phases.models import PromiseProject
from phases.perspectives import Perspective
from phases.phase_numbers import (
    FOLLOW_UP_PHASE,
    PARTICIPATION_PHASE,
    PREPARATION_PHASE,
    START_PHASE,
)
from phases.registry import (
    PUBLIC_ONLY,
    ClockSource,
    DashboardPanel,
    DatedItem,
    DemoStep,
    DocumentSection,
    FollowUpPart,
    NotificationKind,
    ProjectLink,
    ProjectPart,
    ResultProvider,
    ResultStatus,
    Step,
    TimelineSource,
    TraceSource,
    registry,
)
from phases.translated import LANGS, first_text, pick_field, texts

from . import demo, followup, selectors, services
from .forms import FeedbackForm
from .models import (
    Comment,
    CommentRound,
    Disposition,
    Feedback,
    Input,
    StatementRequest,
    Synthesis,
)
from .text import selectors as text_selectors


def _url(name: str, project, **kwargs) -> str:
    return reverse(
        f"participation:{name}",
        kwargs={"region": project.region.slug, "project": project.pk, **kwargs},
    )


# -- result providers -----------------------------------------------------------------


def synthesis_status(project) -> ResultStatus:
    """Done when every perspective has a synthesis, or one common synthesis covers them all
    (the texts per perspective are then optional)."""
    done = {s.perspective for s in Synthesis.objects.filter(project=project) if s.has_text()}
    labels = dict(Perspective.choices)
    if Synthesis.COMMON in done:
        return ResultStatus(
            done=True,
            summary=_("A common synthesis covers every perspective."),
            url=_url("synthesis", project),
            steps=(
                Step(
                    message=_("A common synthesis covers every perspective."),
                    url=_url("synthesis", project),
                    order=110,
                    key="participation.synthesis",
                    done=True,
                ),
            ),
        )
    missing = [str(labels[p]) for p in Perspective.values if p not in done]
    count = len(Perspective.values) - len(missing)
    language = project.region.primary_language
    children = tuple(
        Step(
            message=_("Write the synthesis for the perspective %(name)s.") % {"name": labels[key]},
            url=_url("synthesis_edit", project, perspective=key) + f"#id_text_{language}",
            order=110 + index,
            key=f"participation.synthesis.{key}",
        )
        for index, key in enumerate(Perspective.values)
        if key not in done
    )
    if missing:
        children += (
            Step(
                message=_("Or write one common synthesis that covers every perspective."),
                url=_url("synthesis_edit", project, perspective=Synthesis.COMMON)
                + f"#id_text_{language}",
                order=110 + len(Perspective.values) + 1,
                key="participation.synthesis.common",
            ),
        )
    step = Step(
        message=(
            _("The synthesis is missing for: %(names)s.") % {"names": ", ".join(missing)}
            if missing
            else _("Every perspective has a synthesis.")
        ),
        url=_url("synthesis", project),
        order=110,
        key="participation.synthesis",
        done=not missing,
        children=children,
    )
    return ResultStatus(
        done=not missing,
        summary=_("%(done)d of %(total)d perspectives have a synthesis.")
        % {"done": count, "total": len(Perspective.values)},
        url=_url("synthesis", project),
        steps=(step,),
    )


# The comment round's steps in phase 3's "what next" list: after the promise's draft
# version (promises: 130), before its finalisation (promises: 300).
ORDER_OPEN, ORDER_CLOSE, ORDER_ANSWER = 200, 210, 220


def _rounds(project) -> list[CommentRound]:
    """The project's rounds with their versions, read once per request in a memo block
    (the round's result, the phase 3 panel and the timeline all list them)."""
    return registry.cached(
        ("participation.rounds", project.pk),
        lambda: list(selectors.rounds_for_project(project)),
        content=True,  # the rows; their state is computed from today on every read
    )


def _unanswered_by_round(project) -> dict[int, int]:
    """{round id: comments and statements without a disposition, hidden ones left out}:
    the rounds' counters (participation.counters), no count of the comments."""
    return {r.pk: r.comments_unanswered for r in _rounds(project) if r.comments_unanswered}


def _requests(project) -> list[StatementRequest]:
    """The project's statement requests with their bodies, once per request in a memo
    block (the timeline's deadlines and the phase 3 panel's overdue statements)."""
    return registry.cached(
        ("participation.requests", project.pk),
        lambda: list(
            StatementRequest.objects.filter(round__project=project).prefetch_related("bodies")
        ),
        content=True,  # the rows; what is overdue is computed from today on every read
    )


def _overdue_by_round(project) -> dict[int, int]:
    """{round id: requested bodies past their deadline without a statement}."""
    now = timezone.now()
    counts: dict[int, int] = {}
    for req in _requests(project):
        if req.deadline <= now:
            waiting = sum(1 for b in req.bodies.all() if b.submitted_at is None)
            if waiting:
                counts[req.round_id] = counts.get(req.round_id, 0) + waiting
    return counts


def round_status(project) -> ResultStatus:
    rounds = _rounds(project)
    url = _url("overview", project)
    if not rounds:
        return ResultStatus(
            done=False,
            summary=_("No comment round yet."),
            url=url,
            steps=(
                Step(
                    message=_("No comment round has been held: open the draft for comments."),
                    url=_url("round_new", project) + "#id_version",
                    order=ORDER_OPEN,
                    key="participation.round.open",
                ),
                Step(
                    message=_("Close the comment round when its time is up."),
                    url=url,
                    order=ORDER_CLOSE,
                    key="participation.round.close",
                ),
                Step(
                    message=_("Give every comment and statement a disposition and its reason."),
                    url=url,
                    order=ORDER_ANSWER,
                    key="participation.round.answer",
                ),
            ),
        )
    steps = [
        Step(
            message=_("A version was opened for comments."),
            url=url,
            order=ORDER_OPEN,
            key="participation.round.open",
            done=True,
        )
    ]
    open_rounds = [r for r in rounds if not r.is_closed]
    for r in open_rounds:
        steps.append(
            Step(
                message=_("The comment round on %(version)s is still open (until %(date)s).")
                % {
                    "version": r.version,
                    "date": date_format(timezone.localtime(r.ends_at), "SHORT_DATE_FORMAT"),
                },
                url=_url("round_close", project, round=r.pk),
                order=ORDER_CLOSE,
                key=f"participation.round.close.{r.pk}",
            )
        )
    if not open_rounds:
        steps.append(
            Step(
                message=_("The comment round is closed."),
                order=ORDER_CLOSE,
                key="participation.round.close",
                done=True,
            )
        )
    counts = _unanswered_by_round(project)
    unanswered = sum(counts.values())
    for r in rounds:
        if counts.get(r.pk):
            steps.append(
                Step(
                    message=ngettext(
                        "%(count)d comment or statement is still without a disposition.",
                        "%(count)d comments or statements are still without a disposition.",
                        counts[r.pk],
                    )
                    % {"count": counts[r.pk]},
                    url=_url("analysis", project, round=r.pk) + "?disposition=none#results",
                    order=ORDER_ANSWER,
                    key=f"participation.round.answer.{r.pk}",
                )
            )
    if not unanswered:
        steps.append(
            Step(
                message=_("Every comment and statement has a disposition."),
                order=ORDER_ANSWER,
                key="participation.round.answer",
                done=True,
            )
        )
    if len(rounds) == 1:
        url = _url("round", project, round=rounds[0].pk)
    return ResultStatus(
        done=not any(not s.done for s in steps),
        summary=_("Rounds: %(rounds)d, still without a disposition: %(count)d.")
        % {"rounds": len(rounds), "count": unanswered},
        url=url,
        steps=tuple(steps),
    )


# -- dashboard panels ----------------------------------------------------------------


def phase2_panel(request, project) -> dict:
    rows = selectors.synthesis_overview(project, with_inputs=False)
    return {
        "project": project,
        "stakeholders": project.stakeholders.count(),
        "activities": project.participation_activities.count(),
        "inputs": Input.objects.filter(project=project).count(),
        "rows": rows,
        "done": sum(1 for r in rows if r.settled),
        "overview_url": _url("overview", project),
        "synthesis_url": _url("synthesis", project),
        "matrix_url": _url("matrix", project),
    }


def phase3_panel(request, project) -> dict:
    rounds = _rounds(project)
    unanswered = _unanswered_by_round(project)
    overdue = _overdue_by_round(project) if rounds else {}
    items = []
    for r in rounds:
        items.append(
            {
                "round": r,
                "state": r.state(),
                "url": _url("round", project, round=r.pk),
                "unanswered": unanswered.get(r.pk, 0),
                "overdue": overdue.get(r.pk, 0),
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


# -- document sections ----------------------------------------------------------------


def round_summary_section(project, *, language, public) -> dict:
    """The rounds of the project with counts and reasoned responses (never an e-mail).
    Both places it appears, the public page and the decision document, are publications:
    only public comments are counted and quoted, whatever `public` says."""
    rounds = [r for r in selectors.rounds_for_project(project) if r.is_closed]
    languages = project.region.content_languages
    summaries, data = [], []
    # Labels looked up once: a model's get_FOO_display rebuilds its choices (translating
    # every label) on each call: a fifth of a decision PDF's HTML with 500 responses.
    sources = {key: str(label) for key, label in Comment.Source.choices}
    dispositions = {key: str(label) for key, label in Disposition.choices}
    for r in rounds:
        summary = selectors.round_summary(r, public=True)
        data.append(round_data(r, summary, languages))
        summaries.append(
            {
                "starts_at": r.starts_at,
                "ends_at": r.closed_at or r.ends_at,
                "total": summary.total,
                "by_perspective": summary.by_perspective,
                "by_source": summary.by_source,
                "by_disposition": summary.by_disposition,
                "themes": theme_section(r, language=language, public=True),
                "responses": [
                    {
                        "source": sources.get(c.source, c.source),
                        "target": c.target_label(),
                        "name": c.public_name,
                        "text": c.text,
                        "disposition": dispositions.get(c.disposition, c.disposition),
                        # In the page's (the PDF's) language, else marked as another's.
                        "reason": pick_field(c, "reason", language or languages[0], languages),
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


def round_data(r, summary, languages=("fi", "sv")) -> dict:
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
                "reason": first_text(texts(c, "reason"), [*languages, *LANGS]),
            }
            for c in summary.responses
        ],
    }


def theme_section(round, *, language, public) -> list[dict]:
    """The round's themes for the council: count, perspectives, dispositions so far and
    the most representative responses (chosen responses, never generated text). Only
    themes a person accepted and named, under the names given."""
    return [
        {
            "number": s.theme.number,
            "names": s.names,
            "size": s.size,
            "perspectives": s.perspectives,
            "dispositions": s.dispositions,
            "unanswered": s.unanswered,
            "representatives": [
                {"text": c.text, "language": c.language, "name": c.public_name}
                for c in s.representatives
            ],
        }
        for s in text_selectors.theme_summaries(
            round, language=(language or "fi")[:2], public=public, accepted=True
        )
    ]


def feedback_section(project, *, language, public) -> dict:
    return {
        "feedback_form": FeedbackForm(initial={"project": project.pk}),
        "feedback_url": reverse("participation:feedback", kwargs={"region": project.region.slug}),
        "feedback_open": project.phase == FOLLOW_UP_PHASE,
    }


def opinion_section(project, *, language, public) -> dict:
    """The region's opinion rounds on its public page: open ones to take part in, closed
    ones with their results."""
    from .opinion.selectors import public_rounds

    region = project.region
    languages = region.content_languages
    items = []
    for r in public_rounds(region):
        kwargs = {"region": region.slug, "opinion": r.pk}
        items.append(
            {
                "state": r.state(),
                "question": pick_field(r, "question", language or "fi", languages),
                "url": reverse("participation:public_opinion", kwargs=kwargs),
                "results_url": reverse("participation:public_opinion_results", kwargs=kwargs),
            }
        )
    return {"opinion_rounds": items}


# -- timeline, notifications and the new project's parts -------------------------------


def dated_items(project) -> list[DatedItem]:
    """The comment rounds' opening and closing days and the statement deadlines."""
    now = timezone.now()
    items: list[DatedItem] = []
    rounds = _rounds(project)
    for r in rounds:
        url = _url("round", project, round=r.pk)
        items.append(
            DatedItem(
                date=timezone.localdate(r.starts_at),
                kind="round_open",
                label=_("The comment round on %(version)s opens") % {"version": r.version},
                uid=f"round-open-{r.pk}",
                url=url,
                done=r.starts_at <= now,
            )
        )
        closes = r.closed_at or r.ends_at
        items.append(
            DatedItem(
                date=timezone.localdate(closes),
                kind="round_close",
                label=(
                    _("The comment round on %(version)s closed") % {"version": r.version}
                    if r.is_closed
                    else _("The comment round on %(version)s closes") % {"version": r.version}
                ),
                uid=f"round-close-{r.pk}",
                url=url,
                done=r.is_closed,
            )
        )
    for req in _requests(project):
        bodies = list(req.bodies.all())
        waiting = sum(1 for b in bodies if b.submitted_at is None)
        items.append(
            DatedItem(
                date=timezone.localdate(req.deadline),
                kind="statement_deadline",
                label=_("Statement deadline: %(title)s (%(received)d of %(total)d received)")
                % {"title": req.title, "received": len(bodies) - waiting, "total": len(bodies)},
                uid=f"statement-deadline-{req.pk}",
                url=_url("round", project, round=req.round_id),
                done=not waiting,
                late=bool(waiting) and req.deadline <= now,
            )
        )
    return items


def clock_instants(project) -> list:
    """The instants at which the rounds' states and the statement deadlines change: each
    round's opening and closing time, each request's deadline (`phases.registry.ClockSource`)."""
    rounds = _rounds(project)
    return [
        *(r.starts_at for r in rounds),
        *(r.ends_at for r in rounds),
        *(req.deadline for req in _requests(project)),
    ]


def _round_label(params: dict) -> str:
    found = CommentRound.objects.filter(pk=params.get("round")).select_related("version").first()
    return str(found.version) if found else "–"


def _opinion_label(params: dict) -> str:
    from .opinion.models import OpinionRound

    found = OpinionRound.objects.filter(pk=params.get("opinion")).first()
    if found is None:
        return "–"
    language = translation.get_language() or "fi"
    return str(pick_field(found, "question", language, LANGS))[:80]


def _stakeholders(project: PromiseProject, previous_project, by) -> None:
    services.stakeholders_ensure(project=project)


# -- what the app adds to the process, in one place ------------------------------------

registry.register(
    ResultProvider("participation.synthesis", synthesis_status, content=True),
    ResultProvider("participation.round", round_status),
    ProjectLink("participation", gettext_lazy("Participation"), "participation:overview", order=30),
    DashboardPanel(
        "participation.phase2",
        "participation/panels/phase2.html",
        phase2_panel,
        phases=frozenset({START_PHASE, PARTICIPATION_PHASE}),
        order=30,
    ),
    DashboardPanel(
        "participation.phase3",
        "participation/panels/phase3.html",
        phase3_panel,
        phases=frozenset({PREPARATION_PHASE}),
        order=30,
        kept=True,  # the rounds, their counters and deadlines: content and clock
    ),
    DashboardPanel(
        "participation.phase6",
        "participation/panels/phase6.html",
        phase6_panel,
        phases=frozenset({FOLLOW_UP_PHASE}),
        order=30,
    ),
    DocumentSection(
        "participation.round_summary",
        "participation/sections/round_summary.html",
        round_summary_section,
        order=40,
        pdf_template="participation/sections/round_summary_pdf.html",
    ),
    DocumentSection(
        "participation.feedback",
        "participation/sections/feedback_form.html",
        feedback_section,
        targets=PUBLIC_ONLY,
        order=90,
    ),
    DocumentSection(
        "participation.opinion",
        "participation/sections/opinion_rounds.html",
        opinion_section,
        targets=PUBLIC_ONLY,
        order=35,
    ),
    TraceSource("participation.inputs", gettext_lazy("Inputs behind this"), selectors.trace_links),
    TimelineSource("participation", dated_items),
    ClockSource("participation", clock_instants),
    NotificationKind(
        services.STATEMENTS,
        gettext_lazy("A statement arrived"),
        {
            "statement_arrived": lambda p: (
                _("%(body)s sent its statement: %(request)s")
                % {"body": p.get("body", ""), "request": p.get("request", "")}
            ),
        },
        order=20,
    ),
    NotificationKind(
        services.MODERATION,
        gettext_lazy("Comments waiting for moderation"),
        {
            "comment_pending": lambda p: (
                _("A comment is waiting for moderation: %(round)s") % {"round": _round_label(p)}
            ),
            "opinion_statement_pending": lambda p: (
                _("A resident's statement is waiting for moderation in the opinion round: %(q)s")
                % {"q": _opinion_label(p)}
            ),
        },
        order=30,
    ),
    DemoStep("participation", demo.prepare, order=20),
    FollowUpPart(followup.KEY, followup.build, followup.render, order=40),
    # Every new project gets the stakeholder list, after the copied promise (10).
    ProjectPart("participation.stakeholders", _stakeholders, order=20),
)
