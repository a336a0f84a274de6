"""Issue 25, item 6: the reason given with a disposition is written in the region's
languages (one at least), single and in bulk, and each page, PDF and mail shows its own
language, a fallback marked with its language."""

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from participation import services
from participation.models import Comment
from participation.registrations import round_summary_section

from .factories import make_comments, make_round

pytestmark = pytest.mark.django_db


def analysis_url(project, round, language="sv"):
    with translation.override(language):
        return reverse(
            "participation:analysis",
            kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
        )


def test_a_reason_in_swedish_only_is_saved_from_sv(login, preparer, project):
    round = make_round(project)
    comments = make_comments(round, 3)
    client = login(preparer)
    ids = [c.pk for c in comments[:2]]
    response = client.post(
        analysis_url(project, round),
        {"selected": ids, "disposition": "accepted", "reason_sv": "Tas med i löftet."},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    for comment in Comment.objects.filter(pk__in=ids):
        assert (comment.reason_sv, comment.reason_fi, comment.reason_en) == (
            "Tas med i löftet.",
            "",
            "",
        )
    # No reason in any language: refused in Swedish, nothing written.
    response = client.post(
        analysis_url(project, round), {"selected": [comments[2].pk], "disposition": "noted"}
    )
    assert response.status_code == 400
    assert "på minst ett av dessa språk" in response.content.decode()
    assert Comment.objects.get(pk=comments[2].pk).disposition == ""


def test_a_new_answer_replaces_the_reason_in_every_language(project, preparer):
    round = make_round(project)
    comment = make_comments(round, 1)[0]
    services.dispositions_set(
        round=round,
        comment_ids=[comment.pk],
        disposition="accepted",
        reason={"fi": "Hyväksytään.", "sv": "Godkänns."},
        by=preparer,
    )
    services.dispositions_set(
        round=round,
        comment_ids=[comment.pk],
        disposition="noted",
        reason={"fi": "Kiitos."},
        by=preparer,
    )
    comment.refresh_from_db()
    assert (comment.reason_fi, comment.reason_sv) == ("Kiitos.", "")


def answered_round(project, preparer):
    round = make_round(project, open=False)
    both, finnish_only = make_comments(round, 2, email="", answer_by_email=False)
    services.dispositions_set(
        round=round,
        comment_ids=[both.pk],
        disposition="accepted",
        reason={"fi": "Lisätään lupaukseen.", "sv": "Läggs till i löftet."},
        by=preparer,
    )
    services.dispositions_set(
        round=round,
        comment_ids=[finnish_only.pk],
        disposition="noted",
        reason={"fi": "Kiitos palautteesta."},
        by=preparer,
    )
    return round, both, finnish_only


@pytest.mark.parametrize("template", ["round_summary.html", "round_summary_pdf.html"])
def test_public_page_and_pdf_show_their_own_language_with_the_fallback_marked(
    project, preparer, template
):
    answered_round(project, preparer)
    pages = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            context = round_summary_section(project, language=language, public=True)
            pages[language] = render_to_string(f"participation/sections/{template}", context)
    assert "Läggs till i löftet." in pages["sv"] and "Lisätään lupaukseen." not in pages["sv"]
    assert "Lisätään lupaukseen." in pages["fi"] and "Läggs till i löftet." not in pages["fi"]
    # Not yet in Swedish: shown in Finnish on the Swedish page, marked "in Finnish" in Swedish.
    assert '<span lang="fi" class="lang-fallback">Kiitos palautteesta.</span>' in pages["sv"]
    assert "(på finska)" in pages["sv"]
    assert 'class="lang-fallback">Kiitos' not in pages["fi"]


def test_open_data_keeps_one_text_per_reason(project, preparer):
    answered_round(project, preparer)
    context = round_summary_section(project, language="sv", public=True)
    reasons = {r["reason"] for r in context["json"]["rounds"][0]["responses"]}
    assert reasons == {"Lisätään lupaukseen.", "Kiitos palautteesta."}


def test_the_mail_gives_the_reason_in_the_commenters_language(
    project, preparer, django_capture_on_commit_callbacks
):
    round = make_round(project, open=False)
    swede, other = make_comments(
        round, 2, language="sv", answer_by_email=True, email="svar@example.invalid"
    )
    services.dispositions_set(
        round=round,
        comment_ids=[swede.pk],
        disposition="accepted",
        reason={"fi": "Lisätään lupaukseen.", "sv": "Läggs till i löftet."},
        by=preparer,
    )
    services.dispositions_set(
        round=round,
        comment_ids=[other.pk],
        disposition="noted",
        reason={"fi": "Kiitos palautteesta."},
        by=preparer,
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_answers(round=round) == 2
    bodies = [m.body for m in mail.outbox]
    assert len(bodies) == 2
    assert any("Läggs till i löftet." in b and "Lisätään" not in b for b in bodies)
    assert any("Kiitos palautteesta. (på finska)" in b for b in bodies)
