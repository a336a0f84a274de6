"""A working-group member writes a statement of the promise in Finnish and Swedish and saves
a version, on the demo data's current project (phase 3)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    from tests.demo_snapshot import seeded_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    return seeded_demo()


def test_working_group_member_writes_fi_and_sv_and_saves_a_version(ui, demo):
    from phases.demo import DEMO_PASSWORD
    from promises.models import PerspectiveCell, Promise, PromiseStatement, PromiseVersion

    page = ui.page
    project = demo["current"]
    promise = Promise.objects.filter(project=project).order_by("order", "pk").first()
    cell = PerspectiveCell.objects.filter(promise=promise).order_by("pk").first()
    kwargs = {"region": project.region.slug, "project": project.pk, "promise": promise.pk}
    with translation.override("fi"):
        editor = reverse("promises:editor", kwargs=kwargs)
        perspective = reverse(
            "promises:editor_perspective", kwargs={**kwargs, "perspective": cell.perspective}
        )
        versions = reverse("promises:versions", kwargs=kwargs)
        perspective_label = str(cell.get_perspective_display())

    ui.login("tyoryhma", DEMO_PASSWORD, check=False)
    ui.goto(project.get_absolute_url())
    ui.heading(project.title_fi)
    page.goto(ui.url(editor))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    ui.check("editor")
    # The perspective's own page holds its statements in one form.
    page.locator("nav.perspective-nav").get_by_role("link", name=perspective_label).click()
    expect(page).to_have_url(re.compile(re.escape(perspective) + "$"))
    ui.check("editor-perspective")

    # A new statement in Finnish and Swedish, completed with the keyboard alone: Tab to the
    # Finnish text, type, Tab to the Swedish text, type, Tab to the save button and press
    # Enter; focus is visible at every stop.
    form = page.locator("form[data-unsaved-warning]")
    fi = "Saat ajan terveysasemalle kahden viikon sisällä."
    sv = "Du får en tid till hälsostationen inom två veckor."
    ui.tab_to(form.locator(f"textarea[name=new-{cell.pk}-text_fi]"), limit=600)
    page.keyboard.type(fi)
    ui.tab_to(form.locator(f"textarea[name=new-{cell.pk}-text_sv]"))
    page.keyboard.type(sv)
    expect(page.locator("[data-save-state]")).to_have_text(
        tr("Not saved: you have changes on this page. Save them before leaving it.")
    )
    ui.tab_to(form.get_by_role("button", name=tr("Save everything on this page")), limit=600)
    ui.press("Enter")
    ui.message(tr("Saved."))
    statement = PromiseStatement.objects.get(cell=cell, text_fi=fi)
    assert statement.text_sv == sv
    expect(page.locator(f"textarea[name=st-{statement.pk}-text_fi]")).to_have_value(fi)
    expect(page.locator("[data-save-state]")).to_have_text(
        tr("All changes on this page are saved.")
    )
    ui.check("editor-statement-added")

    # The Swedish editor shows the Swedish text.
    with translation.override("sv"):
        editor_sv = reverse(
            "promises:editor_perspective", kwargs={**kwargs, "perspective": cell.perspective}
        )
    page.goto(ui.url(editor_sv))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator(f"textarea[name=st-{statement.pk}-text_sv]")).to_have_value(sv)
    ui.check("editor-sv")

    # A version is saved and listed.
    before = PromiseVersion.objects.filter(promise=promise).count()
    page.goto(ui.url(versions))
    ui.check("versions")
    label = "Luonnos kommenttikierrokselle, selaintesti"
    page.locator("input[name=label_fi]").fill(label)
    page.locator("main form").filter(has=page.locator("input[name=label_fi]")).get_by_role(
        "button"
    ).first.click()
    expect(page.get_by_text(label).first).to_be_visible()
    ui.check("versions-saved")
    assert PromiseVersion.objects.filter(promise=promise).count() == before + 1
    assert re.search(r"/promises/\d+/", page.url)
