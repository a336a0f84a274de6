"""Mail and signals leave only with a committed change: a rolled-back one sends nothing."""

import pytest
from django.core import mail
from django.db import transaction

from phases import services, signals
from phases.demo import complete_core
from phases.roles import Role

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    pass


def test_an_invitation_is_mailed_after_the_commit_only(region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.region_invite_member(
            region=region, email="uusi@example.fi", role=Role.VIEWER, language="sv"
        )
        assert mail.outbox == []  # not before the commit
    assert len(callbacks) == 1
    [message] = mail.outbox
    assert message.to == ["uusi@example.fi"]


def test_a_rolled_back_invitation_sends_no_mail(region, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(Rollback), transaction.atomic():
            services.region_invite_member(region=region, email="uusi@example.fi", role=Role.VIEWER)
            raise Rollback
    assert callbacks == []
    assert mail.outbox == []
    assert not region.memberships.filter(user__email="uusi@example.fi").exists()


def test_phase_changed_is_sent_after_the_commit_and_not_for_a_rollback(
    project, users, django_capture_on_commit_callbacks
):
    heard = []

    def listener(sender, project, from_phase, to_phase, kind, by, **kwargs):
        heard.append((from_phase, to_phase, kind))

    signals.phase_changed.connect(listener, dispatch_uid="test.after_commit")
    try:
        preparer = users[Role.PREPARER]
        complete_core(project, 1, preparer)
        with django_capture_on_commit_callbacks(execute=True):
            with pytest.raises(Rollback), transaction.atomic():
                services.project_advance(project=project, by=preparer, expected_phase=1)
                raise Rollback
        assert heard == []
        project.refresh_from_db()
        assert project.phase == 1
        with django_capture_on_commit_callbacks(execute=True):
            services.project_advance(project=project, by=preparer, expected_phase=1)
            assert heard == []
        assert heard == [(1, 2, "advance")]
    finally:
        signals.phase_changed.disconnect(dispatch_uid="test.after_commit")
