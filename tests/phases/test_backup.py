"""export_project / import_project: the round trip into an empty database loses nothing."""

import io
import json
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from phases import services
from phases.catalogue import sync_catalogue
from phases.demo import seed_demo
from phases.models import PromiseProject, ResultDefinition

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
    result = seed_demo()
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
