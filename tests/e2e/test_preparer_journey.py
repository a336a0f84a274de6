"""A preparer takes a new project through phase 1 into phase 2 in a real browser."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from phases.models import (
    ChecklistDefinition,
    PhaseDefinition,
    ProjectResult,
    ProjectTask,
    PromiseProject,
    ResultDefinition,
    TaskDefinition,
)
from tests.e2e.conftest import tr, trn

pytestmark = pytest.mark.e2e
OPEN = "%(count)d required tasks are still open."


def action_link(page, action: str, name: str):
    """A table's row action link: "Edit" with a visually hidden ": <row name>"."""
    pattern = rf"^{re.escape(action)}\s*:\s*{re.escape(name)}$"
    return page.get_by_role("link", name=re.compile(pattern))


def test_preparer_takes_a_project_from_phase_1_to_phase_2(ui, e2e_region):
    region, people = e2e_region
    page = ui.page
    preparer = people["preparer"]

    # Log in with the keyboard alone: the username field has focus, Tab moves on, Enter sends.
    ui.goto("/fi/accounts/login/", "login")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type(preparer.username)
    ui.tab_to("#id_password")
    page.keyboard.type("wrong password")
    page.keyboard.press("Enter")
    expect(page.locator("#error-summary")).to_contain_text(
        tr("The username or password was not right. Check both and try again.")
    )
    expect(page.locator("#id_username")).to_have_value(preparer.username)
    ui.check("login-invalid")
    ui.login(preparer.username, check=False)

    # The region list and the region.
    ui.heading(tr("Your regions"))
    ui.check("regions")
    page.get_by_role("link", name="Testialue").click()
    ui.heading("Testialue")
    expect(page.get_by_text(tr("No projects yet."))).to_be_visible()
    ui.check("region")

    # A new project: first sent empty (errors), then completed with the keyboard alone.
    page.get_by_role("link", name=tr("New promise project")).click()
    ui.heading(tr("New promise project"))
    ui.check("project-create")
    page.get_by_role("button", name=tr("Create project")).click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile(tr("Title in Finnish")))).to_be_visible()
    ui.check("project-create-invalid")
    assert not PromiseProject.objects.exists()

    ui.tab_to("#id_title_fi")
    page.keyboard.type("Palvelulupaus 2027–2029")
    ui.tab_to("#id_title_sv")
    page.keyboard.type("Servicelöfte 2027–2029")
    ui.tab_to("#id_title_en")
    page.keyboard.type("Service promise 2027–2029")
    ui.tab_to("#id_term_start")
    page.keyboard.press("Control+A")
    page.keyboard.type("2027")
    ui.tab_to("#id_term_end")
    page.keyboard.press("Control+A")
    page.keyboard.type("2029")
    page.keyboard.press("Enter")

    ui.heading("Palvelulupaus 2027–2029")
    ui.message(tr("The project was created. It starts in phase 1."))
    project = PromiseProject.objects.get(region=region)
    assert (project.title_sv, project.term_start, project.term_end, project.phase) == (
        "Servicelöfte 2027–2029",
        2027,
        2029,
        1,
    )
    phase1 = PhaseDefinition.objects.get(number=1)
    expect(
        page.get_by_role(
            "heading", name=tr("Phase %(number)s: %(name)s") % {"number": 1, "name": phase1.name_fi}
        )
    ).to_be_visible()

    # What still blocks advancing: the open tasks and the missing results.
    blockers = page.locator("section.blockers")
    expect(blockers.get_by_role("heading")).to_have_text(
        tr("What still blocks advancing from phase %(number)s", number=1)
    )
    tasks = list(TaskDefinition.objects.filter(phase__number=1, required=True))
    expect(blockers).to_contain_text(
        trn("%(count)d required task is still open.", OPEN, len(tasks))
    )
    results = list(ResultDefinition.objects.filter(phase__number=1, provided_by=""))
    for definition in results:
        expect(blockers).to_contain_text(definition.name_fi)
    ui.check("dashboard-blocked")

    # A task marked "not applicable" without a reason: an error, and what was typed stays.
    first = tasks[0]
    edit = tr("Edit")
    action_link(page, edit, first.name_fi).click()
    ui.heading(first.name_fi)
    ui.check("task")
    page.get_by_label(tr("Not applicable"), exact=True).check()
    page.get_by_label(tr("notes").capitalize()).fill("Arvioitu työryhmässä 12.3.")
    page.get_by_role("button", name=tr("Save")).click()
    reason_error = tr("Write why the task does not apply before marking it not applicable.")
    expect(page.locator("#error-summary")).to_contain_text(reason_error)
    expect(page.locator("#id_not_applicable_reason_error")).to_contain_text(reason_error)
    expect(page.get_by_label(tr("notes").capitalize())).to_have_value("Arvioitu työryhmässä 12.3.")
    expect(page.get_by_label(tr("Not applicable"), exact=True)).to_be_checked()
    ui.check("task-invalid")
    assert ProjectTask.objects.get(project=project, definition=first).status == "todo"

    page.get_by_label(tr("reason it does not apply").capitalize()).fill(
        "Reunaehdot on selvitetty jo alueen palvelustrategiassa."
    )
    page.get_by_role("button", name=tr("Save")).click()
    ui.message(tr("The task was saved."))
    row = page.get_by_role("row", name=re.compile(re.escape(first.name_fi)))
    expect(row).to_contain_text(tr("Not applicable"))
    expect(row).to_contain_text("Reunaehdot on selvitetty jo alueen palvelustrategiassa.")
    ui.check("dashboard-task-saved")

    # The other required tasks are done.
    for task in tasks[1:]:
        action_link(page, edit, task.name_fi).click()
        ui.heading(task.name_fi)
        ui.check(f"task-{task.key}")
        page.get_by_label(tr("Done"), exact=True).check()
        page.get_by_role("button", name=tr("Save")).click()
        ui.message(tr("The task was saved."))
    expect(blockers).not_to_contain_text(trn("%(count)d required task is still open.", OPEN, 1))

    # A checklist answered.
    checklist = ChecklistDefinition.objects.filter(phase__number=1).first()
    statement = checklist.statements.first()
    page.get_by_role("link", name=checklist.name_fi).click()
    ui.heading(checklist.name_fi)
    ui.check("checklist")
    group = page.get_by_role("group", name=re.compile(re.escape(statement.text_fi[:40])))
    group.get_by_label(tr("Yes"), exact=True).check()
    page.locator(f"#id_note_{statement.pk}").fill("Strategia hyväksytty valtuustossa 2025.")
    page.get_by_role("button", name=tr("Save answers")).click()
    ui.message(tr("The answers were saved."))
    expect(page.get_by_role("listitem").filter(has_text=checklist.name_fi)).to_contain_text(
        tr("%(answered)s of %(total)s answered")
        % {"answered": 1, "total": checklist.statements.count()}
    )

    # The results: one first sent with a file that only pretends to be a PDF.
    write = tr("Write or attach")
    for index, definition in enumerate(results):
        action_link(page, write, definition.name_fi).click()
        ui.heading(definition.name_fi)
        ui.check(f"result-{definition.key}")
        text = f"{definition.name_fi}: kirjoitettu selaintestissä."
        page.get_by_label(tr("Text"), exact=True).fill(text)
        if index == 0:
            page.get_by_label(tr("Attachment (PDF, Word, Excel, OpenDocument)")).set_input_files(
                {"name": "suunnitelma.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}
            )
            page.get_by_role("button", name=tr("Save")).click()
            expect(page.locator("#error-summary")).to_contain_text(
                tr("The file is not a PDF document.")
            )
            expect(page.get_by_label(tr("Text"), exact=True)).to_have_value(text)
            ui.check(f"result-{definition.key}-invalid")
            assert not ProjectResult.objects.filter(project=project).exists()
        page.get_by_role("button", name=tr("Save")).click()
        ui.message(tr("The result was saved."))
        expect(
            page.get_by_role("row", name=re.compile(re.escape(definition.name_fi)))
        ).to_contain_text(tr("In place"))

    # Nothing blocks any more: advance to phase 2.
    expect(blockers.get_by_role("heading")).to_have_text(tr("Ready to advance"))
    ui.check("dashboard-ready")
    page.get_by_label(tr("Comment for the history (optional)")).fill("Vaihe 1 valmis.")
    page.get_by_role("button", name=tr("Advance to phase %(number)s", number=2)).click()
    ui.message(tr("The project moved to phase %(phase)d.") % {"phase": 2})
    phase2 = PhaseDefinition.objects.get(number=2)
    expect(
        page.get_by_role(
            "heading", name=tr("Phase %(number)s: %(name)s") % {"number": 2, "name": phase2.name_fi}
        )
    ).to_be_visible()
    expect(page.locator("li[aria-current=step]")).to_contain_text(phase2.name_fi)
    ui.check("dashboard-phase-2")
    project.refresh_from_db()
    assert project.phase == 2

    # The history shows who advanced the phase, and the task changes.
    page.locator("nav.project-nav").get_by_role("link", name=tr("History")).click()
    ui.heading(tr("History"))
    transition = page.get_by_role("row").filter(has_text=tr("phase %(a)s → phase %(b)s", a=1, b=2))
    expect(transition).to_contain_text("Veera Testinen")
    expect(transition).to_contain_text("Vaihe 1 valmis.")
    expect(page.get_by_role("row").filter(has_text=first.name_fi).first).to_contain_text(
        tr("Not applicable")
    )
    ui.check("history")
