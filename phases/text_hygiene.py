"""Text from outside, cleaned one way: every form field, every import parser, every writer.

`clean_text` removes what XML 1.0 forbids — so that any stored text can go into an .xlsx
(XML inside), an XML feed or a PDF — and what is never meant for interchange:

- C0 control characters except tab, line feed and carriage return (NUL and ESC included);
- DEL and the C1 controls (U+007F–U+009F): XML 1.0 allows them but they are never text a
  person typed, only mis-decoded bytes or terminal escapes;
- lone surrogates (U+D800–U+DFFF: a str can hold one, UTF-8 cannot encode it);
- the 66 Unicode noncharacters: U+FFFE and U+FFFF (XML forbids them), and U+FDD0–U+FDEF
  and the last two code points of every supplementary plane (XML allows them, Unicode says
  they are for a program's internal use only; no typed or imported text holds one).

Everything else (letters of every script, emoji, format characters inside the text such as
joiners) is kept. `strip_invisible` takes invisible characters off the ends of a value.

Callers: the form fields of every form (servicelofte.security), the import parsers
(promises.strategy, indicators.csv_io), and the spreadsheet and CSV writer
(phases.spreadsheet) for text stored before the cleaning.
"""

from __future__ import annotations

import re
import unicodedata

# Every form text field without its own max_length gets this one.
TEXT_MAX_DEFAULT = 50_000

_SUPPLEMENTARY_NONCHARACTERS = "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_BMP = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
FORBIDDEN = re.compile(f"[{_BMP}{_SUPPLEMENTARY_NONCHARACTERS}]")
# The same in two steps, for speed: a class of 32 single astral characters makes the regex
# engine ten times slower on every character, so it runs only on text that has one.
_FORBIDDEN_BMP = re.compile(f"[{_BMP}]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_FORBIDDEN_ASTRAL = re.compile(f"[{_SUPPLEMENTARY_NONCHARACTERS}]")

INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def clean_text(value: str) -> str:
    """The text without the characters listed above (nothing else changes)."""
    value = _FORBIDDEN_BMP.sub("", value)
    if not value.isascii() and _ASTRAL.search(value):
        value = _FORBIDDEN_ASTRAL.sub("", value)
    return value


def has_forbidden(value: str) -> bool:
    return FORBIDDEN.search(value) is not None


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in INVISIBLE_CATEGORIES


def strip_invisible(value: str) -> str:
    """The value without whitespace, format or control characters at either end."""
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    return value[start:end]
