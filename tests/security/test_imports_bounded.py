"""Issue 24, item 5: every import has caps, and past a cap it says so and writes nothing.

The attacks that took a worker for 22–60+ s: a 100 KB outline of 50,000 lines pasted into
the strategy import, an xlsx of a million rows uploaded to it, a 1.9 MB indicator CSV. Each
is refused here with a form error naming the cap (in the user's language), what was typed
kept in the form, and nothing written; at its cap each import writes in bulk (a bounded
number of queries). The times at the caps are measured by bench/imports_bounded.py.

Then property tests (hypothesis): any input to each parser — the outline, the strategy
xlsx and CSV, the indicator CSV, Sotkanet's CSV — either gives its result or the parser's
own validation error, never another exception, and the import writes all or nothing.
"""

from __future__ import annotations

import io
import zipfile
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from indicators import csv_io, services
from indicators.models import Measurement
from phases.roles import Role
from promises import strategy
from promises.models import StrategyGoal
from tests.indicators.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

# Any text, lone surrogates and every control character included.
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=300)
DB_PROPERTY = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PURE_PROPERTY = settings(max_examples=150, deadline=None)


def strategy_url(region, language="fi"):
    with translation.override(language):
        return reverse("promises:strategy_import", kwargs={"region": region.slug})


def indicators_url(project, language="fi"):
    with translation.override(language):
        return reverse(
            "indicators:import", kwargs={"region": project.region.slug, "project": project.pk}
        )


def form_errors(response, form="import_form") -> str:
    return " ".join(str(e) for errors in response.context[form].errors.values() for e in errors)


def xlsx_of_rows(row_xml: bytes, count: int, shared: bytes | None = None) -> bytes:
    """A valid xlsx whose one sheet repeats `row_xml` `count` times (rows without numbers,
    as openpyxl reads them: so a million rows compress to a few kilobytes); with `shared`,
    a shared strings table holding that one string (index 0)."""
    workbook = Workbook()
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                head, _sep, _rest = data.partition(b"<sheetData")
                data = head + b"<sheetData>" + row_xml * count + b"</sheetData></worksheet>"
            elif shared is not None and item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", SHARED_TYPE + b"</Types>")
            elif shared is not None and item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", SHARED_REL + b"</Relationships>")
            target.writestr(item, data)
        if shared is not None:
            target.writestr("xl/sharedStrings.xml", SHARED_HEAD + shared + b"</t></si></sst>")
    return out.getvalue()


SHARED_TYPE = (
    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
)
SHARED_REL = (
    b'<Relationship Id="rId99" Target="sharedStrings.xml" Type="http://schemas.'
    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/>'
)
SHARED_HEAD = (
    b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/'
    b'spreadsheetml/2006/main"><si><t>'
)


# -- the strategy import ----------------------------------------------------------------


def test_outline_of_50000_lines_is_refused_naming_the_cap_and_kept(client, region, users):
    client.force_login(users[Role.PREPARER])
    text = "a\n" * 50_000  # the attack: 100 KB, 50,000 lines
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            strategy_url(region, "sv"),
            {"kind": "regional", "language": "fi", "levels": [1, 2, 3, 4], "text": text},
        )
    assert response.status_code == 400
    assert "högst 2\xa0000 rader" in form_errors(response)  # in the user's language
    assert response.context["import_form"]["text"].value() == text  # kept
    assert not StrategyGoal.objects.exists()
    writes = [q["sql"] for q in queries.captured_queries if "strategygoal" in q["sql"]]
    assert not [sql for sql in writes if sql.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_outline_at_its_cap_is_written_in_bulk(region):
    text = "".join(
        f"{t}. Teema {t}\n" + "".join(f"  {t}.{g}. Tavoite {t}.{g}\n" for g in range(1, 20))
        for t in range(1, 101)
    )
    assert len(text.splitlines()) == strategy.MAX_LINES
    with CaptureQueriesContext(connection) as queries:
        created = strategy.strategy_import(
            region=region, kind="regional", text=text, language="fi", levels=[1, 3]
        )
    assert len(created) == StrategyGoal.objects.filter(region=region).count() == 2_000
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) <= 2 * 2  # one per level (at most two batches of 1,000 each)
    goal = StrategyGoal.objects.get(region=region, code="100.19")
    assert (goal.title_fi, goal.parent.code) == ("Tavoite 100.19", "100")
    # the same list in Swedish translates it: one update query, nothing created
    swedish = text.replace("Teema", "Tema").replace("Tavoite", "Mål")
    assert (
        strategy.strategy_import(
            region=region, kind="regional", text=swedish, language="sv", levels=[1, 3]
        )
        == []
    )
    assert StrategyGoal.objects.get(pk=goal.pk).title_sv == "Mål 100.19"


