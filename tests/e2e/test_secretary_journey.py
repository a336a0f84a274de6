"""The council secretary records the decision and downloads the decision PDF. On the demo
data, with the current project walked on to phase 4 (the decision phase)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e


@pytest.fixture
def in_decision(transactional_db, settings, tmp_path):
    from phases.demo import complete_core
    from phases.registry import registry
    from tests.demo_snapshot import seeded_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    from phases import services
    from phases.roles import Role

    demo = seeded_demo()
    project = services.project_create(
        region=demo["region"],
        # The demo steps finish a round (closed, every comment answered) for projects of
        # the finished cycle's term, so this one can reach phase 4.
        title={"fi": "Palvelulupaus, tarkistus", "sv": "Servicelöfte, revision"},
        term_start=2024,
        term_end=2026,
        by=demo["users"][Role.PREPARER],
    )
    # Walk to phase 4 as seed_demo does, without the demo's own decision in phase 4.
    preparer = demo["users"][Role.PREPARER]
    while project.phase < 4:
        complete_core(project, project.phase, preparer)
        for step in registry.demo_steps:
            step.prepare(project, project.phase, demo["users"])
        project = services.project_advance(
            project=project, by=preparer, expected_phase=project.phase, comment=""
        )
    # The preparer's part of phase 4: the package proposes a version of each promise.
    from promises.decision import selectors as decision_selectors
    from promises.decision import services as decision_services
    from promises.demo import DEMO_CHANNELS, DEMO_TEXTS
    from promises.selectors import latest_version

    package = decision_selectors.package_for(project)
    versions = {
        promise.pk: latest_version(promise)
        for promise in decision_selectors.segment_promises(project)
    }
    decision_services.package_update(
        project=project,
        by=preparer,
        lock_version=package.lock_version,
        versions={k: v for k, v in versions.items() if v is not None},
        texts=DEMO_TEXTS,
        channels=DEMO_CHANNELS,
    )
    demo["current"] = project
    return demo


def test_secretary_records_the_decision_and_downloads_the_pdf(ui, in_decision, db_task_backend):
    """With the queue of production: the decision is recorded before its PDF exists; the
    secretary stays on the decision page, which says the documents are being prepared,
    and the link appears there by itself once the worker has stored the PDF (the page is
    not loaded again; its live region tells screen readers). Then the PDF is downloaded."""
    from pypdf import PdfReader

    from phases.demo import DEMO_PASSWORD
    from phases.models import CouncilDecision
    from promises.models import DecisionDocument
    from tests.conftest import run_queued_tasks

    page = ui.page
    project = in_decision["current"]
    assert project.phase == 4
    with translation.override("fi"):
        record = reverse(
            "promises_decision:record",
            kwargs={"region": project.region.slug, "project": project.pk},
        )

    ui.slow_cpu()  # as on a loaded machine: the journey waits on pages and state, not time
    ui.login("sihteeri", DEMO_PASSWORD, check=False)
    ui.goto(project.get_absolute_url())
    ui.heading(project.title_fi)
    ui.goto(record, "record")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    # Sent without the meeting date and section: errors, what was typed stays.
    page.get_by_label(f"{tr('Decision text')} ({tr('in Finnish')})", exact=True).fill(
        "Aluevaltuusto hyväksyi palvelulupauksen."
    )
    ui.submit(page.locator("main form").get_by_role("button").last.click)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(
        page.get_by_label(f"{tr('Decision text')} ({tr('in Finnish')})", exact=True)
    ).to_have_value("Aluevaltuusto hyväksyi palvelulupauksen.")
    ui.check("record-invalid")
    assert not CouncilDecision.objects.filter(project=project).exists()

    # Completed with the keyboard alone: Tab to the date, type its digits (3.3.2026, past, the
    # same in day-month and month-day order), Tab to the section, type, Enter submits.
    meeting_date = page.get_by_label(re.compile("^" + re.escape(tr("Meeting date"))))
    ui.tab_to(meeting_date)
    page.keyboard.type("03032026")
    expect(meeting_date).to_have_value("2026-03-03")
    section = page.get_by_label(re.compile("^" + re.escape(tr("Section (§)"))))
    ui.tab_to(section)
    page.keyboard.type("45")
    expect(section).to_have_value("45")  # every key arrived before the form is sent
    expect(meeting_date).to_have_value("2026-03-03")
    ui.submit(lambda: ui.press("Enter"))
    # Recording cannot be undone: a confirmation page shows what will be recorded.
    expect(
        page.get_by_role("heading", name=tr("Check the decision before recording it"))
    ).to_be_visible()
    ui.check("record-confirm")
    assert not CouncilDecision.objects.filter(project=project).exists()
    ui.submit(lambda: page.get_by_role("button", name=tr("Yes, record the decision")).click())
    expect(page.locator(".messages")).to_contain_text(
        tr(
            "The decision was recorded; the approved promise is frozen and its PDFs "
            "are being prepared."
        )
    )
    decision = CouncilDecision.objects.get(project=project)
    assert (decision.section, decision.meeting_date.isoformat()) == ("45", "2026-03-03")
    assert not DecisionDocument.objects.filter(decision=decision).exists()
    box = page.locator(f"#decision-{decision.pk}-documents")
    expect(box.get_by_role("status")).to_contain_text(tr("The documents are being prepared."))
    ui.check("package-after-decision")
    page.evaluate("window.stayedOnThisPage = true")  # gone if the page were loaded again

    assert run_queued_tasks() >= 1  # the worker stores the PDFs
    document = DecisionDocument.objects.filter(decision=decision).order_by("language").first()
    assert document is not None
    expect(box.locator("a[type='application/pdf']").first).to_be_visible(timeout=60_000)
    expect(box.get_by_role("status")).to_have_count(0)  # the box asks every 2 s (htmx)
    assert document.sha256 in box.inner_text()
    assert page.evaluate("window.stayedOnThisPage === true")
    expect(box.locator("xpath=..")).to_have_attribute("aria-live", "polite")
    ui.check("package-with-documents")

    # The PDF is downloaded as the secretary sees it linked.
    with translation.override("fi"):
        document_url = reverse(
            "public:document", kwargs={"region": project.region.slug, "document": document.pk}
        )
    link = page.locator(f"main a[href$='{document_url}']").first
    expect(link).to_be_visible()
    with page.expect_download() as download_info:
        link.click(modifiers=["Alt"])
    path = download_info.value.path()
    data = open(path, "rb").read()
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    text = "".join(p.extract_text() or "" for p in reader.pages)
    assert "Esikatselu" not in text  # the approved document, not a preview
    assert "§ 45" in text or "45 §" in text
