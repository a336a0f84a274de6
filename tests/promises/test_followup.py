"""The yearly follow-up report of the promise in force: assembled from every app's part,
approved by the body the region names, frozen, stored as PDF/A in each language and
published beside the promise; residents see only published reports."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from indicators.models import Assessment, Measurement, Target
from participation.models import Feedback
from phases.models import Notification
from phases.registry import registry
from promises.followup import selectors, services
from promises.followup.forms import FollowUpReportForm
from promises.models import Commitment, FollowUpDocument, FollowUpReport
from tests.indicators.factories import IndicatorFactory
from tests.pdf_text import pdf_reader, pdf_text, stored_pdf

from . import approved_world as world

pytestmark = pytest.mark.django_db

# The approved project, built once for this module (tests/promises/approved_world.py).
approved_world, region, users, project, media_root, approved = world.FIXTURES

YEAR = 2025
SUMMARY = {"fi": "Lupaus piti hyvin vuonna 2025.", "sv": "Löftet höll väl år 2025."}
NEXT = {"fi": "Lisätään chat-palvelu.", "sv": "Vi lägger till en chattjänst."}


@pytest.fixture
def world(approved, users):
    """The approved promise with an indicator measuring its first commitment, a target,
    measurements (2024, 2025 and 2026: the report of 2025 stops at 2025), the commitment's
    assessment of 2025 and residents' feedback."""
    project, decision = approved
    commitment = Commitment.objects.filter(promise__project=project).order_by("pk").first()
    indicator = IndicatorFactory(
        project=project, name="Vastausaika", name_sv="Svarstid", sotkanet_id=None
    )
    indicator.commitments.set([commitment])
    Target.objects.create(indicator=indicator, year=YEAR, value=Decimal("80"))
    for year, value in [(2024, "70"), (YEAR, "82.5"), (2026, "50")]:
        Measurement.objects.create(indicator=indicator, year=year, value=Decimal(value))
    Assessment.objects.create(
        commitment=commitment, year=YEAR, text_fi="Vastattiin ajallaan.", text_sv="Svar i tid."
    )
    at = timezone.make_aware(datetime.datetime(YEAR, 5, 1, 12))
    Feedback.objects.create(
        project=project, perspective="access", text="Hyvä", language="fi", created_at=at
    )
    Feedback.objects.create(
        project=project,
        perspective="access",
        text="Bra",
        language="sv",
        created_at=at,
        handled_at=at,
    )
    Feedback.objects.create(project=project, text="Vanha", language="fi")  # not in 2025
    return project, decision, commitment, indicator


def started(decision, users, texts=True) -> FollowUpReport:
    report = services.report_start(
        decision=decision, year=YEAR, due_on=datetime.date(2026, 3, 31), by=users["preparer"]
    )
    if texts:
        report = services.report_save(
            report=report,
            texts={"summary": SUMMARY, "next_actions": NEXT},
            approving_body=FollowUpReport.Body.COUNCIL,
            due_on=report.due_on,
            lock_version=report.lock_version,
            by=users["preparer"],
        )
    return report


def approve(report, users):
    return services.report_approve(
        report=report,
        approved_on=datetime.date(2026, 2, 10),
        reference="§ 12",
        by=users["secretary"],
    )


def published(world, users) -> FollowUpReport:
    _project, decision, _c, _i = world
    report = approve(started(decision, users), users)
    return services.report_publish(report=report, by=users["secretary"])


def public_url(region, lang="fi", name="follow_up", year=YEAR):
    with translation.override(lang):
        return reverse(f"public:{name}", kwargs={"region": region.slug, "year": year})


# -- services and selectors ---------------------------------------------------------------


def test_the_report_assembles_every_part_of_the_year(world, users):
    project, decision, commitment, indicator = world
    data = selectors.build_report(started(decision, users))
    assert data["year"] == YEAR and data["texts"]["summary"] == {**SUMMARY, "en": ""}
    ind = data["parts"]["indicators.follow_up"]
    entry = next(c for c in ind["commitments"] if c["id"] == commitment.pk)
    assert entry["assessment"]["sv"] == "Svar i tid." and entry["indicators"] == [indicator.pk]
    series = ind["indicators"][0]
    # the year's series stops at its end: 2026 is not in the report of 2025
    assert [m["period"] for m in series["measurements"]] == ["2024", "2025"]
    assert series["status"] == "on_track" and series["target"] == "80.0000"
    feedback = data["parts"]["participation.follow_up"]["perspectives"]
    assert feedback == [{"perspective": "access", "received": 2, "handled": 1}]
    assert data["changes"]["decisions"] == []  # the decision was made in 2024


