"""The opinion round's forms, one per purpose."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from phases.form_base import Form
from phases.guards.posted import IdField
from phases.perspectives import Perspective
from phases.translated import Translated, TranslatedFieldsMixin

from ..forms import DateTimeInput, HoneypotMixin
from .models import STATEMENT_MAX, OpinionVote


def _perspectives_field(label=None):
    return forms.MultipleChoiceField(
        label=label or _("Perspectives"),
        choices=Perspective.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class OpinionRoundForm(TranslatedFieldsMixin, Form):
    """Staff: a new round (its question in the region's languages and its period)."""

    translated = (
        Translated(
            "question",
            _("Question"),
            textarea=True,
            rows=2,
            max_length=500,
            help_text=_("What residents are asked, e.g. “How should our health stations serve?”"),
        ),
    )
    required_languages_of = ("question",)
    starts_at = forms.DateTimeField(label=_("Opens"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Closes"), widget=DateTimeInput())

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The round must close after it opens."))
        return data


class SeedStatementForm(TranslatedFieldsMixin, Form):
    """Staff: a statement to vote on, in the region's languages, tagged by perspective."""

    translated = (
        Translated(
            "text",
            pgettext_lazy("opinion", "Statement"),
            textarea=True,
            rows=2,
            max_length=STATEMENT_MAX,
            help_text=_("One short thought residents can agree or disagree with."),
        ),
    )
    required_languages_of = ("text",)
    perspectives = _perspectives_field()


class ModerateStatementForm(Form):
    """Staff: accept or reject a resident's statement, and tag its perspectives."""

    statement = IdField()
    action = forms.ChoiceField(choices=[("accept", _("Accept")), ("reject", _("Reject"))])
    perspectives = _perspectives_field()


class InputsForm(Form):
    """Staff: the statements whose results become phase-2 inputs."""

    statements = forms.TypedMultipleChoiceField(
        label=pgettext_lazy("opinion", "Statements"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["statements"].choices = list(choices)

    def clean_statements(self):
        chosen = self.cleaned_data["statements"]
        if not chosen:
            raise forms.ValidationError(_("Choose at least one statement."))
        return chosen


class VoteForm(Form):
    """Residents: agree, disagree or pass on one statement (each a submit button)."""

    statement = IdField()
    choice = forms.TypedChoiceField(
        choices=[(str(value), label) for value, label in OpinionVote.CHOICES],
        coerce=int,
        error_messages={"required": _("Choose agree, disagree or pass.")},
    )


class OwnStatementForm(HoneypotMixin, Form):
    """Residents: a statement of their own (published after moderation)."""

    text = forms.CharField(
        label=_("Your statement"),
        max_length=STATEMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted per request: a lazy text formatted at import would be in one language.
        self.fields["text"].help_text = _(
            "One short thought, at most %(max)d characters. It is shown to others after "
            "moderation. Do not write personal or health details."
        ) % {"max": STATEMENT_MAX}
