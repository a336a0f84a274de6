"""The hostile walk: every URL pattern and every form on its page, sent NUL, oversize and
control-only text, as a user who may send it: never a server error, never stored.

It reads the demo seeded once for this module (tests/conftest.py `module_demo`), in three
shards so the walk runs on both cores; the single cases are in test_hostile_input.py."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from .test_hostile_input import (
    CONTROL_ONLY,
    NUL_TEXT,
    OVERSIZE,
    WALK_SKIP,
    _forms,
    _hostile_data,
    _hostile_text_stored,
    _kwargs_of,
    _sender,
    _url_name,
)

SHARDS = 3


@pytest.mark.parametrize("shard", range(SHARDS))
def test_walk_every_url_and_form_with_nul_oversize_and_control_text(module_demo, db, shard):
    """Every URL pattern (a third of them per test, so the walk runs on both cores)."""
    from django.test import Client

    from tests.security.test_permission_matrix import World, kind_of, url_for, walk

    world = World(module_demo)
    with translation.override("fi"):
        entries = [e for e in walk() if e.namespace != "admin" and e.key not in WALK_SKIP]
        entries = entries[shard::SHARDS]
        urls = [(e, kind_of(e), url_for(e, world)) for e in entries]
    errors: list[str] = []
    forms_sent = 0

    def check(client, method, url, **kwargs):
        response = getattr(client, method)(url, **kwargs)
        if response.status_code >= 500:
            errors.append(f"{method.upper()} {url[:120]!r}: {response.status_code}")
        return response

    anonymous = Client(raise_request_exception=False)
    for entry, kind, url in urls:
        role = _sender(kind)
        client = Client(raise_request_exception=False)
        if role:
            client.force_login(world.users[role])
        # the path and the query
        for bad in ("%00", "%00%01%1b", "%E2%80%8B", "x" * 300):
            check(anonymous, "get", url.rstrip("/") + bad + "/")
            check(client, "get", f"{url}?q={bad}&page={bad}&public={bad}&sort={bad}")
        for name in entry.kwarg_names:
            if name in {"token", "uidb64", "region", "fmt", "perspective"}:
                value = str(reverse(entry.key, kwargs=dict(_kwargs_of(entry, url))))
                check(client, "get", value.replace(f"/{_kwargs_of(entry, url)[name]}/", "/%00/"))
        # every form on the page
        page = check(client, "get", url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        for method, action, fields in _forms(page.content.decode()):
            target = action or url
            if not target.startswith("/") or _url_name(target) in WALK_SKIP:
                continue
            for value in (NUL_TEXT, OVERSIZE, CONTROL_ONLY):
                data = _hostile_data(fields, value)
                if method == "post":
                    check(client, "post", target, data=data)
                else:
                    query = {k: v[:2000] for k, v in data.items() if isinstance(v, str)}
                    query = {k: v for k, v in query.items() if k != "csrfmiddlewaretoken"}
                    check(client, "get", target, data=query)
                forms_sent += 1
    print(f"walked {len(urls)} URL patterns, sent {forms_sent} hostile forms")
    assert forms_sent > 100 // SHARDS, forms_sent
    assert not errors, "\n".join(errors)
    stored = _hostile_text_stored()
    assert not stored, "stored hostile text (oversize or invisible only):\n" + "\n".join(stored)
