"""The national view in a browser, in Finnish and Swedish, on the demo data: three regions
with promises in force, the search and the perspective filter by keyboard, and axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    from django.core.cache import cache

    from tests.demo_snapshot import seeded_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    return seeded_demo()


def test_the_national_view_in_finnish_and_swedish(ui, demo):
    page = ui.page
    ui.goto("/fi/p/", step="fi")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    table = page.get_by_role("region", name=tr("Regions and their promises"))
    for name in ("Esimerkkialue", "Järviseudun hyvinvointialue", "Rannikkokaupunki"):
        expect(table.get_by_role("link", name=name)).to_be_visible()
    expect(page.locator("svg.indicator-chart").first).to_be_visible()

    # search by keyboard (Swedish page, Swedish word)
    ui.goto("/sv/p/", step="sv")
    search = page.get_by_role("searchbox", name=tr("Search (Finnish or Swedish)", "sv"))
    search.fill("hemvården")
    page.get_by_role("combobox", name=tr("Perspective", "sv")).select_option("quality")
    search.press("Enter")
    page.wait_for_url("**/sv/p/?q=*")
    expect(page.get_by_role("status")).to_contain_text("hemvården")
    ui.check("sv-search")
    headings = page.locator(".national__perspective-title")
    expect(headings).to_have_count(1)
