"""Forms of the promise editor: one class per purpose.

Texts are edited per language side by side: `<field>_fi`, `<field>_sv` (and optional
`<field>_en`). Forms that change an existing row carry the `lock_version` the user
started from.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phases.catalogue_data import FINALISATION_QUESTIONS
from phases.form_base import Form
from phases.guards.posted import posted_id, posted_ids
from phases.perspectives import Perspective
from phases.translated import LANG_LABELS, LANGS, LANGUAGE_NAMES, Translated, TranslatedFieldsMixin

from .models import Commitment, FinalisationAnswer, PromiseVersion, StrategyGoal
from .models.content import LONG_TEXT_MAX, LONG_TITLE_MAX
from .strategy import outline_from_file as strategy_outline_from_file

__all__ = ["LANG_LABELS", "Translated", "TranslatedFieldsMixin"]


BLANK_CHOICE = [("", "---------")]


class LockedForm(Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StrategyGoalForm(TranslatedFieldsMixin, Form):
    translated = (
        Translated("title", _("Goal"), max_length=LONG_TITLE_MAX),
        Translated("description", _("Description"), textarea=True, max_length=LONG_TEXT_MAX),
    )
    required_languages_of = ("title",)

    # A node is classified by the person writing it: no source or level is chosen for
    # them (only a page opened for one may preselect it, see StrategyListView).
    kind = forms.ChoiceField(
        label=_("Source"),
        choices=StrategyGoal.Kind.choices,
        error_messages={"required": _("Choose the source of the node.")},
    )
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=BLANK_CHOICE + list(StrategyGoal.Level.choices),
        coerce=int,
        empty_value=None,
        error_messages={"required": _("Choose the level of the node.")},
    )
    parent = forms.ModelChoiceField(
        label=_("Part of"),
        queryset=StrategyGoal.objects.none(),
        required=False,
        empty_label=_("(top of the tree)"),
    )
    code = forms.CharField(
        label=_("Code"), max_length=30, required=False, help_text=_("E.g. RS 2.1")
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)

    def __init__(self, *args, region=None, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_kinds(StrategyGoal.Kind.choices)
        if region is not None:
            qs = StrategyGoal.objects.filter(region=region, level__lt=StrategyGoal.Level.MEANS)
            if exclude is not None:
                qs = qs.exclude(pk=exclude.pk)
            self.fields["parent"].queryset = qs
            self.fields["parent"].label_from_instance = lambda g: (
                f"{g.get_level_display()}: {g.code} {g.title}".replace("  ", " ")
            )

    def clean(self):
        data = super().clean()
        parent, level, kind = data.get("parent"), data.get("level"), data.get("kind")
        if parent is not None and level is not None:
            if parent.level >= level:
                self.add_error(
                    "parent",
                    _("A %(level)s cannot be placed under a %(parent)s.")
                    % {
                        "level": StrategyGoal.Level(level).label,
                        "parent": parent.get_level_display(),
                    },
                )
            elif kind and parent.kind != kind:
                self.add_error("parent", _("The parent belongs to another source."))
        return data

    def set_kinds(self, choices) -> None:
        """The sources to choose from (as the region names them), none chosen."""
        self.fields["kind"].choices = BLANK_CHOICE + list(choices)

    @classmethod
    def initial_for(cls, goal: StrategyGoal) -> dict:
        return {
            "kind": goal.kind,
            "level": goal.level,
            "parent": goal.parent_id,
            "code": goal.code,
            "order": goal.order,
            **cls.initial_for_texts(goal),
        }


class StrategyImportForm(Form):
    """Paste a list: one node per line, the level from a code (1, 1.2, 1.2.3) or the
    indentation."""

    kind = forms.ChoiceField(label=_("Source"), choices=StrategyGoal.Kind.choices)
    language = forms.ChoiceField(label=_("Language of the list"), choices=[])
    levels = forms.TypedMultipleChoiceField(
        label=_("Levels the list holds"),
        choices=StrategyGoal.Level.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=StrategyGoal.Level.values,
        error_messages={"required": _("Choose the levels the list holds.")},
    )
    text = forms.CharField(
        label=_("The list"),
        max_length=100_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "One line each. The level comes from the code at the start of the line "
            "(1, 1.2, 1.2.3) or, without codes, from the indentation. A code that already "
            "exists adds this language's name to it."
        ),
    )

    file = forms.FileField(
        label=_("Or a spreadsheet (xlsx or CSV)"),
        required=False,
        help_text=_(
            "One row each: a code and a name, or the name in the column of its level "
            "(themes in column A, focus areas in B, goals in C, means in D)."
        ),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            try:
                data["text"] = strategy_outline_from_file(upload)
            except ValidationError as exc:
                self.add_error("file", exc)
        elif not (data.get("text") or "").strip() and "text" not in self.errors:
            self.add_error("text", _("Paste the list or choose a file."))
        return data

    def __init__(self, *args, languages, **kwargs):
        # Shown on the same page as the node form, which also has a "kind": ids of its own.
        kwargs.setdefault("auto_id", "id_import_%s")
        super().__init__(*args, **kwargs)
        order = list(languages) + [x for x in LANGS if x not in languages]
        self.fields["language"].choices = [(x, LANGUAGE_NAMES[x]) for x in order]


class PromiseCreateForm(TranslatedFieldsMixin, Form):
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
        Translated("slogan", _("Slogan"), max_length=200),
        Translated("vision", _("Vision"), textarea=True),
        Translated(
            "outcomes",
            _("Intended outcomes"),
            textarea=True,
            help_text=_("The outcomes the strategy aims at, e.g. one per line (Markdown)."),
        ),
    )

    def clean(self):
        data = super().clean()
        self.require_one_language("title", _("Name the customer segment in at least one language."))
        return data


class CellGoalForm(TranslatedFieldsMixin, LockedForm):
    translated = (Translated("goal", _("Goal summary"), textarea=True),)


class StatementForm(TranslatedFieldsMixin, Form):
    translated = (Translated("text", pgettext_lazy("promise statement", "Statement"), True, 2000),)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def clean(self):
        data = super().clean()
        self.require_one_language("text", _("Write the statement in at least one language."))
        return data


class LockOnlyForm(LockedForm):
    """Delete: the version the user saw."""


class MoveForm(Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class CommitmentForm(TranslatedFieldsMixin, Form):
    """One promise item: what is promised, by which side, under which perspectives (none:
    cross-cutting), serving which goals of the strategy tree; a statutory service standard
    with its legal reference; or an indicator still to be set (where, by when, why)."""

    translated = (
        Translated("title", _("Commitment"), max_length=LONG_TITLE_MAX),
        Translated("description", _("Description"), textarea=True, max_length=LONG_TEXT_MAX),
        Translated("responsible", _("Responsible unit"), max_length=200),
        Translated(
            "legal_reference",
            _("Legal reference"),
            max_length=1000,
            help_text=_("For a statutory service standard: the act and section, if known."),
        ),
        Translated(
            "indicator_pending_document",
            _("Indicator to be set in"),
            max_length=300,
            help_text=_("If the indicator is not set yet: the document that will set it."),
        ),
        Translated(
            "indicator_pending_reason", _("Why the indicator is not set yet"), textarea=True
        ),
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    kind = forms.TypedChoiceField(
        label=_("Kind"),
        choices=Commitment.Kind.choices,
        initial=Commitment.Kind.OWN,
        widget=forms.RadioSelect,
        required=False,
        empty_value=Commitment.Kind.OWN,
    )
    side = forms.TypedChoiceField(
        label=_("Whose side"),
        choices=Commitment.Sides.choices,
        initial=Commitment.Sides.ORGANISER,
        widget=forms.RadioSelect,
        required=False,
        empty_value=Commitment.Sides.ORGANISER,
    )
    perspectives = forms.MultipleChoiceField(
        label=_("Perspectives"),
        choices=Perspective.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "One, several or none: a commitment under no perspective is cross-cutting. "
            "It is listed under the first one chosen."
        ),
    )
    strategy_goals = forms.ModelMultipleChoiceField(
        label=_("Strategy goals"),
        queryset=StrategyGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Every commitment of the region's own must serve at least one part of the "
            "region's strategy: a theme, a focus area, a goal or a means."
        ),
    )
    indicator_pending_by = forms.DateField(
        label=_("Indicator to be set by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("If a date is known; leave empty when none is set yet."),
    )

    def __init__(self, *args, region, goals=None, creating=False, **kwargs):
        kwargs.setdefault("languages", region.content_languages)
        super().__init__(*args, **kwargs)
        if creating:
            # A new commitment is classified by the person writing it: nothing is ticked
            # for them (a perspective only when the page was opened for one, see the view).
            for name, message in (
                ("kind", _("Choose the kind of the commitment.")),
                ("side", _("Choose whose side the commitment is on.")),
            ):
                self.fields[name].initial = None
                self.fields[name].required = True
                self.fields[name].error_messages["required"] = message
        qs = goals if goals is not None else StrategyGoal.objects.filter(region=region)
        self.fields["strategy_goals"].queryset = qs
        self.fields["strategy_goals"].label_from_instance = lambda g: (
            f"{g.get_level_display()}: {g.code} {g.title}".replace("  ", " ")
            + ("" if g.active else f" ({_('not in use')})")
        )

    def clean(self):
        data = super().clean()
        self.require_one_language("title", _("Write the commitment in at least one language."))
        statutory = data.get("kind") == Commitment.Kind.STATUTORY
        if not statutory and not data.get("strategy_goals") and "strategy_goals" in data:
            self.add_error("strategy_goals", _("Choose at least one strategy goal."))
        # A pending indicator: the document and the reason; the date only when known.
        pending = [
            any(self.texts("indicator_pending_document").values()),
            any(self.texts("indicator_pending_reason").values()),
        ]
        if (any(pending) or data.get("indicator_pending_by")) and not all(pending):
            self.add_error(
                f"indicator_pending_{'reason' if pending[0] else 'document'}_"
                f"{self.content_languages[0]}",
                _(
                    "A pending indicator needs the document it will be set in and the "
                    "reason; the date is optional."
                ),
            )
        return data

    def details(self) -> dict:
        """The keyword arguments of services.commitment_create/update beyond the texts."""
        data = self.cleaned_data
        given = data.get("perspectives") or []
        if "perspectives" not in self.data and self.data.get("perspective") in Perspective.values:
            given = [self.data["perspective"]]  # a client that names one perspective only
        chosen = [p for p in Perspective.values if p in given]  # the national order
        return {
            "perspective": chosen[0] if chosen else "",
            "other_perspectives": chosen[1:],
            "side": data["side"],
            "kind": data["kind"],
            "legal_reference": self.texts("legal_reference"),
            "pending_document": self.texts("indicator_pending_document"),
            "pending_by": data.get("indicator_pending_by"),
            "pending_reason": self.texts("indicator_pending_reason"),
        }

    @staticmethod
    def initial_details(obj: Commitment) -> dict:
        return {
            "perspectives": obj.perspectives,
            "side": obj.side,
            "kind": obj.kind,
            "indicator_pending_by": obj.indicator_pending_by,
            "strategy_goals": list(obj.strategy_goals.values_list("pk", flat=True)),
        }


class FinalisationForm(Form):
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


class VersionForm(TranslatedFieldsMixin, Form):
    translated = (
        Translated(
            "label",
            _("Name"),
            max_length=200,
            help_text=_("E.g. 'Draft for the comment round, March'"),
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of version"), choices=VERSION_KINDS)


class CompareForm(Form):
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
            self.delete_ids = set(posted_ids(data.getlist("delete"))) & set(ids)
            direction, _sep, pk = (data.get("move") or "").partition(":")
            if direction in {"up", "down"} and posted_id(pk) in ids:
                self.move = (posted_id(pk), direction)

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
        return posted_id(sent) or form.initial["lock_version"]

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
