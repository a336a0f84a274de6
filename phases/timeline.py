"""The project's timeline: the phases with their planned and actual dates, and every dated
item the apps register (tasks here; comment rounds and statement deadlines from
participation), late ones marked; and each user's calendar feed (iCalendar, RFC 5545)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import CouncilDecision, PhasePlan, ProjectTask, PromiseProject
from .phase_numbers import DECISION_PHASE
from .registry import DatedItem, TimelineSource, registry
from .selectors import timeline as phase_steps

COMING_UP = 5  # items in the dashboard's compact block


def _url(name: str, project, **kwargs) -> str:
    return reverse(
        f"phases:{name}", kwargs={"region": project.region.slug, "project": project.pk, **kwargs}
    )


def plans_for(project: PromiseProject) -> dict[int, PhasePlan]:
    return registry.cached(
        ("phase_plans", project.pk),
        lambda: {p.phase: p for p in PhasePlan.objects.filter(project=project)},
        content=True,
    )


def core_items(project: PromiseProject) -> list[DatedItem]:
    """The phases' planned ends and the council meeting, and the tasks' due dates."""
    today = timezone.localdate()
    items: list[DatedItem] = []
    plans = plans_for(project)
    for number, plan in plans.items():
        left = number < project.phase
        if plan.starts_on:
            items.append(
                DatedItem(
                    date=plan.starts_on,
                    kind="phase_start",
                    label=_("Phase %(number)d is planned to start") % {"number": number},
                    uid=f"phase-start-{project.pk}-{number}",
                    url=_url("project_phase", project, phase=number),
                    done=number <= project.phase,
                )
            )
        if plan.ends_on:
            items.append(
                DatedItem(
                    date=plan.ends_on,
                    kind="phase_end",
                    label=_("Phase %(number)d is planned to end") % {"number": number},
                    uid=f"phase-end-{project.pk}-{number}",
                    url=_url("project_phase", project, phase=number),
                    done=left,
                    late=not left and plan.ends_on < today,
                )
            )
    decisions = list(CouncilDecision.objects.filter(project=project))
    for decision in decisions:
        items.append(
            DatedItem(
                date=decision.meeting_date,
                kind="council_meeting",
                label=_("Council meeting: %(body)s § %(section)s, %(outcome)s")
                % {
                    "body": decision.body,
                    "section": decision.section,
                    "outcome": decision.get_outcome_display(),
                },
                uid=f"decision-{decision.pk}",
                done=True,
            )
        )
    meeting = plans.get(4).meeting_on if plans.get(4) else None
    if meeting and not any(d.meeting_date == meeting for d in decisions):
        decided = any(d.is_approval for d in decisions)
        items.append(
            DatedItem(
                date=meeting,
                kind="council_meeting",
                label=_("Planned council meeting on the promise"),
                uid=f"meeting-{project.pk}",
                url=_url("project_phase", project, phase=DECISION_PHASE),
                done=decided,
                late=not decided and meeting < today,
            )
        )
    tasks = ProjectTask.objects.filter(project=project, due_date__isnull=False).select_related(
        "definition__phase"
    )
    for task in tasks:
        items.append(
            DatedItem(
                date=task.due_date,
                kind="task",
                label=_("Task due: %(name)s (phase %(number)d)")
                % {"name": task.definition.name, "number": task.definition.phase.number},
                uid=f"task-{task.pk}",
                url=_url("task_edit", project, task=task.pk),
                done=task.is_settled,
                late=not task.is_settled and task.due_date < today,
                user_ids=frozenset({task.assignee_id}) if task.assignee_id else None,
            )
        )
    return items


registry.register(TimelineSource("phases.core", core_items))


@dataclass
class PhaseRow:
    number: int
    name: str
    state: str
    plan: PhasePlan | None
    entered_at: object
    left_at: object
    late: bool

    @property
    def is_decision(self) -> bool:
        """The council decision's phase, whose plan also has the meeting date."""
        return self.number == DECISION_PHASE


def phase_rows(project: PromiseProject) -> list[PhaseRow]:
    """The six phases with planned and actual dates; late: planned end passed, not left."""
    today = timezone.localdate()
    plans = plans_for(project)
    rows = []
    for step in phase_steps(project):
        plan = plans.get(step.phase.number)
        late = bool(
            plan
            and plan.ends_on
            and (
                (step.state != "done" and plan.ends_on < today)
                or (step.left_at and timezone.localdate(step.left_at) > plan.ends_on)
            )
        )
        rows.append(
            PhaseRow(
                step.phase.number,
                step.phase.name,
                step.state,
                plan,
                step.entered_at,
                step.left_at,
                late,
            )
        )
    return rows


def coming_up(project: PromiseProject, limit: int = COMING_UP) -> list[DatedItem]:
    """For the dashboard: the late items first, then the next open ones."""
    today = timezone.localdate()
    items = registry.dated_items(project)
    late = [i for i in items if i.late]
    ahead = [i for i in items if not i.done and not i.late and i.date >= today]
    return (late + ahead)[:limit]


# -- the calendar feed ---------------------------------------------------------------------


def calendar_for(user, projects) -> bytes:
    """The user's calendar: the dated items of `projects` that concern them (tasks of
    others left out), in their language, as an RFC 5545 iCalendar document."""
    from .platform.mail import user_language

    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "servicelofte"
    stamp = timezone.now()
    with translation.override(user_language(user)):
        cal = icalendar.Calendar()
        cal.add("prodid", "-//Servicelöfte//Service promise timeline//FI")
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("x-wr-calname", _("Service promise: my tasks and deadlines"))
        for project in projects:
            for item in registry.dated_items(project):
                if item.user_ids is not None and user.pk not in item.user_ids:
                    continue
                event = icalendar.Event()
                event.add("uid", f"{item.uid}@{host}")
                event.add("dtstamp", stamp)
                event.add("dtstart", item.date)
                event.add("dtend", item.date + datetime.timedelta(days=1))
                summary = f"{project.title}: {item.label}"
                if item.late:
                    summary = _("Late") + " – " + summary
                event.add("summary", summary)
                if item.url:
                    event.add("url", settings.SITE_URL + item.url)
                event.add("categories", [item.kind])
                event.add("status", "CONFIRMED")
                cal.add_component(event)
    return cal.to_ical()
