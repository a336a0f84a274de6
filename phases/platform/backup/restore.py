"""Restore: an archive's region and project written into this database, all or nothing.

The archive is read within its caps (archive.py) and checked row by row (checks.py)
before anything is written; then, in one transaction, the files are stored and the rows
inserted in bulk (one COPY a table: no model's save(), signals or new history rows, as
the archive brings its own history). If anything fails, the transaction is rolled back
and the files written so far are deleted.

Every key of the archive is moved past its table's largest key and the last key the
table's sequence gave out (in a new database: by nothing, the keys are kept), with every
reference to it; a row keyed by another row (a comment's insight, keyed by its comment)
moves with that row. Ids once given out are never given again: history rows of deleted
rows keep them. The sequences are then moved past the restored keys (never back).

An account of the archive is one here only when the username and the (valid) e-mail
address are the same (letter case aside) and the account here is neither staff nor
superuser: it is used as it is (nothing of it is changed). Every other account is created
as the archive describes it (under a free username, name-2, when its own is taken here: a
note says so), neither staff nor superuser, with an unusable password; with `invite=True`
it is sent the invitation of the members page (a link to set a password, in the region's
language) once the restore is committed.
An account is added only to the region's role groups, and only as its memberships in the
archive give. A role group whose name an orphan group (of no region) holds is created
under a free name; another region's group is never used (checks.py refuses the archive).
"""

from __future__ import annotations

import gc
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import connection, connections, models, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from phases.models import PromiseProject

from .archive import ArchiveRefused, Limits, read_archive, refuse, shown
from .checks import Plan, Row, check, history_of
from .kinds import CATALOGUE, GROUP, PERMISSION, USER, archive_models, schema

BATCH = 500
NATURAL = CATALOGUE | {USER, GROUP, PERMISSION}


@dataclass
class Restored:
    project: PromiseProject
    notes: list[str]
    offsets: dict[str, int]  # model label -> what was added to its primary keys
    created: list[str]  # usernames of the accounts the restore created
    invited: int  # how many of them were sent an invitation


def restore(archive_bytes: bytes, *, invite: bool = False, caps: Limits | None = None) -> Restored:
    """Restore an archive made by export_project, all of it or nothing (files included),
    or raise ArchiveRefused with a message in the active language."""
    collecting = gc.isenabled()
    gc.disable()  # tens of thousands of small objects that live until the end: no cycles
    try:
        return _restore(archive_bytes, invite=invite, caps=caps)
    finally:
        if collecting:
            gc.enable()


def _restore(archive_bytes: bytes, *, invite: bool, caps: Limits | None) -> Restored:
    plan = check(read_archive(archive_bytes, caps))
    written: list[str] = []
    try:
        with transaction.atomic():
            return _write(plan, written, invite=invite)
    except Exception as exc:
        for name in written:  # nothing half-written: the files go with the rows
            try:
                default_storage.delete(name)
            except OSError:
                pass
        if isinstance(exc, ArchiveRefused):
            raise
        raise refuse(
            _("The archive could not be restored: %(error)s"), error=shown(str(exc), 300)
        ) from exc


def _write(plan: Plan, written: list[str], *, invite: bool) -> Restored:
    keys = _Keys(plan)
    renamed = _store_files(plan.files, written)
    rows = [keys.rewritten(row, renamed) for row in plan.rows]
    with connection.constraint_checks_disabled():
        tables = _insert(rows)
    connection.check_constraints(table_names=sorted(tables))
    User = get_user_model()  # noqa: N806
    User.groups.through.objects.bulk_create(
        [
            User.groups.through(user_id=keys.users[u], group_id=keys.groups[g])
            for u, g in dict.fromkeys(plan.pairs)
        ]
    )
    known = archive_models()
    _move_sequences({known[row.label] for row in plan.rows} | {User, Group})
    project = PromiseProject._base_manager.select_related("region").get(
        pk=plan.manifest["project"] + keys.offset("phases.promiseproject")
    )
    invited = _invite(keys.created, project) if invite else 0
    offsets = {row.label: keys.offset(row.label) for row in plan.rows}
    return Restored(project, plan.notes, offsets, [u.username for u in keys.created], invited)


