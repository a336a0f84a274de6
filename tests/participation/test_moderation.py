"""One moderation mechanism (participation.moderation and the one staff page,
participation.views.rounds.ModerationPageMixin) for the comments of a comment round and the
statements of an opinion round: the same steps, record and messages for both."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from participation import moderation
from participation.models import Comment, OpinionStatement
from participation.opinion import services as opinion_services

from . import test_opinion
from .factories import make_comments, make_round

pytestmark = pytest.mark.django_db


def _comment(project):
    round = make_round(project)
    comment = make_comments(round, 1, status=Comment.Status.PENDING)[0]
    url = reverse(
        "participation:moderation",
        kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
    )
    return {
        "item": comment,
        "url": url,
        "key": "comment",
        "good": {"action": "hide", "reason": "Asiaton"},
        "status": Comment.Status.HIDDEN,
        "message": "The comment was moderated.",
    }


def _statement(project):
    round = test_opinion.make_round(project, statements=0)
    statement = opinion_services.statement_submit(
        round=round, participant=test_opinion.P1, text="Iltavastaanotto", language="fi"
    )
    return {
        "item": statement,
        "url": test_opinion.staff_url(round, "opinion_moderation"),
        "key": "statement",
        "good": {"action": "accept", "perspectives": ["access"]},
        "status": OpinionStatement.Status.ACCEPTED,
        "message": "The statement was moderated.",
    }


KINDS = {"comment": _comment, "statement": _statement}


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("kind", KINDS)
def test_a_decision_is_recorded_with_who_and_when_and_told(client, project, users, kind):
    case = KINDS[kind](project)
    item, editor = case["item"], users["preparer"]
    client.force_login(editor)
    response = client.post(case["url"], {case["key"]: item.pk, **case["good"]})
    assert response.status_code == 302 and response["Location"] == case["url"]
    assert _messages(response) == [case["message"]]
    item.refresh_from_db()
    assert item.status == case["status"]
    assert item.moderated_by == editor and item.moderated_at is not None


@pytest.mark.parametrize("kind", KINDS)
def test_an_unknown_action_is_refused_with_the_message(client, project, users, kind):
    case = KINDS[kind](project)
    item = case["item"]
    before = item.status
    client.force_login(users["preparer"])
    response = client.post(case["url"], {case["key"]: item.pk, "action": "delete"})
    assert response.status_code == 302
    assert any("valid choice" in message for message in _messages(response))
    item.refresh_from_db()
    assert item.status == before and item.moderated_at is None
    with pytest.raises(moderation.ValidationError, match="Unknown action"):
        moderation.status_for("delete", {"hide": "hidden"})


@pytest.mark.parametrize("kind", KINDS)
def test_an_item_of_no_round_of_the_page_is_404(client, project, users, kind):
    case = KINDS[kind](project)
    client.force_login(users["preparer"])
    for value in ["", "abc", str(case["item"].pk + 1000)]:
        response = client.post(case["url"], {case["key"]: value, **case["good"]})
        assert response.status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_both_kinds_go_through_the_one_record(client, project, users, kind, monkeypatch):
    """The comment and the statement are moderated by the same mechanism: a change to
    participation.moderation.record reaches both."""
    case = KINDS[kind](project)
    seen = []
    original = moderation.record

    def spy(item, **kwargs):
        seen.append((type(item).__name__, kwargs["status"]))
        return original(item, **kwargs)

    monkeypatch.setattr(moderation, "record", spy)
    client.force_login(users["preparer"])
    client.post(case["url"], {case["key"]: case["item"].pk, **case["good"]})
    assert seen == [(type(case["item"]).__name__, case["status"])]
