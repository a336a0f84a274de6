"""The accessibility check the journeys run on every page (`check_accessibility`) judges
WCAG 2.2 AA as well as 2.1 AA: a page built in the browser without a server, once as the
app's pages are and once with what only 2.2 forbids (targets smaller than 24 × 24 CSS
pixels, crowded together)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import check_accessibility

pytestmark = pytest.mark.e2e

PAGE = """<!doctype html><html lang="fi"><head><title>Kommentit</title></head><body><main>
<h1>Kommentit</h1><p>Valitse näytettävät kommentit.</p>{buttons}</main></body></html>"""
ROOMY = (
    '<button type="button" style="min-width:44px;min-height:44px">Edellinen</button> '
    '<button type="button" style="min-width:44px;min-height:44px">Seuraava</button>'
)
# icon buttons of 14 px side by side, as a pager drawn too small would be
CROWDED = "".join(
    f'<button type="button" aria-label="Sivu {n}" style="width:14px;height:14px;padding:0;'
    f'margin:0;border:1px solid #000;font-size:8px;line-height:1">{n}</button>'
    for n in range(1, 6)
)


@pytest.fixture
def blank(browser):
    context = browser.new_context(viewport={"width": 800, "height": 600})
    yield context.new_page()
    context.close()


def test_a_page_with_targets_large_enough_passes(blank):
    blank.set_content(PAGE.format(buttons=ROOMY))
    check_accessibility(blank, "roomy buttons")


def test_targets_smaller_than_24_pixels_side_by_side_fail_as_wcag_22(blank):
    blank.set_content(PAGE.format(buttons=CROWDED))
    with pytest.raises(AssertionError) as failed:
        check_accessibility(blank, "crowded buttons")
    assert "target-size" in str(failed.value)
