"""Residents, no login: comment during the round on its public page, and open the published
promise in Swedish and send feedback. On the demo data (`seed_demo`)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    from phases.demo import seed_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    return seed_demo()


def test_residents_comment_on_the_round_and_send_feedback_in_swedish(ui, demo):
    from participation.models import Comment, CommentRound, Feedback

    page = ui.page
    round_ = CommentRound.objects.filter(project=demo["current"]).order_by("-pk").first()
    assert round_ is not None, "the demo has no comment round"
    comments_before = Comment.objects.filter(round=round_).count()

    # The round's public page, in Finnish: the form sent empty shows its errors.
    ui.goto(f"/fi/round/{round_.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    ui.check("round")
    comment = page.get_by_role("textbox", name=re.compile("^" + re.escape(tr("Your comment"))))
    comment.fill("")
    page.locator("main form").last.get_by_role("button").last.click()
    expect(page.locator("#error-summary")).to_be_visible()
    ui.check("round-invalid")
    assert Comment.objects.filter(round=round_).count() == comments_before

    text = "Toivon, että terveysasemalle pääsee jatkossa myös iltaisin."
    comment = page.get_by_role("textbox", name=re.compile("^" + re.escape(tr("Your comment"))))
    comment.fill(text)
    whole = page.get_by_label(tr("The whole promise"), exact=True)
    if whole.count():
        whole.check()
    page.locator("main form").last.get_by_role("button").last.click()
    expect(page.locator(".messages")).to_contain_text(
        re.compile(re.escape(tr("Thank you for your comment.")).rstrip(r"\.") or "Thank")
    )
    ui.check("round-commented")
    stored = Comment.objects.get(round=round_, text=text)
    assert stored.language == "fi"
    if stored.status == Comment.Status.PUBLISHED:
        expect(page.get_by_text(text)).to_be_visible()

    # The published promise in Swedish, and feedback on it.
    feedback_before = Feedback.objects.count()
    ui.goto("/sv/p/esimerkki/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo["finished"].title_sv)
    ui.check("promise-sv")
    section = page.locator("section").filter(
        has=page.get_by_role("heading", name=tr("Give feedback on the promise", "sv"))
    )
    expect(section).to_be_visible()
    section.get_by_role("button", name=tr("Send feedback", "sv")).click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#error-summary")).to_be_visible()
    ui.check("feedback-sv-invalid")
    assert Feedback.objects.count() == feedback_before
    page.get_by_role("textbox", name=re.compile("^" + re.escape(tr("Your feedback", "sv")))).fill(
        "Det vore bra att få svar på svenska också i telefontjänsten."
    )
    page.get_by_role("button", name=tr("Send feedback", "sv")).click()
    expect(page).to_have_url(re.compile(r"/sv/feedback/esimerkki/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    ui.check("feedback-sv-thanks")
    feedback = Feedback.objects.get(text__startswith="Det vore bra att få svar")
    assert feedback.language == "sv"
    assert feedback.project == demo["finished"]
