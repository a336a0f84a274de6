"""The follow-up report's place in the process: the project's navigation link, its dates
in the timeline (and so in the calendar feed), and its notices in the digests."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phases.region_terms import texts_in_region_words
from phases.registry import (
    DatedItem,
    DemoStep,
    NotificationKind,
    ProjectLink,
    TimelineSource,
    registry,
)

from ..models import FollowUpReport
from .services import FOLLOW_UP


def dated_items(project) -> list[DatedItem]:
    """Each report's approval deadline (the date the region set), its approval and its
    publication."""
    today = timezone.localdate()
    items = []
    reports = FollowUpReport.objects.filter(decision__project=project).order_by("year", "pk")
    for report in reports:
        url = reverse(
            "promises:follow_up",
            kwargs={"region": project.region.slug, "project": project.pk, "report": report.pk},
        )
        if report.due_on:
            items.append(
                DatedItem(
                    date=report.due_on,
                    kind="follow_up_due",
                    label=_("The follow-up report %(year)d is to be approved")
                    % {"year": report.year},
                    uid=f"follow-up-due-{report.pk}",
                    url=url,
                    done=report.is_approved,
                    late=not report.is_approved and report.due_on < today,
                )
            )
        if report.approved_on:
            items.append(
                DatedItem(
                    date=report.approved_on,
                    kind="follow_up_approved",
                    label=_("The follow-up report %(year)d was approved") % {"year": report.year},
                    uid=f"follow-up-approved-{report.pk}",
                    url=url,
                    done=True,
                )
            )
        if report.published_at:
            items.append(
                DatedItem(
                    date=timezone.localdate(report.published_at),
                    kind="follow_up_published",
                    label=_("The follow-up report %(year)d was published") % {"year": report.year},
                    uid=f"follow-up-published-{report.pk}",
                    url=url,
                    done=True,
                )
            )
    return items


registry.register(TimelineSource(key="promises.follow_up", items=dated_items))
registry.register(
    NotificationKind(
        key=FOLLOW_UP,
        label=gettext_lazy("The yearly follow-up report is started, approved or published"),
        events={
            "follow_up_started": lambda p: (
                _("The follow-up report %(year)s was started.") % {"year": p.get("year", "")}
            ),
            "follow_up_approved": lambda p: (
                _("The follow-up report %(year)s was approved.") % {"year": p.get("year", "")}
            ),
            "follow_up_published": lambda p: (
                _("The follow-up report %(year)s was published.") % {"year": p.get("year", "")}
            ),
        },
        order=50,
    )
)
registry.register(
    ProjectLink(
        key="follow_up",
        label=gettext_lazy("Follow-up reports"),
        url_name="promises:follow_up_list",
        order=70,
    )
)


# -- demo ---------------------------------------------------------------------------------

DEMO_YEAR = 2025
DEMO_SUMMARY = {
    "fi": "Tässä raportissa aluevaltuusto saa vuoden 2025 seurannan: jokaisen sitoumuksen "
    "arvion, mittarit vuositavoitteitaan vasten ja asukkaiden palautteen näkökulmittain.",
    "sv": "I denna rapport får välfärdsområdesfullmäktige uppföljningen av år 2025: "
    "bedömningen av varje åtagande, mätarna mot årsmålen och invånarnas respons per "
    "perspektiv.",
    "en": "In this report the regional council receives the follow-up of 2025: the "
    "assessment of each commitment, the indicators against their yearly targets and the residents' "
    "feedback by perspective.",
}
DEMO_NEXT = {
    "fi": "Vuonna 2026 avataan iltavastaanotto kahdella terveysasemalla ja julkaistaan "
    "jonotilanne verkossa kuukausittain.",
    "sv": "År 2026 öppnas kvällsmottagning vid två hälsostationer och kösituationen "
    "publiceras på webben varje månad.",
    "en": "In 2026 two health stations open evening appointments and the queue situation "
    "is published online every month.",
}


DEMO_DRAFT_SUMMARY = {
    "fi": "Luonnos: vuoden 2026 seuranta kootaan, kun vuoden mittaukset ovat valmiit.",
    "sv": "Utkast: uppföljningen av 2026 sammanställs när årets mätningar är klara.",
}


def prepare_demo(project, phase: int, users: dict) -> None:
    """The demo's promise in force gets its published follow-up report of 2025 (in the
    follow-up phase; registered as a DemoStep after the indicators and the feedback)."""
    from phases.phase_numbers import FOLLOW_UP_PHASE
    from phases.roles import Role

    from .selectors import follow_up_decision
    from .services import report_approve, report_publish, report_save, report_start

    if phase != FOLLOW_UP_PHASE:
        return
    decision = follow_up_decision(project)
    if decision is None or decision.meeting_date.year > DEMO_YEAR:
        return
    if FollowUpReport.objects.filter(decision=decision, year=DEMO_YEAR).exists():
        return
    preparer, secretary = users[Role.PREPARER], users[Role.SECRETARY]
    report = report_start(decision=decision, year=DEMO_YEAR, by=preparer)
    report = report_save(
        report=report,
        texts={
            "summary": texts_in_region_words(DEMO_SUMMARY, project.region.kind),
            "next_actions": DEMO_NEXT,
        },
        approving_body=FollowUpReport.Body.COUNCIL,
        due_on=datetime.date(DEMO_YEAR + 1, 3, 31),
        lock_version=report.lock_version,
        by=preparer,
    )
    report = report_approve(
        report=report,
        approved_on=datetime.date(DEMO_YEAR + 1, 2, 16),
        reference="§ 14",
        by=secretary,
    )
    report_publish(report=report, by=secretary)
    # and the next year's report is in preparation, due in the spring
    next_year = DEMO_YEAR + 1
    if next_year <= timezone.localdate().year:
        draft = report_start(
            decision=decision,
            year=next_year,
            due_on=datetime.date(next_year + 1, 3, 31),
            by=preparer,
        )
        report_save(
            report=draft,
            texts={"summary": DEMO_DRAFT_SUMMARY},
            approving_body=FollowUpReport.Body.COUNCIL,
            due_on=draft.due_on,
            lock_version=draft.lock_version,
            by=preparer,
        )


registry.register(DemoStep(key="promises.follow_up", prepare=prepare_demo, order=60))
