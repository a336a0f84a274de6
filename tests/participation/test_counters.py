"""The round's counters (participation.counters) stay equal to the rows they count through
every write of a round's responses, and the analysis page reads them (no count of the
round's comments, so it stays flat as the round grows)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.test.utils import CaptureQueriesContext

from participation import services
from participation.models import Comment, CommentRound, Disposition
from participation.text.services import analyse_round

from .factories import make_comments, make_round
from .test_analysis import round_url

pytestmark = pytest.mark.django_db


def counted(round: CommentRound) -> dict:
    """What the counters should say, counted from the rows."""
    visible = ~Q(status=Comment.Status.HIDDEN)
    return Comment.objects.filter(round=round).aggregate(
        comments_total=Count("pk", filter=visible),
        comments_unanswered=Count("pk", filter=visible & Q(disposition="")),
        comments_analysed=Count("pk", filter=visible & Q(insight__isnull=False)),
    )


def kept(round: CommentRound) -> dict:
    return CommentRound.objects.filter(pk=round.pk).values(*counted(round)).get()


def test_every_write_keeps_the_counters(project, preparer):
    round = make_round(project)
    for n in range(3):
        services.comment_submit(round=round, text=f"Kommentti {n}", language="fi")
    assert (
        kept(round)
        == counted(round)
        == {
            "comments_total": 3,
            "comments_unanswered": 3,
            "comments_analysed": 0,
        }
    )
    first, second, third = Comment.objects.filter(round=round).order_by("pk")
    services.comment_moderate(comment=first, action="hide", by=preparer, reason="Mainos")
    assert kept(round) == counted(round)
    assert kept(round)["comments_total"] == 2
    services.dispositions_set(
        round=round,
        comment_ids=[second.pk],
        disposition=Disposition.values[0],
        reason="Otetaan huomioon.",
        by=preparer,
    )
    assert kept(round) == counted(round)
    assert kept(round)["comments_unanswered"] == 1
    analyse_round(round=round, by=preparer)
    assert kept(round) == counted(round)
    assert kept(round)["comments_analysed"] == 2
    services.comment_moderate(comment=first, action="publish", by=preparer)
    assert kept(round) == counted(round)
    assert kept(round)["comments_total"] == 3


def test_the_analysis_page_shows_the_counters_and_counts_no_comments(login, project, preparer):
    round = make_round(project)
    make_comments(round, 120)
    hidden = Comment.objects.filter(round=round).order_by("pk").first()
    services.comment_moderate(comment=hidden, action="hide", by=preparer, reason="Mainos")
    client = login(preparer)
    url = round_url("analysis", project, round)
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "119" in page  # the paginator's total of the visible responses
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
    assert not any("participation_comment" in sql for sql in counts), counts
    # a filter counts the rows it selects
    with CaptureQueriesContext(connection) as queries:
        client.get(url, {"perspective": "access"})
    assert any("COUNT(" in q["sql"].upper() for q in queries)


def test_the_dashboard_reads_the_counters_not_the_comments(login, project, preparer):
    """Phase 3's "what next" says how many responses still lack a disposition: from the
    round's counter (the dashboard stays flat as the round grows)."""
    from phases.models import PromiseProject

    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    round = make_round(project)
    make_comments(round, 30)
    client = login(preparer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(project.get_absolute_url()).status_code == 200
    reads = [q["sql"] for q in queries if 'FROM "participation_comment"' in q["sql"]]
    assert reads == []
    assert kept(round)["comments_unanswered"] == 30


def test_an_administrators_edit_keeps_the_counters(admin_client, project, preparer):
    round = make_round(project)
    make_comments(round, 4)
    comment = Comment.objects.filter(round=round).first()
    from django.urls import reverse

    delete = reverse("admin:participation_comment_delete", args=[comment.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    assert kept(round) == counted(round) and kept(round)["comments_total"] == 3
