"""The base fixtures (`region`, `project`, `users` of tests/conftest.py) are built once for a
module's tests that take the same ones (tests/module_scope.ModuleBase): each test still gets
them as built. What one test changes, in memory or in the database, the tests before and
after it do not find (the same check runs on either side of the test that changes them);
a test that takes fewer of them finds no more rows than it took; a transactional test
builds its own, outside any module transaction."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from phases import services
from phases.models import PromiseProject, Region, RegionMembership
from phases.roles import Role
from tests.factories import member

CHANGED = "Muutettu"
ROLES = {role.value for role in Role}
SEEN: dict[str, list] = {"region": [], "project": [], "users": []}


def _as_built(region, project, users, module_base):
    """The fixtures are the module's (the same rows), in fresh instances, as built."""
    assert module_base.built == {"region", "project", "users"}
    assert region.pk == module_base.keys["region"]
    assert project.pk == module_base.keys["project"]
    assert project.region is region
    # In memory.
    assert CHANGED not in (region.name, region.name_fi, project.title, project.title_fi)
    assert not hasattr(region, "changed_by_a_test")
    assert users["preparer"].first_name != CHANGED
    assert set(users) == ROLES | {"stranger", "other_region"}
    assert users["other_region"].slug == "other-region"
    # In the database.
    assert Region.objects.get(pk=region.pk).name_fi == region.name_fi != CHANGED
    assert set(Region.objects.values_list("slug", flat=True)) == {"esimerkki-test", "other-region"}
    assert list(PromiseProject.objects.values_list("pk", "title_fi")) == [
        (project.pk, project.title_fi)
    ]
    assert set(get_user_model().objects.values_list("username", flat=True)) == {
        f"u_{role}" for role in ROLES | {"stranger"}
    }
    assert dict(
        RegionMembership.objects.filter(region=region).values_list("user__username", "role")
    ) == {f"u_{role}": role for role in ROLES}
    assert get_user_model().objects.get(pk=users["preparer"].pk).first_name != CHANGED
    for name, value in (("region", region), ("project", project), ("users", users)):
        assert all(value is not earlier for earlier in SEEN[name]), f"{name} was handed on"
        SEEN[name].append(value)


def test_the_base_fixtures_are_as_built_before_a_test_changes_them(
    region, project, users, _module_base
):
    _as_built(region, project, users, _module_base)


def test_a_test_changes_the_base_fixtures_in_memory_and_in_the_database(
    region, project, users, _module_base
):
    assert (region.pk, project.pk) == (_module_base.keys["region"], _module_base.keys["project"])
    region.changed_by_a_test = True
    for instance, field in ((region, "name"), (project, "title"), (users["preparer"], None)):
        if field:
            setattr(instance, field, CHANGED)
            setattr(instance, f"{field}_fi", CHANGED)
        else:
            instance.first_name = CHANGED
        instance.save()
    users["other_region"].slug = "changed"
    users["other_region"].save()
    services.region_set_member(region=region, user=users["viewer"], role=Role.PREPARER)
    member(region, Role.SECRETARY, username="u_extra")
    services.project_create(region=region, title={"fi": "Toinen"}, term_start=2030, term_end=2031)
    users["stranger"].delete()
    assert Region.objects.get(pk=region.pk).name_fi == CHANGED
    assert PromiseProject.objects.count() == 2


def test_the_base_fixtures_are_as_built_after_a_test_changed_them(
    region, project, users, _module_base
):
    _as_built(region, project, users, _module_base)


def test_a_test_taking_the_region_alone_finds_no_project_and_no_users(region, _module_base):
    assert _module_base.built == {"region"} and region.pk == _module_base.keys["region"]
    assert not PromiseProject.objects.exists()
    assert not get_user_model().objects.exists()
    assert list(Region.objects.values_list("slug", flat=True)) == ["esimerkki-test"]


def test_a_test_taking_the_project_finds_no_users(project, _module_base):
    assert _module_base.built == {"region", "project"}
    assert list(PromiseProject.objects.values_list("pk", flat=True)) == [project.pk]
    assert project.region.slug == "esimerkki-test"
    assert not get_user_model().objects.exists()


def test_a_test_taking_none_of_them_finds_none_of_them(db, _module_base):
    assert not _module_base.built
    assert not Region.objects.exists()


def test_the_base_fixtures_are_as_built_again_after_the_others(
    region, project, users, _module_base
):
    _as_built(region, project, users, _module_base)


def _key_lookups() -> int:
    """The index and table scans of this transaction so far (a deferred foreign-key check
    is a lookup of the referenced row)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(coalesce(idx_scan, 0) + seq_scan), 0) "
            "FROM pg_stat_xact_user_tables"
        )
        return cursor.fetchone()[0]


def test_a_tests_closing_check_does_not_check_the_modules_rows_again(users, project):
    """The checks PostgreSQL deferred for the rows the module's fixtures built are done
    once, when they are built (tests/module_scope.py `checks_done_once`): the check that
    ends each test (Django's `SET CONSTRAINTS ALL IMMEDIATE`) finds none of them left, as
    each test rolled back made them pending again and re-checked some 20,000 demo rows."""
    before = _key_lookups()
    connection.check_constraints()
    assert _key_lookups() == before


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_builds_its_own_outside_the_module_transaction(
    region, project, users, _module_base
):
    assert not _module_base.built
    assert not connection.in_atomic_block
    assert project.region is region and users["preparer"].pk
    assert RegionMembership.objects.filter(region=region).count() == len(ROLES)
