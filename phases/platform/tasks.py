"""Background task of the platform: the daily digests of notifications.

`manage.py send_digests --queue` (the compose `reminders` job) queues it for the worker
(`manage.py db_worker`) instead of sending in the job's own process; without `--queue` the
command does the work itself, as a plain cron line expects.
"""

from __future__ import annotations

from django_tasks import task

from ..scoping import scopes_disabled
from . import notifications


@task()
def send_digests(days: int = notifications.DUE_SOON_DAYS) -> dict:
    """Queue the "due in N days" notices of assigned open tasks, then send each user one
    digest in their language (every region: the digest is per user)."""
    with scopes_disabled():
        queued = notifications.queue_due_tasks(days=days)
        sent = notifications.send_digests()
    return {"due_soon": queued, "sent": sent}
