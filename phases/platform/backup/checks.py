"""Checking an archive's rows before anything is written: the archive may hold only its own
region and project, and people who are neither staff nor superusers.

`check(archive)` answers a `Plan` (what the restore will write) or raises ArchiveRefused
naming the first thing that is not allowed:

- a kind of row a project archive never holds (kinds.archive_models, accounts, groups);
- an account with a password, staff or superuser status, groups or permissions (accounts
  are restored with an unusable password; their groups are the manifest's pairs);
- more than one region or project, or a row that does not hang on the archive's region
  (every row must reach the region through references inside the archive);
- a reference to a row that is not in the archive (another region's or project's), except
  the optional links to a previous cycle, which are dropped with a note;
- an account or group that rows or pairs name but the archive does not hold, a group that
  is not one of the region's role groups, a pair (account, group) that no membership of
  the region gives, or a role that does not exist;
- a file that no row refers to.

The database is only read here (the region's slug and the groups' names).
"""

from __future__ import annotations

import secrets
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import cache

from django.db import models
from django.utils.translation import gettext as _

from .archive import Archive, ArchiveRefused, refuse, shown
from .kinds import CATALOGUE, GROUP, PERMISSION, PROJECT, REGION, USER, archive_models, schema

USER_FIELDS = {"username", "first_name", "last_name", "email", "is_active", "date_joined"}
STAFF_FLAGS = ("is_superuser", "is_staff")
GROUP_FIELDS = {"name"}
NATURAL_TARGETS = CATALOGUE | {USER, GROUP, PERMISSION}
CATALOGUE_KEY_SIZES = {  # the length of each catalogue model's natural key
    "phases.phasedefinition": 1,
    "phases.taskdefinition": 2,
    "phases.resultdefinition": 2,
    "phases.checklistdefinition": 2,
    "phases.checkliststatement": 3,
}


@dataclass
class Row:
    label: str
    model: type
    pk: int
    fields: dict


@dataclass
class Plan:
    manifest: dict
    users: list[dict]  # the accounts' fields, with "pk" (their key in the archive)
    groups: list[dict]  # {"pk", "name"}
    rows: list[Row]
    files: dict[str, bytes]
    pairs: list[tuple[str, str]]  # (username, group name)
    catalogue_keys: dict[str, set] = field(default_factory=dict)  # label -> natural keys
    permission_keys: set = field(default_factory=set)
    notes: list[str] = field(default_factory=list)


@cache
def _choices(f) -> frozenset:
    return frozenset(value for value, _label in f.flatchoices)


@cache
def history_of(model):
    """The model whose history `model` holds (django-simple-history), or None (the
    history of a many-to-many field is the history of rows that travel with their owner:
    it hangs on its historical row)."""
    instance = getattr(model, "instance_type", None)
    if instance is None or instance._meta.auto_created:
        return None
    return instance


def _row_name(row: Row) -> str:
    return f"{row.label} {row.pk}"


def _natural(value, size: int) -> tuple | None:
    """A natural key as the serialiser writes it ([str, ...]), or None."""
    if (
        isinstance(value, list)
        and len(value) == size
        and all(isinstance(v, str | int) and not isinstance(v, bool) for v in value)
    ):
        return tuple(value)
    return None


def check(archive: Archive) -> Plan:
    known = archive_models()
    users, groups, rows = [], [], []
    for raw in archive.rows:
        label = raw["model"]
        if label == USER:
            users.append(_check_user(raw))
        elif label == GROUP:
            groups.append(_check_group(raw))
        elif label in known:
            rows.append(Row(label, known[label], raw["pk"], dict(raw["fields"])))
        else:
            raise refuse(
                _(
                    "The archive has rows of %(model)s, which a project archive never holds: "
                    "only the region's and the project's own rows are restored."
                ),
                model=shown(label),
            )
    plan = Plan(
        manifest=archive.manifest,
        users=users,
        groups=groups,
        rows=rows,
        files=archive.files,
        pairs=[tuple(p) for p in archive.manifest["user_groups"]],
    )
    _check_unique(users, "username", _("The archive holds the account %(name)s twice."))
    _check_unique(groups, "name", _("The archive holds the group %(name)s twice."))
    _References(plan).check()
    _check_database(plan)
    return plan