class _Keys:
    """The keys rows get in this database, and the accounts, groups, catalogue rows and
    permissions their natural keys name."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self._offsets: dict[str, int] = {}
        self.catalogue = _catalogue(plan)
        self.permissions = _permissions(plan)
        self.users, self.created = _users(plan)
        self.groups = _groups(plan)

    def offset(self, label: str) -> int:
        if label not in self._offsets:
            model = archive_models()[label]
            pk = model._meta.pk
            if pk.is_relation:  # keyed by another row: moves with it
                self._offsets[label] = self.offset(pk.related_model._meta.label_lower)
            else:
                self._offsets[label] = _largest_key(model)
        return self._offsets[label]

    def _natural(self, target: str, value):
        if target == USER:
            return self.users[value[0]]
        if target == GROUP:
            return self.groups[value[0]]
        if target == PERMISSION:
            return self.permissions[tuple(value)]
        return self.catalogue[target][tuple(value)]

    def rewritten(self, row: Row, renamed: dict[str, str]) -> dict:
        fields = dict(row.fields)
        instance = history_of(row.model)
        if instance is not None:  # a history row: the key of the row it is the history of
            name = instance._meta.pk.name
            if isinstance(fields.get(name), int):
                fields[name] += self.offset(instance._meta.label_lower)
        kinds = schema(row.model)
        for name, value in fields.items():
            _f, kind, target = kinds[name]
            if kind == "m2m":
                if target in (USER, GROUP):
                    fields[name] = [self._natural(target, v) for v in value]
                else:
                    fields[name] = [v + self.offset(target) for v in value]
            elif kind == "fk" and value is not None:
                if target in NATURAL:
                    fields[name] = self._natural(target, value)
                else:
                    fields[name] = value + self.offset(target)
            elif kind == "file" and value in renamed:
                fields[name] = renamed[value]
        pk = row.pk + self.offset(row.label)
        if pk > _key_bound(row.model):
            raise refuse(
                _(
                    "%(row)s would get the key %(key)s, past half of what its table can "
                    "hold: such keys would use up the keys of every region."
                ),
                row=f"{row.label} {row.pk}",
                key=pk,
            )
        return {"model": row.label, "pk": pk, "fields": fields}


@cache
def _key_bound(model) -> int:
    """Half the largest key the table's key column holds (a restore moves the table's
    sequence past its keys: never so far that the table runs out)."""
    pk = model._meta.pk
    field = pk.target_field if pk.is_relation else pk
    if isinstance(field, models.SmallAutoField | models.SmallIntegerField):
        return (2**15 - 1) // 2
    if isinstance(field, models.BigAutoField | models.BigIntegerField):
        return (2**63 - 1) // 2
    return (2**31 - 1) // 2


def _largest_key(model) -> int:
    """The largest key of the table, or the last one its sequence gave out if larger (ids
    of deleted rows live on in their history: never given again)."""
    meta = model._meta
    table, column = meta.db_table, meta.pk.column
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT GREATEST(COALESCE(MAX({qn(column)}), 0), COALESCE(("  # noqa: S608
                "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, %s)::regclass)"
                f"), 0)) FROM {qn(table)}",
                [table, column],
            )
        else:
            cursor.execute(f"SELECT COALESCE(MAX({qn(column)}), 0) FROM {qn(table)}")  # noqa: S608
        return int(cursor.fetchone()[0])


def _move_sequences(model_set) -> None:
    """Every sequence past the largest key of its table, never back."""
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        for model in model_set:
            pk = model._meta.pk
            if pk.is_relation or not isinstance(pk, models.AutoField):
                continue
            if connection.vendor != "postgresql":
                from django.core.management.color import no_style

                for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
                    cursor.execute(sql)
                continue
            table = model._meta.db_table
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST("  # noqa: S608
                f"(SELECT MAX({qn(pk.column)}) FROM {qn(table)}), "
                "COALESCE(pg_sequence_last_value(pg_get_serial_sequence(%s, %s)::regclass), 1)"
                "))",
                [table, pk.column, table, pk.column],
            )


def _catalogue(plan: Plan) -> dict[str, dict[tuple, int]]:
    """label -> {natural key: pk} of the catalogue rows the archive names; the national
    model is loaded once if one is missing (a new database)."""
    from phases.catalogue import sync_catalogue

    found = _catalogue_keys()
    if any(plan.catalogue_keys[label] - set(found[label]) for label in plan.catalogue_keys):
        sync_catalogue()
        found = _catalogue_keys()
    for label, keys in plan.catalogue_keys.items():
        missing = sorted(keys - set(found[label]), key=str)
        if missing:
            raise refuse(
                _(
                    "The archive refers to %(key)s of the national model, which this version "
                    "does not have."
                ),
                key=shown(list(missing[0])),
            )
    return found


def _catalogue_keys() -> dict[str, dict[tuple, int]]:
    from phases.models import (
        ChecklistDefinition,
        ChecklistStatement,
        PhaseDefinition,
        ResultDefinition,
        TaskDefinition,
    )

    def keyed(queryset, *names):
        return {tuple(v[:-1]): v[-1] for v in queryset.values_list(*names, "pk")}

    by_phase = ("phase__number", "key")
    return {
        "phases.phasedefinition": keyed(PhaseDefinition.objects.all(), "number"),
        "phases.taskdefinition": keyed(TaskDefinition.objects.all(), *by_phase),
        "phases.resultdefinition": keyed(ResultDefinition.objects.all(), *by_phase),
        "phases.checklistdefinition": keyed(ChecklistDefinition.objects.all(), *by_phase),
        "phases.checkliststatement": keyed(
            ChecklistStatement.objects.all(), "checklist__phase__number", "checklist__key", "key"
        ),
    }


def _permissions(plan: Plan) -> dict[tuple, int]:
    codenames = {key[0] for key in plan.permission_keys}
    found = {
        tuple(v[:3]): v[3]
        for v in Permission.objects.filter(codename__in=codenames).values_list(
            "codename", "content_type__app_label", "content_type__model", "pk"
        )
    }
    missing = sorted(plan.permission_keys - set(found), key=str)
    if missing:
        raise refuse(
            _("The archive gives a permission %(name)s that this version does not have."),
            name=shown(list(missing[0])),
        )
    return found


def _users(plan: Plan) -> tuple[dict[str, int], list]:
    """archive's username -> pk of the account its rows are given. An account here is the
    archive's only when the username is the same, both e-mail addresses are valid and the
    same (letter case aside) and it is neither staff nor superuser; nothing of it is
    changed. Every other account of the archive is created, without a usable password,
    neither staff nor superuser, under a free username when its own is taken (a note says
    which): an archive never makes an account here a member of its region by naming it."""
    User = get_user_model()  # noqa: N806
    names = [u["username"] for u in plan.users]
    here = {
        u.username: u
        for u in User.objects.filter(username__in=names).only(
            "username", "email", "is_staff", "is_superuser"
        )
    }
    taken = {
        name.lower()
        for name in User.objects.annotate(lowered=Lower("username"))
        .filter(lowered__in={n.lower() for n in names})
        .values_list("username", flat=True)
    }
    keep = not User.objects.exists()  # into an empty table the keys are kept
    joined = User._meta.get_field("date_joined")
    matched, created, stored_as = {}, [], {}
    for fields in plan.users:
        name = fields["username"]
        existing = here.get(name)
        if existing is not None and _same_person(existing, fields.get("email", "")):
            matched[name] = existing.pk
            continue
        stored = name
        if name.lower() in taken:
            stored = _free_username(name, taken)
            plan.notes.append(
                _(
                    "An account named %(name)s is here already and is not the archive's "
                    "(another e-mail address, or staff): the archive's %(name)s was created "
                    "as %(stored)s."
                )
                % {"name": name, "stored": stored}
            )
        taken.add(stored.lower())
        user = User(
            username=stored,
            first_name=fields.get("first_name", ""),
            last_name=fields.get("last_name", ""),
            email=fields.get("email", ""),
            is_active=fields.get("is_active", True),
            is_staff=False,
            is_superuser=False,
        )
        if fields.get("date_joined"):
            user.date_joined = joined.to_python(fields["date_joined"])
        user.set_unusable_password()
        if keep:
            user.pk = fields["pk"]
        created.append(user)
        stored_as[name] = user
    User.objects.bulk_create(created, batch_size=BATCH)
    return {**matched, **{name: u.pk for name, u in stored_as.items()}}, created


def _same_person(user, email: str) -> bool:
    """The account here is the archive's: the same valid e-mail address (letter case
    aside), and neither staff nor superuser (an archive never reaches those)."""
    if user.is_staff or user.is_superuser:
        return False
    if not (_valid_email(email) and _valid_email(user.email)):
        return False
    return email.strip().lower() == user.email.strip().lower()


def _valid_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def _free_username(name: str, taken: set[str]) -> str:
    """name-2, name-3, … (within the 150 characters of a username), free here in any
    letter case and not another of the archive's."""
    User = get_user_model()  # noqa: N806
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = name[: 150 - len(suffix)] + suffix
        if (
            candidate.lower() not in taken
            and not User.objects.filter(username__iexact=candidate).exists()
        ):
            return candidate
        number += 1


