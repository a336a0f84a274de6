"""Demo data (`manage.py seed_demo`): key indicators with yearly targets for both demo
projects, linked to the commitments, and measurements for the finished project.

Registered as DemoStep order=30, so it runs after the promise editor's step has created
the promises and commitments. Idempotent: existing rows are left as they are.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from phases.perspectives import Perspective
from phases.phase_numbers import FOLLOW_UP_PHASE, IMPLEMENTATION_PHASE, PREPARATION_PHASE
from promises.models import Commitment

from .models import Assessment, Indicator, Measurement, SotkanetValue, Target
from .sotkanet import SOURCE as SOTKANET_SOURCE
from .status import parse_period

D = Decimal

# The demo regions' values differ by these factors (the national view compares them).
REGION_FACTORS = {"esimerkki": D("1"), "jarviseutu": D("0.93"), "rannikko": D("1.06")}
# The whole country's yearly values of the demo's Sotkanet indicators (comparison series).
WHOLE_COUNTRY = {
    5081: {2022: D("55.2"), 2023: D("57.9"), 2024: D("58.4"), 2025: D("61.0")},
    4123: {2023: D("36.5"), 2024: D("39.1"), 2025: D("41.7")},
}

# name fi, name sv, name en, description fi, description sv, unit fi/sv/en, perspective,
# kind, direction, sotkanet id, data source, responsible,
# targets by year offset (0, 1, 2), measurements of the finished project
INDICATORS = [
    {
        "key": "access7",
        "name": (
            "Kiireettömään hoitoon pääsy 7 päivässä (%)",
            "Tillgång till icke-brådskande vård inom 7 dagar (%)",
            "Access to non-urgent care within 7 days (%)",
        ),
        "description": (
            "Osuus perusterveydenhuollon kiireettömistä avosairaanhoidon käynneistä, joissa hoitoon pääsi seitsemässä päivässä yhteydenotosta.",
            "Andelen icke-brådskande besök i primärvården där patienten fick vård inom sju dagar från kontakten.",
            "Share of non-urgent primary care visits that took place within seven days of contact.",
        ),
        "unit": ("%", "%", "%"),
        "perspective": Perspective.ACCESS,
        "kind": Indicator.Kind.OUTCOME,
        "direction": Indicator.Direction.HIGHER,
        "sotkanet_id": 5081,
        "data_source": "THL Sotkanet, Avohilmo",
        "responsible": "Terveysasemapalvelut / Hälsostationstjänster",
        "targets": [D("60"), D("65"), D("70")],
        # on track: 2026-Q2 71.2 ≥ 70
        "measurements": [
            ("2024", D("56.8")),
            ("2025", D("63.1")),
            ("2026-Q1", D("68.4")),
            ("2026-Q2", D("71.2")),
        ],
    },
    {
        "key": "digital",
        "name": (
            "Digitaalisten kanavien vastausaika (arkipäivää)",
            "Svarstid i de digitala kanalerna (arbetsdagar)",
            "Response time in digital channels (working days)",
        ),
        "description": (
            "Keskimääräinen aika asiakkaan viestistä ammattilaisen vastaukseen sähköisessä asioinnissa ja chatissa.",
            "Genomsnittlig tid från kundens meddelande till svar från en yrkesperson i e-tjänsten och chatten.",
            "Average time from the customer's message to a professional's reply in e-services and chat.",
        ),
        "unit": ("arkipäivää", "arbetsdagar", "working days"),
        "perspective": Perspective.ACCESSIBILITY,
        "kind": Indicator.Kind.PROGRESS,
        "direction": Indicator.Direction.LOWER,
        "sotkanet_id": None,
        "data_source": "Asiakaspalvelujärjestelmän raportti / Rapport från kundtjänstsystemet",
        "responsible": "Digipalvelut / Digitala tjänster",
        "targets": [D("3"), D("2.5"), D("2")],
        # at risk: 2026-Q2 2.08 is above 2 but within 5 % (2.1)
        "measurements": [
            ("2024", D("3.4")),
            ("2025", D("2.6")),
            ("2026-Q1", D("2.3")),
            ("2026-Q2", D("2.08")),
        ],
    },
    {
        "key": "nps",
        "name": (
            "Asiakastyytyväisyys (NPS)",
            "Kundnöjdhet (NPS)",
            "Customer satisfaction (NPS)",
        ),
        "description": (
            "Suositteluindeksi asiakaspalautekyselystä heti palvelun jälkeen (−100…100).",
            "Rekommendationsindex från kundenkäten direkt efter tjänsten (−100…100).",
            "Net promoter score from the customer survey right after the service (−100…100).",
        ),
        "unit": ("NPS", "NPS", "NPS"),
        "perspective": Perspective.QUALITY,
        "kind": Indicator.Kind.OUTCOME,
        "direction": Indicator.Direction.HIGHER,
        "sotkanet_id": None,
        "data_source": "Asiakaspalautekysely / Kundenkät",
        "responsible": "Laatu ja asiakaskokemus / Kvalitet och kundupplevelse",
        "targets": [D("30"), D("35"), D("40")],
        # off track: 2026-Q2 31 < 38 (40 − 5 %)
        "measurements": [
            ("2024", D("27")),
            ("2025", D("33")),
            ("2026-Q1", D("32")),
            ("2026-Q2", D("31")),
        ],
    },
    {
        "key": "homecare",
        "name": (
            "Kotihoidon asiakkaiden hoitajien määrä kuukaudessa",
            "Antal vårdare per hemvårdskund i månaden",
            "Number of carers per home care client a month",
        ),
        "description": (
            "Eri työntekijöiden määrä, jotka käyvät saman kotihoidon asiakkaan luona kuukauden aikana (mediaani). Kuvaa hoidon jatkuvuutta.",
            "Antalet olika anställda som besöker samma hemvårdskund under en månad (median). Beskriver vårdens kontinuitet.",
            "Number of different staff visiting the same home care client during a month (median): continuity of care.",
        ),
        "unit": ("hoitajaa", "vårdare", "carers"),
        "perspective": Perspective.INTEGRATION,
        "kind": Indicator.Kind.PROGRESS,
        "direction": Indicator.Direction.LOWER,
        "sotkanet_id": None,
        "data_source": "Kotihoidon toiminnanohjausjärjestelmä / Hemvårdens verksamhetsstyrningssystem",
        "responsible": "Kotihoito / Hemvården",
        "targets": [D("14"), D("12"), D("10")],
        # on track: 2026-05 9.6 ≤ 10
        "measurements": [
            ("2024", D("15.2")),
            ("2025", D("12.4")),
            ("2026-03", D("10.8")),
            ("2026-04", D("10.1")),
            ("2026-05", D("9.6")),
        ],
    },
    {
        "key": "guidance",
        "name": (
            "Palveluohjauksen kautta ohjatut asiakkaat (%)",
            "Andel kunder som styrts via servicehandledning (%)",
            "Clients guided through service counselling (%)",
        ),
        "description": (
            "Osuus uusista asiakkaista, joiden palvelut on sovitettu yhteen palveluohjauksessa.",
            "Andelen nya kunder vars tjänster har samordnats inom servicehandledningen.",
            "Share of new clients whose services were coordinated through service counselling.",
        ),
        "unit": ("%", "%", "%"),
        "perspective": Perspective.EFFECTIVENESS,
        "kind": Indicator.Kind.PROGRESS,
        "direction": Indicator.Direction.HIGHER,
        "sotkanet_id": 4123,
        "data_source": "Asiakastietojärjestelmä / Klientdatasystem",
        "responsible": "Palveluohjaus / Servicehandledning",
        "targets": [D("40"), D("45"), D("50")],
        # at risk: 2025 44 vs 45 (no 2026 value yet)
        "measurements": [
            ("2024", D("38")),
            ("2025", D("44")),
        ],
    },
]

KEYWORDS = [
    ("digitaal", "digital"),
    ("sähköi", "digital"),
    ("chat", "digital"),
    ("kotihoi", "homecare"),
    ("sama työntekijä", "homecare"),
    ("omahoitaja", "homecare"),
    ("palveluohja", "guidance"),
    ("palveluneuvon", "guidance"),
    ("tyytyv", "nps"),
    ("palaute", "nps"),
    ("kokemus", "nps"),
    ("hoitoon", "access7"),
    ("vastaanot", "access7"),
]

ASSESSMENT = (
    "Mittareiden mukaan sitoumus on edennyt, mutta tavoitetaso ei vielä täyty kaikilta osin. "
    "Seuraavana vuonna painopiste on toimintatapojen vakiinnuttamisessa.",
    "Enligt mätarna har åtagandet gått framåt, men målnivån nås ännu inte i alla delar. "
    "Nästa år ligger tyngdpunkten på att etablera arbetssätten.",
)


@transaction.atomic
def _fi_sv(field: str, text: str) -> dict[str, str]:
    """ "<Finnish> / <Swedish>" (or one text for both) as the field's language columns."""
    fi, _sep, sv = text.partition(" / ")
    return {f"{field}_fi": fi, f"{field}_sv": sv or fi}


