"""Notifications by e-mail: events are queued per recipient and sent once a day as one
digest per person (`manage.py send_digests`), in the recipient's language, leaving out the
kinds they switched off on their settings page.

Kinds are registered in the registry (`NotificationKind`): phases registers "tasks" and
"phases" here; participation registers "statements" and "moderation".
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, OrderedDict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from guardian.shortcuts import get_users_with_perms

from .. import roles
from ..models import Notification, ProjectTask, PromiseProject, UserProfile
from ..registry import NotificationKind, registry
from .mail import send_to_user

User = get_user_model()

TASKS, PHASES = "tasks", "phases"
DUE_SOON_DAYS = 3


def profile_for(user) -> UserProfile:
    profile, _created = UserProfile.objects.get_or_create(user=user)
    return profile


def project_users(project: PromiseProject, permission: str = roles.VIEW_PROJECT) -> list:
    """The active users who hold `permission` on the project (directly or by region role)."""
    users = get_users_with_perms(
        project, only_with_perms_in=[permission], with_group_users=True, with_superusers=False
    )
    return [u for u in users if u.is_active]


def notify(
    *,
    users,
    kind: str,
    event: str,
    project: PromiseProject | None = None,
    params: dict | None = None,
    url: str = "",
    dedupe: str = "",
    exclude=None,
) -> int:
    """Queue one notice per user for the next digest; returns how many were queued.

    Users without an e-mail address, the `exclude`d user (who did it) and those who
    switched the kind off are skipped; `dedupe` queues a thing only once per user."""
    recipients = {u.pk: u for u in users if u.email and (exclude is None or u.pk != exclude.pk)}
    if not recipients:
        return 0
    muted = {
        p.user_id
        for p in UserProfile.objects.filter(user_id__in=list(recipients))
        if not p.wants(kind)
    }
    rows = [
        Notification(
            user=user,
            project=project,
            kind=kind,
            event=event,
            params=params or {},
            url=url,
            dedupe=dedupe,
        )
        for pk, user in recipients.items()
        if pk not in muted
    ]
    if dedupe:
        already = set(
            Notification.objects.filter(
                user_id__in=[r.user_id for r in rows], dedupe=dedupe
            ).values_list("user_id", flat=True)
        )
        rows = [r for r in rows if r.user_id not in already]
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe))
    return len(rows)


def _task_url(task: ProjectTask) -> str:
    return reverse(
        "phases:task_edit",
        kwargs={"region": task.project.region.slug, "project": task.project_id, "task": task.pk},
    )


def task_assigned(*, task: ProjectTask, by) -> int:
    if task.assignee is None:
        return 0
    return notify(
        users=[task.assignee],
        kind=TASKS,
        event="task_assigned",
        project=task.project,
        params={"task": task.pk},
        url=_task_url(task),
        exclude=by,
    )


def queue_due_tasks(*, today: datetime.date | None = None, days: int = DUE_SOON_DAYS) -> int:
    """Queue "due in N days" for every open, assigned task due on today + N (once each)."""
    today = today or timezone.localdate()
    due = today + datetime.timedelta(days=days)
    tasks = (
        ProjectTask.objects.filter(due_date=due, assignee__isnull=False)
        .exclude(status__in=[ProjectTask.Status.DONE, ProjectTask.Status.NOT_APPLICABLE])
        .select_related("assignee", "project__region")
    )
    count = 0
    for task in tasks:
        count += notify(
            users=[task.assignee],
            kind=TASKS,
            event="task_due",
            project=task.project,
            params={"task": task.pk, "due": due.isoformat()},
            url=_task_url(task),
            dedupe=f"task_due:{task.pk}:{due.isoformat()}",
        )
    return count


def phase_changed(*, project: PromiseProject, from_phase: int, to_phase: int, kind: str, by):
    return notify(
        users=project_users(project),
        kind=PHASES,
        event="phase_returned" if kind == "return" else "phase_advanced",
        project=project,
        params={"from": from_phase, "to": to_phase},
        url=project.get_absolute_url(),
        exclude=by,
    )


# -- the digest -------------------------------------------------------------------------


def _render(notification: Notification) -> str:
    kind = registry.notification_kind(notification.kind)
    render = kind.events.get(notification.event) if kind else None
    if render is None:
        return notification.event
    return str(render(notification.params))


def _absolute(url: str) -> str:
    """The full address, in the language being rendered (the URL was stored in the
    language of whoever caused the notice)."""
    if not url.startswith("/"):
        return url
    codes = "|".join(code for code, _name in settings.LANGUAGES)
    return settings.SITE_URL + re.sub(rf"^/({codes})/", f"/{get_language()}/", url)


def send_digests(*, now=None) -> int:
    """Send every user with queued notices one mail listing them, grouped by project and
    kind (identical lines counted once); returns how many mails were sent."""
    now = now or timezone.now()
    pending = list(
        Notification.objects.filter(sent_at__isnull=True)
        .select_related("user", "project__region")
        .order_by("user_id", "project_id", "kind", "created_at", "pk")
    )
    by_user: dict[int, list[Notification]] = OrderedDict()
    for n in pending:
        by_user.setdefault(n.user_id, []).append(n)
    profiles = {p.user_id: p for p in UserProfile.objects.filter(user_id__in=list(by_user))}
    sent = 0
    for user_id, notes in by_user.items():
        user = notes[0].user
        profile = profiles.get(user_id)
        wanted = [n for n in notes if profile is None or profile.wants(n.kind)]
        if wanted and user.email and user.is_active:

            def context(wanted=wanted):
                return {"groups": _groups(wanted), "settings_url": _settings_url()}

            send_to_user(
                user,
                subject=lambda: _("Service promise: what happened today"),
                template="phases/email/digest.txt",
                context=context,
            )
            sent += 1
        with transaction.atomic():
            Notification.objects.filter(pk__in=[n.pk for n in notes]).update(sent_at=now)
    return sent


def _settings_url() -> str:
    return _absolute(reverse("phases:user_settings"))


def _groups(notes: list[Notification]) -> list[dict]:
    """[{project, kinds: [{label, lines: [(text, count, url)]}]}] in the active language."""
    groups: dict = OrderedDict()
    for n in notes:
        project_group = groups.setdefault(n.project_id, {"project": n.project, "kinds": {}})
        lines = project_group["kinds"].setdefault(n.kind, Counter())
        lines[(_render(n), _absolute(n.url) if n.url else "")] += 1
    result = []
    for group in groups.values():
        kinds = []
        for key, lines in group["kinds"].items():
            kind = registry.notification_kind(key)
            kinds.append(
                {
                    "label": str(kind.label) if kind else key,
                    "lines": [(text, count, url) for (text, url), count in lines.items()],
                }
            )
        result.append({"project": group["project"], "kinds": kinds})
    return result


# -- the kinds phases owns ----------------------------------------------------------------


def _task_name(params: dict) -> str:
    task = ProjectTask.objects.filter(pk=params.get("task")).select_related("definition").first()
    return str(task.definition.name) if task else "–"


def _date(value: str) -> str:
    from django.utils.formats import date_format

    return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")


registry.register(
    NotificationKind(
        key=TASKS,
        label=gettext_lazy("Tasks assigned to me, and their due dates"),
        events={
            "task_assigned": lambda p: (
                _("A task was assigned to you: %(task)s") % {"task": _task_name(p)}
            ),
            "task_due": lambda p: (
                _("Your task is due on %(date)s: %(task)s")
                % {"task": _task_name(p), "date": _date(p["due"])}
            ),
        },
        order=10,
    ),
    NotificationKind(
        key=PHASES,
        label=gettext_lazy("A project advanced or was returned to an earlier phase"),
        events={
            "phase_advanced": lambda p: (
                _("The project moved from phase %(a)d to phase %(b)d.")
                % {"a": p["from"], "b": p["to"]}
            ),
            "phase_returned": lambda p: (
                _(
                    "The council returned the matter for preparation: the project is back in "
                    "phase %(b)d."
                )
                % {"b": p["to"]}
            ),
        },
        order=40,
    ),
)
