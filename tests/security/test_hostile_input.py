"""Hostile input on the phases forms: oversize values, wrong types, script payloads, forged
ids of another region, path-traversal file names. Always a clear error (400 with the form
and its message, or 404 for what the user may not see), never a 500, nothing stored, and
nothing of another region revealed. (The test client re-raises any server error.)

At the end, a walk of every URL pattern and every form of the project with NUL bytes,
oversize text and control-only text: 0 × 500."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from phases.models import (
    ChecklistAnswer,
    ChecklistDefinition,
    PhaseTransition,
    ProjectMembership,
    ProjectResult,
    ProjectTask,
    PromiseProject,
    RegionMembership,
    ResultDefinition,
)
from phases.roles import Role
from tests.factories import ProjectFactory, RegionFactory, member

HUGE = "x" * 200_001
SCRIPT = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def tr(msgid: str) -> str:
    with translation.override("fi"):
        return translation.gettext(msgid)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def preparer(region, users, client):
    client.force_login(users["preparer"])
    return client


@pytest.fixture
def other(db):
    """Region B with its own project; nothing of it may be reachable from region A."""
    region = RegionFactory(slug="region-b", name="Alue B")
    project = ProjectFactory(region=region, title="Salainen B")
    member(region, Role.REGION_ADMIN, username="admin_b")
    return project


def url(name, project, **kwargs):
    return reverse(name, kwargs={"region": project.region.slug, "project": project.pk, **kwargs})


def first_task(project):
    return ProjectTask.objects.filter(project=project).order_by("pk").first()


def document_result(phase=1):
    return ResultDefinition.objects.filter(phase__number=phase, provided_by="").first()


def assert_form_error(response, message=None):
    assert response.status_code == 400, response.status_code
    body = response.content.decode()
    assert 'id="error-summary"' in body
    if message:
        assert escape(message) in body, message


# -- oversize values -----------------------------------------------------------------


def test_oversize_project_title_is_refused(preparer, region):
    response = preparer.post(
        reverse("phases:project_create", kwargs={"region": region.slug}),
        {"title_fi": HUGE, "title_sv": "ok", "term_start": 2027, "term_end": 2029},
    )
    assert_form_error(response)
    assert not PromiseProject.objects.filter(region=region).exists()


def test_oversize_result_text_is_refused(preparer, project):
    definition = document_result()
    response = preparer.post(
        url("phases:result_edit", project, result=definition.pk), {"text": HUGE}
    )
    assert_form_error(response)
    assert not ProjectResult.objects.filter(project=project).exists()


def test_oversize_checklist_note_is_refused(preparer, project):
    checklist = ChecklistDefinition.objects.filter(phase__number=1).first()
    statement = checklist.statements.first()
    response = preparer.post(
        url("phases:checklist", project, checklist=checklist.pk),
        {f"answer_{statement.pk}": "yes", f"note_{statement.pk}": HUGE},
    )
    assert_form_error(response)
    assert not ChecklistAnswer.objects.filter(project=project, note=HUGE).exists()


@pytest.mark.parametrize("field", ["notes", "not_applicable_reason"])
def test_oversize_task_text_is_refused(preparer, project, field):
    task = first_task(project)
    data = {"status": "not_applicable", "notes": "", "not_applicable_reason": "syy"}
    data.update({field: HUGE, "lock_version": task.lock_version})
    response = preparer.post(url("phases:task_edit", project, task=task.pk), data)
    assert_form_error(response)
    task.refresh_from_db()
    assert task.status == "todo" and len(task.notes) < 200_000


def test_oversize_advance_comment_changes_nothing(preparer, project):
    response = preparer.post(url("phases:advance", project), {"expected_phase": 1, "comment": HUGE})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == 1
    assert not PhaseTransition.objects.filter(project=project).exists()


def test_oversize_member_invitation_is_refused(client, region, users):
    client.force_login(users["region_admin"])
    response = client.post(
        reverse("phases:members", kwargs={"region": region.slug}),
        {"email": HUGE + "@example.invalid", "first_name": HUGE, "role": "viewer"},
    )
    assert_form_error(response)
    assert RegionMembership.objects.filter(region=region).count() == len(Role)


# -- wrong types -----------------------------------------------------------------------


def test_letters_in_year_fields_are_refused_and_typed_values_kept(preparer, region):
    response = preparer.post(
        reverse("phases:project_create", kwargs={"region": region.slug}),
        {"title_fi": "Lupaus", "title_sv": "Löfte", "term_start": "kaksi", "term_end": "2029x"},
    )
    assert_form_error(response, tr("Enter a whole number."))
    body = response.content.decode()
    assert 'value="Lupaus"' in body and 'value="kaksi"' in body
    assert not PromiseProject.objects.filter(region=region).exists()


def test_years_out_of_range_or_reversed_are_refused(preparer, region):
    create = reverse("phases:project_create", kwargs={"region": region.slug})
    for start, end in [(-1, 2029), (2027, 99999), (2030, 2027), ("1e9", 2029)]:
        response = preparer.post(
            create, {"title_fi": "L", "title_sv": "L", "term_start": start, "term_end": end}
        )
        assert_form_error(response)
    assert not PromiseProject.objects.filter(region=region).exists()


def test_wrong_task_values_are_refused(preparer, project):
    task = first_task(project)
    edit = url("phases:task_edit", project, task=task.pk)
    for data in [
        {"status": "hacked"},
        {"status": "done", "due_date": "not-a-date"},
        {"status": "done", "due_date": "2027-02-30"},
        {"status": "done", "assignee": "abc"},
        {"status": ["done", "todo"], "assignee": "999999"},
    ]:
        assert_form_error(preparer.post(edit, {**data, "lock_version": task.lock_version}))
    task.refresh_from_db()
    assert task.status == "todo" and task.due_date is None and task.assignee is None


def test_wrong_values_in_the_task_table_are_refused(preparer, project, other):
    task = first_task(project)
    table = url("phases:phase_tasks", project, phase=1)
    row = f"task-{task.pk}-"
    base = {"task": task.pk, row + "status": "done", row + "lock_version": task.lock_version}
    for data in [
        {row + "status": "hacked"},
        {row + "due_date": "2027-02-30"},
        {row + "assignee": "abc"},
        {row + "assignee": "999999"},
        {row + "not_applicable_reason": HUGE, row + "status": "not_applicable"},
        {row + "lock_version": "x"},
    ]:
        assert_form_error(preparer.post(table, {**base, **data}))
    # a forged or foreign task id, or none: nothing to find
    for forged in ["abc", "", str(first_task(other).pk), "999999"]:
        assert preparer.post(table, {**base, "task": forged}).status_code == 404
    task.refresh_from_db()
    assert task.status == "todo" and task.due_date is None and task.assignee is None


def test_wrong_checklist_answer_is_refused(preparer, project):
    checklist = ChecklistDefinition.objects.filter(phase__number=1).first()
    statement = checklist.statements.first()
    response = preparer.post(
        url("phases:checklist", project, checklist=checklist.pk),
        {f"answer_{statement.pk}": "maybe"},
    )
    assert_form_error(response)
    assert not ChecklistAnswer.objects.filter(project=project).exclude(answer="").exists()


def test_wrong_expected_phase_is_refused(preparer, project):
    for value in ["abc", "9", ""]:
        response = preparer.post(url("phases:advance", project), {"expected_phase": value})
        assert response.status_code == 302
    project.refresh_from_db()
    assert project.phase == 1


def test_wrong_role_is_refused(client, region, users):
    client.force_login(users["region_admin"])
    response = client.post(
        reverse("phases:members", kwargs={"region": region.slug}),
        {"email": "u_viewer@example.invalid", "role": "superuser"},
    )
    assert_form_error(response)
    membership = RegionMembership.objects.get(region=region, user=users["viewer"])
    response = client.post(
        reverse("phases:member_edit", kwargs={"region": region.slug, "membership": membership.pk}),
        {"role": "superuser"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


# -- script payloads are stored as text and shown escaped -----------------------------


def test_script_in_project_title_is_escaped(preparer, region):
    response = preparer.post(
        reverse("phases:project_create", kwargs={"region": region.slug}),
        {"title_fi": SCRIPT[:190], "title_sv": "Löfte", "term_start": 2027, "term_end": 2029},
        follow=True,
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert ESCAPED in body
    assert "<script>alert" not in body and "<img src=x" not in body


def test_script_in_task_reason_and_result_text_is_escaped(preparer, project):
    task = first_task(project)
    preparer.post(
        url("phases:task_edit", project, task=task.pk),
        {
            "status": "not_applicable",
            "not_applicable_reason": SCRIPT,
            "lock_version": task.lock_version,
        },
    )
    task.refresh_from_db()
    assert task.not_applicable_reason == SCRIPT  # stored as typed, shown escaped
    definition = document_result()
    preparer.post(url("phases:result_edit", project, result=definition.pk), {"text": SCRIPT})
    for page in [url("phases:project_dashboard", project), url("phases:history", project)]:
        body = preparer.get(page).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
    dashboard = preparer.get(url("phases:project_dashboard", project)).content.decode()
    assert ESCAPED in dashboard
    edit = preparer.get(url("phases:result_edit", project, result=definition.pk)).content.decode()
    assert ESCAPED in edit and "<script>alert" not in edit


# -- forged ids of another region ------------------------------------------------------


def test_task_of_another_region_through_own_project_url_is_404(preparer, project, other):
    foreign = first_task(other)
    for method in ("get", "post"):
        response = getattr(preparer, method)(
            url("phases:task_edit", project, task=foreign.pk),
            {"status": "not_applicable", "not_applicable_reason": "forged"},
        )
        assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == "todo"
    assert "Salainen" not in response.content.decode()


def test_project_of_another_region_under_own_region_slug_is_404(preparer, project, other):
    forged = reverse(
        "phases:project_dashboard", kwargs={"region": project.region.slug, "project": other.pk}
    )
    response = preparer.get(forged)
    assert response.status_code == 404
    assert "Salainen" not in response.content.decode()
    response = preparer.post(
        reverse("phases:advance", kwargs={"region": project.region.slug, "project": other.pk}),
        {"expected_phase": 1},
    )
    assert response.status_code == 404


def test_result_file_of_another_region_is_404(preparer, project, other):
    definition = document_result()
    record = ProjectResult(project=other, definition=definition, text="B")
    record.attachment.save("salainen.pdf", SimpleUploadedFile("salainen.pdf", PDF), save=True)
    response = preparer.get(url("phases:result_file", project, result=definition.pk))
    assert response.status_code == 404


def test_previous_project_of_another_region_is_refused(preparer, region, other):
    response = preparer.post(
        reverse("phases:project_create", kwargs={"region": region.slug}),
        {
            "title_fi": "Uusi",
            "title_sv": "Ny",
            "term_start": 2027,
            "term_end": 2029,
            "previous_project": other.pk,
            "copy_previous": "on",
        },
    )
    assert_form_error(response)
    assert not PromiseProject.objects.filter(region=region).exists()


def test_membership_of_another_region_cannot_be_changed(client, region, users, other):
    client.force_login(users["region_admin"])
    foreign = RegionMembership.objects.get(region=other.region)
    response = client.post(
        reverse("phases:member_edit", kwargs={"region": region.slug, "membership": foreign.pk}),
        {"role": "viewer"},
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.role == Role.REGION_ADMIN


def test_assignee_from_another_region_is_refused(preparer, project, other):
    task = first_task(project)
    outsider = RegionMembership.objects.get(region=other.region).user
    response = preparer.post(
        url("phases:task_edit", project, task=task.pk), {"status": "done", "assignee": outsider.pk}
    )
    assert_form_error(response)
    task.refresh_from_db()
    assert task.assignee is None


def test_project_member_role_form_refuses_bad_input(preparer, project):
    response = preparer.post(
        url("phases:project_members", project), {"username": HUGE, "role": "viewer"}
    )
    assert_form_error(response)
    response = preparer.post(
        url("phases:project_members", project), {"username": "u_viewer", "role": "root"}
    )
    assert_form_error(response)
    assert not ProjectMembership.objects.filter(project=project).exists()


# -- uploads ---------------------------------------------------------------------------


def test_path_traversal_file_name_is_stored_under_a_safe_name(preparer, project, media):
    definition = document_result()
    upload = SimpleUploadedFile("../../etc/passwd.pdf", PDF, content_type="application/pdf")
    response = preparer.post(
        url("phases:result_edit", project, result=definition.pk),
        {"text": "", "attachment": upload},
    )
    assert response.status_code == 302
    record = ProjectResult.objects.get(project=project, definition=definition)
    name = record.attachment.name
    assert name.startswith("results/") and ".." not in name and "/etc/" not in name
    stored = (media / name).resolve()
    assert stored.is_relative_to(media.resolve()) and stored.read_bytes() == PDF
    assert not (media.parent / "etc").exists()
    download = preparer.get(url("phases:result_file", project, result=definition.pk))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert ".." not in download["Content-Disposition"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("raportti.pdf", b"MZ\x90\x00 this is an executable", "The file is not a PDF document."),
        ("../../etc/passwd.pdf", b"root:x:0:0:root:/root:/bin/bash\n", None),
        ("sivu.html", b"<script>alert(1)</script>", None),
        ("ohjelma.exe", b"MZ\x90\x00", None),
        ("taulukko.xlsx", b"not a zip file", "The file's content does not match its type."),
        ("pdf", PDF, None),
    ],
)
def test_wrong_or_disguised_files_are_refused(preparer, project, media, name, content, message):
    definition = document_result()
    response = preparer.post(
        url("phases:result_edit", project, result=definition.pk),
        {"text": "teksti säilyy", "attachment": SimpleUploadedFile(name, content)},
    )
    assert_form_error(response, tr(message) if message else None)
    assert "teksti säilyy" in response.content.decode()
    assert not ProjectResult.objects.filter(project=project).exists()
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


# -- the working days: timetable, settings, confirmations, calendar --------------------


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_letters_or_reversed_dates_in_the_timetable_are_refused(preparer, project, lang):
    from phases.models import PhasePlan

    with translation.override(lang):
        timeline = url("phases:timeline", project)
    response = preparer.post(timeline, {"start_1": "huomenna", "end_2": "2027-13-45"})
    assert_form_error(response)
    assert 'value="huomenna"' in response.content.decode()
    response = preparer.post(timeline, {"start_1": "2027-05-01", "end_1": "2027-01-01"})
    assert_form_error(response)
    assert not PhasePlan.objects.filter(project=project).exists()


def test_wrong_language_or_notification_kind_in_settings_is_refused(preparer):
    from phases.models import UserProfile

    response = preparer.post(reverse("phases:user_settings"), {"language": "de", "kinds": []})
    assert_form_error(response)
    response = preparer.post(
        reverse("phases:user_settings"), {"language": "fi", "kinds": ["<script>"]}
    )
    assert_form_error(response)
    assert not UserProfile.objects.filter(language="de").exists()


def test_member_of_another_region_cannot_be_removed_through_own_region(client, users, other):
    client.force_login(users["region_admin"])
    region = users["region_admin"].region_memberships.first().region
    foreign = RegionMembership.objects.get(region=other.region)
    remove = reverse(
        "phases:member_remove", kwargs={"region": region.slug, "membership": foreign.pk}
    )
    assert client.get(remove).status_code == 404
    assert client.post(remove).status_code == 404
    assert RegionMembership.objects.filter(pk=foreign.pk).exists()


@pytest.mark.parametrize("token", ["x", "../../etc/passwd", "a" * 43, "%00"])
def test_guessed_calendar_addresses_are_404(client, users, token):
    from phases.platform.notifications import profile_for

    profile_for(users["preparer"])
    response = client.get(f"/fi/calendar/{token}.ics")
    # a NUL in the path is refused before routing (400); any other guess finds nothing
    assert response.status_code == (400 if "%00" in token else 404)


# -- NUL bytes and oversize values that reached the database ----------------------------


@pytest.mark.parametrize(
    "path",
    ["/fi/statement/%00/", "/fi/statement/%00/file/", "/sv/feedback/a%00b/", "/en/?q=%00"],
)
def test_nul_in_the_url_is_a_bad_request(client, db, path):
    response = client.get(path)
    assert response.status_code == 400


def test_a_path_past_the_limit_is_a_bad_request_before_routing(client, users, project):
    """A 300,000-digit id in a staff page's path is answered 400 before any URL pattern
    scans it; a path at the limit is still routed (a guessed id there finds nothing)."""
    from servicelofte.security import PATH_MAX

    client.force_login(users["preparer"])
    base = f"/fi/r/{project.region.slug}/projects/"
    assert client.get(base + "9" * 300_000 + "/").status_code == 400
    assert client.get(base + "9" * (PATH_MAX - len(base) + 1) + "/").status_code == 400
    assert client.get(base + "9" * (PATH_MAX - len(base) - 1) + "/").status_code == 404


def test_million_character_username_is_a_login_form_error(client, db):
    from axes.models import AccessAttempt

    response = client.post(
        "/fi/accounts/login/", {"username": "u" * 1_000_000, "password": "salasana"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not response.wsgi_request.user.is_authenticated
    assert all(len(a.username) <= 255 for a in AccessAttempt.objects.all())


def test_axes_records_at_most_255_characters_of_a_username():
    from servicelofte.security import axes_username

    assert len(axes_username(None, {"username": "u" * 1_000_000})) == 255
    assert axes_username(None, {"username": "kirjautuja"}) == "kirjautuja"


# -- the walk: NUL, oversize and control characters in every URL and every form ---------
#
# Like the permission matrix, this walks every URL pattern of the project (filled with the
# demo region's objects). Each is opened with NUL bytes and control characters in the path
# and the query; then every form on the page (as a role that may send it) is sent three
# times with every field filled with hostile text: a NUL byte, oversize text, and text made
# only of invisible or control characters. Nothing may answer 500.

NUL_TEXT = "abc\x00def"
CONTROL_ONLY = "\u200b\u0007\u200d\ufeff\x1b"
INVISIBLE_ONLY = "\u200b\u200d\ufeff"  # CONTROL_ONLY without its controls
OVERSIZE = "y" * 100_001
WALK_SKIP = {"logout", "set_language"}  # would end the session or only set a cookie
# The role that sends a page's forms: the first of these the page allows.
SENDERS = ["preparer", "secretary", "region_admin", "working_group", "viewer"]


def _sender(kind):
    from tests.security.test_permission_matrix import PUBLIC

    if kind.name != "staff":
        return None if kind in (PUBLIC,) or kind.name == "public" else "viewer"
    return next((r for r in SENDERS if r in kind.allowed), None)


def _forms(html: str) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(method, action, [(field name, type, the value the page gives it)]) of every form;
    unchecked boxes and unselected options are left out, as a browser would; named submit
    buttons (`<input type=submit name=…>`, `<button name=…>`) have the type "submit"."""
    from html.parser import HTMLParser

    forms: list = []

    class Parser(HTMLParser):
        select = None
        textarea = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            fields = forms[-1][2] if forms else None
            if tag == "form":
                forms.append(((a.get("method") or "get").lower(), a.get("action") or "", []))
            elif fields is None or not (a.get("name") or tag == "option"):
                return
            elif tag == "input":
                kind = a.get("type", "text")
                if kind in {"checkbox", "radio"} and "checked" not in a:
                    return
                fields.append((a["name"], kind, a.get("value") or ""))
            elif tag == "button":  # a named button: sent only by the one clicked
                if a.get("type", "submit") == "submit":
                    fields.append((a["name"], "submit", a.get("value") or ""))
            elif tag == "textarea":
                self.textarea = [a["name"], "textarea", ""]
                fields.append(self.textarea)
            elif tag == "select":
                self.select = a["name"]
                fields.append([a["name"], "select", None])
            elif tag == "option" and self.select:
                entry = next(f for f in reversed(fields) if f[0] == self.select)
                if entry[2] is None or "selected" in a:
                    entry[2] = a.get("value", "")

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea is not None:
                self.textarea[2] += data

    Parser().feed(html)
    return forms


