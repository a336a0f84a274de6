"""The dashboard's readiness is kept under the project's content version (phases.content):
its query count stays the same as the project grows, and every write of the project's
content raises the version, so the next dashboard shows the change (never a stale cache)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from participation import services as participation_services
from participation.models import Comment, Disposition
from phases.models import PromiseProject
from phases.perspectives import Perspective
from promises import services as promise_services
from promises.models import Commitment
from tests.factories import ProjectFactory
from tests.participation.factories import copy_comments, make_comments, make_promise, make_round

pytestmark = pytest.mark.django_db


def dashboard(project) -> str:
    with translation.override("en"):
        return reverse(
            "phases:project_dashboard",
            kwargs={"region": project.region.slug, "project": project.pk},
        )


def in_preparation(project):
    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    project.refresh_from_db()
    return project


def queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def version(project) -> int:
    return PromiseProject.objects.values_list("content_version", flat=True).get(pk=project.pk)


def project_with(region, *, comments: int, commitments: int):
    project = in_preparation(ProjectFactory(region=region))
    round_ = make_round(project)  # makes the promise: ten cells, one commitment per perspective
    promise = round_.version.promise
    Commitment.objects.bulk_create(
        Commitment(
            promise=promise,
            perspective=Perspective.values[n % len(Perspective.values)],
            order=10 + n,
            title=f"Sitoumus {n}",
            title_fi=f"Sitoumus {n}",
        )
        for n in range(commitments)
    )
    copy_comments(round_, comments)
    return project


def test_the_dashboard_is_flat_from_5000_to_50000_comments(region, users, login):
    small = project_with(region, comments=5_000, commitments=5)
    large = project_with(region, comments=50_000, commitments=200)
    client = login(users["preparer"])
    cold_small, _ = queries(client, dashboard(small))
    cold_large, _ = queries(client, dashboard(large))
    warm_small, html_small = queries(client, dashboard(small))
    warm_large, html_large = queries(client, dashboard(large))
    assert cold_large == cold_small
    assert warm_large == warm_small
    # The second view reads the promise's readiness from the cache: the rules' queries of
    # the promise, its cells, statements and commitments are not made again.
    assert warm_small < cold_small - 8, (cold_small, warm_small)
    assert "5000 without a disposition" in html_small
    assert "50000 without a disposition" in html_large


def test_a_new_promise_shows_on_the_next_dashboard(project, users, login):
    in_preparation(project)
    client = login(users["preparer"])
    url = dashboard(project)
    before = client.get(url).content.decode()
    client.get(url)  # kept under the version
    assert "Kaikki asukkaat" not in before
    promise_services.promise_create(
        project=project,
        title={"fi": "Kaikki asukkaat", "sv": "Alla invånare"},
        by=users["preparer"],
    )
    after = client.get(url).content.decode()
    assert "Kaikki asukkaat" in after  # the promises panel's row
    assert "No commitments yet" in after


def test_dispositions_show_on_the_next_dashboard(project, users, login):
    in_preparation(project)
    make_promise(project)
    round_ = make_round(project)
    make_comments(round_, 3)
    client = login(users["preparer"])
    url = dashboard(project)
    client.get(url)
    assert "3 without a disposition" in client.get(url).content.decode()
    first = Comment.objects.filter(round=round_).order_by("pk").first()
    participation_services.dispositions_set(
        round=round_,
        comment_ids=[first.pk],
        disposition=Disposition.values[0],
        reason="Otetaan huomioon.",
        by=users["preparer"],
    )
    assert "2 without a disposition" in client.get(url).content.decode()


def test_every_write_of_the_content_raises_the_version_once_committed(project, users):
    """The save signal of a project-owned row (the path to its project walked when no
    project scope is entered, as in a task or the admin), its delete and its links."""
    start = version(project)
    promise = make_promise(project)  # bulk-created rows: no signal, no version
    assert version(project) == start
    commitment = Commitment.objects.filter(promise=promise).first()
    commitment.title = "Uusi otsikko"
    commitment.save()
    assert version(project) == start + 1
    other = ProjectFactory(region=project.region)
    other_version = version(other)
    commitment.delete()
    assert version(project) == start + 2
    assert version(other) == other_version  # another project's content is unchanged


def test_a_removed_strategy_goal_shows_on_the_next_dashboard(project, users, login):
    """A region-owned row the commitments link to: its delete drops the links without a
    signal of theirs, so it raises every project of the region itself."""
    from promises.models import StrategyGoal

    in_preparation(project)
    promise = make_promise(project)
    goal = StrategyGoal.objects.create(
        region=project.region, kind=StrategyGoal.Kind.values[0], title="Hyvä arki"
    )
    for commitment in Commitment.objects.filter(promise=promise):
        commitment.strategy_goals.add(goal)
    client = login(users["preparer"])
    url = dashboard(project)
    client.get(url)
    assert "is empty (no strategy goal" not in client.get(url).content.decode()
    goal.delete()
    assert "is empty (no strategy goal" in client.get(url).content.decode()
