"""The focus indicator of the app's form fields, checked on a page built from the app's own
stylesheets (no server needed)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import ROOT, focus_is_visible

pytestmark = pytest.mark.e2e

STYLESHEETS = [
    "static/vendor/hds-core/base.min.css",
    "static/vendor/hds-core/components/all.min.css",
    "static/css/app.css",
]
FIELD = (
    '<div class="field hds-text-input"><label for="{id}" class="hds-text-input__label">{id}'
    '</label><div class="hds-text-input__input-wrapper">{input}</div></div>'
)


@pytest.fixture
def form_page(browser):
    css = "\n".join((ROOT / path).read_text() for path in STYLESHEETS)
    context = browser.new_context(viewport={"width": 800, "height": 600})
    page = context.new_page()
    fields = [
        FIELD.format(id="name", input='<input type="text" id="name">'),
        FIELD.format(id="due", input='<input type="date" id="due">'),
        FIELD.format(id="notes", input='<textarea id="notes"></textarea>'),
    ]
    page.set_content(f"<style>{css}</style><main><form>{''.join(fields)}</form></main>")
    yield page
    context.close()


def test_every_tab_stop_of_text_fields_shows_focus(form_page):
    form_page.locator("#name").focus()
    form_page.keyboard.press("Shift+Tab")
    form_page.keyboard.press("Tab")
    assert focus_is_visible(form_page)
    for _ in range(3):  # the date input's day, month and year
        form_page.keyboard.press("Tab")
        assert form_page.evaluate("document.activeElement.id") == "due"
        assert focus_is_visible(form_page)


def test_date_picker_button_shows_focus(form_page):
    form_page.locator("#name").focus()
    for _ in range(4):  # day, month, year, then the calendar-picker button
        form_page.keyboard.press("Tab")
    assert form_page.evaluate("document.activeElement.id") == "due"
    assert focus_is_visible(form_page)
