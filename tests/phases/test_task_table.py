"""The phase page's task table as one form: every row saved with one "Save tasks", all or
nothing, only the rows the user changed, with the same checks as the task page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from phases import services
from phases.models import ProjectTask
from phases.roles import Role
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def phase_url(project, name="phases:phase_tasks", phase=1, lang="en"):
    with translation.override(lang):
        return reverse(
            name, kwargs={"region": project.region.slug, "project": project.pk, "phase": phase}
        )


def phase_tasks(project, phase=1):
    return list(
        ProjectTask.objects.filter(project=project, definition__phase__number=phase).order_by(
            "definition__order"
        )
    )


def table_data(tasks, changes=None):
    """What the phase page's form sends as the page shows it, with `changes` as
    {task pk: {field: value}} typed by the user."""
    data = {"task": [t.pk for t in tasks]}
    for task in tasks:
        shown = {
            "status": task.status,
            "not_applicable_reason": task.not_applicable_reason,
            "assignee": task.assignee_id or "",
            "due_date": task.due_date.isoformat() if task.due_date else "",
        }
        prefix = f"task-{task.pk}-"
        for name, value in shown.items():
            data[f"initial-{prefix}{name}"] = value
            data[prefix + name] = (changes or {}).get(task.pk, {}).get(name, value)
        data[prefix + "lock_version"] = task.lock_version
    return data


def test_the_phase_page_shows_the_tasks_as_one_form_with_a_label_for_every_input(
    client, project, users
):
    client.force_login(users[Role.PREPARER.value])
    html = client.get(phase_url(project, "phases:project_phase")).content.decode()
    assert f'action="{phase_url(project)}"' in html
    assert "Save tasks" in html
    for task in phase_tasks(project):
        for name in ("status", "not_applicable_reason", "assignee", "due_date"):
            assert f'for="id_task-{task.pk}-{name}"' in html, name
    # a viewer sees the table without the form
    client.force_login(users[Role.VIEWER.value])
    html = client.get(phase_url(project, "phases:project_phase")).content.decode()
    assert "Save tasks" not in html and 'name="task"' not in html


def test_one_save_stores_every_changed_row(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    tasks = phase_tasks(project)
    first, second, third = tasks[:3]
    member = users[Role.WORKING_GROUP.value]
    data = table_data(
        tasks,
        {
            first.pk: {"status": "done"},
            second.pk: {"status": "not_applicable", "not_applicable_reason": "Tehty jo."},
            third.pk: {"assignee": member.pk, "due_date": "2027-03-01", "status": "in_progress"},
        },
    )
    response = client.post(phase_url(project), data)
    assert response.status_code == 302
    assert response["Location"].endswith(
        phase_url(project, "phases:project_phase") + "#tasks-title"
    )
    rows = {t.pk: t for t in phase_tasks(project)}
    assert rows[first.pk].status == "done"
    assert (rows[second.pk].status, rows[second.pk].not_applicable_reason) == (
        "not_applicable",
        "Tehty jo.",
    )
    assert (rows[third.pk].status, rows[third.pk].assignee, str(rows[third.pk].due_date)) == (
        "in_progress",
        member,
        "2027-03-01",
    )
    assert rows[first.pk].updated_by == users[Role.PREPARER.value]
    # the rows left alone are not written (no new version, no history entry)
    untouched = [t for t in tasks[3:]]
    assert all(rows[t.pk].lock_version == t.lock_version for t in untouched)
    assert all(rows[t.pk].history.count() == t.history.count() for t in untouched)
    page = client.get(response["Location"]).content.decode()
    assert "The tasks were saved." in page


def test_a_task_of_another_project_is_404_and_nothing_is_saved(client, project, users):
    other = ProjectFactory(region=users["other_region"])
    mine_in_region = ProjectFactory(region=project.region, title="Toinen hanke")
    client.force_login(users[Role.PREPARER.value])
    tasks = phase_tasks(project)
    for foreign in (phase_tasks(other)[0], phase_tasks(mine_in_region)[0]):
        data = table_data([foreign], {foreign.pk: {"status": "done"}})
        data.update(table_data(tasks, {tasks[0].pk: {"status": "done"}}))
        data["task"] = [t.pk for t in tasks] + [foreign.pk]
        assert client.post(phase_url(project), data).status_code == 404
        foreign.refresh_from_db()
        assert foreign.status == "todo"
    assert all(t.status == "todo" for t in phase_tasks(project))
    # a task of another phase of the same project is refused too
    later = phase_tasks(project, 2)[0]
    data = table_data([later], {later.pk: {"status": "done"}})
    assert client.post(phase_url(project), data).status_code == 404


def test_a_conflict_shows_the_message_keeps_what_was_typed_and_saves_nothing(
    client, project, users
):
    client.force_login(users[Role.PREPARER.value])
    tasks = phase_tasks(project)
    first, second = tasks[:2]
    data = table_data(
        tasks,
        {
            first.pk: {"status": "not_applicable", "not_applicable_reason": "Kirjoitin tämän."},
            second.pk: {"status": "done"},
        },
    )
    # somebody saves the second task after the page was opened
    services.task_update(
        task=ProjectTask.objects.get(pk=second.pk),
        by=users[Role.WORKING_GROUP.value],
        status="in_progress",
        lock_version=second.lock_version,
    )
    response = client.post(phase_url(project), data)
    assert response.status_code == 409
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert "Someone else saved this while you were editing." in html
    assert "Kirjoitin tämän." in html  # what was typed is kept
    assert "Saved meanwhile by" in html
    rows = {t.pk: t for t in phase_tasks(project)}
    assert rows[first.pk].status == "todo"  # all or nothing
    assert rows[second.pk].status == "in_progress"


def test_a_row_left_alone_does_not_conflict_with_someone_elses_save(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    tasks = phase_tasks(project)
    first, second = tasks[:2]
    data = table_data(tasks, {first.pk: {"status": "done"}})
    services.task_update(
        task=ProjectTask.objects.get(pk=second.pk),
        by=users[Role.WORKING_GROUP.value],
        status="in_progress",
        lock_version=second.lock_version,
    )
    assert client.post(phase_url(project), data).status_code == 302
    rows = {t.pk: t for t in phase_tasks(project)}
    assert (rows[first.pk].status, rows[second.pk].status) == ("done", "in_progress")


def test_not_applicable_without_a_reason_is_an_error_on_its_row(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    tasks = phase_tasks(project)
    first, second = tasks[:2]
    data = table_data(
        tasks,
        {first.pk: {"status": "not_applicable"}, second.pk: {"due_date": "2027-05-02"}},
    )
    response = client.post(phase_url(project), data)
    assert response.status_code == 400
    html = response.content.decode()
    message = "Write why the task does not apply before marking it not applicable."
    assert f'href="#id_task-{first.pk}-not_applicable_reason"' in html
    assert html.count(message) == 2  # in the summary and under the field
    assert f'aria-describedby="id_task-{first.pk}-not_applicable_reason_error"' in html
    assert 'value="2027-05-02"' in html
    assert all(t.status == "todo" and t.due_date is None for t in phase_tasks(project))


@pytest.mark.parametrize("role", [Role.VIEWER, Role.SECRETARY, Role.REGION_ADMIN])
def test_who_may_not_edit_gets_403_and_nothing_is_saved(client, project, users, role):
    client.force_login(users[role.value])
    tasks = phase_tasks(project)
    response = client.post(phase_url(project), table_data(tasks, {tasks[0].pk: {"status": "done"}}))
    assert response.status_code == 403
    assert all(t.status == "todo" for t in phase_tasks(project))


def test_the_task_page_refuses_a_save_from_an_older_version(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    task = phase_tasks(project)[0]
    with translation.override("en"):
        url = reverse(
            "phases:task_edit",
            kwargs={"region": project.region.slug, "project": project.pk, "task": task.pk},
        )
    started_from = task.lock_version
    services.task_update(
        task=task, by=users[Role.WORKING_GROUP.value], status="done", lock_version=started_from
    )
    response = client.post(
        url, {"status": "in_progress", "notes": "Oma muistiinpano", "lock_version": started_from}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else saved first" in html  # the status both changed is asked about
    assert "Oma muistiinpano" in html
    task.refresh_from_db()
    assert (task.status, task.notes) == ("done", "")


# -- a phase's results on one page ---------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def written_results(phase=1):
    from phases.models import ResultDefinition

    return list(ResultDefinition.objects.filter(phase__number=phase, provided_by=""))


def test_the_results_of_a_phase_are_saved_with_one_post(client, project, users, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phases.models import ProjectResult

    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(users[Role.WORKING_GROUP.value])
    url = phase_url(project, "phases:phase_results")
    first, second = written_results()[:2]
    page = client.get(url).content.decode()
    assert (
        f'for="id_result-{first.pk}-text"' in page and f'for="id_result-{second.pk}-text"' in page
    )
    # a bad file on one result: an error, both texts kept, nothing saved
    fake = SimpleUploadedFile("plan.pdf", b"not a pdf", "application/pdf")
    data = {
        f"result-{first.pk}-text": "Projektisuunnitelma.",
        f"result-{first.pk}-attachment": fake,
        f"result-{second.pk}-text": "Sidosryhmäkartta.",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The file is not a PDF document." in html
    assert "Projektisuunnitelma." in html and "Sidosryhmäkartta." in html
    assert not ProjectResult.objects.filter(project=project).exists()
    data[f"result-{first.pk}-attachment"] = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    response = client.post(url, data)
    assert response.status_code == 302
    saved = {r.definition_id: r for r in ProjectResult.objects.filter(project=project)}
    assert saved[first.pk].text == "Projektisuunnitelma." and saved[first.pk].attachment
    assert saved[second.pk].text == "Sidosryhmäkartta."
    # sent again unchanged: nothing is written
    before = {pk: r.updated_at for pk, r in saved.items()}
    data.pop(f"result-{first.pk}-attachment")
    client.post(url, data)
    after = {r.definition_id: r.updated_at for r in ProjectResult.objects.filter(project=project)}
    assert after == before


@pytest.mark.parametrize("role", [Role.VIEWER, Role.SECRETARY])
def test_the_results_page_is_refused_to_who_may_not_edit(client, project, users, role):
    from phases.models import ProjectResult

    client.force_login(users[role.value])
    url = phase_url(project, "phases:phase_results")
    assert client.get(url).status_code == 403
    first = written_results()[0]
    assert client.post(url, {f"result-{first.pk}-text": "Väärennetty"}).status_code == 403
    assert not ProjectResult.objects.filter(project=project).exists()


def test_a_batch_of_results_that_fails_keeps_the_file_it_would_have_cleared(
    project, users, settings, tmp_path, django_capture_on_commit_callbacks
):
    """All or nothing, files included: the attachment cleared by the first change of a
    batch that fails later is still on disk and still named by its row; a batch that
    succeeds removes it once committed."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phases.models import ResultDefinition

    settings.MEDIA_ROOT = tmp_path / "media"
    by = users[Role.WORKING_GROUP.value]
    first = written_results()[0]
    provided = ResultDefinition.objects.exclude(provided_by="").first()
    result = services.result_save(
        project=project,
        definition=first,
        by=by,
        text="Suunnitelma.",
        attachment=SimpleUploadedFile("plan.pdf", PDF, "application/pdf"),
    )
    stored = result.attachment.name
    storage = result.attachment.storage
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.results_save(
            project=project,
            changes=[(first, "Ilman liitettä.", None, True), (provided, "x", None, False)],
            by=by,
        )
    result.refresh_from_db()
    assert result.attachment.name == stored and storage.exists(stored)
    with django_capture_on_commit_callbacks(execute=True):
        services.results_save(project=project, changes=[(first, "Ilman.", None, True)], by=by)
    result.refresh_from_db()
    assert not result.attachment and not storage.exists(stored)


