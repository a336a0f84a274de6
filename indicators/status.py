"""The status of an indicator: pure functions, no database.

The rule (shown to users on the indicator pages, see `RULE_TEXT`):

1. Take the **latest measurement**: the one whose period ends last. A year ends in
   December, a quarter in its last month, a month in itself. When an annual value and a
   quarterly or monthly value end at the same time (2026, 2026-Q4, 2026-12), the annual
   value counts, since it covers the whole year.
2. Compare it with the **target of that measurement's year**.
3. *On track* when the target is met: the value is at least the target (higher is better)
   or at most the target (lower is better). Exactly on target counts as met.
4. *At risk* when the target is missed by at most 5 % of the target (`TOLERANCE`);
   e.g. target 70 %, higher is better: 66.5–69.99 is at risk. A target of zero has no
   tolerance.
5. *Off track* when the target is missed by more than that.
6. *No data* when there is no measurement, or no target for the latest measurement's year.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TOLERANCE = Decimal("0.05")

RULE_TEXT = _(
    "The status compares the latest measurement with the target of its year. "
    "On track: the target is met (exactly on target counts as met). "
    "At risk: the target is missed by at most 5 per cent of the target. "
    "Off track: the target is missed by more than 5 per cent of the target. "
    "No data: there is no measurement yet, or no target for the year of the latest "
    "measurement. When a year has an annual value, it counts over the year's last quarter "
    "or month."
)


class Status(models.TextChoices):
    ON_TRACK = "on_track", pgettext_lazy("indicator status", "On track")
    AT_RISK = "at_risk", pgettext_lazy("indicator status", "At risk")
    OFF_TRACK = "off_track", pgettext_lazy("indicator status", "Off track")
    NO_DATA = "no_data", pgettext_lazy("indicator status", "No data")


@dataclass(frozen=True, order=True)
class Period:
    """A measurement period: a year (quarter = month = 0), a quarter or a month of a year."""

    year: int
    quarter: int = 0
    month: int = 0

    def __str__(self) -> str:
        if self.quarter:
            return f"{self.year}-Q{self.quarter}"
        if self.month:
            return f"{self.year}-{self.month:02d}"
        return str(self.year)

    @property
    def end_month(self) -> int:
        if self.quarter:
            return self.quarter * 3
        if self.month:
            return self.month
        return 12

    @property
    def is_year(self) -> bool:
        return not self.quarter and not self.month

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Chronological by end; at the same end a year sorts last (it is the latest)."""
        granularity = 2 if self.is_year else (1 if self.quarter else 0)
        return (self.year, self.end_month, granularity)

    @property
    def midpoint(self) -> float:
        """Position on a continuous time axis, in years (for charts)."""
        if self.quarter:
            return self.year + (self.quarter - 0.5) / 4
        if self.month:
            return self.year + (self.month - 0.5) / 12
        return self.year + 0.5


PERIOD_RE = re.compile(
    r"^\s*(?P<year>\d{4})\s*(?:(?:-|/|\s)\s*(?:[QqKkVv](?P<quarter>[1-4])|(?P<month>\d{1,2})))?\s*$"
)
QUARTER_FIRST_RE = re.compile(r"^\s*[QqKkVv](?P<quarter>[1-4])\s*(?:-|/|\s)\s*(?P<year>\d{4})\s*$")
MIN_YEAR, MAX_YEAR = 1990, 2100


def parse_period(text: str) -> Period | None:
    """'2026' → year, '2026-Q2' (also Q2/2026, K2 or V2) → quarter, '2026-05' → month.

    Returns None when the text is not a period.
    """
    text = (text or "").strip()
    match = PERIOD_RE.match(text)
    if match:
        year = int(match["year"])
        quarter = int(match["quarter"] or 0)
        month = int(match["month"] or 0)
        if match["month"] is not None and not 1 <= month <= 12:
            return None
    else:
        match = QUARTER_FIRST_RE.match(text)
        if not match:
            return None
        year, quarter, month = int(match["year"]), int(match["quarter"]), 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    return Period(year, quarter, month)


def compare(*, value: Decimal, target: Decimal | None, higher_is_better: bool) -> Status:
    """The status of one value against one target."""
    if value is None or target is None:
        return Status.NO_DATA
    value, target = Decimal(value), Decimal(target)
    shortfall = (target - value) if higher_is_better else (value - target)
    if shortfall <= 0:
        return Status.ON_TRACK
    if shortfall <= abs(target) * TOLERANCE:
        return Status.AT_RISK
    return Status.OFF_TRACK


@dataclass(frozen=True)
class StatusResult:
    status: Status
    latest: Any = None  # the latest measurement (an object with .period and .value), or None
    target: Decimal | None = None  # the target of the latest measurement's year

    @property
    def label(self) -> str:
        return str(self.status.label)


def latest(measurements: Iterable[Any]) -> Any:
    """The measurement whose period ends last (objects with `.period` and `.value`)."""
    return max(measurements, key=lambda m: m.period.sort_key, default=None)


def indicator_status(
    *, measurements: Iterable[Any], targets: Mapping[int, Decimal], higher_is_better: bool
) -> StatusResult:
    """The status of an indicator from its measurements and its targets by year."""
    last = latest(measurements)
    if last is None:
        return StatusResult(Status.NO_DATA)
    target = targets.get(last.period.year)
    return StatusResult(
        compare(value=last.value, target=target, higher_is_better=higher_is_better),
        last,
        target,
    )
