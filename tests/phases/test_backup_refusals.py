"""A crafted archive is refused whole, with a message, and writes nothing: no row in any
table, no file. Each case starts from a good archive (which restores) and changes one
thing: a superuser or staff account, a password hash, another region's group, rows of
another region, a kind of row no archive holds, a file outside the media, a cap passed."""

import copy
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from phases import services
from phases.models import PromiseProject, ResultDefinition
from phases.platform.backup import ArchiveRefused, export_project, restore
from phases.roles import Role
from tests.factories import ProjectFactory, RegionFactory, UserFactory, member
from tests.phases.test_backup import _renamed

SLUG = "palautettava"


def build_good() -> dict:
    """A project with people, an attachment and another region beside it, exported and
    renamed (so that it restores into this database): the parts of its zip file."""
    # the site's administrator: staff and superuser, member of no region
    UserFactory(
        username="paakayttaja",
        email="paakayttaja@example.invalid",
        is_staff=True,
        is_superuser=True,
    )
    region = RegionFactory(slug="lahde")
    project = ProjectFactory(region=region)
    for role in (Role.REGION_ADMIN, Role.PREPARER, Role.VIEWER):
        member(region, role, username=f"lahde_{role.value}")
    definition = ResultDefinition.objects.filter(phase__number=1, provided_by="").first()
    services.result_save(
        project=project,
        definition=definition,
        by=None,
        text="Liite.",
        attachment=SimpleUploadedFile("liite.pdf", b"%PDF-1.4\nliite\n%%EOF\n"),
    )
    services.task_update(task=project.tasks.first(), by=None, status="done")
    other = RegionFactory(slug="toinen")
    other_project = ProjectFactory(region=other)
    member(other, Role.REGION_ADMIN, username="toinen_admin")
    data = _renamed(export_project(project), "lahde", SLUG)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    return {
        "manifest": json.loads(parts.pop("manifest.json")),
        "rows": json.loads(parts.pop("data.json")),
        "files": parts,
        "other_project": other_project,
    }


@pytest.fixture(scope="module")
def good_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """`build_good()` once for this module, inside its rolled-back transaction
    (tests/module_scope.py), with its attachment in the module's media folder."""
    from phases.scoping import scopes_disabled
    from tests.module_scope import module_transaction

    media = tmp_path_factory.mktemp("good-media")
    with (
        module_transaction(django_db_blocker, media),
        scopes_disabled(),
        translation.override("en"),
    ):
        built = build_good()
        built["other_project"] = built["other_project"].pk
        yield {"good": built, "media": media}


@pytest.fixture
def media(good_world, tmp_path, settings):
    """This test's own copy of the module's media (the good project's attachment)."""
    from tests.module_scope import fresh_media

    return fresh_media(good_world["media"], settings, tmp_path)


@pytest.fixture
def good(good_world, db, media):
    """The parts of the good archive, this test's own copy (a case changes them in place);
    the rows it was exported from are the module's, each test in its own savepoint."""
    built = copy.deepcopy(good_world["good"])
    built["other_project"] = PromiseProject.objects.get(pk=built["other_project"])
    return built


