"""A small client for THL Sotkanet's REST API, version 1.1 (open data, CC BY 4.0).

Endpoints used (relative to settings.SOTKANET_BASE_URL, by default
https://sotkanet.fi/rest/1.1):

- `regions`: every region, `[{"id", "title": {"fi","sv","en"}, "code", "category",
  "uri", ...}]`; the categories are Finnish areas (HYVINVOINTIALUE, the wellbeing services
  county; MAAKUNTA; SEUTUKUNTA; KUNTA; ERVA; ALUEHALLINTOVIRASTO; ELY-KESKUS; NUTS1;
  SAIRAANHOITOPIIRI, the hospital districts abolished in 2023; MAA, the whole country) and
  international groups (POHJOISMAAT, EUROOPPA);
- `indicators/<id>`: one indicator's metadata, `{"id", "title": {...}, "range":
  {"start", "end"}, "decimals", "organization": {"id", "title": {...}}, ...}`; the
  organization is who produces the indicator (THL or another provider);
- `json?indicator=<id>&years=<y>&years=<y>…&genders=total`: the values of every region,
  a flat list `[{"indicator", "region", "year", "gender", "value", "absValue"}]`. A row
  may lack `value` or carry it as null (THL withholds a value of too few cases, or gives
  only the absolute number `absValue`): such a row is skipped and counted, never an error.

THL's data is open (CC BY 4.0, attribution "THL, Sotkanet"); THL asks that the API serve
occasional queries, not polling (services.sotkanet_fetch spaces the fetches). Indicators of
other providers need the region's own agreement with that provider (Indicator.
sotkanet_agreement).

The format follows the rOpenGov `sotkanet` R package (R/sotkanet_regions.R,
R/sotkanet_collect.R, R/get_sotkanet.R); recorded answers for the tests are in
tests/indicators/data/sotkanet/.

Every failure (timeout, connection, HTTP error, unknown id, empty or malformed answer)
raises SotkanetError with a message in the active language; nothing here writes. The texts
of an answer (titles, codes) are cleaned with phases.text_hygiene.clean_text, as every text
from outside is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import requests
from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from phases.text_hygiene import clean_text

SOURCE = "THL Sotkanet"
USER_AGENT = "Servicelofte (service promise; https://sotkanet.fi open data)"
# Region categories a region may choose as its own area: every Finnish area THL publishes
# values for that exists today (the hospital districts ended in 2023; the Nordic and
# European groups are not a region's area).
REGION_CATEGORIES = (
    "HYVINVOINTIALUE",
    "MAAKUNTA",
    "SEUTUKUNTA",
    "KUNTA",
    "ERVA",
    "ALUEHALLINTOVIRASTO",
    "ELY-KESKUS",
    "NUTS1",
    "MAA",
)
# How THL's own organisation is named in an indicator's metadata (any language).
THL_NAMES = (
    "terveyden ja hyvinvoinnin laitos",
    "institutet för hälsa och välfärd",
    "finnish institute for health and welfare",
)
ATTRIBUTION = "THL, Sotkanet, CC BY 4.0"


class SotkanetError(Exception):
    """Sotkanet could not give what was asked; `str(exc)` is a readable message."""


class UnknownIndicator(SotkanetError):
    pass


@dataclass(frozen=True)
class SotkanetRegion:
    id: int
    title: dict
    category: str
    code: str = ""

    def name(self, language: str) -> str:
        return self.title.get(language) or self.title.get("fi") or str(self.id)


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    title: dict
    start: int | None
    end: int | None
    # who produces the indicator: {"id": …, "title": {"fi", "sv", "en"}} ({} when not said)
    organization: dict = field(default_factory=dict)

    @property
    def by_thl(self) -> bool:
        return is_thl(self.organization)


def is_thl(organization: dict) -> bool:
    """Whether an indicator's organisation is THL (an indicator without one counts as
    THL's: Sotkanet is THL's service)."""
    titles = [str(t).casefold() for t in (organization or {}).get("title", {}).values()]
    if not titles:
        return True
    return any(t == "thl" or "(thl)" in t or any(n in t for n in THL_NAMES) for t in titles)


@dataclass(frozen=True)
class DataPoint:
    region: int
    year: int
    value: Decimal


@dataclass(frozen=True)
class DataAnswer:
    """The values of an answer and the rows skipped because they carried no value
    (`withheld`: (region, year) of each total row without `value` or with null)."""

    points: list[DataPoint]
    withheld: list[tuple[int, int]]


def _titles(raw) -> dict:
    """A title object {"fi": ..., "sv": ...} with its texts cleaned (TypeError or ValueError
    when it is not one)."""
    return {str(k): clean_text(str(v)) for k, v in dict(raw or {}).items()}


class SotkanetClient:
    """`SotkanetClient().data(127, [2022, 2023])`. Answers are kept per client instance,
    so a run over many indicators asks for each Sotkanet indicator once."""

    def __init__(self, base_url: str | None = None, timeout: float | None = None):
        self.base_url = (base_url or settings.SOTKANET_BASE_URL).rstrip("/")
        self.timeout = timeout if timeout is not None else settings.SOTKANET_TIMEOUT_SECONDS
        self.session = requests.Session()
        self.session.headers.update({"Accept": "application/json", "User-Agent": USER_AGENT})
        self._memo: dict = {}

    # -- transport --------------------------------------------------------------------
    def _get(self, path: str, params: list[tuple[str, object]] | None = None, *, what: str):
        key = (path, tuple(params or ()))
        if key in self._memo:
            return self._memo[key]
        url = f"{self.base_url}/{path}"
        try:
            response = self.session.get(url, params=params, timeout=self.timeout)
        except requests.Timeout as exc:
            raise SotkanetError(
                _("THL Sotkanet did not answer within %(seconds)s seconds. Try again later.")
                % {"seconds": number_format(self.timeout)}
            ) from exc
        except requests.RequestException as exc:
            raise SotkanetError(_("THL Sotkanet could not be reached. Try again later.")) from exc
        if response.status_code == 404:
            raise UnknownIndicator(_("THL Sotkanet does not know %(what)s.") % {"what": what})
        if response.status_code >= 400:
            raise SotkanetError(
                _("THL Sotkanet answered with an error (HTTP %(status)d). Try again later.")
                % {"status": response.status_code}
            )
        try:
            data = response.json()
        except ValueError as exc:
            raise SotkanetError(
                _("THL Sotkanet's answer could not be read (not valid JSON).")
            ) from exc
        self._memo[key] = data
        return data

    @staticmethod
    def _malformed() -> SotkanetError:
        return SotkanetError(_("THL Sotkanet's answer was not in the expected format."))

    # -- endpoints --------------------------------------------------------------------
    def regions(self) -> list[SotkanetRegion]:
        data = self._get("regions", what=_("the regions list"))
        if not isinstance(data, list) or not data:
            raise self._malformed()
        result = []
        try:
            for item in data:
                result.append(
                    SotkanetRegion(
                        id=int(item["id"]),
                        title=_titles(item.get("title")),
                        category=clean_text(str(item.get("category") or "")),
                        code=clean_text(str(item.get("code") or "")),
                    )
                )
        except (KeyError, TypeError, ValueError) as exc:
            raise self._malformed() from exc
        return result

    def indicator(self, sotkanet_id: int) -> IndicatorInfo:
        what = _("indicator %(id)d") % {"id": sotkanet_id}
        data = self._get(f"indicators/{int(sotkanet_id)}", what=what)
        if not data:
            raise UnknownIndicator(_("THL Sotkanet does not know %(what)s.") % {"what": what})
        try:
            if int(data["id"]) != int(sotkanet_id):
                raise ValueError
            span = data.get("range") or {}
            start, end = span.get("start"), span.get("end")
            organization = data.get("organization") or {}
            return IndicatorInfo(
                id=int(data["id"]),
                title=_titles(data.get("title")),
                start=int(start) if start is not None else None,
                end=int(end) if end is not None else None,
                organization={
                    "id": organization.get("id"),
                    "title": _titles(organization.get("title")),
                }
                if organization
                else {},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise self._malformed() from exc

    def data(self, sotkanet_id: int, years: Iterable[int]) -> DataAnswer:
        """The total (both genders) values of every region for `years`; a total row
        without a value is skipped and listed in `withheld`, rows of one gender are left
        out."""
        years = sorted(set(years))
        params: list[tuple[str, object]] = [("indicator", int(sotkanet_id))]
        params += [("years", y) for y in years]
        params.append(("genders", "total"))
        what = _("indicator %(id)d") % {"id": sotkanet_id}
        data = self._get("json", params, what=what)
        if not isinstance(data, list):
            raise self._malformed()
        points, withheld = [], []
        try:
            for item in data:
                region, year = int(item["region"]), int(item["year"])
                if int(item["indicator"]) != int(sotkanet_id):
                    raise ValueError
                if item.get("gender", "total") != "total":
                    continue
                # A value THL withholds (too few cases) comes as null or not at all,
                # possibly with only the absolute number: skipped and counted.
                if item.get("value") is None:
                    withheld.append((region, year))
                    continue
                value = Decimal(str(item["value"]))
                if not value.is_finite():
                    raise ValueError
                points.append(DataPoint(region, year, value))
        except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation) as exc:
            raise self._malformed() from exc
        return DataAnswer(points, withheld)
