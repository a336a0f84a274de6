"""Registrations of the decision package and public pages in the phases registry:
the "promises.decision" result (phase 4 cannot advance without an approved decision and
its stored PDF), the project link, the phase 4 dashboard panel and the demo step."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phases.models import CouncilDecision
from phases.phase_numbers import DECISION_PHASE
from phases.registry import (
    DashboardPanel,
    DemoStep,
    ProjectLink,
    ResultStatus,
    Step,
    registry,
)
from phases.roles import Role

from . import decision_selectors as selectors
from . import decision_services as services
from .selectors import latest_version


def package_url(project) -> str:
    return reverse(
        "promises_decision:package", kwargs={"region": project.region.slug, "project": project.pk}
    )


def decision_status(project) -> ResultStatus:
    decision = selectors.approved_decision(project)
    if decision is None and selectors.approval_recorded(project):
        # Recorded, but a PDF failed to render: the decision page renders it again.
        return ResultStatus(
            done=False,
            summary=_("Approved, but a PDF of the decision is missing."),
            url=package_url(project),
            steps=(
                Step(
                    message=_(
                        "The council's approval is recorded but its PDF could not be made: "
                        "render the PDFs again on the Decision page."
                    ),
                    url=package_url(project) + "#decisions-title",
                    order=400,
                    key="promises.decision",
                ),
            ),
        )
    if decision is None:
        return ResultStatus(
            done=False,
            summary=_("No approved decision yet."),
            url=package_url(project),
            steps=(
                Step(
                    message=_(
                        "The council's approval of the decision package, with its stored PDF, "
                        "is missing: the secretary records the decision on the Decision page."
                    ),
                    # The package page: the secretary's "record" button, or for everyone
                    # else the note of who records it.
                    url=package_url(project) + "#decisions-title",
                    order=400,
                    key="promises.decision",
                ),
            ),
        )
    return ResultStatus(
        done=True,
        summary=_("Approved: %(body)s %(date)s § %(section)s; PDF stored.")
        % {
            "body": decision.body,
            "date": date_format(decision.meeting_date, "SHORT_DATE_FORMAT"),
            "section": decision.section,
        },
        url=package_url(project),
    )


def panel_context(request, project) -> dict:
    package = selectors.package_for(project)
    promises = selectors.segment_promises(project)
    proposed = selectors.proposed_versions(project, package)
    texts = selectors.package_texts(package)
    languages = project.region.content_languages
    written = sum(
        1
        for name in selectors.DESCRIPTION_FIELDS
        if all(texts[name].get(lang) for lang in languages)
    )
    return {
        "project": project,
        "package_url": package_url(project),
        "promise_count": len(promises),
        "proposed_count": sum(1 for p in promises if p.pk in proposed),
        "written": written,
        "description_count": len(selectors.DESCRIPTION_FIELDS),
        "decision": selectors.approved_decision(project),
        "status": decision_status(project),
    }


registry.provide_result("promises.decision", decision_status)
registry.add_link(
    ProjectLink(
        key="decision",
        label=gettext_lazy("Decision"),
        url_name="promises_decision:package",
        order=50,
    )
)
registry.add_panel(
    DashboardPanel(
        key="promises.decision",
        template="promises/decision/_panel.html",
        context=panel_context,
        phases=frozenset({DECISION_PHASE}),
        order=40,
    )
)


# -- demo -------------------------------------------------------------------------------

DEMO_TEXTS = {
    "implementation": {
        "fi": (
            "Palvelulupaus otetaan käyttöön vaiheittain vuosina 2024–2026. Jokaiselle "
            "sitoumukselle nimetään vastuuyksikkö ja -henkilö, ja sitoumukset kirjataan "
            "palvelualueiden vuosittaisiin tuloskortteihin. Ostopalvelu- ja "
            "palvelusetelisopimuksiin lisätään lupauksen laatuvaatimukset."
        ),
        "sv": (
            "Servicelöftet införs stegvis åren 2024–2026. Varje åtagande får en ansvarig "
            "enhet och person, och åtagandena skrivs in i serviceområdenas årliga "
            "resultatkort. Löftets kvalitetskrav tas in i avtalen om köpta tjänster och "
            "servicesedlar."
        ),
    },
    "follow_up": {
        "fi": (
            "Lupauksen toteutumista seurataan 3–5 avainmittarilla, joille asetetaan "
            "vuosittainen tavoitetaso. Mittaritiedot päivitetään neljännesvuosittain, ja "
            "johtoryhmä käy tilanteen läpi osana toiminnan ja talouden seurantaa."
        ),
        "sv": (
            "Hur löftet uppfylls följs upp med 3–5 nyckelmätare som får en årlig målnivå. "
            "Mätarna uppdateras kvartalsvis och ledningsgruppen går igenom läget som en del "
            "av uppföljningen av verksamhet och ekonomi."
        ),
    },
    "reporting": {
        "fi": (
            "Lupauksesta raportoidaan aluehallitukselle osavuosikatsausten yhteydessä ja "
            "aluevaltuustolle tilinpäätöksessä. Raportointi on osa hyvinvointialueen "
            "johtamisjärjestelmää, ja tulokset julkaistaan myös verkossa."
        ),
        "sv": (
            "Om löftet rapporteras till områdesstyrelsen i samband med delårsrapporterna och "
            "till fullmäktige i bokslutet. Rapporteringen är en del av välfärdsområdets "
            "ledningssystem och resultaten publiceras också på webben."
        ),
    },
    "evaluation": {
        "fi": (
            "Lupauksen vaikutuksia arvioidaan kerran vuodessa yhdessä asukkaiden, "
            "vaikuttamistoimielinten ja henkilöstön kanssa. Arvioinnin pohjalta lupausta "
            "tarkennetaan seuraavan vuoden talousarvion valmistelussa."
        ),
        "sv": (
            "Löftets effekter utvärderas en gång om året tillsammans med invånarna, "
            "påverkansorganen och personalen. Utifrån utvärderingen preciseras löftet i "
            "beredningen av nästa års budget."
        ),
    },
    "communication": {
        "fi": (
            "Lupaus tehdään näkyväksi selkeällä lupauspyörällä, joka on esillä "
            "verkkosivuilla, toimipisteissä ja sosiaalisessa mediassa. Johto esittelee "
            "lupausta kiertueella eri puolilla aluetta, ja henkilöstölle siitä viestitään "
            "intranetissä ja videoilla."
        ),
        "sv": (
            "Löftet synliggörs med ett tydligt löfteshjul på webbsidorna, vid "
            "verksamhetsställena och i sociala medier. Ledningen presenterar löftet på en "
            "turné runt om i området och personalen informeras på intranätet och med videor."
        ),
    },
    "budget_effect": {
        "fi": (
            "Lupauksen tavoitteet johdetaan talousarvion sitoviin toiminnallisiin "
            "tavoitteisiin samalla tavalla kuin strategian tavoitteet. Vuosittainen "
            "tavoitetaso asetetaan talousarviossa, ja lupauksen toteuttamiseen tarvittavat "
            "resurssit otetaan huomioon talous- ja toimintasuunnitelmassa."
        ),
        "sv": (
            "Löftets mål härleds till budgetens bindande verksamhetsmål på samma sätt som "
            "strategins mål. Den årliga målnivån fastställs i budgeten och de resurser som "
            "behövs för att uppfylla löftet beaktas i ekonomi- och verksamhetsplanen."
        ),
    },
}
DEMO_CHANNELS = ["web", "social_media", "intranet", "videos", "visits"]
DEMO_DECISION_TEXT = {
    "fi": "Aluevaltuusto hyväksyi palvelulupauksen 2024–2026 sekä kuvauksen sen "
    "toimeenpanosta, seurannasta, raportoinnista, arvioinnista ja kansalaisviestinnästä "
    "esityksen mukaisesti.",
    "sv": "Välfärdsområdesfullmäktige godkände servicelöftet 2024–2026 och beskrivningen av "
    "hur det genomförs, följs upp, rapporteras, utvärderas och kommuniceras till invånarna "
    "enligt förslaget.",
}


def _council_names(region) -> dict[str, str]:
    names = {}
    for lang in region.content_languages:
        with translation.override(lang):
            names[lang] = str(region.terms.council)
    return names


def demo_prepare(project, phase: int, users: dict) -> None:
    """Phase 4 of the finished demo project: write the package and record the approval."""
    if phase != DECISION_PHASE or selectors.approved_decision(project):
        return
    preparer = users[Role.PREPARER]
    package = selectors.package_for(project)
    versions = {}
    for promise in selectors.segment_promises(project):
        version = selectors.proposed_versions(project, package).get(promise.pk) or latest_version(
            promise
        )
        if version is not None:
            versions[promise.pk] = version
    if not versions:
        return  # no promise content in this demo: nothing to decide on
    services.package_update(
        project=project,
        by=preparer,
        lock_version=package.lock_version,
        versions=versions,
        texts=DEMO_TEXTS,
        channels=DEMO_CHANNELS,
    )
    services.decision_record(
        project=project,
        by=users[Role.SECRETARY],
        body=_council_names(project.region),
        meeting_date=datetime.date(2024, 3, 18),
        section="45",
        case_number="ESIM/1234/00.01.02/2023",
        outcome=CouncilDecision.Outcome.APPROVED,
        text=DEMO_DECISION_TEXT,
        languages=project.region.content_languages,
    )


registry.add_demo_step(DemoStep(key="promises.decision", prepare=demo_prepare, order=40))
