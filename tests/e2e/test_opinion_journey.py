"""The opinion round (issue 29), in the browser with axe on every page: residents vote and
add a statement from /sv/ and from /fi/ (with the keyboard, no account); a preparer
moderates, reads the groups and turns statements into inputs that appear on the synthesis
page. On the demo data (`seed_demo`: an open round with 32 statements and 240 voters)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    from django.core.cache import cache

    from tests.demo_snapshot import seeded_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the rate limits of the public forms live in the cache
    yield seeded_demo()
    cache.clear()


def vote_and_add(ui, round_, language: str, own: str, *, in_place: bool) -> None:
    """Three votes and an own statement. `in_place`: htmx posts each vote and swaps the
    next statement into the card, with the focus on it; otherwise (htmx not loaded, as
    without JavaScript) each vote is a form post and a new page."""
    from participation.models import OpinionStatement, OpinionVote

    page = ui.page
    votes_before = OpinionVote.objects.filter(round=round_).count()
    ui.goto(f"/{language}/p/esimerkki/opinion/{round_.pk}/", f"vote-{language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    card = page.locator("#statement")
    heading = card.get_by_role("heading", level=2)

    def vote(action, number: int) -> None:
        shown = card.locator("blockquote").inner_text()
        if in_place:
            action()
            expect(heading).to_have_text(re.compile(rf"\b{number}\b"))
            # The screen reader's focus is on the next statement's card.
            expect(card).to_be_focused()
        else:
            ui.submit(action)
        expect(card.locator("blockquote")).not_to_have_text(shown)

    # Agree with the keyboard: Tab to the button, Enter.
    agree = card.get_by_role("button", name=tr("Agree", language), exact=True)
    ui.tab_to(agree)
    vote(lambda: ui.press("Enter"), 2)
    ui.check(f"voted-{language}")
    # Disagree and pass with the mouse.
    vote(lambda: card.get_by_role("button", name=tr("Disagree", language)).click(), 3)
    vote(lambda: card.get_by_role("button", name=tr("Pass / unsure", language)).click(), 4)
    assert OpinionVote.objects.filter(round=round_).count() == votes_before + 3
    expect(heading).to_have_text(re.compile(r"\b4\b"))  # statement 4 of 32
    if in_place:  # the page itself stayed: the card was swapped three times
        expect(page).to_have_url(re.compile(rf"/opinion/{round_.pk}/$"))

    # An own statement: sent empty first (the error summary), then a short one.
    box = page.get_by_role(
        "textbox", name=re.compile("^" + re.escape(tr("Your statement", language)))
    )
    box.fill("   ")
    send = page.locator("#own-statement form").get_by_role("button")
    ui.submit(lambda: send.click())
    expect(page.locator("#error-summary")).to_be_visible()
    ui.check(f"own-invalid-{language}")
    box = page.get_by_role(
        "textbox", name=re.compile("^" + re.escape(tr("Your statement", language)))
    )
    ui.tab_to(box)
    box.fill(own)
    ui.submit(lambda: page.locator("#own-statement form").get_by_role("button").click())
    ui.message(tr("Thank you. Your statement is shown after moderation.", language))
    ui.check(f"own-sent-{language}")
    saved = (
        OpinionStatement.objects.get(round=round_, text_fi=own)
        if language == "fi"
        else (OpinionStatement.objects.get(round=round_, text_sv=own))
    )
    assert saved.status == "pending" and saved.language == language
    # Not shown to others before moderation.
    assert own not in page.locator("#statement").inner_text()


def test_residents_vote_and_a_preparer_turns_the_results_into_inputs(ui, demo):
    from participation.models import Input, OpinionRound, OpinionStatement

    page = ui.page
    round_ = OpinionRound.objects.get(project=demo["current"])
    project = demo["current"]

    # The region's public page links to the open round.
    ui.goto("/sv/p/esimerkki/", "region-sv")
    ui.submit(lambda: page.locator(".participation-opinion a").first.click())
    expect(page).to_have_url(re.compile(rf"/sv/p/esimerkki/opinion/{round_.pk}/$"))

    sv_text = "Hälsostationen borde ha öppet på lördagar."
    fi_text = "Terveysasemalle pitäisi päästä myös lauantaisin."
    vote_and_add(ui, round_, "sv", sv_text, in_place=True)
    page.context.clear_cookies()  # another resident, whose browser runs no htmx
    page.route("**/htmx.min.js", lambda route: route.abort())
    vote_and_add(ui, round_, "fi", fi_text, in_place=False)
    page.unroute("**/htmx.min.js")

    # The public results in Swedish: the chart and its table.
    ui.goto(f"/sv/p/esimerkki/opinion/{round_.pk}/results/", "results-sv")
    expect(page.locator("svg[role=img] title")).to_have_count(1)
    expect(page.get_by_role("table").first).to_be_visible()

    # A preparer moderates: accepts the Swedish statement with a perspective.
    from phases.demo import DEMO_PASSWORD

    ui.login("valmistelija", DEMO_PASSWORD, check=False)
    base = f"/fi/r/esimerkki/projects/{project.pk}/participation/opinion/{round_.pk}/"
    ui.goto(base + "moderation/?status=pending", "moderation")
    card = page.locator("li.card").filter(has_text=sv_text)
    card.locator("input[name=perspectives]").first.check()
    ui.submit(lambda: card.get_by_role("button", name=tr("Accept")).click())
    ui.message(tr("The statement was moderated."))
    accepted = OpinionStatement.objects.get(round=round_, text_sv=sv_text)
    assert accepted.status == "accepted" and accepted.perspectives

    # Reads the groups and turns two statements into inputs.
    ui.goto(base + "results/", "staff-results")
    ui.heading(tr("Results of the opinion round"))
    expect(page.get_by_role("heading", name=re.compile(tr("Opinion groups")))).to_be_visible()
    boxes = page.locator("input[name=statements]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    ui.submit(lambda: page.locator("#inputs-form").get_by_role("button").click())
    ui.message(tr("%(count)d statements became inputs of the synthesis.", count=2))
    ui.check("inputs-made")
    made = list(Input.objects.filter(project=project, activity__method="opinion_round"))
    assert len(made) == 2
    first_words = made[0].text.split("\n")[0][:30]

    # They appear on the synthesis page.
    ui.goto(f"/fi/r/esimerkki/projects/{project.pk}/participation/synthesis/", "synthesis")
    expect(page.locator("main")).to_contain_text(first_words)
