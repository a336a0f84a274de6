"""The hostile walk: every URL pattern and every form on its page, sent NUL, oversize and
control-only text, as a user who may send it: never a server error, never stored.

Then the ids, numbers and redirect targets (issue 24, item 6): every path segment replaced
by a 300,000-digit number and by a number past the bigint range; every page opened as each
role that may open it with `next=x`, `next=//elsewhere`, `next=https://evil.example` and
300,000-digit or non-integer page, version and id parameters; every form sent with every
field that is not free text (hidden fields, ids, selects, boxes, numbers, dates) set to a
non-integer with NUL and control characters, to 300,000 digits, and to 2**63, each time
with a hostile `next`. Never a 500, never a redirect to another host.

It reads the demo seeded once for this module (tests/conftest.py `module_demo`), in six
shards of about the same cost (the themes page's forms split over three of them) so the
walk runs on both cores and no shard holds up the run; the single cases are in
test_hostile_input.py and test_hostile_ids.py."""

from __future__ import annotations

import re
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from .test_hostile_input import (
    CONTROL_ONLY,
    NUL_TEXT,
    OVERSIZE,
    TEXT_KINDS,
    WALK_SKIP,
    _forms,
    _hostile_data,
    _hostile_text_stored,
    _kwargs_of,
    _sender,
    _url_name,
)

SHARDS = 6
HUGE_NUMBER = "9" * 300_000
PAST_BIGINT = str(2**63)
PAST_INT_LIMIT = "9" * 4301  # past Python's int-string limit: int() refuses it
NOT_AN_ID = "abc\x00\x1b"
HOSTILE_NEXT = ["x", "//elsewhere.example/", "https://evil.example/"]
# What every field that is not free text gets, with a hostile `next`, one send each.
ID_SENDS = list(zip([NOT_AN_ID, HUGE_NUMBER, PAST_BIGINT], HOSTILE_NEXT, strict=True))
QUERY_IDS = ["page", "version", "theme", "duplicates", "year", "show", "status", "view", "id"]


def _open_redirect(response) -> str | None:
    """The Location of a redirect to another host (or a scheme-relative one), else None."""
    location = response.get("Location", "")
    if not 300 <= response.status_code < 400 or not location:
        return None
    parts = urlsplit(location)
    if location.startswith(("//", "/\\")) or parts.netloc not in {"", "testserver"}:
        return location
    if parts.scheme not in {"", "http", "https"}:
        return location
    return None


# Pages that cost several times an ordinary one in the walk, in units of an ordinary page
# (measured: the time of the requests each page's walk sends, summed by view): the themes
# page's many per-theme forms (each refused post re-renders the whole page: a third of the
# walk), the moderation and analysis pages' per-response forms, the rendered decision.
WEIGHTS = {
    "participation:themes": 83,
    "participation:moderation": 16,
    "participation:analysis": 12,
    "promises:commitment_edit": 5,
    "promises:follow_up": 5,
    "promises_decision:preview_pdf": 4,
    "public:decision": 4,
    "promises_decision:preview": 3,
}
# Pages whose forms are sent in several parts, each part in a share of its own (each part
# opens the page and sends its run of the page's forms; the URL's checks go with part 0):
# one page alone would otherwise hold up its shard.
PARTS = {"participation:themes": 3}


def _shares(entries) -> list[list[tuple]]:
    """(entry, part, parts) in SHARDS shares of about the same cost (the heaviest first,
    each to the lightest share), so that no shard waits on another; every part of every
    entry in exactly one share."""
    pieces = [
        (entry, part, PARTS.get(entry.key, 1))
        for entry in entries
        for part in range(PARTS.get(entry.key, 1))
    ]
    shares: list[list[tuple]] = [[] for _ in range(SHARDS)]
    load = [0.0] * SHARDS

    def cost(piece):
        entry, _part, parts = piece
        return WEIGHTS.get(entry.key, 1) / parts

    for piece in sorted(pieces, key=lambda p: -cost(p)):
        lightest = load.index(min(load))
        shares[lightest].append(piece)
        load[lightest] += cost(piece)
    # Each part of a split page is the first piece of its share: every part sees the page
    # as the demo has it (no other page's posts before it), so the parts divide the same
    # forms between them.
    assert all(share.index(p) == 0 for share in shares for p in share if p[2] > 1), shares
    return shares


