"""The status rule: latest measurement against its year's target, both directions."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from indicators.status import (
    Period,
    Status,
    compare,
    indicator_status,
    latest,
    parse_period,
)


@dataclass
class M:
    period: Period
    value: Decimal


def m(period: str, value: str) -> M:
    return M(parse_period(period), Decimal(value))


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("75", "70", Status.ON_TRACK),
        ("70", "70", Status.ON_TRACK),  # exactly on target counts as met
        ("66.5", "70", Status.AT_RISK),  # 5 % of 70 = 3.5 short: still at risk
        ("66.49", "70", Status.OFF_TRACK),
        ("50", "70", Status.OFF_TRACK),
    ],
)
def test_higher_is_better(value, target, expected):
    assert compare(value=Decimal(value), target=Decimal(target), higher_is_better=True) == expected


@pytest.mark.parametrize(
    ("value", "target", "expected"),
    [
        ("1.5", "2", Status.ON_TRACK),
        ("2", "2", Status.ON_TRACK),  # exactly on target counts as met
        ("2.1", "2", Status.AT_RISK),  # 5 % over
        ("2.11", "2", Status.OFF_TRACK),
        ("3", "2", Status.OFF_TRACK),
    ],
)
def test_lower_is_better(value, target, expected):
    assert compare(value=Decimal(value), target=Decimal(target), higher_is_better=False) == expected


def test_zero_target_has_no_tolerance():
    assert (
        compare(value=Decimal("0"), target=Decimal("0"), higher_is_better=False) == Status.ON_TRACK
    )
    assert compare(value=Decimal("0.1"), target=Decimal("0"), higher_is_better=False) == (
        Status.OFF_TRACK
    )


def test_negative_target_uses_its_size_for_tolerance():
    # NPS target −10: −10.5 is within 5 % of 10
    assert compare(value=Decimal("-10.5"), target=Decimal("-10"), higher_is_better=True) == (
        Status.AT_RISK
    )


def test_no_data_without_measurements():
    result = indicator_status(measurements=[], targets={2026: Decimal("5")}, higher_is_better=True)
    assert result.status == Status.NO_DATA
    assert result.latest is None


def test_no_data_without_a_target_for_the_latest_year():
    result = indicator_status(
        measurements=[m("2025", "80"), m("2026-Q1", "90")],
        targets={2025: Decimal("70")},
        higher_is_better=True,
    )
    assert result.status == Status.NO_DATA
    assert str(result.latest.period) == "2026-Q1"
    assert result.target is None


def test_latest_measurement_decides_against_its_own_years_target():
    result = indicator_status(
        measurements=[m("2026-Q2", "71"), m("2025", "40"), m("2026-Q1", "50")],
        targets={2025: Decimal("65"), 2026: Decimal("70")},
        higher_is_better=True,
    )
    assert result.status == Status.ON_TRACK
    assert str(result.latest.period) == "2026-Q2"
    assert result.target == Decimal("70")


def test_annual_value_counts_over_last_quarter_and_month_of_the_year():
    items = [m("2026-12", "1"), m("2026-Q4", "2"), m("2026", "3"), m("2026-11", "4")]
    assert str(latest(items).period) == "2026"
    assert str(latest([m("2026-Q3", "1"), m("2026-10", "2")]).period) == "2026-10"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026", Period(2026)),
        (" 2026 ", Period(2026)),
        ("2026-Q2", Period(2026, 2, 0)),
        ("2026-q4", Period(2026, 4, 0)),
        ("Q3/2026", Period(2026, 3, 0)),
        ("2026-05", Period(2026, 0, 5)),
        ("2026-5", Period(2026, 0, 5)),
        ("2026-13", None),
        ("2026-Q5", None),
        ("26", None),
        ("", None),
        ("vuosi", None),
    ],
)
def test_parse_period(text, expected):
    assert parse_period(text) == expected


def test_period_text_round_trips():
    for text in ["2026", "2026-Q2", "2026-05"]:
        assert str(parse_period(text)) == text
