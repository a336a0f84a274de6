"""export_project / import_project: the round trip loses nothing, into an empty database
and into one that holds the demo's regions (a second-cycle project, whose comment
insights are keyed by their comments); accounts travel without passwords."""

import io
import json
import re
import zipfile

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext

from phases import services
from phases.models import PromiseProject, Region, ResultDefinition
from phases.platform.backup import ArchiveRefused, export_project, restore
from phases.platform.backup.checks import history_of
from phases.platform.backup.kinds import archive_models
from tests.demo_snapshot import seeded_demo
from tests.fast_flush import delete_every_row

MS_ZERO = re.compile(r"(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)")
NATURAL_MODELS = {"auth.user", "auth.group"}
OWN_APPS = {"phases", "promises", "participation", "indicators"}


def archive_content(data: bytes) -> tuple[list, dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # Django's serialiser writes times to the millisecond: ".000Z" and "Z" are one time.
        rows = json.loads(MS_ZERO.sub(r"\1\2", archive.read("data.json").decode()))
        files = {
            name: archive.read(name) for name in archive.namelist() if name.startswith("files/")
        }
    return sorted(rows, key=_key), files


def new_database() -> None:
    """What `flush` leaves, as a new database has it: every table empty, every sequence
    unused, and what `migrate` puts in (content types, permissions, the national model).
    The rows are deleted rather than ninety tables truncated (tests/fast_flush.py): the
    same empty database, seconds sooner."""
    delete_every_row(connection)
    sequences = connection.introspection.sequence_list()
    with connection.cursor() as cursor:
        cursor.execute("\n".join(connection.ops.sequence_reset_by_name_sql(no_style(), sequences)))
    emit_post_migrate_signal(verbosity=0, interactive=False, db=connection.alias)


def _key(row):
    return (row["model"], str(row["pk"]))


def _without_accounts(rows):
    return sorted((r for r in rows if r["model"] not in NATURAL_MODELS), key=_key)


@pytest.mark.django_db(transaction=True)
def test_export_then_import_into_empty_database_loses_nothing(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    result = seeded_demo()
    project = result["finished"]
    definition = ResultDefinition.objects.get(key="evaluation_report")
    services.result_save(
        project=project,
        definition=definition,
        by=result["users"]["preparer"],
        text="Arviointi liitteenä.",
        attachment=SimpleUploadedFile("arviointi.pdf", b"%PDF-1.4\nsisalto\n%%EOF\n"),
    )
    path = tmp_path / "project.zip"
    call_command("export_project", project.pk, str(path))
    before_rows, before_files = archive_content(path.read_bytes())
    assert any(r["model"] == "phases.phasetransition" for r in before_rows)
    assert any(name.endswith("arviointi.pdf") for name in before_files)
    accounts = [r for r in before_rows if r["model"] == "auth.user"]
    assert accounts and all(
        set(r["fields"])
        == {"username", "first_name", "last_name", "email", "is_active", "date_joined"}
        for r in accounts
    ), "an archive carries no password hash, flags, groups or permissions"
    assert b"password" not in path.read_bytes()

    new_database()
    (tmp_path / "media").rename(tmp_path / "media-old")
    assert not PromiseProject.objects.exists()

    call_command("import_project", str(path))
    restored = PromiseProject.objects.get(pk=project.pk)
    assert restored.phase == 6
    assert restored.region.slug == "esimerkki"
    people = get_user_model().objects.filter(
        username__in=[r["fields"]["username"] for r in accounts]
    )
    assert len(people) == len(accounts)
    assert not any(u.has_usable_password() or u.is_staff or u.is_superuser for u in people)
    preparer = people.get(username="valmistelija")
    assert set(preparer.groups.values_list("name", flat=True)) == {"region:esimerkki:preparer"}
    call_command("export_project", restored.pk, str(tmp_path / "again.zip"))
    after_rows, after_files = archive_content((tmp_path / "again.zip").read_bytes())
    assert _differences(before_rows, after_rows) == ([], [])
    assert after_files == before_files


def _differences(before, after):
    missing = [r for r in before if r not in after]
    extra = [r for r in after if r not in before]
    for m in missing:  # show field-level differences of rows that changed
        twin = next((r for r in extra if _key(r) == _key(m)), None)
        if twin:
            print(
                m["model"],
                m["pk"],
                {
                    k: (v, twin["fields"].get(k))
                    for k, v in m["fields"].items()
                    if twin["fields"].get(k) != v
                },
            )
    return missing, extra


@pytest.mark.django_db
def test_import_refuses_an_existing_region(project):
    data = export_project(project)
    with pytest.raises(ArchiveRefused, match="already exists"):
        restore(data)


_ARCHIVES: dict = {}


def _second_cycle_archive(tmp_path, settings) -> tuple[int, bytes, dict | None]:
    """The demo's second-cycle project (its previous cycle is the finished one), with a
    stored file and comment insights, exported. Made once per test process: the archive is
    bytes. When made here, the demo it was made from is left in the database as seeded (the
    file's row is rolled back, its file stays) and is the answer's third item; else None."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo = None
    if "second_cycle" not in _ARCHIVES:
        demo = seeded_demo()
        project = demo["current"]
        assert project.previous_project_id == demo["finished"].pk
        definition = ResultDefinition.objects.filter(phase__number=1, provided_by="").first()
        with transaction.atomic():
            services.result_save(
                project=project,
                definition=definition,
                by=demo["users"]["preparer"],
                text="Suunnitelma liitteenä.",
                attachment=SimpleUploadedFile("suunnitelma.pdf", b"%PDF-1.4\nsuunnitelma\n%%EOF\n"),
            )
            _ARCHIVES["second_cycle"] = (project.pk, export_project(project))
            transaction.set_rollback(True)
    return (*_ARCHIVES["second_cycle"], demo)


def _expected_alone(rows, project_pk):
    """The rows as a restore without the previous cycle gives them: the links to it (the
    project's previous cycle, the promise versions and commitments it was copied from)
    dropped."""
    # a promise is copied from a promise *version* of the previous cycle, a commitment from
    # a commitment: a link stays only if its target is in the archive
    versions = {r["pk"] for r in rows if r["model"] == "promises.promiseversion"}
    commitments = {r["pk"] for r in rows if r["model"] == "promises.commitment"}
    result = []
    for row in rows:
        if row["model"] == "phases.promiseproject" and row["pk"] == project_pk:
            row = {**row, "fields": {**row["fields"], "previous_project": None}}
        if row["model"] == "promises.promise" and row["fields"]["copied_from"] not in versions:
            row = {**row, "fields": {**row["fields"], "copied_from": None}}
        if (
            row["model"] == "promises.commitment"
            and row["fields"].get("copied_from") not in commitments
        ):
            row = {**row, "fields": {**row["fields"], "copied_from": None}}
        result.append(row)
    return result


@pytest.mark.django_db(transaction=True)
def test_second_cycle_project_restores_alone_into_an_empty_database(tmp_path, settings):
    project_pk, data, _demo = _second_cycle_archive(tmp_path, settings)
    new_database()  # every sequence unused
    (tmp_path / "media").rename(tmp_path / "media-old")
    before_rows, before_files = archive_content(data)
    models = {r["model"] for r in before_rows}
    assert "promises.historicalcommitment_strategy_goals" in models  # history of the M2M
    assert "participation.commentinsight" in models

    restored = restore(data)
    assert restored.project.pk == project_pk and restored.project.previous_project is None
    assert any("previous cycle" in note for note in restored.notes)
    after_rows, after_files = archive_content(export_project(restored.project))
    assert _differences(_expected_alone(before_rows, project_pk), after_rows) == ([], [])
    assert after_files == before_files


def _renamed(data: bytes, old: str, new: str) -> bytes:
    """The archive of a region named `new`: its slug, and its role groups' names."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    for name in ("manifest.json", "data.json"):
        text = parts[name].decode().replace(f'"region:{old}:', f'"region:{new}:')
        parts[name] = (
            text.replace(f'"region": "{old}"', f'"region": "{new}"')
            .replace(f'"slug": "{old}"', f'"slug": "{new}"')
            .encode()
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _moved_back(rows, offsets):
    """Rows of a restored project with the restore's key offsets taken off again."""
    known = archive_models()

    def back(label, value):
        return value - offsets.get(label, 0) if isinstance(value, int) else value

    result = []
    for row in rows:
        if row["model"] in NATURAL_MODELS:
            continue
        model = known[row["model"]]
        meta = model._meta
        fields = dict(row["fields"])
        instance = history_of(model)
        if instance is not None:
            name = instance._meta.pk.name
            fields[name] = back(instance._meta.label_lower, fields[name])
        for name, value in fields.items():
            f = meta.get_field(name)
            target = f.related_model._meta.label_lower if f.is_relation else None
            if target in known and f.many_to_many:
                fields[name] = [back(target, v) for v in value]
            elif target in known:
                fields[name] = back(target, value)
        pk_label = meta.pk.related_model._meta.label_lower if meta.pk.is_relation else row["model"]
        result.append({**row, "pk": back(pk_label, row["pk"]), "fields": fields})
    return sorted(result, key=_key)


def _own_rows():
    return {
        m._meta.label_lower: set(m._default_manager.values_list("pk", flat=True))
        for m in apps.get_models()
        if m._meta.app_label in OWN_APPS
    }


@pytest.mark.django_db(transaction=True)
def test_second_cycle_project_restores_into_a_database_holding_the_demo_regions(tmp_path, settings):
    """The demo's regions hold rows with every key the archive has: each table's keys move
    by that table's offset, and a comment's insight (keyed by its comment) by the comments'
    offset."""
    project_pk, data, demo = _second_cycle_archive(tmp_path, settings)
    demo = demo or seeded_demo()  # the demo again, with the same keys
    assert Region.objects.count() >= 3
    data = _renamed(data, "esimerkki", "palautettu")
    before_rows, before_files = archive_content(data)
    insights = [r for r in before_rows if r["model"] == "participation.commentinsight"]
    assert insights
    from participation.models import Comment, CommentInsight

    # The newest comment here came after the analysis: the comments' keys go further than
    # the insights' (each table's own offset would differ from the comments').
    CommentInsight.objects.order_by("-pk").first().delete()
    assert Comment.objects.order_by("-pk").first().pk > CommentInsight.objects.order_by("-pk")[0].pk
    untouched_rows = _own_rows()
    untouched_archives = {
        key: archive_content(export_project(demo[key])) for key in ("current", "finished")
    }
    other = Region.objects.get(slug="toinenalue").projects.get()
    untouched_other = archive_content(export_project(other))

    restored = restore(data)

    project = restored.project
    assert project.region.slug == "palautettu" and project.pk != project_pk
    offsets = restored.offsets
    assert offsets["participation.commentinsight"] == offsets["participation.comment"] > 0
    comments = {
        r["pk"]: r["fields"]["text"] for r in before_rows if r["model"] == "participation.comment"
    }
    moved = CommentInsight.objects.filter(round__project=project).select_related("comment")
    assert len(moved) == len(insights)
    for insight in moved:  # each insight still belongs to its own comment
        assert insight.comment.text == comments[insight.pk - offsets["participation.comment"]]
        assert insight.comment.round.project_id == project.pk
    # the restored project is the archive, row for row, its keys moved
    again, after_files = archive_content(export_project(project))
    got = _moved_back(again, offsets)
    expected = _without_accounts(_expected_alone(before_rows, project_pk))
    # the demo's own copy is still here: a file whose name is taken gets a free one, the
    # statement links (secret tokens, unique) new ones
    assert sorted(after_files.values()) == sorted(before_files.values())
    by_content = {content: name for name, content in after_files.items()}
    renamed = {name[6:]: by_content[content][6:] for name, content in before_files.items()}
    tokens = {
        r["pk"]: r["fields"]["token"] for r in got if r["model"] == "participation.requestedbody"
    }
    assert tokens and any("link" in note for note in restored.notes)
    for row in expected:
        fields = row["fields"]
        for name, value in fields.items():
            if isinstance(value, str) and value in renamed:
                fields[name] = renamed[value]
        if row["model"] == "participation.requestedbody":
            assert tokens[row["pk"]] != fields["token"]
            fields["token"] = tokens[row["pk"]]
    assert _differences(expected, got) == ([], [])
    # the demo's regions are untouched: every row still there, their archives the same
    after = _own_rows()
    assert all(pks <= after[label] for label, pks in untouched_rows.items())
    for key, content in untouched_archives.items():
        assert (
            archive_content(export_project(PromiseProject.objects.get(pk=demo[key].pk))) == content
        )
    assert archive_content(export_project(other)) == untouched_other
    # accounts that were here are used as they are (their passwords too)
    preparer = get_user_model().objects.get(username="valmistelija")
    assert preparer.has_usable_password()
    assert set(preparer.groups.values_list("name", flat=True)) == {
        "region:esimerkki:preparer",
        "region:palautettu:preparer",
    }
    assert restored.created == []


@pytest.mark.django_db(transaction=True)
def test_new_accounts_get_no_password_and_an_invitation_only_when_asked(
    tmp_path, settings, django_capture_on_commit_callbacks
):
    from tests.factories import ProjectFactory, RegionFactory, member

    settings.MEDIA_ROOT = str(tmp_path / "media")
    region = RegionFactory(slug="kutsuttava", languages=Region.Languages.BILINGUAL_SV)
    project = ProjectFactory(region=region)
    member(region, "preparer", username="kutsuttava_valmistelija")
    data = export_project(project)
    new_database()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        first = restore(data)
    assert first.created == ["kutsuttava_valmistelija"] and first.invited == 0
    assert mail.outbox == []
    person = get_user_model().objects.get(username="kutsuttava_valmistelija")
    assert not person.has_usable_password()

    new_database()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_project", _write(tmp_path, data), "--invite", stdout=out)
    assert [m.to for m in mail.outbox] == [["kutsuttava_valmistelija@example.invalid"]]
    person = get_user_model().objects.get(username="kutsuttava_valmistelija")
    assert not person.has_usable_password()
    # the members page's invitation: the link to set a password, in the region's language
    assert urlsafe_base64_encode(force_bytes(person.pk)) in mail.outbox[0].body
    with translation.override("sv"):
        assert mail.outbox[0].subject == gettext("Your account in the service promise tool")


def _write(tmp_path, data: bytes) -> str:
    path = tmp_path / "archive.zip"
    path.write_bytes(data)
    return str(path)