def test_xlsx_of_a_million_rows_is_refused_naming_the_cap(client, region, users):
    client.force_login(users[Role.PREPARER])
    row = b'<row><c t="inlineStr"><is><t>Teema</t></is></c></row>'
    far = b'<row r="1000000"><c t="inlineStr"><is><t>Teema</t></is></c></row>'
    for data, message in (
        # a million rows of text: 52 MB unpacked, so the part's cap refuses it unread
        (xlsx_of_rows(row, 1_000_000), "purettuna yli 4 Mt"),
        # rows up to 1,000,000 within the part's cap: reading stops at the row cap
        (xlsx_of_rows(row + far, 1), "Tiedostossa on yli 2\xa0000 riviä"),
    ):
        assert len(data) < strategy.MAX_FILE_BYTES
        response = client.post(
            strategy_url(region),
            {
                "kind": "service",
                "language": "fi",
                "levels": [1, 2, 3, 4],
                "file": SimpleUploadedFile("strategia.xlsx", data),
            },
        )
        assert response.status_code == 400
        assert message in form_errors(response)
    assert not StrategyGoal.objects.exists()


def test_spreadsheet_rows_are_read_only_up_to_the_cap():
    """The rows are streamed: past the cap reading stops (a million rows are never read)."""
    consumed = 0

    def rows():
        nonlocal consumed
        while True:
            consumed += 1
            yield ("Teema", None)

    with pytest.raises(ValidationError):
        strategy.outline_from_rows(rows())
    assert consumed == strategy.MAX_LINES + 1


def test_csv_of_too_many_rows_or_an_oversize_cell_is_refused(client, region, users):
    client.force_login(users[Role.PREPARER])
    for data, message in (
        (b"Teema\n" * 2_001, "Tiedostossa on yli 2\xa0000 riviä"),
        (b'"' + b"x" * 200_000 + b'"\n', "ei voitu lukea"),  # over the csv module's limit
    ):
        response = client.post(
            strategy_url(region),
            {
                "kind": "service",
                "language": "fi",
                "levels": [1, 2, 3, 4],
                "file": SimpleUploadedFile("strategia.csv", data),
            },
        )
        assert response.status_code == 400
        assert message in form_errors(response)
    assert not StrategyGoal.objects.exists()


def test_xlsx_with_an_oversize_part_is_refused_before_it_is_read():
    row = b'<row><c t="inlineStr"><is><t>Teema</t></is></c></row>'
    data = xlsx_of_rows(row, 3)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/styles.xml":
                content = content.replace(b"</styleSheet>", b" " * 5_000_000 + b"</styleSheet>")
            target.writestr(item, content)
    with pytest.raises(ValidationError) as refused:
        strategy.outline_from_file(io.BytesIO(out.getvalue()))
    assert "yli 4 Mt" in refused.value.messages[0]
    assert strategy.outline_from_file(io.BytesIO(data)) == "Teema\nTeema\nTeema"
    # one cell of 60 MB in a 60 KB file: refused before it is read
    huge = xlsx_of_rows(
        b'<row><c t="inlineStr"><is><t>' + b"a" * 60_000_000 + b"</t></is></c></row>", 1
    )
    assert len(huge) < 100_000
    with pytest.raises(ValidationError) as refused:
        strategy.outline_from_file(io.BytesIO(huge))
    assert "yli 4 Mt" in refused.value.messages[0]


def test_one_huge_shared_string_in_every_cell_is_read_only_in_part():
    """An xlsx may point every cell at one shared string: each is read up to a bound, and
    the name is still refused as too long."""
    row = b"<row>" + b'<c t="s"><v>0</v></c>' * 12 + b"</row>"
    data = xlsx_of_rows(row, 50, shared=b"a" * 3_000_000)
    text = strategy.outline_from_file(io.BytesIO(data))
    assert max(len(line) for line in text.splitlines()) == strategy.CELL_READ_MAX
    with pytest.raises(strategy.OutlineError, match=f"yli {strategy.TITLE_MAX} merkkiä"):
        strategy.parse_outline(text)


# -- the indicator CSV ------------------------------------------------------------------


@pytest.fixture
def indicator(project):
    for n in range(2, 6):
        IndicatorFactory(project=project, name=f"Mittari {n}", name_sv=f"Mätare {n}")
    return IndicatorFactory(project=project, name="Mittari", name_sv="Mätare", sotkanet_id=186)


def monthly_rows(count: int) -> str:
    """`count` rows: five indicators × months from 1990 on."""
    names = ["Mittari", "Mittari 2", "Mittari 3", "Mittari 4", "Mittari 5"]
    return "".join(
        f"{names[n % 5]};{1990 + n // 60}-{n // 5 % 12 + 1:02d};{n},5;lähde;huomautus\n"
        for n in range(count)
    )


