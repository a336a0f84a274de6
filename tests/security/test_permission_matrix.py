"""Every URL pattern of the project × every role: the expected allow/deny.

The table EXPECT below is the one place that says who may open what. A URL name that is
not in it fails the suite: a new view cannot land without saying who may see it.

Kinds:
- PUBLIC: anybody, logged in or not (public promise pages, login, statements of policy).
- LOGGED_IN: any logged-in user; anonymous is sent to the login page.
- staff(...): a staff page of one region. The roles named may open it (200, or 405 for a
  POST-only endpoint); other members of the region get 403; a user of another region gets
  404 (tenancy: nothing is revealed); anonymous is sent to the login page. POSTs by the
  roles that may not open the page are refused in the same way and store nothing.
- ADMIN: Django's admin; none of the region roles is staff, so every admin page sends
  them to the admin login.
- SITE_ADMIN: a page of the site administrators (superusers or the global "add region"
  permission); every region role is refused (403), also on POST; anonymous goes to login.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from phases import roles
from phases.models import (
    ChecklistDefinition,
    ProjectResult,
    ProjectTask,
    RegionMembership,
    ResultDefinition,
)
from phases.permissions import DeclaredPermission, holds, needed
from phases.views.mixins import RegionMixin

User = get_user_model()

ROLES = [
    "region_admin",
    "preparer",
    "working_group",
    "secretary",
    "viewer",
    "stranger",
    "anonymous",
]
MEMBER_ROLES = {"region_admin", "preparer", "working_group", "secretary", "viewer"}
EDITORS = {"preparer", "working_group"}


@dataclass(frozen=True)
class Kind:
    name: str
    allowed: frozenset[str] = frozenset()
    ok: frozenset[int] = frozenset({200})  # what an allowed GET answers
    post_only: bool = False
    # Known gap: roles that should be refused but whose GET answers 200 today. Each is a
    # bug to fix in the view; when it is fixed the test fails until the gap is removed
    # here (like a strict xfail).
    gap: frozenset[str] = frozenset()
    expensive: bool = False  # e.g. a PDF render: GET as one allowed role only

    def expected(self, role: str) -> set[int]:
        if self.name == "public":
            return set(self.ok)
        if self.name == "logged_in":
            return {302} if role == "anonymous" else set(self.ok)
        if self.name == "admin":
            return {302}  # to the admin login: no region role is staff
        if self.name == "site_admin":
            return {302} if role == "anonymous" else {403}
        # staff
        if role == "anonymous":
            return {302}
        if role == "stranger":
            return {404}
        if role in self.allowed:
            return {405} if self.post_only else set(self.ok)
        # A POST-only endpoint may answer a GET with 405 before looking at rights; its
        # POST is what must be refused (checked separately).
        return {403, 405} if self.post_only else {403}


PUBLIC = Kind("public")
LOGGED_IN = Kind("logged_in")
ADMIN = Kind("admin")
SITE_ADMIN = Kind("site_admin")


def public(*ok: int) -> Kind:
    return Kind("public", ok=frozenset(ok or {200}))


def staff(allowed, *, post_only=False, ok=(200,), gap=(), expensive=False) -> Kind:
    allowed = frozenset(allowed)
    assert allowed <= MEMBER_ROLES, allowed
    return Kind(
        "staff",
        allowed=allowed,
        post_only=post_only,
        ok=frozenset(ok),
        gap=frozenset(gap) - allowed,
        expensive=expensive,
    )


# participation's form pages show their form to every member; only the POST is refused.
FORM_SHOWN_TO_ALL = MEMBER_ROLES


# -- THE TABLE: who may open what ----------------------------------------------------
ALL = MEMBER_ROLES
ADVANCERS = {"preparer"}  # advance_phase: rounds, statement requests
MANAGERS = {"region_admin", "preparer"}  # manage_project
STRATEGISTS = {"region_admin", "preparer"}  # manage_strategy
DECIDERS = {"secretary"}  # record_decision
PACKAGERS = {"preparer", "secretary"}  # prepare_decision

EXPECT: dict[str, Kind] = {
    # outside the language prefix
    "health": PUBLIC,
    "set_language": public(200, 204, 302),
    # OpenID Connect sign-in (no provider configured here: the start is 404, the callback
    # without a started sign-in answers the clear "could not be finished" page, 400)
    "oidc_callback": public(400),
    "oidc_start": public(404),
    # accounts and policy pages
    "login": PUBLIC,
    "logout": public(405),  # POST only
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "accessibility": PUBLIC,
    "privacy": PUBLIC,
    "phases:region_accessibility": PUBLIC,  # a region's own statement and notice
    "phases:region_privacy": PUBLIC,
    # phases
    "phases:region_list": LOGGED_IN,
    "phases:region_create": SITE_ADMIN,
    "phases:region_detail": staff(ALL),
    "phases:members": staff({"region_admin"}),
    "phases:region_settings": staff({"region_admin"}),
    "phases:member_edit": staff({"region_admin"}, post_only=True),
    "phases:member_remove": staff({"region_admin"}),  # GET: the confirmation page
    "phases:user_settings": LOGGED_IN,  # one's own settings only
    "phases:calendar_feed": public(200, 404),  # the secret token is the key; 404 otherwise
    "phases:project_create": staff({"region_admin", "preparer"}),
    "phases:project_dashboard": staff(ALL),
    "phases:project_phase": staff(ALL),
    "phases:task_edit": staff(EDITORS),
    "phases:phase_tasks": staff(EDITORS, post_only=True),  # the phase page's task table
    "phases:phase_results": staff(EDITORS),  # a phase's results written on one page
    "phases:checklist": staff(ALL),  # read for all; the POST needs edit rights
    "phases:result_edit": staff(ALL),  # read for all; the POST needs edit rights
    "phases:result_file": staff(ALL),
    "phases:advance": staff(ADVANCERS),  # GET: the confirmation page
    "phases:timeline": staff(ALL),  # read for all; the timetable POST needs manage_project
    "phases:return": staff({"preparer", "secretary"}),
    "phases:history": staff(ALL),
    "phases:project_members": staff(MANAGERS),
    # promises: strategy and the editor
    "promises:strategy": staff(ALL),
    "promises:strategy_edit": staff(STRATEGISTS),
    "promises:strategy_import": staff(STRATEGISTS, ok=(302,)),  # GET: back to the list
    "promises:strategy_active": staff(STRATEGISTS, post_only=True),
    "promises:promise_list": staff(ALL),
    "promises:editor": staff(ALL),
    "promises:editor_perspective": staff(ALL),  # read for all; the POST needs edit rights
    "promises:promise_edit": staff(EDITORS),
    "promises:cell_edit": staff(EDITORS),
    "promises:statement_add": staff(EDITORS),
    "promises:statement_edit": staff(EDITORS),
    "promises:statement_delete": staff(EDITORS, post_only=True),
    "promises:statement_move": staff(EDITORS, post_only=True),
    "promises:commitment_add": staff(EDITORS),
    "promises:commitment_edit": staff(EDITORS),
    "promises:commitment_delete": staff(EDITORS, post_only=True),
    "promises:finalisation": staff(ALL),
    "promises:versions": staff(ALL),
    "promises:version_detail": staff(ALL),
    "promises:compare": staff(ALL),
    "promises:wheel": staff(ALL),
    "promises:promise_history": staff(ALL),
    # promises: the decision
    "promises_decision:package": staff(ALL),
    "promises_decision:preview": staff(ALL),
    "promises_decision:preview_pdf": staff(ALL, expensive=True),
    "promises_decision:record": staff(DECIDERS),
    "promises_decision:render_documents": staff(DECIDERS, post_only=True),
    # public pages: only what was approved
    "public:promise": PUBLIC,
    "public:json": PUBLIC,
    "public:archive": PUBLIC,
    "public:decision": PUBLIC,
    "public:decision_json": PUBLIC,
    "public:document": PUBLIC,
    "public:summary": PUBLIC,
    "public:follow_up": PUBLIC,  # a published follow-up report (404 while unpublished)
    "public:follow_up_pdf": PUBLIC,
    "public:follow_up_json": PUBLIC,
    "promises:follow_up_list": staff(ALL),  # read for all; starting one needs edit rights
    "promises:follow_up": staff(ALL),  # read for all; its texts need edit rights
    "promises:follow_up_approve": staff(DECIDERS, post_only=True),
    "promises:follow_up_publish": staff(DECIDERS, post_only=True),
    "api:regions": PUBLIC,
    "api:schema": PUBLIC,
    "indicators:national": PUBLIC,
    # participation
    "participation:overview": staff(ALL),
    "participation:stakeholder_new": staff(EDITORS),
    "participation:stakeholder_edit": staff(EDITORS),
    "participation:plan_new": staff(EDITORS),
    "participation:plan_edit": staff(EDITORS),
    "participation:activity_new": staff(EDITORS),
    "participation:activity_edit": staff(EDITORS),
    "participation:inputs": staff(ALL),
    "participation:input_new": staff(EDITORS),
    "participation:input_detail": staff(ALL),
    "participation:input_edit": staff(EDITORS),
    "participation:synthesis": staff(ALL),
    "participation:synthesis_edit": staff(EDITORS),
    "participation:matrix": staff(ALL),
    "participation:settings": staff(MANAGERS),
    "participation:round_new": staff(ADVANCERS),
    "participation:round": staff(ALL),
    "participation:round_close": staff(ADVANCERS),  # GET: the confirmation page
    "participation:moderation": staff(EDITORS),
    "participation:analysis": staff(ALL),  # read for all; dispositions need edit rights
    "participation:summary": staff(ALL),
    "participation:themes": staff(ALL),  # read for all; recompute and answers need edit rights
    "participation:themes_export": staff(ALL),
    "participation:comment_perspective": staff(EDITORS, post_only=True),
    "participation:export": staff(ALL),
    "participation:request_new": staff(ADVANCERS),
    "participation:body_record": staff(EDITORS),
    "participation:body_file": staff(ALL, ok=(200, 404)),  # 404: no file by post yet
    "participation:feedback_list": staff(ALL),
    "participation:public_round": PUBLIC,
    "participation:statement": PUBLIC,
    "participation:statement_file": public(200, 404),  # 404 until the body sends a file
    "participation:feedback": PUBLIC,
    "participation:feedback_thanks": PUBLIC,
    # participation: the opinion round (phase 2)
    "participation:opinion_list": staff(ALL),
    "participation:opinion_new": staff(ADVANCERS),
    "participation:opinion": staff(ALL),
    "participation:opinion_close": staff(ADVANCERS, post_only=True),
    "participation:opinion_statement_new": staff(EDITORS),
    "participation:opinion_moderation": staff(EDITORS),
    "participation:opinion_results": staff(ALL),  # read for all; inputs need edit rights
    "participation:public_opinion": PUBLIC,
    # POST only; a GET (a reload, a shared link) is sent to the round's page
    "participation:public_opinion_statement": public(302),
    "participation:public_opinion_results": PUBLIC,
    "participation:public_opinion_export": PUBLIC,
    # indicators
    "indicators:overview": staff(ALL),
    "indicators:create": staff(EDITORS),
    "indicators:import": staff(EDITORS),
    "indicators:export": staff(ALL),
    "indicators:evaluation_current": staff(ALL, ok=(302,)),  # to the current year
    "indicators:evaluation": staff(ALL),
    "indicators:assessment_edit": staff(EDITORS),
    "indicators:detail": staff(ALL),  # read for all; adding a measurement needs edit rights
    "indicators:edit": staff(EDITORS),
    "indicators:delete": staff(EDITORS),
    "indicators:measurement_delete": staff(EDITORS, post_only=True),
    "indicators:sotkanet_fetch": staff(EDITORS, post_only=True),
    "indicators:sotkanet_region": staff(STRATEGISTS),
}

# Pages that change something: whoever may only read is refused (403), also on POST.
WRITE_PAGES = {
    key for key, kind in EXPECT.items() if kind.name == "staff" and "viewer" not in kind.allowed
}
# Pages everybody in the region may read (GET) but whose POST needs more rights.
READ_GET_EDIT_POST = {
    "phases:checklist": EDITORS,
    "phases:timeline": MANAGERS,
    "phases:result_edit": EDITORS,
    "promises:strategy": STRATEGISTS,
    "promises:promise_list": EDITORS,
    "promises:editor_perspective": EDITORS,
    "promises:finalisation": EDITORS,
    "promises:versions": EDITORS,
    "promises_decision:package": PACKAGERS,
    "promises:follow_up_list": EDITORS,
    "promises:follow_up": EDITORS,
    "participation:analysis": EDITORS,
    "participation:themes": EDITORS,
    "participation:feedback_list": EDITORS,
    "participation:opinion_results": EDITORS,
    "indicators:detail": EDITORS,
}


# -- the URL kwargs, filled with objects of the demo region -----------------------------
class World:
    """The demo data (`seed_demo`): region "esimerkki" with a finished project (phase 6,
    approved and published) and a current one (phase 3, comment round open), a user per
    role, and a preparer of another region (the stranger)."""

    def __init__(self, demo):
        from phases.roles import Role

        self.region = demo["region"]
        self.projects = [demo["current"], demo["finished"]]
        self.users = {Role(role).value: user for role, user in demo["users"].items()}
        self.users["stranger"] = User.objects.get(username="toinen")
        self._results = {}

    def result(self, project):
        if project.pk not in self._results:
            definition = ResultDefinition.objects.filter(phase__number=1, provided_by="").first()
            record, _ = ProjectResult.objects.get_or_create(project=project, definition=definition)
            if not record.attachment:
                record.attachment.save("plan.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
            self._results[project.pk] = definition.pk
        return self._results[project.pk]


def _pk(queryset):
    obj = queryset.order_by("pk").first()
    return obj.pk if obj else None


def _promise_kwargs():
    from promises.models import (
        Commitment,
        PerspectiveCell,
        Promise,
        PromiseStatement,
        PromiseVersion,
        StrategyGoal,
    )

    def promise(w, p, c):
        c["promise"] = _pk(Promise.objects.filter(project=p))
        return c["promise"]

    def commitment(w, p, c):
        if c.get("promise"):
            return _pk(Commitment.objects.filter(promise_id=c["promise"]))
        return _pk(Commitment.objects.filter(promise__project=p))

    return {
        "goal": lambda w, p, c: _pk(StrategyGoal.objects.filter(region=p.region)),
        "promise": promise,
        "cell": lambda w, p, c: _pk(PerspectiveCell.objects.filter(promise_id=c["promise"])),
        "statement": lambda w, p, c: _pk(
            PromiseStatement.objects.filter(cell__promise_id=c["promise"])
        ),
        "commitment": commitment,
        "version": lambda w, p, c: _pk(PromiseVersion.objects.filter(promise_id=c["promise"])),
    }


def _decision_kwargs():
    from phases.models import CouncilDecision
    from promises.models import DecisionDocument

    return {
        "decision": lambda w, p, c: _pk(
            CouncilDecision.objects.filter(project__region=p.region, documents__isnull=False)
        ),
        "document": lambda w, p, c: _pk(
            DecisionDocument.objects.filter(decision__project__region=p.region)
        ),
    }


def _follow_up_kwargs():
    from promises.models import FollowUpReport

    def report(w, p, c):
        # the one in preparation (its page shows the forms), else any
        reports = FollowUpReport.objects.filter(decision__project=p)
        return _pk(reports.filter(published_at__isnull=True)) or _pk(reports)

    return {"report": report}


def _published_follow_up_year(w, p, c):
    from promises.models import FollowUpReport

    report = FollowUpReport.objects.filter(
        decision__project__region=p.region, published_at__isnull=False
    ).first()
    return report.year if report else None


def _participation_kwargs():
    from participation.models import (
        Activity,
        Comment,
        CommentRound,
        Input,
        OpinionRound,
        PlanItem,
        RequestedBody,
        Stakeholder,
    )

    def round_(w, p, c):
        c["round"] = _pk(CommentRound.objects.filter(project=p))
        return c["round"]

    return {
        "stakeholder": lambda w, p, c: _pk(Stakeholder.objects.filter(project=p)),
        "item": lambda w, p, c: _pk(PlanItem.objects.filter(project=p)),
        "activity": lambda w, p, c: _pk(Activity.objects.filter(project=p)),
        "input": lambda w, p, c: _pk(Input.objects.filter(project=p)),
        "perspective": lambda w, p, c: "access",
        "round": round_,
        "fmt": lambda w, p, c: "csv",
        "body": lambda w, p, c: _pk(RequestedBody.objects.filter(request__round_id=c["round"])),
        "comment": lambda w, p, c: _pk(Comment.objects.filter(round_id=c["round"])),
        "opinion": lambda w, p, c: _pk(OpinionRound.objects.filter(project=p)),
    }


def _feed_token(w):
    from phases.platform.notifications import profile_for

    return profile_for(w.users["preparer"]).feed_token


def _statement_token(w, p, c):
    from participation.models import RequestedBody

    body = RequestedBody.objects.filter(request__round__project=p).order_by("pk").first()
    return body.token if body else None


def _indicator_kwargs():
    from indicators.models import Indicator, Measurement

    def indicator(w, p, c):
        c["indicator"] = _pk(Indicator.objects.filter(project=p))
        return c["indicator"]

    return {
        "indicator": indicator,
        "measurement": lambda w, p, c: _pk(Measurement.objects.filter(indicator_id=c["indicator"])),
        "year": lambda w, p, c: p.term_start,
    }


KWARGS: dict[str, Callable] = {
    "region": lambda w, p, c: p.region.slug,
    "project": lambda w, p, c: p.pk,
    "phase": lambda w, p, c: p.phase,
    "task": lambda w, p, c: _pk(ProjectTask.objects.filter(project=p)),
    "checklist": lambda w, p, c: _pk(ChecklistDefinition.objects.filter(phase__number=1)),
    "result": lambda w, p, c: w.result(p),
    "membership": lambda w, p, c: (
        RegionMembership.objects.get(region=p.region, user=w.users["viewer"]).pk
    ),
    "uidb64": lambda w, p, c: "MQ",
    "feed_token": lambda w, p, c: _feed_token(w),
    "token": lambda w, p, c: "set-password",
    "provider": lambda w, p, c: "default",  # an identity provider's name (none configured)
    **_promise_kwargs(),
    **_decision_kwargs(),
    **_follow_up_kwargs(),
    **_participation_kwargs(),
    **_indicator_kwargs(),
}
# Where a kwarg name means something else for one URL.
KWARGS_FOR_URL: dict[str, dict[str, Callable]] = {
    "participation:statement": {"token": _statement_token},
    "participation:statement_file": {"token": _statement_token},
    "phases:phase_results": {"phase": lambda w, p, c: 1},  # phase 1 asks for written results
    # the demo's published follow-up report (2025), not the term's first year
    "public:follow_up": {"year": _published_follow_up_year},
    "public:follow_up_pdf": {"year": _published_follow_up_year},
    "public:follow_up_json": {"year": _published_follow_up_year},
}
ADMIN_KWARGS = {
    "app_label": "phases",
    "object_id": "1",
    "object_pk": "1",
    "id": "1",
    "content_type_id": "1",
    "url": "does-not-exist/",
    "user_id": "1",
    "group_id": "1",
}


@dataclass
class Entry:
    key: str  # namespaced URL name ("phases:task_edit") or "ns:<route>" when unnamed
    namespace: str | None
    name: str | None
    kwarg_names: list[str] = field(default_factory=list)
    route: str = ""
    positional: int = 0
    view_class: type | None = None  # a class-based view's class


def walk(patterns=None, namespace=None, prefix="") -> list[Entry]:
    """Every URL pattern of the project, with its namespace, also inside i18n_patterns."""
    entries = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            part = "" if isinstance(p.pattern, LocalePrefixPattern) else str(p.pattern)
            entries += walk(p.url_patterns, full_ns, prefix + part)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            kwarg_names = list(p.pattern.regex.groupindex)
            key = f"{namespace}:{p.name}" if namespace else p.name
            if not p.name:
                key = f"{namespace}:<{route}>"
            positional = p.pattern.regex.groups - len(kwarg_names)
            view_class = getattr(p.callback, "view_class", None)
            entries.append(
                Entry(key, namespace, p.name, kwarg_names, route, positional, view_class)
            )
    return entries


def kind_of(entry: Entry) -> Kind | None:
    if entry.namespace == "admin" or (entry.namespace or "").startswith("admin:"):
        if entry.name == "login":
            return PUBLIC
        return ADMIN
    return EXPECT.get(entry.key)


def url_for(entry: Entry, world: World) -> str:
    """The URL of `entry` with its kwargs filled from the demo region: the first project
    (current, then finished) in which every kwarg names an object."""
    if entry.namespace == "admin":
        if entry.name is None:
            return "/fi/admin/does-not-exist/"
        missing = [k for k in entry.kwarg_names if k not in ADMIN_KWARGS]
        assert not missing, f"{entry.key}: add {missing} to ADMIN_KWARGS in {__file__}"
        if entry.positional:  # e.g. simple_history's admin views: positional groups
            return reverse(entry.key, args=["1"] * entry.positional)
        return reverse(entry.key, kwargs={k: ADMIN_KWARGS[k] for k in entry.kwarg_names})
    assert entry.name, f"The URL pattern {entry.route!r} has no name: give it one."
    resolvers = {**KWARGS, **KWARGS_FOR_URL.get(entry.key, {})}
    unknown = [k for k in entry.kwarg_names if k not in resolvers]
    if unknown:
        pytest.fail(
            f"{entry.key}: the URL kwarg(s) {unknown} are unknown to the permission matrix. "
            f"Add to KWARGS in {__file__} how to fill each with an object of the demo region."
        )
    for project in world.projects:
        context: dict = {}
        kwargs = {}
        for name in entry.kwarg_names:
            value = resolvers[name](world, project, context)
            if value is None:
                break
            kwargs[name] = value
        else:
            return reverse(entry.key, kwargs=kwargs)
    pytest.fail(
        f"{entry.key}: the demo data has no object for every kwarg of {entry.route!r} "
        "in one project; make seed_demo create one (or fill it in World)."
    )


@pytest.fixture
def world(module_demo, db, settings):
    """The demo, seeded once per module (each test's writes are rolled back)."""
    # No network: a closed local port, so the Sotkanet region page shows its error at once.
    settings.SOTKANET_BASE_URL = "http://127.0.0.1:9/rest/1.1"
    return World(module_demo)


def _client(role, world):
    client = Client(raise_request_exception=False)  # a server error is a 500 in the report
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def test_every_url_pattern_is_classified():
    with translation.override("fi"):
        entries = walk()
    names = {e.key for e in entries}
    unclassified = sorted(e.key for e in entries if kind_of(e) is None)
    assert not unclassified, (
        "These URL names are not classified in the permission matrix. Add each to EXPECT in "
        f"{__file__} (PUBLIC, LOGGED_IN or staff(<roles that may open it>)), and to "
        f"READ_GET_EDIT_POST if everybody may read it but only some may post: {unclassified}"
    )
    stale = sorted((set(EXPECT) | set(READ_GET_EDIT_POST)) - names)
    assert not stale, f"The matrix names URLs that no longer exist: {stale}"


def test_viewer_may_not_open_write_pages():
    assert WRITE_PAGES, "no write pages?"
    for key in WRITE_PAGES:
        assert "viewer" not in EXPECT[key].allowed, key
    for key, allowed in READ_GET_EDIT_POST.items():
        assert "viewer" not in allowed, key


# -- the views' declared permissions agree with the table ------------------------------
HANDLERS = ("get", "post", "put", "patch", "delete")
OUR_APPS = ("phases", "promises", "participation", "indicators")


def _staff_entries() -> list[Entry]:
    with translation.override("fi"):
        return [e for e in walk() if (kind := kind_of(e)) is not None and kind.name == "staff"]


def _holders(view: type, need) -> set[str]:
    """The region roles whose permissions (phases/roles.py) satisfy `need` on the view's
    object: the region for a RegionMixin view, else the project."""
    table = roles.REGION_PERMISSIONS if issubclass(view, RegionMixin) else roles.PROJECT_PERMISSIONS
    return {role.value for role, perms in table.items() if holds(perms, need)}


@functools.cache
def _class_sources(path: str) -> dict[str, str]:
    """Every class of a module file, by qualified name, with its source: the module parsed
    once (`inspect.getsource` of a class parses the whole module again for each class,
    seconds for the ~120 view classes and mixins)."""
    text = Path(path).read_text()
    sources: dict[str, str] = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                sources[prefix + child.name] = ast.get_source_segment(text, child)
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, f"{prefix}{child.name}.<locals>.")

    visit(ast.parse(text), "")
    return sources


