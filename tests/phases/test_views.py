"""The phases UI: permissions per role, region isolation, forms keep input, languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from phases.models import ChecklistAnswer, PhaseTransition, ProjectResult, ProjectTask
from phases.roles import Role
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def urls(project):
    with translation.override("fi"):
        return _urls(project)


def _urls(project):
    task = project.tasks.first()
    checklist = ChecklistAnswer.objects.filter(project=project).first().statement.checklist
    result = task.definition.phase.results.first()
    kw = {"region": project.region.slug, "project": project.pk}
    return {
        "dashboard": reverse("phases:project_dashboard", kwargs=kw),
        "phase": reverse("phases:project_phase", kwargs={**kw, "phase": 2}),
        "task": reverse("phases:task_edit", kwargs={**kw, "task": task.pk}),
        "checklist": reverse("phases:checklist", kwargs={**kw, "checklist": checklist.pk}),
        "result": reverse("phases:result_edit", kwargs={**kw, "result": result.pk}),
        "history": reverse("phases:history", kwargs=kw),
        "advance": reverse("phases:advance", kwargs=kw),
        "members": reverse("phases:members", kwargs={"region": project.region.slug}),
        "region": reverse("phases:region_detail", kwargs={"region": project.region.slug}),
        "create": reverse("phases:project_create", kwargs={"region": project.region.slug}),
        "project_members": reverse("phases:project_members", kwargs=kw),
    }


READ = ["dashboard", "phase", "checklist", "result", "history", "region"]

# (page, method) -> roles allowed; everyone else who can see the region gets 403.
EXPECTED = {
    ("task", "get"): {Role.PREPARER, Role.WORKING_GROUP},
    ("task", "post"): {Role.PREPARER, Role.WORKING_GROUP},
    ("checklist", "post"): {Role.PREPARER, Role.WORKING_GROUP},
    ("result", "post"): {Role.PREPARER, Role.WORKING_GROUP},
    ("advance", "post"): {Role.PREPARER},
    ("members", "get"): {Role.REGION_ADMIN},
    ("create", "get"): {Role.REGION_ADMIN, Role.PREPARER},
    ("project_members", "get"): {Role.REGION_ADMIN, Role.PREPARER},
}


@pytest.mark.parametrize("role", list(Role))
def test_every_role_reads_every_page(client, project, users, role):
    client.force_login(users[role.value])
    for name in READ:
        assert client.get(urls(project)[name]).status_code == 200, name


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page,method", list(EXPECTED))
def test_permission_matrix(client, project, users, role, page, method):
    client.force_login(users[role.value])
    url = urls(project)[page]
    data = {"status": "done", "lock_version": 1, "expected_phase": 1} if method == "post" else None
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
    allowed = role in EXPECTED[(page, method)]
    if allowed:
        assert response.status_code in (200, 302), (role, page, method)
    else:
        assert response.status_code == 403, (role, page, method)


def test_stranger_gets_404_everywhere(client, project, users):
    client.force_login(users["stranger"])
    for page, url in urls(project).items():
        assert client.get(url).status_code == 404, page
        assert client.post(url, {"status": "done", "expected_phase": 1}).status_code == 404, page
    assert project.tasks.filter(status="done").count() == 0


def test_anonymous_is_sent_to_login(client, project):
    response = client.get(urls(project)["dashboard"])
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_region_list_shows_only_own_regions(client, project, users):
    client.force_login(users["stranger"])
    page = client.get("/fi/").content.decode()
    assert users["other_region"].name in page
    assert project.region.name not in page


def test_forged_task_of_another_region_is_404_and_unchanged(client, project, users):
    other_project = ProjectFactory(region=users["other_region"])
    foreign_task = other_project.tasks.first()
    client.force_login(users[Role.PREPARER.value])
    url = reverse(
        "phases:task_edit",
        kwargs={"region": project.region.slug, "project": project.pk, "task": foreign_task.pk},
    )
    assert client.post(url, {"status": "done"}).status_code == 404
    foreign_task.refresh_from_db()
    assert foreign_task.status == "todo"


def test_viewer_cannot_forge_a_transition(client, project, users):
    client.force_login(users[Role.VIEWER.value])
    assert client.post(urls(project)["advance"], {"expected_phase": 1}).status_code == 403
    assert not PhaseTransition.objects.exists()


def test_not_applicable_without_reason_keeps_typed_values(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    url = urls(project)["task"].replace("/fi/", "/en/")
    response = client.post(
        url,
        {"status": "not_applicable", "notes": "Selvitetty kokouksessa", "due_date": "2027-03-01"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write why the task does not apply" in html
    assert "Selvitetty kokouksessa" in html
    assert 'value="2027-03-01"' in html
    assert project.tasks.first().status == "todo"


def test_not_applicable_message_in_finnish(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    url = urls(project)["task"].replace("/en/", "/fi/")
    response = client.post(url, {"status": "not_applicable"})
    assert "Kirjoita" in response.content.decode()


def test_dashboard_states_what_blocks_advancing(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    html = client.get(urls(project)["dashboard"].replace("/fi/", "/en/")).content.decode()
    assert "What still blocks advancing from phase 1" in html
    assert "4 required tasks are still open." in html
    assert "Advance to phase 2" in html


def test_advance_through_the_ui(client, project, users):
    user = users[Role.PREPARER.value]
    client.force_login(user)
    for task in ProjectTask.objects.filter(project=project, definition__phase__number=1):
        r = client.post(
            urls(project)["task"].rsplit("/tasks/", 1)[0] + f"/tasks/{task.pk}/",
            {"status": "done", "lock_version": task.lock_version},
        )
        assert r.status_code == 302
    response = client.post(urls(project)["advance"], {"expected_phase": 1}, follow=True)
    assert "Result missing" in response.content.decode() or "puuttuu" in response.content.decode()
    for definition in project.tasks.first().definition.phase.results.all():
        url = reverse(
            "phases:result_edit",
            kwargs={"region": project.region.slug, "project": project.pk, "result": definition.pk},
        )
        assert client.post(url, {"text": "Projektisuunnitelma liitteenä."}).status_code == 302
    response = client.post(urls(project)["advance"], {"expected_phase": 1}, follow=True)
    project.refresh_from_db()
    assert project.phase == 2
    assert PhaseTransition.objects.get(project=project).user == user
    # A second click from the stale page: a clear message, nothing changes.
    response = client.post(urls(project)["advance"], {"expected_phase": 1}, follow=True)
    assert PhaseTransition.objects.filter(project=project).count() == 1
    assert "already" in response.content.decode() or "jo" in response.content.decode()


def test_checklist_answers_are_saved(client, project, users):
    client.force_login(users[Role.WORKING_GROUP.value])
    answer = ChecklistAnswer.objects.filter(project=project).first()
    url = urls(project)["checklist"]
    response = client.post(
        url, {f"answer_{answer.statement_id}": "partly", f"note_{answer.statement_id}": "Kesken"}
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.answer, answer.note) == ("partly", "Kesken")


def test_result_attachment_must_be_a_real_pdf(client, project, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(users[Role.PREPARER.value])
    url = urls(project)["result"]
    fake = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url, {"text": "x", "attachment": fake})
    assert response.status_code == 400
    assert not ProjectResult.objects.filter(project=project).exists()
    real = SimpleUploadedFile(
        "../../plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )
    assert client.post(url, {"text": "x", "attachment": real}).status_code == 302
    stored = ProjectResult.objects.get(project=project)
    assert ".." not in stored.attachment.name
    download = client.get(url + "file/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_renders_in_each_language(client, project, users, lang):
    client.force_login(users[Role.PREPARER.value])
    for name, url in urls(project).items():
        if name in ("advance", "members"):
            continue
        response = client.get(url.replace("/fi/", f"/{lang}/"))
        assert response.status_code == 200, name
        assert f'<html lang="{lang}">' in response.content.decode()
    for url in ["/accessibility/", "/privacy/", "/accounts/login/", "/"]:
        assert client.get(f"/{lang}{url}").status_code == 200


def test_dashboard_is_finnish_and_swedish(client, project, users):
    client.force_login(users[Role.PREPARER.value])
    fi = client.get(urls(project)["dashboard"]).content.decode()
    sv = client.get(urls(project)["dashboard"].replace("/fi/", "/sv/")).content.decode()
    assert "Projektin käynnistäminen" in fi
    assert "Ett projekt inleds" in sv
    assert "Tehtävät" in fi
    assert "Uppgifter" in sv


def test_members_page_invites_by_email_and_sends_a_password_link(
    client, region, users, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.auth import get_user_model

    client.force_login(users[Role.REGION_ADMIN.value])
    url = reverse("phases:members", kwargs={"region": region.slug})
    response = client.post(url, {"email": "", "first_name": "Uusi", "role": Role.VIEWER.value})
    assert response.status_code == 400  # the e-mail address is needed
    assert 'value="Uusi"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "Uusi@Example.invalid", "role": Role.VIEWER.value})
    assert response.status_code == 302
    user = get_user_model().objects.get(email="Uusi@example.invalid")
    assert user.username == "uusi@example.invalid"
    assert user.has_perm("phases.view_region", region)
    assert len(mailoutbox) == 1 and "/reset/" in mailoutbox[0].body


def test_member_invitation_answers_the_same_whether_the_person_exists(
    client, region, users, mailoutbox, django_capture_on_commit_callbacks
):
    """No enumeration: an address with an account somewhere and a new one get the same
    page and message; the existing person is added with their account and told by e-mail."""
    from tests.factories import RegionFactory, UserFactory

    elsewhere = UserFactory(username="toisaalla", email="olemassa@example.invalid")
    RegionFactory(slug="toinen-alue")
    client.force_login(users[Role.REGION_ADMIN.value])
    url = reverse("phases:members", kwargs={"region": region.slug})
    answers = []
    for email in ("olemassa@example.invalid", "eiole@example.invalid"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email, "role": Role.VIEWER.value}, follow=True)
        assert response.status_code == 200
        answers.append([str(m).replace(email, "<e-mail>") for m in response.context["messages"]])
    assert answers[0] == answers[1] and len(answers[0]) == 1
    assert elsewhere.has_perm("phases.view_region", region)
    assert [m.to for m in mailoutbox] == [["olemassa@example.invalid"], ["eiole@example.invalid"]]
    assert "/reset/" not in mailoutbox[0].body and "toisaalla" in mailoutbox[0].body
    # the form asks for no username at all
    assert 'name="username"' not in client.get(url).content.decode()


def test_project_only_member_sees_that_project_and_not_the_others(client, region, users):
    from tests.factories import UserFactory

    mine = ProjectFactory(region=region)
    other = ProjectFactory(region=region)
    outsider = UserFactory(username="ulkopuolinen")
    client.force_login(users[Role.PREPARER.value])
    url = reverse("phases:project_members", kwargs={"region": region.slug, "project": mine.pk})
    response = client.post(url, {"username": "ulkopuolinen", "role": Role.WORKING_GROUP.value})
    assert response.status_code == 302
    client.force_login(outsider)
    region_page = client.get(f"/fi/r/{region.slug}/").content.decode()
    assert mine.title in region_page
    assert other.title not in region_page
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(other.get_absolute_url()).status_code == 404
    task = mine.tasks.first()
    task_url = reverse(
        "phases:task_edit", kwargs={"region": region.slug, "project": mine.pk, "task": task.pk}
    )
    response = client.post(task_url, {"status": "done", "lock_version": task.lock_version})
    assert response.status_code == 302
    assert ProjectTask.objects.get(pk=task.pk).status == "done"


def test_the_last_region_administrator_keeps_the_role(client, region, users):
    from phases.models import RegionMembership

    admin = users[Role.REGION_ADMIN.value]
    membership = RegionMembership.objects.get(region=region, user=admin)
    client.force_login(admin)
    url = reverse("phases:member_edit", kwargs={"region": region.slug, "membership": membership.pk})
    response = client.post(url, {"role": Role.VIEWER.value}, follow=True)
    assert "at least one administrator" in response.content.decode() or "pääkäyttäjä" in (
        response.content.decode()
    )
    client.post(
        reverse("phases:member_remove", kwargs={"region": region.slug, "membership": membership.pk})
    )
    membership.refresh_from_db()
    assert membership.role == Role.REGION_ADMIN
    # With a second administrator the first may step down.
    second = users[Role.VIEWER.value]
    client.post(
        reverse(
            "phases:member_edit",
            kwargs={
                "region": region.slug,
                "membership": RegionMembership.objects.get(region=region, user=second).pk,
            },
        ),
        {"role": Role.REGION_ADMIN.value},
    )
    client.post(url, {"role": Role.VIEWER.value})
    membership.refresh_from_db()
    assert membership.role == Role.VIEWER


def test_the_region_and_project_links_follow_the_views_own_permissions(users, region, login):
    """A link of another app on the region page (and the project's navigation) is shown to
    those its view lets in: the view's declared permission decides, not the link."""
    from django.urls import reverse

    from tests.factories import ProjectFactory

    project = ProjectFactory(region=region)
    sotkanet = reverse("indicators:sotkanet_region", kwargs={"region": region.slug})
    strategy = reverse("promises:strategy", kwargs={"region": region.slug})
    region_page = reverse("phases:region_detail", kwargs={"region": region.slug})
    kwargs = {"region": region.slug, "project": project.pk}
    dashboard = reverse("phases:project_dashboard", kwargs=kwargs)
    indicators = reverse("indicators:overview", kwargs=kwargs)
    shown = {}
    for role in ("viewer", "working_group", "preparer", "secretary", "region_admin"):
        client = login(users[role])
        page = client.get(region_page).content.decode()
        shown[role] = f'href="{sotkanet}"' in page
        assert shown[role] is (client.get(sotkanet).status_code == 200), role
        assert f'href="{strategy}"' in page, role
        assert f'href="{indicators}"' in client.get(dashboard).content.decode(), role
    assert shown["region_admin"] and not shown["viewer"]
