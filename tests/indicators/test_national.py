"""The national view: every region's promise in force side by side, searchable in
Finnish and Swedish, filterable by perspective, with the shared Sotkanet indicator in one
chart and table; a fixed number of queries for 3 and 22 regions; cached."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from indicators import national
from indicators.models import SotkanetValue
from phases.perspectives import Perspective
from tests.indicators.national_factories import region_in_force

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def three(settings):
    settings.SOTKANET_COUNTRY_REGION_ID = 658
    made = [
        region_in_force(
            "lakeus",
            "Lakeuden alue",
            commitments=[
                (Perspective.ACCESS, "Pääset hoitoon viikossa", "Du får vård inom en vecka"),
                (Perspective.QUALITY, "Sama hoitaja kotihoidossa", "Samma vårdare i hemvården"),
            ],
            values={"2024": "55.0", "2025": "61.5"},
        ),
        region_in_force(
            "saaristo",
            "Saariston alue",
            commitments=[
                (Perspective.ACCESS, "Vastaamme chatissa päivässä", "Vi svarar i chatten"),
                (Perspective.INTEGRATION, "Palveluohjaus yhdestä paikasta", "Servicehandledning"),
            ],
            values={"2024": "62.0", "2025": "66.0"},
        ),
        region_in_force(
            "tunturi",
            "Tunturin alue",
            commitments=[(Perspective.EFFECTIVENESS, "Vähemmän päivystyskäyntejä", "Färre")],
            values={"2025": "48.0"},
        ),
    ]
    for year, value in ((2024, "58.4"), (2025, "61.0")):
        SotkanetValue.objects.create(sotkanet_id=5081, region_id=658, year=year, value=value)
    return made


def page(client, lang="fi", **params):
    with translation.override(lang):
        url = reverse("indicators:national")
    return client.get(url, params)


def test_three_regions_side_by_side_with_the_shared_sotkanet_indicator(client, three):
    response = page(client)
    assert response.status_code == 200
    text = response.content.decode()
    for name in ("Lakeuden alue", "Saariston alue", "Tunturin alue"):
        assert name in text
    # the comparison by perspective: each region's commitments under access
    assert "Pääset hoitoon viikossa" in text and "Vastaamme chatissa päivässä" in text
    # key indicators' latest status side by side
    assert "2025 61,5 %" in text and "2025 66 %" in text
    # the shared Sotkanet indicator: one chart with every region and the whole country
    assert "THL Sotkanet 5081" in text
    shared = national.national_data("fi")["shared"]
    assert len(shared) == 1
    assert shared[0].regions == ["Lakeuden alue", "Saariston alue", "Tunturin alue"]
    assert shared[0].rows == [
        (2024, [Decimal("55.0000"), Decimal("62.0000"), None], Decimal("58.4000")),
        (2025, [Decimal("61.5000"), Decimal("66.0000"), Decimal("48.0000")], Decimal("61.0000")),
    ]
    assert text.count('class="indicator-chart"') == 1


def test_in_swedish(client, three):
    text = page(client, "sv").content.decode()
    assert "Du får vård inom en vecka" in text
    assert "Vård inom 7 dagar" in text
    assert 'lang="sv"' in text
    # THL's data carries its attribution, in the chart and under its table
    assert text.count("Källa: THL, Sotkanet, CC BY 4.0") == 2


def listed(response) -> str:
    """The regions table and the comparison (the shared chart lists its regions anyway)."""
    text = response.content.decode()
    return text.split('id="shared-title"')[0]


def test_search_in_finnish_and_swedish_finds_word_beginnings(client, three):
    text = listed(page(client, q="kotihoid"))
    assert "Lakeuden alue" in text and "Saariston alue" not in text
    text = listed(page(client, "sv", q="chatten"))
    assert "Saariston alue" in text and "Lakeuden alue" not in text
    text = listed(page(client, q="olematon"))
    assert "Lakeuden alue" not in text and "Mikään alue ei vastaa hakua." in text


def test_filter_by_perspective(client, three):
    text = page(client, perspective="integration").content.decode()
    assert "Palveluohjaus yhdestä paikasta" in text
    assert "Pääset hoitoon viikossa" not in text
    # an unknown perspective shows them all
    assert "Pääset hoitoon viikossa" in page(client, perspective="<x>").content.decode()


def test_regions_without_a_promise_in_force_are_not_listed(client, three):
    from tests.factories import RegionFactory

    RegionFactory(slug="tyhja", name="Tyhjä alue")
    assert "Tyhjä alue" not in page(client).content.decode()


def build_queries() -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        national.national_data("fi")
    return len(ctx.captured_queries)


def own_queries(ctx) -> list:
    """The page's queries besides those of the shared database cache (its reads, writes
    and the savepoints around them): the cache is Django's database cache by default."""
    from django.conf import settings

    return [
        q
        for q in ctx.captured_queries
        if settings.CACHE_TABLE not in q["sql"] and "SAVEPOINT" not in q["sql"]
    ]


def test_queries_are_constant_with_3_and_22_regions(client, three):
    small = build_queries()
    for n in range(19):
        region_in_force(
            f"alue-{n}",
            f"Alue {n}",
            commitments=[(Perspective.ACCESS, f"Sitoumus {n}", f"Åtagande {n}")],
            values={"2024": str(50 + n), "2025": str(51 + n)},
        )
    large = build_queries()
    assert small == large, (small, large)
    assert len(national.national_data("fi")["regions"]) == 22
    # and the page itself in the same number
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert page(client).status_code == 200
    page_queries = len(own_queries(ctx))
    assert page_queries <= large + 2


def test_the_page_is_cached_and_answers_conditional_requests(client, three):
    first = page(client)
    with CaptureQueriesContext(connection) as ctx:
        again = page(client)
    assert again.content == first.content
    assert own_queries(ctx) == []
    with translation.override("fi"):
        url = reverse("indicators:national")
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_hostile_search_input_is_escaped_and_bounded(client, three):
    script = '<script>alert("x")</script>'
    response = page(client, q=script, perspective="x" * 5000)
    assert response.status_code == 200
    text = response.content.decode()
    assert script not in text and "&lt;script&gt;" in text
    assert page(client, q="x" * 200_001).status_code == 200