def test_a_batch_of_results_that_fails_leaves_no_new_file_behind(
    project, users, settings, tmp_path
):
    """A new attachment stored by the first change of a batch that fails later is removed
    again: no file on disk that no row names."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from phases.models import ProjectResult, ResultDefinition

    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    first = written_results()[0]
    provided = ResultDefinition.objects.exclude(provided_by="").first()
    upload = SimpleUploadedFile("plan.pdf", PDF, "application/pdf")
    with pytest.raises(ValidationError):
        services.results_save(
            project=project,
            changes=[(first, "Liitteen kanssa.", upload, False), (provided, "x", None, False)],
            by=users[Role.WORKING_GROUP.value],
        )
    assert not ProjectResult.objects.filter(project=project, definition=first).exists()
    assert [p for p in media.rglob("*") if p.is_file()] == []


def test_a_field_only_one_person_changed_in_the_same_row_is_kept(client, project, users):
    """Issue 25, item 5: two people change different fields of one task: both are kept."""
    client.force_login(users[Role.PREPARER.value])
    tasks = phase_tasks(project)
    first = tasks[0]
    data = table_data(tasks, {first.pk: {"status": "done"}})
    services.task_update(
        task=ProjectTask.objects.get(pk=first.pk),
        by=users[Role.WORKING_GROUP.value],
        status=first.status,
        due_date=datetime.date(2027, 3, 31),
        lock_version=first.lock_version,
    )
    response = client.post(phase_url(project), data)
    assert response.status_code == 302
    saved = ProjectTask.objects.get(pk=first.pk)
    assert saved.status == "done"  # mine
    assert saved.due_date == datetime.date(2027, 3, 31)  # theirs, kept


def test_only_a_field_both_changed_is_a_conflict_in_the_table(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    tasks = phase_tasks(project)
    first = tasks[0]
    data = table_data(tasks, {first.pk: {"status": "done", "due_date": "2027-04-30"}})
    services.task_update(
        task=ProjectTask.objects.get(pk=first.pk),
        by=users[Role.WORKING_GROUP.value],
        status=first.status,
        due_date=datetime.date(2027, 3, 31),
        lock_version=first.lock_version,
    )
    response = client.post(phase_url(project), data)
    assert response.status_code == 409  # the due date: both changed it
    saved = ProjectTask.objects.get(pk=first.pk)
    assert (saved.status, saved.due_date) == (first.status, datetime.date(2027, 3, 31))
