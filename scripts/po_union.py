#!/usr/bin/env python3
"""Repair a catalogue that a union merge interleaved: OURS.po plus the entries of THEIRS.po
that OURS lacks, appended in THEIRS' order, OURS' formatting kept.

    scripts/po_union.py OURS.po THEIRS.po > MERGED.po
"""

import sys


def key(block: str):
    ctx, msgid, lines = "", None, block.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("msgctxt "):
            ctx = line
        elif line.startswith("msgid "):
            j, parts = i + 1, [line]
            while j < len(lines) and lines[j].startswith('"'):
                parts.append(lines[j])
                j += 1
            msgid = "\n".join(parts)
            break
    return (ctx, msgid) if msgid else None


def blocks(text: str) -> list[str]:
    return [b for b in text.strip("\n").split("\n\n") if b.strip()]


ours, theirs = (open(p).read() for p in sys.argv[1:3])
have = {key(b) for b in blocks(ours)}
extra = [b for b in blocks(theirs) if key(b) and key(b) not in have and "msgstr" in b]
sys.stdout.write(ours.rstrip("\n") + "\n" + "".join("\n" + b + "\n" for b in extra))
