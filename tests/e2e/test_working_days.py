"""A preparer's working days in a real browser: the dashboard's "what next" list and its
"coming up" block, the timeline with late items, the settings page with the calendar
address, and the confirmation pages for closing a round early and removing a member; in
Finnish and Swedish, each page checked with axe."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from playwright.sync_api import expect

from phases import services
from phases.models import ProjectTask, PromiseProject, RegionMembership
from tests.e2e.conftest import tr
from tests.factories import ProjectFactory
from tests.participation.factories import make_request, make_round

pytestmark = pytest.mark.e2e


def test_timeline_dashboard_settings_and_confirmations(ui, e2e_region):
    region, people = e2e_region
    preparer = people["preparer"]
    page = ui.page
    today = timezone.localdate()
    project = ProjectFactory(region=region, title="Palvelulupaus 2027–2029", by=preparer)
    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    services.phase_plan_save(
        project=project,
        plans={
            2: (today - datetime.timedelta(days=90), today - datetime.timedelta(days=30)),
            3: (today - datetime.timedelta(days=30), today - datetime.timedelta(days=1)),
        },
        meeting_on=today + datetime.timedelta(days=60),
    )
    task = ProjectTask.objects.filter(project=project, definition__phase__number=3).first()
    services.task_update(
        task=task,
        by=people["region_admin"],
        status="in_progress",
        assignee=preparer,
        due_date=today + datetime.timedelta(days=3),
    )
    round = make_round(project)
    make_request(round, bodies=2)

    ui.login(preparer.username, check=False)
    for lang in ("fi", "sv"):
        with translation.override(lang):
            dashboard = project.get_absolute_url()
        ui.goto(dashboard)
        expect(page.locator("section.what-next")).to_contain_text(
            tr("Create at least one promise (a customer segment).", lang)
        )
        expect(page.locator(".advance-blocked [aria-disabled=true]")).to_be_visible()
        coming = page.locator("section.coming-up")
        expect(coming).to_contain_text(tr("Late", lang))
        ui.check(f"dashboard-{lang}")
        coming.get_by_role("link", name=tr("The whole timeline", lang)).click()
        ui.heading(tr("Timeline", lang))
        expect(page.locator("tr.late")).to_have_count(1)  # phase 3's planned end passed
        expect(page.locator("main")).to_contain_text(
            tr("Planned council meeting on the promise", lang)
        )
        ui.check(f"timeline-{lang}")

    # The timetable: a planned end before the start is refused, what was typed stays.
    page.locator("#id_start_4").fill("2027-05-01")
    page.locator("#id_end_4").fill("2027-04-01")
    page.get_by_role("button", name=tr("Save the timetable", "sv")).click()
    expect(page.locator("main")).to_contain_text(tr("The end cannot be before the start.", "sv"))
    expect(page.locator("#id_start_4")).to_have_value("2027-05-01")
    ui.check("timeline-invalid")
    page.locator("#id_end_4").fill("2027-08-31")
    page.get_by_role("button", name=tr("Save the timetable", "sv")).click()
    ui.message(tr("The timetable was saved.", "sv"))

    # Closing the round early asks first.
    with translation.override("fi"):
        round_url = reverse(
            "participation:round",
            kwargs={"region": region.slug, "project": project.pk, "round": round.pk},
        )
    ui.goto(round_url)
    page.get_by_role("link", name=tr("Close the round now")).click()
    ui.heading(tr("Close the comment round now"))
    ui.check("round-close-confirm")
    page.get_by_role("button", name=tr("Yes, close the round now")).click()
    ui.message(tr("The comment round was closed."))
    expect(page.locator("main")).to_contain_text(tr("Closed early on %(date)s", date="").strip())

    # The settings page: language and switches, and the calendar's address.
    ui.goto("/fi/account/settings/")
    ui.heading(tr("My settings"))
    assert page.locator("#feed-url").input_value().endswith(".ics")
    ui.check("settings")
    page.get_by_label(tr("Tasks assigned to me, and their due dates")).uncheck()
    page.get_by_role("button", name=tr("Save settings")).click()
    ui.message(tr("Your settings were saved."))

    # Removing a member asks first (as the region administrator).
    page.context.clear_cookies()
    ui.login(people["region_admin"].username, check=False)
    ui.goto(f"/fi/r/{region.slug}/members/")
    membership = RegionMembership.objects.get(region=region, user=people["viewer"])
    page.locator(f"a[href$='/members/{membership.pk}/remove/']").click()
    ui.heading(tr("Remove a member"))
    ui.check("member-remove-confirm")
    page.get_by_role("button", name=tr("Yes, remove %(username)s", username="e2e_viewer")).click()
    ui.message(tr("%(user)s was removed.", user="e2e_viewer"))
    assert not RegionMembership.objects.filter(pk=membership.pk).exists()
