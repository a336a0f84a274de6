"""The dashboard's SQL query count does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phases.models import ProjectTask, TaskDefinition
from phases.roles import Role
from tests.factories import ProjectFactory, RegionFactory

pytestmark = pytest.mark.django_db


def add_tasks(project, n):
    phase1 = project.tasks.first().definition.phase
    defs = TaskDefinition.objects.bulk_create(
        TaskDefinition(phase=phase1, key=f"extra{project.pk}_{i}", order=100 + i, name=f"Lisä {i}")
        for i in range(n)
    )
    ProjectTask.objects.bulk_create(ProjectTask(project=project, definition=d) for d in defs)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_dashboard_queries_constant_with_10_and_200_tasks(
    client, region, users, django_assert_max_num_queries
):
    client.force_login(users[Role.PREPARER.value])
    small = ProjectFactory(region=region)
    large = ProjectFactory(region=region)
    add_tasks(small, 10 - 4)
    add_tasks(large, 200 - 4)
    assert large.tasks.filter(definition__phase__number=1).count() == 200
    small_count = count_queries(client, small.get_absolute_url())
    with django_assert_max_num_queries(small_count):
        client.get(large.get_absolute_url())


def test_region_page_queries_constant_with_projects(
    client, region, users, django_assert_max_num_queries
):
    client.force_login(users[Role.PREPARER.value])
    ProjectFactory(region=region)
    url = f"/fi/r/{region.slug}/"
    small_count = count_queries(client, url)
    for _ in range(15):
        ProjectFactory(region=region)
    with django_assert_max_num_queries(small_count):
        client.get(url)


def test_the_base_of_a_staff_page_is_four_queries(client, region, project, users):
    """What every project page pays before its own work: the session, the user, the
    project with its region (one query, the URL's region part of the lookup) and the
    user's permissions on it (one query: their own and their groups' as one UNION)."""
    from django.urls import reverse

    client.force_login(users[Role.PREPARER.value])
    url = reverse("phases:history", kwargs={"region": region.slug, "project": project.pk})
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    assert sum("auth_permission" in s for s in sql) == 1
    assert not any(s.startswith('SELECT "phases_region"') for s in sql)
    base = [s for s in sql if "phases_phasetransition" not in s and "historical" not in s]
    assert len(base) == 4, base
    # another region's project, or an unknown region: not found
    other = ProjectFactory(region=users["other_region"])
    elsewhere = reverse("phases:history", kwargs={"region": region.slug, "project": other.pk})
    assert client.get(elsewhere).status_code == 404
    unknown = reverse("phases:history", kwargs={"region": "no-such", "project": project.pk})
    assert client.get(unknown).status_code == 404


def test_the_prepared_project_lookup_reads_what_the_orm_reads(region, project):
    """The project page's one statement (`phases.views.mixins.project_with_region`) gives the
    project and its region with every column as the ORM's select_related gives them
    (JSON, arrays, dates and translated fields alike), and nothing for another region."""
    from django.http import Http404
    from django_scopes import scopes_disabled

    from phases.models import PromiseProject, Region
    from phases.views.mixins import project_with_region

    with scopes_disabled():
        expected = PromiseProject.objects.select_related("region").get(pk=project.pk)
    other = ProjectFactory(region=RegionFactory(slug="elsewhere"))
    found = project_with_region(project.pk, region.slug)
    for model, a, b in ((PromiseProject, found, expected), (Region, found.region, expected.region)):
        for field in model._meta.concrete_fields:
            assert getattr(a, field.attname) == getattr(b, field.attname), field.name
    assert found.region.content_languages == expected.region.content_languages
    assert not found._state.adding
    with pytest.raises(Http404):
        project_with_region(project.pk, other.region.slug)
    with pytest.raises(Http404):
        project_with_region(other.pk, region.slug)