def test_indicator_csv_of_19_mb_is_refused_naming_the_cap(client, project, users, indicator):
    client.force_login(users["preparer"])
    rows = "".join(f"Mittari;2026;{n},5;{'x' * 40};{'y' * 40}\n" for n in range(20_000))
    data = ("indicator;period;value;source;note\n" + rows).encode()
    assert 1_800_000 < len(data) < csv_io.MAX_BYTES  # the attack: 1.9 MB
    response = client.post(
        indicators_url(project, "sv"), {"file": SimpleUploadedFile("m.csv", data)}
    )
    assert response.status_code == 400
    assert "högst 5\xa0000 rader" in response.content.decode()
    assert not Measurement.objects.exists()


def test_indicator_csv_at_its_cap_is_written_in_bulk(project, indicator):
    rows = monthly_rows(csv_io.MAX_ROWS)
    data = ("indicator;period;value;source;note\n" + rows).encode()
    with CaptureQueriesContext(connection) as queries:
        result = services.measurements_import(project=project, data=data, by=None)
    assert result.created == Measurement.objects.count() == csv_io.MAX_ROWS
    assert len(queries) < 20
    # one row more: refused, nothing more written
    more = ("indicator;period;value\n" + monthly_rows(csv_io.MAX_ROWS + 1)).encode()
    with pytest.raises(services.ImportRefused):
        services.measurements_import(project=project, data=more, by=None)
    assert Measurement.objects.count() == csv_io.MAX_ROWS


def test_indicator_csv_lists_at_most_100_errors(project, indicator):
    data = ("indicator;period;value\n" + "Mittari;2026;x\n" * 4_000).encode()
    with pytest.raises(services.ImportRefused) as refused:
        services.measurements_import(project=project, data=data, by=None)
    assert len(refused.value.errors) == csv_io.MAX_ERRORS + 1
    assert refused.value.errors[-1].startswith("Yli 100 rivillä")


def test_indicator_csv_wide_rows_and_long_cells_are_refused(project, indicator):
    wide = ("indicator;period;value\n" + "Mittari;2026;1" + ";" * 30 + "\n").encode()
    long = ("indicator;period;value;note\n" + "Mittari;2026;1;" + "x" * 6_000 + "\n").encode()
    for data, message in ((wide, "enemmän kuin 20 saraketta"), (long, "yli 5\xa0000 merkkiä")):
        with pytest.raises(services.ImportRefused) as refused:
            services.measurements_import(project=project, data=data, by=None)
        assert message in refused.value.errors[0]
    assert not Measurement.objects.exists()


def test_sotkanet_csv_with_too_many_lines_is_refused(project, indicator):
    project.region.sotkanet_region_id = 974
    project.region.save()
    header = "indicator;region;year;gender;value;absValue\n"
    data = (header + "1;1;2;t;;\n" * (csv_io.MAX_SOTKANET_LINES + 1)).encode()
    assert len(data) < csv_io.MAX_BYTES
    with pytest.raises(services.ImportRefused) as refused:
        services.measurements_import(project=project, data=data, by=None)
    assert "200\xa0000" in refused.value.errors[0]
    ok = (header + "186;974;2024;total;12,5;3\n" + "186;1;2024;total;1;1\n" * 10_000).encode()
    services.measurements_import(project=project, data=ok, by=None)
    assert Measurement.objects.get().value == 12.5


# -- property tests: any input, the parser's own error or a result ------------------------


@PURE_PROPERTY
@given(ANY_TEXT)
def test_outline_parser_takes_any_text(text):
    try:
        lines = strategy.parse_outline(text)
    except ValidationError:
        return
    assert all(1 <= line.depth <= strategy.MAX_DEPTH and line.title for line in lines)


@PURE_PROPERTY
@given(st.lists(st.lists(st.one_of(st.none(), ANY_TEXT, st.integers()), max_size=12), max_size=30))
def test_strategy_spreadsheet_reader_takes_any_cells(rows):
    text = strategy.outline_from_rows(rows)
    assert isinstance(text, str)


