"""Recording the council decision: freezing, storing (the PDFs after the decision's
transaction, without its lock), the phase 4 gate, returning."""

import datetime
import threading

import pytest
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.utils import translation

from phases import services as phase_services
from phases.demo import complete_core
from phases.locking import EditConflict
from phases.models import CouncilDecision, PhaseTransition, PromiseProject
from phases.registry import registry
from promises.decision import pdf
from promises.decision import services as decision_services
from promises.decision.selectors import approved_decision, package_for
from promises.models import DecisionDocument, PromiseVersion
from promises.models.decision import DecisionApproval
from tests.factories import ProjectFactory

from . import test_decision_support as support
from .test_decision_support import PACKAGE_TEXTS, approve, build_promise, freeze, set_phase

pytestmark = pytest.mark.django_db

# fixtures shared with the other decision tests
media_root = support.media_root
ready = support.ready


def stored_files() -> set[str]:
    """Every file under decisions/ in the storage."""
    found = set()
    if not default_storage.exists("decisions"):
        return found
    for year in default_storage.listdir("decisions")[0]:
        for name in default_storage.listdir(f"decisions/{year}")[1]:
            found.add(f"decisions/{year}/{name}")
    return found


def test_a_failed_render_keeps_the_decision_and_a_second_render_stores_the_pdf(
    ready, users, monkeypatch, media_root
):
    """The decision, its frozen versions and the Finnish PDF are stored; the Swedish PDF
    is tried three times (the task retries), then is missing (no row, no file) and the
    decision is marked failed; the approval does not count yet, and rendering again
    stores it."""
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["language"])
        if kwargs["language"] == "sv":
            raise RuntimeError("renderer crashed")
        return real(**kwargs)

    real = pdf.render_decision_pdf
    monkeypatch.setattr(decision_services, "render_decision_pdf", failing)
    decision = approve(ready, users, languages=("fi", "sv"))
    assert calls == ["fi", "sv", "sv", "sv"]
    assert CouncilDecision.objects.get() == decision
    decision.refresh_from_db()
    assert decision.documents_failed_at is not None
    assert DecisionApproval.objects.get(decision=decision).languages == ["fi", "sv"]
    assert PromiseVersion.objects.filter(kind=PromiseVersion.Kind.APPROVED).count() == 1
    assert list(decision.documents.values_list("language", flat=True)) == ["fi"]
    assert stored_files() == {decision.documents.get().file.name}
    # not approved until every PDF is stored: phase 4 waits, nothing is public
    assert approved_decision(ready) is None
    with translation.override("en"):
        blockers = registry.blockers(ready, 4)
    assert any("render the PDFs again" in b for b in blockers)
    # a second approval is still refused: the first one is recorded and final
    with pytest.raises(decision_services.DecisionError):
        approve(ready, users)

    monkeypatch.setattr(decision_services, "render_decision_pdf", real)
    assert decision_services.decision_documents_render(decision=decision) == []
    assert sorted(decision.documents.values_list("language", flat=True)) == ["fi", "sv"]
    assert stored_files() == {d.file.name for d in decision.documents.all()}
    assert approved_decision(ready) == decision
    # rendering again when everything is stored changes nothing
    fi_document = decision.documents.get(language="fi")
    assert decision_services.decision_documents_render(decision=decision) == []
    assert decision.documents.get(language="fi").sha256 == fi_document.sha256
    assert decision.documents.count() == 2


def test_a_failed_store_leaves_no_file_without_its_row(ready, users, monkeypatch, media_root):
    """If the row cannot be saved, the file written for it is removed again."""

    def refuse(self, *args, **kwargs):
        raise IntegrityError("row refused")

    monkeypatch.setattr(DecisionDocument, "save", refuse)
    decision = approve(ready, users, languages=("fi",))
    assert not DecisionDocument.objects.exists()
    assert stored_files() == set()
    monkeypatch.undo()
    assert decision_services.decision_documents_render(decision=decision) == []
    assert stored_files() == {decision.documents.get().file.name}


