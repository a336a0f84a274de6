"""Background tasks of the promises app: the decision PDFs.

`decision_record` commits the decision and then queues `decision_document` once per
language of the approval, so that two workers render the Finnish and the Swedish PDF side
by side. A task renders its language if it is still missing (`decision_documents_render`);
when the render fails it queues itself again (after a pause where the backend can defer),
up to `DOCUMENT_ATTEMPTS` attempts, then marks the decision as failed: the decision page
shows the failure and a retry button (`RenderDocumentsView`, which queues a new round).
Until every chosen language is stored the approval counts for nothing (see
`promises.decision.selectors.published_decisions`).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from django_tasks import task, task_backends

from phases.models import CouncilDecision
from phases.scoping import project_scope, scopes_disabled

from ..pdf_archive import collector_paused

logger = logging.getLogger(__name__)

DOCUMENT_ATTEMPTS = 3
RETRY_PAUSE = timedelta(seconds=30)


def documents_enqueue(decision: CouncilDecision, *, by=None) -> None:
    """Queue the render of each of the approval's PDFs (a new round of attempts)."""
    from ..models.decision import DecisionApproval

    CouncilDecision.objects.filter(pk=decision.pk).update(documents_failed_at=None)
    decision.documents_failed_at = None
    approval = DecisionApproval.objects.filter(decision_id=decision.pk).first()
    for language in approval.languages if approval else []:
        decision_document.enqueue(decision.pk, language, getattr(by, "pk", None))


@task()
def decision_document(
    decision_id: int, language: str, by_id: int | None = None, attempt: int = 1
) -> bool:
    """Render and store the approval's PDF in `language` unless it is stored already;
    returns whether it is stored now."""
    with scopes_disabled():  # a worker starts in no scope: the decision names its project
        decision = CouncilDecision.objects.select_related("project").filter(pk=decision_id)
        decision = decision.first()
    if decision is None:
        return False  # deleted meanwhile (the project was erased)
    # The collector stays paused until the PDF is stored (and committed): the render's
    # garbage is collected after the document is out, not before (a third of a second).
    with collector_paused(), project_scope(decision.project):
        return _render(decision, language, by_id, attempt)


def _render(decision: CouncilDecision, language: str, by_id, attempt: int) -> bool:
    """One attempt; a failure queues the next one, or marks the decision failed."""
    from .services import decision_documents_render

    by = get_user_model().objects.filter(pk=by_id).first() if by_id else None
    if not decision_documents_render(decision=decision, by=by, languages=[language]):
        return True
    if attempt < DOCUMENT_ATTEMPTS:
        logger.warning("Decision %s: the %s PDF failed, retrying", decision.pk, language)
        retry = decision_document
        if task_backends[retry.backend].supports_defer:
            retry = retry.using(run_after=timezone.now() + RETRY_PAUSE)
        retry.enqueue(decision.pk, language, by_id, attempt + 1)
    else:
        CouncilDecision.objects.filter(pk=decision.pk).update(documents_failed_at=timezone.now())
    return False
