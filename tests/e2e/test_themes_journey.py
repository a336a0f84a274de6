"""A working-group member reads the demo round's themes, accepts a suggested perspective
and answers a group of near-duplicates at once, in Finnish, then looks at the themes in
Swedish; axe checks every page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, settings, tmp_path):
    from tests.demo_snapshot import seeded_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    return seeded_demo()


def test_working_group_member_reads_themes_and_answers_a_campaign(ui, demo):
    from participation.models import Comment, CommentInsight, CommentRound
    from phases.demo import DEMO_PASSWORD

    page = ui.page
    project = demo["current"]
    round = CommentRound.objects.get(project=project)
    kwargs = {"region": project.region.slug, "project": project.pk, "round": round.pk}
    with translation.override("fi"):
        analysis = reverse("participation:analysis", kwargs=kwargs)
        themes = reverse("participation:themes", kwargs=kwargs)
    with translation.override("sv"):
        themes_sv = reverse("participation:themes", kwargs=kwargs)

    ui.login("tyoryhma", DEMO_PASSWORD, check=False)
    ui.goto(analysis, "analysis")
    page.get_by_role("button", name=tr("Recompute the themes")).first.click()
    ui.heading(tr("Themes of the responses"))
    # a theme about home care, its name in any form ("Kotihoidon …", "… ja kotihoito")
    expect(
        page.get_by_role("heading", level=3, name=re.compile(r"kotihoi", re.IGNORECASE))
    ).to_be_visible()
    ui.check("themes")

    # A suggested perspective: shown, accepted by a person, only then stored.
    first_page = list(
        Comment.objects.filter(round=round)
        .exclude(status="hidden")
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)[:50]
    )
    insight = (
        CommentInsight.objects.filter(comment__in=first_page, comment__perspective="")
        .exclude(suggested_perspective="")
        .select_related("comment")
        .order_by("-confidence")
        .first()
    )
    ui.goto(analysis)
    row = page.locator("tr").filter(has=page.locator(f"#p-{insight.comment_id}"))
    expect(row).to_contain_text(tr("Suggested"))
    assert Comment.objects.get(pk=insight.comment_id).perspective == ""
    row.get_by_role("button", name=tr("Save the perspective")).click()
    expect(page.locator(".messages, [role=status], main").first).to_contain_text(
        tr("The perspective of response %(number)d was saved.") % {"number": insight.comment_id}
    )
    assert Comment.objects.get(pk=insight.comment_id).perspective == insight.suggested_perspective

    # The campaign: one answer for the whole group, refused first without a reason.
    ui.goto(themes)
    leader = CommentInsight.objects.filter(round=round, duplicates=6).first().duplicate_of_id
    page.locator(f'input[name=group][value="dup:{leader}"]').check()
    page.get_by_role("button", name=tr("Save the disposition")).click()
    expect(page.locator("#error-summary")).to_be_visible()
    ui.check("answer-invalid")
    expect(page.locator(f'input[name=group][value="dup:{leader}"]')).to_be_checked()
    page.locator("#id_reason_fi").fill("Rantakylän terveysasema säilyy.")
    page.get_by_role("button", name=tr("Save the disposition")).click()
    expect(page.locator("main")).to_contain_text(
        tr("The disposition was saved for %(count)d items.") % {"count": 6}
    )
    assert (
        Comment.objects.filter(round=round, reason_fi="Rantakylän terveysasema säilyy.").count()
        == 6
    )

    ui.goto(themes_sv, "themes-sv")
    ui.heading(tr("Themes of the responses", "sv"))
    expect(page.locator('main h3 span[lang="sv"]').first).to_be_visible()
    ui.heading(tr("Near-duplicates", "sv"), level=2)
