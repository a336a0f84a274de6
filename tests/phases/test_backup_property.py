"""Property: whatever an archive holds, restore either refuses it (ArchiveRefused) having
written nothing, or restores it whole; never another exception. The archives are the good
archive of test_backup_refusals with random changes: a value replaced, a key dropped, a
row copied or dropped, a kind renamed, the manifest changed, bytes of the zip flipped."""

import json
import os

from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from phases.platform.backup import ArchiveRefused, restore
from tests.phases.test_backup_refusals import (  # noqa: F401
    good,
    good_world,
    media,
    state,
    zipped,
)

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)
labels = st.sampled_from(
    [
        "auth.user",
        "auth.group",
        "auth.permission",
        "phases.region",
        "phases.promiseproject",
        "phases.regionmembership",
        "phases.externalidentity",
        "phases.userprofile",
        "participation.commentinsight",
        "sessions.session",
        "x",
        "",
    ]
)


@st.composite
def changes(draw):
    kind = draw(
        st.sampled_from(
            ["value", "drop key", "copy row", "drop row", "label", "pk", "manifest", "bytes"]
        )
    )
    return kind, draw(st.integers(min_value=0, max_value=10_000)), draw(values), draw(labels)


def _changed(g, change) -> bytes:
    kind, at, value, label = change
    manifest = json.loads(json.dumps(g["manifest"]))
    rows = json.loads(json.dumps(g["rows"]))
    row = rows[at % len(rows)]
    names = sorted(row["fields"])
    if kind == "value" and names:
        row["fields"][names[at % len(names)]] = value
    elif kind == "drop key" and names:
        del row["fields"][names[at % len(names)]]
    elif kind == "copy row":
        rows.append({**row, "pk": at + 1})
    elif kind == "drop row":
        rows.remove(row)
    elif kind == "label":
        row["model"] = label
    elif kind == "pk":  # any value but a large key (test_backup_refusals has those)
        row["pk"] = at + 1 if isinstance(value, int) else value
    elif kind == "manifest":
        keys = sorted(manifest)
        manifest[keys[at % len(keys)]] = value
    data = zipped(manifest, rows, g["files"])
    if kind == "bytes":
        data = bytearray(data)
        data[at % len(data)] ^= 0xFF
        data = bytes(data)
    return data


def test_any_archive_is_restored_whole_or_refused_with_nothing_written(good, media):  # noqa: F811
    outcomes = {"refused": 0, "restored": 0}

    @settings(
        max_examples=80,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(changes())
    @example(change=("value", 7124, [], "auth.user"))  # a list for a role: was a 500
    def check(change):
        data = _changed(good, change)
        before = state(media)
        with transaction.atomic():
            try:
                restore(data)
            except ArchiveRefused as refused:
                assert str(refused)  # a message
                assert state(media) == before, change
                outcomes["refused"] += 1
            else:
                outcomes["restored"] += 1
                for path in set(state(media)[1]) - set(before[1]):  # undo the restore
                    os.remove(path)
            transaction.set_rollback(True)

    check()
    assert outcomes["refused"] > 0
