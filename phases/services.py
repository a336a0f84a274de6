"""Writes of the phases app: regions, members, projects, tasks, checklists, results, and
the phase transitions (the only place the FSM transitions are called)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed, has_transition_perm
from guardian.shortcuts import assign_perm, remove_perm

from . import roles, scoping, signals
from .files import removed_if_failed
from .locking import EditConflict, locked
from .models import (
    ChecklistAnswer,
    ChecklistStatement,
    PhaseTransition,
    ProjectGroupObjectPermission,
    ProjectMembership,
    ProjectResult,
    ProjectTask,
    PromiseProject,
    Region,
    RegionGroupObjectPermission,
    RegionMembership,
    RegionRoleGroup,
    ResultDefinition,
    TaskDefinition,
)
from .phase_numbers import DECISION_PHASE, PREPARATION_PHASE
from .platform import notifications
from .platform.usernames import username_for
from .registry import registry
from .roles import Role
from .translated import set_texts


class PhaseError(Exception):
    """A phase action refused, with messages for the user (already translated)."""

    def __init__(self, messages: list[str] | str):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(str(m) for m in self.messages))


class PhaseMoved(PhaseError):
    """Somebody else changed the phase first."""


# -- regions and members --------------------------------------------------------------


def region_create(
    *,
    slug: str,
    name: dict[str, str],
    languages: str = Region.Languages.BILINGUAL_FI,
    kind: str = Region.Kind.COUNTY,
) -> Region:
    with transaction.atomic():
        region = Region(slug=slug, languages=languages, kind=kind)
        set_texts(region, "name", name)
        region.save()
        with scoping.region_scope(region):  # a new region: its own scope from the start
            _ensure_role_groups(region)
    return region


def region_found(
    *,
    slug: str,
    name: dict[str, str],
    kind: str,
    languages: str,
    admin_email: str,
    admin_first_name: str = "",
    admin_last_name: str = "",
    organiser_name: dict[str, str] | None = None,
    contact_email: str = "",
    oidc_viewer_signup: bool = False,
    sotkanet_region_id: int | None = None,
    admin_language: str = "",
    request=None,
):
    """A site administrator's new region with its first region administrator: an existing
    account with that e-mail, or a new one invited by e-mail (the members page's mechanism)
    in `admin_language` (else the language of the page the site administrator used).
    Returns (region, administrator, invited)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    email = admin_email.strip()
    with transaction.atomic():
        matches = list(User.objects.filter(email__iexact=email)[:2])
        if len(matches) > 1:
            raise ValidationError(
                {"admin_email": _("Several accounts have this e-mail address; choose another.")}
            )
        region = region_create(slug=slug, name=name, languages=languages, kind=kind)
        fields = set_texts(region, "organiser_name", organiser_name)
        region.contact_email = contact_email.strip()
        region.oidc_viewer_signup = oidc_viewer_signup
        region.sotkanet_region_id = sotkanet_region_id
        region.save(
            update_fields=[*fields, "contact_email", "oidc_viewer_signup", "sotkanet_region_id"]
        )
        invited = not matches
        if matches:
            admin = matches[0]
        else:
            admin = User.objects.create_user(
                username=username_for(email),
                email=email,
                first_name=admin_first_name.strip(),
                last_name=admin_last_name.strip(),
            )
        with scoping.region_scope(region):
            region_set_member(region=region, user=admin, role=Role.REGION_ADMIN)
        set_mail_language(
            admin,
            admin_language or _page_language(request) or region.primary_language,
            keep_existing=not invited,
        )
        if invited:
            user_invite(user=admin, request=request)  # sent once the region is committed
    return region, admin, invited


def region_update_settings(
    *, region: Region, organiser_name: dict[str, str], contact_email: str, oidc_viewer_signup: bool
) -> Region:
    fields = set_texts(region, "organiser_name", organiser_name)
    region.contact_email = contact_email.strip()
    region.oidc_viewer_signup = oidc_viewer_signup
    region.save(update_fields=[*fields, "contact_email", "oidc_viewer_signup"])
    return region


def may_found_regions(user) -> bool:
    """Site administrators: superusers, or users with the global "add region" permission."""
    return user.is_authenticated and (user.is_superuser or user.has_perm("phases.add_region"))


def _ensure_role_groups(region: Region) -> dict[str, Group]:
    """The region's group for each role, made with its permissions on the region and on
    each of its projects where missing (the grants written in one statement a model, as
    `project_create` writes a project's)."""
    groups = {rg.role: rg.group for rg in region.role_groups.select_related("group")}
    missing = [role for role in Role if role.value not in groups]
    if not missing:
        return groups
    # The groups in three statements, not three a role: a group of the same name may
    # already exist (it is taken as it is), or be made at the same moment elsewhere.
    names = {role.value: f"region:{region.slug}:{role.value}" for role in missing}
    Group.objects.bulk_create((Group(name=name) for name in names.values()), ignore_conflicts=True)
    by_name = Group.objects.in_bulk(names.values(), field_name="name")
    groups.update({role: by_name[name] for role, name in names.items()})
    RegionRoleGroup.objects.bulk_create(
        RegionRoleGroup(region=region, role=role, group=groups[role]) for role in names
    )
    region_perms = _permissions_of(Region)
    RegionGroupObjectPermission.objects.bulk_create(
        (
            RegionGroupObjectPermission(
                group=groups[role.value], permission=region_perms[codename], content_object=region
            )
            for role in missing
            for codename in roles.REGION_PERMISSIONS[role]
        ),
        ignore_conflicts=True,  # a group of the same name that already held some
    )
    projects = list(region.projects.all())
    if projects:
        project_perms = _project_permissions()
        ProjectGroupObjectPermission.objects.bulk_create(
            (
                ProjectGroupObjectPermission(
                    group=groups[role.value],
                    permission=project_perms[codename],
                    content_object=project,
                )
                for role in missing
                for project in projects
                for codename in roles.PROJECT_PERMISSIONS[role]
            ),
            ignore_conflicts=True,
        )
    return groups


def region_set_member(
    *, region: Region, user, role: str, group_provider: str = ""
) -> RegionMembership:
    """Give `user` the `role` in `region` (replacing any earlier role there). The role is
    recorded as given by `group_provider`'s group mapping, or (empty) by an invitation or an
    administrator, which a sign-in never takes away."""
    role = Role(role)
    with transaction.atomic():
        groups = _ensure_role_groups(region)
        membership, _created = RegionMembership.objects.update_or_create(
            region=region,
            user=user,
            defaults={"role": role.value, "group_provider": group_provider},
        )
        user.groups.remove(*[g for r, g in groups.items() if r != role.value])
        user.groups.add(groups[role.value])
    return membership


def _keeps_an_admin(membership: RegionMembership) -> bool:
    return (
        membership.role != Role.REGION_ADMIN
        or RegionMembership.objects.filter(region=membership.region, role=Role.REGION_ADMIN)
        .exclude(pk=membership.pk)
        .exists()
    )


def region_change_role(
    *, membership: RegionMembership, role: str, group_provider: str = ""
) -> RegionMembership:
    """Change a member's role; the last administrator cannot lose the role."""
    if role != Role.REGION_ADMIN and not _keeps_an_admin(membership):
        raise ValidationError(_("A region needs at least one administrator."))
    return region_set_member(
        region=membership.region, user=membership.user, role=role, group_provider=group_provider
    )


def region_remove_member(*, region: Region, user, by) -> None:
    with transaction.atomic():
        membership = RegionMembership.objects.select_for_update().get(region=region, user=user)
        if not _keeps_an_admin(membership):
            raise ValidationError(_("A region needs at least one administrator."))
        groups = _ensure_role_groups(region)
        user.groups.remove(*groups.values())
        membership.delete()


def region_invite_member(
    *,
    region: Region,
    email: str,
    role: str,
    request=None,
    first_name="",
    last_name="",
    language: str = "",
) -> RegionMembership:
    """Give the person with this e-mail address `role` in the region, creating their
    account if they have none, and e-mail them either way (a new account: the link to set
    a password; an existing one: a note that they were added) once the change is
    committed. Whoever invites learns nothing of which it was."""
    from django.contrib.auth import get_user_model

    User = get_user_model()  # noqa: N806
    email = User.objects.normalize_email(email).strip()
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email, is_active=True).order_by("pk").first()
        created = user is None
        if created:
            user = User.objects.create_user(
                username=username_for(email),
                email=email,
                first_name=first_name,
                last_name=last_name,
            )
        membership = region_set_member(region=region, user=user, role=role)
        set_mail_language(
            user,
            language or _page_language(request) or region.primary_language,
            keep_existing=not created,
        )
        # Rendered now, sent once the membership is committed (phases.platform.mail).
        if created:
            user_invite(user=user, request=request)
        else:
            _member_added_mail(user=user, region=region, request=request)
    return membership