@pytest.mark.django_db(transaction=True)
def test_the_project_row_is_not_locked_while_the_pdf_renders(ready, users, monkeypatch, media_root):
    """While WeasyPrint works, another transaction can lock the project row at once
    (NOWAIT): the decision was committed before the render started."""
    if connection.vendor != "postgresql":
        pytest.fail("row locks need PostgreSQL: the suite runs on it (make test, DATABASE_URL)")
    seen = []

    def lock_from_elsewhere():
        from django.db import connections

        from phases.scoping import scopes_disabled

        try:
            with scopes_disabled(), transaction.atomic():  # a thread starts in no scope
                PromiseProject.objects.select_for_update(nowait=True).get(pk=ready.pk)
                # and the decision is already visible to the other transaction
                seen.append(CouncilDecision.objects.filter(project=ready).exists())
        except DatabaseError as exc:
            seen.append(exc)
        finally:
            connections.close_all()

    def checking(**kwargs):
        thread = threading.Thread(target=lock_from_elsewhere)
        thread.start()
        thread.join(timeout=30)
        return real(**kwargs)

    real = pdf.render_decision_pdf
    monkeypatch.setattr(decision_services, "render_decision_pdf", checking)
    decision = approve(ready, users, languages=("fi", "sv"))
    assert seen == [True, True]
    assert decision.documents.count() == 2


def test_approval_needs_a_proposed_version_for_every_promise(ready, users):
    build_promise(ready, by=users["preparer"], index=9)  # a second promise, nothing chosen
    with pytest.raises(decision_services.DecisionError) as exc:
        approve(ready, users)
    assert "Kaikki asukkaat 9" in str(exc.value.messages)
    assert CouncilDecision.objects.count() == 0


def test_decision_only_in_phase_4(ready, users):
    project = set_phase(ready, 3)
    with pytest.raises(decision_services.DecisionError):
        approve(project, users)


def test_returned_for_preparation_goes_back_to_phase_3_with_the_reason(ready, users):
    decision = decision_services.decision_record(
        project=ready,
        by=users["secretary"],
        body={"fi": "aluevaltuusto", "sv": "välfärdsområdesfullmäktige"},
        meeting_date=datetime.date(2024, 3, 18),
        section="45",
        outcome="returned",
        text={"fi": "Palautetaan valmisteluun: mittarit puuttuvat."},
        languages=[],
    )
    ready.refresh_from_db()
    assert ready.phase == 3
    assert decision.outcome == CouncilDecision.Outcome.RETURNED
    transition = PhaseTransition.objects.get(project=ready, kind=PhaseTransition.Kind.RETURN)
    assert transition.comment == "Palautetaan valmisteluun: mittarit puuttuvat."
    assert transition.user == users["secretary"]
    assert not PromiseVersion.objects.filter(kind=PromiseVersion.Kind.APPROVED).exists()
    assert not DecisionDocument.objects.exists()


def test_return_needs_a_reason(ready, users):
    with pytest.raises(decision_services.DecisionError):
        decision_services.decision_record(
            project=ready,
            by=users["secretary"],
            body={"fi": "aluevaltuusto", "sv": "välfärdsområdesfullmäktige"},
            meeting_date=datetime.date(2024, 3, 18),
            section="45",
            outcome="returned",
            text={"fi": "  "},
            languages=[],
        )
    ready.refresh_from_db()
    assert ready.phase == 4


def test_phase_4_cannot_advance_without_the_approved_decision_and_its_pdf(ready, users):
    complete_core(ready, 4, users["preparer"])
    blockers = registry.blockers(ready, 4)
    assert any("secretary records the decision" in b or "sihteeri" in b for b in blockers)
    with pytest.raises(phase_services.PhaseError):
        phase_services.project_advance(project=ready, by=users["preparer"], expected_phase=4)
    approve(ready, users)
    assert registry.blockers(ready, 4) == []
    project = phase_services.project_advance(project=ready, by=users["preparer"], expected_phase=4)
    assert project.phase == 5


def test_package_update_detects_concurrent_edits(ready, users):
    package = package_for(ready)
    stale = package.lock_version - 1
    with pytest.raises(EditConflict):
        decision_services.package_update(
            project=ready,
            by=users["preparer"],
            lock_version=stale,
            versions={},
            texts={"implementation": {"fi": "Toinen teksti"}},
            channels=[],
        )
    package.refresh_from_db()
    assert package.implementation_fi == PACKAGE_TEXTS["implementation"]["fi"]


def test_package_refuses_a_version_of_another_project(ready, users):
    other = ProjectFactory(region=ready.region)
    other_version = freeze(build_promise(other, by=users["preparer"]))
    package = package_for(ready)
    with pytest.raises(decision_services.DecisionError):
        decision_services.package_update(
            project=ready,
            by=users["preparer"],
            lock_version=package.lock_version,
            versions={other_version.promise_id: other_version},
            texts={},
            channels=[],
        )
