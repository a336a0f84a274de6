"""The opinion round (issue 29): votes, the next statement, moderation, the groups found,
the results pages and exports, and the statements turned into phase-2 inputs."""

from __future__ import annotations

import contextlib
import io
from datetime import timedelta

import numpy as np
import openpyxl
import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from participation import ratelimit
from participation.models import Activity, Input, Method, OpinionStatement, OpinionVote
from participation.opinion import participants, selectors, services
from participation.opinion.groups import find_groups
from participation.opinion.models import STATEMENT_MAX
from phases.roles import Role
from tests.factories import ProjectFactory, RegionFactory, member

# Each test builds its own base fixtures: this module also reads the demo once per module
# (`module_demo`, a module transaction of its own), and a later test taking another set of
# base fixtures than the one before it would have to open the module's base inside that
# transaction (ModuleBase refuses it).
pytestmark = [pytest.mark.django_db, pytest.mark.base_per_test]

P1, P2, P3 = "a" * 32, "b" * 32, "c" * 32


def make_round(project, statements=3, **period):
    now = timezone.now()
    round = services.round_create(
        project=project,
        question={"fi": "Mitä palveluilta toivot?", "sv": "Vad önskar du av tjänsterna?"},
        starts_at=period.get("starts_at", now - timedelta(days=1)),
        ends_at=period.get("ends_at", now + timedelta(days=10)),
        by=None,
    )
    for n in range(statements):
        services.statement_add(
            round=round,
            texts={"fi": f"Väite {n}", "sv": f"Påstående {n}"},
            perspectives=["access"] if n % 2 == 0 else ["quality", "access"],
            by=None,
        )
    round.refresh_from_db()
    return round


def accepted(round):
    return list(OpinionStatement.objects.public().filter(round=round).order_by("pk"))


def public_url(round, name="public_opinion", lang="fi", **extra):
    from django.utils import translation

    with translation.override(lang):
        return reverse(
            f"participation:{name}",
            kwargs={"region": round.project.region.slug, "opinion": round.pk, **extra},
        )


# -- the group finding ----------------------------------------------------------------------


def synthetic(groups=3, per_group=60, statements=24, noise=0.1, seed=7):
    """Votes of people in `groups` known groups: each group agrees or disagrees with each
    statement by its own pattern; statement 0 is agreed by everyone."""
    rng = np.random.default_rng(seed)
    pattern = rng.choice([-1, 1], size=(groups, statements))
    pattern[:, 0] = 1
    pattern[:, 1] = [1 if g == 0 else -1 for g in range(groups)]  # group 0 alone agrees
    truth, p, s, c = [], [], [], []
    for person in range(groups * per_group):
        group = person % groups
        truth.append(group)
        for j in range(statements):
            if rng.random() < 0.8:
                vote = pattern[group, j] if rng.random() > noise else rng.choice([-1, 0, 1])
                p.append(person), s.append(j), c.append(vote)
    return np.array(truth), pattern, p, s, c, groups * per_group, statements


@pytest.mark.parametrize("groups", [2, 3])
def test_groups_found_on_a_matrix_with_known_groups(groups):
    from sklearn.metrics import adjusted_rand_score

    truth, pattern, p, s, c, n_people, n_statements = synthetic(groups=groups, statements=40)
    found = find_groups(p, s, c, n_people, n_statements)

    assert found["k"] == groups
    # The people placed together belong together (a noisy vote may misplace one).
    assert adjusted_rand_score(truth, found["labels"]) > 0.9
    assert sum(g["size"] for g in found["groups"]) == n_people
    # Consensus: statements every true group agrees with (statement 0 among them); never
    # statement 1, which only group 0 agrees with.
    assert found["consensus"] and 1 not in found["consensus"]
    assert all((pattern[:, j] == 1).all() for j in found["consensus"])
    assert 0 not in found["divisive"] and found["divisive"]
    # A divisive statement is one the true groups vote on differently.
    assert all(len(set(pattern[:, j])) > 1 for j in found["divisive"])