def _check_user(raw: dict) -> dict:
    fields = raw["fields"]
    username = fields.get("username")
    if not isinstance(username, str) or not 0 < len(username) <= 150:
        raise refuse(_("An account in the archive has no valid username."))
    if "password" in fields:
        raise refuse(
            _(
                "The archive holds a password for the account %(name)s: archives carry no "
                "passwords, and a restore never sets one."
            ),
            name=shown(username),
        )
    for flag in STAFF_FLAGS:
        if fields.get(flag) not in (None, False):
            raise refuse(
                _(
                    "The archive makes the account %(name)s staff or a superuser: a restore "
                    "never creates either."
                ),
                name=shown(username),
            )
    extra = set(fields) - USER_FIELDS - set(STAFF_FLAGS)
    if extra:
        raise refuse(
            _(
                "The archive gives the account %(name)s %(fields)s, which a project archive "
                "never holds (group memberships travel only as the region's pairs)."
            ),
            name=shown(username),
            fields=shown(", ".join(sorted(extra))),
        )
    for key in ("first_name", "last_name", "email"):
        if not isinstance(fields.get(key, ""), str):
            raise refuse(_("The account %(name)s cannot be read."), name=shown(username))
    if not isinstance(fields.get("is_active", True), bool):
        raise refuse(_("The account %(name)s cannot be read."), name=shown(username))
    return {**{k: fields[k] for k in USER_FIELDS if k in fields}, "pk": raw["pk"]}


def _check_group(raw: dict) -> dict:
    fields = raw["fields"]
    name = fields.get("name")
    if not isinstance(name, str) or not 0 < len(name) <= 150:
        raise refuse(_("A group in the archive has no valid name."))
    if set(fields) - GROUP_FIELDS - {"permissions"} or fields.get("permissions"):
        raise refuse(
            _(
                "The archive gives the group %(name)s permissions of its own: a restore "
                "gives groups only the region's object permissions."
            ),
            name=shown(name),
        )
    return {"pk": raw["pk"], "name": name}


def _check_unique(items: list[dict], key: str, message: str) -> None:
    seen = set()
    for item in items:
        if item[key] in seen:
            raise refuse(message, name=shown(item[key]))
        seen.add(item[key])