def _groups(plan: Plan) -> dict[str, int]:
    """archive's group name -> pk of the group created for it (under a free name if an
    orphan group holds the name: checks.py refused other regions' groups)."""
    names = [g["name"] for g in plan.groups]
    taken = set(Group.objects.filter(name__in=names).values_list("name", flat=True))
    keep = not Group.objects.exists()
    created = []
    for group in plan.groups:
        name = group["name"]
        if name in taken:
            stored = _free_group_name(name)
            plan.notes.append(
                _("A group named %(name)s without a region was here: the region's is %(stored)s.")
                % {"name": name, "stored": stored}
            )
            name = stored
        created.append(Group(pk=group["pk"] if keep else None, name=name))
    Group.objects.bulk_create(created)
    return {g["name"]: c.pk for g, c in zip(plan.groups, created, strict=True)}


def _free_group_name(name: str) -> str:
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: 150 - len(suffix)] + suffix
        if not Group.objects.filter(name=candidate).exists():
            return candidate
        number += 1


def _store_files(files: dict[str, bytes], written: list[str]) -> dict[str, str]:
    """Write the archive's files, each as a new file (a name taken here gets a free one).
    Returns {name in the archive: stored name} for those that changed."""
    renamed = {}
    for name, content in files.items():
        stored = default_storage.save(name, ContentFile(content))
        written.append(stored)
        if stored != name:
            renamed[name] = stored
    return renamed


