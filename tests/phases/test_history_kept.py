"""The project's history page draws its two tables once and keeps them under the
project's content version and what else they show (issue 31, the floor): every write the
page shows is on the next render, whoever drew the tables before. A task saved with the
same values writes a history row but no content version; a renamed or deleted user is no
write of the project's content at all."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import translation

from phases.models import PhaseTransition, ProjectTask, PromiseProject
from tests.promises.test_editor_concurrent import opened, person, send

pytestmark = pytest.mark.django_db


def history(client, project, lang="en") -> tuple[str, str]:
    """(the phase transitions' table, the task changes' table) of the page as HTML."""
    with translation.override(lang):
        url = reverse(
            "phases:history", kwargs={"region": project.region.slug, "project": project.pk}
        )
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    body = html.split("</h1>", 1)[1].split("</main>", 1)[0]
    _before, transitions, changes = body.split("<h2>")  # each table under its heading
    return transitions, changes


def rows(table: str) -> list[str]:
    return table.split("<tbody>", 1)[1].split("<tr>")[1:] if "<tbody>" in table else []


def version(project) -> int:
    return PromiseProject.objects.values_list("content_version", flat=True).get(pk=project.pk)


def save_task(client, project, **changes):
    """The task page's form sent back by `client` (with `changes` typed in)."""
    task = ProjectTask.objects.filter(project=project).order_by("pk").first()
    with translation.override("fi"):
        url = reverse(
            "phases:task_edit",
            kwargs={"region": project.region.slug, "project": project.pk, "task": task.pk},
        )
    assert send(client, url, opened(client, url), **changes).status_code == 302


def test_a_task_saved_unchanged_shows_as_a_new_row(client, project, users):
    """The save writes a history row (who saved it, when) but changes no content: the
    page still shows it on the next render."""
    client.force_login(users["viewer"])
    preparer = person(Client, users["preparer"])
    save_task(preparer, project, notes="Muistiinpano")
    _transitions, before = history(client, project)
    start = version(project)
    save_task(preparer, project)  # as it was, by the same user (no new name shown)
    assert version(project) == start  # no content changed...
    _transitions, after = history(client, project)
    assert len(rows(after)) == len(rows(before)) + 1  # ...and the row is there
    assert users["preparer"].get_full_name() in rows(after)[0]


def test_a_renamed_user_shows_in_both_tables_on_the_next_render(client, project, users):
    preparer = users["preparer"]
    client.force_login(users["viewer"])
    save_task(person(Client, preparer), project, notes="Muistiinpano")
    PhaseTransition.objects.create(
        project=project, kind="advance", from_phase=1, to_phase=2, user=preparer
    )
    transitions, changes = history(client, project)
    assert preparer.get_full_name() in rows(transitions)[0]
    assert preparer.get_full_name() in rows(changes)[0]
    start = version(project)
    preparer.first_name, preparer.last_name = "Uusi", "Sukunimi"
    preparer.save()
    assert version(project) == start  # a user is no content of the project
    transitions, changes = history(client, project)
    assert "Uusi Sukunimi" in rows(transitions)[0]
    assert "Uusi Sukunimi" in rows(changes)[0]


def test_a_deleted_user_is_no_longer_named(client, project, users):
    leaving = get_user_model().objects.create(
        username="lahtija", first_name="Lähtevä", last_name="Käyttäjä"
    )
    PhaseTransition.objects.create(
        project=project, kind="advance", from_phase=1, to_phase=2, user=leaving
    )
    client.force_login(users["viewer"])
    transitions, _changes = history(client, project)
    assert "Lähtevä Käyttäjä" in rows(transitions)[0]
    leaving.delete()  # the transition's user set to NULL by an UPDATE: no signal
    transitions, _changes = history(client, project)
    assert "Lähtevä Käyttäjä" not in transitions
    assert "<td>–</td>" in rows(transitions)[0]


def test_a_new_transition_and_each_language_show(client, project, users):
    client.force_login(users["viewer"])
    transitions, _changes = history(client, project, "fi")
    assert rows(transitions) == []
    PhaseTransition.objects.create(
        project=project, kind="advance", from_phase=1, to_phase=2, comment="Eteenpäin"
    )
    for lang, kind in (
        ("fi", "Siirretty seuraavaan vaiheeseen"),
        ("sv", "Flyttat till nästa fas"),
        ("en", "Advanced"),
    ):
        transitions, _changes = history(client, project, lang)
        assert len(rows(transitions)) == 1
        assert "Eteenpäin" in rows(transitions)[0]
        assert kind in rows(transitions)[0], lang