class _References:
    """Every reference of every row: inside the archive, or by name to an account or group
    of the archive, or by natural key to the catalogue or a permission."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.usernames = {u["username"] for u in plan.users}
        self.group_names = {g["name"] for g in plan.groups}
        self.keys: set[tuple[str, int]] = set()
        for row in plan.rows:
            key = (row.label, row.pk)
            if key in self.keys:
                raise refuse(_("The archive holds %(row)s twice."), row=_row_name(row))
            self.keys.add(key)
        self.edges: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
        self.referenced_files: set[str] = set()
        self.role_groups: dict[str, str] = {}  # group name -> role
        self.memberships: set[tuple[str, str]] = set()  # (username, role)

    def check(self) -> None:
        plan = self.plan
        regions = [r for r in plan.rows if r.label == REGION]
        projects = [r for r in plan.rows if r.label == PROJECT]
        if (
            len(regions) != 1
            or regions[0].fields.get("slug") != plan.manifest["region"]
            or len(projects) != 1
            or projects[0].pk != plan.manifest["project"]
        ):
            raise refuse(
                _(
                    "The archive must hold exactly one region and one project, those its "
                    "manifest names."
                )
            )
        for row in plan.rows:
            self._row(row)
        self._anchored(regions[0])
        self._groups()
        unreferenced = sorted(set(plan.files) - self.referenced_files)
        if unreferenced:
            raise refuse(
                _("The archive holds the file %(name)s, which no row refers to."),
                name=shown(unreferenced[0]),
            )

    def _edge(self, row: Row, target: tuple[str, int]) -> None:
        self.edges[target].append((row.label, row.pk))

    def _row(self, row: Row) -> None:
        model = row.model
        meta = model._meta
        if meta.pk.is_relation:  # keyed by another row (a comment's insight by its comment)
            target = (meta.pk.related_model._meta.label_lower, row.pk)
            if target not in self.keys:
                raise self._missing(row, meta.pk.name, row.pk)
            self._edge(row, target)
        instance = history_of(model)
        if instance is not None:
            original = instance._meta.pk.attname
            value = row.fields.get(instance._meta.pk.name, row.fields.get(original))
            target = (instance._meta.label_lower, value)
            if target not in self.keys:
                raise refuse(
                    _("%(row)s is the history of a row that is not in the archive."),
                    row=_row_name(row),
                )
            self._edge(row, target)
        fields = schema(model)
        for name in list(row.fields):
            f, kind, _target = fields.get(name, (None, "pk", None))
            if kind == "pk":
                raise refuse(
                    _("%(row)s has a field %(field)s that this version does not know."),
                    row=_row_name(row),
                    field=shown(name),
                )
            if kind == "m2m":
                self._many(row, f)
            elif kind == "fk":
                self._foreign(row, f)
            elif kind == "file":
                self._file(row, f)
            elif kind == "role":
                role = row.fields[name]  # a crafted archive may give a list or a number
                if not isinstance(role, str) or role not in _choices(f):
                    raise refuse(
                        _("%(row)s has a role %(role)s that does not exist."),
                        row=_row_name(row),
                        role=shown(row.fields[name]),
                    )
        self._permission_matches(row)
        self._region_roles(row)

    def _missing(self, row: Row, field_name: str, value) -> ArchiveRefused:
        return refuse(
            _(
                "%(row)s refers (%(field)s) to %(target)s, which is not in the archive: rows "
                "of another region or project are never restored."
            ),
            row=_row_name(row),
            field=field_name,
            target=shown(value),
        )

    def _foreign(self, row: Row, f: models.Field) -> None:
        value = row.fields[f.name]
        if value is None:
            return
        target = f.related_model._meta.label_lower
        if target in NATURAL_TARGETS:
            self._natural(row, f, target, value)
            return
        if target not in archive_models():
            raise refuse(
                _("%(row)s refers to a kind of row a project archive never holds."),
                row=_row_name(row),
            )
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise self._missing(row, f.name, value)
        if (target, value) in self.keys:
            self._edge(row, (target, value))
        elif not getattr(f, "db_constraint", True):
            pass  # a history row's link to a row since deleted: moved out of everyone's way
        elif f.null:
            row.fields[f.name] = None
            self.plan.notes.append(self._dropped(row, f, value))
        else:
            raise self._missing(row, f.name, value)

    def _dropped(self, row: Row, f: models.Field, value) -> str:
        if row.label == PROJECT and f.name == "previous_project":
            previous = self.plan.manifest.get("previous_project") or {}
            return _(
                "The previous cycle (%(title)s, %(start)s–%(end)s) is not in the archive: the "
                "link to it was dropped."
            ) % {
                "title": shown(previous.get("title", value)),
                "start": shown(previous.get("term_start", "?")),
                "end": shown(previous.get("term_end", "?")),
            }
        return _("%(row)s: %(field)s %(value)s is not in the archive; the link was dropped.") % {
            "row": _row_name(row),
            "field": f.name,
            "value": value,
        }

    def _natural(self, row: Row, f: models.Field, target: str, value) -> None:
        if target == USER:
            key = _natural(value, 1)
            if key is None or key[0] not in self.usernames:
                raise refuse(
                    _("%(row)s refers to the account %(name)s, which is not in the archive."),
                    row=_row_name(row),
                    name=shown(value),
                )
        elif target == GROUP:
            key = _natural(value, 1)
            if key is None or key[0] not in self.group_names:
                raise refuse(
                    _("%(row)s refers to the group %(name)s, which is not in the archive."),
                    row=_row_name(row),
                    name=shown(value),
                )
        elif target == PERMISSION:
            key = _natural(value, 3)
            if key is None:
                raise self._missing(row, f.name, value)
            self.plan.permission_keys.add(key)
        else:
            key = _natural(value, CATALOGUE_KEY_SIZES[target])
            if key is None:
                raise self._missing(row, f.name, value)
            self.plan.catalogue_keys.setdefault(target, set()).add(key)

    def _many(self, row: Row, f: models.Field) -> None:
        values = row.fields[f.name]
        target = f.related_model._meta.label_lower
        if not isinstance(values, list):
            raise self._missing(row, f.name, values)
        for value in values:
            if target in (USER, GROUP):
                self._natural(row, f, target, value)
            elif target in archive_models() and (target, value) in self.keys:
                self._edge(row, (target, value))
            else:
                raise self._missing(row, f.name, value)

    def _file(self, row: Row, f: models.Field) -> None:
        value = row.fields[f.name]
        if value in (None, ""):
            return
        if not isinstance(value, str):
            raise self._missing(row, f.name, value)
        if value in self.plan.files:
            self.referenced_files.add(value)
        else:  # a file not in the archive: never another region's file of the same name
            row.fields[f.name] = ""
            self.plan.notes.append(
                _("%(row)s: the file %(name)s is not in the archive; the link was dropped.")
                % {"row": _row_name(row), "name": shown(value)}
            )

    def _permission_matches(self, row: Row) -> None:
        """An object permission names a permission of its object's kind."""
        fields = row.fields
        if "permission" not in fields or "content_object" not in fields:
            return
        key = _natural(fields["permission"], 3)
        target = row.model._meta.get_field("content_object").related_model._meta
        if key is None or (key[1], key[2]) != (target.app_label, target.model_name):
            raise refuse(
                _("%(row)s gives a permission %(name)s that is not one of its object's kind."),
                row=_row_name(row),
                name=shown(fields["permission"]),
            )

    def _region_roles(self, row: Row) -> None:
        if row.label == "phases.regionrolegroup":
            name = (_natural(row.fields.get("group"), 1) or ("",))[0]
            if name in self.role_groups:
                raise refuse(_("The group %(name)s is given two roles."), name=shown(name))
            self.role_groups[name] = row.fields.get("role")
        elif row.label == "phases.regionmembership":
            username = (_natural(row.fields.get("user"), 1) or ("",))[0]
            self.memberships.add((username, row.fields.get("role")))

    def _anchored(self, region: Row) -> None:
        """Every row reaches the region through references inside the archive."""
        reached = {(region.label, region.pk)}
        todo = deque(reached)
        while todo:
            for source in self.edges.get(todo.popleft(), ()):
                if source not in reached:
                    reached.add(source)
                    todo.append(source)
        for row in self.plan.rows:
            if (row.label, row.pk) not in reached:
                raise refuse(
                    _("%(row)s does not belong to the archive's region or project."),
                    row=_row_name(row),
                )

    def _groups(self) -> None:
        plan = self.plan
        for name in self.group_names - set(self.role_groups):
            raise refuse(
                _("The group %(name)s is not one of the region's role groups."),
                name=shown(name),
            )
        for username, group in plan.pairs:
            if username not in self.usernames or group not in self.group_names:
                raise refuse(
                    _(
                        "The archive adds %(user)s to the group %(group)s, which is not one "
                        "of the archive's region's groups (or the account is not in the "
                        "archive)."
                    ),
                    user=shown(username),
                    group=shown(group),
                )
            if (username, self.role_groups[group]) not in self.memberships:
                raise refuse(
                    _(
                        "The archive adds %(user)s to the group %(group)s without a "
                        "membership of that role in the region."
                    ),
                    user=shown(username),
                    group=shown(group),
                )