def _insert(rows: list[dict]) -> set[str]:
    """Insert the rows as they are (no save(), no signals, no auto_now: what loaddata
    does), one COPY a table on PostgreSQL, and their many-to-many rows. Each value goes
    through its field (to_python, then get_db_prep_save): a value the field cannot take
    fails the restore. Returns the tables written."""
    db = connections[connection.alias]  # the connection itself, not the proxy (speed)
    by_model: dict[type, list[dict]] = defaultdict(list)
    known = archive_models()
    for row in rows:
        by_model[known[row["model"]]].append(row)
    tables = set()
    through_rows: dict[type, list] = defaultdict(list)
    for model, group in by_model.items():
        fields = [f for f in model._meta.local_concrete_fields if not f.generated]
        m2m = [e for e in schema(model).values() if e[1] == "m2m"]
        plain = [_plain_type(f) for f in fields]
        values = []
        for row in group:
            data = row["fields"]
            line = []
            for f, kind in zip(fields, plain, strict=True):
                if f.primary_key:
                    value = row["pk"]
                elif f.name in data:
                    value = data[f.name]
                    if value is None and f.null:
                        line.append(None)
                        continue
                    if kind is not None and type(value) is kind:
                        if kind is str:
                            _text_fits(f, value)
                        line.append(value)  # a str, int or bool the column takes as it is
                        continue
                    if not f.is_relation:
                        value = f.to_python(value)
                        if isinstance(value, str):
                            _text_fits(f, value)
                else:
                    value = f.get_default()
                line.append(f.get_db_prep_save(value, db))
            values.append(line)
            for f, _kind, _target in m2m:
                through = f.remote_field.through
                source = through._meta.get_field(f.m2m_field_name()).attname
                target = through._meta.get_field(f.m2m_reverse_field_name()).attname
                through_rows[through] += [
                    through(**{source: row["pk"], target: v}) for v in data.get(f.name, ())
                ]
        _copy(model._meta.db_table, [f.column for f in fields], values)
        tables.add(model._meta.db_table)
    for through, objs in through_rows.items():
        through.objects.bulk_create(objs, batch_size=BATCH)
        tables.add(through._meta.db_table)
    return tables


def _text_fits(f: models.Field, value: str) -> None:
    """A text PostgreSQL refuses at the insert is refused on every engine (SQLite, which
    `make run` uses, would store it): a NUL character, or more characters than its column
    holds. Raised inside the restore's transaction: nothing is written, the files go."""
    field = f"{f.model._meta.label_lower}.{f.name}"
    if "\x00" in value:
        raise refuse(
            _("The archive could not be restored: %(field)s holds a NUL character."),
            field=field,
        )
    if f.max_length is not None and len(value) > f.max_length:
        raise refuse(
            _("The archive could not be restored: %(field)s is longer than %(max)s characters."),
            field=field,
            max=f.max_length,
        )


def _plain_type(f: models.Field):
    """The Python type whose values the field's column takes unchanged (text, whole
    numbers and truth values), or None: everything else goes through the field."""
    if isinstance(f, models.BooleanField):
        return bool
    if f.is_relation:
        target = f.target_field
        return int if isinstance(target, models.AutoField | models.IntegerField) else None
    if isinstance(f, models.IntegerField | models.AutoField):
        return int
    if type(f) in (models.CharField, models.TextField, models.SlugField, models.EmailField):
        return str
    return None


def _copy(table: str, columns: list[str], values: list[list]) -> None:
    qn = connection.ops.quote_name
    names = ", ".join(qn(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {qn(table)} ({names}) FROM STDIN") as copy:
                for line in values:
                    copy.write_row(line)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {qn(table)} ({names}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(values), BATCH):
            cursor.executemany(sql, values[start : start + BATCH])


def _invite(created: list, project: PromiseProject) -> int:
    """The members page's invitation (a link to set a password) to each new, active
    account with an address, in the region's language; sent once the restore commits."""
    from phases import services
    from phases.models import UserProfile

    invitees = [u for u in created if u.is_active and u.email]
    language = project.region.primary_language
    UserProfile.objects.bulk_create(
        [UserProfile(user=u, language=language) for u in invitees], ignore_conflicts=True
    )
    for user in invitees:
        services.user_invite(user=user, request=None)
    return len(invitees)
