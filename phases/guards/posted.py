"""Ids and redirect targets that come from a request, validated in one place.

A posted id is a bounded whole number (what a bigint primary key can hold); anything else
(letters, signs, a 300,000-digit number, non-ASCII digits) is no id at all. A `next` value
is used only when it is a path on this site; anything else is ignored, and it is never
given to `redirect()` (which would try a non-path as a view name)."""

from __future__ import annotations

from django import forms
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

ID_MAX = 2**63 - 1  # PostgreSQL's bigint
_ID_DIGITS = len(str(ID_MAX))


def posted_id(value) -> int | None:
    """`value` as an id (1 … 2**63-1), or None."""
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    value = value.strip()
    if not value or len(value) > _ID_DIGITS or not (value.isascii() and value.isdigit()):
        return None
    number = int(value)
    return number if 1 <= number <= ID_MAX else None


def posted_ids(values) -> list[int]:
    """The ids among `values`, in order, without repeats; anything else is dropped."""
    seen: dict[int, None] = {}
    for value in values:
        number = posted_id(value)
        if number is not None:
            seen.setdefault(number)
    return list(seen)


class IdField(forms.IntegerField):
    """A form field for a posted id: a whole number within a primary key's range."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", ID_MAX)
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = posted_id(value)
        if number is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number


def safe_next(request, value) -> str | None:
    """`value` when it is a local path ("/…", not "//…"), else None."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith(("//", "/\\")):
        return None
    if len(value) > 2000 or any(ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    if not url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return value


def redirect_to_next(request, value, fallback: str) -> HttpResponseRedirect:
    """A redirect to `value` when it is a local path, else to `fallback` (a URL)."""
    return HttpResponseRedirect(safe_next(request, value) or fallback)
