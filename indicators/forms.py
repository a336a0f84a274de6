"""Forms of the indicators app: one class per purpose."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from phases.perspectives import Perspective

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


class IndicatorForm(forms.Form):
    """The indicator with its targets for each year of the term, in one form."""

    name_fi = forms.CharField(label=_("Name in Finnish"), max_length=300)
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=300, required=False)
    name_en = forms.CharField(label=_("Name in English"), max_length=300, required=False)
    description_fi = forms.CharField(
        label=_("Description in Finnish"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_sv = forms.CharField(
        label=_("Description in Swedish"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description in English"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    unit_fi = forms.CharField(
        label=_("Unit in Finnish"),
        max_length=60,
        required=False,
        help_text=_("E.g. %, working days, NPS"),
    )
    unit_sv = forms.CharField(label=_("Unit in Swedish"), max_length=60, required=False)
    unit_en = forms.CharField(label=_("Unit in English"), max_length=60, required=False)
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
    data_source = forms.CharField(label=_("Data source"), max_length=300, required=False)
    sotkanet_id = forms.IntegerField(
        label=_("THL Sotkanet indicator id"),
        min_value=1,
        required=False,
        help_text=_("The number of the indicator in THL's Sotkanet service, if it has one."),
    )
    responsible = forms.CharField(
        label=_("Responsible unit or person"), max_length=200, required=False
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

    def __init__(self, *args, project, commitments, bilingual: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        self.fields["commitments"].queryset = commitments
        self.fields["commitments"].label_from_instance = lambda c: f"{c.promise.title}: {c.title}"
        if bilingual:
            self.fields["name_sv"].required = True
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
                "data_source",
                "sotkanet_id",
                "responsible",
                "is_key",
                "order",
                "lock_version",
            ]
        }
        for field in ("name", "description", "unit"):
            for lang in ("fi", "sv", "en"):
                initial[f"{field}_{lang}"] = getattr(indicator, f"{field}_{lang}") or ""
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
        for name in self.target_names + ["commitments", "lock_version"]:
            data.pop(name, None)
        data["order"] = data.get("order") or 0
        return data


class MeasurementForm(forms.Form):
    period = PeriodField(
        label=_("Period"),
        help_text=_("A year (2026), a quarter (2026-Q2) or a month (2026-05)."),
    )
    value = NumberField(label=_("Value"))
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ImportForm(forms.Form):
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


class AssessmentForm(forms.Form):
    text_fi = forms.CharField(
        label=_("Assessment in Finnish"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    text_sv = forms.CharField(
        label=_("Assessment in Swedish"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    text_en = forms.CharField(
        label=_("Assessment in English"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    lock_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def texts(self) -> dict[str, str]:
        return {lang: self.cleaned_data[f"text_{lang}"] for lang in ("fi", "sv", "en")}


CATEGORY_LABELS = {
    "HYVINVOINTIALUE": _("Wellbeing services counties"),
    "KUNTA": _("Municipalities"),
    "MAA": _("The whole country"),
}


class SotkanetRegionForm(forms.Form):
    """The region's own area, chosen from THL Sotkanet's regions list."""

    sotkanet_region = forms.TypedChoiceField(
        label=_("THL Sotkanet region"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_(
            "The area whose values are fetched for this region's indicators: the wellbeing "
            "services county, a municipality (e.g. Helsinki) or the whole country."
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
