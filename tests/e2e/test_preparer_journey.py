"""A preparer takes a new project from phase 1 to phase 6 in a real browser.

Phase 1 is done entirely in the UI (every task, a checklist, both results, with their error
paths). Every phase's tasks are set in the phase page's task table, all at once with one
"Save tasks" (phase 2's with the keyboard alone, and one note on the task's own page);
phases 1 and 5 write their results on the phase's results page, all at once. The journey
counts the form submissions it makes (every POST the browser sends) and asserts their
number. What the other apps require before a phase can advance (syntheses, promise
versions, a finished comment round, the council decision with its PDF) is filled between
advances by the apps' registered demo steps, the same functions `manage.py seed_demo` uses.
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from phases import services
from phases.models import (
    ChecklistDefinition,
    PhaseDefinition,
    ProjectResult,
    ProjectTask,
    PromiseProject,
    ResultDefinition,
    TaskDefinition,
)
from phases.perspectives import Perspective
from phases.registry import registry
from tests.e2e.conftest import tr, trn

pytestmark = pytest.mark.e2e
OPEN = "%(count)d required tasks are still open."
SUBMISSIONS = 21  # the form submissions (POSTs) the whole journey makes


def action_link(page, action: str, name: str):
    """A table's row action link: "Edit" with a visually hidden ": <row name>"."""
    pattern = rf"^{re.escape(action)}\s*:\s*{re.escape(name)}$"
    return page.get_by_role("link", name=re.compile(pattern))


