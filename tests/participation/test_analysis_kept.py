"""The analysis page's filters, theme links and rows are drawn once per content version,
round counters, query and permission (`phases.registry.kept`): a warm page does not read
the responses again, and every write shows on the next render (a disposition, a changed
perspective, a hidden response, the themes of a text analysis and their names)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from participation import services
from participation.models import Comment
from participation.text import services as text_services

from .factories import make_comments, make_round

pytestmark = pytest.mark.django_db


def analysis(project, round, **query) -> str:
    with translation.override("en"):
        url = reverse(
            "participation:analysis",
            kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
        )
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def row_of(html: str, comment) -> str:
    start = html.index(f'value="{comment.pk}" id="sel-{comment.pk}"')
    return html[start : html.index("</tr>", start)]


def test_a_warm_page_reads_no_responses_and_shows_a_disposition_on_the_next_render(
    login, project, preparer
):
    round_ = make_round(project)
    comments = make_comments(round_, 6)
    client = login(preparer)
    url = analysis(project, round_)
    page(client, url)
    with CaptureQueriesContext(connection) as ctx:
        html = page(client, url)
    assert not any('FROM "participation_comment"' in q["sql"] for q in ctx.captured_queries)
    assert "No disposition yet" in row_of(html, comments[0])

    response = client.post(
        url, {"selected": [comments[0].pk], "disposition": "partly", "reason_fi": "Osittain"}
    )
    assert response.status_code == 302
    html = page(client, url)
    assert "No disposition yet" not in row_of(html, comments[0])
    assert "Osittain" in row_of(html, comments[0])


def test_a_changed_perspective_and_a_hidden_response_show_on_the_next_render(
    login, project, preparer
):
    round_ = make_round(project)
    comments = make_comments(round_, 6)
    client = login(preparer)
    url = analysis(project, round_)
    page(client, url)
    first = comments[0]
    text_services.perspective_set(comment=first, perspective="", by=preparer)
    assert "No perspective" in row_of(page(client, url), first)

    hidden = comments[1]
    services.comment_moderate(comment=hidden, action="hide", by=preparer, reason="Asiaton")
    assert f'id="sel-{hidden.pk}"' not in page(client, url)
    assert Comment.objects.get(pk=hidden.pk).status == Comment.Status.HIDDEN


def test_the_themes_of_an_analysis_and_a_themes_new_name_show_on_the_next_render(
    login, project, preparer
):
    round_ = make_round(project)
    make_comments(round_, 40)
    client = login(preparer)
    url = analysis(project, round_)
    assert 'class="theme-links"' not in page(client, url)
    text_services.analyse_round(round=round_, by=preparer)
    html = page(client, url)
    assert 'class="theme-links"' in html
    theme = round_.themes.order_by("number").first()
    text_services.theme_named(theme=theme, names={"en": "Waiting times"}, accept=True, by=preparer)
    assert f"{theme.number}. Waiting times</a>" in page(client, url)


def test_each_user_gets_the_rows_of_their_own_permission_and_filters_their_own_query(
    login, project, preparer, users
):
    round_ = make_round(project)
    make_comments(round_, 6)
    editor = login(preparer)
    viewer = Client()
    viewer.force_login(users["viewer"])
    url = analysis(project, round_)
    assert 'name="selected"' in page(editor, url)
    assert 'name="selected"' not in page(viewer, url)
    assert 'name="selected"' in page(editor, url)
    searched = page(viewer, analysis(project, round_, q="jonot"))
    assert 'value="jonot"' in searched  # the typed search words shown back
    assert 'value="jonot"' not in page(viewer, url)
