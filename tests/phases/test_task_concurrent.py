"""Two people edit the same task on its page (issue 25, item 5): merged field by field.

As in the promise editor (tests/promises/test_editor_concurrent.py): each opens the page
and sends the whole form back; a field only one of them changed is kept, only fields both
changed are a conflict, and "Keep mine" writes only those and the person's own other
changes."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from phases.roles import Role
from tests.promises.test_editor_concurrent import conflict_form, opened, person, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(users):
    return person(Client, users[Role.PREPARER]), person(Client, users[Role.WORKING_GROUP])


@pytest.fixture
def task(project):
    return project.tasks.order_by("pk").first()


def url(task):
    project = task.project
    with translation.override("fi"):
        return reverse(
            "phases:task_edit",
            kwargs={"region": project.region.slug, "project": project.pk, "task": task.pk},
        )


def test_a_field_only_one_person_changed_is_kept(task, two):
    first, second = two
    first_form, second_form = opened(first, url(task)), opened(second, url(task))
    assert send(first, url(task), first_form, due_date="2027-03-31").status_code == 302
    response = send(second, url(task), second_form, status="in_progress", notes="Toisen muistio")
    assert response.status_code == 302  # merged: nobody is asked anything
    task.refresh_from_db()
    assert task.due_date == datetime.date(2027, 3, 31)  # the first person's change stays
    assert (task.status, task.notes) == ("in_progress", "Toisen muistio")


def test_only_fields_both_changed_are_a_conflict_and_keep_mine_writes_only_those(task, two):
    first, second = two
    first_form, second_form = opened(first, url(task)), opened(second, url(task))
    first_changes = {"notes": "Ensimmäisen muistio", "due_date": "2027-03-31"}
    assert send(first, url(task), first_form, **first_changes).status_code == 302
    response = send(second, url(task), second_form, notes="Toisen muistio", status="done")
    html, page = conflict_form(response)
    assert html.count('<tr><th scope="row">') == 1  # one row: the notes both changed
    assert "Toisen muistio" in html and "Ensimmäisen muistio" in html
    # The due date the second person never touched is not marked; if sent back at all,
    # it is the first person's.
    assert dict(page.fields).get("due_date") in (None, "2027-03-31")
    assert send(second, url(task), page).status_code == 302  # "Keep mine"
    task.refresh_from_db()
    assert (task.notes, task.status) == ("Toisen muistio", "done")
    assert task.due_date == datetime.date(2027, 3, 31)  # the first person's change is kept