def test_preparer_takes_a_new_project_from_phase_1_to_phase_6(ui, e2e_region, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # the decision PDF of phase 4
    region, people = e2e_region
    page = ui.page
    preparer = people["preparer"]
    # Form submissions the preparer makes (every POST the browser sends), reported at the end.
    submissions: list[str] = []
    page.on("request", lambda r: submissions.append(r.url) if r.method == "POST" else None)

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
    title_fi = f"{tr('Title')} ({tr('in Finnish')})"
    expect(summary.get_by_role("link", name=re.compile(re.escape(title_fi)))).to_be_visible()
    ui.check("project-create-invalid")
    assert not PromiseProject.objects.exists()

    ui.tab_to("#id_title_fi")
    # The term 2024–2026 is the one participation's demo step (FINISHED_TERM_START) gives a
    # closed comment round with every comment answered, so phase 3 can be left.
    page.keyboard.type("Palvelulupaus 2024–2026")
    ui.tab_to("#id_title_sv")
    page.keyboard.type("Servicelöfte 2024–2026")
    ui.tab_to("#id_title_en")
    page.keyboard.type("Service promise 2024–2026")
    ui.tab_to("#id_term_start")
    page.keyboard.press("Control+A")
    page.keyboard.type("2024")
    ui.tab_to("#id_term_end")
    page.keyboard.press("Control+A")
    page.keyboard.type("2026")
    page.keyboard.press("Enter")

    ui.heading("Palvelulupaus 2024–2026")
    ui.message(tr("The project was created. It starts in phase 1."))
    project = PromiseProject.objects.get(region=region)
    assert (project.title_sv, project.term_start, project.term_end, project.phase) == (
        "Servicelöfte 2024–2026",
        2024,
        2026,
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
    # The advance button looks disabled, with the reason beside it.
    blocked = page.locator(".advance-blocked")
    expect(blocked.locator("[aria-disabled=true]")).to_contain_text(
        tr("Advance to phase %(number)s", number=2)
    )
    expect(blocked).to_contain_text(tr("See what next"))
    ui.check("dashboard-blocked")

    # Each step of "what next" links to the field that fixes it: the first task's link
    # leads to its status in the phase page's task table.
    first_task = tasks[0]
    blockers.get_by_role(
        "link", name=tr("Mark the task “%(name)s” done or not applicable.", name=first_task.name_fi)
    ).click()
    task_pk = ProjectTask.objects.get(project=project, definition=first_task).pk
    assert page.url.endswith(f"#id_task-{task_pk}-status")
    expect(status_of(page, first_task.name_fi)).to_be_in_viewport()

    # The task table is one form: every task's status at once, saved with one "Save
    # tasks". The first task marked "not applicable" without a reason: an error on its row,
    # and what was typed stays in every row.
    first = tasks[0]
    save_tasks = page.get_by_role("button", name=tr("Save tasks"))
    status_of(page, first.name_fi).select_option(ProjectTask.Status.NOT_APPLICABLE)
    for task in tasks[1:]:
        status_of(page, task.name_fi).select_option(ProjectTask.Status.DONE)
    assignee = status_of(page, tasks[1].name_fi, tr("Assignee: %(task)s", task=tasks[1].name_fi))
    assignee.select_option(label="Veera Testinen")
    ui.submit(save_tasks.click)
    reason_error = tr("Write why the task does not apply before marking it not applicable.")
    expect(page.locator("#error-summary")).to_contain_text(reason_error)
    first_task_row = ProjectTask.objects.get(project=project, definition=first)
    expect(
        page.locator(f"#id_task-{first_task_row.pk}-not_applicable_reason_error")
    ).to_contain_text(reason_error)
    expect(status_of(page, first.name_fi)).to_have_value(ProjectTask.Status.NOT_APPLICABLE)
    for task in tasks[1:]:
        expect(status_of(page, task.name_fi)).to_have_value(ProjectTask.Status.DONE)
    ui.check("dashboard-tasks-invalid")
    assert not ProjectTask.objects.filter(project=project).exclude(status="todo").exists()

    # The error summary's link leads to the reason of the first task's row.
    page.locator("#error-summary").get_by_role("link").first.click()
    reason = page.get_by_label(f"{tr('Reason if not applicable')}: {first.name_fi}")
    expect(reason).to_be_in_viewport()
    reason.fill("Reunaehdot on selvitetty jo alueen palvelustrategiassa.")
    ui.submit(save_tasks.click)
    ui.message(tr("The tasks were saved."))
    expect(status_of(page, first.name_fi)).to_have_value(ProjectTask.Status.NOT_APPLICABLE)
    expect(reason).to_have_value("Reunaehdot on selvitetty jo alueen palvelustrategiassa.")
    saved = {
        t.definition_id: t
        for t in ProjectTask.objects.filter(project=project, definition__in=tasks)
    }
    assert saved[first.pk].not_applicable_reason.startswith("Reunaehdot")
    assert all(saved[t.pk].status == ProjectTask.Status.DONE for t in tasks[1:])
    assert saved[tasks[1].pk].assignee == preparer
    ui.check("dashboard-task-saved")
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

    # The results: both on the phase's results page, saved at once; first sent with a
    # file that only pretends to be a PDF (an error, and both texts stay).
    save_results = page.get_by_role("button", name=tr("Save results"))
    page.get_by_role("link", name=tr("Write all the results of the phase on one page")).click()
    ui.heading(tr("Results of the phase"))
    ui.check("results-phase-1")
    texts = {d.pk: f"{d.name_fi}: kirjoitettu selaintestissä." for d in results}
    for definition in results:
        result_field(page, definition, tr("Text")).fill(texts[definition.pk])
    result_field(
        page, results[0], tr("Attachment (PDF, Word, Excel, OpenDocument)")
    ).set_input_files(
        {"name": "suunnitelma.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}
    )
    ui.submit(save_results.click)
    expect(page.locator("#error-summary")).to_contain_text(tr("The file is not a PDF document."))
    for definition in results:
        expect(result_field(page, definition, tr("Text"))).to_have_value(texts[definition.pk])
    ui.check("results-phase-1-invalid")
    assert not ProjectResult.objects.filter(project=project).exists()
    ui.submit(save_results.click)
    ui.message(tr("The results were saved."))
    for definition in results:
        expect(
            page.get_by_role("row", name=re.compile(re.escape(definition.name_fi)))
        ).to_contain_text(tr("In place"))
        assert (
            ProjectResult.objects.get(project=project, definition=definition).text
            == (texts[definition.pk])
        )

    # Nothing blocks any more: advance to phase 2.
    expect(blockers.get_by_role("heading")).to_have_text(tr("Ready to advance"))
    ui.check("dashboard-ready")
    # Advancing asks first, on a page of its own.
    page.get_by_role("link", name=tr("Advance to phase %(number)s", number=2)).click()
    ui.heading(tr("Advance to phase %(number)s", number=2))
    ui.check("advance-confirm")
    assert PromiseProject.objects.get(pk=project.pk).phase == 1
    page.get_by_label(tr("Comment for the history (optional)")).fill("Vaihe 1 valmis.")
    page.get_by_role("button", name=tr("Yes, advance to phase %(number)s", number=2)).click()
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

    # Phases 2 to 5: the phase's tasks, what blocks advancing, the other apps' part, advance.
    users = dict(people)
    dashboard = dashboard_url(project)

    # Phase 2: the synthesis is missing until participation's demo step writes it. The
    # phase page in Swedish first (its task table's labels and button), then in Finnish.
    with translation.override("sv"):
        ui.goto(project.get_absolute_url())
    expect(page.get_by_role("button", name=tr("Save tasks", "sv"))).to_be_visible()
    ui.check("dashboard-phase-2-sv")
    ui.goto(dashboard)
    show_phase_tasks(ui, 2)
    with translation.override("fi"):
        perspectives = ", ".join(str(label) for label in Perspective.labels)
    expect(blockers).to_contain_text(
        tr("The synthesis is missing for: %(names)s.", names=perspectives)
    )
    ui.check("dashboard-phase-2-blocked")
    complete_tasks(ui, project, 2, keyboard=True)
    write_note(ui, project, 2)  # the task's own page stays for its notes
    prepare_other_apps(project, users)
    advance(ui, project, 2, dashboard)

    # Phase 3: no promise, no draft for comments and no comment round yet.
    show_phase_tasks(ui, 3)
    expect(blockers).to_contain_text(tr("Create at least one promise (a customer segment)."))
    expect(blockers).to_contain_text(
        tr("Save the promise as a version for comments (the first draft).")
    )
    expect(blockers).to_contain_text(
        tr("No comment round has been held: open the draft for comments.")
    )
    complete_tasks(ui, project, 3)
    prepare_other_apps(project, users)
    advance(ui, project, 3, dashboard)

    # Phase 4: the council decision is missing until it is recorded with its PDF.
    show_phase_tasks(ui, 4)
    expect(blockers).to_contain_text(
        tr(
            "The council's approval of the decision package, with its stored PDF, "
            "is missing: the secretary records the decision on the Decision page."
        )
    )
    complete_tasks(ui, project, 4)
    prepare_other_apps(project, users)
    advance(ui, project, 4, dashboard)

    # Phase 5: both results are written through the result form, the first with the
    # keyboard alone.
    show_phase_tasks(ui, 5)
    phase5_results = list(ResultDefinition.objects.filter(phase__number=5, provided_by=""))
    assert phase5_results
    for definition in phase5_results:
        expect(blockers).to_contain_text(tr("Result missing: %(name)s.", name=definition.name_fi))
    complete_tasks(ui, project, 5)
    page.get_by_role("link", name=tr("Write all the results of the phase on one page")).click()
    ui.heading(tr("Results of the phase"))
    ui.check("results-phase-5")
    texts = {d.pk: f"{d.name_fi}: toimeenpano alkanut." for d in phase5_results}
    for index, definition in enumerate(phase5_results):
        field = result_field(page, definition, tr("Text"))
        if index == 0:
            ui.tab_to(field)
            page.keyboard.type(texts[definition.pk])
        else:
            field.fill(texts[definition.pk])
    ui.tab_to(page.locator("main form").get_by_role("button", name=tr("Save results")))
    ui.submit(lambda: ui.press("Enter"))
    ui.message(tr("The results were saved."))
    for definition in phase5_results:
        expect(
            page.get_by_role("row", name=re.compile(re.escape(definition.name_fi)))
        ).to_contain_text(tr("In place"))
        assert (
            ProjectResult.objects.get(project=project, definition=definition).text
            == (texts[definition.pk])
        )
    prepare_other_apps(project, users)
    advance(ui, project, 5, dashboard, keyboard=True)

    # Phase 6: continuous development, the last phase: nothing to advance to.
    # Its tasks and the evaluation report are done too (the report with result_save, the key
    # indicators by the indicators app's demo step), so nothing is left open.
    show_phase_tasks(ui, 6)
    complete_tasks(ui, project, 6)
    for definition in ResultDefinition.objects.filter(phase__number=6, provided_by=""):
        services.result_save(
            project=project, definition=definition, by=preparer, text="Arviointiraportti 2026."
        )
    prepare_other_apps(project, users)
    ui.goto(dashboard)
    expect(blockers.get_by_role("heading")).to_have_text(tr("Continuous development"))
    expect(
        page.get_by_role("button", name=re.compile(tr("Advance to phase %(number)s", number=7)))
    ).to_have_count(0)
    phase6 = PhaseDefinition.objects.get(number=6)
    current = page.locator("li[aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_contain_text(phase6.name_fi)
    expect(current).to_contain_text(tr("Current phase"))
    expect(page.locator("ol.timeline li.done")).to_have_count(5)
    ui.check("dashboard-phase-6")
    project.refresh_from_db()
    assert project.phase == 6

    # The history lists the five transitions, each by the preparer.
    page.locator("nav.project-nav").get_by_role("link", name=tr("History")).click()
    ui.heading(tr("History"))
    transitions = page.get_by_role("table").first.locator("tbody tr")
    expect(transitions).to_have_count(5)
    for number in range(1, 6):
        row = transitions.filter(has_text=tr("phase %(a)s → phase %(b)s", a=number, b=number + 1))
        expect(row).to_have_count(1)
        expect(row).to_contain_text("Veera Testinen")
    ui.check("history-phase-6")
    # 25 before the task table was one form (with only one task per phase from phase 2 on
    # done in the browser); now every task of every phase is set in the browser.
    print(f"preparer journey: {len(submissions)} form submissions")
    assert len(submissions) == SUBMISSIONS, submissions


def dashboard_url(project) -> str:
    with translation.override("fi"):
        return project.get_absolute_url()


def show_phase_tasks(ui, number: int) -> None:
    """The dashboard is on phase `number`: its heading, and its tasks in the tasks table."""
    page = ui.page
    phase = PhaseDefinition.objects.get(number=number)
    expect(
        page.get_by_role(
            "heading",
            name=tr("Phase %(number)s: %(name)s") % {"number": number, "name": phase.name_fi},
        )
    ).to_be_visible()
    names = list(
        TaskDefinition.objects.filter(phase=phase)
        .order_by("order")
        .values_list("name_fi", flat=True)
    )
    table = page.locator("table").filter(
        has=page.get_by_role("columnheader", name=tr("Task"), exact=True)
    )
    expect(table.locator("tbody tr")).to_have_count(len(names))
    for name in names:
        expect(task_row(page, name)).to_have_count(1)


def task_row(page, name: str):
    """The tasks table's row of the task `name` (the row header starts with the name)."""
    title = page.locator("th > span:first-child").filter(
        has_text=re.compile("^" + re.escape(name) + "$")
    )
    return page.get_by_role("row").filter(has=title)


def result_field(page, definition, label: str):
    """The field `label` of the result `definition` on the phase's results page."""
    group = page.get_by_role("group", name=definition.name_fi, exact=True)
    return group.get_by_label(label, exact=True)


def status_of(page, name: str, label: str | None = None):
    """The status choice (or the field `label`) of the task `name` in the task table."""
    return page.get_by_label(label or tr("Status: %(task)s", task=name), exact=True)


def complete_tasks(ui, project, number: int, *, keyboard: bool = False) -> None:
    """Every task of the phase marked done in the task table and saved with one "Save
    tasks"; with `keyboard` the status is changed with the arrow keys and the form is sent
    with Enter on the button."""
    page = ui.page
    tasks = list(
        ProjectTask.objects.filter(project=project, definition__phase__number=number)
        .select_related("definition")
        .order_by("definition__order")
    )
    ui.check(f"dashboard-phase-{number}-tasks")
    for task in tasks:
        field = status_of(page, task.definition.name_fi)
        if keyboard and task is tasks[0]:
            ui.tab_to(field, limit=300)
            statuses = [value for value, _label in ProjectTask.Status.choices]
            for _ in range(statuses.index(ProjectTask.Status.DONE) - statuses.index(task.status)):
                ui.press("ArrowDown")
        else:
            field.select_option(ProjectTask.Status.DONE)
        expect(field).to_have_value(ProjectTask.Status.DONE)
    button = page.get_by_role("button", name=tr("Save tasks"))
    if keyboard:
        ui.tab_to(button, limit=300)
        ui.submit(lambda: ui.press("Enter"))
    else:
        ui.submit(button.click)
    ui.message(tr("The tasks were saved."))
    for task in tasks:
        expect(status_of(page, task.definition.name_fi)).to_have_value(ProjectTask.Status.DONE)
    assert not (
        ProjectTask.objects.filter(project=project, definition__phase__number=number)
        .exclude(status=ProjectTask.Status.DONE)
        .exists()
    )
    expect(page.locator("section.blockers")).not_to_contain_text(
        trn("%(count)d required task is still open.", OPEN, 1)
    )


def write_note(ui, project, number: int) -> None:
    """The first task's notes on the task's own page, with the keyboard alone: Tab to the
    notes, type, Enter on the Save button."""
    page = ui.page
    first = (
        ProjectTask.objects.filter(project=project, definition__phase__number=number)
        .select_related("definition")
        .order_by("definition__order")
        .first()
    )
    action_link(page, tr("Edit"), first.definition.name_fi).click()
    ui.heading(first.definition.name_fi)
    ui.check(f"task-phase-{number}")
    expect(page.get_by_label(tr("Done"), exact=True)).to_be_checked()
    ui.tab_to("#id_notes")
    note = f"Vaihe {number}: käsitelty työryhmässä."
    page.keyboard.type(note)
    ui.tab_to(page.locator("main form").get_by_role("button", name=tr("Save")))
    ui.submit(lambda: ui.press("Enter"))
    ui.message(tr("The task was saved."))
    first.refresh_from_db()
    assert (first.status, first.notes) == (ProjectTask.Status.DONE, note)


def prepare_other_apps(project, users) -> None:
    """What the other apps require before the current phase can advance, filled by their
    registered demo steps exactly as `manage.py seed_demo` does (phases/demo.py walk_to)."""
    project.refresh_from_db()
    for step in registry.demo_steps:
        step.prepare(project, project.phase, users)


def advance(ui, project, number: int, dashboard: str, *, keyboard: bool = False) -> None:
    """Nothing blocks phase `number` any more: axe on the dashboard, press "Advance to
    phase N", and the success message and the timeline show the new current phase."""
    page = ui.page
    ui.goto(dashboard)
    expect(page.locator("section.blockers").get_by_role("heading")).to_have_text(
        tr("Ready to advance")
    )
    ui.check(f"dashboard-phase-{number}-ready")
    link = page.get_by_role("link", name=tr("Advance to phase %(number)s", number=number + 1))
    button = page.get_by_role(
        "button", name=tr("Yes, advance to phase %(number)s", number=number + 1)
    )
    if keyboard:
        ui.tab_to(link)
        ui.press("Enter")
        ui.heading(tr("Advance to phase %(number)s", number=number + 1))
        ui.tab_to("#id_comment")
        page.keyboard.type(f"Vaihe {number} valmis.")
        ui.tab_to(button)
        ui.press("Space")
    else:
        link.click()
        ui.heading(tr("Advance to phase %(number)s", number=number + 1))
        button.click()
    ui.message(tr("The project moved to phase %(phase)d.") % {"phase": number + 1})
    phase = PhaseDefinition.objects.get(number=number + 1)
    current = page.locator("li[aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_contain_text(phase.name_fi)
    expect(current).to_contain_text(tr("Current phase"))
    project.refresh_from_db()
    assert project.phase == number + 1
    ui.check(f"dashboard-phase-{number + 1}")
