"""The base of every form of the project: text from outside cleaned one way, and a length
limit on every text field.

Django's CharField strips whitespace at both ends (strip=True), but neither the characters
XML 1.0 forbids (ESC, U+FFFF, ...: an .xlsx export holding one is refused or corrupt) nor
invisible format characters (zero-width space U+200B, joiners, the byte order mark U+FEFF,
bidi marks) at the ends, so a "title" made only of them would pass `required` and be stored.

Every form class of the project derives from `Form` or `ModelForm` here (or mixes in
`TextHygieneMixin` over a Django form, as the login and password-reset forms do);
tests/security/test_form_base.py walks every form class of the apps and fails on one that
does not. Before the fields clean the submitted data, each text field's value has the
forbidden characters removed anywhere (`phases.text_hygiene.clean_text`, the same function
the import parsers and the export writer use) and the invisible ones stripped at the ends,
so text made only of them is empty — refused by a required field, stored as empty by an
optional one. A form shown again with its errors keeps what was typed. A field with
strip=False (a password) is left exactly as typed, and so is a JSON field.

Every text field has a length limit: one declared without max_length gets
`TEXT_MAX_DEFAULT` (a field that needs more or less says so itself).
"""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.datastructures import MultiValueDict

from .text_hygiene import TEXT_MAX_DEFAULT, clean_text, strip_invisible


def _is_text(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field, forms.JSONField)


def cleaned_text(value):
    """A submitted text value as every form reads it (non-text values are left alone)."""
    if not isinstance(value, str):
        return value
    return strip_invisible(clean_text(value.strip()))


def limit_length(field: forms.Field) -> None:
    """Give a text field declared without max_length the default ceiling (validator and
    the widget's maxlength attribute, as CharField(max_length=...) would)."""
    if not _is_text(field) or field.max_length is not None:
        return
    field.max_length = TEXT_MAX_DEFAULT
    field.validators.append(MaxLengthValidator(TEXT_MAX_DEFAULT))
    field.widget.attrs.update(field.widget_attrs(field.widget))


class TextHygieneMixin:
    """Cleans the submitted text of every text field, limits every text field's length."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            limit_length(field)

    def full_clean(self):
        for field in self.fields.values():  # fields a form added after __init__ too
            limit_length(field)
        if not self.is_bound:
            return super().full_clean()
        typed, self.data = self.data, self.hygienic_data()
        try:
            super().full_clean()
        finally:
            self.data = typed  # a form shown again keeps what was typed

    def hygienic_data(self):
        """The submitted data with every text field's values cleaned."""
        names = [
            self.add_prefix(name)
            for name, field in self.fields.items()
            if _is_text(field) and field.strip and not field.disabled
        ]
        data = self.data.copy()
        for key in names:
            if key not in data:
                continue
            if isinstance(data, MultiValueDict):
                data.setlist(key, [cleaned_text(v) for v in data.getlist(key)])
            else:
                data[key] = cleaned_text(data[key])
        return data


class Form(TextHygieneMixin, forms.Form):
    pass


class ModelForm(TextHygieneMixin, forms.ModelForm):
    pass
