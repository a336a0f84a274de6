"""Forms of the decision package page and the council decision (one form per purpose)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from phases.form_base import Form
from phases.models import CouncilDecision
from phases.translated import Translated, TranslatedFieldsMixin

from ..models import DecisionPackage, PromiseVersion
from .selectors import DESCRIPTION_FIELDS

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def version_label(version: PromiseVersion) -> str:
    label = f"v{version.number} – {version.get_kind_display()}"
    if version.label:
        label += f": {version.label}"
    return f"{label} ({date_format(localtime(version.created_at), 'SHORT_DATE_FORMAT')})"


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return version_label(obj)


class DecisionPackageForm(TranslatedFieldsMixin, Form):
    """The versions proposed for approval, the descriptions per language and the channels."""

    translated = tuple(
        Translated(
            name,
            capfirst(DecisionPackage._meta.get_field(name).verbose_name),
            textarea=True,
            max_length=20000,
            rows=6,
        )
        for name in DESCRIPTION_FIELDS
    )

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    communication_channels = forms.MultipleChoiceField(
        label=_("Communication channels"),
        choices=DecisionPackage.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, promises, versions, **kwargs):
        """`promises`: the project's segment promises; `versions`: their versions (one
        queryset, newest first per promise); `languages`: the region's languages."""
        super().__init__(*args, **kwargs)
        self.promises = promises
        self.languages = self.language_order
        by_promise: dict[int, list[PromiseVersion]] = {}
        for version in versions:
            if version.kind != PromiseVersion.Kind.APPROVED:
                by_promise.setdefault(version.promise_id, []).append(version)
        for promise in promises:
            choices = by_promise.get(promise.pk, [])
            field = VersionChoiceField(
                label=str(promise),
                queryset=PromiseVersion.objects.filter(pk__in=[v.pk for v in choices]),
                required=False,
                empty_label=_("(no version chosen)"),
                help_text=_("The version the council is asked to approve."),
            )
            field.choices = [("", _("(no version chosen)"))] + [
                (v.pk, version_label(v)) for v in choices
            ]
            self.fields[f"version_{promise.pk}"] = field
        # Fields in the template's order: versions, descriptions, channels.
        self.order_fields(
            ["lock_version"]
            + [f"version_{p.pk}" for p in promises]
            + [f"{n}_{lang}" for n in DESCRIPTION_FIELDS for lang in self.languages]
            + ["communication_channels"]
        )

    def version_fields(self):
        return [self[f"version_{p.pk}"] for p in self.promises]

    def description_rows(self):
        """[(label, [bound field per language])] for the side-by-side layout."""
        rows = []
        for name in DESCRIPTION_FIELDS:
            label = DecisionPackage._meta.get_field(name).verbose_name
            rows.append((name, label, [self[f"{name}_{lang}"] for lang in self.languages]))
        return rows

    def versions(self) -> dict[int, PromiseVersion]:
        chosen = {}
        for promise in self.promises:
            version = self.cleaned_data.get(f"version_{promise.pk}")
            if version is not None:
                chosen[promise.pk] = version
        return chosen

    def description_texts(self) -> dict[str, dict[str, str]]:
        return self.all_texts()


class DecisionRecordForm(TranslatedFieldsMixin, Form):
    """The council's decision, recorded by the secretary: the body's name and the decision
    text in each of the region's languages."""

    translated = (
        Translated("body", _("Decision-making body"), max_length=200),
        Translated(
            "text",
            _("Decision text"),
            textarea=True,
            max_length=20000,
            rows=6,
            help_text=_("For a return for preparation, this is logged as the reason."),
        ),
    )
    meeting_date = forms.DateField(
        label=_("Meeting date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    section = forms.CharField(
        label=_("Section (§)"), max_length=30, help_text=_("The number of the section, e.g. 45")
    )
    case_number = forms.CharField(
        label=_("Case number"),
        max_length=60,
        required=False,
        help_text=_("The matter's case (diary) number in the region's case management."),
    )
    minutes_url = forms.URLField(
        label=_("Link to the meeting minutes"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("The address of the published minutes, e.g. in the region's meeting service."),
    )
    decided_in_advance = forms.BooleanField(
        label=_("The meeting is still ahead: the decision is recorded in advance"),
        required=False,
    )
    period_start = forms.DateField(
        label=_("The promise is in force from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Until then the promise in force now stays on the public page."),
    )
    period_end = forms.DateField(
        label=_("The promise is in force until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=CouncilDecision.Outcome.choices, widget=forms.RadioSelect
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages of the decision document"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean(self):
        data = super().clean()
        outcome = data.get("outcome")
        self.require_one_language("body", _("Name the decision-making body."))
        if outcome == CouncilDecision.Outcome.RETURNED and not any(self.texts("text").values()):
            self.add_error(
                f"text_{self.content_languages[0]}",
                _("Write the decision text: it is logged as the reason for the return."),
            )
        if outcome and outcome != CouncilDecision.Outcome.RETURNED and not data.get("languages"):
            self.add_error("languages", _("Choose at least one language for the PDF."))
        meeting = data.get("meeting_date")
        if meeting and meeting > timezone.localdate() and not data.get("decided_in_advance"):
            self.add_error(
                "meeting_date",
                _(
                    "The meeting date is in the future. Record the decision after the meeting, "
                    "or say that it is a decision taken in advance."
                ),
            )
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return data
