"""The translation catalogues: one meaning per msgid in each language.

Django merges every app's catalogue into one per language, so a msgid translated two ways in
two apps shows one of them everywhere (a formal statement read "Kirjaus", the promise
statement's word). A word with two meanings needs a context (`pgettext`), and this test fails
when the same (context, msgid) has different translations in two catalogues.
"""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

ROOT = Path(settings.BASE_DIR)
CATALOGUES = [
    "locale",
    "phases/locale",
    "promises/locale",
    "participation/locale",
    "indicators/locale",
]


def entries(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    return {key: value for key, value in catalog.items() if key and isinstance(key, str)}


@pytest.fixture(scope="module")
def compiled():
    call_command("compilemessages", verbosity=0, ignore=[".venv"])


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_no_msgid_has_two_meanings_in_one_language(compiled, language):
    seen: dict[str, tuple[str, str]] = {}
    clashes = []
    for folder in CATALOGUES:
        mo = ROOT / folder / language / "LC_MESSAGES" / "django.mo"
        for key, text in entries(mo).items():
            if key in seen and seen[key][1] != text:
                context, _sep, msgid = key.rpartition("\x04")
                clashes.append(
                    f"{msgid!r} (context {context!r}): {seen[key][0]} says {seen[key][1]!r}, "
                    f"{folder} says {text!r}"
                )
            seen.setdefault(key, (folder, text))
    assert not clashes, "msgids translated two ways:\n" + "\n".join(clashes)


def test_a_formal_statement_and_a_promise_statement_are_different_words():
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override("fi"):
        assert pgettext("promise statement", "Statement") == "Kirjaus"
        assert gettext("Statement") == "Lausunto"
    with translation.override("sv"):
        assert pgettext("promise statement", "Statement") == "Formulering"
        assert gettext("Statement") == "Utlåtande"
