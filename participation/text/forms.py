from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from phases.form_base import Form
from phases.perspectives import Perspective
from phases.translated import Translated, TranslatedFieldsMixin, language_note

from ..forms import DispositionForm


class GroupAnswerForm(DispositionForm):
    """One disposition for every still unanswered response of a theme or a group of
    near-duplicates (the same mechanism as ticking them on the analysis page)."""

    group = forms.ChoiceField(label=_("Theme or group to answer"), widget=forms.RadioSelect)

    lead_fields = ["group", "disposition"]

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = groups

    def target(self) -> tuple[str, int]:
        kind, _sep, pk = self.cleaned_data["group"].partition(":")
        return kind, int(pk)


class PerspectiveForm(Form):
    perspective = forms.ChoiceField(label=_("Perspective"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["perspective"].choices = [
            ("", _("The whole promise")),
            *Perspective.choices,
        ]


class ThemeForm(Form):
    """Which theme a button acts on (merge, split); the name form adds the names."""

    theme = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, themes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {t.pk: t for t in themes}

    def clean_theme(self):
        theme = self.themes.get(self.cleaned_data["theme"])
        if theme is None:
            raise forms.ValidationError(_("This theme is no longer in the round."))
        return theme


class ThemeNameForm(TranslatedFieldsMixin, ThemeForm):
    """Staff name a theme in the region's languages and accept it for the decision
    package (only accepted, named themes reach it)."""

    translated = (Translated("title", _("Name of the theme"), max_length=120),)
    accept = forms.BooleanField(
        label=_("Accepted: the theme and its name go to the decision package"), required=False
    )


class ThemeMergeForm(ThemeForm):
    into = forms.TypedChoiceField(label=_("Merge into"), coerce=int)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        own = self.initial.get("theme") or (self.data.get("theme") if self.is_bound else None)
        self.fields["into"].choices = [
            (t.pk, _("Theme %(number)d: %(name)s") % {"number": t.number, "name": _noted(t.name())})
            for t in self.themes.values()
            if str(t.pk) != str(own)
        ]

    def clean(self):
        cleaned = super().clean()
        if "into" in cleaned:
            cleaned["into"] = self.themes.get(cleaned["into"])
        return cleaned


def _noted(name) -> str:
    """A theme's name as plain text (an option's label): a name in another language than
    the page's followed by that language's note ("Päihde (på finska)")."""
    if getattr(name, "fallback", False) and name.lang:
        return f"{name} ({language_note(name.lang, get_language() or 'fi')})"
    return str(name)
