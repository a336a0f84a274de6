"""An approved decision as stored: its frozen versions, its PDFs, and its finality. The
approval (and its PDFs) is built once for this module; each test reads it in its own
savepoint (recording a decision, and the gate of phase 4: test_decision_services.py)."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import translation

from phases import services as phase_services
from phases.models import CouncilDecision, PhaseTransition
from promises.decision import services as decision_services
from promises.decision.selectors import approved_decision, package_for
from promises.models import DecisionDocument, FrozenError, PromiseVersion
from tests.pdf_text import stored_pdf

from . import approved_world as world
from .test_decision_services import stored_files
from .test_decision_support import PACKAGE_TEXTS, approve

pytestmark = pytest.mark.django_db

# The approved project, built once for this module (tests/promises/approved_world.py).
approved_world, region, users, project, media_root, approved = world.FIXTURES


def test_approval_freezes_copies_of_the_proposed_versions(approved, users):
    project, decision = approved
    package = package_for(project)
    proposed = list(package.versions.all())
    approval = decision.approval
    approved_versions = list(approval.versions.all())
    assert len(approved_versions) == len(proposed) == 1
    frozen = approved_versions[0]
    assert frozen.kind == PromiseVersion.Kind.APPROVED
    assert frozen.snapshot == proposed[0].snapshot
    assert frozen.number == proposed[0].number + 1
    assert approval.approved_by == users["secretary"]
    assert approval.approved_at is not None
    assert decision.recorded_by == users["secretary"]
    assert approval.package["implementation"]["sv"] == PACKAGE_TEXTS["implementation"]["sv"]


def test_approved_version_refuses_changes_through_the_orm(approved):
    _project, decision = approved
    frozen = decision.approval.versions.get()
    frozen.label = "changed"
    with pytest.raises(FrozenError):
        frozen.save()
    with pytest.raises(FrozenError):
        PromiseVersion.objects.filter(pk=frozen.pk).update(label="changed")
    with pytest.raises(FrozenError):
        frozen.delete()
    with pytest.raises(FrozenError):
        PromiseVersion.objects.filter(pk=frozen.pk).delete()
    with pytest.raises(FrozenError):
        decision.approval.save()
    document = decision.documents.first()
    with pytest.raises(FrozenError):
        document.save()
    with pytest.raises(FrozenError):
        DecisionDocument.objects.filter(pk=document.pk).update(sha256="0" * 64)
    frozen.refresh_from_db()
    assert frozen.label != "changed"


def test_live_draft_edits_do_not_change_the_approved_snapshot(approved):
    project, decision = approved
    frozen = decision.approval.versions.get()
    type(frozen.promise).objects.filter(pk=frozen.promise_id).update(vision_fi="Muutettu visio")
    frozen.refresh_from_db()
    assert "Muutettu" not in frozen.snapshot["vision"]["fi"]


def test_approval_stores_a_pdf_per_language_with_its_checksum(approved):
    project, decision = approved
    documents = {d.language: d for d in decision.documents.all()}
    assert sorted(documents) == ["fi", "sv"]
    for document in documents.values():
        data = stored_pdf(document)
        assert data.startswith(b"%PDF")
        assert hashlib.sha256(data).hexdigest() == document.sha256
        assert document.size == len(data)
    assert stored_files() == {d.file.name for d in documents.values()}
    assert approved_decision(project) == decision


def test_second_approval_is_refused(approved, users):
    project, _decision = approved
    with pytest.raises(decision_services.DecisionError):
        approve(project, users)


def test_an_approval_is_final_no_return_decision_nor_return_transition(approved, users, client):
    """After approval a second decision "returned", or the return transition itself, is
    refused with a clear message: the project stays in phase 4, the approval stays the
    only decision, no transition is logged."""
    project, decision = approved
    with translation.override("en"), pytest.raises(decision_services.DecisionError) as refused:
        approve(project, users, outcome="returned")
    assert "approved decision is final" in " ".join(refused.value.messages)
    with translation.override("en"), pytest.raises(phase_services.PhaseError) as refused:
        phase_services.project_return_for_preparation(
            project=project, by=users["secretary"], reason="Palautetaan"
        )
    assert "approved decision is final" in " ".join(refused.value.messages)
    project.refresh_from_db()
    assert project.phase == 4
    assert list(CouncilDecision.objects.filter(project=project)) == [decision]
    assert not PhaseTransition.objects.filter(project=project, kind="return").exists()
    # through the page too: refused with the message, no link to it on the dashboard
    client.force_login(users["secretary"])
    kwargs = {"region": project.region.slug, "project": project.pk}
    response = client.post(
        reverse("phases:return", kwargs=kwargs), {"reason": "Palautetaan"}, follow=True
    )
    assert "hyväksytty päätös on lopullinen" in response.content.decode()
    assert reverse("phases:return", kwargs=kwargs) not in response.content.decode()
    project.refresh_from_db()
    assert project.phase == 4
