"""Background tasks of the promises app: the decision PDFs.

`decision_record` commits the decision and then queues `decision_documents`. The task
renders the languages still missing (`decision_documents_render`); when one fails it
queues itself again (after a pause where the backend can defer), up to
`DOCUMENT_ATTEMPTS` times, then marks the decision as failed: the decision page shows the
failure and a retry button (`RenderDocumentsView`, which queues a new round). Until every
chosen language is stored the approval counts for nothing (see
`promises.decision_selectors.published_decisions`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone
from django_tasks import task, task_backends

from phases.models import CouncilDecision
from phases.scoping import project_scope, scopes_disabled

logger = logging.getLogger(__name__)

DOCUMENT_ATTEMPTS = 3
RETRY_PAUSE = timedelta(seconds=30)


def _user(user_id):
    return get_user_model().objects.filter(pk=user_id).first() if user_id else None


def documents_enqueue(decision: CouncilDecision, *, by=None) -> None:
    """Queue the render of the decision's missing PDFs (a new round of attempts)."""
    CouncilDecision.objects.filter(pk=decision.pk).update(
        documents_attempts=0, documents_failed_at=None
    )
    decision.documents_attempts, decision.documents_failed_at = 0, None
    decision_documents.enqueue(decision.pk, getattr(by, "pk", None))


@task()
def decision_documents(decision_id: int, by_id: int | None = None) -> list[str]:
    """Render and store the approval's missing PDFs; returns the languages still missing."""
    with scopes_disabled():  # a worker starts in no scope: the decision names its project
        decision = CouncilDecision.objects.select_related("project").filter(pk=decision_id)
        decision = decision.first()
    if decision is None:
        return []  # deleted meanwhile (the project was erased)
    with project_scope(decision.project):
        return _render(decision, by_id)


def _render(decision: CouncilDecision, by_id) -> list[str]:
    """One attempt; a failure queues the next one, or marks the decision failed."""
    from .decision_services import decision_documents_render

    decision_id = decision.pk
    CouncilDecision.objects.filter(pk=decision_id).update(
        documents_attempts=F("documents_attempts") + 1
    )
    failed = decision_documents_render(decision=decision, by=_user(by_id))
    if not failed:
        return []
    attempts = CouncilDecision.objects.values_list("documents_attempts", flat=True).get(
        pk=decision_id
    )
    if attempts < DOCUMENT_ATTEMPTS:
        logger.warning("Decision %s: PDFs %s failed, retrying", decision_id, failed)
        retry = decision_documents
        if task_backends[retry.backend].supports_defer:
            retry = retry.using(run_after=timezone.now() + RETRY_PAUSE)
        retry.enqueue(decision_id, by_id)
    else:
        CouncilDecision.objects.filter(pk=decision_id).update(documents_failed_at=timezone.now())
    return failed
