"""An export reads the rows its natural keys name (accounts, groups, the national model's
catalogue) and its many-to-many relations for all objects of a kind at once: a project
with more commitments, statements and history is exported in as many queries."""

import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from phases.perspectives import Perspective
from phases.platform.backup import export_project
from phases.roles import Role
from tests.factories import member
from tests.promises.factories import commitment, filled_promise, strategy_goal


@pytest.mark.django_db
def test_an_export_takes_as_many_queries_for_a_larger_project(project, users):
    promise = filled_promise(project, by=users["preparer"])
    with CaptureQueriesContext(connection) as small:
        export_project(project)
    other = member(project.region, Role.PREPARER, username="toinen_valmistelija")
    goal = strategy_goal(project.region, code="RS 2")
    for n, perspective in enumerate(Perspective.values * 3):
        title = {"fi": f"Lisäsitoumus {n}", "sv": f"Extra åtagande {n}"}
        commitment(promise, perspective, title, goal=goal, by=(other, users["preparer"])[n % 2])
    with CaptureQueriesContext(connection) as large:
        archive = export_project(project)
    rows = json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("data.json"))
    written = json.dumps(rows, ensure_ascii=False)
    assert "Lisäsitoumus 14" in written and "toinen_valmistelija" in written
    assert len(large) == len(small), [q["sql"][:120] for q in large.captured_queries]
