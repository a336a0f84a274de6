"""Forms of the yearly follow-up report: one class per purpose."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from phases.form_base import Form
from phases.region_terms import body_label
from phases.translated import Translated, TranslatedFieldsMixin

from ..models import FollowUpReport


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class FollowUpStartForm(Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    due_on = forms.DateField(
        label=_("To be approved by"),
        required=False,
        widget=DateInput(),
        help_text=_("Shown in the project's timeline and in the digests."),
    )


class FollowUpReportForm(TranslatedFieldsMixin, Form):
    """The texts staff write for the report, and who approves it."""

    translated = (
        Translated(
            "summary",
            _("The year in brief"),
            textarea=True,
            max_length=20000,
            rows=6,
            help_text=_("How the promise was kept this year, in the region's own words."),
        ),
        Translated("next_actions", _("Next year's actions"), textarea=True, max_length=20000),
    )
    approving_body = forms.ChoiceField(
        label=_("Approved by"),
        choices=(),  # the region's words: set from `region_kind` in __init__
        widget=forms.RadioSelect,
        help_text=_("The body the region names to approve its follow-up reports."),
    )
    due_on = forms.DateField(label=_("To be approved by"), required=False, widget=DateInput())
    lock_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, region_kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        # the bodies in the region's words ("Kaupunginvaltuusto", "Stadsstyrelsen", ...)
        self.fields["approving_body"].choices = [
            (body, body_label(body, region_kind)) for body in FollowUpReport.Body.values
        ]

    @classmethod
    def initial_for(cls, report: FollowUpReport) -> dict:
        return {
            "approving_body": report.approving_body,
            "due_on": report.due_on,
            "lock_version": report.lock_version,
            **cls.initial_for_texts(report),
        }


class FollowUpApproveForm(Form):
    approved_on = forms.DateField(label=_("Approved on"), widget=DateInput())
    reference = forms.CharField(
        label=_("Minutes section"),
        max_length=100,
        required=False,
        help_text=_("E.g. § 42, as in the meeting minutes."),
    )
