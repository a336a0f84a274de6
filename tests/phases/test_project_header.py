"""The project header (breadcrumbs, phase line, navigation) is rendered once per content
version of the project, per set of links the user's permissions show and per page
(issue 31): a renamed project or region shows on the next page, and each user sees the
links of their own permissions whoever drew the header first."""

import pytest
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

MEMBERS_LINK = "Project members"


def history(client, project) -> str:
    with translation.override("en"):
        url = reverse(
            "phases:history", kwargs={"region": project.region.slug, "project": project.pk}
        )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_renamed_project_or_region_shows_on_the_next_page(client, project, users):
    client.force_login(users["preparer"])
    assert project.title in history(client, project)
    project.title = "Uusi nimi hankkeelle"  # a plain save, as the admin's
    project.save()
    assert "Uusi nimi hankkeelle" in history(client, project)
    region = project.region
    region.name = "Uudelleen nimetty alue"
    region.save()
    assert "Uudelleen nimetty alue" in history(client, project)


def test_each_user_sees_the_links_of_their_own_permissions(client, project, users):
    client.force_login(users["region_admin"])
    assert MEMBERS_LINK in history(client, project)
    client.force_login(users["viewer"])
    assert MEMBERS_LINK not in history(client, project)
    client.force_login(users["region_admin"])
    assert MEMBERS_LINK in history(client, project)
