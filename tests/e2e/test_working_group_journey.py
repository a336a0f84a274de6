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
    from phases.demo import seed_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    return seed_demo()


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
        add = reverse("promises:statement_add", kwargs={**kwargs, "cell": cell.pk})
        versions = reverse("promises:versions", kwargs=kwargs)

    ui.login("tyoryhma", DEMO_PASSWORD, check=False)
    ui.goto(project.get_absolute_url())
    ui.heading(project.title_fi)
    page.goto(ui.url(editor))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    ui.check("editor")

    # A new statement: sent empty first, then in Finnish and Swedish.
    form = page.locator(f'form[action="{add}"]')
    form.locator("xpath=ancestor::details[1]/summary").click()
    expect(form.locator("textarea[name=text_fi]")).to_be_visible()
    expect(form.locator("textarea[name=text_sv]")).to_be_visible()
    ui.check("statement-add-open")
    form.get_by_role("button", name=tr("Add statement")).click()
    expect(page.locator("#error-summary")).to_contain_text(
        tr("Write the statement in at least one language.")
    )
    ui.check("statement-add-invalid")
    form = page.locator("main form").filter(has=page.locator("textarea[name=text_fi]")).first
    fi = "Saat ajan terveysasemalle kahden viikon sisällä."
    sv = "Du får en tid till hälsostationen inom två veckor."
    # Completed with the keyboard alone: Tab to the Finnish text, type, Tab to the Swedish
    # text, type, Tab to the button and press Enter; focus is visible at every stop.
    ui.tab_to(form.locator("textarea[name=text_fi]"), limit=400)
    page.keyboard.type(fi)
    ui.tab_to(form.locator("textarea[name=text_sv]"))
    page.keyboard.type(sv)
    ui.tab_to(form.get_by_role("button").first)
    ui.press("Enter")
    expect(page.get_by_text(fi).first).to_be_visible()
    ui.check("editor-statement-added")
    statement = PromiseStatement.objects.get(cell=cell, text_fi=fi)
    assert statement.text_sv == sv

    # The Swedish editor shows the Swedish text.
    with translation.override("sv"):
        editor_sv = reverse("promises:editor", kwargs=kwargs)
    page.goto(ui.url(editor_sv))
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_text(sv).first).to_be_visible()
    ui.check("editor-sv")

    # A version is saved and listed.
    before = PromiseVersion.objects.filter(promise=promise).count()
    page.goto(ui.url(versions))
    ui.check("versions")
    label = "Luonnos kommenttikierrokselle, selaintesti"
    page.locator("input[name=label]").fill(label)
    page.locator("main form").filter(has=page.locator("input[name=label]")).get_by_role(
        "button"
    ).first.click()
    expect(page.get_by_text(label).first).to_be_visible()
    ui.check("versions-saved")
    assert PromiseVersion.objects.filter(promise=promise).count() == before + 1
    assert re.search(r"/promises/\d+/", page.url)
