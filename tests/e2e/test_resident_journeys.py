"""Residents, no login: comment during the round on its public page, and open the published
promise in Swedish and send feedback. On the demo data (`seed_demo`)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from phases.perspectives import Perspective
from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    from tests.demo_snapshot import seeded_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    return seeded_demo()


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

    # Completed with the keyboard alone: Tab to the checked "what do you comment on"
    # radio, ArrowDown to "a perspective", Tab to the perspective list and ArrowDown to
    # its first perspective, Tab to the comment and the name, type, Enter submits.
    text = "Toivon, että terveysasemalle pääsee jatkossa myös iltaisin."
    form = page.locator("main form").filter(has=page.locator("textarea[name=text]"))
    ui.tab_to(form.locator("input[name=target]:checked"))
    ui.press("ArrowDown")
    expect(form.locator("input[name=target][value=perspective]")).to_be_checked()
    ui.tab_to(form.locator("select[name=perspective]"))
    ui.press("ArrowDown")
    first_perspective = Perspective.values[0]
    expect(form.locator("select[name=perspective]")).to_have_value(first_perspective)
    ui.tab_to(form.locator("textarea[name=text]"))
    page.keyboard.type(text)
    ui.tab_to(form.locator("input[name=name]"))
    page.keyboard.type("Maija")
    ui.press("Enter")
    expect(page.locator(".messages")).to_contain_text(
        re.compile(re.escape(tr("Thank you for your comment.")).rstrip(r"\.") or "Thank")
    )
    ui.check("round-commented")
    stored = Comment.objects.get(round=round_, text=text)
    assert (stored.language, stored.target, stored.perspective, stored.name) == (
        "fi",
        Comment.Target.PERSPECTIVE,
        first_perspective,
        "Maija",
    )
    if stored.status == Comment.Status.PUBLISHED:
        expect(page.get_by_text(text)).to_be_visible()

    # The published promise in Swedish, and feedback on it.
    feedback_before = Feedback.objects.count()
    ui.goto("/sv/p/esimerkki/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo["finished"].title_sv)
    ui.check("promise-sv")
    # The wheel by keyboard: its first sector (the first perspective) names its goals and
    # shows them under the wheel; Enter leads to that perspective's row of the table.
    first = page.locator("a.wheel__sector").first
    ui.tab_to(first)
    name = first.get_attribute("aria-label")
    assert name and ": " in name  # "Tillgång. Invånarens perspektiv: <goal>. …"
    goal = page.locator("[data-wheel-goal]").first
    expect(goal).to_be_visible()
    expect(goal).to_have_text(name)
    ui.check("promise-sv-wheel-focus")
    ui.press("Enter")
    expect(page).to_have_url(re.compile(rf"#segment-1-{Perspective.values[0]}$"))
    section = page.locator("section").filter(
        has=page.get_by_role("heading", name=tr("Give feedback on the promise", "sv"))
    )
    expect(section).to_be_visible()
    section.get_by_role("button", name=tr("Send feedback", "sv")).click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.locator("#error-summary")).to_be_visible()
    ui.check("feedback-sv-invalid")
    assert Feedback.objects.count() == feedback_before
    # Completed with the keyboard alone: Tab to the perspective list, ArrowDown to the
    # first perspective, Tab to the feedback, type, Tab to the button, Space sends.
    form = page.locator("main form").filter(has=page.locator("textarea[name=text]"))
    ui.tab_to(form.locator("select[name=perspective]"))
    ui.press("ArrowDown")
    expect(form.locator("select[name=perspective]")).to_have_value(Perspective.values[0])
    ui.tab_to(form.locator("textarea[name=text]"))
    page.keyboard.type("Det vore bra att få svar på svenska också i telefontjänsten.")
    ui.tab_to(form.get_by_role("button", name=tr("Send feedback", "sv")))
    ui.press("Space")
    expect(page).to_have_url(re.compile(r"/sv/feedback/esimerkki/thanks/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    ui.check("feedback-sv-thanks")
    feedback = Feedback.objects.get(text__startswith="Det vore bra att få svar")
    assert (feedback.language, feedback.perspective) == ("sv", Perspective.values[0])
    assert feedback.project == demo["finished"]

    # On a phone (375 px wide) the page fits: nothing scrolls sideways.
    page.set_viewport_size({"width": 375, "height": 800})
    ui.goto("/sv/p/esimerkki/")
    ui.settled()
    widths = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], f"the page scrolls sideways at 375 px: {widths}"
    ui.check("promise-sv-375")