def _check_database(plan: Plan) -> None:
    """What the database already holds: the region must be new, a role group of another
    region is never taken over, and a unique value (a statement request's secret link)
    is never shared with a row here."""
    from phases.models import Region, RegionRoleGroup

    slug = plan.manifest["region"]
    if Region.objects.filter(slug=slug).exists():
        raise refuse(_("The region %(slug)s already exists in this database."), slug=shown(slug))
    names = [g["name"] for g in plan.groups]
    taken = (
        RegionRoleGroup.objects.filter(group__name__in=names)
        .select_related("region", "group")
        .order_by("group__name")
        .first()
    )
    if taken is not None:
        raise refuse(
            _(
                "The group %(name)s belongs to the region %(region)s in this database: a "
                "restore never adds anyone to another region's groups."
            ),
            name=shown(taken.group.name),
            region=shown(taken.region.slug),
        )
    _unique_values(plan)


def _unique_values(plan: Plan) -> None:
    """A unique value of the archive that a row here already has: a secret token (a
    statement request's link: the archive is a copy of a region still here) is renewed,
    with a note; anything else refuses the archive."""
    by_field: dict[tuple[type, str], list[Row]] = defaultdict(list)
    for row in plan.rows:
        for f in row.model._meta.concrete_fields:
            if f.unique and not f.primary_key and not f.is_relation and f.name in row.fields:
                by_field[(row.model, f.name)].append(row)
    for (model, name), rows in by_field.items():
        values = [r.fields[name] for r in rows if r.fields[name] not in (None, "")]
        taken = set(
            model._default_manager.filter(**{f"{name}__in": values}).values_list(name, flat=True)
        )
        for row in rows:
            if row.fields[name] not in taken:
                continue
            if not name.endswith("token"):
                raise refuse(
                    _("%(row)s: its %(field)s %(value)s is taken by a row in this database."),
                    row=_row_name(row),
                    field=name,
                    value=shown(row.fields[name]),
                )
            row.fields[name] = secrets.token_urlsafe(32)[: model._meta.get_field(name).max_length]
            plan.notes.append(
                _("%(row)s: its link was in use here, so it got a new one.")
                % {"row": _row_name(row)}
            )