def test_the_found_groups_are_the_true_groups():
    from sklearn.metrics import adjusted_rand_score

    truth, _pattern, p, s, c, n_people, n_statements = synthetic(groups=3, noise=0.2)
    found = find_groups(p, s, c, n_people, n_statements)
    labels = np.array(found["labels"])
    assert (labels >= 0).all()  # everyone voted on enough statements to be placed
    assert adjusted_rand_score(truth, labels) > 0.95


def test_too_few_votes_give_counts_but_no_groups():
    found = find_groups([0, 1, 2], [0, 0, 1], [1, -1, 0], 3, 2)
    assert found["groups"] == [] and found["k"] == 0
    assert found["statements"][0] == {"agree": 1, "disagree": 1, "pass": 0, "seen": 2}


def test_the_results_for_5000_participants_and_100_statements_take_under_two_seconds():
    import time

    rng = np.random.default_rng(3)
    people, statements = 5000, 100
    groups = rng.integers(0, 3, people)
    pattern = rng.choice([-1, 1], size=(3, statements))
    seen = rng.random((people, statements)) < 0.5
    p, s = np.nonzero(seen)
    c = pattern[groups[p], s]
    find_groups(p[:2000], s[:2000], c[:2000], 200, statements)  # imports warmed
    started = time.perf_counter()
    found = find_groups(p, s, c, people, statements)
    assert time.perf_counter() - started < 2.0
    assert found["k"] == 3


# -- votes, the next statement, the participant ---------------------------------------------


def test_a_vote_is_one_per_participant_and_statement_and_can_be_changed(project):
    round = make_round(project)
    first = accepted(round)[0]
    services.vote(round=round, statement_id=first.pk, participant=P1, choice=1)
    services.vote(round=round, statement_id=first.pk, participant=P1, choice=-1)
    votes = OpinionVote.objects.filter(statement=first)
    assert [(v.participant, v.choice) for v in votes] == [(P1, -1)]
    first.refresh_from_db()
    assert first.vote_count == 1


def test_votes_are_refused_outside_the_period_and_on_statements_not_accepted(project):
    round = make_round(project)
    pending = services.statement_submit(round=round, participant=P2, text="Oma", language="fi")
    with pytest.raises(ValidationError, match="not part of this round"):
        services.vote(round=round, statement_id=pending.pk, participant=P1, choice=1)
    other = make_round(project)
    with pytest.raises(ValidationError, match="not part of this round"):
        services.vote(round=round, statement_id=accepted(other)[0].pk, participant=P1, choice=1)
    with pytest.raises(ValidationError, match="agree, disagree or pass"):
        services.vote(round=round, statement_id=accepted(round)[0].pk, participant=P1, choice=5)
    services.round_close(round=round)
    with pytest.raises(ValidationError, match="has closed"):
        services.vote(round=round, statement_id=accepted(round)[0].pk, participant=P1, choice=1)
    assert not OpinionVote.objects.filter(round=round).exists()


def test_the_next_statement_is_unseen_not_ones_own_and_has_few_votes(project):
    round = make_round(project, statements=3)
    s0, s1, s2 = accepted(round)
    services.vote(round=round, statement_id=s0.pk, participant=P2, choice=1)
    services.vote(round=round, statement_id=s1.pk, participant=P2, choice=1)
    services.vote(round=round, statement_id=s1.pk, participant=P3, choice=1)
    # The fewest votes first: s2 (none), then s0 (one), then s1 (two).
    assert selectors.next_statement(round, P1) == s2
    services.vote(round=round, statement_id=s2.pk, participant=P1, choice=0)
    assert selectors.next_statement(round, P1) == s0
    own = services.statement_submit(round=round, participant=P1, text="Omani", language="sv")
    services.statement_moderate(statement=own, action="accept", perspectives=[], by=None)
    services.vote(round=round, statement_id=s0.pk, participant=P1, choice=1)
    assert selectors.next_statement(round, P1) == s1  # never one's own statement
    services.vote(round=round, statement_id=s1.pk, participant=P1, choice=1)
    assert selectors.next_statement(round, P1) is None
    assert selectors.next_statement(round, P2) == own


