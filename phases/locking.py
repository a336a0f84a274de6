"""Optimistic locking, the one way: every editable row carries `lock_version`.

A form carries the lock_version the user started from. The service reads the row with
`locked()` (or `locked_or_new()` for a row created on its first save) inside its
transaction: the row comes back locked for update with its version already bumped for the
save, or `EditConflict` is raised when somebody saved in between, and nothing is written.

A page then merges the two saves field by field (`ConflictMixin`, `FieldMerge`): the
values the user started from come from the row's history (`at_version`) or, for a row
without history, from a signed copy the form was sent with (`with_base`, `BASE_FIELD`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _


class EditConflict(ValidationError):
    """The row changed after the user opened it. `current` is the row as it is now
    (`currents` all of them when one save touched several); the message is for the user."""

    def __init__(self, current=None, message=None, *, currents=None):
        super().__init__(
            message
            or _(
                "Someone else saved this while you were editing. Your text is kept below: "
                "reload the page to see their changes, then save again."
            ),
            code="conflict",
        )
        self.currents = list(currents) if currents else ([current] if current is not None else [])
        self.current = current if current is not None else next(iter(self.currents), None)


def _queryset(model_or_queryset) -> QuerySet:
    if isinstance(model_or_queryset, QuerySet):
        return model_or_queryset
    return model_or_queryset._default_manager.all()


def locked(model_or_queryset: type[Model] | QuerySet, lock_version: int | None, **lookup):
    """The row matching `lookup`, locked for update and at the next version for the save;
    EditConflict if it moved on from `lock_version`, DoesNotExist if there is none."""
    current = _queryset(model_or_queryset).select_for_update().get(**lookup)
    if current.lock_version != lock_version:
        raise EditConflict(current)
    current.lock_version += 1
    return current


def locked_delete(
    model_or_queryset: type[Model] | QuerySet,
    lock_version: int | None,
    *,
    by,
    reason: str,
    **lookup,
) -> None:
    """Delete the row matching `lookup` if it is still at `lock_version` (EditConflict
    otherwise), with `by` and `reason` in its history (django-simple-history)."""
    with transaction.atomic():
        current = locked(model_or_queryset, lock_version, **lookup)
        current._history_user = by
        current._change_reason = reason
        current.delete()


def locked_or_new(model_or_queryset: type[Model] | QuerySet, lock_version: int | None, **lookup):
    """Like `locked()` for a row created on its first save (stored empty if missing).

    A user who opened the page before the row existed sends no version (None or 0) or the
    version a new row starts at; anything else is a conflict, as is a row that somebody
    else created meanwhile, since it is at a later version once saved."""
    current, created = _queryset(model_or_queryset).select_for_update().get_or_create(**lookup)
    started_from = (None, 0, current.lock_version) if created else (current.lock_version,)
    if lock_version not in started_from:
        raise EditConflict(current)
    current.lock_version += 1
    return current


def at_version(model: type[Model], pk, lock_version: int | None):
    """The row as it was saved at `lock_version`, from its history (django-simple-history),
    or None when that is not known (no history, or a version written without one)."""
    history = getattr(model, "history", None)
    if history is None or not lock_version:
        return None
    record = (
        history.filter(**{model._meta.pk.attname: pk, "lock_version": lock_version})
        .order_by("-history_date", "-history_id")
        .first()
    )
    if record is None:
        return None
    instance = record.instance
    # The constructor passes a translated field's plain name through modeltranslation,
    # which writes it into the active language's column: copy every column as stored.
    for field in model._meta.concrete_fields:
        if field.attname not in _translated_plain(model):
            setattr(instance, field.attname, getattr(record, field.attname))
    return instance


def _translated_plain(model) -> set[str]:
    from modeltranslation.translator import NotRegistered, translator

    try:
        return set(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return set()


def _same(a, b) -> bool:
    def norm(value):
        if isinstance(value, (list, tuple, set)) or hasattr(value, "values_list"):
            return sorted(str(getattr(v, "pk", v)) for v in value)
        if value is None:
            return ""
        return str(getattr(value, "pk", value)).strip()

    return norm(a) == norm(b)


class FieldMerge:
    """Who changed what, field by field, when a save started from an older version.

    `base` are the form's values at the version the user started from (None: unknown),
    `current` the values saved meanwhile; the bound `form` holds what the user sent. A
    field the user did not change takes the current value; a field only the user changed
    keeps theirs; a field both changed to different values is a conflict. A field whose
    base is unknown counts as changed by both."""

    def __init__(self, form, base: dict | None, current: dict, *, unversioned=()):
        self.form = form
        self.conflicts: list[str] = []
        self.theirs: list[str] = []  # not changed by the user: the current value stays
        self.mine: list[str] = []  # changed by the user only
        for name in form.fields:
            if name in ("lock_version", BASE_FIELD) or not self._sent(name):
                continue
            known = base is not None and name in base and name not in unversioned
            mine_changed = self._changed(name, base[name]) if known else True
            theirs_changed = not _same(base[name], current.get(name)) if known else True
            if not mine_changed:
                self.theirs.append(name)
            elif not theirs_changed or not self._changed(name, current.get(name)):
                self.mine.append(name)
            else:
                self.conflicts.append(name)

    def _sent(self, name) -> bool:
        field = self.form.fields[name]
        if hasattr(self.form, "was_sent"):
            return self.form.was_sent(name)
        return not field.widget.value_omitted_from_data(
            self.form.data, self.form.files, self.form.add_prefix(name)
        )

    def _changed(self, name, initial) -> bool:
        field = self.form.fields[name]
        data = field.widget.value_from_datadict(
            self.form.data, self.form.files, self.form.add_prefix(name)
        )
        if isinstance(initial, (list, tuple)):
            initial = [getattr(v, "pk", v) for v in initial]
        return field.has_changed(initial, data)


@dataclass(frozen=True)
class PageRow:
    """One row of a page that saves many rows at once (a perspective's goals and
    statements): its sub-form (whose prefix names the posted fields), the row as saved
    meanwhile, the translated text it edits, the label the conflict page shows and the
    version the user started from."""

    form: Any
    current: Model
    name: str
    label: str
    started: int | None


def merge_page(data, rows: list[PageRow], *, keep=()) -> tuple[list[dict], list[tuple]]:
    """Rows someone else saved meanwhile, merged text by text against the version the user
    started from (the row's history): a text only one of them changed is kept as that one
    wrote it. Returns the texts both changed (the conflict page's rows) and the rest of
    what was typed, to ride along hidden (a text the user did not change is left out: it
    is not written), so that "Keep mine" saves the whole page. `keep`: posted names that
    are not the rows' (a move button) and are left out of the hidden fields."""
    from phases.translated import LANG_LABELS, LANGS

    conflicts, replaced = [], {}
    for row in rows:
        current = row.current
        base = at_version(type(current), current.pk, row.started)
        replaced[row.form.add_prefix("lock_version")] = current.lock_version
        for lang in LANGS:
            key = row.form.add_prefix(f"{row.name}_{lang}")
            if key not in data:
                continue
            mine = (data.get(key) or "").strip()
            theirs = (getattr(current, f"{row.name}_{lang}") or "").strip()
            started = None if base is None else (getattr(base, f"{row.name}_{lang}") or "").strip()
            if started is not None and mine == started:
                replaced[key] = None  # not changed by the user: their text stays
            elif started is not None and theirs == started or mine == theirs:
                continue  # changed by the user only (or alike): kept as typed
            else:
                replaced[key] = None
                conflicts.append(
                    {
                        "name": key,
                        "label": f"{row.label} ({LANG_LABELS[lang]})",
                        "mine": mine,
                        "theirs": theirs,
                        "differs": True,
                    }
                )
    hidden = []
    for name in data:
        if name in {"csrfmiddlewaretoken", *keep}:
            continue
        if name in replaced:
            if replaced[name] is not None:
                hidden.append((name, replaced[name]))
            continue
        hidden.extend((name, value) for value in data.getlist(name))
    hidden.extend(
        (name, value) for name, value in replaced.items() if value is not None and name not in data
    )
    return conflicts, hidden


class ConflictMixin:
    """The one way a locked edit page answers a save that started from an older version.

    The view provides `make_form(data)`, `initial(obj)` (the form's values of a row),
    `save(obj, form)` and, for the page, `heading_for(obj)`, `cancel(obj)` and
    `back_url(obj)`. Fields are merged one by one (`FieldMerge`, the base read from the
    row's history at the version the form carries): with no field changed by both, the
    save goes through from the current version, keeping the other person's changes; else
    the conflict page shows only the fields both changed, and its "Keep mine" sends those
    (editable), the user's own other changes, and nothing the user did not change."""

    conflict_template = "promises/conflict.html"
    unversioned_fields: tuple[str, ...] = ()  # not in the history: counted as changed by both

    # The page's own hooks under the names the mechanism uses; a page whose methods have
    # other signatures (phases.generic's form pages) overrides these instead.
    def conflict_form(self, data):
        return self.make_form(data)

    def conflict_initial(self, obj) -> dict:
        return self.initial(obj)

    def conflict_save(self, obj, form):
        return self.save(obj, form)

    def conflict_back_url(self, obj) -> str:
        return self.back_url(obj)

    def conflict_base(self, form, model, pk, started) -> dict | None:
        """The form's values at the version the user started from: from the row's
        history, else from the signed copy the page was sent with (`BASE_FIELD`)."""
        base_row = at_version(model, pk, started)
        if base_row is not None:
            return self.conflict_initial(base_row)
        return read_base(form.data.get(BASE_FIELD), form, started)

    def resolve_conflict(self, obj, form, current):
        from django.contrib import messages
        from django.http import HttpResponseRedirect
        from django.utils.translation import gettext as _

        current = type(current)._default_manager.get(pk=current.pk)
        started = form.cleaned_data.get("lock_version")
        base = self.conflict_base(form, type(current), current.pk, started)
        merge = FieldMerge(
            form, base, self.conflict_initial(current), unversioned=self.unversioned_fields
        )
        data = self.merged_data(form, merge, current)
        if not merge.conflicts:
            merged = self.conflict_form(data)
            if merged.is_valid():
                try:
                    saved = self.conflict_save(obj, merged)
                except EditConflict as exc:  # yet another save in between
                    return self.conflict_page(
                        obj,
                        merged,
                        exc.current,
                        FieldMerge(merged, None, self.conflict_initial(exc.current)),
                        data,
                    )
                messages.success(
                    self.request,
                    _("Saved. Someone else had saved other fields meanwhile: theirs are kept."),
                )
                return HttpResponseRedirect(self.conflict_back_url(saved or obj))
        return self.conflict_page(obj, form, current, merge, data)

    def merged_data(self, form, merge: FieldMerge, current):
        """The request's data with the fields the user did not change left out (a text
        the form was not sent is not written) or set to their current value."""
        data = form.data.copy()
        values = self.conflict_initial(current)
        for name in merge.theirs:
            key = form.add_prefix(name)
            if name in getattr(form, "translated_names", ()):
                data.pop(key, None)
                continue
            value = values.get(name)
            if isinstance(value, (list, tuple)):
                data.setlist(key, [str(getattr(v, "pk", v)) for v in value])
            else:
                data[key] = "" if value is None else str(getattr(value, "pk", value))
        data["lock_version"] = str(current.lock_version)
        if BASE_FIELD in data:  # "Keep mine" starts from the current version
            data[BASE_FIELD] = base_token(values)
        return data

    def conflict_page(self, obj, form, current, merge: FieldMerge, data):
        from phases.translated import LANG_LABELS

        texts = set(getattr(form, "translated_names", ()))
        rows, extra = [], []
        for name in merge.conflicts:
            field = form.fields[name]
            if name in texts:
                lang = name.rsplit("_", 1)[1]
                spec = next(s for s in form.translated if name.startswith(f"{s.name}_"))
                rows.append(
                    {
                        "name": name,
                        "label": f"{spec.label} ({LANG_LABELS[lang]})",
                        "mine": form.cleaned_data.get(name) or "",
                        "theirs": getattr(current, name, "") or "",
                        "differs": True,
                    }
                )
            else:
                extra.append(
                    {
                        "label": field.label,
                        "mine": _display(field, form.cleaned_data.get(name)),
                        "theirs": _display(field, self.conflict_initial(current).get(name)),
                    }
                )
        shown = {r["name"] for r in rows}
        hidden = [
            (name, value)
            for name in data
            if name not in shown and name not in {"lock_version", "csrfmiddlewaretoken"}
            for value in data.getlist(name)
        ]
        ctx = self.get_context_data(
            object=current,
            heading=self.heading_for(obj),
            rows=rows,
            hidden=hidden,
            extra=extra,
            lock_version=current.lock_version,
            action=self.request.path,
            theirs_url=self.cancel(obj),
        )
        return self.response_class(
            request=self.request,
            template=[self.conflict_template],
            context=ctx,
            using=self.template_engine,
            status=409,
        )

    def resolve_page_conflict(
        self, data, rows: list[PageRow], *, merged, save_again, heading, keep=()
    ):
        """A page that saves many rows (`merge_page`): with no text changed by both, the
        page is saved again at once with the merged data (`save_again(data)`); otherwise
        (or when that save met yet another one) the conflict page, 409."""
        from django.http import QueryDict

        conflicts, hidden = merge_page(data, rows, keep=keep)
        if not conflicts and not merged:
            merged_data = QueryDict(mutable=True)
            for name, value in hidden:
                merged_data.appendlist(name, str(value))
            for name in keep:
                if data.get(name):
                    merged_data[name] = data[name]
            return save_again(merged_data)
        ctx = self.get_context_data(
            heading=heading,
            rows=conflicts,
            hidden=hidden,
            extra=[],
            lock_version="",
            action=self.request.path,
            theirs_url=self.request.path,
        )
        return self.response_class(
            request=self.request,
            template=[self.conflict_template],
            context=ctx,
            using=self.template_engine,
            status=409,
        )


def _display(field, value) -> str:
    """A value of a form field as the user reads it (choices by their labels)."""
    if value is None:
        return ""
    values = list(value) if isinstance(value, (list, tuple)) or hasattr(value, "all") else None
    queryset = getattr(field, "queryset", None)
    if values is not None and queryset is not None:
        pks = [getattr(v, "pk", v) for v in values]
        return ", ".join(str(o) for o in queryset.filter(pk__in=pks))
    labels = {str(k): v for k, v in getattr(field, "choices", ()) if not isinstance(v, list)}
    items = values if values is not None else [value]
    return ", ".join(str(labels.get(str(getattr(v, "pk", v)), v)) for v in items)


# -- the version a form started from, carried by the form ---------------------------------

BASE_FIELD = "lock_base"
_SALT = "phases.locking.base"


def base_token(values: dict) -> str:
    """A signed copy of a form's values as the page showed them (`initial`), sent back with
    the form so that a row without history can still be merged field by field. Signed:
    a forged copy is no copy (every field then counts as changed by both)."""
    plain = {k: _plain(v) for k, v in values.items()}
    return signing.dumps(plain, salt=_SALT, compress=True, serializer=_Encoder)


class _Encoder:
    """signing.dumps serializer: JSON with dates and decimals as text."""

    def dumps(self, obj):
        return json.dumps(obj, cls=DjangoJSONEncoder, separators=(",", ":")).encode("latin-1")

    def loads(self, data):
        return json.loads(data.decode("latin-1"))


def _plain(value):
    if isinstance(value, (list, tuple, set)) or hasattr(value, "values_list"):
        return [getattr(v, "pk", v) for v in value]
    return getattr(value, "pk", value)


def read_base(token, form, started) -> dict | None:
    """The values `base_token()` signed, as the form's fields read them, if they are those
    of version `started`; None when missing, forged or of another version."""
    if not token or not started:
        return None
    try:
        values = signing.loads(token, salt=_SALT, serializer=_Encoder)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(values, dict) or values.get("lock_version") != started:
        return None
    for name, value in values.items():
        field = form.fields.get(name)
        if field is None or isinstance(value, list) or hasattr(field, "queryset"):
            continue
        try:
            values[name] = field.to_python(value)
        except ValidationError:
            pass
    return values


def with_base(form, values: dict):
    """`form` carrying the signed copy of `values` (the row as the page shows it) as a
    hidden field; a form sent back keeps the copy it was sent with."""
    form.fields[BASE_FIELD] = forms.CharField(
        widget=forms.HiddenInput, required=False, initial=base_token(values)
    )
    return form
