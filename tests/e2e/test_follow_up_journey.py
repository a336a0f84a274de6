"""The yearly follow-up report, in the browser: the preparer starts the report of a year
and writes its texts in Finnish and Swedish, the secretary records the council's approval
(the report is frozen and its PDFs stored) and publishes it, and a resident reads it from
the public page of the promise in Finnish and in Swedish. axe on every page. On the demo
data (`seed_demo`: the promise in force already has the published report of 2025)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e

YEAR = 2024


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    from tests.demo_snapshot import seeded_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    return seeded_demo()


def field(page, label: str, language: str):
    names = {"fi": tr("in Finnish"), "sv": tr("in Swedish")}
    return page.get_by_label(f"{tr(label)} ({names[language]})", exact=True)


def test_a_follow_up_report_is_prepared_approved_published_and_read(ui, demo):
    from phases.demo import DEMO_PASSWORD
    from promises.models import FollowUpDocument, FollowUpReport

    page = ui.page
    project = demo["finished"]
    region = project.region
    with translation.override("fi"):
        reports = reverse(
            "promises:follow_up_list", kwargs={"region": region.slug, "project": project.pk}
        )

    # The preparer starts the report of 2024 and writes its texts.
    ui.login("valmistelija", DEMO_PASSWORD, check=False)
    ui.goto(reports, "follow-up-list")
    ui.heading(tr("Follow-up reports"))
    page.get_by_label(re.compile("^" + re.escape(tr("Year")))).fill(str(YEAR))
    ui.submit(page.get_by_role("button", name=tr("Start the report")).click)
    ui.message(tr("The follow-up report was started."))
    ui.check("follow-up-started")
    field(page, "The year in brief", "fi").fill("Vuonna 2024 lupaus otettiin käyttöön.")
    field(page, "The year in brief", "sv").fill("År 2024 togs löftet i bruk.")
    field(page, "Next year's actions", "fi").fill("Iltavastaanotto avataan.")
    field(page, "Next year's actions", "sv").fill("Kvällsmottagningen öppnas.")
    page.get_by_label(tr("The regional council")).check()
    ui.submit(page.locator("main form").first.get_by_role("button", name=tr("Save")).click)
    ui.message(tr("The follow-up report was saved."))
    ui.check("follow-up-saved")
    report = FollowUpReport.objects.get(decision__project=project, year=YEAR)
    assert report.summary_sv == "År 2024 togs löftet i bruk." and not report.is_approved
    page.get_by_role("button", name=tr("Log out")).click()

    # The secretary records the council's approval, then publishes the report.
    ui.login("sihteeri", DEMO_PASSWORD, check=False)
    with translation.override("fi"):
        report_url = reverse(
            "promises:follow_up",
            kwargs={"region": region.slug, "project": project.pk, "report": report.pk},
        )
    ui.goto(report_url, "follow-up-to-approve")
    page.get_by_label(re.compile("^" + re.escape(tr("Approved on")))).fill("2025-02-17")
    page.get_by_label(re.compile("^" + re.escape(tr("Minutes section")))).fill("§ 9")
    ui.submit(page.get_by_role("button", name=tr("Record the approval")).click)
    ui.message(tr("The approval was recorded; the report is frozen and its PDFs stored."))
    ui.check("follow-up-approved")
    assert set(
        FollowUpDocument.objects.filter(report=report).values_list("language", flat=True)
    ) == {
        "fi",
        "sv",
    }
    ui.submit(page.get_by_role("button", name=tr("Publish the report")).click)
    ui.message(tr("The follow-up report is published beside the promise."))
    page.get_by_role("button", name=tr("Log out")).click()

    # A resident finds it on the public page of the promise and reads it in both languages.
    ui.goto(f"/fi/p/{region.slug}/", "public-promise")
    link = page.get_by_role("link", name=tr("Follow-up report %(year)s", year=YEAR))
    expect(link).to_be_visible()
    ui.submit(link.click)
    ui.heading(re.compile(re.escape(tr("Follow-up report %(year)s", year=YEAR))))
    expect(page.locator("main")).to_contain_text("Vuonna 2024 lupaus otettiin käyttöön.")
    ui.check("public-follow-up-fi")
    ui.goto(f"/sv/p/{region.slug}/follow-up/{YEAR}/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    ui.heading(re.compile(re.escape(tr("Follow-up report %(year)s", "sv", year=YEAR))))
    expect(page.locator("main")).to_contain_text("År 2024 togs löftet i bruk.")
    expect(page.locator("main")).to_contain_text("Kvällsmottagningen öppnas.")
    ui.check("public-follow-up-sv")
    expect(page.locator("main a[type='application/pdf'][hreflang='sv']")).to_be_visible()
