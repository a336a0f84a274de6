"""Forms of the promise editor: one class per purpose.

Texts are edited per language side by side: `<field>_fi`, `<field>_sv` (and optional
`<field>_en`). Forms that change an existing row carry the `lock_version` the user
started from.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phases.catalogue_data import FINALISATION_QUESTIONS
from phases.perspectives import Perspective

from .models import FinalisationAnswer, PromiseVersion, StrategyGoal
from .snapshot import LANGS

LANG_LABELS = {"fi": _("in Finnish"), "sv": _("in Swedish"), "en": _("in English")}


class TranslatedFieldsMixin:
    """Adds `<name>_<lang>` fields and reads them back as {lang: text}."""

    translated: list[tuple[str, object, bool, int]] = []  # (name, label, textarea, max_length)

    def add_translated_fields(self):
        for name, label, textarea, max_length in self.translated:
            for lang in LANGS:
                widget = forms.Textarea(attrs={"rows": 3}) if textarea else forms.TextInput()
                self.fields[f"{name}_{lang}"] = forms.CharField(
                    label=f"{label} ({LANG_LABELS[lang]})",
                    required=False,
                    max_length=max_length,
                    widget=widget,
                )

    def texts(self, name: str) -> dict[str, str]:
        return {lang: (self.cleaned_data.get(f"{name}_{lang}") or "").strip() for lang in LANGS}

    def require_one_language(self, name: str, message) -> None:
        if not any(self.texts(name).values()):
            self.add_error(f"{name}_fi", message)

    def translated_groups(self):
        """[(label, [fi and sv bound fields], [other bound fields])] for side by side."""
        groups = []
        for name, label, _textarea, _max in self.translated:
            main = [self[f"{name}_{lang}"] for lang in LANGS if lang in ("fi", "sv")]
            extra = [self[f"{name}_{lang}"] for lang in LANGS if lang not in ("fi", "sv")]
            groups.append((label, main, extra))
        return groups

    def other_fields(self):
        names = {f"{name}_{lang}" for name, *_r in self.translated for lang in LANGS}
        return [self[name] for name in self.fields if name not in names]


class LockedForm(forms.Form):
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class StrategyGoalForm(TranslatedFieldsMixin, forms.Form):
    translated = [("title", _("Goal"), False, 300), ("description", _("Description"), True, 4000)]

    kind = forms.ChoiceField(label=_("Source"), choices=StrategyGoal.Kind.choices)
    code = forms.CharField(
        label=_("Code"), max_length=30, required=False, help_text=_("E.g. RS 2.1")
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)

    def __init__(self, *args, required_languages=("fi",), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated_fields()
        for lang in required_languages:
            self.fields[f"title_{lang}"].required = True

    @classmethod
    def initial_for(cls, goal: StrategyGoal) -> dict:
        data = {"kind": goal.kind, "code": goal.code, "order": goal.order}
        for lang in LANGS:
            data[f"title_{lang}"] = getattr(goal, f"title_{lang}") or ""
            data[f"description_{lang}"] = getattr(goal, f"description_{lang}") or ""
        return data


class PromiseCreateForm(TranslatedFieldsMixin, forms.Form):
    translated = [("title", _("Customer segment"), False, 200)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated_fields()
        self.fields["title_fi"].help_text = _("E.g. all residents, older people, children")

    def clean(self):
        data = super().clean()
        self.require_one_language("title", _("Name the customer segment in at least one language."))
        return data


class PromiseForm(TranslatedFieldsMixin, LockedForm):
    translated = [("title", _("Customer segment"), False, 200), ("vision", _("Vision"), True, 4000)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated_fields()

    def clean(self):
        data = super().clean()
        self.require_one_language("title", _("Name the customer segment in at least one language."))
        return data


class CellGoalForm(TranslatedFieldsMixin, LockedForm):
    translated = [("goal", _("Goal summary"), True, 4000)]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated_fields()


class StatementForm(TranslatedFieldsMixin, forms.Form):
    translated = [("text", _("Statement"), True, 2000)]
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated_fields()

    def clean(self):
        data = super().clean()
        self.require_one_language("text", _("Write the statement in at least one language."))
        return data


class LockOnlyForm(LockedForm):
    """Delete: the version the user saw."""


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class CommitmentForm(TranslatedFieldsMixin, forms.Form):
    translated = [
        ("title", _("Commitment"), False, 400),
        ("description", _("Description"), True, 4000),
    ]
    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    perspective = forms.ChoiceField(label=_("Perspective"), choices=Perspective.choices)
    responsible = forms.CharField(label=_("Responsible unit"), max_length=200, required=False)
    strategy_goals = forms.ModelMultipleChoiceField(
        label=_("Strategy goals"),
        queryset=StrategyGoal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Every commitment must serve at least one goal of the region's strategy."),
        error_messages={"required": _("Choose at least one strategy goal.")},
    )

    def __init__(self, *args, region, goals=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translated_fields()
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


class VersionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of version"), choices=VERSION_KINDS)
    label = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("E.g. 'Draft for the comment round, March'"),
    )


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
