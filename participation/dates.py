"""Approximate dates of participation activities: a year, a season, a month or a day."""

from __future__ import annotations

import datetime

from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

SEASONS = {
    "spring": pgettext_lazy("season", "spring"),
    "summer": pgettext_lazy("season", "summer"),
    "autumn": pgettext_lazy("season", "autumn"),
    "winter": pgettext_lazy("season", "winter"),
}
# The first month of each season (winter is counted from December of the year).
SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}


def season_of(month: int) -> str:
    if month in (3, 4, 5):
        return "spring"
    if month in (6, 7, 8):
        return "summer"
    if month in (9, 10, 11):
        return "autumn"
    return "winter"


def period_start(year: int, precision: str, *, month: int = 1, season: str = "") -> datetime.date:
    if precision == "month":
        return datetime.date(year, month, 1)
    if precision == "season":
        return datetime.date(year, SEASON_START[season], 1)
    return datetime.date(year, 1, 1)


def approximate_date(date: datetime.date | None, precision: str) -> str:
    if date is None:
        return ""
    if precision == "year":
        return str(date.year)
    if precision == "season":
        return _("%(season)s %(year)s") % {
            "season": SEASONS[season_of(date.month)],
            "year": date.year,
        }
    if precision == "month":
        return f"{str(MONTHS[date.month]).lower()} {date.year}"
    return formats.date_format(date, "SHORT_DATE_FORMAT")