def _page_language(request) -> str:
    """The language of the page a request came from ("" without one)."""
    from django.conf import settings

    language = getattr(request, "LANGUAGE_CODE", "") if request is not None else ""
    return language if language in {code for code, _name in settings.LANGUAGES} else ""


def set_mail_language(user, language: str, *, keep_existing: bool) -> None:
    """The language the person's e-mail is written in: the one chosen when they were
    invited (or of the page they first signed in from); a person who already has an
    account keeps the language they chose."""
    from django.conf import settings

    from .models import UserProfile

    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    profile, created = UserProfile.objects.get_or_create(user=user, defaults={"language": language})
    if not created and not keep_existing and profile.language != language:
        profile.language = language
        profile.save(update_fields=["language"])


def _absolute(request, path: str) -> str:
    from django.conf import settings

    return request.build_absolute_uri(path) if request else settings.SITE_URL + path


def _member_added_mail(*, user, region: Region, request) -> None:
    """Tell an existing user they were added to a region, in their own language."""
    from django.urls import reverse
    from django.utils.translation import gettext

    from .platform.mail import send_to_user

    def context():
        path = reverse("phases:region_detail", kwargs={"region": region.slug})
        return {"user": user, "region": region, "link": _absolute(request, path)}

    send_to_user(
        user,
        subject=lambda: (
            gettext("You were added to %(region)s in the service promise tool")
            % {"region": region.name}
        ),
        template="phases/email/member_added.txt",
        context=context,
    )


