"""The base mixins check each view's declared permission once, before the handler: HEAD
as GET, a method not declared refused with 405, a posted action with its own permission."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views import View

from participation.models import Stakeholder
from phases import roles
from phases.views.mixins import ProjectMixin


@pytest.fixture
def task_url(project):
    task = project.tasks.first()
    return reverse(
        "phases:task_edit",
        kwargs={"region": project.region.slug, "project": project.pk, "task": task.pk},
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("working_group", 200), ("viewer", 403), ("stranger", 404)],
)
def test_head_is_checked_as_get(client, users, task_url, role, status):
    client.force_login(users[role])
    assert client.head(task_url).status_code == status


def test_a_method_not_declared_is_405_and_reaches_no_handler(client, project, users):
    """An HTTP DELETE on an edit page that offers deletion (its delete button posts) is
    refused by the declaration (GET and POST only) before any handler runs."""
    stakeholder = Stakeholder.objects.create(project=project, name="Kylätoimikunta")
    url = reverse(
        "participation:stakeholder_edit",
        kwargs={
            "region": project.region.slug,
            "project": project.pk,
            "stakeholder": stakeholder.pk,
        },
    )
    client.force_login(users["preparer"])
    response = client.delete(url)
    assert response.status_code == 405
    assert set(response["Allow"].split(", ")) == {"GET", "HEAD", "POST"}
    assert Stakeholder.objects.filter(pk=stakeholder.pk).exists()
    client.force_login(users["stranger"])
    assert client.delete(url).status_code == 404  # tenancy first: nothing revealed


class CloseOrEdit(ProjectMixin, View):
    permission = {
        "GET": roles.VIEW_PROJECT,
        "POST": roles.EDIT_CONTENT,
        "POST:close": roles.ADVANCE_PHASE,
    }

    def get(self, request, *args, **kwargs):
        return HttpResponse("read")

    def post(self, request, *args, **kwargs):
        return HttpResponse(request.POST.get("action") or "edit")


@pytest.mark.parametrize(
    ("role", "action", "status"),
    [
        ("working_group", "", 200),  # edit: EDIT_CONTENT
        ("working_group", "close", 403),  # close: ADVANCE_PHASE, which it lacks
        ("preparer", "close", 200),
        ("secretary", "", 403),
        ("viewer", "close", 403),
        ("stranger", "close", 404),
    ],
)
def test_a_posted_action_needs_its_own_declared_permission(project, users, role, action, status):
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    request = RequestFactory().post("/", {"action": action} if action else {})
    request.user = users[role]
    view = CloseOrEdit.as_view()
    kwargs = {"region": project.region.slug, "project": project.pk}
    try:
        got = view(request, **kwargs).status_code
    except PermissionDenied:
        got = 403
    except Http404:
        got = 404
    assert got == status