def _source(cls: type) -> str:
    return _class_sources(inspect.getsourcefile(cls))[cls.__qualname__]


def test_every_staff_view_declares_its_permission():
    """Every staff view is a RegionMixin or ProjectMixin view whose `permission` names a
    permission for its POST handler (if any; its GET is checked against the table below)
    and for no method it has no handler for; and no class of it refuses by hand: the base
    mixin checks the declaration once, before the handler. A method not declared is 405."""
    problems = []
    for entry in _staff_entries():
        view = entry.view_class
        if view is None or not issubclass(view, DeclaredPermission):
            problems.append(f"{entry.key}: not a RegionMixin or ProjectMixin view")
            continue
        handlers = {m.upper() for m in HANDLERS if hasattr(view, m)}
        declared = {key.split(":")[0] for key in view.permission}
        if declared - handlers:
            problems.append(f"{entry.key}: declares {sorted(declared - handlers)}, no handler")
        if hasattr(view, "post") and "POST" not in declared:
            problems.append(f"{entry.key} ({view.__name__}): a POST handler, no declaration")
        for cls in view.__mro__:
            if cls.__module__.split(".")[0] in OUR_APPS and cls.__module__ != "phases.permissions":
                if "PermissionDenied" in _source(cls):
                    problems.append(f"{entry.key}: {cls.__name__} refuses in its own code")
    assert not problems, "\n".join(problems)


