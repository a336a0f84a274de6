"""Every form class of the project cleans text at input through one explicit base
(phases.form_base), not through a patch of Django's CharField.

The walk imports every module of the apps and of the project package, finds each form
class defined there, and
- fails on one that does not derive from `TextHygieneMixin` (a new form on `forms.Form`);
- posts each text field it declares a value with control, forbidden and invisible
  characters, and checks what the field cleans to.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from django import forms

from phases.form_base import TextHygieneMixin

PACKAGES = ("servicelofte", "phases", "promises", "participation", "indicators")
HOSTILE = "\u200b\ufeff Otsikko\x1b[31m ja\x07 teksti\uffff\x85 \u200e"
CLEANED = "Otsikko[31m ja teksti"


def _modules():
    for package in PACKAGES:
        root = importlib.import_module(package)
        yield root
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            last = info.name.rsplit(".", 1)[-1]
            # URL modules are left to Django: importing one before the test settings (DEBUG
            # off) would add the media pattern the URL walks do not expect.
            if ".migrations" in info.name or last in {"wsgi", "urls", "api_urls"}:
                continue
            yield importlib.import_module(info.name)


def project_form_classes() -> list[type]:
    found = {}
    for module in _modules():
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [found[name] for name in sorted(found)]


FORM_CLASSES = project_form_classes()


def test_the_walk_finds_the_forms_of_every_app():
    modules = {cls.__module__.split(".")[0] for cls in FORM_CLASSES}
    assert modules == set(PACKAGES)
    assert len(FORM_CLASSES) > 50


@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda c: c.__qualname__)
def test_every_form_of_the_project_has_the_one_base(form_class):
    assert issubclass(form_class, TextHygieneMixin), (
        f"{form_class.__module__}.{form_class.__qualname__} must derive from "
        "phases.form_base.Form / ModelForm (or mix in TextHygieneMixin)"
    )


def _declared_text_fields(form_class) -> list[str]:
    return [
        name
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.CharField)
        and not isinstance(field, forms.JSONField)
        and field.strip
        and not field.disabled
    ]


@pytest.mark.parametrize(
    "form_class",
    [c for c in FORM_CLASSES if _declared_text_fields(c)],
    ids=lambda c: c.__qualname__,
)
def test_every_declared_text_field_cleans_control_and_invisible_characters(form_class):
    """Only the fields' own cleaning runs: the form's constructor arguments (a region, a
    project) and its clean() are not needed for what each field makes of the text."""
    names = _declared_text_fields(form_class)
    form = form_class.__new__(form_class)
    forms.BaseForm.__init__(form, data={name: HOSTILE for name in names})
    form.fields = {name: form.fields[name] for name in names}
    form._clean_form = form._post_clean = lambda: None
    for name in names:
        setattr(form, f"clean_{name}", lambda name=name: form.cleaned_data[name])
    TextHygieneMixin.full_clean(form)  # the base's cleaning, then Django's fields
    for name in names:
        field = form.fields[name]
        if type(field) is forms.CharField and (field.max_length or 10**6) >= len(CLEANED):
            assert form.cleaned_data.get(name) == CLEANED, name
        else:  # a shorter limit, an e-mail address, a pattern: refused or cleaned
            assert name in form.errors or form.cleaned_data[name] == CLEANED, name
