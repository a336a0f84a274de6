"""Response analysis: dispositions (also in bulk), search, exports, query counts, erasure."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participation import selectors, services
from participation.models import Comment, Disposition
from phases.perspectives import Perspective

from .factories import copy_comments, make_comments, make_request, make_round

pytestmark = pytest.mark.django_db


def round_url(name, project, round, **extra):
    return reverse(
        f"participation:{name}",
        kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk, **extra},
    )


def test_bulk_disposition_from_the_analysis_page(login, project, preparer):
    round = make_round(project)
    comments = make_comments(round, 6)
    client = login(preparer)
    ids = [c.pk for c in comments[:4]]
    response = client.post(
        round_url("analysis", project, round),
        {"selected": ids, "disposition": "partly", "reason_fi": "Otetaan osittain huomioon"},
    )
    assert response.status_code == 302
    assert Comment.objects.filter(disposition="partly").count() == 4
    assert selectors.unanswered_count(round) == 2
    # no reason: refused, nothing changes, the typed choice stays
    response = client.post(
        round_url("analysis", project, round),
        {"selected": [comments[4].pk], "disposition": "accepted", "reason_fi": ""},
    )
    assert response.status_code == 400
    assert selectors.unanswered_count(round) == 2


def test_disposition_form_is_rendered_on_demand_and_keeps_the_ticks(login, project, preparer):
    """The list page renders no disposition form (two long choice lists) until asked; asking
    keeps the ticked responses ticked, and a failed save shows the form again."""
    round = make_round(project)
    comments = make_comments(round, 3)
    client = login(preparer)
    url = round_url("analysis", project, round)
    html = client.get(url).content.decode()
    assert 'name="reason_fi"' not in html and 'name="answer" value="open"' in html
    response = client.post(url, {"selected": [comments[1].pk], "answer": "open"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="reason_fi"' in html and 'name="changed_commitment"' in html
    assert f'value="{comments[1].pk}" id="sel-{comments[1].pk}" checked' in html
    assert f'value="{comments[0].pk}" id="sel-{comments[0].pk}">' in html
    assert not Comment.objects.exclude(disposition="").exists()
    response = client.post(url, {"selected": [comments[1].pk], "disposition": "accepted"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="reason_fi"' in html
    assert f'id="sel-{comments[1].pk}" checked' in html


def test_viewer_cannot_answer(login, project, users):
    round = make_round(project)
    comment = make_comments(round, 1)[0]
    response = login(users["viewer"]).post(
        round_url("analysis", project, round),
        {"selected": [comment.pk], "disposition": "accepted", "reason_fi": "x"},
    )
    assert response.status_code == 403


def test_analysis_filters(login, project, preparer):
    round = make_round(project)
    make_comments(round, 12)
    make_comments(round, 1, text="Ainutlaatuinen lähipalvelu", perspective="quality")
    client = login(preparer)
    page = client.get(round_url("analysis", project, round), {"perspective": "quality"})
    body = page.content.decode()
    assert "Ainutlaatuinen" in body
    assert page.context["page"].paginator.count == 3
    page = client.get(round_url("analysis", project, round), {"source": "statement"})
    assert page.context["page"].paginator.count == 0
    page = client.get(round_url("analysis", project, round), {"disposition": "none"})
    assert page.context["page"].paginator.count == 13


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")
def test_finnish_full_text_search_finds_inflected_forms(project):
    round = make_round(project)
    target = make_comments(round, 1, text="Hyvä palvelu on tärkeintä.")[0]
    make_comments(round, 1, text="Jonot ovat liian pitkiä.")
    swedish = make_comments(round, 1, text="Tjänsterna på svenska fungerar bra.", language="sv")[0]
    found = list(selectors.comments_for_analysis(round=round, filters={"q": "palveluista"}))
    assert found == [target]
    found = list(selectors.comments_for_analysis(round=round, filters={"q": "tjänster"}))
    assert found == [swedish]


def test_query_count_constant_at_50_and_5000(login, project, preparer):
    round = make_round(project)
    make_comments(round, 50)
    make_request(round)
    client = login(preparer)
    url = round_url("analysis", project, round)

    def count(params):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
        assert response.status_code == 200
        return len(ctx.captured_queries)

    small = count({})
    small_filtered = count({"perspective": "access", "sort": "oldest", "page": "1"})
    copy_comments(round, 4950)
    assert Comment.objects.filter(round=round).count() == 5000
    assert count({}) == small
    assert count({"perspective": "access", "sort": "oldest", "page": "1"}) == small_filtered
    assert count({"page": "40", "sort": "perspective"}) == small


def export(client, project, round, fmt, public):
    url = round_url("export", project, round, fmt=fmt)
    return client.get(url, {"public": "1"} if public else {})


def test_csv_export_public_has_no_emails_or_hidden(login, project, preparer):
    round = make_round(project)
    comments = make_comments(round, 4)
    services.comment_moderate(comment=comments[0], action="hide", reason="Spam", by=preparer)
    services.dispositions_set(
        round=round,
        comment_ids=[comments[1].pk],
        disposition="accepted",
        reason="Lisätään lupaukseen",
        by=preparer,
    )
    client = login(preparer)
    response = export(client, project, round, "csv", public=True)
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 + 3
    assert "@" not in text
    assert comments[0].text not in text
    assert "Lisätään lupaukseen" in text
    # Names only if chosen: comment 2 chose (even index), comment 3 did not.
    assert "Nimi 2" in text and "Nimi 3" not in text

    internal = export(client, project, round, "csv", public=False).content.decode("utf-8-sig")
    assert "c1@example.invalid" in internal and comments[0].text in internal


def test_xlsx_export_content(login, project, preparer):
    round = make_round(project)
    make_comments(round, 3)
    client = login(preparer)
    response = export(client, project, round, "xlsx", public=True)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 4
    flat = " ".join(str(v) for row in values for v in row if v is not None)
    assert "Kommentti numero 1" in flat and "@" not in flat
    summary = workbook.worksheets[1]
    assert any(
        row[0].value == 3 or row[1].value == 3 for row in summary.iter_rows() if len(row) > 1
    )
    internal = load_workbook(io.BytesIO(export(client, project, round, "xlsx", False).content))
    assert "c0@example.invalid" in " ".join(
        str(c.value) for row in internal.worksheets[0].iter_rows() for c in row
    )


def test_summary_section_for_the_pdf_never_has_emails(project, preparer):
    from django.template.loader import render_to_string

    from phases.registry import registry

    round = make_round(project, open=False)
    comments = make_comments(round, 3)
    services.dispositions_set(
        round=round,
        comment_ids=[c.pk for c in comments],
        disposition="noted",
        reason="Kiitos kommentista",
        by=preparer,
    )
    section = next(s for s in registry.sections if s.key == "participation.round_summary")
    assert {"pdf", "public"} <= section.targets
    ctx = section.context(project, language="fi", public=True)
    html = render_to_string(section.template, ctx)
    assert "Kiitos kommentista" in html
    assert "@example.invalid" not in html
    assert "Nimi 1" not in html and "Nimi 0" in html


def test_email_erasure_after_the_retention_time(project, preparer):
    services.settings_save(project=project, erase_emails_after_days=30)
    round = make_round(project, open=False)
    comments = make_comments(round, 3)
    services.dispositions_set(
        round=round,
        comment_ids=[c.pk for c in comments],
        disposition="noted",
        reason="Kiitos",
        by=preparer,
    )
    services.round_mark_analysis_done(round=round, by=preparer)
    # too early: nothing is erased
    assert services.erase_commenter_emails(now=timezone.now() + timedelta(days=29)) == 0
    assert Comment.objects.exclude(email="").count() == 3
    round.refresh_from_db()
    type(round).objects.filter(pk=round.pk).update(
        analysis_done_at=timezone.now() - timedelta(days=31)
    )
    call_command("erase_commenter_emails")
    assert Comment.objects.exclude(email="").count() == 0
    assert Comment.objects.count() == 3  # the comments stay
    assert all(c.text for c in Comment.objects.all())


def test_analysis_cannot_be_marked_done_while_open_or_unanswered(project, preparer):
    from django.core.exceptions import ValidationError

    round = make_round(project)
    make_comments(round, 1)
    with pytest.raises(ValidationError):
        services.round_mark_analysis_done(round=round, by=preparer)
    services.round_close(round=round, by=preparer)
    with pytest.raises(ValidationError):
        services.round_mark_analysis_done(round=round, by=preparer)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_viewer_export_has_no_commenter_emails(login, project, users, fmt):
    round = make_round(project)
    make_comments(round, 3)

    def content(role):
        response = export(login(users[role]), project, round, fmt, public=False)
        assert response.status_code == 200
        if fmt == "csv":
            return response.content.decode("utf-8-sig")
        book = load_workbook(io.BytesIO(response.content))
        return " ".join(str(c.value) for row in book.worksheets[0].iter_rows() for c in row)

    for role in ("viewer", "secretary"):
        text = content(role)
        assert "@example.invalid" not in text and "Kommentti numero 1" in text, role
    assert "c1@example.invalid" in content("preparer")
    assert "c1@example.invalid" in content("working_group")


def test_round_summary_counts_groups_not_rows_with_translated_reasons(project, preparer):
    """The reasons are translated fields (modeltranslation, whose manager orders every
    query by the model's ordering): the summary still counts by perspective, source and
    disposition, in one grouped row per kind, and the unanswered count stays right."""
    round = make_round(project)
    comments = make_comments(round, 12, perspective="access", target=Comment.Target.PERSPECTIVE)
    Comment.objects.filter(pk__in=[c.pk for c in comments[:7]]).update(
        disposition="accepted", reason_fi="Otetaan huomioon.", reason_sv="Beaktas."
    )
    Comment.objects.filter(pk=comments[7].pk).update(status=Comment.Status.HIDDEN)

    with CaptureQueriesContext(connection) as queries:
        summary = selectors.round_summary(round, with_responses=False)

    assert summary.total == 11 and summary.hidden == 1
    assert summary.unanswered == 4 == selectors.unanswered_count(round)
    assert dict(summary.by_disposition)[str(Disposition.ACCEPTED.label)] == 7
    assert dict(summary.by_perspective)[str(Perspective.ACCESS.label)] == 11
    grouped = next(q["sql"] for q in queries if "GROUP BY" in q["sql"])
    group_by = grouped.split("GROUP BY")[1].split("ORDER BY")[0]
    assert "created_at" not in group_by and '"id"' not in group_by  # by kind, not by row
    answered = Comment.objects.get(pk=comments[0].pk)
    assert (answered.reason_fi, answered.reason_sv) == ("Otetaan huomioon.", "Beaktas.")
