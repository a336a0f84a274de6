"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's
live server (a real server thread on the test database).

Every journey goes through `ui`, which runs axe-core on each page with the WCAG 2.1 A/AA
rules (any violation, whatever its impact, fails the test with a readable report) and,
with E2E_SCREENSHOTS=1, screenshots it to test-artifacts/screenshots/<test>-<step>.png; a
failed journey always leaves <test>-FAILED.png.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still synchronous, so Django's async-safety guard must not refuse them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.utils import translation  # noqa: E402
from playwright.sync_api import Locator, Page, expect, sync_playwright  # noqa: E402

from phases.roles import Role  # noqa: E402
from tests.factories import PASSWORD, RegionFactory, ensure_catalogue, member  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# WCAG 2.1 AA (the law for public services) and what 2.2 AA adds (axe-core's "wcag22aa":
# the minimum target size, 2.5.8), on every page state the journeys check
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
SCREENSHOT_EVERY_PAGE = os.environ.get("E2E_SCREENSHOTS", "") == "1"
TIMEOUT_MS = 15_000
# The assertions wait as long as the page actions (their own default is 5 s): on a busy
# machine a page that renders a PDF may take longer, and waiting is on state, not time.
expect.set_options(timeout=TIMEOUT_MS)

_axe = Axe()


def axe_report(violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) (WCAG 2.1 A/AA, 2.2 AA):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']}  [{v.get('helpUrl', '')}]")
        for node in v["nodes"][:10]:
            target = ", ".join(str(t) for t in node.get("target", []))
            html = re.sub(r"\s+", " ", node.get("html", ""))[:300]
            lines.append(f"    at {target}: {html}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:400]}")
    return "\n".join(lines)


AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
# The same rules without a CSS selector for each node they look at (about a quarter of a
# run's time). Selectors only name the nodes of a report: a page whose run finds violations
# is run again with them, for the report.
AXE_UNNAMED = {**AXE_OPTIONS, "selectors": False}


# What axe judges on a page: the document as it is now (its markup, with each form's CSRF
# token, a fresh random string at every render, left out), what the fields hold and which
# are checked (typed values are not in the markup), the focused element and the viewport.
PAGE_STATE_JS = """() => JSON.stringify([
    document.documentElement.outerHTML,
    [...document.querySelectorAll('input, select, textarea')].map(
        (el) => [el.value, el.checked, el.selectedIndex]),
    document.activeElement ? document.activeElement.outerHTML : '',
    window.innerWidth, window.innerHeight,
])"""
CSRF_VALUE = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')
# The states axe found clean in this test process. The stylesheets and scripts do not change
# during a run, so a page in a state axe has already passed would pass again: it is not run
# a second time (a journey checks the page after an action that changed nothing, e.g. the
# dashboard a phase advance leaves, then the same dashboard before its tasks are set).
_CLEAN_PAGE_STATES: set[str] = set()


def page_state(page: Page) -> str:
    state = CSRF_VALUE.sub(r'\1"', page.evaluate(PAGE_STATE_JS))
    return hashlib.sha256(state.encode()).hexdigest()


def check_accessibility(page: Page, where: str) -> None:
    """axe-core on the page as it is now. The journeys' pages have the script (570 kB) in
    every document (`page` adds it as an init script); a page opened otherwise gets it put
    into its document once. A page in the very state axe has already found clean in this
    run is not run again."""
    state = page_state(page)
    if state in _CLEAN_PAGE_STATES:
        return
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe.axe_script)
    # As axe_playwright_python's Axe.run calls it: axe.run(options) on the whole document.
    violations = page.evaluate("options => axe.run(options)", AXE_UNNAMED)["violations"]
    if violations:  # again, with the nodes named; a violation found is never dropped
        named = page.evaluate("options => axe.run(options)", AXE_OPTIONS)["violations"]
        violations = named or violations
    assert not violations, f"{where} ({page.url}):\n{axe_report(violations)}"
    _CLEAN_PAGE_STATES.add(state)


def tr(msgid: str, language: str = "fi", **params) -> str:
    """What the user sees for `msgid` in `language` (the catalogue's text, or the msgid
    while a catalogue lacks it), so assertions follow the translations."""
    with translation.override(language):
        text = translation.gettext(msgid)
    return text % params if params else text


def trn(singular: str, plural: str, count: int, language: str = "fi", **params) -> str:
    """`tr` for a plural message."""
    with translation.override(language):
        text = translation.ngettext(singular, plural, count)
    return text % {"count": count, **params}


