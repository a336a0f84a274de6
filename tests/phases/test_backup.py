"""export_project / import_project: the round trip into an empty database loses nothing."""

import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from phases import services
from phases.backup import ImportError_, export_project, restore
from phases.catalogue import sync_catalogue
from phases.models import PromiseProject, Region, ResultDefinition
from tests.demo_snapshot import seeded_demo

MS_ZERO = re.compile(r"(T\d\d:\d\d:\d\d)\.000(Z|[+-]\d\d:\d\d)")


def archive_content(data: bytes) -> tuple[list, dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        # Django's serialiser writes times to the millisecond: ".000Z" and "Z" are one time.
        rows = json.loads(MS_ZERO.sub(r"\1\2", archive.read("data.json").decode()))
        files = {
            name: archive.read(name) for name in archive.namelist() if name.startswith("files/")
        }
    return sorted(rows, key=lambda r: (r["model"], str(r["pk"]))), files


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

    call_command("flush", "--noinput")
    (tmp_path / "media").rename(tmp_path / "media-old")
    assert not PromiseProject.objects.exists()

    call_command("import_project", str(path))
    restored = PromiseProject.objects.get(pk=project.pk)
    assert restored.phase == 6
    assert restored.region.slug == "esimerkki"
    call_command("export_project", restored.pk, str(tmp_path / "again.zip"))
    after_rows, after_files = archive_content((tmp_path / "again.zip").read_bytes())
    missing = [r for r in before_rows if r not in after_rows]
    extra = [r for r in after_rows if r not in before_rows]
    for m in missing:  # show field-level differences of rows that changed
        twin = next((r for r in extra if (r["model"], r["pk"]) == (m["model"], m["pk"])), None)
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
    assert (missing, extra) == ([], [])
    assert after_files == before_files
    sync_catalogue()  # leave the catalogue for the next tests


@pytest.mark.django_db
def test_import_refuses_an_existing_region(tmp_path, project):
    from phases.backup import ImportError_, export_project, import_project

    data = export_project(project)
    with pytest.raises(ImportError_):
        import_project(data)


_ARCHIVES: dict = {}


def _second_cycle_archive(tmp_path, settings):
    """The demo's second-cycle project (its previous cycle is the finished one), with a
    stored file, exported; then the database and the media are emptied. Made once per
    test process: the archive is bytes, and each test starts from an empty database."""
    if "second_cycle" in _ARCHIVES:
        settings.MEDIA_ROOT = str(tmp_path / "media")
        return _ARCHIVES["second_cycle"]
    _ARCHIVES["second_cycle"] = _make_second_cycle_archive(tmp_path, settings)
    return _ARCHIVES["second_cycle"]


def _make_second_cycle_archive(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    demo = seeded_demo()
    project = demo["current"]
    assert project.previous_project_id == demo["finished"].pk
    definition = ResultDefinition.objects.filter(phase__number=1, provided_by="").first()
    services.result_save(
        project=project,
        definition=definition,
        by=demo["users"]["preparer"],
        text="Suunnitelma liitteenä.",
        attachment=SimpleUploadedFile("suunnitelma.pdf", b"%PDF-1.4\nsuunnitelma\n%%EOF\n"),
    )
    data = export_project(project)
    call_command("flush", "--noinput")
    (tmp_path / "media").rename(tmp_path / "media-old")
    return project, data


def _expected_alone(rows, project_pk):
    """The rows as a restore without the previous cycle gives them: the links to it (the
    project's previous cycle, the promises it was copied from) dropped."""
    promises = {r["pk"] for r in rows if r["model"] == "promises.promise"}
    commitments = {r["pk"] for r in rows if r["model"] == "promises.commitment"}
    result = []
    for row in rows:
        if row["model"] == "phases.promiseproject" and row["pk"] == project_pk:
            row = {**row, "fields": {**row["fields"], "previous_project": None}}
        if row["model"] == "promises.promise" and row["fields"]["copied_from"] not in promises:
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
    project, data = _second_cycle_archive(tmp_path, settings)
    before_rows, before_files = archive_content(data)
    models = {r["model"] for r in before_rows}
    assert "promises.historicalcommitment_strategy_goals" in models  # history of the M2M
    assert any(m.startswith("promises.historical") for m in models)

    restored = restore(data)
    assert restored.project.pk == project.pk and restored.project.previous_project is None
    assert any("previous cycle" in note for note in restored.notes)
    after_rows, after_files = archive_content(export_project(restored.project))
    assert after_rows == _expected_alone(before_rows, project.pk)
    assert after_files == before_files
    sync_catalogue()


@pytest.mark.django_db(transaction=True)
def test_restore_into_a_database_holding_another_region_moves_keys_and_touches_nothing(
    tmp_path, settings
):
    from django.apps import apps

    from phases.backup import _shift
    from tests.factories import ProjectFactory, RegionFactory, member

    project, data = _second_cycle_archive(tmp_path, settings)
    before_rows, before_files = archive_content(data)
    sync_catalogue()
    # Another region whose rows take the same primary keys as the archive's.
    other = RegionFactory(slug="toinen", name="Toinen alue")
    other_project = ProjectFactory(region=other, title="Toisen alueen lupaus")
    member(other, "preparer", username="toinen_valmistelija")
    own = {"phases", "promises", "participation", "indicators"}

    def other_rows():
        return {
            m._meta.label: sorted(m._default_manager.values_list("pk", flat=True))
            for m in apps.get_models()
            if m._meta.app_label in own
        }

    untouched = other_rows()
    restored = restore(data)
    assert restored.offsets["phases.promiseproject"] >= other_project.pk
    assert restored.project.pk != project.pk
    # the other region's rows are all still there, unchanged
    after = other_rows()
    assert all(set(pks) <= set(after[label]) for label, pks in untouched.items())
    assert PromiseProject.objects.get(pk=other_project.pk).title_fi == other_project.title_fi
    # the restored project, with its keys moved back, is the archive row for row
    again, after_files = archive_content(export_project(restored.project))
    negative = {label: -offset for label, offset in restored.offsets.items()}
    manifest = {"previous_project": None}
    archive_pks = [{**r, "pk": r["pk"]} for r in again]
    moved_back = _shift(archive_pks, negative, [], manifest)
    users_before = [r for r in before_rows if r["model"] == "auth.user"]
    expected = [
        r for r in _expected_alone(before_rows, project.pk) if r["model"] not in NATURAL_MODELS
    ]
    got = [r for r in moved_back if r["model"] not in NATURAL_MODELS]
    assert sorted(got, key=_key) == sorted(expected, key=_key)
    assert len([r for r in again if r["model"] == "auth.user"]) == len(users_before)
    assert after_files == before_files
    sync_catalogue()


NATURAL_MODELS = {"auth.user", "auth.group"}


def _key(row):
    return (row["model"], str(row["pk"]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "broken",
    ["not a zip", "no manifest", "unknown version", "bad json", "dangling reference"],
)
def test_a_bad_archive_is_refused_and_nothing_is_written(project, tmp_path, settings, broken):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    definition = ResultDefinition.objects.filter(phase__number=1, provided_by="").first()
    services.result_save(
        project=project,
        definition=definition,
        by=None,
        text="Liite.",
        attachment=SimpleUploadedFile("liite.pdf", b"%PDF-1.4\nliite\n%%EOF\n"),
    )
    good = export_project(project)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    manifest = json.loads(parts["manifest.json"])
    manifest["region"] = "palautettava"
    rows = json.loads(parts["data.json"])
    for row in rows:
        if row["model"] == "phases.region":
            row["fields"]["slug"] = "palautettava"
    if broken == "no manifest":
        parts.pop("manifest.json")
    elif broken == "unknown version":
        manifest["version"] = 99
    elif broken == "bad json":
        parts["data.json"] = b'[{"model": "phases.region", "pk": '
    elif broken == "dangling reference":
        task = next(r for r in rows if r["model"] == "phases.projecttask")
        task["fields"]["project"] = 987_654
    if broken not in {"no manifest"}:
        parts["manifest.json"] = json.dumps(manifest).encode()
    if broken not in {"bad json"}:
        parts["data.json"] = json.dumps(rows).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    data = b"PK\x03\x04 not really" if broken == "not a zip" else buffer.getvalue()
    media_before = sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file())
    counts_before = {m: m.objects.count() for m in (PromiseProject, Region)}
    with pytest.raises(ImportError_) as refused:
        restore(data)
    assert str(refused.value)  # a message for the operator
    assert not Region.objects.filter(slug="palautettava").exists()
    assert {m: m.objects.count() for m in (PromiseProject, Region)} == counts_before
    assert sorted(p for p in (tmp_path / "media").rglob("*") if p.is_file()) == media_before
