"""The public comment round: window, moderation, spam defences, paging, the phase 3 gate."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from participation import services
from participation.models import Comment
from phases import services as phase_services
from phases.demo import complete_core

from .factories import copy_comments, make_comments, make_round, make_version
from .test_planning import to_phase_2, write_all_syntheses

pytestmark = pytest.mark.django_db


def public_url(round, lang="fi"):
    return f"/{lang}/round/{round.pk}/"


def post_comment(client, round, **data):
    payload = {"target": "whole", "text": "Hyvä luonnos", "website": ""}
    payload.update(data)
    return client.post(public_url(round), payload)


def test_comment_before_the_period_is_refused(client, project):
    round = make_round(project)
    round.starts_at = timezone.now() + timedelta(days=1)
    round.ends_at = timezone.now() + timedelta(days=10)
    round.save()
    with pytest.raises(ValidationError, match="not opened yet"):
        services.comment_submit(round=round, text="Liian aikaisin", language="fi")
    response = post_comment(client, round)
    assert response.status_code == 400
    assert "not opened yet" in response.content.decode() or "ei ole vielä" in (
        response.content.decode()
    )
    assert not Comment.objects.exists()


def test_comment_after_the_period_is_refused(client, project):
    round = make_round(project, open=False)
    response = post_comment(client, round)
    assert response.status_code == 400
    assert not Comment.objects.exists()
    with translation.override("en"), pytest.raises(ValidationError, match="closed"):
        services.comment_submit(round=round, text="Liian myöhään", language="fi")


def test_comment_closed_by_a_preparer_is_refused(project, preparer):
    round = make_round(project)
    services.round_close(round=round, by=preparer)
    with pytest.raises(ValidationError):
        services.comment_submit(round=round, text="x", language="fi")


def test_anonymous_comment_on_a_commitment_is_published(client, project):
    round = make_round(project)
    commitment = round.version.snapshot["commitments"][1]
    response = post_comment(
        client,
        round,
        target="commitment",
        commitment=str(commitment["id"]),
        text="Tämä sitoumus on hyvä",
        name="Maija",
        show_name="on",
        email="maija@example.invalid",
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.commitment_ref == commitment["id"]
    assert comment.commitment_title == commitment["title"]["fi"]
    assert comment.commitment_id == commitment["id"]
    assert comment.status == Comment.Status.PUBLISHED
    page = client.get(public_url(round)).content.decode()
    assert "Tämä sitoumus on hyvä" in page
    assert "Maija" in page
    assert "maija@example.invalid" not in page


def test_name_not_shown_unless_chosen(client, project):
    round = make_round(project)
    post_comment(client, round, name="Salainen Nimi", text="Kommentti ilman nimeä")
    page = client.get(public_url(round)).content.decode()
    assert "Kommentti ilman nimeä" in page
    assert "Salainen Nimi" not in page


def test_hidden_and_pending_comments_never_reach_the_public(client, project, preparer):
    round = make_round(project)
    shown = services.comment_submit(round=round, text="Näkyvä kommentti", language="fi")
    hidden = services.comment_submit(round=round, text="Roskapostia täällä", language="fi")
    services.comment_moderate(comment=hidden, action="hide", reason="Mainos", by=preparer)
    round.premoderate = True
    round.save()
    pending = services.comment_submit(round=round, text="Odottaa tarkastusta", language="fi")
    assert pending.status == Comment.Status.PENDING
    page = client.get(public_url(round)).content.decode()
    assert shown.text in page
    assert "Roskapostia" not in page and "Odottaa tarkastusta" not in page
    # ... not even through the htmx fragment or another page number
    fragment = client.get(public_url(round) + "?page=1", HTTP_HX_REQUEST="true").content.decode()
    assert "Roskapostia" not in fragment
    with pytest.raises(ValidationError):
        services.comment_moderate(comment=shown, action="hide", reason=" ", by=preparer)


def test_honeypot_saves_nothing(client, project):
    round = make_round(project)
    response = post_comment(client, round, website="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_rate_limit_per_address(client, project):
    round = make_round(project)
    for i in range(5):
        assert post_comment(client, round, text=f"Kommentti {i}").status_code == 302
    response = post_comment(client, round, text="Kuudes")
    assert response.status_code == 429
    assert "ten minutes" in response.content.decode() or "kymmenen" in response.content.decode()
    assert Comment.objects.count() == 5
    # another address is not limited
    other = client.post(
        public_url(round),
        {"target": "whole", "text": "Toinen osoite"},
        REMOTE_ADDR="10.0.0.99",
    )
    assert other.status_code == 302


def test_perspective_target_requires_a_perspective(client, project):
    round = make_round(project)
    response = post_comment(client, round, target="perspective", perspective="")
    assert response.status_code == 400
    assert 'value="Hyvä luonnos"' in response.content.decode() or "Hyvä luonnos" in (
        response.content.decode()
    )


def test_show_more_pages_without_js_and_with_htmx(client, project):
    round = make_round(project)
    make_comments(round, 45)
    first = client.get(public_url(round)).content.decode()
    assert "Kommentti numero 0:" in first and "Kommentti numero 25:" not in first
    assert "?page=2" in first and 'hx-get="?page=2"' in first
    second = client.get(public_url(round) + "?page=2").content.decode()
    assert "Kommentti numero 25:" in second and "<html" in second
    fragment = client.get(public_url(round) + "?page=2", HTTP_HX_REQUEST="true").content.decode()
    assert "Kommentti numero 25:" in fragment and "<html" not in fragment
    assert "?page=3" in fragment


def test_public_round_page_query_count_is_constant(client, project, django_assert_max_num_queries):
    round = make_round(project)
    make_comments(round, 10)
    with django_assert_max_num_queries(8):
        client.get(public_url(round))
    copy_comments(round, 2000)
    with django_assert_max_num_queries(8):
        client.get(public_url(round))


def test_phase_3_gate_round_open_and_unanswered(project, preparer):
    project = to_phase_2(project, preparer)
    complete_core(project, 2, preparer)
    write_all_syntheses(project, preparer)
    project = phase_services.project_advance(project=project, by=preparer, expected_phase=2)
    complete_core(project, 3, preparer)

    def participation_blockers():
        try:
            phase_services.project_advance(project=project, by=preparer, expected_phase=3)
        except phase_services.PhaseError as exc:
            return [m for m in exc.messages if "round" in m.lower() or "disposition" in m.lower()]
        return []

    blockers = participation_blockers()
    assert any("No comment round" in m for m in blockers)

    round = make_round(project)
    make_comments(round, 3)
    hidden = make_comments(round, 1, status=Comment.Status.HIDDEN)[0]
    blockers = participation_blockers()
    assert any("still open" in m for m in blockers)
    assert any("3 comments or statements" in m for m in blockers)

    services.round_close(round=round, by=preparer)
    ids = list(Comment.objects.exclude(pk=hidden.pk).values_list("pk", flat=True))
    services.dispositions_set(
        round=round, comment_ids=ids[:2], disposition="accepted", reason="Hyvä", by=preparer
    )
    assert any("1 comment or statement" in m for m in participation_blockers())
    services.dispositions_set(
        round=round, comment_ids=ids[2:], disposition="noted", reason="Kiitos", by=preparer
    )
    # The hidden spam comment needs no answer.
    assert participation_blockers() == []


def test_staff_round_pages(login, project, preparer):
    round = make_round(project)
    make_comments(round, 5)
    client = login(preparer)
    kwargs = {"region": project.region.slug, "project": project.pk, "round": round.pk}
    assert client.get(reverse("participation:round", kwargs=kwargs)).status_code == 200
    response = client.post(reverse("participation:round_close", kwargs=kwargs))
    assert response.status_code == 302
    round.refresh_from_db()
    assert round.is_closed
    comment = Comment.objects.first()
    response = client.post(
        reverse("participation:moderation", kwargs=kwargs),
        {"comment": comment.pk, "action": "hide", "reason": "Asiaton"},
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and comment.hidden_reason == "Asiaton"


def test_opening_a_round_through_the_form(login, project, preparer):
    from .factories import make_version

    version = make_version(project)
    client = login(preparer)
    url = reverse(
        "participation:round_new", kwargs={"region": project.region.slug, "project": project.pk}
    )
    response = client.post(
        url,
        {
            "version": version.pk,
            "starts_at": "2027-03-01T09:00",
            "ends_at": "2027-02-01T09:00",
        },
    )
    assert response.status_code == 400
    response = client.post(
        url,
        {"version": version.pk, "starts_at": "2027-03-01T09:00", "ends_at": "2027-04-01T16:00"},
    )
    assert response.status_code == 302
    assert project.comment_rounds.get().version == version


def test_closing_a_round_early_asks_first_and_the_round_shows_when_it_closed(
    project, preparer, login
):
    round = make_round(project)
    client = login(preparer)
    kwargs = {"region": project.region.slug, "project": project.pk, "round": round.pk}
    with translation.override("fi"):
        close = reverse("participation:round_close", kwargs=kwargs)
        detail = reverse("participation:round", kwargs=kwargs)
    assert f'href="{close}"' in client.get(detail).content.decode()
    page = client.get(close)
    assert page.status_code == 200
    assert "Kyllä, sulje kierros nyt" in page.content.decode()
    round.refresh_from_db()
    assert round.closed_at is None  # the page only asks
    client.post(close)
    round.refresh_from_db()
    assert round.closed_at is not None
    html = client.get(detail).content.decode()
    assert "Suljettu etuajassa" in html
    with translation.override("sv"):
        overview = reverse(
            "participation:overview",
            kwargs={"region": project.region.slug, "project": project.pk},
        )
    assert "stängdes i förtid" in client.get(overview).content.decode()


def test_a_new_round_opens_today_and_closes_in_30_days(project, preparer, login):
    make_version(project)
    client = login(preparer)
    response = client.get(
        reverse(
            "participation:round_new",
            kwargs={"region": project.region.slug, "project": project.pk},
        )
    )
    form = response.context["form"]
    today = timezone.localdate()
    assert form["starts_at"].value().date() == today
    assert form["ends_at"].value().date() == today + timedelta(days=30)