def test_declared_permissions_agree_with_the_matrix():
    """The roles a view's declaration lets GET and POST are the roles EXPECT (and
    READ_GET_EDIT_POST) name for it: changing either alone fails here."""
    mismatches = []
    for entry in _staff_entries():
        kind, view = kind_of(entry), entry.view_class
        if view is None or not issubclass(view, DeclaredPermission):
            continue  # reported by test_every_staff_view_declares_its_permission
        get, post = needed(view.permission, "GET"), needed(view.permission, "POST")
        if kind.post_only and get is not None:
            mismatches.append(f"{entry.key}: post_only in EXPECT, but GET is declared ({get})")
        if not kind.post_only:
            want = set(kind.allowed | kind.gap)
            got = _holders(view, get) if get is not None else set()
            if got != want:
                mismatches.append(
                    f"{entry.key}: GET declared {get} lets {sorted(got)}, EXPECT {sorted(want)}"
                )
        want = set(READ_GET_EDIT_POST.get(entry.key, kind.allowed))
        if post is None:
            if entry.key in READ_GET_EDIT_POST or kind.post_only:
                mismatches.append(f"{entry.key}: the matrix expects a POST; none is declared")
        elif (got := _holders(view, post)) != want:
            mismatches.append(
                f"{entry.key}: POST declared {post} lets {sorted(got)}, the matrix {sorted(want)}"
            )
    assert not mismatches, "\n".join(mismatches)