FOCUS_VISIBLE_JS = """async () => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    // HDS animates its focus ring (a box-shadow transition): judge the settled style, the
    // transitions taken to their end at once rather than waited for (85 ms each).
    const settle = async (animations) => animations.forEach((a) => {
        try { a.finish(); } catch (e) { /* an endless animation has no end to take it to */ }
    });
    await settle(el.getAnimations());
    for (const label of el.labels || []) await settle(label.getAnimations({ subtree: true }));
    const alpha = (color) => {
        const m = color.match(/rgba?\\(([^)]*)\\)/);
        if (!m) return color === 'transparent' ? 0 : 1;
        const parts = m[1].split(/[ ,\\/]+/).filter(Boolean);
        return parts.length > 3 ? parseFloat(parts[3]) : 1;
    };
    const ring = (s) => {
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 1
            && alpha(s.outlineColor) > 0;
        const shadows = (s.boxShadow && s.boxShadow !== 'none')
            ? s.boxShadow.split(/,(?![^(]*\\))/) : [];
        const shadow = shadows.some((one) => {
            const color = (one.match(/rgba?\\([^)]*\\)/) || ['rgb(0,0,0)'])[0];
            const lengths = (one.replace(color, '').match(/-?[\\d.]+px/g) || []).map(parseFloat);
            const blurOrSpread = lengths.slice(2).some((v) => Math.abs(v) >= 1);
            return alpha(color) > 0 && blurOrSpread;
        });
        return outline || shadow;
    };
    const style = getComputedStyle(el);
    const shown = parseFloat(style.opacity) > 0 && el.getClientRects().length > 0;
    if (shown && ring(style)) return true;
    // A field's 2px border in the app's focus colour (app.css: .field input:focus).
    const probe = document.createElement('span');
    probe.style.color = 'var(--sl-focus)';
    document.body.append(probe);
    const focusColor = getComputedStyle(probe).color;
    probe.remove();
    const sides = ['Top', 'Right', 'Bottom', 'Left'];
    const border = sides.every((side) => style[`border${side}Color`] === focusColor
        && parseFloat(style[`border${side}Width`]) >= 2 && style[`border${side}Style`] !== 'none');
    if (shown && border) return true;
    // A sector of the wheel (an SVG link): the ring is the stroke of its .wheel__focus.
    const sectorRing = el.matches('a.wheel__sector') && el.querySelector('.wheel__focus');
    if (sectorRing) {
        const s = getComputedStyle(sectorRing);
        const drawn = s.stroke !== 'none' && alpha(s.stroke) > 0;
        if (drawn && parseFloat(s.strokeWidth) >= 2) return true;
    }
    // A custom control (HDS radio/checkbox): the ring is drawn on its label's ::before.
    for (const label of el.labels || []) {
        if (ring(getComputedStyle(label, '::before'))) return true;
    }
    return false;
}"""


DESCRIBE_FOCUS_JS = """() => {
    const el = document.activeElement;
    if (!el) return 'nothing';
    const s = getComputedStyle(el);
    return `${el.outerHTML.slice(0, 120)} (outline ${s.outlineStyle} ${s.outlineWidth} `
        + `${s.outlineColor}, box-shadow ${s.boxShadow}, :focus-visible `
        + `${el.matches(":focus-visible")}, border ${s.borderTopColor} ${s.borderTopWidth})`;
}"""


def focus_is_visible(page: Page) -> bool:
    """The focused element shows a focus indicator once its transitions have settled: an
    opaque outline of at least 1px, a box-shadow with blur or spread, or a border of at
    least 2px all round in the app's focus colour, on the element itself (when it is
    rendered), or a ring on its label's ::before (HDS radios and checkboxes)."""
    return page.evaluate(FOCUS_VISIBLE_JS)


