"""Forms of the promise editor: one class per purpose.

Texts are edited per language side by side: `<field>_fi`, `<field>_sv` (and optional
`<field>_en`). Forms that change an existing row carry the `lock_version` the user
started from.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phases.catalogue_data import FINALISATION_QUESTIONS
from phases.perspectives import Perspective
from phases.translated import LANG_LABELS, Translated, TranslatedFieldsMixin

from .models import FinalisationAnswer, PromiseVersion, StrategyGoal

__all__ = ["LANG_LABELS", "Translated", "TranslatedFieldsMixin"]


class LockedForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StrategyGoalForm(TranslatedFieldsMixin, forms.Form):
    translated = (
        Translated("title", _("Goal"), max_length=300),
        Translated("description", _("Description"), textarea=True),
    )
    required_languages_of = ("title",)

    kind = forms.ChoiceField(label=_("Source"), choices=StrategyGoal.Kind.choices)
    code = forms.CharField(
        label=_("Code"), max_length=30, required=False, help_text=_("E.g. RS 2.1")
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)

    @classmethod
    def initial_for(cls, goal: StrategyGoal) -> dict:
        return {
            "kind": goal.kind,
            "code": goal.code,
            "order": goal.order,
            **cls.initial_for_texts(goal),
        }


class PromiseCreateForm(TranslatedFieldsMixin, forms.Form):
    translated = (
        Translated(
            "title",
            _("Customer segment"),
            max_length=200,
            help_text=_("E.g. all residents, older people, children"),
        ),
    )

    def clean(self):
        data = super().clean()
        self.require_one_language("title", _("Name the customer segment in at least one language."))
        return data


class PromiseForm(TranslatedFieldsMixin, LockedForm):
    translated = (
        Translated("title", _("Customer segment"), max_length=200),
        Translated("vision", _("Vision"), textarea=True),
    )

    def clean(self):
        data = super().clean()
        self.require_one_language("title", _("Name the customer segment in at least one language."))
        return data


class CellGoalForm(TranslatedFieldsMixin, LockedForm):
    translated = (Translated("goal", _("Goal summary"), textarea=True),)


class StatementForm(TranslatedFieldsMixin, forms.Form):
    translated = (Translated("text", pgettext_lazy("promise statement", "Statement"), True, 2000),)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def clean(self):
        data = super().clean()
        self.require_one_language("text", _("Write the statement in at least one language."))
        return data


class LockOnlyForm(LockedForm):
    """Delete: the version the user saw."""


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class CommitmentForm(TranslatedFieldsMixin, forms.Form):
    translated = (
        Translated("title", _("Commitment"), max_length=400),
        Translated("description", _("Description"), textarea=True),
        Translated("responsible", _("Responsible unit"), max_length=200),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    perspective = forms.ChoiceField(label=_("Perspective"), choices=Perspective.choices)
    strategy_goals = forms.ModelMultipleChoiceField(
        label=_("Strategy goals"),
        queryset=StrategyGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every commitment must serve at least one goal of the region's strategy."),
        error_messages={"required": _("Choose at least one strategy goal.")},
    )

    def __init__(self, *args, region, goals=None, **kwargs):
        kwargs.setdefault("languages", region.content_languages)
        super().__init__(*args, **kwargs)
        qs = goals if goals is not None else StrategyGoal.objects.filter(region=region)
        self.fields["strategy_goals"].queryset = qs
        self.fields["strategy_goals"].label_from_instance = lambda g: (
            f"{g.code} {g.title}".strip() + ("" if g.active else f" ({_('not in use')})")
        )

    def clean(self):
        data = super().clean()
        self.require_one_language("title", _("Write the commitment in at least one language."))
        return data


class FinalisationForm(forms.Form):
    """The handbook's five questions: yes / partly / no and a note each."""

    def __init__(self, *args, answers: dict[str, FinalisationAnswer], language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for question in FINALISATION_QUESTIONS:
            key = question["key"]
            text = question["text"].get(language) or question["text"]["fi"]
            existing = answers.get(key)
            self.fields[f"answer_{key}"] = forms.ChoiceField(
                label=text,
                choices=FinalisationAnswer.Answer.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=existing.answer if existing else "",
            )
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.note if existing else "",
            )
            self.rows.append((key, existing))

    def answers(self) -> dict[str, tuple[str, str]]:
        return {
            key: (self.cleaned_data[f"answer_{key}"], self.cleaned_data[f"note_{key}"].strip())
            for key, _existing in self.rows
        }

    def question_fields(self):
        return [
            (key, existing, self[f"answer_{key}"], self[f"note_{key}"])
            for key, existing in self.rows
        ]


VERSION_KINDS = [
    (k, label)
    for k, label in PromiseVersion.Kind.choices
    if k not in (PromiseVersion.Kind.APPROVED, PromiseVersion.Kind.WORKING)
] + [(PromiseVersion.Kind.WORKING, PromiseVersion.Kind.WORKING.label)]


