"""The staff pages read a user's permissions on a project with one hand-written statement
(phases.views.mixins.project_permissions) instead of guardian's two queries: it must give exactly
what guardian gives, for every role, a member of another region, a user holding a role
both directly and through a group, and a deactivated user."""

import pytest
from guardian.core import ObjectPermissionChecker
from guardian.shortcuts import assign_perm

from phases.views.mixins import project_permissions

pytestmark = pytest.mark.django_db


def guardian_perms(user, project) -> set[str]:
    return set(ObjectPermissionChecker(user).get_perms(project))


def test_every_role_gets_what_guardian_gives(project, users):
    people = [u for key, u in users.items() if key != "other_region"]
    assert len(people) >= 6
    seen = set()
    for user in people:
        mine = project_permissions(user, project)
        assert mine == guardian_perms(user, project), user.username
        seen.add(frozenset(mine))
    assert len(seen) >= 3  # the roles differ, and the stranger has nothing
    assert project_permissions(users["stranger"], project) == set()


def test_a_direct_grant_and_a_deactivated_user(project, users):
    viewer = users["viewer"]
    assign_perm("phases.manage_project", viewer, project)  # directly, beside the group's
    assert "manage_project" in project_permissions(viewer, project)
    assert project_permissions(viewer, project) == guardian_perms(viewer, project)
    viewer.is_active = False
    viewer.save()
    assert project_permissions(viewer, project) == guardian_perms(viewer, project) == set()
