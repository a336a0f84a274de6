from django import forms
from django.utils.translation import gettext_lazy as _

from phases.form_base import Form
from phases.perspectives import Perspective

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
