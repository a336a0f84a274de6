"""The form renderer draws the plain widgets (inputs, selects, textareas) in Python
(servicelofte.forms, issue 31): its output must be exactly what Django's widget templates
give, for every kind of value and attribute, and on whole pages full of fields."""

import datetime
import re
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe

from servicelofte.forms import FormRenderer

VALUES = [
    None,
    "",
    "plain",
    'quote " & <tag>',
    mark_safe("<b>safe</b>"),
    0,
    1,
    1234567,
    Decimal("1234.50"),
    2.5,
    datetime.date(2026, 12, 6),
    ["a", "b"],
]
ATTRS = [{}, {"id": "f", "required": True, "disabled": False, "data-x": 'a"b', "maxlength": 30}]
CHOICES = [
    ("", "–"),
    (1, "one < two"),
    ("2", mark_safe("<i>two</i>")),
    (2026, 2026),
    ("Group & co", [(3, "three"), ("4", "four")]),
]
WIDGETS = [
    forms.TextInput(),
    forms.HiddenInput(),
    forms.NumberInput(),
    forms.EmailInput(),
    forms.URLInput(),
    forms.DateInput(format="%Y-%m-%d"),
    forms.Textarea(),
    forms.Select(choices=CHOICES),
    forms.SelectMultiple(choices=CHOICES),
]


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
def test_each_plain_widget_renders_as_its_template(widget, lang):
    fast, slow = FormRenderer(), TemplatesSetting()
    with translation.override(lang):
        for value in VALUES:
            for attrs in ATTRS:
                expected = widget.render("field", value, attrs=attrs, renderer=slow)
                assert widget.render("field", value, attrs=attrs, renderer=fast) == expected


class TemplatesOnly(FormRenderer):
    """The project's renderer with every widget through its template."""

    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request)


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.mark.django_db
def test_pages_full_of_fields_are_the_same_either_way(client, project, users, settings):
    """The dashboard's task table (selects, dates, hidden initials) and the promise list's
    form, rendered with the Python widgets and with the templates only."""
    client.force_login(users["preparer"])
    kwargs = {"region": project.region.slug, "project": project.pk}
    with translation.override("fi"):
        urls = [
            reverse("phases:project_dashboard", kwargs=kwargs),
            reverse("promises:promise_list", kwargs=kwargs),
            reverse("indicators:create", kwargs=kwargs),
        ]
    fast = [CSRF.sub("", client.get(url).content.decode()) for url in urls]
    settings.FORM_RENDERER = f"{__name__}.TemplatesOnly"
    slow = [CSRF.sub("", client.get(url).content.decode()) for url in urls]
    for url, a, b in zip(urls, fast, slow, strict=True):
        assert "<select" in a or "<input" in a, url
        assert a == b, url
