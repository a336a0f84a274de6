"""Guards shared by every request: control characters in URLs, the login's username.

- `ControlCharactersMiddleware`: a NUL byte or another control character in the path or
  in a query value is never a real address or search; the request is answered 400 before
  any view passes it to the database (PostgreSQL refuses NUL in text: a 500 otherwise).
  So is a path longer than `PATH_MAX` characters (no page of the app has one of more than
  a few hundred): resolving it would cost every URL pattern's expression a scan of it
  (a 300,000-digit id took 0.2-0.35 s to answer 404), work a request must not cause.
  Form fields clean text themselves (phases.form_base), with a message on the form.
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

from phases.form_base import TextHygieneMixin

# C0 controls except tab, line feed and carriage return, and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
AXES_USERNAME_MAX = 255
PATH_MAX = 2048  # characters of the path, as most browsers and servers bound a URL


class ControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.path_info) > PATH_MAX:
            raise BadRequest("URL too long")
        if CONTROL.search(request.path) or any(
            CONTROL.search(value) for values in request.GET.lists() for value in values[1]
        ):
            raise BadRequest("Control character in the URL")
        return self.get_response(request)


class LoginForm(TextHygieneMixin, AuthenticationForm):
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