TEXT_KINDS = {"text", "textarea", "search"}


def _hostile_data(fields, value):
    """The form as the page gives it, with every free-text field set to `value`."""
    data: dict = {}
    for name, kind, current in fields:
        if kind in {"submit", "button", "image", "reset"}:
            continue
        if kind == "file":  # a file with NUL and control bytes (a CSV, or a "PDF")
            content = f"indicator;period;value;note\n{value[:1000]};2026;1;\x00\x1b\n"
            data[name] = SimpleUploadedFile("hostile.csv", content.encode(), "text/csv")
        elif kind in TEXT_KINDS:
            data.setdefault(name, value)
        else:
            data.setdefault(name, [])
            if isinstance(data[name], list):
                data[name].append(current or "")
    return data


def _hostile_text_stored() -> list[str]:
    """Every text column of our apps holding the oversize text or only invisible text."""
    from django.apps import apps
    from django.db import models

    found = []
    for model in apps.get_models():
        if model._meta.app_label not in {"phases", "promises", "participation", "indicators"}:
            continue
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, (models.CharField, models.TextField))
        ]
        if not names:
            continue
        # every text column of the model counted in one query (two counts a column)
        counts = model._default_manager.aggregate(
            **{
                f"{kind}_{name}": models.Count(
                    "pk", filter=models.Q(**{f"{name}__contains": needle})
                )
                for name in names
                for kind, needle in (
                    ("o", OVERSIZE[:10_000]),
                    ("i", CONTROL_ONLY.strip()),
                    # as it would be stored with the controls cleaned and the invisible kept
                    ("c", INVISIBLE_ONLY),
                )
            }
        )
        for name in names:
            oversize = counts[f"o_{name}"]
            invisible = counts[f"i_{name}"] + counts[f"c_{name}"]
            if oversize or invisible:
                found.append(
                    f"{model._meta.label}.{name}: {oversize} oversize, {invisible} invisible-only"
                )
    return found


