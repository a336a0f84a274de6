"""Roles within a region or a project, and the object permissions each role holds.

Permissions are django-guardian object permissions on the Region and on each
PromiseProject. A region role is a group per (region, role) holding the permissions on
the region and on every project of the region; a project role gives a user the
permissions on one project only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGION_ADMIN = "region_admin", _("Region administrator")
    PREPARER = "preparer", _("Preparer")
    WORKING_GROUP = "working_group", _("Working group member")
    SECRETARY = "secretary", _("Council secretary")
    VIEWER = "viewer", _("Viewer")


# Object permissions on the Region (codenames of phases.Region).
VIEW_REGION = "view_region"
MANAGE_MEMBERS = "manage_members"
CREATE_PROJECT = "create_project"
MANAGE_STRATEGY = "manage_strategy"

# Object permissions on the PromiseProject (codenames of phases.PromiseProject).
VIEW_PROJECT = "view_promiseproject"
EDIT_CONTENT = "edit_content"
ADVANCE_PHASE = "advance_phase"
PREPARE_DECISION = "prepare_decision"
RECORD_DECISION = "record_decision"
MANAGE_PROJECT = "manage_project"

REGION_PERMISSIONS = {
    Role.REGION_ADMIN: [VIEW_REGION, MANAGE_MEMBERS, CREATE_PROJECT, MANAGE_STRATEGY],
    Role.PREPARER: [VIEW_REGION, CREATE_PROJECT, MANAGE_STRATEGY],
    Role.WORKING_GROUP: [VIEW_REGION],
    Role.SECRETARY: [VIEW_REGION],
    Role.VIEWER: [VIEW_REGION],
}

PROJECT_PERMISSIONS = {
    Role.REGION_ADMIN: [VIEW_PROJECT, MANAGE_PROJECT],
    Role.PREPARER: [
        VIEW_PROJECT,
        EDIT_CONTENT,
        ADVANCE_PHASE,
        PREPARE_DECISION,
        MANAGE_PROJECT,
    ],
    Role.WORKING_GROUP: [VIEW_PROJECT, EDIT_CONTENT],
    Role.SECRETARY: [VIEW_PROJECT, PREPARE_DECISION, RECORD_DECISION],
    Role.VIEWER: [VIEW_PROJECT],
}


# Either permission lets a user record the council's return of the matter (4 → 3).
RETURN_PERMISSIONS = (RECORD_DECISION, ADVANCE_PHASE)


def full(codename: str) -> str:
    """The app-qualified permission name for user.has_perm()."""
    return f"phases.{codename}"


def holders(codename: str | tuple[str, ...]) -> list[Role]:
    """The roles whose project or region permissions include `codename` (or any of a
    tuple of codenames), in the order of `Role` (least powerful first is not implied)."""
    wanted = (codename,) if isinstance(codename, str) else codename
    return [
        role
        for role in Role
        if any(c in PROJECT_PERMISSIONS[role] or c in REGION_PERMISSIONS[role] for c in wanted)
    ]
