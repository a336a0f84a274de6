"""The unchanged-save matrix: every form of every staff page, posted back exactly as the page
renders it, changes nothing that is stored.

Like the permission and language matrices, it walks every URL pattern of the project
(tests/security/test_permission_matrix.py fills each with the demo region's objects). On a
fully filled project (`filled_demo`: every translated text of every row in fi, sv and en,
every optional field of a commitment set), each staff page is fetched from /fi/, /sv/ and
/en/ as a role that may post its forms; every POST form on it is parsed and sent back as a
browser would send it untouched (every input, select, textarea and checked box with the
value the page gives it, and the form's save button), and every stored text, date, number
and link of the database is compared with what it was before (timestamps set on save, lock
versions and history rows aside). Each post is rolled back, so every form starts from the
same data.

A form is named by the URL name its action resolves to. A POST form whose name is in
neither `POSTED` (sent back) nor `EXCLUDED` (not sent, with the reason) fails the suite, as
does a name in either list that no page shows any more.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.test import Client
from django.utils import translation
from modeltranslation.translator import translator

from phases.scoping import scopes_disabled
from phases.templatetags.servicelofte import switch_language
from phases.translated import LANGS
from tests.security.test_permission_matrix import (
    EXPECT,
    READ_GET_EDIT_POST,
    World,
    kind_of,
    url_for,
    walk,
)

INTERFACES = ("fi", "sv", "en")
OUR_APPS = ("phases", "promises", "participation", "indicators")
# The roles that send a form: every one of these that may both open the page and post it
# (the permission declarations: tests/security/test_permission_matrix.py's EXPECT and
# READ_GET_EDIT_POST, which that matrix checks against the views).
SENDERS = ["preparer", "secretary", "region_admin", "working_group", "viewer"]

# Forms sent back unchanged: (the status a page answers to itself posted unchanged) —
# 302 saved (nothing changed), 200 a next step or the same page shown again,
# 400 refused as incomplete (a create form whose required fields the page leaves empty).
POSTED: dict[str, set[int]] = {
    # phases
    "phases:region_settings": {302},
    "phases:project_create": {400},
    "phases:task_edit": {302},
    "phases:phase_tasks": {302},
    "phases:phase_results": {302},
    "phases:checklist": {302},
    "phases:result_edit": {302},
    "phases:timeline": {302},
    "phases:members": {400},
    "phases:member_edit": {302},
    "phases:project_members": {302, 400},
    "phases:user_settings": {302},
    # promises
    "promises:strategy": {400},
    "promises:strategy_edit": {302},
    "promises:strategy_import": {400},
    "promises:promise_list": {400},
    "promises:promise_edit": {302},
    "promises:editor_perspective": {302},
    "promises:cell_edit": {302},
    "promises:statement_add": {400},
    "promises:statement_edit": {302},
    "promises:commitment_add": {400},
    "promises:commitment_edit": {302},
    "promises:finalisation": {302},
    "promises:versions": {302},
    "promises_decision:package": {302},
    "promises_decision:record": {200, 400},
    "promises:follow_up_list": {400},  # starting a report: the year is left empty
    "promises:follow_up": {302},
    # participation
    "participation:stakeholder_new": {400},
    "participation:stakeholder_edit": {302},
    "participation:plan_new": {400},
    "participation:plan_edit": {302},
    "participation:activity_new": {400},
    "participation:activity_edit": {302},
    "participation:input_new": {400},
    "participation:input_edit": {302},
    "participation:synthesis_edit": {302},
    "participation:settings": {302},
    "participation:round_new": {400},
    "participation:analysis": {200},  # its button opens the disposition form
    "participation:request_new": {400},
    "participation:body_record": {302},
    "participation:opinion_new": {400},
    "participation:opinion_statement_new": {400},
    "participation:opinion_results": {400},  # no statement ticked: nothing to turn
    # indicators
    "indicators:create": {400},
    "indicators:import": {400},
    "indicators:assessment_edit": {302},
    "indicators:detail": {400},
    "indicators:edit": {302},
}

# POST forms not sent back, and why: each one's purpose is to change something when sent.
EXCLUDED: dict[str, str] = {
    "logout": "ends the session",
    "set_language": "sets the interface language (a cookie), stores nothing of the project",
    "phases:advance": "a phase transition: sending it is the change",
    "phases:return": "a phase transition back: sending it is the change",
    "phases:member_remove": "removes a member: destructive by design",
    "promises:strategy_active": "takes a strategy node out of use (or back): a toggle",
    "promises:statement_delete": "deletes a statement: destructive by design",
    "promises:statement_move": "moves a statement: sending it is the change",
    "promises:commitment_delete": "deletes a commitment: destructive by design",
    "promises_decision:render_documents": "renders the decision documents anew: an action",
    "promises:follow_up_approve": "records the approval: freezes the report (an action)",
    "participation:round_close": "closes a comment round: a phase of the round",
    "participation:opinion_close": "closes an opinion round early: sending it is the change",
    "participation:moderation": "hides or shows comments: each button is an action",
    "participation:comment_perspective": (
        "accepts the suggested perspective of a response: the select starts at the "
        "suggestion, so sending it is the change"
    ),
    "participation:themes": "recomputes themes or answers one: each button is an action",
    "participation:opinion_moderation": "accepts or rejects a statement: each button is an action",
    "indicators:delete": "deletes an indicator: destructive by design",
    "indicators:measurement_delete": "deletes a measurement: destructive by design",
    "indicators:sotkanet_fetch": "fetches values from THL Sotkanet: an action (network)",
    "indicators:sotkanet_region": "links the region to Sotkanet: an action (network)",
}


# -- the fully filled project -----------------------------------------------------------


def _translated_columns(model) -> list[models.Field]:
    try:
        options = translator.get_options_for_model(model)
    except Exception:  # not registered
        return []
    names = {f"{name}_{lang}" for name in options.local_fields for lang in LANGS}
    return [f for f in model._meta.concrete_fields if f.name in names]


def fill_demo_completely() -> int:
    """Every empty translated column of every row gets a text of its own language (so fi,
    sv and en all hold text), and every commitment its optional fields (legal reference,
    the pending indicator's document, date and reason): the project as a diligent team
    leaves it. Written with `update()` (no history, no lock bump). Returns the columns
    filled."""
    filled = 0
    with scopes_disabled():
        for model in apps.get_models():
            if model._meta.app_label not in OUR_APPS:
                continue
            for column in _translated_columns(model):
                lang = column.name.rsplit("_", 1)[1]
                text = f"{lang} {column.name}"[: column.max_length or 4000]
                empty = models.Q(**{column.name: ""})
                if column.null:
                    empty |= models.Q(**{f"{column.name}__isnull": True})
                filled += model._base_manager.filter(empty).update(**{column.name: text})
        from promises.models import Commitment, StrategyGoal

        Commitment.objects.filter(indicator_pending_by__isnull=True).update(
            indicator_pending_by=datetime.date(2027, 6, 30)
        )
        StrategyGoal.objects.filter(code="").update(code="X 1")
    return filled


# -- what is stored ---------------------------------------------------------------------


def _compared(model) -> list[str]:
    """The columns compared: everything stored but the save's own bookkeeping (and the
    plain name of a translated field, which reads the active language's column)."""
    try:
        plain = set(translator.get_options_for_model(model).all_fields)
    except Exception:  # not registered
        plain = set()
    names = []
    for f in model._meta.concrete_fields:
        # content_version is the dashboard cache's key (phases/content.py), raised by any
        # save of the project's rows: a cache counter, not stored content
        if f.name in {"lock_version", "updated_by", "content_version"} or f.name in plain:
            continue
        if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
            continue
        names.append(f.attname)
    return names


def _models():
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.app_label
        if label not in OUR_APPS and model is not get_user_model():
            continue
        if model.__name__.startswith("Historical") or model._meta.proxy:
            continue
        yield model


def stored(only: set[str] | None = None) -> dict[tuple[str, object], tuple]:
    """(model, pk) -> the compared values of every row of our apps (and users); `only`:
    of these models (labels) alone."""
    rows = {}
    with scopes_disabled():
        for model in _models():
            if only is not None and model._meta.label not in only:
                continue
            names = [n for n in _compared(model) if n != "last_login"]
            for values in model._base_manager.values_list("pk", *names):
                rows[(model._meta.label, values[0])] = dict(zip(names, values[1:], strict=True))
    return rows


def _writes() -> dict[str, int] | None:
    """Rows inserted, updated and deleted so far in this transaction, per table: PostgreSQL
    counts them (pg_stat_xact_user_tables), those of a savepoint rolled back too. None
    where nothing counts them (another engine, or track_counts off)."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute("SHOW track_counts")
        if cursor.fetchone()[0] != "on":
            return None
        cursor.execute(
            "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
        )
        return dict(cursor.fetchall())


def _written_since(writes: dict[str, int] | None) -> set[str] | None:
    """The models (labels) whose table was written since `writes` was counted; None: not
    known, any may have been."""
    now = _writes()
    if writes is None or now is None:
        return None
    tables = {table for table, count in now.items() if count != writes.get(table, 0)}
    return {m._meta.label for m in _models() if m._meta.db_table in tables}


def refresh(baseline: dict, written: set[str] | None) -> None:
    """Bring `baseline` up to what is stored now in the models (labels) a page load wrote
    to (a profile or a feed address made on first view, say), so that a post's change to
    such a row is seen as a change, not as an added row; None: any may have been written."""
    if written is not None and not written:
        return
    for key in [k for k in baseline if written is None or k[0] in written]:
        del baseline[key]
    baseline.update(stored(only=written))


def differences(
    before: dict, after: dict, only: set[str] | None = None
) -> tuple[list[str], list[str]]:
    """(changed or removed rows with the columns that changed, added rows); `only`: the
    rows of these models (labels) alone, the others being known to be the same."""
    changed = []
    for key, old in before.items():
        if only is not None and key[0] not in only:
            continue
        new = after.get(key)
        if new is None:
            changed.append(f"{key[0]} #{key[1]} removed")
            continue
        diff = {k: (old[k], new[k]) for k in old if old[k] != new[k]}
        if diff:
            shown = {k: (str(a)[:60], str(b)[:60]) for k, (a, b) in diff.items()}
            changed.append(f"{key[0]} #{key[1]}: {shown}")
    added = [f"{k[0]} #{k[1]}" for k in after if k not in before]
    return changed, added


# -- the page's forms as a browser sends them ------------------------------------------


@dataclass
class PageForm:
    method: str
    action: str
    form_id: str = ""
    fields: list[tuple[str, str]] = field(default_factory=list)  # (name, value) sent
    buttons: list[tuple[str, str]] = field(default_factory=list)  # (name, value) of submits
    selects: dict = field(default_factory=dict)  # name -> [first option, selected...]

    def data(self, button: tuple[str, str] | None) -> dict[str, list[str]]:
        sent: dict[str, list[str]] = {}
        for name, value in self.fields:
            sent.setdefault(name, []).append(value)
        for name, (first, chosen, multiple) in self.selects.items():
            values = chosen or ([] if multiple or first is None else [first])
            sent.setdefault(name, []).extend(values)
        if button and button[0]:
            sent.setdefault(button[0], []).append(button[1])
        return sent


class FormParser(HTMLParser):
    """Every form of a page with what a browser would send for it untouched: inputs (not
    disabled; checkboxes and radios only when checked), textareas (one leading newline
    dropped, as HTML does), selects (the selected options, else the first of a single
    select), and the submit buttons to choose from; `form="id"` owners are followed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[PageForm] = []
        self.by_id: dict[str, PageForm] = {}
        self.ids: list[str] = []  # every element id, for the unique-ids check
        self.current: PageForm | None = None
        self.select: tuple[PageForm, str] | None = None
        self.textarea: list | None = None

    def _owner(self, attrs) -> PageForm | None:
        if attrs.get("form"):  # a form declared later on the page: keep it for then
            owner = self.by_id.get(attrs["form"])
            if owner is None:
                owner = self.by_id[attrs["form"]] = PageForm("", "", attrs["form"])
            return owner
        return self.current

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.append(a["id"])
        if tag == "form":
            form_id = a.get("id") or ""
            self.current = self.by_id.get(form_id) or PageForm("", "", form_id)
            self.current.method = (a.get("method") or "get").lower()
            self.current.action = a.get("action") or ""
            if form_id:
                self.by_id[form_id] = self.current
            self.forms.append(self.current)
            return
        form = self._owner(a)
        if form is None or "disabled" in a:
            if tag == "option" and self.select:
                self._option(a)
            return
        name = a.get("name") or ""
        if tag == "button":
            if (a.get("type") or "submit").lower() == "submit":
                form.buttons.append((name, a.get("value") or ""))
        elif tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in {"submit", "image"}:
                form.buttons.append((name, a.get("value") or ""))
            elif kind in {"checkbox", "radio"}:
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on")))
            elif kind in {"button", "reset", "file"}:
                return  # a browser sends no file when none is chosen
            else:
                form.fields.append((name, a.get("value") or ""))
        elif tag == "input" and (a.get("type") or "").lower() in {"submit", "image"}:
            form.buttons.append(("", a.get("value") or ""))
        elif tag == "textarea" and name:
            self.textarea = [form, name, ""]
        elif tag == "select" and name:
            form.selects[name] = [None, [], "multiple" in a]
            self.select = (form, name)
        elif tag == "option" and self.select:
            self._option(a)

    def _option(self, a):
        form, name = self.select
        entry = form.selects[name]
        value = a.get("value")
        if value is None:
            value = ""  # (options in the templates carry values)
        if entry[0] is None:
            entry[0] = value
        if "selected" in a:
            entry[1].append(value)

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            form, name, text = self.textarea
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            form.fields.append((name, text))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[2] += data


def parsed(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    parser.close()
    return parser


def duplicate_ids(html: str | FormParser) -> list[str]:
    parser = parsed(html) if isinstance(html, str) else html
    seen: set[str] = set()
    return sorted({i for i in parser.ids if i in seen or seen.add(i)})


def page_forms(html: str | FormParser) -> list[PageForm]:
    """The page's forms a person can send: those with a submit button."""
    parser = parsed(html) if isinstance(html, str) else html
    return [f for f in parser.forms if f.buttons]


# The button a person saving the form unchanged presses, where a form has several named
# ones and no plain "Save" (the others being actions of their own).
# A form whose buttons are all actions is not sent (nothing saves it unchanged); "answer"
# on the analysis page only opens the disposition form, so it is pressed like a save.
SAVE_BUTTON_NAMES = {"confirm", "edit"}
ACTION_BUTTON_NAMES = {"move", "delete", "recompute", "renew_feed", "analysis_done"}


def save_button(form: PageForm) -> tuple[str, str] | None:
    if not form.buttons:
        return None
    plain = [b for b in form.buttons if not b[0]]
    if plain:
        return plain[-1]
    saving = [b for b in form.buttons if b[0] in SAVE_BUTTON_NAMES]
    if saving:
        return saving[0]
    others = [b for b in form.buttons if b[0] not in ACTION_BUTTON_NAMES]
    return others[0] if others else None  # only actions: nothing saves it unchanged


# -- the walk ---------------------------------------------------------------------------


def _url_name(path: str) -> str | None:
    """The namespaced URL name a form's action resolves to."""
    from django.urls import Resolver404, resolve

    try:
        return resolve(path.split("?")[0]).view_name
    except Resolver404:
        return None


def _posters(name: str) -> set[str]:
    if name in READ_GET_EDIT_POST:
        return set(READ_GET_EDIT_POST[name])
    kind = EXPECT.get(name)
    if kind is None:
        return set()
    if kind.name == "staff":
        return set(kind.allowed)
    if kind.name == "logged_in":
        return set(SENDERS)
    return set()


@dataclass
class Sent:
    page: str
    name: str
    role: str
    status: int
    changed: list[str]
    added: list[str]
    content: str = ""


def walk_forms(world: World, iface: str, only: set[str] | None = None):
    """Post every known form of every staff page from `iface`, each as every role (of
    SENDERS) that may open the page, sees the form and may post it; returns what was sent
    and every POST form name seen (known or not). `only`: these forms alone."""
    with translation.override("fi"):
        pages = []
        for entry in walk():
            kind = kind_of(entry)
            if entry.namespace == "admin" or kind is None or kind.post_only:
                continue
            if kind.name not in {"staff", "logged_in"} or kind.expensive:
                continue
            if (
                only is None
                or entry.key in only
                or entry.key in ONLY_PAGES.get(next(iter(only)), ())
            ):
                pages.append((entry, kind, url_for(entry, world)))
    seen: set[str] = set()
    sent: list[Sent] = []
    baseline = stored()  # each post is rolled back: every form starts from this
    clients: dict[str, Client] = {}
    for entry, kind, url in pages:
        viewers = set(kind.allowed) if kind.name == "staff" else set(SENDERS)
        url = switch_language(url, iface)
        done: set[tuple[str, int, str]] = set()  # (form, its occurrence on the page, role)
        for role in [r for r in SENDERS if r in viewers]:
            client = clients.get(role)
            if client is None:
                client = clients[role] = Client(raise_request_exception=True)
                client.force_login(world.users[role])
            writes = _writes()
            response = client.get(url)
            refresh(baseline, _written_since(writes))
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            occurrences: dict[str, int] = {}
            html = parsed(response.content.decode())  # parsed once: ids and forms
            if duplicated := duplicate_ids(html):
                DUPLICATE_IDS[f"/{iface}/ {entry.key} as {role}"] = duplicated
            for form in page_forms(html):
                if form.method != "post":
                    continue
                target = form.action or url
                name = (_url_name(target) if target.startswith("/") else None) or target
                seen.add(name)
                occurrence = (name, occurrences.setdefault(name, 0), role)
                occurrences[name] += 1
                if name not in POSTED or occurrence in done or role not in _posters(name):
                    continue
                if save_button(form) is None:  # a form of action buttons only (renew, delete)
                    continue
                if only is not None and name not in only:
                    continue
                done.add(occurrence)
                sent.append(_send(client, entry.key, name, role, target, form, baseline))
    return sent, seen


# Pages whose element ids are not unique (filled by the walk; see the test below).
DUPLICATE_IDS: dict[str, list[str]] = {}

# A form posted from another page than its own (for the proof test's short walk).
ONLY_PAGES = {"promises:promise_edit": ("promises:editor",)}


def _send(client, page, name, role, target, form, before) -> Sent:
    with transaction.atomic():
        writes = _writes()
        response = client.post(target, form.data(save_button(form)))
        # Only the tables the post wrote to are read again (reading every row after each
        # post was a third of the walk); the others hold what they held before.
        written = _written_since(writes)
        after = stored(only=written)
        transaction.set_rollback(True)
    if written is not None:
        after = {**{k: v for k, v in before.items() if k[0] not in written}, **after}
    # the rows of the models not written to are `before`'s own: compared with themselves
    changed, added = differences(before, after, only=written)
    content = ""
    if response.status_code not in (301, 302, 303):
        content = response.content.decode()
    return Sent(page, name, role, response.status_code, changed, added, content)


# -- the tests --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def filled_demo(module_demo, django_db_blocker):
    """The module's demo filled completely, once: inside the module's transaction, so each
    test starts from the same filled rows (its own writes are rolled back)."""
    with django_db_blocker.unblock():
        assert fill_demo_completely() > 0
    return module_demo


@pytest.fixture
def filled_world(filled_demo, db, settings):
    settings.SOTKANET_BASE_URL = "http://127.0.0.1:9/rest/1.1"  # no network
    return World(filled_demo)


def _errors_of(content: str) -> str:
    import re

    found = re.findall(r'class="[^"]*error[^"]*"[^>]*>(.*?)<', content, re.S)
    return "; ".join(x.strip() for x in found if x.strip())[:400] or content[:300]


def check_unchanged(sent: list[Sent], iface: str) -> list[str]:
    problems = []
    for s in sent:
        where = f"/{iface}/ {s.page} → {s.name} as {s.role}"
        if s.changed:
            problems.append(f"{where} changed stored data: " + " | ".join(s.changed[:8]))
        if s.status not in POSTED[s.name]:
            problems.append(
                f"{where} answered {s.status} (expected {sorted(POSTED[s.name])}): "
                + _errors_of(s.content)
            )
        if s.added and s.status in (301, 302, 303) and POSTED[s.name] != {302}:
            problems.append(f"{where} added rows from an untouched create form: {s.added[:5]}")
    return problems


@pytest.mark.parametrize("iface", INTERFACES)
def test_every_form_posted_back_unchanged_changes_nothing(filled_world, iface):
    sent, seen = walk_forms(filled_world, iface)
    unknown = sorted(seen - set(POSTED) - set(EXCLUDED))
    assert not unknown, (
        "POST forms unknown to the unchanged-save matrix: add each to POSTED (sent back "
        f"unchanged) or EXCLUDED (with the reason) in {__file__}: {unknown}"
    )
    problems = check_unchanged(sent, iface)
    print(f"/{iface}/: {len(sent)} forms sent back unchanged:")
    print("\n".join(sorted(f"{s.page} -> {s.name} ({s.role}): {s.status}" for s in sent)))
    assert not problems, "\n".join(problems)
    assert len(sent) > 40, len(sent)
    unsent = sorted(set(POSTED) - {s.name for s in sent})
    assert not unsent, f"forms of POSTED that no page of the filled demo showed: {unsent}"
    unwalked = roles_not_sent(sent)
    assert not unwalked, f"roles that may post a form but did not send it: {unwalked}"
    # Every page the walk opened has unique ids (a label points at one field only).
    duplicated = {k: v for k, v in DUPLICATE_IDS.items() if k.startswith(f"/{iface}/")}
    assert not duplicated, f"pages with an id used twice: {duplicated}"


def roles_not_sent(sent: list[Sent]) -> dict[str, list[str]]:
    """For each form sent, the roles that may post it (the permission declarations) as
    which it was not sent back."""
    roles: dict[str, set[str]] = {}
    for s in sent:
        roles.setdefault(s.name, set()).add(s.role)
    missing = {name: sorted(_posters(name) - done) for name, done in roles.items()}
    return {name: names for name, names in missing.items() if names}


def test_every_name_of_the_matrix_is_a_url():
    """The lists name URL patterns that exist (a form that a page shows only in another
    state than the demo's, like a phase transition's button, stays listed)."""
    with translation.override("fi"):
        names = {e.key for e in walk()}
    stale = sorted((set(POSTED) | set(EXCLUDED)) - names)
    assert not stale, f"the matrix names URLs that no longer exist: {stale}"


def test_the_matrix_catches_a_form_that_blanks_a_field_it_does_not_show(filled_world, monkeypatch):
    """Put the vision form back to writing the slogan it does not show: the matrix fails."""
    from phases.translated import TranslatedFieldsMixin

    def every_language(self, name):
        return {lang: (self.cleaned_data.get(f"{name}_{lang}") or "").strip() for lang in LANGS}

    monkeypatch.setattr(TranslatedFieldsMixin, "texts", every_language)
    sent, _seen = walk_forms(filled_world, "sv", only={"promises:promise_edit"})
    assert sent
    problems = check_unchanged(sent, "sv")
    assert any("slogan_sv" in p and "outcomes_fi" in p for p in problems), problems
