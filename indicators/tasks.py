"""Background task of the indicators app: one indicator's fetch from THL Sotkanet.

`manage.py fetch_sotkanet --queue` (the compose `reminders` job) queues one task per
linked indicator that is due, so a slow or failing answer from THL holds up neither the job
nor the other indicators; a failed fetch is the task's failure (logged, shown by the task
backend) and the indicator is tried again at the next run. Without `--queue` the command
fetches in its own process, as a plain cron line expects.
"""

from __future__ import annotations

from django_tasks import task

from phases.scoping import project_scope, scopes_disabled

from . import services, sotkanet
from .models import Indicator


def due_for_fetch(region: str | None = None):
    """The indicators with a Sotkanet id in regions that have chosen their Sotkanet area."""
    indicators = (
        Indicator.objects.filter(
            sotkanet_id__isnull=False, project__region__sotkanet_region_id__isnull=False
        )
        .select_related("project__region")
        .order_by("project__region__slug", "project_id", "order", "pk")
    )
    return indicators.filter(project__region__slug=region) if region else indicators


@task()
def fetch_sotkanet_indicator(indicator_id: int) -> dict:
    """Fetch one indicator's values (skipped when it was fetched recently: THL asks for
    spaced queries). Raises `SotkanetError` when THL does not answer: the task fails."""
    with scopes_disabled():  # a worker starts in no scope: the indicator names its project
        indicator = (
            Indicator.objects.select_related("project__region").filter(pk=indicator_id).first()
        )
    if indicator is None or services.sotkanet_next_fetch(indicator) is not None:
        return {"fetched": False}
    with project_scope(indicator.project):
        result = services.sotkanet_fetch(indicator=indicator, client=sotkanet.SotkanetClient())
    return {"fetched": True, "created": result.created, "updated": result.updated}