def _url_name(path):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path.split("?")[0]).url_name
    except Resolver404:
        return None


def _kwargs_of(entry, url):
    from django.urls import resolve

    return resolve(url).kwargs


# -- input hygiene: invisible-only text, length limits -----------------------------------


@pytest.mark.parametrize(
    "text", ["\u200b\u200b", "\ufeff", "\x07\x1b", "\u200d \u2060 \u00a0", "\u202e\u202c"]
)
def test_comment_of_only_invisible_or_control_characters_is_refused(client, project, text):
    from participation.models import Comment
    from tests.participation.factories import make_round

    round = make_round(project)
    response = client.post(
        f"/fi/round/{round.pk}/", {"target": "whole", "text": text, "website": ""}
    )
    assert response.status_code == 400
    assert tr("This field is required.") in response.content.decode()
    assert not Comment.objects.exists()


def test_invisible_characters_around_real_text_are_dropped(client, project):
    from participation.models import Comment
    from tests.participation.factories import make_round

    round = make_round(project)
    client.post(
        f"/fi/round/{round.pk}/",
        {"target": "whole", "text": "\u200bHyvä luonnos\ufeff\x07", "website": ""},
    )
    assert Comment.objects.get().text == "Hyvä luonnos"


def test_every_form_text_field_has_a_length_limit():
    """No form field of the project takes text without a limit (the default ceiling)."""
    from django import forms

    from participation.forms import FeedbackForm
    from phases.form_base import Form
    from phases.text_hygiene import TEXT_MAX_DEFAULT

    class Unlimited(Form):
        line = forms.CharField()
        text = forms.CharField(widget=forms.Textarea)

    fields = Unlimited().fields
    assert fields["line"].max_length == fields["text"].max_length == TEXT_MAX_DEFAULT
    assert f'maxlength="{TEXT_MAX_DEFAULT}"' in str(Unlimited()["text"])
    too_long = Unlimited(data={"line": "a" * (TEXT_MAX_DEFAULT + 1), "text": "b"})
    assert not too_long.is_valid() and "line" in too_long.errors
    assert FeedbackForm().fields["text"].max_length == 5000


def test_statement_answer_over_the_limit_is_refused_and_kept(client, project):
    from participation.forms import ANSWER_MAX_LENGTH
    from tests.participation.factories import make_request, make_round

    body = make_request(make_round(project)).bodies.get()
    data = {f"q{q.pk}": "a" * (ANSWER_MAX_LENGTH + 1) for q in body.request.questions.all()}
    response = client.post(f"/fi/statement/{body.token}/", data)
    assert response.status_code == 400
    body.refresh_from_db()
    assert body.submitted_at is None and not body.answers.exists()
