"""What the council approved is exactly what residents read (issue 26).

For every demo region's promise in force: every commitment and every node of the strategy
it serves (theme, focus area, goal, means: titles and descriptions) is found word for word
on the Finnish and Swedish public pages, in the open data and in the text extracted
(pdftotext and pypdf) from both stored decision PDFs. The expected texts come from the
database rows the promise was approved from, not from the presenter under test.
Whitespace is normalised; a word broken at its own hyphen at a line end counts as exact.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from phases.roles import Role
from phases.translated import pick
from promises import services
from promises.decision.selectors import promises_in_force, strategy_structure
from promises.forms import CommitmentForm, StrategyGoalForm
from promises.models import Commitment, StrategyGoal

from .test_strategy_tree import paste

pytestmark = pytest.mark.django_db
LANGUAGES = ("fi", "sv")
PDFTOTEXT = shutil.which("pdftotext")
MARKER = re.compile(r"\S▪|▪\S")  # a list marker touching a word: drawn into the text


@pytest.fixture
def demo(module_demo):
    """The demo, seeded once for this module (the tests only read it)."""
    cache.clear()
    yield module_demo
    cache.clear()


def normalised(text: str) -> str:
    """Whitespace collapsed; a hyphen followed by a line break (or any space) joined to the
    next word, in the expected text and the found text alike (so "Sosiaali- ja" stays
    comparable, and "matka-⏎aikoihin" is "matka-aikoihin")."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = " ".join(text.split())
    return re.sub(r"(\w)- (?=\w)", r"\1-", text)


