"""Forms of the indicators app: one class per purpose."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from phases.form_base import Form
from phases.perspectives import Perspective
from phases.translated import Translated, TranslatedFieldsMixin

from . import csv_io
from .models import Indicator
from .status import Period, parse_period


class NumberField(forms.Field):
    """A number with a decimal comma or point (12,5 or 12.5), at most 4 decimals."""

    default_error_messages = {
        "invalid": _("Enter a number, e.g. 12,5."),
        "decimals": _("A value may have at most 4 decimals."),
        "large": _("The value is too large."),
    }

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 30})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return csv_io.format_value(value)
        return value

    def to_python(self, value):
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        number = csv_io.parse_value(text[:30])
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if number.normalize().as_tuple().exponent < -csv_io.DECIMAL_PLACES:
            raise forms.ValidationError(self.error_messages["decimals"], code="decimals")
        if abs(number) >= Decimal(10) ** (csv_io.MAX_DIGITS - csv_io.DECIMAL_PLACES):
            raise forms.ValidationError(self.error_messages["large"], code="large")
        return number


class PeriodField(forms.Field):
    default_error_messages = {
        "invalid": _(
            "Write the period as a year (2026), a quarter (2026-Q2) or a month (2026-05)."
        ),
    }

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.update({"maxlength": 10, "autocomplete": "off"})

    def to_python(self, value) -> Period | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        period = parse_period(text)
        if period is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return period

    def prepare_value(self, value):
        return str(value) if isinstance(value, Period) else value


class IndicatorForm(TranslatedFieldsMixin, Form):
    """The indicator with its targets for each year of the term, in one form."""

    translated = (
        Translated("name", _("Name"), max_length=300),
        Translated("description", _("Description"), textarea=True),
        Translated("unit", _("Unit"), max_length=60, help_text=_("E.g. %, working days, NPS")),
        Translated("data_source", _("Data source"), max_length=300),
        Translated("responsible", _("Responsible unit or person"), max_length=200),
    )
    required_languages_of = ("name",)
    perspective = forms.ChoiceField(label=_("Perspective"), choices=Perspective.choices)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Indicator.Kind.choices,
        initial=Indicator.Kind.OUTCOME,
        widget=forms.RadioSelect,
        help_text=_(
            "A progress indicator shows whether things are moving in the right direction; "
            "an outcome indicator measures the end result."
        ),
    )
    direction = forms.ChoiceField(
        label=_("Direction"),
        choices=Indicator.Direction.choices,
        initial=Indicator.Direction.HIGHER,
        widget=forms.RadioSelect,
    )
    sotkanet_id = forms.IntegerField(
        label=_("THL Sotkanet indicator id"),
        min_value=1,
        required=False,
        help_text=_("The number of the indicator in THL's Sotkanet service, if it has one."),
    )
    sotkanet_agreement = forms.BooleanField(
        label=_("The region has an agreement with the indicator's provider"),
        required=False,
        help_text=_(
            "THL's own indicators are open data (CC BY 4.0). An indicator of another "
            "provider is fetched from THL Sotkanet only when this is marked."
        ),
    )
    is_key = forms.BooleanField(
        label=_("Key indicator"),
        required=False,
        help_text=_("The handbook advises choosing 3–5 key indicators for the promise."),
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, initial=0, required=False)
    commitments = forms.ModelMultipleChoiceField(
        label=_("Commitments this indicator measures"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, project, commitments, **kwargs):
        super().__init__(*args, languages=project.region.content_languages, **kwargs)
        self.project = project
        self.fields["commitments"].queryset = commitments
        self.fields["commitments"].label_from_instance = lambda c: f"{c.promise.title}: {c.title}"
        self.target_names = []
        for year in project.term_years:
            name = f"target_{year}"
            self.fields[name] = NumberField(
                label=_("Target %(year)d") % {"year": year}, required=False
            )
            self.target_names.append(name)

    @classmethod
    def initial_for(cls, indicator: Indicator) -> dict:
        initial = {
            name: getattr(indicator, name)
            for name in [
                "perspective",
                "kind",
                "direction",
                "sotkanet_id",
                "sotkanet_agreement",
                "is_key",
                "order",
                "lock_version",
            ]
        }
        initial.update(cls.initial_for_texts(indicator))
        initial["commitments"] = list(indicator.commitments.all())
        for target in indicator.targets.all():
            initial[f"target_{target.year}"] = target.value
        return initial

    @property
    def target_fields(self):
        return [self[name] for name in self.target_names]

    def targets(self) -> dict[int, Decimal | None]:
        return {int(name.split("_")[1]): self.cleaned_data.get(name) for name in self.target_names}

    def data_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in self.target_names + ["commitments", "lock_version", "lock_base"]:
            data.pop(name, None)
        for name in self.translated_names:  # a text not sent is not written
            if not self.was_sent(name):
                data.pop(name, None)
        data["order"] = data.get("order") or 0
        return data


class MeasurementForm(Form):
    period = PeriodField(
        label=_("Period"),
        help_text=_("A year (2026), a quarter (2026-Q2) or a month (2026-05)."),
    )
    value = NumberField(label=_("Value"))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: indicator; period; value; source; note. Semicolon or comma separated, "
            "decimal comma allowed, as Excel saves it."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > csv_io.MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (at most 2 MB)."))
        return upload


class AssessmentForm(TranslatedFieldsMixin, Form):
    translated = (Translated("text", _("Assessment"), textarea=True, max_length=20000, rows=6),)
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# Every category of sotkanet.REGION_CATEGORIES, in the order the chooser shows them.
CATEGORY_LABELS = {
    "HYVINVOINTIALUE": _("Wellbeing services counties"),
    "MAAKUNTA": _("Regions (maakunta)"),
    "SEUTUKUNTA": _("Sub-regions (seutukunta)"),
    "KUNTA": _("Municipalities"),
    "ERVA": _("Specific catchment areas (ERVA)"),
    "ALUEHALLINTOVIRASTO": _("Regional State Administrative Agencies"),
    "ELY-KESKUS": _("ELY Centres"),
    "NUTS1": _("Mainland Finland and Åland (NUTS 1)"),
    "MAA": _("The whole country"),
}


class SotkanetRegionForm(Form):
    """The region's own area, chosen from THL Sotkanet's regions list."""

    sotkanet_region = forms.TypedChoiceField(
        label=_("THL Sotkanet region"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "The area whose values are fetched for this region's indicators: the wellbeing "
            "services county, a region (maakunta), a municipality (e.g. Helsinki) or another "
            "area THL publishes values for."
        ),
    )

    def __init__(self, *args, regions, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_id = {r.id: r for r in regions}
        choices = [("", _("Not chosen"))]
        for category, label in CATEGORY_LABELS.items():
            group = sorted(
                (r for r in regions if r.category == category), key=lambda r: r.name(language)
            )
            if group:
                choices.append((label, [(r.id, r.name(language)) for r in group]))
        self.fields["sotkanet_region"].choices = choices

    def clean_sotkanet_region(self):
        value = self.cleaned_data["sotkanet_region"]
        return None if value is None else self.by_id[value]