def test_a_residents_statement_waits_for_moderation(project, users):
    round = make_round(project, statements=0)
    with pytest.raises(ValidationError, match="at most"):
        services.statement_submit(
            round=round, participant=P1, text="x" * (STATEMENT_MAX + 1), language="fi"
        )
    own = services.statement_submit(round=round, participant=P1, text="Lisää iltoja", language="fi")
    assert own.status == OpinionStatement.Status.PENDING
    assert selectors.next_statement(round, P2) is None
    services.statement_moderate(
        statement=own, action="accept", perspectives=["quality"], by=users["preparer"]
    )
    assert selectors.next_statement(round, P2) == own
    own.refresh_from_db()
    assert own.perspectives == ["quality"] and own.moderated_by == users["preparer"]
    services.statement_moderate(statement=own, action="reject", perspectives=[], by=None)
    assert selectors.next_statement(round, P2) is None


# -- public pages ---------------------------------------------------------------------------


def test_voting_through_the_page_without_javascript(client, project):
    round = make_round(project, statements=2)
    url = public_url(round, lang="sv")
    page = client.get(url)
    assert page.status_code == 200
    assert "Påstående 1 av 2" in page.content.decode()
    assert participants.COOKIE not in page.cookies  # no cookie until one takes part
    first = page.context["statement"]
    response = client.post(url, {"statement": first.pk, "choice": "1"})
    assert response.status_code == 302 and response["Location"].endswith("#statement")
    cookie = response.cookies[participants.COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    vote = OpinionVote.objects.get(round=round)
    assert vote.statement == first and vote.choice == 1
    page = client.get(url)
    assert page.context["statement"] != first
    assert page.context["progress"] == {"voted": 1, "total": 2}


def test_a_forged_participant_cookie_is_not_trusted(client, project):
    round = make_round(project, statements=1)
    statement = accepted(round)[0]
    client.cookies[participants.COOKIE] = P1  # not signed
    client.post(public_url(round), {"statement": statement.pk, "choice": "-1"})
    assert OpinionVote.objects.get(round=round).participant != P1


def test_a_bad_vote_says_so_and_stores_nothing(client, project):
    round = make_round(project, statements=1)
    response = client.post(public_url(round, lang="sv"), {"statement": "x", "choice": "7"})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not OpinionVote.objects.filter(round=round).exists()


def test_a_residents_statement_from_the_page_keeps_the_text_and_has_the_comment_limits(
    client, project
):
    round = make_round(project, statements=1)
    url = public_url(round, "public_opinion_statement", lang="sv")
    too_long = "å" * (STATEMENT_MAX + 1)
    response = client.post(url, {"text": too_long, "website": ""})
    assert response.status_code == 400
    assert too_long in response.content.decode()
    assert not OpinionStatement.objects.filter(round=round, author="resident").exists()
    # The honeypot: a bot is thanked and nothing is stored.
    response = client.post(url, {"text": "Botti", "website": "http://spam"})
    assert response.status_code == 302
    assert not OpinionStatement.objects.filter(round=round, author="resident").exists()
    for n in range(ratelimit.LIMIT):
        response = client.post(url, {"text": f"Mer service {n}", "website": ""})
        assert response.status_code == 302
    response = client.post(url, {"text": "En till", "website": ""})
    assert response.status_code == 429
    assert "En till" in response.content.decode()
    saved = OpinionStatement.objects.filter(round=round, author="resident")
    assert saved.count() == ratelimit.LIMIT
    assert {s.language for s in saved} == {"sv"}
    assert {s.status for s in saved} == {"pending"}


def test_another_regions_round_and_one_not_yet_open_are_not_found(client, project):
    round = make_round(project)
    other = RegionFactory(slug="toinen-alue")
    response = client.get(
        reverse("participation:public_opinion", kwargs={"region": other.slug, "opinion": round.pk})
    )
    assert response.status_code == 404
    later = make_round(
        project,
        starts_at=timezone.now() + timedelta(days=2),
        ends_at=timezone.now() + timedelta(days=9),
    )
    assert client.get(public_url(later)).status_code == 404
    assert client.get(public_url(later, "public_opinion_results")).status_code == 404


def vote_in_groups(round, people=40):
    """Two groups: the even people agree with the even statements, the odd with the odd;
    everyone agrees with statement 0."""
    statements = accepted(round)
    for person in range(people):
        participant = f"{person:032x}"
        for n, statement in enumerate(statements):
            choice = 1 if n == 0 or n % 2 == person % 2 else -1
            services.vote(
                round=round, statement_id=statement.pk, participant=participant, choice=choice
            )


def test_the_public_results_page_shows_the_groups_with_a_chart_and_its_table(client, project):
    round = make_round(project, statements=6)
    vote_in_groups(round, people=20)
    for lang, group, agreed in (("fi", "Ryhmä A", "Kaikkien ryhmien"), ("sv", "Grupp A", "alla")):
        response = client.get(public_url(round, "public_opinion_results", lang=lang))
        body = response.content.decode()
        assert response.status_code == 200
        assert '<svg role="img" aria-labelledby="chart-title chart-desc"' in body
        assert "<desc" in body and group in body and agreed in body
        results = response.context["results"]
        assert results["k"] == 2 and [g["size"] for g in results["groups"]] == [10, 10]
        assert results["consensus_rows"][0]["number"] == 1  # statement 0: agreed by all


def test_exports_go_through_the_one_spreadsheet_writer(client, project):
    round = make_round(project, statements=2)
    statement = accepted(round)[0]
    OpinionStatement.objects.filter(pk=statement.pk).update(text_fi="=HYPERLINK(1)")
    services.vote(round=round, statement_id=statement.pk, participant=P1, choice=1)
    csv = client.get(public_url(round, "public_opinion_export", fmt="csv"))
    assert csv["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in csv.content.decode("utf-8-sig")
    xlsx = client.get(public_url(round, "public_opinion_export", fmt="xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["B2"].value == "=HYPERLINK(1)" and sheet["B2"].data_type == "s"
    assert client.get(public_url(round, "public_opinion_export", fmt="pdf")).status_code == 404


def test_results_are_cached_until_the_next_vote(project, monkeypatch):
    round = make_round(project, statements=2)
    first, second = accepted(round)
    services.vote(round=round, statement_id=first.pk, participant=P1, choice=1)
    round.refresh_from_db()
    computed = []
    compute = selectors.compute_results
    monkeypatch.setattr(selectors, "compute_results", lambda r: computed.append(r) or compute(r))
    assert selectors.results(round)["votes"] == 1
    assert selectors.results(round)["votes"] == 1
    assert len(computed) == 1
    services.vote(round=round, statement_id=second.pk, participant=P1, choice=1)
    round.refresh_from_db()
    assert selectors.results(round)["votes"] == 2
    assert len(computed) == 2


def test_results_are_computed_in_the_background_once_per_round(client, project, db_task_backend):
    """A results page never computes: it shows the latest results and queues one
    recompute per round when they are stale; the worker's run makes them current."""
    from django_tasks_db.models import DBTaskResult

    from tests.conftest import run_queued_tasks

    def queued():
        return DBTaskResult.objects.filter(status="READY").count()

    cache.clear()
    round = make_round(project, statements=6)
    vote_in_groups(round, people=20)
    sv = public_url(round, "public_opinion_results", lang="sv")
    fi = public_url(round, "public_opinion_results", lang="fi")
    page = client.get(sv)
    assert page.status_code == 200 and page.context["results"] is None
    assert "Resultaten räknas fram" in page.content.decode()
    assert "Tuloksia lasketaan" in client.get(fi).content.decode()
    # Nothing to download yet: the export leads to the results page.
    assert client.get(public_url(round, "public_opinion_export", fmt="csv"))["Location"] == fi
    assert queued() == 1  # three requests, one task

    assert run_queued_tasks() == 1
    page = client.get(sv)
    assert [g["size"] for g in page.context["results"]["groups"]] == [10, 10]
    assert "Resultaten uppdaterades" in page.content.decode()
    assert page.context["results"]["votes"] == 120 and queued() == 0  # fresh: none queued

    # A new vote: the latest results are still shown, marked as being updated, and one
    # recompute is queued however many look.
    services.vote(round=round, statement_id=accepted(round)[0].pk, participant=P1, choice=1)
    for url in (sv, fi, sv):
        page = client.get(url)
        assert page.context["results"]["votes"] == 120 and page.context["results_stale"]
    assert queued() == 1
    assert run_queued_tasks() == 1
    page = client.get(sv)
    assert page.context["results"]["votes"] == 121 and not page.context["results_stale"]
    assert queued() == 0


def test_the_region_page_links_to_the_open_round(client, module_demo):
    from participation.models import OpinionRound

    round = OpinionRound.objects.get(project=module_demo["current"])
    cache.clear()
    body = client.get(f"/sv/p/{module_demo['region'].slug}/").content.decode()
    assert public_url(round, lang="sv") in body


# -- staff ----------------------------------------------------------------------------------


def staff_url(round, name, **extra):
    return reverse(
        f"participation:{name}",
        kwargs={
            "region": round.project.region.slug,
            "project": round.project_id,
            "opinion": round.pk,
            **extra,
        },
    )


def test_moderation_accepts_and_tags_through_the_page(client, project, users):
    round = make_round(project, statements=0)
    own = services.statement_submit(
        round=round, participant=P1, text="Iltavastaanotto", language="fi"
    )
    client.force_login(users["working_group"])
    page = client.get(staff_url(round, "opinion_moderation"))
    assert "Iltavastaanotto" in page.content.decode()
    client.post(
        staff_url(round, "opinion_moderation"),
        {"statement": own.pk, "action": "accept", "perspectives": ["access", "integration"]},
    )
    own.refresh_from_db()
    assert own.status == "accepted" and own.perspectives == ["access", "integration"]
    client.force_login(users["viewer"])
    assert (
        client.post(
            staff_url(round, "opinion_moderation"), {"statement": own.pk, "action": "reject"}
        ).status_code
        == 403
    )
    own.refresh_from_db()
    assert own.status == "accepted"


def test_staff_pages_ask_a_constant_number_of_queries(client, project, users):
    round = make_round(project, statements=2)
    client.force_login(users["preparer"])

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    pages = [staff_url(round, "opinion"), staff_url(round, "opinion_moderation")]
    pages.append(
        reverse(
            "participation:opinion_list",
            kwargs={"region": project.region.slug, "project": project.pk},
        )
    )
    services.statement_submit(round=round, participant=P1, text="Oma", language="fi")
    before = [count(url) for url in pages]
    for n in range(15):
        services.statement_add(round=round, texts={"fi": f"Lisä {n}"}, perspectives=[], by=None)
        services.statement_submit(round=round, participant=P1, text=f"Oma {n}", language="fi")
    make_round(project, statements=3)
    assert [count(url) for url in pages] == before


def test_statements_become_inputs_that_reach_the_synthesis(client, project, users):
    round = make_round(project, statements=4)
    vote_in_groups(round, people=12)
    chosen = accepted(round)[:2]
    client.force_login(users["preparer"])
    response = client.post(
        staff_url(round, "opinion_results"), {"statements": [s.pk for s in chosen]}
    )
    assert response.status_code == 302
    activity = Activity.objects.get(project=project, method=Method.OPINION_ROUND)
    assert activity.participants == 12
    inputs = list(Input.objects.filter(activity=activity).order_by("pk"))
    assert len(inputs) == 2
    assert inputs[0].text.startswith("Väite 0") and "100 %" in inputs[0].text
    assert inputs[0].perspectives == ["access"]
    # Turned once: the same statements again are refused, nothing doubled.
    response = client.post(
        staff_url(round, "opinion_results"), {"statements": [s.pk for s in chosen]}
    )
    assert response.status_code == 400
    assert Input.objects.filter(activity=activity).count() == 2
    synthesis = client.get(
        reverse(
            "participation:synthesis",
            kwargs={"region": project.region.slug, "project": project.pk},
        )
    ).content.decode()
    assert "Väite 0" in synthesis
    client.force_login(users["viewer"])
    assert (
        client.post(
            staff_url(round, "opinion_results"), {"statements": [accepted(round)[3].pk]}
        ).status_code
        == 403
    )


def test_a_member_of_another_region_finds_nothing(client, project, users):
    round = make_round(project)
    other = ProjectFactory(region=users["other_region"])
    client.force_login(member(users["other_region"], Role.PREPARER, username="muu"))
    assert client.get(staff_url(round, "opinion")).status_code == 404
    url = reverse(
        "participation:opinion",
        kwargs={"region": other.region.slug, "project": other.pk, "opinion": round.pk},
    )
    assert client.get(url).status_code == 404


def test_a_vote_needs_a_participant_id_of_the_cookies_form(project):
    round = make_round(project, statements=1)
    for bad in ("", "x" * 32, "a" * 31, "A" * 32):
        with pytest.raises(ValidationError, match="Unknown participant"):
            services.vote(
                round=round, statement_id=accepted(round)[0].pk, participant=bad, choice=1
            )
    assert not OpinionVote.objects.filter(round=round).exists()


@pytest.fixture
def postgres_queries(django_assert_num_queries):
    """The vote's query count, which is PostgreSQL's (one statement checks, stores, counts
    and raises the version). On SQLite (`make run`, and `tests/test_sqlite_engine.py`) the
    same vote goes through the ORM: everything else the test asserts holds there too."""
    if connection.vendor == "postgresql":
        return django_assert_num_queries
    return lambda count: contextlib.nullcontext()


def test_a_vote_posted_to_the_page_asks_two_queries(client, project, postgres_queries):
    """The resident's hot path: the round with its region, then one statement that checks
    the statement, stores the vote, counts it and raises the round's version. No results
    are computed, nothing else is read."""
    round = make_round(project, statements=3)
    first, second, third = accepted(round)
    url = public_url(round)
    client.post(url, {"statement": first.pk, "choice": "1"})  # the cookie is set
    with postgres_queries(2):
        response = client.post(url, {"statement": second.pk, "choice": "-1"})
    assert response.status_code == 302
    with postgres_queries(2):  # changing one's vote: the same two
        client.post(url, {"statement": second.pk, "choice": "0"})
    votes = OpinionVote.objects.filter(round=round).order_by("statement_id")
    assert [(v.statement_id, v.choice) for v in votes] == [(first.pk, 1), (second.pk, 0)]
    second.refresh_from_db()
    assert second.vote_count == 1  # a changed vote is not counted twice
    round_before = round.version
    round.refresh_from_db()
    assert round.version == round_before + 3
    # A statement of another round, or not accepted, stores nothing and raises nothing.
    other = make_round(project, statements=1)
    pending = services.statement_submit(round=round, participant=P1, text="Oma", language="fi")
    for statement in (accepted(other)[0], pending):
        response = client.post(url, {"statement": statement.pk, "choice": "1"})
        assert response.status_code == 400
    assert OpinionVote.objects.filter(round=round).count() == 2
    round.refresh_from_db()
    assert round.version == round_before + 3
    assert third.vote_count == 0


def test_a_preparer_closes_the_round_early_and_it_takes_no_more_votes(client, project, users):
    round = make_round(project, statements=2)
    first, second = accepted(round)
    url = public_url(round)
    client.post(url, {"statement": first.pk, "choice": "1"})
    close = staff_url(round, "opinion_close")
    staff = Client()
    staff.force_login(users["working_group"])  # may edit, may not close
    assert staff.post(close).status_code == 403
    round.refresh_from_db()
    assert round.state() == "open"
    staff.force_login(users["preparer"])
    page = staff.get(staff_url(round, "opinion")).content.decode()
    assert close in page
    assert staff.post(close).status_code == 302
    round.refresh_from_db()
    assert round.state() == "closed" and round.closed_at <= timezone.now()
    assert close not in staff.get(staff_url(round, "opinion")).content.decode()
    response = client.post(url, {"statement": second.pk, "choice": "1"})
    assert response.status_code == 400 and "on päättynyt" in response.content.decode()
    assert OpinionVote.objects.filter(round=round).count() == 1
    # The results stay public.
    assert client.get(public_url(round, "public_opinion_results")).status_code == 200


@pytest.mark.parametrize(
    "language,line",
    [
        ("fi", "Asukkaan väite odottaa moderointia mielipidekierroksella"),
        ("sv", "Ett påstående från en invånare väntar på moderering i åsiktsrundan"),
    ],
)
def test_editors_are_told_of_a_residents_statement_in_the_digest(
    language, line, client, project, users
):
    from django.core import mail

    from tests.phases.test_notifications import digest_for, speaks

    round = make_round(project, statements=1)
    editor = users["working_group"]
    speaks(editor, language)
    client.post(public_url(round, "public_opinion_statement"), {"text": "Ilta-aukiolo"})
    client.post(public_url(round, "public_opinion_statement"), {"text": "Etävastaanotto"})
    message = digest_for(editor)
    assert f"2 × {line}" in message.body
    assert staff_url(round, "opinion_moderation").split("/", 2)[2] in message.body
    assert "Ilta-aukiolo" not in message.body  # the text itself waits for moderation
    # Whoever may only read is not told.
    assert users["viewer"].email
    assert not [m for m in mail.outbox if m.to == [users["viewer"].email]]


def test_a_vote_in_place_answers_with_the_next_statement_only(client, project, postgres_queries):
    """htmx enhances the form (hx-post into the card); the answer is the card with the next
    statement, in four queries: the round, the vote, the next statement, the progress."""
    round = make_round(project, statements=3)
    url = public_url(round, lang="sv")
    page = client.get(url).content.decode()
    assert f'action="{url}"' in page and f'hx-post="{url}"' in page  # both paths
    assert "js/opinion-vote.js" in page
    first = client.get(url).context["statement"]
    with postgres_queries(4):
        response = client.post(url, {"statement": first.pk, "choice": "1"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Påstående 2 av 3" in body and response.context["statement"] != first
    assert participants.COOKIE in response.cookies  # the participant is remembered
    client.post(
        url, {"statement": response.context["statement"].pk, "choice": "-1"}, HTTP_HX_REQUEST="true"
    )
    assert OpinionVote.objects.filter(round=round).values("participant").distinct().count() == 1
    # A bad vote: the card with the error (htmx swaps a 2xx answer only); nothing stored.
    response = client.post(url, {"statement": "x", "choice": "7"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert OpinionVote.objects.filter(round=round).count() == 2


def test_a_question_or_statement_of_invisible_characters_only_is_refused(project):
    invisible = "\u200b\u0007\u200d\ufeff\x1b"
    with pytest.raises(ValidationError, match="Write the question"):
        services.round_create(
            project=project,
            question={"fi": invisible, "sv": invisible},
            starts_at=timezone.now(),
            ends_at=timezone.now() + timedelta(days=1),
            by=None,
        )
    round = make_round(project, statements=0)
    with pytest.raises(ValidationError, match="Write the statement"):
        services.statement_add(round=round, texts={"fi": invisible}, perspectives=[], by=None)
    with pytest.raises(ValidationError, match="Write the statement"):
        services.statement_submit(round=round, participant=P1, text=invisible, language="fi")
    # A language left invisible is left out; the visible one is kept.
    statement = services.statement_add(
        round=round, texts={"fi": "Näkyvä", "sv": invisible}, perspectives=[], by=None
    )
    assert statement.text_fi == "Näkyvä" and statement.text_sv == ""
    assert not OpinionStatement.objects.filter(round=round, author="resident").exists()