class VersionForm(TranslatedFieldsMixin, forms.Form):
    translated = (
        Translated(
            "label",
            _("Name"),
            max_length=200,
            help_text=_("E.g. 'Draft for the comment round, March'"),
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of version"), choices=VERSION_KINDS)


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(label=_("Older version"), coerce=int)
    b = forms.TypedChoiceField(label=_("Newer version"), coerce=int)
    lang = forms.ChoiceField(label=_("Language"), choices=[], required=False)

    def __init__(self, *args, versions, languages, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (v.pk, f"v{v.number} – {v.get_kind_display()} {v.label}".strip()) for v in versions
        ]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices
        self.fields["lang"].choices = languages


class _Unbound:
    """What the perspective page reads of an unbound per-row form: its prefix and initial
    values (see `PerspectiveForm`). Bound forms are always the real form classes."""

    is_bound = False
    errors: dict = {}
    data: dict = {}

    def __init__(self, form_class, data=None, *, prefix, initial=None, **kwargs):
        self.form_class = form_class
        self.prefix = prefix
        self.initial = initial or {}

    def add_prefix(self, name: str) -> str:
        return f"{self.prefix}-{name}"

    @property
    def lock_version(self):
        return _Value(self.initial.get("lock_version", ""))


class _Value:
    def __init__(self, value):
        self._value = value

    def value(self):
        return self._value


class PerspectiveForm:
    """One form for one perspective page of the editor: both cells' goal summaries, every
    statement, a new statement per cell, the statements to delete and one move.

    Made of the editor's own per-row forms under prefixes (`cell-<id>-goal_fi`,
    `st-<id>-text_sv`, `new-<cell id>-text_fi`), so the translated texts go through the
    shared mechanism; the initial values are the rows as they are now, so `changed_*`
    name only what the user changed.
    """

    def __init__(self, data=None, *, cells, languages):
        self.data = data
        self.cells = list(cells)
        self.cell_forms = {}
        self.statement_forms = {}
        self.new_forms = {}
        # Unbound (the page shown), only the rows' values are needed: stand-ins that carry
        # the same prefixes and initial values, without building ~40 forms of 3-6 fields.
        make = _Unbound if data is None else (lambda cls, data, **kw: cls(data, **kw))
        for cell in self.cells:
            self.cell_forms[cell.pk] = make(
                CellGoalForm,
                data,
                prefix=f"cell-{cell.pk}",
                languages=languages,
                initial={
                    "lock_version": cell.lock_version,
                    **CellGoalForm.initial_for_texts(cell),
                },
            )
            for statement in cell.statements.all():
                self.statement_forms[statement.pk] = make(
                    StatementForm,
                    data,
                    prefix=f"st-{statement.pk}",
                    languages=languages,
                    initial={
                        "lock_version": statement.lock_version,
                        **StatementForm.initial_for_texts(statement),
                    },
                )
            self.new_forms[cell.pk] = make(
                StatementForm,
                data,
                prefix=f"new-{cell.pk}",
                languages=languages,
                empty_permitted=True,
                use_required_attribute=False,
            )
        ids = list(self.statement_forms)
        self.delete_ids: set[int] = set()
        self.move: tuple[int, str] | None = None
        if data is not None:
            self.delete_ids = {int(v) for v in data.getlist("delete") if v.isdigit()} & set(ids)
            direction, _sep, pk = (data.get("move") or "").partition(":")
            if direction in {"up", "down"} and pk.isdigit() and int(pk) in ids:
                self.move = (int(pk), direction)

    def forms(self):
        yield from self.cell_forms.values()
        yield from self.statement_forms.values()
        yield from self.new_forms.values()

    def is_valid(self) -> bool:
        valid = True
        for pk, form in self.statement_forms.items():
            if pk in self.delete_ids:
                continue
            valid = form.is_valid() and valid
        for form in [*self.cell_forms.values(), *self.new_forms.values()]:
            valid = form.is_valid() and valid
        return valid

    @property
    def errors(self) -> list:
        """(form, bound field, error) of every field error, for the error summary."""
        found = []
        for pk, form in self.statement_forms.items():
            if pk in self.delete_ids:
                continue
            found.extend((form, form[name], e) for name, es in form.errors.items() for e in es)
        for form in [*self.cell_forms.values(), *self.new_forms.values()]:
            found.extend((form, form[name], e) for name, es in form.errors.items() for e in es)
        return found

    @staticmethod
    def _texts_changed(form) -> bool:
        return bool(set(form.changed_data) - {"lock_version"})

    @staticmethod
    def _lock(form) -> int:
        """The version the user started from (as sent; the row's own when not sent)."""
        if hasattr(form, "cleaned_data") and form.cleaned_data.get("lock_version"):
            return form.cleaned_data["lock_version"]
        sent = str(form.data.get(form.add_prefix("lock_version")) or "")
        return int(sent) if sent.isdigit() else form.initial["lock_version"]

    def changed_goals(self) -> dict[int, tuple[int, dict[str, str]]]:
        return {
            pk: (self._lock(f), f.texts("goal"))
            for pk, f in self.cell_forms.items()
            if self._texts_changed(f)
        }

    def changed_statements(self) -> dict[int, tuple[int, dict[str, str]]]:
        return {
            pk: (self._lock(f), f.texts("text"))
            for pk, f in self.statement_forms.items()
            if pk not in self.delete_ids and self._texts_changed(f)
        }

    def new_statements(self) -> dict[int, dict[str, str]]:
        return {
            pk: f.texts("text")
            for pk, f in self.new_forms.items()
            if f.has_changed() and any(f.texts("text").values())
        }

    def deletions(self) -> dict[int, int]:
        return {pk: self._lock(self.statement_forms[pk]) for pk in self.delete_ids}