def zipped(manifest, rows, files, *, extra=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("data.json", json.dumps(rows))
        for name, content in {**files, **(extra or {})}.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def state(media) -> tuple[dict, list]:
    """Every table's row count, and every file under MEDIA_ROOT."""
    counts = {m._meta.label: m._base_manager.count() for m in apps.get_models()}
    files = sorted(str(p) for p in media.rglob("*") if p.is_file()) if media.exists() else []
    return counts, files


def account(username, **fields):
    return {
        "model": "auth.user",
        "pk": 9_000 + len(username),
        "fields": {
            "username": username,
            "first_name": "",
            "last_name": "",
            "email": f"{username}@example.invalid",
            "is_active": True,
            "date_joined": "2026-01-01T00:00:00Z",
            **fields,
        },
    }


def _first(rows, model):
    return next(r for r in rows if r["model"] == model)


def _admin_group(g):
    return next(
        r["fields"]["group"][0]
        for r in g["rows"]
        if r["model"] == "phases.regionrolegroup" and r["fields"]["role"] == Role.REGION_ADMIN
    )


def superuser_row(g):
    g["rows"].insert(0, account("haltija", is_superuser=True))
    return "superuser"


def superuser_flag_on_a_member(g):
    _first(g["rows"], "auth.user")["fields"]["is_superuser"] = True
    return "superuser"


def staff_row(g):
    g["rows"].insert(0, account("henkilokunta", is_staff=True))
    return "staff"


def password_hash(g):
    _first(g["rows"], "auth.user")["fields"]["password"] = (
        "argon2$argon2id$v=19$m=102400,t=2,p=8$c2FsdA$aGFzaA"
    )
    return "archives carry no passwords"


def global_permissions_of_an_account(g):
    _first(g["rows"], "auth.user")["fields"]["user_permissions"] = [["delete_user", "auth", "user"]]
    return "never holds"


def groups_of_an_account(g):
    _first(g["rows"], "auth.user")["fields"]["groups"] = [["region:toinen:region_admin"]]
    return "never holds"


def another_regions_group_pair(g):
    username = _first(g["rows"], "auth.user")["fields"]["username"]
    g["manifest"]["user_groups"].append([username, "region:toinen:region_admin"])
    return "not one of the archive's region's groups"


def pair_without_membership(g):
    g["rows"].insert(0, account("salainen"))
    g["manifest"]["user_groups"].append(["salainen", _admin_group(g)])
    return "without a membership"


def another_regions_group_as_own(g):
    """The archive names its own administrators' group as another region's."""
    own = _admin_group(g)
    theirs = "region:toinen:region_admin"
    text = json.dumps([g["manifest"], g["rows"]]).replace(f'"{own}"', f'"{theirs}"')
    g["manifest"], g["rows"] = json.loads(text)
    return "belongs to the region toinen"


def group_with_permissions(g):
    _first(g["rows"], "auth.group")["fields"]["permissions"] = [["add_user", "auth", "user"]]
    return "permissions of its own"


def row_of_another_regions_project(g):
    task = dict(_first(g["rows"], "phases.projecttask"))
    task = {**task, "pk": 987_000, "fields": {**task["fields"], "project": g["other_project"].pk}}
    g["rows"].append(task)
    return "not in the archive"


def second_region(g):
    region = _first(g["rows"], "phases.region")
    g["rows"].append(
        {**region, "pk": region["pk"] + 1000, "fields": {**region["fields"], "slug": "kolmas"}}
    )
    return "exactly one region"


def object_permission_on_another_region(g):
    perm = _first(g["rows"], "phases.regiongroupobjectpermission")
    g["rows"].append(
        {
            **perm,
            "pk": 987_001,
            "fields": {**perm["fields"], "content_object": g["other_project"].region_id},
        }
    )
    return "not in the archive"


def unknown_model(g):
    g["rows"].append(
        {
            "model": "phases.externalidentity",
            "pk": 1,
            "fields": {
                "user": [_first(g["rows"], "auth.user")["fields"]["username"]],
                "provider": "entra",
                "subject": "hyokkaaja",
                "created_at": "2026-01-01T00:00:00Z",
            },
        }
    )
    return "never holds"


def model_that_does_not_exist(g):
    g["rows"].append({"model": "nothing.here", "pk": 1, "fields": {}})
    return "never holds"


def auth_permission_row(g):
    g["rows"].append({"model": "auth.permission", "pk": 1, "fields": {"name": "x"}})
    return "never holds"


def floating_row(g):
    """A row of an allowed kind that hangs on nothing of the region."""
    membership = dict(_first(g["rows"], "phases.regionmembership"))
    g["rows"].append(
        {**membership, "pk": 987_002, "fields": {**membership["fields"], "region": None}}
    )
    return "does not belong"


def unknown_role(g):
    _first(g["rows"], "phases.regionmembership")["fields"]["role"] = "superuser"
    return "role"


def file_outside_media(g):
    name = next(iter(g["files"]))[len("files/") :]
    g["files"]["files/../../outside.pdf"] = g["files"].pop("files/" + name)
    g["manifest"]["files"] = ["../../outside.pdf"]
    return "cannot be stored"


def file_no_row_names(g):
    g["files"]["files/orphan.pdf"] = b"%PDF-1.4\n"
    g["manifest"]["files"].append("orphan.pdf")
    return "no row refers to"


def member_not_in_manifest(g):
    g["files"]["files/extra.pdf"] = b"%PDF-1.4\n"
    return "does not list"


def old_version_with_password_hashes(g):
    g["manifest"]["version"] = 2
    return "password"


def dangling_reference(g):
    _first(g["rows"], "phases.projecttask")["fields"]["project"] = 987_654
    return "not in the archive"


def history_of_another_row(g):
    history = _first(g["rows"], "phases.historicalprojecttask")
    history["fields"]["id"] = 987_655
    return "history of a row"


def keys_that_would_use_up_a_table(g):
    """A history row keyed near the top of its table's range (a 32-bit key): the table's
    sequence would be moved there, and every region would run out of keys."""
    _first(g["rows"], "phases.historicalprojecttask")["pk"] = 2**31 - 10
    return "past half of what its table can hold"


def text_the_database_refuses(g):
    """Refused only when the rows are inserted, after the files were stored: those go
    (on SQLite too, which would store a NUL)."""
    _first(g["rows"], "phases.promiseproject")["fields"]["title_fi"] = "nolla\x00merkki"
    return "could not be restored: phases.promiseproject.title_fi holds a NUL character"


def text_longer_than_its_column(g):
    """PostgreSQL refuses it at the insert; SQLite would store it: refused on both."""
    _first(g["rows"], "phases.promiseproject")["fields"]["title_fi"] = "x" * 201
    return "longer than 200 characters"


def an_account_here_named_and_a_row_refused(g):
    """The archive's preparer renamed to an administrator's username here (a new account
    would be made for it), then a row the database refuses: that account goes too."""
    _as_someone_here(g, "lahde_preparer", "paakayttaja")
    return text_the_database_refuses(g)


CASES = [
    superuser_row,
    superuser_flag_on_a_member,
    staff_row,
    password_hash,
    global_permissions_of_an_account,
    groups_of_an_account,
    another_regions_group_pair,
    pair_without_membership,
    another_regions_group_as_own,
    group_with_permissions,
    row_of_another_regions_project,
    second_region,
    object_permission_on_another_region,
    unknown_model,
    model_that_does_not_exist,
    auth_permission_row,
    floating_row,
    unknown_role,
    file_outside_media,
    file_no_row_names,
    member_not_in_manifest,
    old_version_with_password_hashes,
    dangling_reference,
    history_of_another_row,
    keys_that_would_use_up_a_table,
    text_the_database_refuses,
    text_longer_than_its_column,
    an_account_here_named_and_a_row_refused,
]


def test_the_good_archive_restores(good, media):
    restored = restore(zipped(good["manifest"], good["rows"], good["files"]))
    assert restored.project.region.slug == SLUG
    assert restored.project.results.exclude(attachment="").count() == 1


@pytest.mark.parametrize("craft", CASES, ids=lambda f: f.__name__)
def test_a_crafted_archive_is_refused_and_writes_nothing(good, media, craft):
    expected = craft(good)
    data = zipped(good["manifest"], good["rows"], good["files"])
    before = state(media)
    with pytest.raises(ArchiveRefused) as refused:
        restore(data)
    assert expected in str(refused.value)
    assert state(media) == before


@pytest.mark.parametrize(
    "damage",
    [
        "not a zip",
        "empty",
        "no manifest",
        "bad json",
        "deep json",
        "rows not a list",
        "NaN",
        "encrypted flag",
        "truncated",
    ],
)
def test_a_damaged_archive_is_refused_and_writes_nothing(good, media, damage):
    data = zipped(good["manifest"], good["rows"], good["files"])
    if damage == "not a zip":
        data = b"PK\x03\x04 not really"
    elif damage == "empty":
        data = b""
    elif damage == "no manifest":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            parts = {n: z.read(n) for n in z.namelist() if n != "manifest.json"}
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for n, c in parts.items():
                z.writestr(n, c)
        data = buffer.getvalue()
    elif damage in ("bad json", "deep json", "rows not a list", "NaN"):
        content = {
            "bad json": '[{"model": "phases.region", "pk": ',
            "deep json": "[" * 100_000 + "]" * 100_000,
            "rows not a list": '{"model": "phases.region"}',
            "NaN": '[{"model": "phases.region", "pk": NaN, "fields": {}}]',
        }[damage]
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("manifest.json", json.dumps(good["manifest"]))
            z.writestr("data.json", content)
            for n, c in good["files"].items():
                z.writestr(n, c)
        data = buffer.getvalue()
    elif damage == "encrypted flag":
        data = bytearray(data)
        at = data.find(b"PK\x01\x02")  # the central directory's first entry: encrypted
        data[at + 8] |= 1
        data = bytes(data)
    elif damage == "truncated":
        data = data[: len(data) // 2] + data[-22:]
    before = state(media)
    with pytest.raises(ArchiveRefused) as refused:
        restore(data)
    assert str(refused.value)
    assert state(media) == before


CAPS = {
    "archive_bytes": ("the archive's size", 1_000),
    "members": ("the cap on files", 2),
    "unpacked_bytes": ("the unpacked size", 20_000),
    "data_bytes": ("the data's size", 2_000),
    "rows": ("the cap on rows", 10),
    "rows_per_table": ("the cap on rows per table", 3),
}


@pytest.mark.parametrize("cap", sorted(CAPS))
def test_past_a_cap_the_message_names_the_cap_and_nothing_is_written(good, media, settings, cap):
    named, limit = CAPS[cap]
    settings.RESTORE_LIMITS = {cap: limit}
    data = zipped(good["manifest"], good["rows"], good["files"])
    before = state(media)
    with pytest.raises(ArchiveRefused) as refused:
        restore(data)
    assert named in str(refused.value)
    assert state(media) == before


def test_a_zip_bomb_is_refused_before_it_is_unpacked(good, media):
    """The project's attachment as 416 MB of zeros (under half a megabyte packed), at the
    default caps: refused from what the zip file declares, without unpacking it."""
    import time

    (attachment,) = good["files"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(good["manifest"]))
        archive.writestr("data.json", json.dumps(good["rows"]))
        with archive.open(attachment, "w", force_zip64=True) as fh:
            chunk = bytes(16 * 1024 * 1024)
            for _ in range(26):
                fh.write(chunk)
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    before = state(media)
    started = time.perf_counter()
    with pytest.raises(ArchiveRefused) as refused:
        restore(data)
    assert time.perf_counter() - started < 1
    assert "the unpacked size" in str(refused.value)
    assert state(media) == before


@pytest.mark.parametrize(
    "craft, language, said",
    [
        (text_the_database_refuses, "fi", "sisältää NUL-merkin"),
        (text_longer_than_its_column, "sv", "är längre än 200 tecken"),
    ],
)
def test_a_text_no_column_can_hold_is_refused_in_the_users_language(
    good, media, craft, language, said
):
    craft(good)
    data = zipped(good["manifest"], good["rows"], good["files"])
    before = state(media)
    with translation.override(language), pytest.raises(ArchiveRefused) as refused:
        restore(data)
    assert said in str(refused.value) and "phases.promiseproject.title_fi" in str(refused.value)
    assert state(media) == before


def test_the_command_refuses_in_the_users_language(good, media, tmp_path):
    superuser_row(good)
    path = tmp_path / "archive.zip"
    path.write_bytes(zipped(good["manifest"], good["rows"], good["files"]))
    before = state(media)
    with translation.override("fi"), pytest.raises(CommandError) as refused:
        call_command("import_project", str(path))
    assert "pääkäyttäjä" in str(refused.value)
    assert "Mitään ei kirjoitettu." in str(refused.value)
    assert state(media) == before
    assert not PromiseProject.objects.filter(region__slug=SLUG).exists()


# Accounts: the archive names people by username; only the same person is reused.


def _as_someone_here(g, old: str, new: str, *, email: str | None = None) -> None:
    """The archive's account `old` renamed `new` everywhere it is named (its rows, the
    group pairs), with the e-mail address `email` if given."""
    rows = json.loads(json.dumps(g["rows"]).replace(f'"{old}"', f'"{new}"'))
    if email is not None:
        next(r for r in rows if r["model"] == "auth.user" and r["fields"]["username"] == new)[
            "fields"
        ]["email"] = email
    g["rows"][:] = rows
    g["manifest"]["user_groups"] = [
        [new if user == old else user, group] for user, group in g["manifest"]["user_groups"]
    ]


@pytest.fixture
def admin(good):
    return get_user_model().objects.get(username="paakayttaja")


def _groups_of(user) -> set[str]:
    return set(user.groups.values_list("name", flat=True))


def _as_they_were(user) -> tuple:
    user.refresh_from_db()
    return (
        user.username,
        user.email,
        user.password,
        user.is_staff,
        user.is_superuser,
        user.is_active,
        user.first_name,
        _groups_of(user),
    )


def test_an_archive_naming_the_administrator_does_not_touch_that_account(good, media, admin):
    """A crafted archive gives its preparer the administrator's username (and an address
    of its own): the administrator stays as they were, member of no region; the archive's
    person is a new account under a free username, without a password."""
    User = get_user_model()  # noqa: N806
    _as_someone_here(good, "lahde_preparer", "paakayttaja", email="hyokkaaja@example.invalid")
    before = _as_they_were(admin)

    restored = restore(zipped(good["manifest"], good["rows"], good["files"]))

    assert _as_they_were(admin) == before
    assert _groups_of(admin) == set()
    assert restored.created == ["paakayttaja-2"]
    person = User.objects.get(username="paakayttaja-2")
    assert person.email == "hyokkaaja@example.invalid"
    assert not person.has_usable_password() and not person.is_staff and not person.is_superuser
    assert _groups_of(person) == {f"region:{SLUG}:preparer"}
    assert any("paakayttaja-2" in note for note in restored.notes)


def test_staff_are_never_the_archives_person_even_with_the_same_address(good, media, admin):
    _as_someone_here(good, "lahde_preparer", "paakayttaja", email="PaaKayttaja@example.invalid")
    before = _as_they_were(admin)

    restored = restore(zipped(good["manifest"], good["rows"], good["files"]))

    assert _as_they_were(admin) == before
    assert restored.created == ["paakayttaja-2"]


def test_another_regions_member_with_another_address_is_not_reached(good, media):
    """toinen_admin administers another region here; an archive naming them (another
    address) gets a new account, and toinen_admin's groups stay as they were."""
    other_admin = get_user_model().objects.get(username="toinen_admin")
    _as_someone_here(good, "lahde_region_admin", "toinen_admin", email="toinen@example.invalid")
    before = _as_they_were(other_admin)

    restored = restore(zipped(good["manifest"], good["rows"], good["files"]))

    assert _as_they_were(other_admin) == before
    assert _groups_of(other_admin) == {"region:toinen:region_admin"}
    assert restored.created == ["toinen_admin-2"]
    assert _groups_of(get_user_model().objects.get(username="toinen_admin-2")) == {
        f"region:{SLUG}:region_admin"
    }


@pytest.mark.parametrize("email", ["no-address", ""])
def test_an_address_that_is_not_one_never_matches(good, media, email):
    """The same username, but the archive's address is not a valid one: not the person."""
    User = get_user_model()  # noqa: N806
    preparer = User.objects.get(username="lahde_preparer")
    before = _as_they_were(preparer)
    _as_someone_here(good, "lahde_preparer", "lahde_preparer", email=email)

    restored = restore(zipped(good["manifest"], good["rows"], good["files"]))

    assert _as_they_were(preparer) == before
    assert restored.created == ["lahde_preparer-2"]


def test_the_same_person_is_reused_as_they_are(good, media):
    """The same username and the same address (another letter case): the account here is
    used, nothing of it changed, and made a member of the restored region."""
    User = get_user_model()  # noqa: N806
    preparer = User.objects.get(username="lahde_preparer")
    password = preparer.password
    _as_someone_here(
        good, "lahde_preparer", "lahde_preparer", email="LAHDE_Preparer@Example.invalid"
    )

    restored = restore(zipped(good["manifest"], good["rows"], good["files"]))

    assert restored.created == []
    preparer.refresh_from_db()
    assert preparer.password == password and preparer.has_usable_password()
    assert preparer.email == "lahde_preparer@example.invalid"
    assert _groups_of(preparer) == {"region:lahde:preparer", f"region:{SLUG}:preparer"}
    assert not User.objects.filter(username__startswith="lahde_preparer-").exists()
