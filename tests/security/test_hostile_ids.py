"""Posted ids and redirect targets (issue 24, item 6): an id that is no id (letters, a
300,000-digit number, a number past the database's bigint, non-ASCII digits) finds nothing
and changes nothing; `next` is followed only when it is a path on this site. Never a 500
(the test client re-raises any server error), never a redirect to another host."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from phases.guards.posted import ID_MAX, IdField, posted_id, posted_ids, safe_next
from phases.roles import Role

HUGE_ID = "9" * 300_000
NOT_IDS = ["abc", "", " ", "-1", "0", "1.5", "1e3", "٣", "²", str(ID_MAX + 1), HUGE_ID, "1\x00"]
NOT_LOCAL = [
    "x",
    "phases:region_list",
    "//elsewhere.example/",
    "/\\elsewhere.example",
    "https://evil.example/fi/",
    "http:/evil.example",
    "javascript:alert(1)",
    "/fi/\x00",
    "/fi/\r\nLocation: https://evil.example",
    " /fi/",
]


@pytest.mark.parametrize("value", NOT_IDS)
def test_what_is_not_an_id_is_none(value):
    assert posted_id(value) is None
    field = IdField(required=False)
    assert not field.clean("") and field.clean("12") == 12
    with pytest.raises(Exception, match="whole number|kokonaisluku"):
        IdField().clean(value or "x")


def test_ids_within_the_bigint_range_are_kept_in_order_without_repeats():
    assert posted_id("1") == 1 and posted_id(str(ID_MAX)) == ID_MAX
    assert posted_ids(["3", "abc", "1", "3", HUGE_ID, "2"]) == [3, 1, 2]


@pytest.mark.parametrize("value", NOT_LOCAL)
def test_next_that_is_not_a_local_path_is_ignored(value):
    request = RequestFactory().get("/")
    assert safe_next(request, value) is None


def test_next_that_is_a_local_path_is_kept():
    request = RequestFactory().get("/")
    assert safe_next(request, "/fi/r/alue/?page=2#x") == "/fi/r/alue/?page=2#x"


# -- the places that answered 500 --------------------------------------------------------


@pytest.fixture
def round(project):
    from tests.participation.factories import make_round

    return make_round(project)


def round_url(name, round, **kwargs):
    project = round.project
    return reverse(
        f"participation:{name}",
        kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk, **kwargs},
    )


@pytest.mark.parametrize("value", NOT_LOCAL)
def test_perspective_form_with_a_foreign_next_goes_back_to_the_analysis(
    client, users, round, value
):
    from tests.participation.factories import make_comments

    comment = make_comments(round, 1)[0]
    client.force_login(users[Role.PREPARER])
    url = round_url("comment_perspective", round, comment=comment.pk)
    response = client.post(url, {"perspective": "access", "next": value})
    assert response.status_code == 302
    assert response["Location"] == round_url("analysis", round)


def test_perspective_form_with_a_local_next_goes_there(client, users, round):
    from tests.participation.factories import make_comments

    comment = make_comments(round, 1)[0]
    client.force_login(users[Role.PREPARER])
    back = round_url("analysis", round) + "?page=2"
    url = round_url("comment_perspective", round, comment=comment.pk)
    response = client.post(url, {"perspective": "access", "next": back})
    assert response.status_code == 302 and response["Location"] == back


@pytest.mark.parametrize("value", NOT_IDS)
def test_moderating_a_comment_that_is_no_id_is_404(client, users, round, value):
    from participation.models import Comment
    from tests.participation.factories import make_comments

    make_comments(round, 1)
    client.force_login(users[Role.PREPARER])
    response = client.post(round_url("moderation", round), {"comment": value, "action": "hide"})
    assert response.status_code == 404
    assert not Comment.objects.filter(status=Comment.Status.HIDDEN).exists()


@pytest.mark.parametrize("value", ["abc", HUGE_ID, str(ID_MAX + 1), "٣"])
def test_analysis_with_ids_that_are_no_ids(client, users, round, value):
    client.force_login(users[Role.PREPARER])
    url = round_url("analysis", round)
    assert client.get(url, {"theme": value, "duplicates": value}).status_code == 200
    response = client.post(url, {"selected": [value, "1"], "answer": "open"})
    assert response.status_code == 200


@pytest.mark.parametrize("value", NOT_IDS)
def test_handling_feedback_that_is_no_id_is_404(client, users, project, value):
    from participation.models import Feedback

    feedback = Feedback.objects.create(project=project, text="Palaute", language="fi")
    client.force_login(users[Role.PREPARER])
    url = reverse(
        "participation:feedback_list", kwargs={"region": project.region.slug, "project": project.pk}
    )
    assert client.post(url, {"feedback": value}).status_code == 404
    feedback.refresh_from_db()
    assert feedback.handled_at is None


@pytest.mark.parametrize("value", ["abc", HUGE_ID, str(ID_MAX + 1)])
def test_public_feedback_for_a_project_that_is_no_id_is_refused(client, project, value):
    from participation.models import Feedback

    url = reverse("participation:feedback", kwargs={"region": project.region.slug})
    response = client.post(url, {"project": value, "text": "Palaute", "website": ""})
    assert response.status_code in {400, 404}
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("value", ["abc", HUGE_ID, str(ID_MAX + 1), "٣"])
def test_editor_delete_and_move_of_no_id_delete_nothing(client, users, project, value):
    from promises.models import PromiseStatement
    from tests.promises.factories import filled_promise
    from tests.promises.test_editor_pages import form_data, page

    promise = filled_promise(project, statements_per_cell=2)
    before = PromiseStatement.objects.filter(cell__promise=promise).count()
    client.force_login(users[Role.WORKING_GROUP])
    data = {**form_data(promise), "delete": [value], "move": f"up:{value}"}
    sent = {k: v for k, v in data.items() if "lock_version" not in k} | {
        k: value for k in data if k.endswith("lock_version")
    }
    for posted in (data, sent):
        assert client.post(page(promise), posted).status_code in {302, 400, 409}
    assert PromiseStatement.objects.filter(cell__promise=promise).count() == before


@pytest.mark.parametrize("value", ["abc", HUGE_ID, str(ID_MAX + 1), "٣"])
def test_task_table_with_a_task_that_is_no_id_is_404(client, users, project, value):
    client.force_login(users[Role.PREPARER])
    url = reverse(
        "phases:phase_tasks",
        kwargs={"region": project.region.slug, "project": project.pk, "phase": 1},
    )
    assert client.post(url, {"task": value}).status_code == 404


@pytest.mark.parametrize("value", ["abc", HUGE_ID, str(ID_MAX + 1), "٣"])
def test_wheel_of_a_version_that_is_no_id_is_404(client, users, project, value):
    from tests.participation.factories import make_promise

    promise = make_promise(project)
    client.force_login(users[Role.VIEWER])
    url = reverse(
        "promises:wheel",
        kwargs={"region": project.region.slug, "project": project.pk, "promise": promise.pk},
    )
    assert client.get(url, {"version": value}).status_code == 404
