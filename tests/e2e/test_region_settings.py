"""A region administrator searches the region's projects by case number, sets the organiser
and contact e-mail, and sees them on the region's privacy notice (axe on every page)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from phases.models import PromiseProject
from phases.roles import Role
from tests.e2e.conftest import tr
from tests.factories import ProjectFactory

pytestmark = pytest.mark.e2e


def test_region_admin_searches_and_sets_the_statements(ui, e2e_region):
    region, people = e2e_region
    wanted = ProjectFactory(region=region, title="Palvelulupaus 2027–2029")
    ProjectFactory(region=region, title="Palvelulupaus 2030–2032")
    PromiseProject.objects.filter(pk=wanted.pk).update(case_number="TA/55/00.01/2026")
    ui.login(people[Role.REGION_ADMIN.value].username)
    ui.goto(f"/fi/r/{region.slug}/")
    page = ui.page
    page.get_by_label(tr("Title or case number")).fill("ta/55")
    page.get_by_role("button", name=tr("Search")).click()
    rows = page.locator("table.data tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Palvelulupaus 2027–2029")
    expect(rows.first).to_contain_text("TA/55/00.01/2026")
    ui.check("search by case number")

    page.get_by_role("link", name=tr("Region settings")).click()
    ui.heading(tr("Region settings"))
    ui.check("region settings")
    page.get_by_label(f"{tr('Organiser' + chr(39) + 's name')} ({tr('in Finnish')})").fill(
        "Testialueen kuntayhtymä"
    )
    page.get_by_label(tr("Contact e-mail")).fill("kirjaamo@testialue.example")
    page.get_by_role("button", name=tr("Save")).click()
    ui.message(tr("The region's settings were saved."))

    ui.goto(f"/fi/p/{region.slug}/privacy/")
    ui.heading(tr("Privacy notice"))
    expect(page.locator("main")).to_contain_text("Testialueen kuntayhtymä")
    expect(page.get_by_role("link", name="kirjaamo@testialue.example")).to_be_visible()
    ui.check("region privacy notice")
    ui.goto(f"/sv/p/{region.slug}/accessibility/")
    ui.heading(tr("Accessibility statement", "sv"))
    ui.check("region accessibility statement (sv)")
