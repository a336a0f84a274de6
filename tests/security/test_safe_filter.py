"""No switching off of Django's escaping except in the few places listed here, each with its
reason: `|safe`, `|safeseq`, `{% filter safe %}` and `{% autoescape off %}` in templates,
`mark_safe(` and `SafeString(` in app code.

The one way user-written text becomes HTML is the sanitiser (promises/richtext.py:
markdown-it, then nh3); its output is the only user text marked safe. The other places build
markup (SVG charts, the wheel, a diff, a form widget, a QR code) from values each escaped
on the way in; the script-payload walk (test_script_payloads.py) sends payloads through the
public ones. A new use fails here: escape the value, or go through `render_markdown`.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_DIRS = ("indicators", "participation", "phases", "promises", "servicelofte", "templates")
SKIPPED_PARTS = {"migrations", "locale", "static", "__pycache__"}

TEMPLATE_PATTERNS = {
    "|safe": re.compile(r"\|\s*safe(seq)?\b"),
    "filter safe": re.compile(r"{%\s*filter\s+[^%]*\bsafe\b"),
    "autoescape off": re.compile(r"{%\s*autoescape\s+off\s*%}"),
}
CODE_PATTERNS = {
    "mark_safe(": re.compile(r"\bmark_safe\("),
    "SafeString(": re.compile(r"\bSafe(String|Text|Data)\("),
    "|safe": re.compile(r"\|\s*safe(seq)?\b"),
    "autoescape off": re.compile(r"autoescape\s+off"),
}

# (path, what) -> (how many, why it is safe)
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    ("promises/richtext.py", "mark_safe("): (
        2,
        "the sanitiser itself: nh3's output (and the empty string) — the one way user text "
        "becomes HTML",
    ),
    ("promises/wheel.py", "mark_safe("): (
        1,
        "the wheel's SVG: every text passes escape() as the parts are built (public page, "
        "PDF; test_script_payloads sends payloads through it)",
    ),
    ("indicators/charts.py", "mark_safe("): (
        4,
        "the indicator charts' SVG: titles, units and labels pass escape() as the parts are built",
    ),
    ("promises/diff.py", "mark_safe("): (
        2,
        "the version diff (staff): each word passes escape() before the <ins>/<del> marks",
    ),
    ("promises/decision/pdf.py", "mark_safe("): (
        1,
        "the QR code's SVG, drawn by segno from the public page's own address",
    ),
    ("promises/templatetags/promise_tags.py", "mark_safe("): (
        1,
        "the language-grid form widget (staff): label, value, errors and notes pass "
        "escape() before the markup is joined",
    ),
    ("participation/templatetags/analysis_tags.py", "mark_safe("): (
        2,
        "the analysis page's bar rows (staff): labels and numbers escaped before joining",
    ),
    ("servicelofte/forms.py", "mark_safe("): (
        1,
        "the plain form widgets drawn in Python: every name, value, attribute and label "
        "passes escape()/conditional_escape() as Django's widget templates do "
        "(tests/test_form_renderer.py compares both outputs, hostile values included)",
    ),
}
# Plain-text e-mails: text/plain bodies, never read as HTML, so HTML escaping would only
# garble names such as "Åke & Co". Only .txt templates under a mail folder may do this.
PLAIN_TEXT_MAIL = re.compile(r"/(mail|email)/[^/]+\.txt$")


def _files():
    for top in APP_DIRS:
        for path in sorted((ROOT / top).rglob("*")):
            if not path.is_file() or SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
                continue
            if path.suffix in {".py", ".html", ".txt", ".xml", ".svg", ".md"}:
                yield path


def uses() -> dict[tuple[str, str], int]:
    found: dict[tuple[str, str], int] = {}
    for path in _files():
        relative = path.relative_to(ROOT).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        patterns = CODE_PATTERNS if path.suffix == ".py" else TEMPLATE_PATTERNS
        for what, pattern in patterns.items():
            count = len(pattern.findall(text))
            if count:
                found[(relative, what)] = count
    return found


def violations(found: dict[tuple[str, str], int]) -> list[str]:
    result = []
    for (path, what), count in sorted(found.items()):
        if what == "autoescape off" and PLAIN_TEXT_MAIL.search("/" + path):
            continue
        allowed, _why = ALLOWED.get((path, what), (0, ""))
        if count > allowed:
            result.append(f"{path}: {count} × {what} (allowed {allowed})")
    return result


def test_no_new_way_around_escaping():
    unexpected = violations(uses())
    assert not unexpected, (
        "Escaping switched off where the allow-list in tests/security/test_safe_filter.py "
        "does not expect it. Escape the value, or render user text with "
        "promises.richtext.render_markdown (the sanitiser):\n" + "\n".join(unexpected)
    )


def test_the_allow_list_names_only_uses_that_exist():
    found = uses()
    stale = [key for key, (count, _why) in ALLOWED.items() if found.get(key, 0) != count]
    assert not stale, f"Update the allow-list (fewer uses now, good): {stale}"


def test_the_check_sees_a_new_use(tmp_path, monkeypatch):
    """The scanner and its judge: a new |safe, mark_safe( (also one more in an allowed
    file) and an HTML template with autoescape off fail; a plain-text mail passes."""
    files = {
        "templates/x.html": "{{ comment.text|safe }} {{ a|safeseq }}",
        "phases/x.py": "html = mark_safe(text)\n",
        "promises/decision/pdf.py": "mark_safe(a)\nmark_safe(b)\n",
        "phases/templates/phases/mail/x.html": "{% autoescape off %}{{ a }}",
        "phases/templates/phases/mail/x.txt": "{% autoescape off %}{{ a }}{% endautoescape %}",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", tmp_path)
    assert violations(uses()) == [
        "phases/templates/phases/mail/x.html: 1 × autoescape off (allowed 0)",
        "phases/x.py: 1 × mark_safe( (allowed 0)",
        "promises/decision/pdf.py: 2 × mark_safe( (allowed 1)",
        "templates/x.html: 2 × |safe (allowed 0)",
    ]