def user_invite(*, user, request) -> None:
    """E-mail a new user the link to set their password, in their own language (the one
    chosen when they were invited)."""
    from django.contrib.auth.tokens import default_token_generator
    from django.urls import reverse
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode
    from django.utils.translation import gettext

    from .platform.mail import send_to_user

    def context():
        path = reverse(
            "password_reset_confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
        return {"user": user, "link": _absolute(request, path)}

    send_to_user(
        user,
        subject=lambda: gettext("Your account in the service promise tool"),
        template="phases/email/invite.txt",
        context=context,
    )


# -- projects -------------------------------------------------------------------------


def project_create(
    *,
    region: Region,
    title: dict[str, str] | str,
    term_start: int,
    term_end: int,
    by=None,
    previous_project: PromiseProject | None = None,
    copy: Iterable[str] = (),
    case_number: str = "",
) -> PromiseProject:
    """Create a project in phase 1 with the national model's tasks, results and checklists,
    and every app's parts of it (the registry's project parts, in their order); `copy`
    names the copy parts of the previous cycle chosen (their form fields)."""
    titles = title if isinstance(title, dict) else {"fi": title}
    if term_end < term_start:
        raise ValidationError({"term_end": _("The last year cannot be before the first year.")})
    with transaction.atomic():
        project = PromiseProject.objects.create(
            region=region,
            title=titles.get("fi") or next(iter(titles.values()), ""),
            title_fi=titles.get("fi", ""),
            title_sv=titles.get("sv", ""),
            title_en=titles.get("en", ""),
            term_start=term_start,
            term_end=term_end,
            case_number=case_number.strip(),
            created_by=by,
            previous_project=previous_project,
            phase_changed_at=timezone.now(),
        )
        ProjectTask.objects.bulk_create(
            ProjectTask(project=project, definition=d) for d in TaskDefinition.objects.all()
        )
        ChecklistAnswer.objects.bulk_create(
            ChecklistAnswer(project=project, statement=s) for s in ChecklistStatement.objects.all()
        )
        groups = _ensure_role_groups(region)
        perms = _project_permissions()
        ProjectGroupObjectPermission.objects.bulk_create(
            ProjectGroupObjectPermission(
                group=groups[role.value], permission=perms[codename], content_object=project
            )
            for role in Role
            for codename in roles.PROJECT_PERMISSIONS[role]
        )
        # Inside the transaction on purpose: the parts are created with the project or not
        # at all.
        registry.create_project_parts(
            project, previous_project=previous_project, chosen=frozenset(copy), by=by
        )
    return project


def _permissions_of(model) -> dict:
    """The model's permissions by codename."""
    return {
        p.codename: p
        for p in Permission.objects.filter(content_type=ContentType.objects.get_for_model(model))
    }


def _project_permissions() -> dict:
    return _permissions_of(PromiseProject)


def project_set_member(*, project: PromiseProject, user, role: str) -> ProjectMembership:
    """Give `user` a role in this one project (and sight of its region)."""
    role = Role(role)
    with transaction.atomic():
        membership = ProjectMembership.objects.filter(project=project, user=user).first()
        if membership:
            for codename in roles.PROJECT_PERMISSIONS[Role(membership.role)]:
                remove_perm(roles.full(codename), user, project)
            membership.role = role.value
            membership.save(update_fields=["role"])
        else:
            membership = ProjectMembership.objects.create(
                project=project, user=user, role=role.value
            )
        for codename in roles.PROJECT_PERMISSIONS[role]:
            assign_perm(roles.full(codename), user, project)
        assign_perm(roles.full(roles.VIEW_REGION), user, project.region)
    return membership


# -- tasks, checklists, results -------------------------------------------------------


TASK_FIELDS = ("status", "assignee", "due_date", "notes", "not_applicable_reason")


def task_update(
    *,
    task: ProjectTask,
    by,
    status: str,
    assignee=None,
    due_date=None,
    notes: str = "",
    not_applicable_reason: str = "",
    lock_version: int | None = None,
) -> ProjectTask:
    """Save one task (the task page). `lock_version` is the version the user's form
    started from (phases.locking): EditConflict, and nothing written, when somebody saved
    the task in between; None only for writes no user typed (seed_demo)."""
    values = {
        "status": status,
        "assignee": assignee,
        "due_date": due_date,
        "notes": notes,
        "not_applicable_reason": not_applicable_reason,
    }
    changes = [(task.pk, lock_version, values)]
    return _tasks_update(project_id=task.project_id, changes=changes, by=by)[0]


def tasks_update(
    *, project: PromiseProject, changes: list[tuple[int, int | None, dict]], by
) -> list[ProjectTask]:
    """Save several tasks of `project` at once (the phase page's task table): `changes` is
    [(task id, lock_version the form started from, {field: value})] with fields of
    TASK_FIELDS (those left out keep their value). All or nothing: when any of the tasks
    was saved by somebody else in between, EditConflict names all such tasks and nothing
    is written. A task of another project is DoesNotExist."""
    return _tasks_update(project_id=project.pk, changes=changes, by=by)


def _tasks_update(*, project_id: int, changes, by) -> list[ProjectTask]:
    rows = ProjectTask.objects.filter(project_id=project_id).select_related("definition")
    saved: list[tuple[ProjectTask, bool]] = []
    with transaction.atomic():
        conflicts = []
        currents = []
        # rows locked in one order, so two tables saved at once cannot deadlock
        for task_id, lock_version, values in sorted(changes, key=lambda c: c[0]):
            if lock_version is None:  # no form: nothing to compare with
                current = rows.select_for_update(of=("self",)).get(pk=task_id)
                current.lock_version += 1
            else:
                try:
                    current = locked(rows.select_for_update(of=("self",)), lock_version, pk=task_id)
                except EditConflict as exc:
                    conflicts.append(exc.current)
                    continue
            currents.append((current, values))
        if conflicts:
            raise EditConflict(currents=conflicts)
        for task, values in currents:
            unknown = set(values) - set(TASK_FIELDS)
            assert not unknown, unknown
            assignee = values.get("assignee", task.assignee)
            assigned = assignee is not None and assignee.pk != task.assignee_id
            for name, value in values.items():
                setattr(task, name, value)
            task.not_applicable_reason = (
                task.not_applicable_reason.strip()
                if task.status == ProjectTask.Status.NOT_APPLICABLE
                else ""
            )
            task.updated_by = by
            task.full_clean(exclude=["project", "definition", "updated_by", "assignee"])
            task._change_reason = "task edited"
            task.save()
            saved.append((task, assigned))
    for task, assigned in saved:
        if assigned and not task.is_settled:
            notifications.task_assigned(task=task, by=by)
    return [task for task, _assigned in saved]


def checklist_answer(*, project: PromiseProject, answers: dict[int, tuple[str, str]], by) -> int:
    """Save answers {statement_id: (answer, note)}; returns how many changed."""
    now = timezone.now()
    changed = 0
    with transaction.atomic():
        rows = ChecklistAnswer.objects.select_for_update().filter(
            project=project, statement_id__in=list(answers)
        )
        for row in rows:
            answer, note = answers[row.statement_id]
            if row.answer == answer and row.note == note:
                continue
            row.answer, row.note, row.answered_by, row.answered_at = answer, note, by, now
            row.save(update_fields=["answer", "note", "answered_by", "answered_at"])
            changed += 1
    return changed


def result_save(
    *,
    project: PromiseProject,
    definition: ResultDefinition,
    by,
    text: str,
    attachment=None,
    clear_attachment: bool = False,
) -> ProjectResult:
    if definition.provided_by and definition.provided_by in registry.result_providers:
        raise ValidationError(_("This result is produced by its own part of the app."))
    result, _created = ProjectResult.objects.get_or_create(project=project, definition=definition)
    result.text = text
    old = result.attachment.name if result.attachment else ""
    if clear_attachment:
        result.attachment = ""
    result.updated_by = by
    with removed_if_failed() as keep, transaction.atomic():
        if attachment is not None:  # stored now, removed again if the row is not saved
            result.attachment.save(attachment.name, attachment, save=False)
            keep(result.attachment.storage, result.attachment.name)
        result.save()
    if old and old != result.attachment.name:
        # The file goes only once the row no longer names it for good (a rolled-back
        # batch keeps both).
        storage = result.attachment.storage
        transaction.on_commit(lambda: storage.delete(old))
    return result


def results_save(*, project: PromiseProject, changes: list[tuple], by) -> list[ProjectResult]:
    """Save several document results of `project` at once (a phase's results page):
    `changes` is [(definition, text, attachment or None, clear_attachment)]; all or
    nothing."""
    saved = []
    with removed_if_failed() as keep, transaction.atomic():
        for definition, text, attachment, clear in changes:
            result = result_save(
                project=project,
                definition=definition,
                by=by,
                text=text,
                attachment=attachment,
                clear_attachment=clear,
            )
            if attachment is not None:  # a later change that fails removes it too
                keep(result.attachment.storage, result.attachment.name)
            saved.append(result)
    return saved


# -- transitions ----------------------------------------------------------------------


def _locked(project_id: int) -> PromiseProject:
    return PromiseProject.objects.select_for_update().select_related("region").get(pk=project_id)


def project_advance(
    *, project: PromiseProject, by, expected_phase: int, comment: str = ""
) -> PromiseProject:
    """Advance the project to the next phase if its rules hold.

    Safe under concurrent requests: the row is locked, and the phase the user saw must
    still be the phase; otherwise PhaseMoved. Refusals raise PhaseError with messages.
    """
    try:
        with transaction.atomic():
            locked = _locked(project.pk)
            if locked.phase != expected_phase:
                raise PhaseMoved(
                    _("The project has already moved to phase %(phase)d.") % {"phase": locked.phase}
                )
            if locked.is_last_phase:
                raise PhaseError(
                    _("Phase 6 is the last phase: start a new project for the next cycle.")
                )
            if not has_transition_perm(locked.advance, by):
                blockers = registry.blockers(locked, locked.phase)
                if blockers:
                    raise PhaseError(blockers)
                raise PhaseError(_("You do not have permission to advance the phase."))
            from_phase = locked.phase
            locked.advance()
            locked.phase_changed_at = timezone.now()
            locked.save(update_fields=["phase", "phase_changed_at"])
            PhaseTransition.objects.create(
                project=locked,
                kind=PhaseTransition.Kind.ADVANCE,
                from_phase=from_phase,
                to_phase=locked.phase,
                user=by,
                comment=comment,
            )
            # Listeners hear of the change once it is committed (never of a rolled-back one).
            transaction.on_commit(
                partial(
                    signals.phase_changed.send,
                    sender=PromiseProject,
                    project=locked,
                    from_phase=from_phase,
                    to_phase=locked.phase,
                    kind="advance",
                    by=by,
                )
            )
            notifications.phase_changed(
                project=locked, from_phase=from_phase, to_phase=locked.phase, kind="advance", by=by
            )
    except (ConcurrentTransition, TransitionNotAllowed) as exc:
        raise PhaseMoved(_("The project has already moved on; reload the page.")) from exc
    return locked


def approval_is_final_message() -> str:
    return _(
        "The council has already approved this promise, and an approved decision is final: "
        "the project cannot be returned for preparation. To change the promise, start a "
        "new project for its revision."
    )


def project_return_for_preparation(*, project: PromiseProject, by, reason: str) -> PromiseProject:
    """The council returns the matter: phase 4 back to phase 3, with the reason logged."""
    if not reason.strip():
        raise PhaseError(_("Write the reason the matter was returned for preparation."))
    try:
        with transaction.atomic():
            locked = _locked(project.pk)
            if locked.phase != DECISION_PHASE:
                raise PhaseMoved(
                    _("Only a project in phase 4 can be returned; it is in phase %(phase)d.")
                    % {"phase": locked.phase}
                )
            if locked.has_approval:
                raise PhaseError(approval_is_final_message())
            if not has_transition_perm(locked.return_for_preparation, by):
                raise PhaseError(_("You do not have permission to return the project."))
            locked.return_for_preparation()
            locked.phase_changed_at = timezone.now()
            locked.save(update_fields=["phase", "phase_changed_at"])
            PhaseTransition.objects.create(
                project=locked,
                kind=PhaseTransition.Kind.RETURN,
                from_phase=DECISION_PHASE,
                to_phase=PREPARATION_PHASE,
                user=by,
                comment=reason.strip(),
            )
            # Listeners hear of the change once it is committed (never of a rolled-back one).
            transaction.on_commit(
                partial(
                    signals.phase_changed.send,
                    sender=PromiseProject,
                    project=locked,
                    from_phase=DECISION_PHASE,
                    to_phase=PREPARATION_PHASE,
                    kind="return",
                    by=by,
                )
            )
            notifications.phase_changed(
                project=locked,
                from_phase=DECISION_PHASE,
                to_phase=PREPARATION_PHASE,
                kind="return",
                by=by,
            )
    except (ConcurrentTransition, TransitionNotAllowed) as exc:
        raise PhaseMoved(_("The project has already moved on; reload the page.")) from exc
    return locked


# -- the working days: timetable, personal settings -------------------------------------


def phase_plan_save(
    *, project: PromiseProject, plans: dict[int, tuple], meeting_on=None, by=None
) -> None:
    """Save the planned start and end of each phase {number: (start, end)} and the planned
    council meeting (kept on phase 4's plan)."""
    from .models import PhasePlan

    with transaction.atomic():
        for number, (starts_on, ends_on) in plans.items():
            if starts_on and ends_on and ends_on < starts_on:
                raise ValidationError(_("The end cannot be before the start."))
            PhasePlan.objects.update_or_create(
                project=project,
                phase=number,
                defaults={
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    **({"meeting_on": meeting_on} if number == DECISION_PHASE else {}),
                },
            )
        if 4 not in plans:
            PhasePlan.objects.update_or_create(
                project=project, phase=DECISION_PHASE, defaults={"meeting_on": meeting_on}
            )


def user_settings_save(*, user, language: str, wanted: list[str]):
    """Save the user's mail language and the notification kinds they want."""
    profile = notifications.profile_for(user)
    profile.language = language
    profile.muted = sorted(k.key for k in registry.notification_kinds if k.key not in wanted)
    profile.save(update_fields=["language", "muted"])
    return profile


def feed_token_renew(*, user):
    """A new secret address for the user's calendar feed; the old one stops working."""
    from .models.working_days import new_feed_token

    profile = notifications.profile_for(user)
    profile.feed_token = new_feed_token()
    profile.save(update_fields=["feed_token"])
    return profile