@PURE_PROPERTY
@given(st.binary(max_size=2_000) | ANY_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_strategy_file_reader_takes_any_bytes(data):
    for prefix in (b"", b"PK\x03\x04"):
        try:
            assert isinstance(strategy.outline_from_file(io.BytesIO(prefix + data)), str)
        except ValidationError:
            pass


@DB_PROPERTY
@given(st.lists(st.lists(st.one_of(st.none(), ANY_TEXT, st.integers()), max_size=5), max_size=8))
def test_strategy_xlsx_and_csv_import_writes_all_or_nothing(region, rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append([c if not isinstance(c, str) else _xlsx_safe(c) for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _import_all_or_nothing(
        region, lambda: strategy.outline_from_file(io.BytesIO(buffer.getvalue()))
    )
    # the same rows as CSV (any text, so quotes and separators inside cells too)
    text = "\n".join(";".join("" if c is None else str(c) for c in row) for row in rows)
    data = text.encode("utf-8", "surrogatepass")
    _import_all_or_nothing(region, lambda: strategy.outline_from_file(io.BytesIO(data)))


OUTLINE_LINES = [
    "1 Teema",
    "1.1 Ala",
    "2 Toinen",
    "2.1.1 Syvä",
    "  sisennys",
    "\tSarkain",
    "- Luettelo",
]
OUTLINES = st.one_of(
    ANY_TEXT,
    st.lists(st.one_of(st.sampled_from(OUTLINE_LINES), ANY_TEXT), max_size=10).map("\n".join),
)


@DB_PROPERTY
@given(OUTLINES, st.sampled_from([[1, 2, 3, 4], [1, 3], [2]]))
@example("2 Toinen\n1 Teema", [1, 2, 3, 4])  # a line error after a good line
def test_strategy_outline_import_writes_all_or_nothing(region, text, levels):
    _import_all_or_nothing(region, lambda: text, levels=levels, spreadsheet=False)


def _xlsx_safe(text: str) -> str:
    from phases.text_hygiene import clean_text

    return clean_text(text)  # openpyxl itself refuses the rest (that is the writer's job)


def _import_all_or_nothing(region, read, *, levels=(1, 2, 3, 4), spreadsheet=True):
    with transaction.atomic():
        # an existing goal "1" on level 3: a line "1 …" on another level is a line error
        StrategyGoal.objects.create(
            region=region, kind="service", code="1", level=3, title_fi="Olemassa"
        )
        before = StrategyGoal.objects.count()
        try:
            created = strategy.strategy_import(
                region=region,
                kind="service",
                text=read(),
                language="fi",
                levels=list(levels),
                from_spreadsheet=spreadsheet,
            )
        except ValidationError:
            assert StrategyGoal.objects.count() == before
        else:
            assert StrategyGoal.objects.count() == before + len(created)
        transaction.set_rollback(True)


CSV_CELL = st.one_of(
    ANY_TEXT,
    st.sampled_from(["Mittari", "Mätare", "2026", "2026-Q2", "12,5", "-1", "1e999999", "²"]),
)
CSV_ROWS = st.lists(st.lists(CSV_CELL, min_size=1, max_size=7), max_size=12)
SEPARATORS = st.sampled_from([";", ",", "\t", "\n", '"'])


def _csv_bytes(header: str, rows: list[list[str]], separator: str, encoding: str) -> bytes:
    text = header + "\n" + "\n".join(separator.join(row) for row in rows)
    return text.encode(encoding, "surrogatepass" if encoding == "utf-8" else "replace")


@DB_PROPERTY
@given(
    st.sampled_from(
        [
            "indicator;period;value;source;note",
            "mittari,ajanjakso,arvo",
            "indicator;region;year;gender;value;absValue",
            "",
        ]
    ),
    CSV_ROWS,
    SEPARATORS,
    st.sampled_from(["utf-8", "cp1252", "utf-16"]),
)
@example(  # a good row, then a bad one
    "indicator;period;value", [["Mittari", "2026", "1"], ["Mittari", "x", "1"]], ";", "utf-8"
)
def test_indicator_and_sotkanet_csv_import_writes_all_or_nothing(
    project, indicator, header, rows, separator, encoding
):
    project.region.sotkanet_region_id = 974
    data = _csv_bytes(header, rows, separator, encoding)
    with transaction.atomic():
        try:
            result = services.measurements_import(project=project, data=data, by=None)
        except services.ImportRefused as refused:
            assert refused.errors and all(isinstance(e, str) for e in refused.errors)
            assert not Measurement.objects.exists()
        else:
            assert Measurement.objects.count() == result.created + result.updated
        transaction.set_rollback(True)


@PURE_PROPERTY
@given(st.binary(max_size=3_000))
def test_csv_parsers_take_any_bytes(data):
    indicators = [SimpleNamespace(pk=1, name_fi="Mittari", name_sv="Mätare", sotkanet_id=186)]
    for parse in (
        lambda: csv_io.parse(data, indicators=indicators),
        lambda: csv_io.parse_sotkanet(data, indicators=indicators, region_id=974),
        lambda: csv_io.parse(b"indicator;period;value\n" + data, indicators=indicators),
        lambda: csv_io.parse_sotkanet(
            b"indicator;region;year;gender;value\n" + data, indicators=indicators, region_id=974
        ),
    ):
        try:
            rows, errors = parse()
        except csv_io.CsvError:
            continue
        assert len(errors) <= csv_io.MAX_ERRORS + 1
        assert all(str(e) for e in errors)
