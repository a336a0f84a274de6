"""Public means published: a canary in every state that is not public, and a walk of every
public URL in fi, sv and en that finds none of them.

The canaries (each a unique word, so a failure names the state that leaked):
- comments waiting for moderation, with a disposition and a reasoned response (the bug of
  issue 24: public responses excluded only hidden ones), in the closed round of the
  approved project and in the open round of the current one, chosen as their theme's
  representative responses;
- hidden comments (text, reason for hiding, response);
- the names of commenters who did not choose to show them; every e-mail address
  (commenters', requested bodies', staff's);
- a newer draft of the approved promise (the live promise, its commitments and decision
  package edited after approval, new working and final versions), an unapproved version of
  the current project, an approving decision whose documents are not stored and a returned
  decision;
- staff notes and internal fields: task notes, checklist and finalisation notes, plan and
  activity notes, inputs, syntheses, feedback and its handling note, measurement notes.

The public URLs are derived from the URL resolver: every pattern the permission matrix
classifies PUBLIC (tests/security/test_permission_matrix.py, which fails on an unclassified
one), each kwarg filled with every real value of the demo region; a kwarg this walk cannot
fill fails the test. Also walked: the exports marked for publication (`?public=1`), the
decision document's print HTML as `decision_documents_render` renders it, and the e-mails
to residents (`send_answers`).
"""

from __future__ import annotations

import copy
import io
import itertools
from datetime import timedelta

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache, caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from indicators.models import Measurement
from participation import services as participation_services
from participation.models import (
    Activity,
    Comment,
    CommentInsight,
    CommentRound,
    Disposition,
    Feedback,
    Input,
    OpinionRound,
    OpinionStatement,
    PlanItem,
    RequestedBody,
    Synthesis,
    Theme,
)
from phases.models import ChecklistAnswer, CouncilDecision, ProjectTask, Region
from promises.decision import selectors as decision_selectors
from promises.decision.pdf import render_decision_html
from promises.models import (
    Commitment,
    DecisionDocument,
    DecisionPackage,
    FinalisationAnswer,
    FollowUpReport,
    Promise,
    PromiseVersion,
    StrategyGoal,
)
from promises.models.decision import DecisionApproval
from tests.pdf_text import as_approved
from tests.security.test_permission_matrix import kind_of, walk

LANGUAGES = ("fi", "sv", "en")
PREFIX = "Kanaria"


def canary(name: str) -> str:
    """A word no page has by chance; letters and digits only, so no escaping changes it."""
    return f"{PREFIX}{name.replace('-', '')}Q7"


# Shown in public on purpose: the walk must find these, or it proves nothing.
PUBLISHED_TEXT = "JulkaistuKommenttiM4"
PUBLISHED_REASON = "JulkaistuPerusteluM4"

# Public URLs not walked, each with its reason.
NOT_WALKED = {
    "phases:calendar_feed": (
        "a person's own calendar at a secret address: the token stands for signing in, and "
        "the feed shows that person's staff work; covered by tests/phases/test_timeline.py"
    ),
}
# More than one address of a URL: the query strings that choose another view of it.
QUERIES = {
    "public:promise": ["", "?view=organiser", "?view=resident"],
    "public:decision": ["", "?view=organiser", "?view=resident"],
    "indicators:national": ["", "?q=a", "?perspective=access"],
    "participation:public_round": ["", "?page=2"],
}


# -- planting ---------------------------------------------------------------------------


def _translated(field: str, value: str) -> dict:
    return {f"{field}_{lang}": f"{value}{lang}" for lang in LANGUAGES} | {field: value}


def _comment(round, key: str, **fields) -> Comment:
    fields.setdefault("text", canary(f"{key}-text"))
    fields.setdefault("language", "fi")
    return Comment.objects.create(round=round, **fields)


def _representative(comment: Comment) -> None:
    """Make the comment its theme's most representative response (as if analysed)."""
    theme = Theme.objects.filter(round=comment.round).order_by("number").first()
    if theme is None:
        return
    CommentInsight.objects.update_or_create(
        comment=comment,
        defaults={"round": comment.round, "theme": theme, "representative": True, "rank": 0},
    )