def _buttons(fields) -> list[tuple[str, str]]:
    """The form's named submit buttons, (name, value), in the page's order."""
    return [(name, value) for name, kind, value in fields if kind == "submit"]


@contextmanager
def _undone():
    """What the request writes is rolled back afterwards (a savepoint of the test's
    transaction), also after a database error."""
    sid = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(sid)


def _ids_data(fields, value, next_value):
    """The form as the page gives it, with every field that is not free text (hidden ids,
    selects, boxes, numbers, dates) set to `value`, and a hostile `next`."""
    data: dict = {"next": next_value}
    for name, kind, current in fields:
        if kind in {"submit", "button", "image", "reset", "file"}:
            continue
        if name == "csrfmiddlewaretoken":
            data[name] = current
        elif kind in TEXT_KINDS:
            data.setdefault(name, current or "")
        else:
            data[name] = value
    return data


@pytest.mark.parametrize("shard", range(SHARDS))
def test_walk_every_url_and_form_with_nul_oversize_and_control_text(module_demo, db, shard):
    """Every URL pattern (a sixth of the walk per test, so the walk runs on both cores and no
    test holds up the others)."""
    from django.test import Client

    from tests.security.test_permission_matrix import World, kind_of, url_for, walk

    world = World(module_demo)
    with translation.override("fi"):
        entries = [e for e in walk() if e.namespace != "admin" and e.key not in WALK_SKIP]
        pieces = _shares(entries)[shard]
        urls = [(e, kind_of(e), url_for(e, world), part, parts) for e, part, parts in pieces]
    errors: list[str] = []
    forms_sent = buttons_sent = repeats_left_out = 0
    shapes: set[tuple] = set()
    button_shapes: set[tuple] = set()

    def check(client, method, url, **kwargs):
        response = getattr(client, method)(url, **kwargs)
        if response.status_code >= 500:
            errors.append(f"{method.upper()} {url[:120]!r}: {response.status_code}")
        if (location := _open_redirect(response)) is not None:
            errors.append(f"{method.upper()} {url[:120]!r}: redirect to {location[:120]!r}")
        return response

    clients = {None: Client(raise_request_exception=False)}
    for role in world.users:
        clients[role] = Client(raise_request_exception=False)
        clients[role].force_login(world.users[role])

    anonymous = Client(raise_request_exception=False)
    for entry, kind, url, part, parts in urls:
        role = _sender(kind)
        client = Client(raise_request_exception=False)
        if role:
            client.force_login(world.users[role])
        if part == 0:
            _check_url(check, anonymous, client, clients, entry, kind, url, role)
        # every form on the page (this part's run of them, in the page's order)
        page = check(client, "get", url)
        if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
            continue
        forms = _forms(page.content.decode())
        for index, (method, action, fields) in enumerate(forms):
            target = action or url
            if not target.startswith("/") or _url_name(target) in WALK_SKIP:
                continue
            # the ids once for each kind of form (a list's per-row forms differ only by id):
            # with the first form of its kind on the page, in whichever part that is
            shape = (_url_name(target), *sorted(re.sub(r"\d+", "N", f[0]) for f in fields))
            first_of_its_kind = shape not in shapes
            shapes.add(shape)
            if index * parts // len(forms) != part:  # another part's run of forms
                continue
            # a form with no free-text or file field gets the same data for every hostile
            # text (the text has nowhere to go): that one request is sent once, not thrice
            sends = _distinct(
                [_hostile_data(fields, v) for v in (NUL_TEXT, OVERSIZE, CONTROL_ONLY)]
            )
            repeats_left_out += 3 - len(sends)
            if first_of_its_kind:
                sends += [_ids_data(fields, v, n) for v, n in ID_SENDS]
            for data in sends:
                _send(check, client, method, target, data)
                forms_sent += 1
            # the same sends as each of the form's named buttons, where a view chooses what
            # to do by the button clicked (delete, confirm, merge, split, move, a vote): once
            # for each kind of form and button, each undone afterwards (a delete or a split
            # must not take the objects the rest of the walk opens)
            for button in _buttons(fields):
                key = (*shape, *button)
                if key in button_shapes:
                    continue
                button_shapes.add(key)
                for data in sends:
                    clicked = {**data, button[0]: button[1]}
                    with _undone():
                        _send(check, client, method, target, clicked)
                    forms_sent += 1
                    buttons_sent += 1
    print(f"walked {len(urls)} URL patterns, sent {forms_sent} hostile forms")
    print(f"of them {buttons_sent} as a named button; {repeats_left_out} identical repeats")
    assert forms_sent > 100 // SHARDS, forms_sent
    assert not errors, "\n".join(errors)
    stored = _hostile_text_stored()
    assert not stored, "stored hostile text (oversize or invisible only):\n" + "\n".join(stored)