class UI:
    """What a journey does with the browser, with a screenshot and axe on every page."""

    def __init__(self, page: Page, base_url: str, test_name: str):
        self.page = page
        self.base_url = base_url.rstrip("/")
        self.test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", test_name)
        self.steps = 0
        self.throttle = None  # (CDP session, rate) once slow_cpu has slowed the browser

    def url(self, path: str) -> str:
        return path if path.startswith("http") else self.base_url + path

    def goto(self, path: str, step: str | None = None):
        response = self.page.goto(self.url(path))
        assert response is not None
        if step:
            self.check(step)
        return response

    def check(self, step: str) -> None:
        """Run axe on the page; with E2E_SCREENSHOTS=1, screenshot it too (to look at
        every page of a journey as a user would; about a sixth of a second a page, so
        not on every run: a failed journey always leaves its last page)."""
        self.steps += 1
        if SCREENSHOT_EVERY_PAGE:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            slug = re.sub(r"[^A-Za-z0-9_-]+", "_", step)
            name = f"{self.test_name}-{self.steps:02d}-{slug}.png"
            self.page.screenshot(path=str(SCREENSHOTS / name), full_page=True)
        if self.throttle is None:
            check_accessibility(self.page, f"{self.test_name}: step {step!r}")
            return
        # axe's findings do not depend on the CPU's speed: it runs at full speed (a run is
        # about a second a page unthrottled), the journey's own steps stay slowed down.
        session, rate = self.throttle
        session.send("Emulation.setCPUThrottlingRate", {"rate": 1})
        try:
            check_accessibility(self.page, f"{self.test_name}: step {step!r}")
        finally:
            session.send("Emulation.setCPUThrottlingRate", {"rate": rate})

    def heading(self, text: str | re.Pattern, level: int = 1):
        locator = self.page.get_by_role("heading", level=level, name=text)
        expect(locator.first).to_be_visible()
        return locator

    def login(self, username: str, password: str = PASSWORD, *, check: bool = True) -> None:
        """Fill the login form as a person does."""
        self.goto("/fi/accounts/login/")
        self.heading(tr("Log in"))
        if check:
            self.check("login")
        self.page.get_by_label(tr("Username")).fill(username)
        self.page.get_by_label(tr("Password")).fill(password)
        self.page.locator("main").get_by_role("button", name=tr("Log in")).click()
        expect(self.page.get_by_role("button", name=tr("Log out"))).to_be_visible()

    def settled(self) -> None:
        """Wait until the page has loaded: deferred scripts have run and focus is where the
        page puts it. Keyboard work starts only then (on a busy machine it may otherwise
        begin on a page still loading)."""
        self.page.wait_for_load_state("load")

    def submit(self, action: Callable[[], None], timeout_ms: int = 90_000) -> None:
        """Do `action` (a click, an Enter) and wait for the page the form answers with,
        instead of for a time (generously: a loaded CI machine renders PDFs slowly)."""
        # The click itself waits for the navigation it starts: give it the same time.
        self.page.set_default_timeout(timeout_ms)
        try:
            with self.page.expect_navigation(wait_until="load", timeout=timeout_ms):
                action()
        finally:
            self.page.set_default_timeout(TIMEOUT_MS)

    def slow_cpu(self, rate: int = 4) -> None:
        """Make the browser `rate` times slower, as on a loaded CI machine."""
        session = self.page.context.new_cdp_session(self.page)
        session.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        self.throttle = (session, rate)

    def tab_to(self, target: str | Locator, *, limit: int = 150) -> None:
        """Press Tab until `target` (a selector or a locator matching one element) has
        focus; every element that receives focus on the way must show a visible focus
        indicator. The walk starts wherever the page has put focus (the top of a freshly
        loaded page, an autofocused field, or the previous stop)."""
        locator = self.page.locator(target) if isinstance(target, str) else target
        self.settled()
        expect(locator).to_have_count(1)
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if locator.evaluate("el => el === document.activeElement"):
                assert focus_is_visible(self.page), f"no visible focus on {target}"
                return
            if focus_is_visible(self.page):
                continue
            active = self.page.evaluate(DESCRIBE_FOCUS_JS)
            raise AssertionError(f"focus is not visible on {active}")
        raise AssertionError(f"{target} cannot be reached with Tab")

    def press(self, key: str) -> None:
        """Press `key` on the focused element, which must show a visible focus indicator."""
        assert focus_is_visible(self.page), "focus is not visible before pressing " + key
        self.page.keyboard.press(key)

    def message(self, text: str | re.Pattern) -> None:
        expect(self.page.locator(".messages")).to_contain_text(text)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: `make test` installs it "
            "(scripts/system-deps.sh test), or apt-get install chromium"
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        locale="fi-FI",
        timezone_id="Europe/Helsinki",
        viewport={"width": 1280, "height": 900},
        base_url=live_server.url,
    )
    context.set_default_timeout(TIMEOUT_MS)
    # axe-core in every document of the journey, put there by the browser before the page's
    # own scripts: the browser keeps the compiled script, where sending it into each checked
    # document cost about 60 ms a page. It defines `axe` and does nothing until called.
    context.add_init_script(script=_axe.axe_script)
    page = context.new_page()
    yield page
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def ui(page, live_server, request):
    journey = UI(page, live_server.url, request.node.name)
    yield journey
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:  # what the page showed when it failed
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{journey.test_name}-FAILED.png"), full_page=True)


def quick_password_hash() -> str:
    """The test password hashed as the test process prefers (MD5, tests/conftest.py), for
    the people of a journey: the factories' Argon2 hash takes the live server about half
    a second to check at each sign-in on a loaded machine. Argon2 sign-ins are tested in
    tests/security/test_login.py."""
    return make_password(PASSWORD)


@pytest.fixture
def e2e_region(transactional_db):
    """A bilingual region with one user per role; the catalogue is reloaded because
    transactional tests flush the tables the data migration filled. The shared cache (a
    database table a flush leaves alone) is emptied too: rate limits start at zero."""
    from django.core.cache import cache

    cache.clear()
    ensure_catalogue()
    region = RegionFactory(slug="e2e-alue", name="Testialue")
    password = quick_password_hash()
    people = {
        role.value: member(
            region,
            role,
            username=f"e2e_{role.value}",
            first_name={"region_admin": "Aino", "preparer": "Veera", "working_group": "Tuomas"}.get(
                role.value, "Sanna" if role == Role.SECRETARY else "Kalle"
            ),
            last_name="Testinen",
            password=password,
        )
        for role in Role
    }
    return region, people
