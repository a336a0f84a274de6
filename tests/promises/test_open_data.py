"""Open data: every demo region's promise JSON (fi and sv) and the list of regions
validate against the documented JSON Schema (docs/open-data.schema.json); the sections
carry the key indicators and the round summary without personal data; ETag and CORS."""

import json
from pathlib import Path

import jsonschema
import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from phases.demo import DEMO_USERS
from promises.decision.selectors import promises_in_force

pytestmark = pytest.mark.django_db
SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "open-data.schema.json").read_text()
)


@pytest.fixture
def demo(module_demo):
    """The demo, seeded once for this module (the tests only read it)."""
    cache.clear()
    yield module_demo
    cache.clear()


def test_every_demo_region_validates_against_the_schema(client, demo):
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA)
    in_force = promises_in_force()
    assert len(in_force) >= 3
    people = [name for _u, first, last, _r in DEMO_USERS for name in (first, last)]
    for published in in_force:
        for lang in ("fi", "sv"):
            with translation.override(lang):
                url = reverse("public:json", kwargs={"region": published.region.slug})
            response = client.get(url)
            assert response.status_code == 200
            assert response["Access-Control-Allow-Origin"] == "*"
            data = response.json()
            errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(data)]
            assert not errors, (published.region.slug, lang, errors[:5])
            sections = data["sections"]
            indicators = sections["indicators.key_indicators"]["key_indicators"]
            assert indicators and all(i["targets"] for i in indicators)
            assert any(i["measurements"] for i in indicators)
            assert any(i["sotkanet_id"] and i["comparison"]["values"] for i in indicators)
            rounds = sections["participation.round_summary"]["rounds"]
            assert rounds and rounds[0]["responses"]
            assert all(r["disposition"] for r in rounds[0]["responses"])
            assert data["project"]["term_start"] == 2024
            assert all(len(d["sha256"]) == 64 for d in data["documents"])
            raw = response.content.decode()
            assert "@" not in raw.replace("@context", "")  # no e-mail addresses
            for name in people:
                assert name not in raw, name


def test_the_regions_list(client, demo):
    response = client.get("/api/v1/regions/")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = response.json()
    jsonschema.Draft202012Validator(SCHEMA).validate(data)
    by_slug = {r["slug"]: r for r in data["regions"]}
    assert {"esimerkki", "jarviseutu", "rannikko", "toinenalue"} <= set(by_slug)
    assert by_slug["toinenalue"]["promise_in_force"] is None
    promise = by_slug["esimerkki"]["promise_in_force"]
    assert promise["links"]["sv"]["json"].endswith("/sv/p/esimerkki/json/")
    assert by_slug["jarviseutu"]["sotkanet_region_id"] == 974
    # ids are stable: the same decision as the promise's own JSON
    own = client.get(reverse("public:json", kwargs={"region": "esimerkki"})).json()
    assert promise["decision_id"] == own["decision"]["id"]
    # conditional GET
    again = client.get("/api/v1/regions/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


def test_the_schema_is_served_and_linked_from_the_public_page(client, demo):
    response = client.get("/api/v1/open-data.schema.json")
    assert response.status_code == 200
    assert json.loads(response.content)["$defs"]["promiseDocument"]
    with translation.override("sv"):
        page = client.get(reverse("public:promise", kwargs={"region": "esimerkki"}))
    text = page.content.decode()
    assert "/api/v1/open-data.schema.json" in text
    # sharing: Open Graph tags in the page's language, and the favicon (no more 404)
    assert '<meta property="og:title" content="Exempelområdet: Servicelöfte 2024–2026">' in text
    assert 'content="sv_FI"' in text
    assert 'rel="icon" href="/static/favicon.svg"' in text
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_printable_summary_is_one_a4_page_per_promise(client, demo, lang):
    from weasyprint import HTML

    from promises.decision.pdf import BASE_URL, StaticOnlyFetcher

    with translation.override(lang):
        url = reverse("public:summary", kwargs={"region": "esimerkki"})
        page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    published = [p for p in promises_in_force() if p.region.slug == "esimerkki"][0]
    snapshots = [v.snapshot for v in published.versions]
    for snapshot in snapshots:
        assert snapshot["title"][lang] in text
        for commitment in snapshot["commitments"]:
            assert escape(commitment["title"][lang]) in text
    assert text.count('class="summary-page"') == len(snapshots)
    assert text.count("<svg") >= len(snapshots)  # the wheel of each promise
    document = HTML(string=text, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher()).render()
    assert len(document.pages) == len(snapshots)
    width, height = document.pages[0].width, document.pages[0].height
    assert (round(width * 25.4 / 96), round(height * 25.4 / 96)) == (210, 297)
