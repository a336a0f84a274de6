"""Cross-cutting commitments (under no perspective) have an editor page of their own, linked
from the editor's first page like the five perspectives."""

import pytest
from django.urls import reverse

from phases.roles import Role
from promises import services
from tests.promises.factories import filled_promise, strategy_goal

pytestmark = pytest.mark.django_db


def test_a_cross_cutting_commitment_is_edited_on_its_own_page(client, project, users):
    promise = filled_promise(project, commitments_per_perspective=0)
    services.commitment_create(
        promise=promise,
        perspective="",
        title={"fi": "Kustannukset eivät kasva rahoitusta nopeammin", "sv": "Kostnaderna"},
        description={},
        strategy_goals=[strategy_goal(project.region)],
        by=None,
    )
    client.force_login(users[Role.WORKING_GROUP])
    kwargs = {"region": project.region.slug, "project": project.pk, "promise": promise.pk}
    first = client.get(reverse("promises:editor", kwargs=kwargs))
    assert first.status_code == 200
    page_url = reverse(
        "promises:editor_perspective", kwargs={**kwargs, "perspective": "cross-cutting"}
    )
    assert page_url in first.content.decode()
    page = client.get(page_url)
    assert page.status_code == 200
    assert "Kustannukset eivät kasva rahoitusta nopeammin" in page.content.decode()
    unknown = reverse("promises:editor_perspective", kwargs={**kwargs, "perspective": "x"})
    assert client.get(unknown).status_code == 404
