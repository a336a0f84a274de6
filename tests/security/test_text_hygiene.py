"""Issue 24, item 4: text from outside has the characters XML 1.0 forbids removed at input.

One function, phases.text_hygiene.clean_text, used by every form of the project (through
their one base, phases.form_base, walked in tests/security/test_form_base.py), by the
import parsers (tests/security/test_imports_bounded.py) and by the writer of
every export (tests/security/test_exports.py).
"""

from __future__ import annotations

import pytest
from django import forms
from django.forms import modelform_factory
from hypothesis import example, given, settings
from hypothesis import strategies as st

from phases.form_base import Form, ModelForm
from phases.text_hygiene import FORBIDDEN, clean_text
from promises.models import StrategyGoal
from servicelofte.security import LoginForm

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("a\x00b\x1bc\x7fd\x85e", "abcde"),  # C0 (NUL, ESC), DEL, C1
        ("a\ufffe\uffffb", "ab"),  # XML forbids both
        ("a\ud800b\udfffc", "abc"),  # lone surrogates
        ("a\ufdd0\ufdefb\U0001fffe\U0010ffffc", "abc"),  # the other noncharacters
        ("rivi\tsarake\nrivi\r\n", "rivi\tsarake\nrivi\r\n"),  # tab, LF, CR stay
        ("Åsa 😀 \u200d\u00a0\u2028 ﷺ \ue000 \ufffd", "Åsa 😀 \u200d\u00a0\u2028 ﷺ \ue000 \ufffd"),
    ],
)
def test_clean_text_removes_exactly_what_xml_forbids_and_the_noncharacters(typed, kept):
    assert clean_text(typed) == kept


def test_a_comment_with_esc_and_uffff_is_stored_without_them(client, project):
    from participation.models import Comment
    from tests.participation.factories import make_round

    round = make_round(project)
    client.post(
        f"/fi/round/{round.pk}/",
        {"target": "whole", "text": "Hyvä\x1b[31m luonnos\uffff", "website": ""},
    )
    assert Comment.objects.get().text == "Hyvä[31m luonnos"


def test_model_forms_of_translated_models_clean_too(db):
    """A form built from a model on the project's base (translated columns included)."""
    form_class = modelform_factory(
        StrategyGoal, form=ModelForm, fields=["title_fi", "title_sv", "code"]
    )
    form = form_class({"title_fi": "Tavoite\x1b\uffff", "title_sv": "\u200bMål\x07", "code": "1"})
    form.is_valid()
    assert (form.cleaned_data["title_fi"], form.cleaned_data["title_sv"]) == ("Tavoite", "Mål")


def test_a_password_is_left_as_typed():
    """Fields with strip=False (Django's password fields) are not touched."""
    form = LoginForm(data={"username": "u\x1b", "password": " sala\x1bsana "})
    data = form.hygienic_data()  # what the fields clean (no account is looked up here)
    assert form.fields["username"].clean(data["username"]) == "u"
    assert form.fields["password"].clean(data["password"]) == " sala\x1bsana "


@settings(max_examples=200, deadline=None)
@given(ANY_TEXT)
def test_any_text_through_a_form_field_holds_no_forbidden_character(text):
    class OneField(Form):
        value = forms.CharField(required=False)

    form = OneField(data={"value": text})
    assert form.is_valid()
    cleaned = form.cleaned_data["value"]
    assert not FORBIDDEN.search(cleaned)
    assert cleaned == "" or cleaned in clean_text(text)


def test_texts_of_an_api_answer_are_cleaned_too():
    """THL Sotkanet's JSON (the one API the app reads) goes through the same function."""
    from indicators.sotkanet import SotkanetClient

    client = SotkanetClient(base_url="http://127.0.0.1:9")  # never contacted: answers are set
    client._memo[("regions", ())] = [
        {"id": 974, "title": {"fi": "Alue\x1b\uffff", "sv": "Område\x00"}, "category": "KUNTA"}
    ]
    client._memo[("indicators/186", ())] = {"id": 186, "title": {"fi": "Mittari\x07"}}
    assert client.regions()[0].title == {"fi": "Alue", "sv": "Område"}
    assert client.indicator(186).title == {"fi": "Mittari"}


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
@example("a\U0001fffe😀\U0010ffff\uffffb")  # random text rarely holds a noncharacter
def test_the_fast_cleaning_removes_exactly_the_forbidden_characters(text):
    """clean_text runs in two steps for speed; it removes what the one pattern names."""
    assert clean_text(text) == FORBIDDEN.sub("", text)
