"""Demo content of the promise editor (registered as a DemoStep, order 10).

For the demo region: the region's strategy goals; for each demo project, two promises
("Kaikki asukkaat / Alla invånare", "Ikääntyneet / Äldre") with vision, goals, statements
and commitments in Finnish and Swedish; the versions phase 3 needs (a first draft for
comments before the comment round opens); and the finalisation answers. The finished
project gets everything phase 3 requires; the current project (the next cycle) starts from
a copy of the finished one and is still being worked on. For the finished project's
phase 4, the decision package's texts and the recorded approval (`prepare_decision`, the
demo step of promises.decision.registrations). Idempotent.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import translation

from phases.models import CouncilDecision
from phases.perspectives import Perspective, Side
from phases.phase_numbers import DECISION_PHASE, PREPARATION_PHASE
from phases.region_terms import texts_in_region_words
from phases.roles import Role

from . import services
from .decision import selectors as decision_selectors
from .decision import services as decision_services
from .models import FinalisationAnswer, PromiseVersion, StrategyGoal
from .selectors import latest_version

A, AC, Q, E, INT = (
    Perspective.ACCESS,
    Perspective.ACCESSIBILITY,
    Perspective.QUALITY,
    Perspective.EFFECTIVENESS,
    Perspective.INTEGRATION,
)
RES, ORG = Side.RESIDENT, Side.ORGANISER

STRATEGY_GOALS = [
    # kind, code, fi, sv, en
    ("regional", "AS 1", "Asukas saa avun oikeaan aikaan", "Invånaren får hjälp i rätt tid",
     "Residents get help at the right time"),
    ("regional", "AS 2", "Hyvinvoinnin ja terveyden edistäminen", "Främjande av välfärd och hälsa",
     "Promoting wellbeing and health"),
    ("regional", "AS 3", "Asukkaat osallistuvat ja vaikuttavat", "Invånarna deltar och påverkar",
     "Residents take part and have a say"),
    ("service", "PS 1", "Digitaaliset palvelut ensisijaisena kanavana",
     "Digitala tjänster som första kanal", "Digital services as the first channel"),
    ("service", "PS 2", "Lähipalvelut on määritelty ja ne ovat saavutettavissa",
     "Närservicen är definierad och nåbar", "Local services defined and within reach"),
    ("service", "PS 3", "Sujuvat palveluketjut yhdessä kuntien kanssa",
     "Smidiga servicekedjor tillsammans med kommunerna",
     "Smooth service chains together with the municipalities"),
    ("national", "VT 1", "Hoitoon pääsyn nopeuttaminen", "Snabbare tillgång till vård",
     "Faster access to care"),
    ("national", "VT 2", "Kotona asumisen tukeminen", "Stöd för att bo hemma",
     "Supporting living at home"),
]  # fmt: skip

ALL_RESIDENTS = {
    "title": {"fi": "Kaikki asukkaat", "sv": "Alla invånare", "en": "All residents"},
    "vision": {
        "fi": "Hyvinvointia yhdessä: jokainen asukas saa oikeaa apua oikeaan aikaan – "
        "läheltä, verkosta ja tarvittaessa kotiin.",
        "sv": "Välfärd tillsammans: varje invånare får rätt hjälp i rätt tid – nära, "
        "på nätet och vid behov hem.",
        "en": "Wellbeing together: every resident gets the right help at the right time – "
        "nearby, online and at home when needed.",
    },
    "cells": {
        (A, RES): (
            ("Löydän tarvitsemani palvelun helposti, ja tarpeeni tunnistetaan.",
             "Jag hittar lätt den tjänst jag behöver, och mitt behov blir känt."),
            [("Saan selkeää tietoa alueen palveluista ja lähipalveluista.",
              "Jag får tydlig information om områdets tjänster och närservice."),
             ("Minulle tärkeät asiat otetaan huomioon jo ensimmäisellä kerralla.",
              "Det som är viktigt för mig beaktas redan första gången."),
             ("Voin asioida omien voimavarojeni mukaan.",
              "Jag kan uträtta ärenden utgående från mina egna resurser.")],
        ),
        (A, ORG): (
            ("Palveluihin on matala kynnys, ja lähipalvelut on määritelty.",
             "Tröskeln till tjänsterna är låg, och närservicen är definierad."),
            [("Avun tarve arvioidaan ensin sähköisesti tai puhelimessa.",
              "Hjälpbehovet bedöms först digitalt eller per telefon."),
             ("Resursseja suunnataan ennaltaehkäiseviin palveluihin.",
              "Resurser riktas till förebyggande tjänster."),
             ("Lähipalvelujen verkosto on kuvattu ja julkaistu.",
              "Nätverket av närservice är beskrivet och publicerat.")],
        ),
        (AC, RES): (
            ("Voin valita, miten asioin, enkä joudu jonottamaan turhaan.",
             "Jag kan välja hur jag sköter mina ärenden och behöver inte köa i onödan."),
            [("Minulle tarjotaan useampi tapa saada palvelu.",
              "Jag erbjuds flera sätt att få tjänsten."),
             ("Sähköisten palvelujen ohjeet ovat selkeitä.",
              "Anvisningarna för de digitala tjänsterna är tydliga."),
             ("Pääsen palveluun ilman tarpeetonta odotusta.",
              "Jag kommer till tjänsten utan onödig väntan.")],
        ),
        (AC, ORG): (
            ("Usein tarvittavat palvelut tuodaan lähelle; harvinaiset kootaan osaaviin yksiköihin.",
             "Tjänster som ofta behövs förs nära; sällsynta samlas i kunniga enheter."),
            [("Palveluja tarjotaan kotiin, liikkuvina ja sähköisinä.",
              "Tjänster erbjuds i hemmet, som mobila och som digitala tjänster."),
             ("Erityisosaamista vaativat palvelut kootaan suurempiin kokonaisuuksiin.",
              "Tjänster som kräver specialkunnande samlas i större helheter.")],
        ),
        (Q, RES): (
            ("Voin luottaa siihen, että palvelu on hyvää ja turvallista.",
             "Jag kan lita på att tjänsten är god och trygg."),
            [("Minulle annetuista lupauksista pidetään kiinni.",
              "De löften jag fått hålls."),
             ("Saan ymmärrettävän selvityksen siitä, mitä minulle tehdään ja miksi.",
              "Jag får en begriplig förklaring till vad som görs och varför.")],
        ),
        (Q, ORG): (
            ("Palvelut ovat oikea-aikaisia ja luotettavia, ja niitä kehitetään asiakkaan kanssa.",
             "Tjänsterna är tidiga och pålitliga och utvecklas tillsammans med kunden."),
            [("Palvelutarve arvioidaan ja suunnitellaan yhdessä asiakkaan kanssa.",
              "Servicebehovet bedöms och planeras tillsammans med kunden."),
             ("Henkilöstön osaamisesta huolehditaan suunnitelmallisesti.",
              "Personalens kompetens utvecklas planmässigt."),
             ("Asiakaskokemusta mitataan säännöllisesti.",
              "Kundupplevelsen mäts regelbundet.")],
        ),
        (E, RES): (
            ("Toimintakykyni ja terveyteni paranevat, ja minusta välitetään kokonaisuutena.",
             "Min funktionsförmåga och hälsa förbättras, och man bryr sig om mig som helhet."),
            [("Saan samantasoista palvelua kanavasta riippumatta.",
              "Jag får tjänster av samma kvalitet oberoende av kanal."),
             ("Pärjään arjessa itsenäisesti saamani tiedon ja tuen avulla.",
              "Jag klarar vardagen självständigt med den information och det stöd jag får.")],
        ),
        (E, ORG): (
            ("Oikea-aikaiset palvelut ehkäisevät ja vähentävät raskaampien palvelujen tarvetta.",
             "Tjänster i rätt tid förebygger och minskar behovet av tyngre tjänster."),
            [("Tieto ohjaa palvelujen kehittämistä.",
              "Information styr utvecklingen av tjänsterna."),
             ("Asukkaat asuvat kotona toimintakykyisinä mahdollisimman pitkään.",
              "Invånarna bor hemma med god funktionsförmåga så länge som möjligt.")],
        ),
        (INT, RES): (
            ("Minua ei juoksuteta: tiedän, kuka huolehtii kokonaisuudesta.",
             "Jag skickas inte runt: jag vet vem som håller i helheten."),
            [("Tiedän, mistä saan apua tarpeisiini.",
              "Jag vet var jag får hjälp med mina behov."),
             ("Kun tarvitsen monia palveluja, niitä koordinoi yksi vastuuhenkilö.",
              "När jag behöver många tjänster samordnas de av en ansvarsperson.")],
        ),
        (INT, ORG): (
            ("Palvelut toteutetaan yhteensovitettuina kokonaisuuksina, ja palveluketjut toimivat.",
             "Tjänsterna genomförs som samordnade helheter, och servicekedjorna fungerar."),
            [("Yhdyspinnat kuntien kanssa on sovittu ja ne toimivat.",
              "Gränsytorna mot kommunerna är överenskomna och fungerar."),
             ("Paljon palveluja tarvitsevien palvelut koordinoidaan.",
              "Tjänsterna för dem som behöver mycket stöd samordnas."),
             ("Palveluketjujen aukot tunnistetaan ja korjataan.",
              "Luckor i servicekedjorna identifieras och åtgärdas.")],
        ),
    },
    "commitments": {
        A: [
            ("Digitaaliset kanavat vastaavat kahden arkipäivän kuluessa",
             "De digitala kanalerna svarar inom två vardagar", "Digitaaliset palvelut",
             ["PS 1", "VT 1", "AS 1.1"]),
            ("Palveluneuvonta on auki arkisin klo 8–18",
             "Servicerådgivningen är öppen vardagar kl. 8–18", "Asiakasohjaus", ["AS 1"]),
        ],
        AC: [
            ("Jokaisessa kunnassa on sote-lähipalvelupiste",
             "Varje kommun har en social- och hälsovårdspunkt för närservice",
             "Lähipalvelut", ["PS 2"]),
            ("Liikkuva palveluyksikkö käy haja-asutusalueilla viikoittain",
             "En mobil serviceenhet besöker glesbygden varje vecka", "Lähipalvelut",
             ["PS 2", "AS 1"]),
        ],
        Q: [
            ("Asiakaspalautetta kerätään jokaisesta palvelusta",
             "Kundrespons samlas in från varje tjänst", "Laatu ja asiakkuus", ["AS 3"]),
            ("Hoitosuunnitelma tehdään yhdessä asiakkaan kanssa kuukauden kuluessa",
             "Vårdplanen görs upp tillsammans med kunden inom en månad",
             "Sosiaali- ja terveyspalvelut", ["AS 1"]),
        ],
        E: [
            ("Terveystarkastus tarjotaan kaikille 75 vuotta täyttäville",
             "En hälsogranskning erbjuds alla som fyller 75 år", "Ennaltaehkäisy",
             ["AS 2", "VT 2"]),
            ("Elintapaohjausta on saatavilla ilman lähetettä",
             "Levnadsvanehandledning fås utan remiss", "Ennaltaehkäisy", ["AS 2"]),
        ],
        INT: [
            ("Paljon palveluja tarvitsevalle nimetään vastuutyöntekijä",
             "Den som behöver mycket stöd får en ansvarig arbetstagare",
             "Palveluohjaus", ["PS 3"]),
            ("Kotiutuminen sairaalasta sovitaan ennen kotiinlähtöä",
             "Utskrivningen från sjukhuset planeras före hemfärden", "Palveluohjaus",
             ["PS 3", "VT 2"]),
        ],
    },
}  # fmt: skip

OLDER_PEOPLE = {
    "title": {"fi": "Ikääntyneet", "sv": "Äldre", "en": "Older people"},
    "vision": {
        "fi": "Ikääntynyt asuu turvallisesti kotona ja saa tukea silloin kun tarvitsee.",
        "sv": "Den äldre bor tryggt hemma och får stöd när det behövs.",
        "en": "Older people live safely at home and get support when they need it.",
    },
    "cells": {
        (A, RES): (("Tiedän, mistä kysyä apua itselleni tai läheiselleni.",
                    "Jag vet var jag kan fråga om hjälp för mig själv eller en anhörig."),
                   [("Saan neuvontaa puhelimessa ja kasvokkain.",
                     "Jag får rådgivning per telefon och ansikte mot ansikte."),
                    ("Palvelutarpeeni arvioidaan viipymättä.",
                     "Mitt servicebehov bedöms utan dröjsmål.")]),
        (A, ORG): (("Seniorineuvonta on yksi helppo reitti palveluihin.",
                    "Seniorrådgivningen är en enkel väg till tjänsterna."),
                   [("Palvelutarpeen arviointi aloitetaan seitsemän arkipäivän kuluessa.",
                     "Bedömningen av servicebehovet inleds inom sju vardagar."),
                    ("Omaishoitajat tunnistetaan ja heitä tuetaan.",
                     "Närståendevårdare identifieras och stöds.")]),
        (AC, RES): (("Palvelu tulee tarvittaessa kotiin.", "Tjänsten kommer hem vid behov."),
                    [("Voin käyttää etäpalveluja, mutta en ole niiden varassa.",
                      "Jag kan använda distanstjänster men är inte beroende av dem."),
                     ("Kuljetus palveluihin järjestyy.", "Transporten till tjänsterna ordnas.")]),
        (AC, ORG): (("Kotiin annettavat ja liikkuvat palvelut ovat ensisijaisia.",
                     "Tjänster i hemmet och mobila tjänster kommer i första hand."),
                    [("Kotihoito toimii ympäri vuorokauden.",
                      "Hemvården fungerar dygnet runt."),
                     ("Etähoivaa tarjotaan jokaiselle kotihoidon asiakkaalle.",
                      "Distansomsorg erbjuds varje hemvårdskund.")]),
        (Q, RES): (("Minua hoitavat tutut ihmiset, jotka tuntevat tarpeeni.",
                    "Jag vårdas av bekanta personer som känner mina behov."),
                   [("Kotihoidon työntekijät vaihtuvat mahdollisimman vähän.",
                     "Hemvårdens personal byts så lite som möjligt."),
                    ("Voin antaa palautetta helposti.", "Jag kan lätt ge respons.")]),
        (Q, ORG): (("Kotihoidon jatkuvuus ja turvallisuus ovat laadun mittari.",
                    "Hemvårdens kontinuitet och säkerhet mäter kvaliteten."),
                   [("Lääkehoidon turvallisuus tarkistetaan säännöllisesti.",
                     "Läkemedelssäkerheten kontrolleras regelbundet."),
                    ("Henkilöstö koulutetaan muistisairauksien hoitoon.",
                     "Personalen utbildas i vård av minnessjukdomar.")]),
        (E, RES): (("Pysyn toimintakykyisenä ja voin elää omannäköistä elämää.",
                    "Jag behåller min funktionsförmåga och kan leva det liv jag vill."),
                   [("Saan kuntoutusta kotiin.", "Jag får rehabilitering hemma."),
                    ("Pääsen mukaan liikuntaan ja yhteisön toimintaan.",
                     "Jag kan delta i motion och gemenskapens verksamhet.")]),
        (E, ORG): (("Ennaltaehkäisy ja kuntoutus vähentävät ympärivuorokautisen hoidon tarvetta.",
                    "Förebyggande och rehabilitering minskar behovet av vård dygnet runt."),
                   [("Kaatumisia ehkäistään kotikäynneillä.",
                     "Fallolyckor förebyggs genom hembesök."),
                    ("Kotona asuvien 75 vuotta täyttäneiden osuutta seurataan.",
                     "Andelen hemmaboende 75-åringar och äldre följs upp.")]),
        (INT, RES): (("Palvelut sopivat yhteen, ja minulla on yksi yhteyshenkilö.",
                    "Tjänsterna passar ihop, och jag har en kontaktperson."),
                   [("Sairaalasta kotiutuminen on suunniteltu kanssani.",
                     "Hemkomsten från sjukhuset har planerats med mig."),
                    ("Läheiseni tietävät, keneen ottaa yhteyttä.",
                     "Mina anhöriga vet vem de ska kontakta.")]),
        (INT, ORG): (("Kotihoito, sairaala ja kunnan palvelut toimivat yhtenä ketjuna.",
                    "Hemvården, sjukhuset och kommunens tjänster fungerar som en kedja."),
                   [("Kotiutustiimi toimii kaikissa sairaaloissa.",
                     "Ett utskrivningsteam finns på alla sjukhus."),
                    ("Järjestöjen toiminta on osa palveluketjua.",
                     "Organisationernas verksamhet är en del av servicekedjan.")]),
    },
    "commitments": {
        A: [("Palvelutarpeen arviointi alkaa seitsemän arkipäivän kuluessa",
             "Bedömningen av servicebehovet inleds inom sju vardagar", "Ikääntyneiden palvelut",
             ["AS 1", "VT 1"]),
            ("Seniorineuvonnan puhelin vastaa arkisin",
             "Seniorrådgivningens telefon svarar vardagar", "Asiakasohjaus", ["AS 1"])],
        AC: [("Kotihoito on saatavilla ympäri vuorokauden koko alueella",
              "Hemvården finns dygnet runt i hela området", "Kotihoito", ["PS 2", "VT 2"]),
             ("Etähoivaa tarjotaan jokaiselle kotihoidon asiakkaalle",
              "Distansomsorg erbjuds varje hemvårdskund", "Kotihoito", ["PS 1"])],
        Q: [("Sama työntekijä käy asiakkaan luona vähintään puolet käynneistä",
             "Samma arbetstagare gör minst hälften av besöken hos kunden", "Kotihoito",
             ["AS 1"]),
            ("Lääkityksen tarkistus tehdään vuosittain",
             "Läkemedelsgenomgång görs årligen", "Kotihoito", ["VT 2"])],
        E: [("Kotikuntoutus alkaa kahden viikon kuluessa sairaalasta kotiutumisesta",
             "Hemrehabilitering inleds inom två veckor efter utskrivning", "Kuntoutus",
             ["AS 2", "VT 2"]),
            ("Kaatumisten ehkäisyn kotikäynti tarjotaan kaikille riskiryhmään kuuluville",
             "Hembesök för att förebygga fall erbjuds alla i riskgruppen", "Kuntoutus",
             ["AS 2"])],
        INT: [("Jokaisella kotihoidon asiakkaalla on nimetty yhteyshenkilö",
             "Varje hemvårdskund har en utsedd kontaktperson", "Kotihoito", ["PS 3"]),
            ("Kotiutustiimi sopii jatkohoidon ennen kotiinlähtöä",
             "Utskrivningsteamet avtalar om fortsatt vård före hemfärden", "Palveluohjaus",
             ["PS 3", "VT 2"])],
    },
}  # fmt: skip

PROMISES = [ALL_RESIDENTS, OLDER_PEOPLE]

FINALISATION_NOTES = {
    "realistic": "Resursointi tarkistettu talousarvion kanssa.",
    "steers_organising": "Sitoumukset on kytketty aluestrategian tavoitteisiin.",
    "steers_producers": "Kirjataan ostopalvelusopimusten laatuliitteeseen.",
    "understandable": "Testattu asukasraadissa; kieltä selkeytetty.",
    "measurable": "Jokaisella sitoumuksella on mittari.",
}


# The regional strategy as a tree with all four levels: two themes over the goals, a focus
# area between a theme and its goal, means under goals. A goal and a means serve no
# commitment (the council decides them too); one means is as long as real ones (400+).
# code, level, parent code, fi, sv, en
STRATEGY_TREE = [
    ("AS", StrategyGoal.Level.THEME, None, "Hyvinvoiva asukas", "Invånare som mår bra",
     "Residents who are well"),
    ("KT", StrategyGoal.Level.THEME, None, "Kestävä talous", "Hållbar ekonomi",
     "Sustainable finances"),
    ("KT 1", StrategyGoal.Level.GOAL, "KT", "Menot kasvavat enintään rahoituksen verran",
     "Utgifterna växer högst i takt med finansieringen",
     "Costs grow no faster than financing"),
    ("AS 1.1", StrategyGoal.Level.MEANS, "AS 1", "Digitaalinen ajanvaraus kaikkiin palveluihin",
     "Digital tidsbokning till alla tjänster", "Digital booking for every service"),
    ("KT A", StrategyGoal.Level.FOCUS_AREA, "KT", "Palveluverkko mitoitetaan tarpeen mukaan",
     "Servicenätet dimensioneras efter behovet", "A service network sized to need"),
    ("KT 2", StrategyGoal.Level.GOAL, "KT A", "Palvelutuotannon tuottavuus paranee",
     "Produktiviteten i serviceproduktionen förbättras",
     "Productivity of service production improves"),
    ("KT 2.1", StrategyGoal.Level.MEANS, "KT 2",
     "Palveluverkon muutokset valmistellaan vaiheittain ja avoimesti: jokaisesta muutoksesta "
     "tehdään ennakkoarviointi sen vaikutuksista asukkaiden palvelujen saatavuuteen, "
     "matka-aikoihin ja kustannuksiin, arviointi käsitellään vaikuttamistoimielimissä ja "
     "kuntien kanssa ennen päätöstä, ja korvaavat palvelut – liikkuvat, sähköiset ja kotiin "
     "vietävät – ovat käytössä ennen kuin yksikään toimipiste suljetaan tai sen aukioloaikoja "
     "supistetaan.",
     "Förändringar i servicenätet bereds stegvis och öppet: för varje förändring görs en "
     "förhandsbedömning av dess konsekvenser för invånarnas tillgång till tjänster, restider "
     "och kostnader, bedömningen behandlas i påverkansorganen och med kommunerna före "
     "beslutet, och ersättande tjänster – mobila, digitala och sådana som förs hem – finns på "
     "plats innan något verksamhetsställe stängs eller dess öppettider minskas.",
     "Changes to the service network are prepared step by step and openly: each change is "
     "assessed beforehand for its effects on residents' access to services, travel times and "
     "costs, the assessment is discussed with the advisory bodies and the municipalities "
     "before the decision, and replacement services – mobile, digital and brought home – are "
     "in place before any office is closed or its opening hours are cut."),
]  # fmt: skip
TREE_PARENTS = {"AS 1": "AS", "AS 2": "AS", "AS 3": "AS"}
# The context paragraphs of the tree's nodes (fi, sv, en).
STRATEGY_DESCRIPTIONS = {
    "AS": (
        "Asukkaiden hyvinvointi on strategian lähtökohta: palvelut rakennetaan asukkaan "
        "arjen ja elämäntilanteen ympärille, ei organisaation rajojen mukaan.",
        "Invånarnas välfärd är strategins utgångspunkt: tjänsterna byggs kring invånarens "
        "vardag och livssituation, inte kring organisationens gränser.",
        "Residents' wellbeing is where the strategy starts: services are built around "
        "residents' daily lives, not the organisation's boundaries.",
    ),
    "KT A": (
        "Toimipisteiden määrä ja sijainti sovitetaan väestön tarpeisiin ja rahoitukseen; "
        "lähipalvelut turvataan myös liikkuvina ja sähköisinä.",
        "Verksamhetsställenas antal och placering anpassas till befolkningens behov och "
        "finansieringen; närservicen tryggas också som mobila och digitala tjänster.",
        "The number and location of offices fit the population's needs and the financing; "
        "local services are also secured as mobile and digital services.",
    ),
}


def _description(code: str) -> dict[str, str]:
    texts = STRATEGY_DESCRIPTIONS.get(code)
    return dict(zip(("fi", "sv", "en"), texts, strict=True)) if texts else {}


def ensure_strategy_goals(region) -> dict[str, StrategyGoal]:
    goals = {g.code: g for g in StrategyGoal.objects.filter(region=region)}
    for order, (kind, code, fi, sv, en) in enumerate(STRATEGY_GOALS, start=1):
        if code not in goals:
            goals[code] = services.strategy_goal_save(
                region=region,
                kind=kind,
                code=code,
                order=order,
                title={"fi": fi, "sv": sv, "en": en},
                description=_description(code),
            )
    for order, (code, level, parent, fi, sv, en) in enumerate(STRATEGY_TREE, start=1):
        if code not in goals:
            goals[code] = services.strategy_goal_save(
                region=region,
                kind=StrategyGoal.Kind.REGIONAL_STRATEGY,
                code=code,
                order=order if level == StrategyGoal.Level.THEME else 10 + order,
                level=level,
                parent=goals.get(parent) if parent else None,
                title={"fi": fi, "sv": sv, "en": en},
                description=_description(code),
            )
    for code, parent in TREE_PARENTS.items():
        goal = goals.get(code)
        if goal is not None and goal.parent_id is None and goal.kind == goals[parent].kind:
            goal.parent = goals[parent]
            goal.save(update_fields=["parent"])
    return goals


def _add_real_world_items(promise, goals: dict[str, StrategyGoal], by) -> None:
    """What real promises hold beyond the grid: a cross-cutting commitment, one whose
    indicator is still to be set, and a statutory service standard."""
    services.commitment_create(
        promise=promise,
        perspective="",
        title={
            "fi": "Kustannukset kasvavat enintään rahoituksen verran",
            "sv": "Kostnaderna växer högst i takt med finansieringen",
        },
        description={},
        responsible=_unit("Talous"),
        strategy_goals=[goals["KT 1"]],
        by=by,
    )
    year = promise.project.term_start
    services.commitment_create(
        promise=promise,
        perspective=Perspective.QUALITY,
        other_perspectives=[Perspective.INTEGRATION],
        side="both",
        title={
            "fi": "Asukkaiden ehdotuksiin vastataan kuukauden kuluessa",
            "sv": "Invånarnas förslag besvaras inom en månad",
        },
        description={},
        responsible=_unit("Laatu ja asiakkuus"),
        strategy_goals=[goals["AS 3"]],
        by=by,
        pending_document={"fi": f"toimintasuunnitelma {year}", "sv": f"verksamhetsplanen {year}"},
        # "Set in the operating plan": no date yet, and none is made up.
        pending_by=None,
        pending_reason={
            "fi": "Ehdotusten käsittely siirtyy uuteen järjestelmään; mittari sovitaan sen mukaan.",
            "sv": "Förslagen börjar hanteras i ett nytt system; mätaren avtalas utifrån det.",
        },
    )
    services.commitment_create(
        promise=promise,
        perspective=Perspective.ACCESS,
        kind="statutory",
        title={
            "fi": "Kiireettömään hoitoon pääsee lakisääteisessä ajassa",
            "sv": "Icke-brådskande vård ges inom lagstadgad tid",
        },
        description={},
        responsible=_unit("Sosiaali- ja terveyspalvelut"),
        strategy_goals=[goals["VT 1"]],
        legal_reference={
            "fi": "Terveydenhuoltolaki 51 § (kiireetön hoito)",
            "sv": "Hälso- och sjukvårdslagen 51 § (icke-brådskande vård)",
        },
        by=by,
    )
    services.commitment_create(
        promise=promise,
        perspective=Perspective.ACCESS,
        kind="statutory",
        title={
            "fi": "Palvelutarpeen arviointi aloitetaan viimeistään seitsemäntenä arkipäivänä",
            "sv": "Bedömningen av servicebehovet inleds senast den sjunde vardagen",
        },
        description={},
        responsible=_unit("Sosiaali- ja terveyspalvelut"),
        strategy_goals=[],
        legal_reference={
            "fi": "Sosiaalihuoltolaki 36 § (palvelutarpeen arviointi)",
            "sv": "Socialvårdslagen 36 § (bedömning av servicebehovet)",
        },
        by=by,
    )


def _create_promise(project, data: dict, goals: dict[str, StrategyGoal], by):
    promise = services.promise_create(
        project=project, title=data["title"], vision=data["vision"], by=by
    )
    for cell in promise.cells.all():
        content = data["cells"].get((cell.perspective, cell.side))
        if content is None:
            continue
        (goal_fi, goal_sv), statements = content
        cell = services.cell_update(
            cell=cell, lock_version=cell.lock_version, goal={"fi": goal_fi, "sv": goal_sv}, by=by
        )
        for fi, sv in statements:
            services.statement_add(cell=cell, text={"fi": fi, "sv": sv}, by=by)
    for perspective, commitments in data["commitments"].items():
        for title_fi, title_sv, responsible, codes in commitments:
            services.commitment_create(
                promise=promise,
                perspective=perspective,
                title={"fi": title_fi, "sv": title_sv},
                description={},
                responsible=_unit(responsible),
                strategy_goals=[goals[c] for c in codes],
                by=by,
            )
    return promise


def _answer_all(promise, by, *, count: int | None = None) -> None:
    unanswered = promise.finalisation.filter(answer="").order_by("pk")
    keys = [a.question for a in unanswered]
    if count is not None:
        answered = promise.finalisation.exclude(answer="").count()
        keys = keys[: max(0, count - answered)]
    if keys:
        services.finalisation_answer(
            promise=promise,
            answers={
                k: (FinalisationAnswer.Answer.YES, FINALISATION_NOTES.get(k, "")) for k in keys
            },
            by=by,
        )


# The responsible units of the demo's commitments, in Swedish.
UNITS_SV = {
    "Asiakasohjaus": "Kundhandledning",
    "Digitaaliset palvelut": "Digitala tjänster",
    "Ennaltaehkäisy": "Förebyggande arbete",
    "Ikääntyneiden palvelut": "Tjänster för äldre",
    "Kotihoito": "Hemvården",
    "Kuntoutus": "Rehabilitering",
    "Laatu ja asiakkuus": "Kvalitet och kundrelationer",
    "Talous": "Ekonomi",
    "Lähipalvelut": "Närservice",
    "Palveluohjaus": "Servicehandledning",
    "Sosiaali- ja terveyspalvelut": "Social- och hälsovårdstjänster",
}


def _unit(name_fi: str) -> dict[str, str]:
    return {"fi": name_fi, "sv": UNITS_SV.get(name_fi, "")}


def _ensure_version(promise, kind: str, label: str, by) -> None:
    """`label`: "<Finnish> / <Swedish>"."""
    if not promise.versions.filter(kind=kind).exists():
        fi, _sep, sv = label.partition(" / ")
        services.version_freeze(promise=promise, by=by, kind=kind, label={"fi": fi, "sv": sv})


def _revise_after_comments(promise, by) -> None:
    """What the comment round changed: clearer wording in the first cell (shows in diffs)."""
    cell = promise.cells.get(perspective=A, side=RES)
    services.cell_update(
        cell=cell,
        lock_version=cell.lock_version,
        goal={
            "fi": (cell.goal_fi or "") + " Saan vastauksen kahden arkipäivän kuluessa.",
            "sv": (cell.goal_sv or "") + " Jag får svar inom två vardagar.",
        },
        by=by,
    )


@transaction.atomic
def prepare_demo(project, phase: int, users: dict) -> None:
    """Fill what phase 3 needs (and keep it for the later phases)."""
    if phase < PREPARATION_PHASE:
        return
    by = users.get(Role.WORKING_GROUP) or users.get(Role.PREPARER)
    goals = ensure_strategy_goals(project.region)
    is_next_cycle = project.previous_project_id is not None
    if not project.promises.exists():
        if is_next_cycle and project.previous_project.promises.exists():
            copies = services.copy_previous_project(
                project=project, previous=project.previous_project, by=by
            )
            # The new cycle adds a commitment still waiting for its strategy link.
            services.commitment_create(
                promise=copies[0],
                perspective=Perspective.ACCESSIBILITY,
                title={
                    "fi": "Chat-palvelu on auki myös iltaisin",
                    "sv": "Chatten är öppen även på kvällarna",
                },
                description={},
                responsible=_unit("Digitaaliset palvelut"),
                strategy_goals=[],
                by=by,
            )
        else:
            for data in PROMISES:
                _create_promise(project, data, goals, by)
            _add_real_world_items(project.promises.order_by("order", "pk").first(), goals, by)
    if phase != PREPARATION_PHASE:
        return
    for promise in project.promises.all():
        _ensure_version(
            promise,
            PromiseVersion.Kind.FOR_COMMENTS,
            "Luonnos kommenttikierrokselle / Utkast för kommentarer",
            by,
        )
        if is_next_cycle:
            _answer_all(promise, by, count=3)
        else:
            _answer_all(promise, by)
            if not promise.versions.filter(kind=PromiseVersion.Kind.REVISED).exists():
                _revise_after_comments(promise, by)
            _ensure_version(
                promise,
                PromiseVersion.Kind.REVISED,
                "Kommenttien jälkeen / Efter kommentarerna",
                by,
            )
            _ensure_version(
                promise,
                PromiseVersion.Kind.FINAL,
                "Valtuustolle / Till fullmäktige",
                by,
            )


# -- the decision (phase 4) ----------------------------------------------------------

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
            "Om löftet rapporteras till välfärdsområdesstyrelsen i samband med "
            "delårsrapporterna och till välfärdsområdesfullmäktige i bokslutet. Rapporteringen är en del av välfärdsområdets "
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


def prepare_decision(project, phase: int, users: dict) -> None:
    """Phase 4 of the finished demo project: write the package and record the approval
    (registered by promises.decision.registrations as a DemoStep, order 40)."""
    if phase != DECISION_PHASE or decision_selectors.approved_decision(project):
        return
    preparer = users[Role.PREPARER]
    package = decision_selectors.package_for(project)
    versions = {}
    for promise in decision_selectors.segment_promises(project):
        version = decision_selectors.proposed_versions(project, package).get(
            promise.pk
        ) or latest_version(promise)
        if version is not None:
            versions[promise.pk] = version
    if not versions:
        return  # no promise content in this demo: nothing to decide on
    decision_services.package_update(
        project=project,
        by=preparer,
        lock_version=package.lock_version,
        versions=versions,
        texts={
            key: texts_in_region_words(texts, project.region.kind)
            for key, texts in DEMO_TEXTS.items()
        },
        channels=DEMO_CHANNELS,
    )
    decision = decision_services.decision_record(
        project=project,
        by=users[Role.SECRETARY],
        body=_council_names(project.region),
        meeting_date=datetime.date(2024, 3, 18),
        section="45",
        case_number="ESIM/1234/00.01.02/2023",
        outcome=CouncilDecision.Outcome.APPROVED,
        text=texts_in_region_words(DEMO_DECISION_TEXT, project.region.kind),
        languages=project.region.content_languages,
    )
    # The demo walks on at once: its PDFs are rendered here, not left to the worker (the
    # task queued by decision_record then finds them stored and does nothing).
    decision_services.decision_documents_render(decision=decision, by=users[Role.SECRETARY])