class _Text(HTMLParser):
    """The text a reader sees in an HTML page: tags are word boundaries, scripts and
    styles dropped, entities decoded."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        self.skip += tag in ("script", "style")
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.skip -= tag in ("script", "style")
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return normalised("".join(parser.parts))


def pdf_texts(path) -> dict[str, str]:
    """The PDF's text as pdftotext (poppler-utils, installed by `scripts/system-deps.sh
    test`) and pypdf extract it. pdftotext reads the glyphs in their place on the page, so
    a list marker drawn into a text shows there (pypdf, reading the content stream in
    order, does not see it); both must find every text."""
    assert PDFTOTEXT, "pdftotext is missing: run scripts/system-deps.sh test"
    result = subprocess.run(
        [PDFTOTEXT, "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    reader = PdfReader(str(path))
    return {
        "pdftotext": normalised(result.stdout.decode()),
        "pypdf": normalised("\n".join(page.extract_text() for page in reader.pages)),
    }


def descendants(node: StrategyGoal, children: dict) -> list[StrategyGoal]:
    found = [node]
    for child in children.get(node.pk, []):
        found += descendants(child, children)
    return found


def expected_texts(published, language: str) -> dict[str, str]:
    """{what: text} for every commitment and every node under each top node the approved
    commitments link into, read from the database rows (in `language`, else the region's
    first language that has one, as the page shows a fallback)."""
    fallbacks = published.region.content_languages
    commitments = Commitment.objects.filter(
        promise__in=[v.promise_id for v in published.versions]
    ).prefetch_related("strategy_goals")
    nodes = list(StrategyGoal.objects.filter(region=published.region, active=True))
    by_pk = {n.pk: n for n in nodes}
    children: dict[int, list] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)

    def top(node):
        while node.parent_id in by_pk:
            node = by_pk[node.parent_id]
        return node

    tops = {top(g).pk for m in commitments for g in m.strategy_goals.all() if g.pk in by_pk}
    texts = {}
    for pk in tops:
        for node in descendants(by_pk[pk], children):
            for field in ("title", "description"):
                value = {lang: getattr(node, f"{field}_{lang}") or "" for lang in LANGUAGES}
                text = str(pick(value, language, fallbacks))
                if text:
                    texts[f"{node.get_level_display()} {node.code} {field}"] = text
    for m in commitments:
        value = {lang: getattr(m, f"title_{lang}") or "" for lang in LANGUAGES}
        texts[f"commitment {m.pk}"] = str(pick(value, language, fallbacks))
    return texts


def missing(texts: dict[str, str], haystack: str) -> list[str]:
    return [
        f"{what}: {text[:80]}" for what, text in texts.items() if normalised(text) not in haystack
    ]


TARGET = {"fi": "tavoite", "sv": "mål"}


def targets_with_units(text: str, language: str) -> list[str]:
    """Every "(target …)" of the key indicators; none may be a bare number."""
    targets = re.findall(rf"\({TARGET[language]} ([^)]*)\)", text)
    assert targets, "no key indicator target shown"
    bare = [t for t in targets if re.fullmatch(r"[\d\s,.–-]+", t)]
    assert not bare, bare
    return targets


def public_url(name: str, published, language: str) -> str:
    with translation.override(language):
        return reverse(name, kwargs={"region": published.region.slug})


@pytest.mark.parametrize(("slug", "kind"), [("esimerkki", "county"), ("rannikko", "city")])
def test_the_demo_promise_holds_the_shapes_of_a_real_strategy(demo, slug, kind):
    """The demo's promise in force, of the county and of the city: all four levels, a goal
    and a means serving no commitment, a means over 400 characters, a commitment serving
    two goals, a cross-cutting commitment, statutory standards, a pending indicator."""
    published = next(p for p in promises_in_force() if p.region.slug == slug)
    assert published.region.kind == kind
    snapshot = published.versions[0].snapshot
    structure = strategy_structure(snapshot)
    levels, empty, referenced = set(), {}, set()

    def walk(node):
        levels.add(node["level"])
        referenced.update(node["references"])
        subtree = [node] + [n for child in node["children"] for n in walk(child)]
        if not any(n["commitments"] or n["references"] for n in subtree):
            empty[node["level"]] = node
        return subtree

    for root in structure["tree"]:
        walk(root)
    assert levels == {1, 2, 3, 4}
    assert {StrategyGoal.Level.GOAL, StrategyGoal.Level.MEANS} <= set(empty)
    nodes = snapshot["strategy"]
    assert any(n["level"] == 4 and len(n["title"]["sv"]) > 400 for n in nodes)
    assert any(n["description"]["sv"] for n in nodes if n["level"] in (1, 2))
    commitments = snapshot["commitments"]
    assert any(len([g for g in m["strategy_goals"] if g["level"] == 3]) >= 2 for m in commitments)
    assert referenced, "a commitment serving several nodes is referenced under the others"
    assert any(m["perspectives"] == [] for m in commitments)
    assert len([m for m in commitments if m["kind"] == "statutory"]) >= 2
    assert any(m["indicator_pending"] for m in commitments)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_exact_on_the_public_page_and_in_the_json(client, demo, language):
    in_force = promises_in_force()
    assert len(in_force) >= 3
    assert {"county", "city"} <= {p.region.kind for p in in_force}  # the demo's city too
    for published in in_force:
        texts = expected_texts(published, language)
        assert len(texts) > 20
        html = client.get(public_url("public:promise", published, language)).content.decode()
        assert not missing(texts, page_text(html)), published.region.slug
        assert "%" in " ".join(targets_with_units(page_text(html), language))
        data = client.get(public_url("public:json", published, language)).json()
        strings = [
            value
            for promise in data["promises"]
            for item in promise["strategy"] + promise["commitments"]
            for field in ("title", "description")
            for value in (item.get(field) or {}).values()
        ]
        found = " ¶ ".join(normalised(s) for s in strings)
        assert not missing(texts, found), published.region.slug
        # the open data's structure is the page's: each commitment once in full
        in_full = []

        def walk(node, in_full=in_full):
            in_full.extend(node["commitments"])
            for child in node["children"]:
                walk(child)

        for promise in data["promises"]:
            for root in promise["structure"]:
                walk(root)
        assert len(in_full) == len(set(in_full))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_is_exact_in_the_stored_decision_pdf(demo, language):
    in_force = promises_in_force()
    assert {"county", "city"} <= {p.region.kind for p in in_force}  # the demo's city too
    for published in in_force:
        document = next(d for d in published.documents if d.language == language)
        texts = expected_texts(published, language)
        for extractor, text in pdf_texts(document.file.path).items():
            where = (published.region.slug, language, extractor)
            assert not missing(texts, text), where
            # no list marker drawn into a text (issue 26: "Vi ▪ leder med kvalitet…")
            drawn_in = [text[max(0, m.start() - 30) : m.end() + 30] for m in MARKER.finditer(text)]
            assert not drawn_in, (where, drawn_in)
            # the yearly targets of the key indicators carry their unit ("2024: 60 %")
            yearly = re.findall(r"\b20\d\d: ([^;]*?)(?=; 20\d\d:|\. )", text)
            assert yearly and "%" in " ".join(yearly), where
            assert not [t for t in yearly if re.fullmatch(r"[\d\s,.]+", t)], yearly


# -- lengths real strategies need --------------------------------------------------------


def long_text(n: int, word: str = "palveluverkko") -> str:
    return " ".join([word] * (n // (len(word) + 1) + 1))[:n].strip()


def test_long_nodes_and_commitments_are_taken_whole(client, region, users, project):
    """Means of 400+ characters (real ones were 402 and 436) and texts of several thousand:
    the outline paste, the node form and the commitment form take them, the database keeps
    them whole; only a runaway line is refused, by its number, writing nothing."""
    client.force_login(users[Role.PREPARER])
    means = long_text(2600, "keino")
    outline = f"1 Teema\n1.1 Painopiste\n1.1.1 Tavoite\n1.1.1.1 {means}\n"
    assert paste(client, region, outline).status_code == 302
    assert StrategyGoal.objects.get(region=region, code="1.1.1.1").title_fi == means
    runaway = f"2 Talous\n2.1 {long_text(8001)}\n"
    response = paste(client, region, runaway)
    assert response.status_code == 400
    assert "8000" in response.content.decode()
    assert not StrategyGoal.objects.filter(region=region, code="2").exists()

    title, description = long_text(5000, "mål"), long_text(20_000, "sammanhang")
    form = StrategyGoalForm(
        {"kind": "regional", "level": "2", "title_sv": title, "description_sv": description},
        region=region,
        languages=("sv",),
    )
    assert form.is_valid(), form.errors
    node = services.strategy_goal_save(
        region=region,
        kind="regional",
        code="",
        level=2,
        title=form.texts("title"),
        description=form.texts("description"),
    )
    node.refresh_from_db()
    assert (node.title_sv, node.description_sv) == (title, description)

    promise = services.promise_create(
        project=project, title={"fi": "Kaikki"}, vision={}, by=users[Role.PREPARER]
    )
    commitment = long_text(4000, "lupaus")
    form = CommitmentForm(
        {"title_fi": commitment, "perspectives": ["access"], "strategy_goals": [node.pk]},
        region=region,
    )
    assert form.is_valid(), form.errors
    saved = services.commitment_create(
        promise=promise,
        perspective="access",
        title=form.texts("title"),
        description={},
        strategy_goals=[node],
        by=users[Role.PREPARER],
    )
    saved.refresh_from_db()
    assert saved.title_fi == commitment


def test_the_indicators_still_to_be_set_are_said_once(demo):
    """Sixteen commitments waiting for the same document were sixteen copies of the same
    paragraph: now one list, each reason once, naming its commitments."""
    import copy

    from promises.decision.pdf import render_decision_html

    published = next(p for p in promises_in_force() if p.region.pk == demo["region"].pk)
    snapshot = copy.deepcopy(published.versions[0].snapshot)
    waiting = next(m for m in snapshot["commitments"] if m["indicator_pending"])
    for n in range(1, 4):
        twin = copy.deepcopy(waiting)
        twin["id"] = 10_000 + n
        twin["title"] = {"fi": f"Odottava sitoumus {n}", "sv": f"Väntande åtagande {n}"}
        snapshot["commitments"].append(twin)
    html = render_decision_html(
        project=published.project,
        language="sv",
        snapshots=[snapshot],
        texts=published.approval.package,
        decision=published.decision,
        preview=False,
        for_pdf=False,
    )
    text = page_text(html)
    assert text.count(normalised(waiting["indicator_pending"]["reason"]["sv"])) == 1
    listed = page_text(
        re.sub(r'<svg.*?</svg>|<ul class="side-commitments">.*?</ul>', " ", html, flags=re.S)
    )
    for n in range(1, 4):
        assert f'href="#doc-commitment-{10_000 + n}"' in html
        # in full, and in the list (the perspective table and the wheel name it as well)
        assert listed.count(f"Väntande åtagande {n}") == 2


@pytest.mark.parametrize(("page", "note"), [("fi", "(ruotsiksi)"), ("en", "(in Swedish)")])
def test_a_fallback_is_noted_in_the_readers_language(page, note):
    """On the Finnish page a Swedish-only text is noted "(ruotsiksi)", in the reader's
    language, not "(på svenska)"; the text itself keeps its own `lang`."""
    from phases.translated import LocalText, marked
    from promises.snapshot import localized_html

    with translation.override(page):
        inline = str(marked(LocalText("Endast på svenska", "sv", fallback=True), page))
        block = str(localized_html({"fi": "", "sv": "Endast på svenska"}, page))
    for html in (inline, block):
        assert '<span lang="sv" class="lang-fallback">' in html or (
            '<div lang="sv" class="lang-fallback">' in html
        )
        assert note in html and "(på svenska)" not in html