def test_a_report_covers_a_year_of_the_promise_once(world, users):
    _project, decision, _c, _i = world
    with translation.override("en"):
        with pytest.raises(services.FollowUpError) as exc:
            services.report_start(decision=decision, year=2023)
        assert "from 2024 to this year" in exc.value.messages[0]
        started(decision, users, texts=False)
        with pytest.raises(services.FollowUpError) as exc:
            services.report_start(decision=decision, year=YEAR)
        assert "exists already" in exc.value.messages[0]


def test_approval_needs_the_texts_in_every_language_of_the_region(world, users):
    _project, decision, _c, _i = world
    report = services.report_start(decision=decision, year=YEAR)
    report = services.report_save(
        report=report,
        texts={"summary": {"fi": "Vain suomeksi"}, "next_actions": {"fi": "Vain suomeksi"}},
        approving_body="board",
        due_on=None,
        lock_version=report.lock_version,
    )
    with translation.override("fi"), pytest.raises(services.FollowUpError) as exc:
        approve(report, users)
    assert "sv" in exc.value.messages[0]
    report.refresh_from_db()
    assert not report.is_approved and not report.documents.exists()


def test_approval_freezes_the_report_and_stores_a_tagged_pdf_per_language(world, users):
    _project, decision, _c, _i = world
    report = approve(started(decision, users), users)
    assert report.snapshot["approval"] == {
        "body": "council",
        "kind": "county",  # the body is named in the region's words (a city: kaupunginvaltuusto)
        "approved_on": "2026-02-10",
        "reference": "§ 12",
    }
    docs = {d.language: d for d in FollowUpDocument.objects.filter(report=report)}
    assert set(docs) == {"fi", "sv"}
    for language, phrase in [("fi", "Vastattiin ajallaan."), ("sv", "Svar i tid.")]:
        data = stored_pdf(docs[language])
        reader = pdf_reader(data)
        root = reader.trailer["/Root"]
        assert root["/Lang"] == language and "/StructTreeRoot" in root
        assert root["/MarkInfo"]["/Marked"]
        xmp = reader.xmp_metadata  # PDF/A: its identification in the XMP metadata
        assert xmp is not None and xmp.get_element("", "http://www.aiim.org/pdfa/ns/id/", "part")
        text = pdf_text(data)
        assert phrase in text and SUMMARY[language] in text and "2025" in reader.metadata.title


def test_a_failed_store_leaves_neither_file_nor_row(world, users, media_root, monkeypatch):
    """The row refused after the file was written: the file is removed with it (never a
    file without its row); rendering again stores the language whole."""
    from django.db import IntegrityError

    _project, decision, _c, _i = world

    def refused(self, *args, **kwargs):
        raise IntegrityError("refused")

    with monkeypatch.context() as patch:
        patch.setattr(FollowUpDocument, "save", refused)
        report = approve(started(decision, users), users)
    assert report.is_approved and not report.documents.exists()
    assert not list((media_root / "follow-up").rglob("*.pdf"))
    with pytest.raises(services.FollowUpError):
        services.report_publish(report=report, by=users["secretary"])
    assert services.documents_render(report=report) == []
    assert {d.language for d in report.documents.all()} == {"fi", "sv"}
    assert len(list((media_root / "follow-up").rglob("*.pdf"))) == 2


def test_the_frozen_report_does_not_change_when_data_changes_afterwards(world, users, client):
    project, decision, commitment, indicator = world
    report = published(world, users)
    before = client.get(public_url(project.region, "sv")).content.decode()
    frozen = json.dumps(report.snapshot, sort_keys=True)
    Measurement.objects.filter(indicator=indicator, year=YEAR).update(value=Decimal("1"))
    Assessment.objects.filter(commitment=commitment).update(text_sv="Ändrat efteråt.")
    Commitment.objects.filter(pk=commitment.pk).update(title_sv="Nytt namn")
    FollowUpReport.objects.filter(pk=report.pk).update(summary_sv="Ändrat efteråt.")
    report.refresh_from_db()
    assert json.dumps(report.snapshot, sort_keys=True) == frozen
    after = client.get(public_url(project.region, "sv")).content.decode()
    assert "Svar i tid." in after and "Ändrat efteråt." not in after and "82,5" in after
    assert before == after


