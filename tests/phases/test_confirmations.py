"""Irreversible actions ask first on a page of their own (no JavaScript); the least
privilege default; pages that hide an action say who may do it."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from phases import services
from phases.models import PhaseTransition, ProjectTask, PromiseProject, RegionMembership
from phases.roles import Role

pytestmark = pytest.mark.django_db


def url(name, project, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(
            f"phases:{name}",
            kwargs={"region": project.region.slug, "project": project.pk, **kwargs},
        )


def settle_phase_1(project, by):
    for task in ProjectTask.objects.filter(project=project, definition__phase__number=1):
        services.task_update(task=task, by=by, status="done")
    from phases.models import ResultDefinition

    for definition in ResultDefinition.objects.filter(phase__number=1, provided_by=""):
        services.result_save(project=project, definition=definition, by=by, text="Valmis.")


def test_advance_asks_first_then_advances(project, users, login):
    preparer = users["preparer"]
    settle_phase_1(project, preparer)
    client = login(preparer)
    dashboard = client.get(url("project_dashboard", project)).content.decode()
    assert f'href="{url("advance", project)}"' in dashboard  # a link to the confirmation

    page = client.get(url("advance", project))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Yes, advance to phase 2" in html and "cannot be taken back" in html
    project.refresh_from_db()
    assert project.phase == 1  # opening the page changes nothing

    response = client.post(url("advance", project), {"expected_phase": 1, "comment": "Valmis."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == 2
    assert PhaseTransition.objects.get(project=project).comment == "Valmis."


def test_a_blocked_advance_confirmation_lists_the_blockers_and_has_no_button(project, users, login):
    client = login(users["preparer"])
    for lang in ("fi", "sv"):
        html = client.get(url("advance", project, lang)).content.decode()
        assert 'name="expected_phase"' not in html
        assert "/phase/1/#id_task-" in html  # each open task links to its row in the table
    html = client.get(url("advance", project)).content.decode()
    assert "What still blocks advancing from phase 1" in html


def test_a_viewer_is_told_who_advances_the_phase(project, users, login):
    client = login(users["viewer"])
    html = client.get(url("project_dashboard", project)).content.decode()
    assert "Only a user with the role Preparer can advance the phase." in html
    assert client.get(url("advance", project)).status_code == 403


def test_removing_a_member_asks_first(region, users, login):
    client = login(users["region_admin"])
    membership = RegionMembership.objects.get(region=region, user=users["viewer"])
    with translation.override("sv"):
        remove = reverse(
            "phases:member_remove", kwargs={"region": region.slug, "membership": membership.pk}
        )
        members = reverse("phases:members", kwargs={"region": region.slug})
    assert f'href="{remove}"' in client.get(members).content.decode()
    page = client.get(remove)
    assert page.status_code == 200
    assert "Ja, ta bort u_viewer" in page.content.decode()
    assert RegionMembership.objects.filter(pk=membership.pk).exists()
    assert client.post(remove).status_code == 302
    assert not RegionMembership.objects.filter(pk=membership.pk).exists()


def test_new_members_get_the_viewer_role_unless_chosen_otherwise(region, users, login):
    from phases.forms import MemberAddForm, ProjectMemberForm

    assert MemberAddForm().fields["role"].initial == Role.VIEWER
    assert ProjectMemberForm().fields["role"].initial == Role.VIEWER
    client = login(users["region_admin"])
    with translation.override("fi"):
        html = client.get(reverse("phases:members", kwargs={"region": region.slug})).content
    assert b'<option value="viewer" selected>' in html


def test_the_project_member_form_defaults_to_viewer_too(project, users, login):
    client = login(users["preparer"])
    html = client.get(url("project_members", project)).content.decode()
    assert '<option value="viewer" selected>' in html
    assert PromiseProject.objects.get(pk=project.pk).phase == 1


def test_a_viewer_is_told_who_edits_tasks_and_who_closes_a_round(project, users, login):
    from tests.participation.factories import make_round

    round = make_round(project)
    client = login(users["viewer"])
    with translation.override("sv"):
        dashboard = client.get(url("project_dashboard", project, "sv")).content.decode()
        detail = reverse(
            "participation:round",
            kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
        )
    assert "Endast en användare med rollen Beredare, Arbetsgruppsmedlem kan redigera" in dashboard
    html = client.get(detail).content.decode()
    assert "kan stänga rundan eller markera analysen som klar" in html