def _distinct(sends: list[dict]) -> list[dict]:
    """The sends in order, each request that another one already is left out (a file field
    makes every send distinct: its upload is a new object each time)."""
    distinct: list[dict] = []
    for data in sends:
        if data not in distinct:
            distinct.append(data)
    return distinct


def _send(check, client, method, target, data):
    """One form as the browser sends it: a POST, or a GET's query (its text values cut to
    2,000 characters, no CSRF token)."""
    if method == "post":
        check(client, "post", target, data=data)
    else:
        query = {k: v[:2000] for k, v in data.items() if isinstance(v, str)}
        query.pop("csrfmiddlewaretoken", None)
        check(client, "get", target, data=query)


def _check_url(check, anonymous, client, clients, entry, kind, url, role):
    """The URL's own checks: hostile path segments and queries, the query as each role
    that may open the page (and anonymous)."""
    for bad in ("%00", "%00%01%1b", "%E2%80%8B", "x" * 300):
        check(anonymous, "get", url.rstrip("/") + bad + "/")
        check(client, "get", f"{url}?q={bad}&page={bad}&public={bad}&sort={bad}")
    for name in entry.kwarg_names:
        if name in {"token", "uidb64", "region", "fmt", "perspective"}:
            value = str(reverse(entry.key, kwargs=dict(_kwargs_of(entry, url))))
            check(client, "get", value.replace(f"/{_kwargs_of(entry, url)[name]}/", "/%00/"))
        # every path segment: a number past bigint
        segment = f"/{_kwargs_of(entry, url)[name]}/"
        check(client, "get", url.replace(segment, f"/{PAST_BIGINT}/", 1))
    # the last segment a 300,000-digit number (once a pattern: resolving it is slow)
    segments = [f"/{v}/" for v in _kwargs_of(entry, url).values() if f"/{v}/" in url]
    if segments:
        check(client, "get", url.replace(segments[-1], f"/{HUGE_NUMBER}/", 1))
    openers = [None] if kind.name == "public" else [r for r in kind.allowed if r in clients]
    for i, who in enumerate((openers or [role])[: 1 if kind.expensive else None]):
        query = dict.fromkeys(QUERY_IDS, (NOT_AN_ID[:3], PAST_INT_LIMIT, PAST_BIGINT)[i % 3])
        if i == 0:
            query.update(page=HUGE_NUMBER, version=HUGE_NUMBER)
        check(clients[who], "get", url, data={**query, "next": HOSTILE_NEXT[i % 3]})


def test_the_shards_hold_every_part_of_every_url_once():
    """The shards together are the whole walk: every URL pattern's every part in exactly
    one shard, a split page's parts each first in its shard, and no shard holding more
    than about its share of the measured cost."""
    from tests.security.test_permission_matrix import walk

    with translation.override("fi"):
        entries = [e for e in walk() if e.namespace != "admin" and e.key not in WALK_SKIP]
    shares = _shares(entries)
    pieces = [(entry.key, part, parts) for share in shares for entry, part, parts in share]
    expected = [
        (entry.key, part, PARTS.get(entry.key, 1))
        for entry in entries
        for part in range(PARTS.get(entry.key, 1))
    ]
    assert sorted(pieces) == sorted(expected)
    assert len(pieces) == len(set(pieces))
    costs = [sum(WEIGHTS.get(e.key, 1) / parts for e, _part, parts in s) for s in shares]
    assert max(costs) < 1.2 * sum(costs) / SHARDS, costs