def test_an_approved_report_is_not_edited_again(world, users):
    _project, decision, _c, _i = world
    report = approve(started(decision, users), users)
    with pytest.raises(services.FollowUpError):
        services.report_save(
            report=report,
            texts={"summary": {"fi": "x"}},
            approving_body="board",
            due_on=None,
            lock_version=report.lock_version,
        )
    with pytest.raises(services.FollowUpError):
        approve(report, users)


def test_only_an_approved_report_is_published(world, users):
    _project, decision, _c, _i = world
    report = started(decision, users)
    with pytest.raises(services.FollowUpError):
        services.report_publish(report=report)


def test_the_preparation_is_in_the_timeline_and_the_digests(world, users):
    project, decision, _c, _i = world
    report = started(decision, users)
    with translation.override("fi"):
        items = [i for i in registry.dated_items(project) if i.kind.startswith("follow_up")]
    assert [(i.date, i.kind, i.done) for i in items] == [
        (datetime.date(2026, 3, 31), "follow_up_due", False)
    ]
    assert "2025" in items[0].label
    approve(report, users)
    kinds = {i.kind for i in registry.dated_items(project) if i.kind.startswith("follow_up")}
    assert kinds == {"follow_up_due", "follow_up_approved"}
    events = set(
        Notification.objects.filter(kind=services.FOLLOW_UP).values_list("event", flat=True)
    )
    assert events == {"follow_up_started", "follow_up_approved"}
    kind = registry.notification_kind(services.FOLLOW_UP)
    with translation.override("sv"):
        assert "2025" in kind.events["follow_up_approved"]({"year": 2025})


# -- residents ----------------------------------------------------------------------------