def prepare(project, phase: int, users: dict) -> None:
    """Create the demo indicators once commitments exist; link every commitment that has no
    indicator yet; measurements for the finished project from phase 5 on."""
    commitments = list(Commitment.objects.filter(promise__project=project).order_by("pk"))
    if not commitments and phase < PREPARATION_PHASE:
        return
    indicators = {}
    for order, spec in enumerate(INDICATORS, start=1):
        name_fi, name_sv, name_en = spec["name"]
        indicator = Indicator.objects.filter(project=project, name_fi=name_fi).first()
        if indicator is None:
            indicator = Indicator.objects.create(
                project=project,
                name=name_fi,
                name_fi=name_fi,
                name_sv=name_sv,
                name_en=name_en,
                description_fi=spec["description"][0],
                description_sv=spec["description"][1],
                description_en=spec["description"][2],
                unit_fi=spec["unit"][0],
                unit_sv=spec["unit"][1],
                unit_en=spec["unit"][2],
                perspective=spec["perspective"],
                kind=spec["kind"],
                direction=spec["direction"],
                sotkanet_id=spec["sotkanet_id"],
                **_fi_sv("data_source", spec["data_source"]),
                **_fi_sv("responsible", spec["responsible"]),
                is_key=True,
                order=order,
            )
            for offset, value in enumerate(spec["targets"]):
                year = project.term_start + offset
                if year <= project.term_end:
                    Target.objects.get_or_create(
                        indicator=indicator, year=year, defaults={"value": value}
                    )
        indicators[spec["key"]] = indicator

    # every commitment without an indicator gets the one its words point to, else the one
    # of its perspective
    by_perspective = {i.perspective: i for i in indicators.values()}
    fallback = indicators["access7"]
    linked = set(
        Indicator.commitments.through.objects.filter(
            commitment__promise__project=project
        ).values_list("commitment_id", flat=True)
    )
    for commitment in commitments:
        if commitment.indicator_pending:
            continue  # its indicator is set later, as the commitment says
        if commitment.pk not in linked:
            title = (commitment.title_fi or "").lower()
            key = next((k for word, k in KEYWORDS if word in title), None)
            indicator = indicators[key] if key else None
            indicator = indicator or by_perspective.get(commitment.perspective, fallback)
            indicator.commitments.add(commitment)

    finished = project.term_end < 2027
    if finished and project.phase >= IMPLEMENTATION_PHASE:
        entered_by = users.get("working_group") or users.get("preparer")
        factor = REGION_FACTORS.get(project.region.slug, D("1"))
        fetched_at = timezone.now()
        for spec in INDICATORS:
            indicator = indicators[spec["key"]]
            for text, value in spec["measurements"]:
                period = parse_period(text)
                # A yearly value of a Sotkanet indicator is as fetched from THL Sotkanet.
                from_sotkanet = bool(indicator.sotkanet_id) and not (period.quarter or period.month)
                Measurement.objects.get_or_create(
                    indicator=indicator,
                    year=period.year,
                    quarter=period.quarter,
                    month=period.month,
                    defaults={
                        "value": (value * factor).quantize(D("0.01")),
                        "source": SOTKANET_SOURCE if from_sotkanet else spec["data_source"],
                        "entered_by": None if from_sotkanet else entered_by,
                        "fetched_at": fetched_at if from_sotkanet else None,
                    },
                )
        for sotkanet_id, values in WHOLE_COUNTRY.items():
            for year, value in values.items():
                SotkanetValue.objects.get_or_create(
                    sotkanet_id=sotkanet_id,
                    region_id=settings.SOTKANET_COUNTRY_REGION_ID,
                    year=year,
                    defaults={"value": value},
                )
        if project.phase >= FOLLOW_UP_PHASE:
            for commitment in commitments:
                Assessment.objects.get_or_create(
                    commitment=commitment,
                    year=2025,
                    defaults={"text_fi": ASSESSMENT[0], "text_sv": ASSESSMENT[1]},
                )
