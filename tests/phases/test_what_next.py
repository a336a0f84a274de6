"""The dashboard's "what next" list: every step known up front from the registry, in the
order the work is done, each once, each linking to the page and field that does it; and
readiness badges that are green only when there is content."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from phases.models import ProjectTask, PromiseProject
from phases.registry import registry

pytestmark = pytest.mark.django_db


def in_phase(project, number: int):
    PromiseProject.objects.filter(pk=project.pk).update(phase=number)
    project.refresh_from_db()
    return project


def dashboard(project, lang="en"):
    with translation.override(lang):
        return reverse(
            "phases:project_dashboard",
            kwargs={"region": project.region.slug, "project": project.pk},
        )


def test_phase_3_lists_every_step_up_front_in_work_order_without_duplicates(project):
    in_phase(project, 3)
    with translation.override("en"):
        steps = registry.next_steps(project, 3, include_done=True)
    messages = [str(s.message) for s in steps]
    # An empty project already shows the whole way: promise, draft, round, answers,
    # finalisation, and last the tasks; "create a promise" once, not twice.
    expected_order = [
        "Create at least one promise (a customer segment).",
        "Save the promise as a version for comments (the first draft).",
        "No comment round has been held: open the draft for comments.",
        "Close the comment round when its time is up.",
        "Give every comment and statement a disposition and its reason.",
        "Answer the five finalisation questions.",
    ]
    positions = [messages.index(m) for m in expected_order]
    assert positions == sorted(positions), messages
    assert sum("Create at least one promise" in m for m in messages) == 1
    assert len(messages) == len(set(messages))
    assert "required tasks are still open" in messages[-1]
    assert all(not s.done for s in steps)
    assert [s.order for s in steps] == sorted(s.order for s in steps)


def test_the_tasks_step_names_each_open_task_with_a_link_to_its_status_field(project):
    in_phase(project, 1)
    with translation.override("en"):
        steps = registry.next_steps(project, 1)
    tasks_step = next(s for s in steps if s.key == "phases.tasks.1")
    required = ProjectTask.objects.filter(
        project=project, definition__phase__number=1, definition__required=True
    )
    assert len(tasks_step.children) == required.count()
    for task, child in zip(
        required.order_by("definition__order"), tasks_step.children, strict=True
    ):
        assert str(task.definition.name) in child.message
        assert child.url.endswith(f"/phase/1/#id_task-{task.pk}-status")


@pytest.mark.parametrize("phase", [1, 2, 3, 4, 5, 6])
def test_every_link_of_the_list_lands_on_a_page_with_the_field(phase, project, users, login):
    """Follow each step's link as the preparer: the page answers 200 and has the element
    the anchor names (the field that fixes the blocker)."""
    in_phase(project, phase)
    client = login(users["preparer"])
    with translation.override("en"):
        steps = registry.next_steps(project, phase)
    links = [s.url for s in steps if s.url] + [c.url for s in steps for c in s.children if c.url]
    assert links, f"phase {phase} has no linked step"
    for link in links:
        parts = urlsplit(link)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(target)
        assert response.status_code == 200, link
        if parts.fragment:
            assert re.search(rf'id="{re.escape(parts.fragment)}"', response.content.decode()), link


def test_dashboard_shows_the_list_with_links_and_a_blocked_advance_button(project, users, login):
    in_phase(project, 3)
    client = login(users["preparer"])
    html = client.get(dashboard(project)).content.decode()
    promise_list = reverse(
        "promises:promise_list", kwargs={"region": project.region.slug, "project": project.pk}
    )
    assert f'href="{promise_list}#id_title_fi"' in html
    assert "What still blocks advancing from phase 3" in html
    assert 'aria-disabled="true"' in html  # the advance button looks disabled ...
    assert "steps of the list “What next” are still open" in html  # ... with the reason
    advance = reverse(
        "phases:advance", kwargs={"region": project.region.slug, "project": project.pk}
    )
    assert f'href="{advance}"' not in html


def test_dashboard_shows_the_list_in_finnish_and_swedish(project, users, login):
    in_phase(project, 3)
    client = login(users["preparer"])
    fi = client.get(dashboard(project, "fi")).content.decode()
    sv = client.get(dashboard(project, "sv")).content.decode()
    assert "Luo vähintään yksi lupaus (asiakassegmentti)." in fi
    assert "Skapa minst ett löfte (ett kundsegment)." in sv


def test_dashboard_queries_do_not_grow_with_open_tasks(
    project, users, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(users["preparer"])
    url = dashboard(project)
    ProjectTask.objects.filter(project=project, definition__phase__number=1).update(status="done")
    client.get(url)  # the readiness kept under the content version (phases.content)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ProjectTask.objects.filter(project=project, definition__phase__number=1).update(status="todo")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_an_empty_new_promise_shows_no_green_badges(project, users, login):
    from promises import services as promise_services

    in_phase(project, 3)
    promise = promise_services.promise_create(
        project=project,
        title={"fi": "Kaikki asukkaat", "sv": "Alla invånare"},
        by=users["preparer"],
    )
    client = login(users["preparer"])
    with translation.override("en"):
        url = reverse(
            "promises:editor",
            kwargs={"region": project.region.slug, "project": project.pk, "promise": promise.pk},
        )
        html = client.get(url).content.decode()
        panel = client.get(dashboard(project)).content.decode()
    assert "All texts translated" not in html and "No empty commitments" not in html
    assert "No texts written yet" in html and "No commitments yet" in html
    assert '<span class="status status--ok">0</span>' not in panel
    assert "No commitments yet" in panel
