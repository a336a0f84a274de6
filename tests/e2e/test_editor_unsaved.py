"""Typed text in the promise editor is never lost without a warning (issue 13, item 1).

A working-group member types into several places of one perspective page (a goal, another
side's statement, a new statement), tries to leave through a link and is asked first
(beforeunload); staying keeps every text. Pressing a button of the page ("Move down")
saves everything typed. On the first page, text typed into the vision is again guarded;
leaving anyway loses only what the browser warned about."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e

NOT_SAVED = "Not saved: you have changes on this page. Save them before leaving it."


@pytest.fixture
def promise(e2e_region):
    from tests.promises.factories import filled_promise

    region, _people = e2e_region
    return filled_promise(_project(region), statements_per_cell=2)


def _project(region):
    from phases.models import PromiseProject
    from tests.factories import ProjectFactory

    project = ProjectFactory(region=region)
    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    project.refresh_from_db()
    return project


def test_typed_text_is_kept_or_warned_about(ui, promise):
    from phases.perspectives import Side
    from promises.models import PerspectiveCell, Promise

    page = ui.page
    project = promise.project
    resident = PerspectiveCell.objects.get(
        promise=promise, perspective="access", side=Side.RESIDENT
    )
    organiser = PerspectiveCell.objects.get(
        promise=promise, perspective="access", side=Side.ORGANISER
    )
    first, _second = resident.statements.order_by("order", "pk")
    other = organiser.statements.order_by("order", "pk").first()
    kwargs = {"region": project.region.slug, "project": project.pk, "promise": promise.pk}
    with translation.override("fi"):
        editor = reverse("promises:editor", kwargs=kwargs)
        access = reverse("promises:editor_perspective", kwargs={**kwargs, "perspective": "access"})
        from phases.perspectives import Perspective

        next_label = str(dict(Perspective.choices)[Perspective.values[1]])

    dialogs: list[str] = []

    def answer(dialog, accept: bool):
        dialogs.append(dialog.type)
        dialog.accept() if accept else dialog.dismiss()

    ui.login("e2e_working_group", check=False)
    ui.goto(access, "perspective-page")
    state = page.locator("[data-save-state]")
    expect(state).to_have_text(tr("All changes on this page are saved."))

    typed = {
        f"cell-{resident.pk}-goal_fi": "Asukkaan tavoite, kirjoitettu selaimessa",
        f"st-{other.pk}-text_sv": "Anordnarens mening, skriven i webbläsaren",
        f"new-{resident.pk}-text_fi": "Uusi kirjaus selaimesta",
    }
    for name, text in typed.items():
        box = page.locator(f"textarea[name='{name}']")
        box.click()
        page.keyboard.press("Control+a")
        page.keyboard.type(text)
    expect(state).to_have_text(tr(NOT_SAVED))
    ui.check("perspective-typed")

    # Leaving through a link asks first; staying keeps every text.
    page.once("dialog", lambda d: answer(d, accept=False))
    page.locator("nav.perspective-nav").get_by_role("link", name=next_label).click()
    expect(page.locator(f"textarea[name='new-{resident.pk}-text_fi']")).to_have_value(
        typed[f"new-{resident.pk}-text_fi"]
    )
    assert dialogs == ["beforeunload"]
    assert page.url.endswith(access)
    for name, text in typed.items():
        expect(page.locator(f"textarea[name='{name}']")).to_have_value(text)

    # Another button of the page ("Move down") saves everything typed, without a warning.
    page.on("dialog", lambda d: answer(d, accept=True))
    page.get_by_role("button", name=re.compile("^" + re.escape(tr("Move down")))).first.click()
    ui.message(tr("Saved."))
    assert dialogs == ["beforeunload"]
    resident.refresh_from_db()
    other.refresh_from_db()
    assert resident.goal_fi == typed[f"cell-{resident.pk}-goal_fi"]
    assert other.text_sv == typed[f"st-{other.pk}-text_sv"]
    assert resident.statements.filter(text_fi=typed[f"new-{resident.pk}-text_fi"]).exists()
    order = list(resident.statements.order_by("order", "pk").values_list("pk", flat=True))
    assert order.index(first.pk) == 1
    expect(state).to_have_text(tr("All changes on this page are saved."))
    ui.check("perspective-saved")

    # The first page: the vision is guarded too; leaving anyway is the user's choice.
    ui.goto(editor, "editor-first-page")
    vision = page.locator("textarea[name=vision_fi]")
    vision.click()
    page.keyboard.type(" Lisätty lause, jota ei tallenneta.")
    expect(page.locator("[data-save-state]")).to_have_text(tr(NOT_SAVED))
    page.locator("nav.perspective-nav").get_by_role("link", name=next_label).click()
    expect(page).not_to_have_url(re.compile(re.escape(editor) + "$"))
    assert dialogs == ["beforeunload", "beforeunload"]
    assert "Lisätty lause" not in (Promise.objects.get(pk=promise.pk).vision_fi or "")
