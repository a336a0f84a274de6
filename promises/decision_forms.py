"""Forms of the decision package page and the council decision (one form per purpose)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from phases.models import CouncilDecision

from .decision_selectors import DESCRIPTION_FIELDS
from .models import DecisionPackage, PromiseVersion

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def version_label(version: PromiseVersion) -> str:
    label = f"v{version.number} – {version.get_kind_display()}"
    if version.label:
        label += f": {version.label}"
    return f"{label} ({version.created_at:%d.%m.%Y})"


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return version_label(obj)


class DecisionPackageForm(forms.Form):
    """The versions proposed for approval, the descriptions per language and the channels."""

    lock_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    communication_channels = forms.MultipleChoiceField(
        label=_("Communication channels"),
        choices=DecisionPackage.Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, promises, versions, languages, **kwargs):
        """`promises`: the project's segment promises; `versions`: their versions (one
        queryset, newest first per promise); `languages`: the languages edited."""
        super().__init__(*args, **kwargs)
        self.promises = promises
        self.languages = languages
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
        for name in DESCRIPTION_FIELDS:
            label = DecisionPackage._meta.get_field(name).verbose_name
            for language in languages:
                self.fields[f"{name}_{language}"] = forms.CharField(
                    label=f"{str(label).capitalize()} ({LANGUAGE_NAMES[language]})",
                    required=False,
                    max_length=20000,
                    widget=forms.Textarea(attrs={"rows": 6, "lang": language}),
                )
        # Fields in the template's order: versions, descriptions, channels.
        self.order_fields(
            ["lock_version"]
            + [f"version_{p.pk}" for p in promises]
            + [f"{n}_{lang}" for n in DESCRIPTION_FIELDS for lang in languages]
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

    def texts(self) -> dict[str, dict[str, str]]:
        return {
            name: {lang: self.cleaned_data.get(f"{name}_{lang}", "") for lang in self.languages}
            for name in DESCRIPTION_FIELDS
        }


class DecisionRecordForm(forms.Form):
    """The council's decision, recorded by the secretary."""

    body = forms.CharField(
        label=_("Decision-making body"),
        max_length=200,
        help_text=_("E.g. aluevaltuusto / välfärdsområdesfullmäktige"),
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
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=CouncilDecision.Outcome.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Decision text"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("For a return for preparation, this is logged as the reason."),
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
        if outcome == CouncilDecision.Outcome.RETURNED and not (data.get("text") or "").strip():
            self.add_error(
                "text", _("Write the decision text: it is logged as the reason for the return.")
            )
        if outcome and outcome != CouncilDecision.Outcome.RETURNED and not data.get("languages"):
            self.add_error("languages", _("Choose at least one language for the PDF."))
        return data
