"""A visitor's repeated GET of the public promise page or its JSON, answered from this
process's memory before the middleware that only matters to a session or a login.

A cached public page costs no query, so what is left of a request is the middleware (the
session, the locale, CSRF, the user, messages, CSP, history, axes), the URL resolver and the
view: at 50 users that per-request work, not the database, set the pace. The view
(`PublicMixin.conditional`) marks a response it may share with every visitor
(`response.public_reuse`: the promise shown, its head key and the end of the ETag's cache
period); this middleware, placed right after the security and static-file middleware,
keeps such a response as the later middleware left it (status, headers, body) under the
request's scheme, host and full path, and answers the next GET of that address with it
while

- the request carries no cookie (a session, a message, a language or a login could change
  the page: those requests always take the whole path) and no conditional header (the view
  answers If-None-Match / If-Modified-Since with a 304 itself),
- this process still holds the same head (`CACHES["pages"]`, which an approval or a
  published follow-up report drops at once here and which expires after
  PUBLIC_HEAD_LOCAL_SECONDS, exactly as the view's own reading of it does),
- the ETag's cache period has not ended (a new period is a new ETag).

Only a 200 that sets no cookie, varies on nothing but the cookie and carries no CSP nonce is
kept. The middleware before this one (HTTPS redirect, HSTS, nosniff, referrer and opener
policy, the URL's control characters) runs for every request; the headers of the later ones
(CSP, X-Frame-Options, Content-Language, Vary, the view's ETag, Last-Modified and
Cache-Control, CORS on the JSON) are the stored ones, as they set them.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re

CONDITIONAL_HEADERS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")


@dataclass(frozen=True)
class Reuse:
    """What a shared public response depends on (set by the view on the response)."""

    head_key: str
    head: dict
    until: float  # epoch seconds: the end of the ETag's cache period


def response_key(request) -> str | None:
    """The key of a request that may be answered with a kept response, else None."""
    if request.method != "GET" or request.COOKIES:
        return None
    if any(header in request.META for header in CONDITIONAL_HEADERS):
        return None
    # get_host() refuses a host outside ALLOWED_HOSTS (400), as CommonMiddleware would.
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "promises:public:response:" + hashlib.sha256(address.encode()).hexdigest()


def shareable(response) -> bool:
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    vary = {v.strip().lower() for v in cc_delim_re.split(response.get("Vary", "")) if v.strip()}
    if not vary <= {"cookie"}:  # only cookie-less requests are answered from the copy
        return False
    return "nonce-" not in response.get("Content-Security-Policy", "")


class PublicResponseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = response_key(request)
        if key is None:
            return self.get_response(request)
        pages = caches["pages"]
        kept = pages.get(key)
        if kept is not None:
            reuse, status, headers, body = kept
            if time.time() < reuse.until and pages.get(reuse.head_key) == reuse.head:
                return HttpResponse(body, status=status, headers=headers)
        response = self.get_response(request)
        reuse = getattr(response, "public_reuse", None)
        if reuse is not None and shareable(response):
            seconds = reuse.until - time.time()
            if seconds > 0:
                kept = (reuse, response.status_code, dict(response.items()), response.content)
                pages.set(key, kept, seconds)
        return response
