"""THL Sotkanet: the real HTTP client against a local server serving recorded answers
(tests/indicators/data/sotkanet/). Success, a value changed upstream, a hand-entered value
kept, HTTP 500, a timeout, malformed JSON, an unknown id and an empty answer; the button,
the command and the choice of the region's Sotkanet region."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from indicators import services, sotkanet
from indicators.models import Measurement, SotkanetValue
from indicators.status import parse_period
from tests.factories import ProjectFactory
from tests.indicators.factories import IndicatorFactory
from tests.indicators.sotkanet_server import DATA, SotkanetServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    cache.clear()
    with SotkanetServer() as server:
        settings.SOTKANET_BASE_URL = server.base_url
        settings.SOTKANET_TIMEOUT_SECONDS = 1
        settings.SOTKANET_COUNTRY_REGION_ID = 658
        # most tests fetch more than once; spacing has its own tests
        settings.SOTKANET_FETCH_INTERVAL_HOURS = 0
        yield server
    cache.clear()


@pytest.fixture
def indicator(region):
    region.sotkanet_region_id = 974
    region.sotkanet_region_title = "Pohjois-Savon hyvinvointialue"
    region.save()
    project = ProjectFactory(region=region, term_start=2025, term_end=2028)
    # 186 is produced by Statistics Finland (see indicator_186.json): the region has an
    # agreement with it; THL's own indicators need none (tests below).
    return IndicatorFactory(
        project=project, sotkanet_id=186, name="Kuolleisuus", sotkanet_agreement=True
    )


def values(indicator):
    return {
        m.year: m.value for m in Measurement.objects.filter(indicator=indicator).order_by("year")
    }


def nothing_written(indicator):
    return not Measurement.objects.filter(indicator=indicator).exists() and not (
        SotkanetValue.objects.exists()
    )


def test_success_stores_the_regions_total_values_and_the_whole_country(server, indicator):
    result = services.sotkanet_fetch(indicator=indicator)
    assert (result.created, result.updated, result.kept) == (4, 0, 0)
    assert values(indicator) == {
        2021: Decimal("1180.4"),
        2022: Decimal("1187.7"),
        2023: Decimal("1195.0"),
        2024: Decimal("1202.3"),
    }
    for m in Measurement.objects.filter(indicator=indicator):
        assert m.source == "THL Sotkanet" and m.fetched_at is not None
    country = SotkanetValue.objects.filter(sotkanet_id=186, region_id=658).order_by("year")
    assert [(v.year, v.value) for v in country][0] == (2021, Decimal("1021.3"))
    assert result.comparison == 4
    path, query = server.requests[-1]
    assert path == "/json"
    assert query["indicator"] == ["186"] and query["genders"] == ["total"]
    # four years before the term (2021–2024) up to Sotkanet's last year (2024)
    assert query["years"] == ["2021", "2022", "2023", "2024"]


def test_a_value_changed_upstream_is_updated_with_history(server, indicator):
    services.sotkanet_fetch(indicator=indicator)
    server.answer("/json", file="data_186_changed.json")
    result = services.sotkanet_fetch(indicator=indicator)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 3)
    changed = Measurement.objects.get(indicator=indicator, year=2023)
    assert changed.value == Decimal("1207.5")
    history = [h.value for h in changed.history.order_by("history_date")]
    assert history == [Decimal("1195.0"), Decimal("1207.5")]


def test_a_value_entered_by_hand_is_never_overwritten(server, indicator, users):
    services.measurement_record(
        indicator=indicator,
        period=parse_period("2022"),
        value=Decimal("999"),
        source="Oma laskenta",
        by=users["working_group"],
    )
    result = services.sotkanet_fetch(indicator=indicator)
    assert result.kept == 1 and result.created == 3
    hand = Measurement.objects.get(indicator=indicator, year=2022)
    assert (hand.value, hand.source, hand.fetched_at) == (Decimal("999"), "Oma laskenta", None)
    # and it stays so after a value changes upstream
    server.answer("/json", file="data_186_changed.json")
    services.sotkanet_fetch(indicator=indicator)
    assert Measurement.objects.get(indicator=indicator, year=2022).value == Decimal("999")


def test_a_fetched_value_edited_by_hand_becomes_a_hand_value(server, indicator, users):
    services.sotkanet_fetch(indicator=indicator)
    services.measurement_record(
        indicator=indicator,
        period=parse_period("2023"),
        value=Decimal("1"),
        by=users["working_group"],
    )
    server.answer("/json", file="data_186_changed.json")
    result = services.sotkanet_fetch(indicator=indicator)
    assert result.kept == 1
    assert Measurement.objects.get(indicator=indicator, year=2023).value == Decimal("1")


def test_http_500_is_a_clear_message_and_nothing_is_written(server, indicator):
    server.answer("/json", status=500, body='{"message": "Internal Server Error"}')
    with translation.override("en"), pytest.raises(sotkanet.SotkanetError) as exc:
        services.sotkanet_fetch(indicator=indicator)
    assert "HTTP 500" in str(exc.value)
    assert nothing_written(indicator)


def test_a_timeout_is_a_clear_message_and_nothing_is_written(server, indicator, settings):
    settings.SOTKANET_TIMEOUT_SECONDS = 0.3
    server.answer("/json", file="data_186.json", delay=1.5)
    with translation.override("fi"), pytest.raises(sotkanet.SotkanetError) as exc:
        services.sotkanet_fetch(indicator=indicator)
    assert "0,3 sekunnissa" in str(exc.value) and "sekunnissa" in str(exc.value)
    assert nothing_written(indicator)


@pytest.mark.parametrize(
    "body",
    [
        '[{"indicator": 186, "region": 974, "year": 2021, "gender": "total", "value": 1',
        '{"error": "unexpected"}',
        '[{"indicator": 186, "region": 974, "year": 2021, "gender": "total", "value": "x"}]',
        '[{"indicator": 186, "region": 974, "gender": "total", "value": 12.5}]',
    ],
    ids=["truncated-json", "object-not-list", "value-not-a-number", "year-missing"],
)
def test_a_malformed_answer_is_a_clear_message_and_nothing_is_written(server, indicator, body):
    server.answer("/json", body=body)
    with translation.override("en"), pytest.raises(sotkanet.SotkanetError) as exc:
        services.sotkanet_fetch(indicator=indicator)
    assert "THL Sotkanet's answer" in str(exc.value)
    assert nothing_written(indicator)


def test_a_malformed_row_after_good_ones_writes_nothing(server, indicator):
    good = '{"indicator": 186, "region": 974, "year": 2021, "gender": "total", "value": 5}'
    server.answer("/json", body=f'[{good}, {{"indicator": 186, "region": 974}}]')
    with pytest.raises(sotkanet.SotkanetError):
        services.sotkanet_fetch(indicator=indicator)
    assert nothing_written(indicator)


def test_an_unknown_indicator_id_is_a_clear_message(server, indicator):
    indicator.sotkanet_id = 999999
    indicator.save()
    with translation.override("en"), pytest.raises(sotkanet.UnknownIndicator) as exc:
        services.sotkanet_fetch(indicator=indicator)
    assert "does not know indicator 999999" in str(exc.value)
    assert nothing_written(indicator)


def test_an_empty_answer_is_a_clear_message(server, indicator):
    server.answer("/json", body="[]")
    with translation.override("en"), pytest.raises(sotkanet.SotkanetError) as exc:
        services.sotkanet_fetch(indicator=indicator)
    assert "no values of indicator 186 for Pohjois-Savon hyvinvointialue" in str(exc.value)
    assert nothing_written(indicator)


def test_a_region_without_its_sotkanet_region_is_told_so(server, indicator):
    region = indicator.project.region
    region.sotkanet_region_id = None
    region.save()
    with translation.override("en"), pytest.raises(sotkanet.SotkanetError) as exc:
        services.sotkanet_fetch(indicator=indicator)
    assert "has not been chosen" in str(exc.value)
    assert server.requests == []


# -- pages and the command --------------------------------------------------------------


def detail_url(indicator, name="detail"):
    with translation.override("fi"):
        return reverse(
            f"indicators:{name}",
            kwargs={
                "region": indicator.project.region.slug,
                "project": indicator.project_id,
                "indicator": indicator.pk,
            },
        )


def test_the_button_fetches_and_the_chart_shows_the_whole_country(server, indicator, users, login):
    client = login(users["working_group"])
    page = client.get(detail_url(indicator))
    assert "Hae arvot THL Sotkanetista" in page.content.decode()
    response = client.post(detail_url(indicator, "sotkanet_fetch"), follow=True)
    text = response.content.decode()
    assert "4 uutta arvoa" in text
    assert "Koko maa" in text  # the comparison column and legend
    assert "1180,4" in text and "1021,3" in text


def test_the_button_shows_the_error_in_swedish(server, indicator, users, login):
    server.answer("/json", status=503, body="")
    client = login(users["working_group"])
    url = detail_url(indicator, "sotkanet_fetch").replace("/fi/", "/sv/", 1)
    text = client.post(url, follow=True).content.decode()
    assert "HTTP 503" in text and "Ingenting hämtades" in text
    assert nothing_written(indicator)


def test_the_command_fetches_every_linked_indicator(server, indicator, capsys):
    call_command("fetch_sotkanet")
    assert len(values(indicator)) == 4
    assert "4 new" in capsys.readouterr().out


def test_the_command_fails_loudly_and_writes_nothing_on_an_error(server, indicator):
    server.answer("/json", status=500, body="")
    with pytest.raises(CommandError):
        call_command("fetch_sotkanet")
    assert nothing_written(indicator)


def region_url(region, lang="fi"):
    with translation.override(lang):
        return reverse("indicators:sotkanet_region", kwargs={"region": region.slug})


def test_the_region_chooses_its_sotkanet_region_from_the_list(server, region, users, login):
    client = login(users["region_admin"])
    text = client.get(region_url(region, "sv")).content.decode()
    assert "Norra Savolax välfärdsområde" in text and "Helsingfors" in text
    assert "HNS" not in text  # a hospital district is not offered
    response = client.post(region_url(region), {"sotkanet_region": "975"})
    assert response.status_code == 302
    region.refresh_from_db()
    assert (region.sotkanet_region_id, region.sotkanet_region_category) == (975, "HYVINVOINTIALUE")
    assert (region.sotkanet_region_title_fi, region.sotkanet_region_title_sv) == (
        "Pohjanmaan hyvinvointialue",
        "Österbottens välfärdsområde",
    )


def test_the_area_is_named_in_the_pages_language(server, region, users, login):
    client = login(users["region_admin"])
    client.post(region_url(region), {"sotkanet_region": "974"})
    swedish = client.get(region_url(region, "sv")).content.decode()
    assert "Norra Savolax välfärdsområde (974)" in swedish
    finnish = client.get(region_url(region, "fi")).content.decode()
    assert "Pohjois-Savon hyvinvointialue (974)" in finnish
    assert "Norra Savolax välfärdsområde (974)" not in finnish


def test_an_area_without_a_swedish_name_falls_back_marked(server, region, users, login):
    server.answer(
        "/regions",
        body=json.dumps(
            [
                {
                    "id": 974,
                    "title": {"fi": "Pohjois-Savon hyvinvointialue"},
                    "category": "HYVINVOINTIALUE",
                }
            ]
        ),
    )
    client = login(users["region_admin"])
    client.post(region_url(region), {"sotkanet_region": "974"})
    swedish = client.get(region_url(region, "sv")).content.decode()
    assert '<span lang="fi" class="lang-fallback">Pohjois-Savon hyvinvointialue</span>' in swedish


def test_the_whole_country_id_is_the_recorded_country():
    from django.conf import settings

    recorded = json.loads((DATA / "regions.json").read_text(encoding="utf-8"))
    country = [r for r in recorded if r["category"] == "MAA"]
    assert [r["id"] for r in country] == [settings.SOTKANET_COUNTRY_REGION_ID]
    assert country[0]["title"]["fi"] == "Koko maa"


def test_a_region_not_in_the_list_is_refused(server, region, users, login):
    client = login(users["region_admin"])
    response = client.post(region_url(region), {"sotkanet_region": "629"})
    assert response.status_code == 400
    region.refresh_from_db()
    assert region.sotkanet_region_id is None


def test_the_region_page_says_when_sotkanet_cannot_be_reached(server, region, users, login):
    server.answer("/regions", status=500, body="")
    client = login(users["region_admin"])
    text = client.get(region_url(region, "en")).content.decode()
    assert "could not be fetched" in text and "HTTP 500" in text


# -- the offline path: Sotkanet's own CSV through the CSV import -------------------------

SOTKANET_CSV = (DATA / "sotkanet_186.csv").read_bytes()


def test_sotkanets_csv_download_is_imported_for_the_regions_rows(indicator):
    result = services.measurements_import(project=indicator.project, data=SOTKANET_CSV)
    assert (result.created, result.updated) == (4, 0)
    assert values(indicator)[2021] == Decimal("1180.4")  # total, not male or female
    assert set(Measurement.objects.values_list("source", flat=True)) == {"THL Sotkanet"}


def test_sotkanets_csv_with_an_unlinked_indicator_is_refused_as_a_whole(indicator):
    data = SOTKANET_CSV + b"5;974;2022;total;3.4;120\n"
    with translation.override("en"), pytest.raises(services.ImportRefused) as exc:
        services.measurements_import(project=indicator.project, data=data)
    assert exc.value.errors == ["Line 62: No indicator of this project has the THL Sotkanet id 5."]
    assert not Measurement.objects.exists()


def test_sotkanets_csv_needs_the_regions_sotkanet_region(indicator):
    region = indicator.project.region
    region.sotkanet_region_id = None
    region.save()
    with translation.override("en"), pytest.raises(services.ImportRefused) as exc:
        services.measurements_import(project=indicator.project, data=SOTKANET_CSV)
    assert "choose the region's THL Sotkanet region first" in exc.value.errors[0]


def test_sotkanets_csv_with_a_bad_value_writes_nothing(indicator):
    data = SOTKANET_CSV.replace(b"974;2022;total;1187.7", b"974;2022;total;abc")
    with translation.override("fi"), pytest.raises(services.ImportRefused) as exc:
        services.measurements_import(project=indicator.project, data=data)
    assert len(exc.value.errors) == 1
    assert exc.value.errors[0].startswith("Rivi ") and "abc" in exc.value.errors[0]
    assert not Measurement.objects.exists()


def test_sotkanets_csv_through_the_import_page(indicator, users, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(users["working_group"])
    with translation.override("sv"):
        url = reverse(
            "indicators:import",
            kwargs={"region": indicator.project.region.slug, "project": indicator.project_id},
        )
    upload = SimpleUploadedFile("sotkanet.csv", SOTKANET_CSV, content_type="text/csv")
    response = client.post(url, {"file": upload})
    assert response.status_code == 302
    assert len(values(indicator)) == 4


@pytest.mark.parametrize("value", ["abc", "<script>", "99999999999999999999", "-1"])
def test_hostile_region_choices_are_refused(server, region, users, login, value):
    client = login(users["region_admin"])
    response = client.post(region_url(region), {"sotkanet_region": value})
    assert response.status_code == 400
    region.refresh_from_db()
    assert region.sotkanet_region_id is None


# -- rows without a value, genders, providers, spacing, area categories (issue 30) -------


def row(region, year, gender="total", **fields):
    return {"indicator": 186, "region": region, "year": year, "gender": gender, **fields}


@pytest.mark.parametrize(
    "withheld_row",
    [
        {"absValue": 42},  # only the absolute number
        {"value": None, "absValue": 42},  # value null beside it
        {"value": None},  # value null alone
        {},  # neither
    ],
    ids=["absValue-only", "value-null-absValue", "value-null", "neither"],
)
def test_a_row_without_a_value_is_skipped_and_counted(server, indicator, withheld_row):
    rows = [
        row(974, 2021, value=1180.4, absValue=2950),  # both
        row(974, 2022, **withheld_row),
        row(974, 2023, value=1195.0),  # value without absValue
        row(658, 2021, value=1021.3, absValue=56000),
        row(658, 2022, **withheld_row),
    ]
    server.answer("/json", body=json.dumps(rows))
    result = services.sotkanet_fetch(indicator=indicator)
    assert (result.created, result.withheld, result.comparison) == (2, 1, 1)
    assert values(indicator) == {2021: Decimal("1180.4"), 2023: Decimal("1195.0")}


def test_an_answer_of_withheld_rows_only_writes_nothing_and_does_not_fail(server, indicator):
    server.answer("/json", body=json.dumps([row(974, y, absValue=3) for y in (2021, 2022)]))
    result = services.sotkanet_fetch(indicator=indicator)
    assert (result.created, result.withheld) == (0, 2)
    assert not Measurement.objects.filter(indicator=indicator).exists()


def test_the_withheld_years_are_told_on_the_page(server, indicator, users, login):
    server.answer("/json", body=json.dumps([row(974, 2021, value=5), row(974, 2022, absValue=3)]))
    client = login(users["working_group"])
    text = client.post(detail_url(indicator, "sotkanet_fetch"), follow=True).content.decode()
    assert "1 uutta arvoa" in text and "THL ei antanut arvoa (ohitettu): 1" in text


def test_rows_of_one_gender_are_left_out(server, indicator):
    rows = [
        row(974, 2021, "male", value=1300.0),
        row(974, 2021, "female", value=1100.0),
        row(974, 2021, value=1180.4),
        row(974, 2022, "female", value=1000.0),  # a year with genders only
    ]
    server.answer("/json", body=json.dumps(rows))
    result = services.sotkanet_fetch(indicator=indicator)
    assert (result.created, result.withheld) == (1, 0)
    assert values(indicator) == {2021: Decimal("1180.4")}


def test_a_gender_row_without_a_value_is_not_counted(server, indicator):
    rows = [row(974, 2021, value=5), row(974, 2022, "male", absValue=3)]
    server.answer("/json", body=json.dumps(rows))
    assert services.sotkanet_fetch(indicator=indicator).withheld == 0


def test_sotkanets_csv_values_are_thls_and_later_fetches_revise_them(server, indicator):
    services.measurements_import(project=indicator.project, data=SOTKANET_CSV)
    imported = Measurement.objects.filter(indicator=indicator)
    assert imported.count() == 4 and all(m.from_sotkanet for m in imported)
    server.answer("/json", file="data_186_changed.json")
    result = services.sotkanet_fetch(indicator=indicator)
    assert (result.updated, result.kept) == (1, 0)
    assert values(indicator)[2023] == Decimal("1207.5")


def test_the_projects_own_csv_stays_hand_data(server, indicator):
    own = b"indicator;period;value;source;note\nKuolleisuus;2023;1;Oma;\n"
    services.measurements_import(project=indicator.project, data=own)
    assert not Measurement.objects.get(indicator=indicator, year=2023).from_sotkanet
    server.answer("/json", file="data_186_changed.json")
    assert services.sotkanet_fetch(indicator=indicator).kept == 1
    assert values(indicator)[2023] == Decimal("1")


THL_INDICATOR = {
    "id": 186,
    "range": {"start": 1990, "end": 2024},
    "title": {"fi": "Kuolleisuus"},
    "organization": {
        "id": 2,
        "title": {
            "fi": "Terveyden ja hyvinvoinnin laitos (THL)",
            "sv": "Institutet för hälsa och välfärd (THL)",
            "en": "Finnish Institute for Health and Welfare (THL)",
        },
    },
}


def test_another_providers_indicator_is_not_fetched_without_an_agreement(server, indicator):
    indicator.sotkanet_agreement = False
    indicator.save()
    with translation.override("fi"), pytest.raises(sotkanet.SotkanetError) as exc:
        services.sotkanet_fetch(indicator=indicator)
    assert "Tilastokeskus" in str(exc.value)
    assert nothing_written(indicator)
    assert "/json" not in [path for path, _query in server.requests]
    indicator.refresh_from_db()
    assert indicator.sotkanet_provider["title"]["sv"] == "Statistikcentralen"


def test_another_providers_indicator_is_marked_on_its_page(server, indicator, users, login):
    services.sotkanet_fetch(indicator=indicator)
    client = login(users["working_group"])
    text = client.get(detail_url(indicator).replace("/fi/", "/sv/", 1)).content.decode()
    assert "Statistikcentralen" in text
    assert "Källa: Statistikcentralen, via THL Sotkanet" in text


def test_thls_own_indicator_needs_no_agreement(server, indicator):
    indicator.sotkanet_agreement = False
    indicator.save()
    server.answer("/indicators/186", body=json.dumps(THL_INDICATOR))
    assert services.sotkanet_fetch(indicator=indicator).created == 4


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("fi", "Lähde: THL, Sotkanet, CC BY 4.0"),
        ("sv", "Källa: THL, Sotkanet, CC BY 4.0"),
        ("en", "Source: THL, Sotkanet, CC BY 4.0"),
    ],
)
def test_thls_data_carries_its_attribution_on_the_chart_and_page(
    server, indicator, users, login, lang, line
):
    server.answer("/indicators/186", body=json.dumps(THL_INDICATOR))
    client = login(users["working_group"])
    before = client.get(detail_url(indicator).replace("/fi/", f"/{lang}/", 1)).content.decode()
    assert line not in before  # nothing from THL yet
    services.sotkanet_fetch(indicator=indicator)
    text = client.get(detail_url(indicator).replace("/fi/", f"/{lang}/", 1)).content.decode()
    assert '<text class="attribution"' in text  # in the chart
    assert text.count(line) == 2  # in the chart and under its table


def test_thls_data_carries_its_attribution_in_the_pdf_section(server, indicator):
    from django.template.loader import render_to_string

    from indicators.registrations import section_context

    server.answer("/indicators/186", body=json.dumps(THL_INDICATOR))
    indicator.is_key = True
    indicator.save()
    services.sotkanet_fetch(indicator=indicator)
    context = section_context(indicator.project, language="sv", public=True)
    with translation.override("sv"):
        html = render_to_string("indicators/sections/key_indicators_pdf.html", context)
    assert "Källa: THL, Sotkanet, CC BY 4.0" in html
    key = context["json"]["key_indicators"][0]
    assert key["attribution"] == "Källa: THL, Sotkanet, CC BY 4.0"


def test_fetches_are_spaced_a_day_apart_by_default(server, indicator, settings):
    settings.SOTKANET_FETCH_INTERVAL_HOURS = 24
    services.sotkanet_fetch(indicator=indicator)
    asked = len(server.requests)
    with translation.override("en"), pytest.raises(services.FetchTooSoon) as exc:
        services.sotkanet_fetch(indicator=indicator)
    assert "less than 24 hours ago" in str(exc.value)
    assert len(server.requests) == asked  # THL was not asked
    indicator.refresh_from_db()
    indicator.sotkanet_fetched_at -= timedelta(hours=25)
    indicator.save()
    assert services.sotkanet_fetch(indicator=indicator).unchanged == 4


def test_the_command_skips_an_indicator_fetched_recently(server, indicator, settings, capsys):
    settings.SOTKANET_FETCH_INTERVAL_HOURS = 24
    call_command("fetch_sotkanet")
    asked = len(server.requests)
    call_command("fetch_sotkanet")  # no failure: the indicator waits for its day
    assert "fetched recently" in capsys.readouterr().out
    assert len(server.requests) == asked


AREAS = [
    (658, "MAA", "Koko maa", "Hela landet"),
    (974, "HYVINVOINTIALUE", "Pohjois-Savon hyvinvointialue", "Norra Savolax välfärdsområde"),
    (9010, "MAAKUNTA", "Pohjois-Savo", "Norra Savolax"),
    (9011, "SEUTUKUNTA", "Kuopion seutukunta", "Kuopio ekonomiska region"),
    (833, "KUNTA", "Helsinki", "Helsingfors"),
    (9012, "ERVA", "KYS erva-alue", "KUS specialansvarsområde"),
    (9013, "ALUEHALLINTOVIRASTO", "Itä-Suomen AVI", "RFV i Östra Finland"),
    (9014, "ELY-KESKUS", "Pohjois-Savon ELY-keskus", "NTM-centralen i Norra Savolax"),
    (9015, "NUTS1", "Manner-Suomi", "Fastlandsfinland"),
]
NOT_FOLLOWED = [
    (629, "SAIRAANHOITOPIIRI", "HUS", "HNS-distriktet"),
    (9016, "POHJOISMAAT", "Pohjoismaat", "Norden"),
]


def all_areas():
    return json.dumps(
        [
            {"id": i, "title": {"fi": fi, "sv": sv, "en": fi}, "category": c, "code": str(i)}
            for i, c, fi, sv in AREAS + NOT_FOLLOWED
        ]
    )


def test_every_area_category_has_its_group_in_the_chooser():
    from indicators.forms import CATEGORY_LABELS

    assert list(CATEGORY_LABELS) == list(sotkanet.REGION_CATEGORIES)
    assert {c for _i, c, _f, _s in AREAS} == set(sotkanet.REGION_CATEGORIES)


def test_the_chooser_offers_every_followed_category_only(server, region, users, login):
    server.answer("/regions", body=all_areas())
    client = login(users["region_admin"])
    text = client.get(region_url(region, "sv")).content.decode()
    for _i, _c, _fi, sv in AREAS:
        assert sv in text
    for _i, _c, _fi, sv in NOT_FOLLOWED:
        assert sv not in text


@pytest.mark.parametrize(("area", "category", "fi", "sv"), AREAS, ids=[a[1] for a in AREAS])
def test_a_region_follows_an_area_of_each_category(
    server, indicator, users, login, area, category, fi, sv
):
    region = indicator.project.region
    server.answer("/regions", body=all_areas())
    client = login(users["region_admin"])
    assert client.post(region_url(region), {"sotkanet_region": str(area)}).status_code == 302
    region.refresh_from_db()
    assert (region.sotkanet_region_id, region.sotkanet_region_category) == (area, category)
    rows = [row(area, 2023, value=12.5), row(974 if area != 974 else 975, 2023, value=99)]
    server.answer("/json", body=json.dumps(rows))
    indicator.project.region = region
    result = services.sotkanet_fetch(indicator=indicator)
    assert result.created == 1 and values(indicator) == {2023: Decimal("12.5")}


@pytest.mark.parametrize(("area", "category", "fi", "sv"), NOT_FOLLOWED)
def test_an_area_of_another_category_is_refused(
    server, region, users, login, area, category, fi, sv
):
    server.answer("/regions", body=all_areas())
    client = login(users["region_admin"])
    assert client.post(region_url(region), {"sotkanet_region": str(area)}).status_code == 400
    region.refresh_from_db()
    assert region.sotkanet_region_id is None


def test_the_daily_job_queues_one_fetch_per_indicator_for_the_worker(
    server, indicator, db_task_backend, settings, capsys
):
    from tests.conftest import run_queued_tasks

    settings.SOTKANET_FETCH_INTERVAL_HOURS = 24
    call_command("fetch_sotkanet", "--queue")
    assert "queued: 1" in capsys.readouterr().out
    assert not values(indicator)
    assert run_queued_tasks() == 1
    assert len(values(indicator)) == 4
    call_command("fetch_sotkanet", "--queue")  # fetched recently: spaced, nothing queued
    assert "queued: 0" in capsys.readouterr().out