WHO_MAY = re.compile(r'{%\s*who_may\s+"([^"]+)"')
ROOT = Path(__file__).resolve().parents[2]


def test_who_may_notes_name_the_roles_the_matrix_allows():
    """A page that hides an action says who may do it: `{% who_may "<URL name>" %}` reads
    the declaration of the view that does the action, so the roles it names are the ones
    the matrix lets post there (the region administrator left out where others can)."""
    from phases.templatetags.servicelofte import who_may

    used = {
        (path.relative_to(ROOT), name)
        for app in ("templates", *OUR_APPS)
        for path in (ROOT / app).rglob("*.html")
        for name in WHO_MAY.findall(path.read_text())
    }
    assert used, "no who_may notes found"
    for path, name in sorted(used):
        assert name in EXPECT, f"{path}: who_may {name!r} names no view (give its URL name)"
        kind = EXPECT[name]
        allowed = set(READ_GET_EDIT_POST.get(name, kind.allowed))
        allowed = allowed - {"region_admin"} or allowed
        with translation.override("en"):
            names = sorted(str(roles.Role(r).label) for r in allowed)
            assert sorted(who_may(name)["roles"]) == names, path


def _check(failures, gaps, kind, key, role, method, url, status, expected):
    if method == "GET" and role in kind.gap:
        if status == 200:
            gaps.append(f"{key} as {role}")
        else:
            failures.append(
                f"GET {url} ({key}) as {role}: {status}: the known gap is fixed, remove "
                f"{role!r} from its gap= in EXPECT"
            )
        return
    if status not in expected:
        failures.append(f"{method} {url} ({key}) as {role}: {status}, expected {sorted(expected)}")


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(world, role):
    """GET every URL as `role`; then POST to every page `role` may not change: refused
    (403 member, 404 stranger, login for anonymous), nothing stored. One test per role,
    so the walk runs on both cores."""
    with translation.override("fi"):
        entries = walk()
        urls = [(e, kind_of(e), url_for(e, world)) for e in entries]
    failures: list[str] = []
    gaps: list[str] = []
    client = _client(role, world)
    for entry, kind, url in urls:
        if kind.expensive and role in kind.allowed and role != min(kind.allowed):
            continue
        expected = kind.expected(role)
        response = client.get(url)
        status = response.status_code
        _check(failures, gaps, kind, entry.key, role, "GET", url, status, expected)
        where = response.get("Location", "")
        if (
            status == 302
            and role == "anonymous"
            and kind.name in {"staff", "logged_in", "site_admin"}
        ):
            if "/accounts/login/" not in where:
                failures.append(f"GET {url} as {role}: redirected to {where}")
        elif status == 302 and kind.name == "admin" and "/admin/" not in where:
            failures.append(f"GET {url} as {role}: redirected to {where}")

    counts_before = _row_counts()
    client = _client(role, world)
    for entry, kind, url in urls:
        if kind.name not in {"staff", "site_admin"}:
            continue
        allowed = READ_GET_EDIT_POST.get(entry.key, kind.allowed)
        if role in allowed:
            continue
        expected = {302} if role == "anonymous" else {404} if role == "stranger" else {403}
        if kind.name == "site_admin":
            expected = {302} if role == "anonymous" else {403}
        response = client.post(url, HOSTILE_POST)
        status = response.status_code
        _check(failures, [], kind, entry.key, role, "POST", url, status, expected)
    if gaps:
        print(f"{len(gaps)} known gaps (a form shown to a role that may not send it):")
        print("\n".join(f"  {g}" for g in gaps))
    assert not failures, "\n".join(failures)
    assert _row_counts() == counts_before, "a refused POST stored something"


HOSTILE_POST = {
    "status": "done",
    "role": "viewer",
    "username": "intruder",
    "text": "forged",
    "title_fi": "forged",
    "title": "forged",
    "name_fi": "forged",
    "comment": "forged",
    "expected_phase": "3",
    "delete": "1",
}


def _row_counts() -> dict[str, int]:
    """The rows of every table of our apps (history aside), counted in one query."""
    from django.apps import apps
    from django.db import connection

    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in {"phases", "promises", "participation", "indicators"}
        and not model._meta.label.split(".")[-1].startswith("Historical")
    ]
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT count(*) FROM {quote(m._meta.db_table)})" for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return {model._meta.label: count for model, count in zip(models, row, strict=True)}
