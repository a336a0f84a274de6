#!/usr/bin/env python3
"""Append translations to an app's catalogues without rewriting them (parallel branches merge).

    scripts/po_append.py APP_DIR FILE.tsv   # lines: context<TAB>msgid<TAB>fi<TAB>sv

An entry already in a catalogue (same context and msgid) is left alone.
"""

import sys
from pathlib import Path


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def existing(po: Path) -> set[tuple[str, str]]:
    keys, ctx, lines = set(), "", po.read_text().splitlines()
    for i, line in enumerate(lines):
        if line.startswith("msgctxt "):
            ctx = line[8:].strip()[1:-1]
        elif line.startswith("msgid "):
            msgid = line[6:].strip()[1:-1]
            j = i + 1
            while j < len(lines) and lines[j].startswith('"'):
                msgid += lines[j].strip()[1:-1]
                j += 1
            keys.add((ctx, msgid.replace('\\"', '"')))
            ctx = ""
    return keys


def main(app: str, tsv: str) -> None:
    rows = [line.split("\t") for line in Path(tsv).read_text().splitlines() if line.strip()]
    for column, lang in ((2, "fi"), (3, "sv")):
        po = Path(app) / "locale" / lang / "LC_MESSAGES" / "django.po"
        have = existing(po)
        added = []
        for row in rows:
            ctx, msgid, text = row[0], row[1], row[column]
            if (ctx, msgid) in have:
                continue
            entry = ([f"msgctxt {quote(ctx)}"] if ctx else []) + [
                f"msgid {quote(msgid)}",
                f"msgstr {quote(text)}",
            ]
            added.append("\n".join(entry))
            have.add((ctx, msgid))
        if added:
            with po.open("a") as out:
                out.write("\n" + "\n\n".join(added) + "\n")
        print(f"{po}: {len(added)} added")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
