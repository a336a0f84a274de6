"""CSV import of measurements: all or nothing, every error by line number; the export
opens in Excel and imports back."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators import services
from indicators.models import Measurement
from tests.indicators.factories import IndicatorFactory, measure

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def indicators(project):
    access = IndicatorFactory(
        project=project, name="Hoitoon pääsy 7 päivässä (%)", name_sv="Vård inom 7 dagar (%)"
    )
    nps = IndicatorFactory(project=project, name="Asiakastyytyväisyys (NPS)", name_sv="Kundnöjdhet")
    return access, nps


def values(project):
    return {
        (m.indicator.name_fi, str(m.period)): m.value
        for m in Measurement.objects.filter(indicator__project=project).select_related("indicator")
    }


def test_good_file_semicolons_and_decimal_comma(project, indicators, users):
    access, nps = indicators
    data = (
        "indicator;period;value;source;note\r\n"
        "Hoitoon pääsy 7 päivässä (%);2026;68,5;Avohilmo;\r\n"
        f"{nps.pk};2026-Q2;31;Kysely;kevät\r\n"
        "Vård inom 7 dagar (%);2026-05;1 234,25;;\r\n"
    ).encode()
    result = services.measurements_import(project=project, data=data, by=users["preparer"])
    assert (result.created, result.updated) == (3, 0)
    assert values(project) == {
        ("Hoitoon pääsy 7 päivässä (%)", "2026"): Decimal("68.5"),
        ("Asiakastyytyväisyys (NPS)", "2026-Q2"): Decimal("31"),
        ("Hoitoon pääsy 7 päivässä (%)", "2026-05"): Decimal("1234.25"),
    }
    saved = Measurement.objects.get(indicator=nps)
    assert (saved.source, saved.note, saved.entered_by) == ("Kysely", "kevät", users["preparer"])


def test_comma_separated_with_quoted_decimal_comma_and_bom_and_finnish_header(project, indicators):
    data = (
        '\ufeffmittari,ajanjakso,arvo,lähde,huomautus\n"Asiakastyytyväisyys (NPS)",2025,"33,5",,\n'
    )
    result = services.measurements_import(project=project, data=data.encode(), by=None)
    assert result.created == 1
    assert values(project) == {("Asiakastyytyväisyys (NPS)", "2025"): Decimal("33.5")}


def test_cp1252_file_as_old_excel_saves_it(project, indicators):
    data = "mätare;period;värde\nKundnöjdhet;2026-Q1;12,5\n".encode("cp1252")
    services.measurements_import(project=project, data=data, by=None)
    assert values(project) == {("Asiakastyytyväisyys (NPS)", "2026-Q1"): Decimal("12.5")}


def test_three_bad_lines_refuse_the_whole_file_with_line_numbers(project, indicators):
    data = (
        "indicator;period;value;source;note\n"
        "Asiakastyytyväisyys (NPS);2026;30;;\n"  # line 2: fine
        "Tuntematon mittari;2026;30;;\n"  # line 3: no such indicator
        "Asiakastyytyväisyys (NPS);2026-Q7;30;;\n"  # line 4: bad period
        "Asiakastyytyväisyys (NPS);2025;kolme;;\n"  # line 5: not a number
        "Asiakastyytyväisyys (NPS);2024;28;;\n"  # line 6: fine
    ).encode()
    with pytest.raises(services.ImportRefused) as refused:
        services.measurements_import(project=project, data=data, by=None)
    errors = refused.value.errors
    assert len(errors) == 3
    assert errors[0].startswith("Line 3:") and "Tuntematon mittari" in errors[0]
    assert errors[1].startswith("Line 4:") and "2026-Q7" in errors[1]
    assert errors[2].startswith("Line 5:") and "kolme" in errors[2]
    assert not Measurement.objects.exists()  # nothing half-imported


def test_errors_are_translated(project, indicators):
    data = "mittari;ajanjakso;arvo\nAsiakastyytyväisyys (NPS);2026;x\n".encode()
    with translation.override("fi"), pytest.raises(services.ImportRefused) as refused:
        services.measurements_import(project=project, data=data, by=None)
    assert refused.value.errors[0].startswith("Rivi 2:")


def test_duplicate_period_in_file_is_an_error(project, indicators):
    access, _nps = indicators
    data = (
        f"indicator;period;value\n{access.pk};2026-Q1;60\nHoitoon pääsy 7 päivässä (%);2026-q1;61\n"
    ).encode()
    with pytest.raises(services.ImportRefused) as refused:
        services.measurements_import(project=project, data=data, by=None)
    assert refused.value.errors == ["Line 3: The same indicator and period are already on line 2."]
    assert not Measurement.objects.exists()


def test_existing_period_is_updated(project, indicators):
    access, _nps = indicators
    measure(access, "2026", "50", source="vanha")
    data = "indicator;period;value;source\nHoitoon pääsy 7 päivässä (%);2026;55,5;uusi\n".encode()
    result = services.measurements_import(project=project, data=data, by=None)
    assert (result.created, result.updated) == (0, 1)
    m = Measurement.objects.get(indicator=access)
    assert (m.value, m.source) == (Decimal("55.5"), "uusi")


def test_indicator_of_another_project_is_not_found(project, indicators, region):
    from tests.factories import ProjectFactory

    other = IndicatorFactory(project=ProjectFactory(region=region), name="Muu mittari")
    data = f"indicator;period;value\n{other.pk};2026;1\n".encode()
    with pytest.raises(services.ImportRefused) as refused:
        services.measurements_import(project=project, data=data, by=None)
    assert refused.value.errors[0].startswith("Line 2:")


@pytest.mark.parametrize(
    "data",
    [b"", b"indicator;value\nx;1\n", b"arvo;jakso\n"],
    ids=["empty", "no period column", "no indicator column"],
)
def test_unreadable_file_is_refused(project, indicators, data):
    with pytest.raises(services.ImportRefused) as refused:
        services.measurements_import(project=project, data=data, by=None)
    assert len(refused.value.errors) == 1


def test_export_is_excel_csv_and_imports_back(project, indicators):
    access, nps = indicators
    measure(access, "2025", "63.1", source="Avohilmo", note="koko vuosi; tarkistettu")
    measure(access, "2026-Q2", "71.25")
    measure(nps, "2026-05", "-4")
    data = services.measurements_export(project=project, language="fi")
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == "mittari;ajanjakso;arvo;lähde;huomautus"
    assert "Hoitoon pääsy 7 päivässä (%);2025;63,1;Avohilmo;koko vuosi; tarkistettu" not in text
    assert 'Hoitoon pääsy 7 päivässä (%);2025;63,1;Avohilmo;"koko vuosi; tarkistettu"' in lines
    assert "Hoitoon pääsy 7 päivässä (%);2026-Q2;71,25;;" in lines
    assert "Asiakastyytyväisyys (NPS);2026-05;-4;;" in lines

    before = values(project)
    Measurement.objects.all().delete()
    result = services.measurements_import(project=project, data=data, by=None)
    assert result.created == 3
    assert values(project) == before
    # importing the same export again only updates
    assert services.measurements_import(project=project, data=data, by=None).updated == 3


def test_swedish_export_uses_swedish_names_and_imports_back(project, indicators):
    access, _nps = indicators
    measure(access, "2026", "70")
    data = services.measurements_export(project=project, language="sv")
    assert data.decode("utf-8-sig").split("\r\n")[:2] == [
        "mätare;period;värde;källa;anmärkning",
        "Vård inom 7 dagar (%);2026;70;;",
    ]
    Measurement.objects.all().delete()
    assert services.measurements_import(project=project, data=data, by=None).created == 1


def test_export_defuses_formulas_and_imports_back_as_typed(project):
    """A name, source or note starting like a formula is exported with an apostrophe in
    front (never a live formula in Excel) and imported back without it."""
    indicator = IndicatorFactory(project=project, name="=Mittari", name_sv="@Mätare")
    measure(indicator, "2026", "-1.5", source="+Avohilmo", note="=1+1")
    data = services.measurements_export(project=project, language="fi")
    assert "'=Mittari;2026;-1,5;'+Avohilmo;'=1+1" in data.decode("utf-8-sig").split("\r\n")
    Measurement.objects.all().delete()
    assert services.measurements_import(project=project, data=data, by=None).created == 1
    m = Measurement.objects.get()
    assert (m.indicator_id, m.source, m.note, str(m.value)) == (
        indicator.pk,
        "+Avohilmo",
        "=1+1",
        "-1.5000",
    )


def test_unterminated_quote_is_an_error_on_its_line(project, indicators):
    """Without strict reading the rest of the file would vanish into one cell."""
    data = (
        "indicator;period;value;source;note\n"
        "Asiakastyytyväisyys (NPS);2026;30;;\n"
        'Asiakastyytyväisyys (NPS);2025;31;"Avohilmo;\n'  # line 3: the quote never closes
        "Asiakastyytyväisyys (NPS);2024;28;;\n"
    ).encode()
    with pytest.raises(services.ImportRefused) as refused:
        services.measurements_import(project=project, data=data, by=None)
    assert refused.value.errors == ["Line 3: A quotation mark opened here is never closed."]
    assert not Measurement.objects.exists()


@pytest.mark.parametrize("bad", ["\x00", "\x1b", "\x07\uffff"])
def test_nul_or_control_character_is_removed_as_in_every_form(project, indicators, bad):
    """The import cleans text with the forms' one function (phases.text_hygiene)."""
    data = (
        "indicator;period;value;source;note\n"
        "Asiakastyytyväisyys (NPS);2026;30;;\n"
        f"Asiakastyytyväisyys (NPS);2025;31;Avo{bad}hilmo;huo{bad}m\n"
    ).encode()
    services.measurements_import(project=project, data=data, by=None)
    stored = Measurement.objects.get(year=2025)
    assert (stored.source, stored.note) == ("Avohilmo", "huom")
