"""The decision page's documents box, which asks for the page every 2 s while the PDFs are
being prepared (htmx), in a real browser: when the session ends meanwhile, the browser is
taken to the sign-in page instead of the box vanishing (servicelofte/htmx.py)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import tr
from tests.factories import ProjectFactory
from tests.promises.test_decision_support import approve, decision_ready_project

pytestmark = pytest.mark.e2e


def test_the_documents_box_takes_an_ended_session_to_signing_in(
    ui, e2e_region, db_task_backend, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    region, people = e2e_region
    page = ui.page
    project = decision_ready_project(ProjectFactory(region=region), people)
    decision = approve(project, people, languages=("fi",))  # queued: no worker runs here
    assert not decision.documents.exists()
    with translation.override("sv"):
        package = reverse(
            "promises_decision:package", kwargs={"region": region.slug, "project": project.pk}
        )

    ui.login(people["secretary"].username, check=False)
    ui.goto(package)
    box = page.locator(f"#decision-{decision.pk}-documents")
    expect(box.get_by_role("status")).to_contain_text(tr("The documents are being prepared.", "sv"))
    ui.check("documents-pending-sv")  # the Swedish page (the journey checks the Finnish)

    page.context.clear_cookies()  # the session ends while the page waits
    expect(page).to_have_url(re.compile(r"/sv/accounts/login/\?next="), timeout=60_000)
    expect(page.get_by_role("heading", level=1, name=tr("Log in", "sv"))).to_be_visible()