def _plant_comments(round: CommentRound, where: str) -> None:
    pending = _comment(
        round,
        f"{where}-pending",
        status=Comment.Status.PENDING,
        disposition=Disposition.ACCEPTED,
        reason_fi=canary(f"{where}-pending-reason"),
        reason_sv=canary(f"{where}-pending-reason"),
        name=canary(f"{where}-pending-name"),
        show_name=True,
        email=f"{canary(where + '-pending-email')}@example.org",
        answer_by_email=True,
    )
    hidden = _comment(
        round,
        f"{where}-hidden",
        status=Comment.Status.HIDDEN,
        hidden_reason=canary(f"{where}-hidden-why"),
        disposition=Disposition.NOTED,
        reason_fi=canary(f"{where}-hidden-reason"),
        reason_sv=canary(f"{where}-hidden-reason"),
        name=canary(f"{where}-hidden-name"),
        show_name=True,
        email=f"{canary(where + '-hidden-email')}@example.org",
        answer_by_email=True,
    )
    _comment(
        round,
        f"{where}-published",
        text=f"{PUBLISHED_TEXT} {where}",
        status=Comment.Status.PUBLISHED,
        disposition=Disposition.PARTLY,
        reason_fi=PUBLISHED_REASON,
        reason_sv=PUBLISHED_REASON,
        name=canary(f"{where}-unshown-name"),
        show_name=False,
        email=f"{canary(where + '-published-email')}@example.org",
        answer_by_email=True,
    )
    for comment in (pending, hidden):
        _representative(comment)


def _plant_newer_drafts(project) -> None:
    """After the approval: the live promise, its commitments, goals and package edited, and
    newer versions saved (working, final): none of it is approved."""
    for promise in Promise.objects.filter(project=project):
        for field in ("title", "vision", "slogan", "outcomes"):
            Promise.objects.filter(pk=promise.pk).update(
                **_translated(field, canary(f"draft-{field}"))
            )
        latest = PromiseVersion.objects.filter(promise=promise).order_by("-number").first()
        number = latest.number if latest else 0
        for kind in (PromiseVersion.Kind.WORKING, PromiseVersion.Kind.FINAL):
            number += 1
            snapshot = copy.deepcopy(latest.snapshot) if latest else {}
            snapshot["title"] = {lang: canary(f"newer-{kind}") for lang in LANGUAGES}
            snapshot["vision"] = {lang: canary(f"newer-{kind}-vision") for lang in LANGUAGES}
            PromiseVersion.objects.create(
                promise=promise, number=number, kind=kind, snapshot=snapshot
            )
    # A newer version linked to the published approval by mistake (a restore, a hand
    # edit): an approval shows only its approved versions.
    published = decision_selectors.published_decisions(project.region).first()
    published.approval.versions.add(
        PromiseVersion.objects.filter(
            promise__project=project, kind=PromiseVersion.Kind.WORKING
        ).latest("pk")
    )
    Commitment.objects.filter(promise__project=project).update(
        **_translated("title", canary("draft-commitment")),
        **_translated("description", canary("draft-commitment-description")),
    )
    StrategyGoal.objects.filter(region=project.region).update(
        **_translated("title", canary("draft-goal")),
        **_translated("description", canary("draft-goal-description")),
    )
    DecisionPackage.objects.filter(project=project).update(
        **{
            f"{field}_{lang}": canary(f"draft-package-{field}")
            for field in ("implementation", "follow_up", "communication")
            for lang in LANGUAGES
        }
    )


def _plant_unapproved(project, users) -> None:
    """The current project: an unapproved version, an approving decision whose documents
    were never stored (the approval counts for nothing until they are) and a returned one."""
    promise = Promise.objects.filter(project=project).order_by("order", "pk").first()
    latest = PromiseVersion.objects.filter(promise=promise).order_by("-number").first()
    snapshot = copy.deepcopy(latest.snapshot)
    snapshot["title"] = {lang: canary("unapproved-version") for lang in LANGUAGES}
    PromiseVersion.objects.create(
        promise=promise,
        number=latest.number + 1,
        kind=PromiseVersion.Kind.REVISED,
        snapshot=snapshot,
    )
    approved = copy.deepcopy(latest.snapshot)
    approved["title"] = {lang: canary("approved-without-document") for lang in LANGUAGES}
    version = PromiseVersion.objects.create(
        promise=promise,
        number=latest.number + 2,
        kind=PromiseVersion.Kind.APPROVED,
        snapshot=approved,
    )
    decision = CouncilDecision.objects.create(
        project=project,
        body=canary("undocumented-body"),
        meeting_date=project.created_at.date(),
        section=canary("undocumented-section"),
        outcome=CouncilDecision.Outcome.APPROVED,
        text=canary("undocumented-decision"),
    )
    approval = DecisionApproval.objects.create(
        decision=decision,
        package={"implementation": {lang: canary("undocumented-package") for lang in LANGUAGES}},
        languages=["fi"],
    )
    approval.versions.add(version)
    CouncilDecision.objects.create(
        project=project,
        body=canary("returned-body"),
        meeting_date=project.created_at.date(),
        section="1",
        outcome=CouncilDecision.Outcome.RETURNED,
        text=canary("returned-decision"),
    )