def test_a_resident_sees_only_published_reports(
    world, users, client, django_capture_on_commit_callbacks
):
    project, decision, _c, _i = world
    region = project.region
    report = approve(started(decision, users), users)
    for name in ("follow_up", "follow_up_pdf", "follow_up_json"):
        assert client.get(public_url(region, name=name)).status_code == 404
    promise_page = client.get(reverse("public:promise", kwargs={"region": region.slug}))
    assert public_url(region) not in promise_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # renews the page's cached head
        services.report_publish(report=report, by=users["secretary"])
    page = client.get(public_url(region))
    assert page.status_code == 200 and "Vastattiin ajallaan." in page.content.decode()
    pdf = client.get(public_url(region, "sv", name="follow_up_pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    data = json.loads(client.get(public_url(region, name="follow_up_json")).content)
    assert data["follow_up_report"]["year"] == YEAR
    assert {d["language"] for d in data["follow_up_report"]["documents"]} == {"fi", "sv"}
    # linked from the public page of the promise
    promise_page = client.get(reverse("public:promise", kwargs={"region": region.slug}))
    assert public_url(region) in promise_page.content.decode()
    # another year, another region: nothing
    assert client.get(public_url(region, year=2024)).status_code == 404
    assert client.get(public_url(users["other_region"])).status_code == 404


def test_the_json_follows_the_published_schema(world, users, client):
    import jsonschema

    project, _decision, _c, _i = world
    published(world, users)
    schema = json.loads(open("docs/open-data.schema.json", encoding="utf-8").read())
    data = json.loads(client.get(public_url(project.region, name="follow_up_json")).content)
    jsonschema.validate(data, schema)
    assert data["follow_up_report"]["documents"][0]["url"].startswith("http")


# -- staff pages --------------------------------------------------------------------------


def staff_url(project, name, **kwargs):
    with translation.override("fi"):
        return reverse(
            f"promises:{name}",
            kwargs={"region": project.region.slug, "project": project.pk, **kwargs},
        )


@pytest.mark.parametrize(
    "kind, board, council",
    [
        ("county", "Aluehallitus", "Aluevaltuusto"),
        ("city", "Kaupunginhallitus", "Kaupunginvaltuusto"),
        ("joint_authority", "Yhtymähallitus", "Yhtymävaltuusto"),
    ],
)
def test_the_report_form_names_the_bodies_in_the_region_words(kind, board, council):
    """The form owns its choices: whoever builds it gets the region's words."""
    with translation.override("fi"):
        form = FollowUpReportForm(region_kind=kind, languages=["fi", "sv"])
        labels = {value: str(label) for value, label in form.fields["approving_body"].choices}
    assert labels == {"board": board, "council": council}


def test_staff_prepare_approve_and_publish_through_the_pages(world, users, login):
    project, _decision, _c, _i = world
    client = login(users["preparer"])
    response = client.post(staff_url(project, "follow_up_list"), {"year": "2025", "due_on": ""})
    report = FollowUpReport.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{report.pk}/")
    form = {
        "summary_fi": SUMMARY["fi"],
        "summary_sv": SUMMARY["sv"],
        "next_actions_fi": NEXT["fi"],
        "next_actions_sv": NEXT["sv"],
        "approving_body": "council",
        "due_on": "2026-03-31",
        "lock_version": report.lock_version,
    }
    url = staff_url(project, "follow_up", report=report.pk)
    assert client.post(url, form).status_code == 302
    page = client.get(url).content.decode()
    assert SUMMARY["fi"] in page and "Vastattiin ajallaan." in page  # the preview
    approve_url = staff_url(project, "follow_up_approve", report=report.pk)
    assert client.post(approve_url, {"approved_on": "2026-02-10"}).status_code == 403
    secretary = login(users["secretary"])
    assert secretary.post(approve_url, {"approved_on": "2026-02-10"}).status_code == 302
    publish_url = staff_url(project, "follow_up_publish", report=report.pk)
    assert secretary.post(publish_url).status_code == 302
    report.refresh_from_db()
    assert report.is_published and report.snapshot["approval"]["body"] == "council"


def test_two_people_editing_other_texts_are_merged(world, users):
    """The shared conflict mechanism (phases.locking.ConflictMixin): a text only one of
    two people changed is kept, whoever saved first."""
    from django.test import Client

    from tests.promises.test_editor_concurrent import opened, person, send

    project, decision, _c, _i = world
    report = started(decision, users)
    first, second = person(Client, users["preparer"]), person(Client, users["working_group"])
    url = staff_url(project, "follow_up", report=report.pk)
    first_form, second_form = opened(first, url), opened(second, url)
    assert send(first, url, first_form, summary_fi="Ensimmäisen vuosi").status_code == 302
    response = send(second, url, second_form, next_actions_sv="Andras åtgärder")
    assert response.status_code == 302  # merged: nobody is asked anything
    report.refresh_from_db()
    assert (report.summary_fi, report.next_actions_sv) == ("Ensimmäisen vuosi", "Andras åtgärder")
    assert (report.summary_sv, report.next_actions_fi) == (SUMMARY["sv"], NEXT["fi"])


def test_the_same_text_edited_by_two_is_asked_about_with_both_texts(world, users):
    """A text both changed is a conflict: the page shows both (nothing typed is lost), and
    "Keep mine" writes that text and keeps the other person's other changes."""
    from django.test import Client

    from tests.promises.test_editor_concurrent import conflict_form, opened, person, send

    project, decision, _c, _i = world
    report = started(decision, users)
    first, second = person(Client, users["preparer"]), person(Client, users["working_group"])
    url = staff_url(project, "follow_up", report=report.pk)
    first_form, second_form = opened(first, url), opened(second, url)
    changes = {"summary_fi": "Ensimmäisen vuosi", "next_actions_sv": "Förstas åtgärder"}
    assert send(first, url, first_form, **changes).status_code == 302
    response = send(second, url, second_form, summary_fi="Toisen vuosi")
    html, page = conflict_form(response)
    assert "Ensimmäisen vuosi" in html and "Toisen vuosi" in html
    assert {name for name, _value in page.fields} >= {"summary_fi"}
    report.refresh_from_db()
    assert report.summary_fi == "Ensimmäisen vuosi"  # nothing written yet
    assert send(second, url, page).status_code == 302  # "Keep mine"
    report.refresh_from_db()
    assert report.summary_fi == "Toisen vuosi"
    assert report.next_actions_sv == "Förstas åtgärder"  # the first person's change is kept


def test_bad_input_is_told_and_kept(world, users, login):
    project, decision, _c, _i = world
    report = started(decision, users, texts=False)
    client = login(users["preparer"])
    response = client.post(
        staff_url(project, "follow_up", report=report.pk),
        {"summary_fi": "Pidetään", "approving_body": "king", "lock_version": report.lock_version},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Pidetään" in text
    report.refresh_from_db()
    assert not report.summary_fi
    secretary = login(users["secretary"])
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = secretary.post(
        staff_url(project, "follow_up_approve", report=report.pk), {"approved_on": future}
    )
    assert response.status_code == 400 and future in response.content.decode()
