"""A site administrator creates a region in the browser and invites its first administrator;
the form's errors are shown and the typed input stays (axe on every page)."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from phases.models import Region
from tests.e2e.conftest import quick_password_hash, tr
from tests.factories import UserFactory

pytestmark = pytest.mark.e2e


def test_site_admin_creates_a_region(ui, transactional_db):
    UserFactory(username="paakayttaja", is_superuser=True, password=quick_password_hash())
    ui.login("paakayttaja")
    ui.page.get_by_role("link", name=tr("New region")).click()
    ui.heading(tr("New region"))
    ui.check("region form")

    page = ui.page
    page.get_by_label(f"{tr('Name')} ({tr('in Finnish')})", exact=True).fill(
        "Järvialueen hyvinvointialue"
    )
    page.get_by_label(tr("Address name")).fill("jarvialue")
    page.get_by_label(tr("E-mail of the first region administrator")).fill("ei-osoite")
    page.get_by_role("button", name=tr("Create the region")).click()
    ui.heading(tr("New region"))
    expect(page.get_by_label(tr("Address name"))).to_have_value("jarvialue")
    ui.check("region form with errors")

    page.get_by_label(f"{tr('Name')} ({tr('in Swedish')})", exact=True).fill(
        "Sjöområdets välfärdsområde"
    )
    page.get_by_label(tr("E-mail of the first region administrator")).fill(
        "anna.admin@jarvialue.example"
    )
    page.get_by_role("button", name=tr("Create the region")).click()
    ui.heading("Järvialueen hyvinvointialue")
    ui.message("anna.admin@jarvialue.example")
    ui.check("new region")
    region = Region.objects.get(slug="jarvialue")
    assert region.name_sv == "Sjöområdets välfärdsområde"
    assert [m.to for m in mail.outbox] == [["anna.admin@jarvialue.example"]]