def _plant_unpublished_follow_up(project) -> None:
    """A follow-up report still in preparation (2024) beside the demo's published one."""
    decision = CouncilDecision.objects.filter(project=project, documents__isnull=False).first()
    FollowUpReport.objects.create(
        decision=decision,
        year=2024,
        **_translated("summary", canary("follow-up-draft-summary")),
        **_translated("next_actions", canary("follow-up-draft-next")),
    )


def _plant_internal(projects, users) -> None:
    ProjectTask.objects.filter(project__in=projects).update(
        notes=canary("task-notes"), not_applicable_reason=canary("task-not-applicable")
    )
    ChecklistAnswer.objects.filter(project__in=projects).update(note=canary("checklist-note"))
    FinalisationAnswer.objects.filter(promise__project__in=projects).update(
        note=canary("finalisation-note")
    )
    PlanItem.objects.filter(project__in=projects).update(notes=canary("plan-notes"))
    Activity.objects.filter(project__in=projects).update(notes=canary("activity-notes"))
    Input.objects.filter(project__in=projects).update(text=canary("input-text"))
    Synthesis.objects.filter(project__in=projects).update(text=canary("synthesis-text"))
    for project in projects:
        Feedback.objects.create(
            project=project,
            text=canary("feedback-text"),
            language="fi",
            handled_note=canary("feedback-note"),
        )
    Measurement.objects.filter(indicator__project__in=projects).update(
        note=canary("measurement-note")
    )
    RequestedBody.objects.filter(request__round__project__in=projects).update(
        contact=canary("body-contact")
    )
    for body in RequestedBody.objects.filter(request__round__project__in=projects):
        RequestedBody.objects.filter(pk=body.pk).update(
            email=f"{canary('body-email')}{body.pk}@example.org"
        )
    for user in get_user_model().objects.all():
        get_user_model().objects.filter(pk=user.pk).update(
            email=f"{canary('staff-email')}{user.pk}@example.org"
        )


def _plant_opinion(project) -> None:
    """Residents' statements waiting for moderation or rejected, and a round not yet open
    (its question is not public before it opens)."""
    for round in OpinionRound.objects.filter(project=project):
        # The demo's own statements waiting for moderation become canaries too.
        OpinionStatement.objects.filter(round=round).exclude(
            status=OpinionStatement.Status.ACCEPTED
        ).update(**{f"text_{lang}": canary("opinion-demo-pending") for lang in LANGUAGES})
        for status in (OpinionStatement.Status.PENDING, OpinionStatement.Status.REJECTED):
            OpinionStatement.objects.create(
                round=round,
                language="fi",
                author=OpinionStatement.Author.RESIDENT,
                status=status,
                participant="f" * 32,
                **{f"text_{lang}": canary(f"opinion-{status}") for lang in LANGUAGES},
            )
    now = timezone.now()
    OpinionRound.objects.create(
        project=project,
        starts_at=now + timedelta(days=3),
        ends_at=now + timedelta(days=30),
        **_translated("question", canary("opinion-upcoming")),
    )


@pytest.fixture(scope="module")
def canaries(module_demo, django_db_blocker):
    """The canaries planted once for the module, inside its transaction (each test's own
    writes are rolled back, so every test sees them as planted)."""
    from phases.scoping import scopes_disabled

    finished, current = module_demo["finished"], module_demo["current"]
    with django_db_blocker.unblock(), scopes_disabled():
        for project, where in ((finished, "closed"), (current, "open")):
            for round in CommentRound.objects.filter(project=project):
                _plant_comments(round, where)
        _plant_newer_drafts(finished)
        _plant_unapproved(current, module_demo["users"])
        _plant_internal([finished, current], module_demo["users"])
        _plant_unpublished_follow_up(finished)
        _plant_opinion(current)
    return module_demo


@pytest.fixture
def planted(canaries, db, settings):
    settings.SOTKANET_BASE_URL = "http://127.0.0.1:9/rest/1.1"  # no network
    module_demo = canaries
    region = module_demo["region"]
    # Nothing rendered before the canaries were planted may answer for a page.
    cache.clear()
    caches["pages"].clear()
    yield module_demo | {"region": region}
    cache.clear()
    caches["pages"].clear()


def _leaks(text: str) -> list[str]:
    found, start = [], 0
    while (at := text.find(PREFIX, start)) != -1:
        end = text.find("Q7", at)
        found.append(text[at : end + 2] if end != -1 else text[at : at + 60])
        start = at + len(PREFIX)
    return sorted(set(found))


