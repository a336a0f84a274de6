"""Guards shared by every request: control characters in URLs, the login's username.

- `ControlCharactersMiddleware`: a NUL byte or another control character in the path or
  in a query value is never a real address or search; the request is answered 400 before
  any view passes it to the database (PostgreSQL refuses NUL in text: a 500 otherwise).
  Form fields refuse NUL themselves (Django's CharField), with a message on the form.
- `LoginForm`: Django's login form with the username's length actually enforced (its
  max_length only sets the HTML attribute), so an oversize username is a form error and
  is never handed to django-axes, whose attempt log holds at most 255 characters.
- `axes_username`: the username django-axes records, cut to what its log holds.
"""

from __future__ import annotations

import re

from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import BadRequest
from django.core.validators import MaxLengthValidator

from phases import text_hygiene

# C0 controls except tab, line feed and carriage return, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
AXES_USERNAME_MAX = 255


class ControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CONTROL.search(request.path) or any(
            CONTROL.search(value) for values in request.GET.lists() for value in values[1]
        ):
            raise BadRequest("Control character in the URL")
        return self.get_response(request)


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["username"]
        field.validators.append(MaxLengthValidator(field.max_length or 150))


def axes_username(request, credentials) -> str:
    """What django-axes stores as the username (the same field it reads by default)."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    return str(value or "")[:AXES_USERNAME_MAX]


# -- text hygiene for every form -------------------------------------------------------
#
# Django's CharField strips whitespace at both ends (strip=True), but neither the
# characters XML 1.0 forbids (ESC, U+FFFF, ...: an .xlsx export holding one is refused or
# corrupt) nor invisible format characters (zero-width space U+200B, joiners, the byte order
# mark U+FEFF, bidi marks) at the ends, so a "title" made only of them passes `required`
# and is stored. One mechanism for every form of the project (ours, modeltranslation's,
# the admin's, Django's own): each text field removes the forbidden characters anywhere
# (phases.text_hygiene.clean_text, the same function the import parsers use) and strips the
# invisible ones at the ends, so text made only of them is empty — refused by a required
# field, stored as empty by an optional one. A field with strip=False (Django's password
# fields) is left exactly as typed.
#
# And every text field has a length limit: a field declared without max_length gets
# TEXT_MAX_DEFAULT (a form field that needs more or less says so itself).
#
# This is installed on forms.CharField itself (at app start, servicelofte.apps): Django has
# no hook that reaches the fields the admin and modeltranslation build, and a base field or
# form mixin would have to be repeated in every form class of every app (a form that forgot
# it would store ESC again). The patch is idempotent and tested in
# tests/security/test_hostile_input.py and tests/security/test_text_hygiene.py.

TEXT_MAX_DEFAULT = text_hygiene.TEXT_MAX_DEFAULT
strip_invisible = text_hygiene.strip_invisible


def install_text_hygiene() -> None:
    from django import forms

    if getattr(forms.CharField.to_python, "strips_invisible", False):
        return
    original = forms.CharField.to_python

    def to_python(self, value):
        value = original(self, value)
        if self.strip and isinstance(value, str) and value:
            value = text_hygiene.strip_invisible(text_hygiene.clean_text(value))
            if not value:
                return self.empty_value
        return value

    to_python.strips_invisible = True
    forms.CharField.to_python = to_python

    original_init = forms.CharField.__init__

    def __init__(self, *args, max_length=None, **kwargs):
        if max_length is None and not isinstance(self, forms.JSONField):
            max_length = TEXT_MAX_DEFAULT
        original_init(self, *args, max_length=max_length, **kwargs)

    forms.CharField.__init__ = __init__
