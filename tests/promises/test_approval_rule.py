"""Issue 28: "approved" has one definition, CouncilDecisionQuerySet.approved(), and the
project's final state (`has_approval`) reads it: an approving outcome counts only once its
approval (the frozen versions and package) is recorded."""

from __future__ import annotations

import datetime

from phases.models import CouncilDecision
from promises.models.decision import DecisionApproval


def test_an_approving_outcome_without_a_recorded_approval_is_not_an_approval(project):
    decision = CouncilDecision.objects.create(
        project=project,
        body="aluevaltuusto",
        meeting_date=datetime.date(2026, 3, 18),
        section="12",
        outcome=CouncilDecision.Outcome.APPROVED,
    )
    assert not project.has_approval
    assert not CouncilDecision.objects.filter(project=project).approved().exists()

    DecisionApproval.objects.create(decision=decision, package={}, languages=["fi"])

    assert project.has_approval
    assert list(CouncilDecision.objects.filter(project=project).approved()) == [decision]


def test_a_returned_decision_is_never_an_approval(project):
    decision = CouncilDecision.objects.create(
        project=project,
        body="aluevaltuusto",
        meeting_date=datetime.date(2026, 3, 18),
        section="13",
        outcome=CouncilDecision.Outcome.RETURNED,
    )
    DecisionApproval.objects.create(decision=decision, package={}, languages=["fi"])
    assert not project.has_approval