def _body(response) -> str:
    content_type = response.get("Content-Type", "")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(value)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return data.decode("utf-8", errors="replace")


# -- the public URLs, from the resolver ---------------------------------------------------


def _values(region: Region) -> dict[str, list]:
    rounds = list(
        CommentRound.objects.filter(project__region=region)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    decisions = list(
        CouncilDecision.objects.filter(project__region=region)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    documents = list(
        DecisionDocument.objects.filter(decision__project__region=region).values_list(
            "pk", flat=True
        )
    )
    tokens = list(
        RequestedBody.objects.filter(request__round__project__region=region).values_list(
            "token", flat=True
        )
    )
    follow_up_years = sorted(
        set(
            FollowUpReport.objects.filter(decision__project__region=region).values_list(
                "year", flat=True
            )
        )
    )
    opinions = list(
        OpinionRound.objects.filter(project__region=region)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return {
        "region": [region.slug],
        "year": follow_up_years,  # every report's year, also one not published (then 404)
        "opinion": opinions,  # every opinion round, also one not yet open (then 404)
        "fmt": ["csv", "xlsx"],
        "decision": decisions,  # every decision, also those not published (then 404)
        "document": documents,
        "round": rounds,
        "statement_token": tokens,
        "uidb64": ["MQ"],
        "token": ["set-password"],
        "provider": ["default"],
    }


# A kwarg whose meaning depends on the URL.
KWARG_FOR_URL = {
    "participation:statement": {"token": "statement_token"},
    "participation:statement_file": {"token": "statement_token"},
}


def public_entries():
    with translation.override("fi"):
        entries = walk()
    chosen = [e for e in entries if (k := kind_of(e)) is not None and k.name == "public"]
    return [e for e in chosen if e.key not in NOT_WALKED]


def public_urls(region: Region, *, skip_missing: bool = False) -> list[tuple[str, str]]:
    """[(key, url)] of every public URL pattern in every language, with every value. A
    region without rows for a pattern (another region than the canary walk's: no opinion
    round, say) fails the walk, unless `skip_missing` leaves that pattern out."""
    values = _values(region)
    urls: dict[str, str] = {}
    for entry in public_entries():
        aliases = KWARG_FOR_URL.get(entry.key, {})
        names = [aliases.get(name, name) for name in entry.kwarg_names]
        unknown = [name for name in names if name not in values]
        if unknown:
            pytest.fail(
                f"{entry.key}: the canary walk cannot fill {unknown} of {entry.route!r}: add "
                f"their real values to _values() in {__file__} (or the URL to NOT_WALKED, "
                "with the reason it is not public)."
            )
        empty = [name for name in names if not values[name]]
        if empty and skip_missing:
            continue
        if empty:
            pytest.fail(f"{entry.key}: the demo region has no {empty} for {entry.route!r}.")
        for combination in itertools.product(*(values[name] for name in names)):
            kwargs = dict(zip(entry.kwarg_names, combination, strict=True))
            for language in LANGUAGES:
                with translation.override(language):
                    if entry.namespace == "admin":
                        url = reverse(entry.key)
                    else:
                        url = reverse(entry.key, kwargs=kwargs)
                for query in QUERIES.get(entry.key, [""]):
                    urls.setdefault(url + query, entry.key)
    return [(key, url) for url, key in urls.items()]


def test_every_public_url_is_walked_and_shows_no_canary(planted):
    region = planted["region"]
    client = Client(raise_request_exception=False)
    leaks, errors, seen = [], [], []
    pages = public_urls(region)
    walked_keys = {key for key, _url in pages}
    assert walked_keys == {e.key for e in public_entries()}
    for key, url in pages:
        response = client.get(url)
        if response.status_code >= 500:
            errors.append(f"{url}: {response.status_code}")
            continue
        body = _body(response)
        seen.append(body)
        if key == "participation:public_round" and response.status_code == 200:
            # The comments' page as the page's "more" button loads it.
            more = client.get(url.split("?")[0] + "?page=1", HTTP_HX_REQUEST="true")
            body += _body(more)
        found = _leaks(body) + _leaks(str(dict(response.items())))
        if found:
            leaks.append(f"{url} ({response.status_code}): {found}")
    assert not errors, errors
    assert not leaks, "Non-public content on public pages:\n" + "\n".join(leaks)
    everything = "\n".join(seen)
    # The walk saw where a leak would show: the published comment and its response.
    assert PUBLISHED_TEXT in everything and PUBLISHED_REASON in everything


def test_the_public_promise_page_and_its_json_show_published_responses_only(planted):
    """The bug of issue 24, directly: a comment waiting for moderation with a disposition."""
    client = Client()
    slug = planted["region"].slug
    for language in LANGUAGES:
        with translation.override(language):
            page = client.get(reverse("public:promise", kwargs={"region": slug}))
            data = client.get(reverse("public:json", kwargs={"region": slug}))
        assert page.status_code == data.status_code == 200
        for body in (page.content.decode(), data.content.decode()):
            assert PUBLISHED_REASON in body
            assert canary("closed-pending-reason") not in body
            assert canary("closed-pending-text") not in body


def test_exports_for_publication_show_no_canary(planted):
    preparer = planted["users"]["preparer"]
    client = Client()
    client.force_login(preparer)
    leaks = []
    checked = 0
    for round in CommentRound.objects.filter(project__region=planted["region"]):
        kwargs = {
            "region": round.project.region.slug,
            "project": round.project_id,
            "round": round.pk,
        }
        urls = [
            reverse("participation:export", kwargs=kwargs | {"fmt": fmt}) + "?public=1"
            for fmt in ("csv", "xlsx")
        ]
        urls.append(reverse("participation:themes_export", kwargs=kwargs) + "?public=1")
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            body = _body(response)
            checked += PUBLISHED_TEXT in body
            if found := _leaks(body):
                leaks.append(f"{url}: {found}")
    assert not leaks, leaks
    assert checked >= 2  # the published comment is in the exports of both rounds


def test_the_decision_documents_print_html_shows_no_canary(planted):
    """The HTML WeasyPrint makes the published PDF of, as `decision_documents_render`
    renders it now (after the canaries were planted)."""
    region = planted["region"]
    decision = decision_selectors.published_decisions(region).first()
    for language in decision.approval.languages:
        html = render_decision_html(
            language=language, **as_approved(decision), preview=False, for_pdf=True
        )
        assert not _leaks(html), (language, _leaks(html))
        assert PUBLISHED_REASON in html  # the round summary is in it


def test_emails_to_residents_show_no_canary(planted, django_capture_on_commit_callbacks):
    rounds = CommentRound.objects.filter(project__region=planted["region"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for round in rounds:
            participation_services.send_answers(round=round)
    assert mail.outbox, "the published comment's answer was mailed"
    for message in mail.outbox:
        text = "\n".join([message.subject, message.body, *message.to])
        assert PUBLISHED_TEXT in message.body
        assert not _leaks(text.replace(message.to[0], "")), _leaks(text)
    # Nobody whose comment waits for moderation or is hidden was mailed its answer.
    addressees = {address for message in mail.outbox for address in message.to}
    assert not [a for a in addressees if "pending" in a.lower() or "hidden" in a.lower()]


def test_a_comment_waiting_for_moderation_gets_its_answer_once_published(
    project, users, django_capture_on_commit_callbacks
):
    """The answer mailed to a resident is a publication too: held back while the comment
    waits for moderation, sent when a moderator publishes it, never for a hidden one."""
    from tests.participation.factories import make_round

    round = make_round(project, premoderate=True)
    waiting, hidden = (
        participation_services.comment_submit(
            round=round,
            text=text,
            language="fi",
            email=f"{text.lower()}@example.invalid",
            answer_by_email=True,
        )
        for text in ("Odottaa", "Piilotettu")
    )
    assert waiting.status == hidden.status == Comment.Status.PENDING
    participation_services.round_close(round=round, by=users["preparer"])
    participation_services.dispositions_set(
        round=round,
        comment_ids=[waiting.pk, hidden.pk],
        disposition="accepted",
        reason="Lisättiin lupaukseen.",
        by=users["preparer"],
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        participation_services.round_mark_analysis_done(round=round, by=users["preparer"])
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        participation_services.comment_moderate(
            comment=hidden, action="hide", reason="Asiaton.", by=users["preparer"]
        )
        participation_services.comment_moderate(
            comment=waiting, action="publish", by=users["preparer"]
        )
    assert [m.to for m in mail.outbox] == [["odottaa@example.invalid"]]
    assert "Lisättiin lupaukseen." in mail.outbox[0].body


def test_a_public_url_the_walk_cannot_fill_fails(region, monkeypatch):
    from tests.security.test_permission_matrix import Entry

    mystery = Entry("public:mystery", "public", "mystery", ["mystery"], "p/<mystery>/")
    monkeypatch.setattr(
        __import__(__name__, fromlist=["public_entries"]), "public_entries", lambda: [mystery]
    )
    with pytest.raises(pytest.fail.Exception, match="cannot fill \\['mystery'\\]"):
        public_urls(region)
