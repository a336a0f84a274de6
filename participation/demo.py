"""The demo step (order 20): participation content for the demo projects.

Phase 2: stakeholders, a plan, activities, inputs tagged by perspective and a synthesis for
every perspective. Phase 3: a comment round on the promise's "for_comments" version (made by
the promise editor's demo step, order 10; skipped if there is none), comments in Finnish
and Swedish (for the current project enough for the themes page, computed at the end) and
a statement request; for the finished project the round is closed and every
response answered so phase 3 can advance. Phase 6: a few feedback entries.
Idempotent: each part is added only if the project does not have it yet.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from itertools import cycle

from django.utils import timezone

from phases.perspectives import Perspective
from phases.phase_numbers import FOLLOW_UP_PHASE, PARTICIPATION_PHASE, PREPARATION_PHASE
from phases.region_terms import in_region_words, texts_in_region_words
from phases.roles import Role
from promises.models import Commitment, PromiseStatement, PromiseVersion
from promises.snapshot import localized

from . import services
from .counters import round_counts_refresh
from .models import (
    Activity,
    Comment,
    CommentRound,
    Feedback,
    Input,
    Method,
    PlanItem,
    RequestedBody,
    Stakeholder,
    StatementQuestion,
    StatementRequest,
    Synthesis,
)
from .opinion import demo as opinion_demo
from .text.services import analyse_round

# phases/demo.py: the finished demo project is the 2024–2026 cycle (walked to phase 6).
FINISHED_TERM_START = 2024

A, ACC, Q, E, INT = (
    Perspective.ACCESS,
    Perspective.ACCESSIBILITY,
    Perspective.QUALITY,
    Perspective.EFFECTIVENESS,
    Perspective.INTEGRATION,
)

PLAN = [
    ("residents", Method.E_SURVEY, "Tammi–helmikuu / januari–februari"),
    ("residents", Method.WORKSHOP, "Maaliskuu / mars"),
    ("advisory_councils", Method.HEARING, "Maaliskuu / mars"),
    ("staff", Method.INTRANET, "Helmikuu / februari"),
    ("third_sector", Method.WORKSHOP, "Huhtikuu / april"),
]

ACTIVITIES = [
    # key, title, method, days before today, participants, stakeholder keys
    (
        "survey",
        "Asukaskysely verkossa – Invånarenkät på webben",
        Method.E_SURVEY,
        120,
        1184,
        ["residents"],
    ),
    (
        "workshop",
        "Asukastyöpaja Rantakylässä – Invånarverkstad i Strandby",
        Method.WORKSHOP,
        95,
        46,
        ["residents", "third_sector"],
    ),
    (
        "councils",
        "Vaikuttamistoimielinten kuuleminen – Hörande av påverkansorganen",
        Method.HEARING,
        80,
        31,
        ["advisory_councils"],
    ),
    (
        "intranet",
        "Henkilöstön intrakysely – Personalens intranätenkät",
        Method.INTRANET,
        70,
        412,
        ["staff"],
    ),
]

INPUTS = [
    (
        "survey",
        "residents",
        [A],
        "Lääkärille pääsy kestää liian kauan; toivotaan, että kiireetön "
        "aika järjestyy kahdessa viikossa.",
    ),
    (
        "survey",
        "residents",
        [ACC],
        "Digipalvelut ovat hyviä, mutta puhelimeen pitää vastata myös "
        "iltaisin, eikä takaisinsoittoa saa joutua odottamaan päiväkausia.",
    ),
    (
        "survey",
        "residents",
        [ACC, Q],
        "Tjänsterna ska finnas på svenska också i chatten och i telefonen, inte bara på papper.",
    ),
    (
        "workshop",
        "residents",
        [Q],
        "Samaa hoitajaa toivotaan kotihoitoon: vaihtuvat työntekijät tekevät arjesta turvatonta.",
    ),
    (
        "workshop",
        "third_sector",
        [INT],
        "Järjestöt voisivat ohjata asiakkaita palveluihin, jos "
        "yhteistyölle olisi selvä yhteyshenkilö.",
    ),
    (
        "workshop",
        "residents",
        [E],
        "Ennaltaehkäisyyn pitää panostaa: liikunta- ja "
        "ryhmätoiminta pitävät ikäihmiset kunnossa pidempään.",
    ),
    (
        "councils",
        "advisory_councils",
        [ACC],
        "Vammaisneuvosto: asiointi on tehtävä mahdolliseksi "
        "myös ilman verkkopankkitunnuksia ja selkokielellä.",
    ),
    (
        "councils",
        "advisory_councils",
        [INT, Q],
        "Äldrerådet: en och samma kontaktperson när "
        "hemvården och hälsocentralen båda är inblandade.",
    ),
    (
        "councils",
        "advisory_councils",
        [A],
        "Nuorisovaltuusto: matalan kynnyksen mielenterveyspalvelut kouluille ja iltoihin.",
    ),
    (
        "intranet",
        "staff",
        [INT],
        "Henkilöstö: tieto ei kulje sosiaali- ja terveyspalvelujen "
        "välillä, sama asia kysytään asiakkaalta moneen kertaan.",
    ),
    (
        "intranet",
        "staff",
        [E, Q],
        "Personalen: vi behöver mäta om klienternas funktionsförmåga "
        "faktiskt förbättras, inte bara antalet besök.",
    ),
    (
        "survey",
        "residents",
        [A, E],
        "Palvelujen pitää olla lähellä myös haja-asutusalueilla; "
        "liikkuva palveluauto sai kiitosta.",
    ),
]

COMMON_SYNTHESIS = {
    "fi": "Yhteenveto kattaa kaikki viisi näkökulmaa. Asukkaat toivovat nopeampaa hoitoon "
    "pääsyä, samaa työntekijää kotihoitoon, palveluja omalla kielellä ja selkeää tietoa "
    "siitä, miten lupausta seurataan.",
    "sv": "Sammanfattningen täcker alla fem perspektiv. Invånarna önskar snabbare tillgång "
    "till vård, samma anställda i hemvården, service på eget språk och tydlig information "
    "om hur löftet följs upp.",
}

SYNTHESES = {
    A: (
        "Asukkaat odottavat nopeampaa hoitoon pääsyä ja lähipalveluja myös haja-asutusalueilla.",
        "Invånarna väntar sig snabbare tillgång till vård och närservice även på landsbygden.",
    ),
    ACC: (
        "Asiointikanavia halutaan useita: digipalvelut, puhelin ja käynti, myös ruotsiksi ja "
        "selkokielellä.",
        "Man vill ha flera kanaler: digitala tjänster, telefon och besök, också på svenska och "
        "på lättläst språk.",
    ),
    Q: (
        "Hoidon jatkuvuus ja tuttu työntekijä nousivat esiin erityisesti kotihoidossa.",
        "Kontinuitet och en bekant personal lyftes fram särskilt i hemvården.",
    ),
    E: (
        "Ennaltaehkäisy ja toimintakyvyn mittaaminen koettiin tärkeiksi vaikuttavuuden osoittajiksi.",
        "Förebyggande arbete och mätning av funktionsförmågan sågs som viktiga för "
        "verkningsfullheten.",
    ),
    INT: (
        "Palveluketjuihin toivotaan yhtä yhteyshenkilöä ja tiedon kulkua sosiaali- ja "
        "terveyspalvelujen välillä.",
        "Man önskar en kontaktperson i servicekedjorna och att informationen ska löpa mellan "
        "social- och hälsovården.",
    ),
}

COMMENTS = [
    # language, target perspective (or "" for the whole promise), name shown?, text
    ("fi", "", "Maija K.", "Hyvä, selkeä lupaus. Toivon, että sitä myös seurataan julkisesti."),
    (
        "fi",
        A,
        "",
        "Kahden viikon hoitotakuu on hyvä tavoite, mutta miten se toteutuu "
        "Rantakylän terveysasemalla, jossa lääkäreitä on vähän?",
    ),
    (
        "sv",
        ACC,
        "Göran L.",
        "Det är bra att chatten ska finnas på svenska. Gäller det också tidsbokningen?",
    ),
    ("fi", ACC, "", "Takaisinsoitto kahdessa työpäivässä on liian hidas kiireellisissä asioissa."),
    ("fi", Q, "Liisa", "Kotihoidon omahoitajamalli on juuri sitä, mitä äitini tarvitsee."),
    ("sv", Q, "", "Kvaliteten i hemvården måste mätas med kundernas egna bedömningar."),
    ("fi", E, "", "Lupauksessa pitäisi näkyä myös lasten ja nuorten hyvinvointi."),
    (
        "fi",
        INT,
        "Järjestöyhteistyön verkosto",
        "Järjestöt ovat valmiita mukaan palveluohjaukseen. "
        "Nimetkää yhteyshenkilö jokaiselle alueelle.",
    ),
    (
        "sv",
        INT,
        "",
        "Informationen mellan hälsocentralen och socialarbetaren fungerar inte i dag; "
        "bra att löftet tar upp det.",
    ),
    ("fi", "", "", "Mitä tapahtuu, jos lupausta ei pystytä pitämään? Kuka siitä vastaa?"),
]

# More comments, so that the round's themes page is worth a look (a subset of the labelled
# bench set, bench/data/comments.tsv), and a small campaign: the same text five times.
MORE_COMMENTS = [
    # language, perspective chosen by the commenter ("" = the whole promise), text
    ("sv", A, "Man väntar över ett år på icke-brådskande tandvård."),
    ("fi", E, "Nuorisovaltuusto: mielenterveyspalvelut kouluille ja iltoihin."),
    ("fi", A, "Rantakylän terveysasema on säilytettävä."),
    ("fi", "", "Puhelimessa pitäisi päästä puhumaan ihmisen kanssa eikä koneen."),
    ("sv", "", "Tvåspråkigheten får inte bara gälla blanketterna."),
    ("fi", E, "Liikuntareseptit terveysasemalta ovat hyvä keino ehkäistä sairauksia."),
    ("sv", ACC, "Alla vill inte sköta ärenden på nätet, besök måste finnas kvar."),
    ("fi", INT, "Kotiutuessa kukaan ei kertonut, kuka vastaa jatkohoidosta."),
    ("fi", "", "Hoidon laatua pitää mitata asiakkaiden omilla arvioilla."),
    ("fi", "", "Suun terveydenhuoltoon tarvitaan lisää hammaslääkäreitä."),
    ("sv", Q, "Hemvårdarna gör ett fint jobb men de är för få."),
    ("fi", Q, "Kotihoidon omahoitajamalli on juuri sitä, mitä äitini tarvitsee."),
    ("sv", A, "Man borde få träffa en läkare inom en vecka."),
    ("fi", "", "Samaa hoitajaa toivotaan kotihoitoon."),
    ("fi", "", "Kotihoidossa käy joka päivä eri hoitaja, se tekee arjesta turvatonta."),
    ("sv", Q, "Vårdplanen gjordes utan att någon frågade mig."),
    ("sv", Q, "Kundresponsen borde samlas in och publiceras regelbundet."),
    ("sv", E, "Motionsgrupperna för äldre har minskat antalet fall."),
    ("fi", "", "Yhteistyö järjestöjen kanssa on jäänyt paperille."),
    ("fi", "", "Kaksikielisyys pitää näkyä kaikissa palveluissa, ei vain lomakkeissa."),
    ("sv", E, "Hälsokontroller för alla över 75 år skulle förebygga problem."),
    ("fi", A, "Terveysasema pitää pitää auki myös pienissä kunnissa."),
    ("fi", ACC, "Isäni ei puhu suomea, ja hänen on vaikea saada palvelua ruotsiksi."),
    ("sv", "", "Väntan på vård är för lång, köerna måste kortas."),
    ("sv", "", "De språkliga rättigheterna förverkligas inte i dag."),
    ("fi", Q, "Hoitajamitoitusta pitää noudattaa, muuten laatu kärsii."),
    ("sv", ACC, "Ingen svarar i telefonen och man får vänta dagar på återuppringning."),
    ("fi", ACC, "Sovellus kaatuu jatkuvasti eikä ajanvaraus onnistu."),
    ("fi", "", "Kuntoutusta pitää saada heti leikkauksen jälkeen, ei kuukausien päästä."),
    ("sv", "", "Ångest och depression bland unga har ökat, hjälpen måste komma snabbt."),
    ("fi", ACC, "Takaisinsoitto tuli vasta kolmen päivän kuluttua."),
    ("fi", Q, "Hoitajien koulutukseen pitää panostaa, jotta hoito on turvallista."),
    ("fi", INT, "Kerron tarinani uudelleen jokaiselle uudelle työntekijälle."),
    ("sv", "", "I skärgården är det tiotals kilometer till närmaste hälsocentral."),
    ("sv", "", "Skolhälsovårdarna behövs, de gör ett viktigt arbete."),
    ("fi", Q, "Potilasturvallisuus pitää nostaa lupauksen keskiöön."),
    ("sv", INT, "Samordningen av frivilligarbetet behöver resurser."),
    ("fi", Q, "Kotihoidon laatu on heikentynyt, hoitajat juoksevat paikasta toiseen."),
    ("fi", "", "Vammaispalvelujen ja terveydenhuollon tieto ei liiku."),
    ("fi", "", "Asiakkaan pitää tietää, kuka kokonaisuudesta vastaa."),
    ("sv", ACC, "Alla äldre har inte bankkoder, det måste gå att sköta ärenden utan dem."),
    ("fi", ACC, "Digituki kirjastoissa auttaisi ikäihmisiä käyttämään verkkopalveluja."),
    ("fi", A, "Saariston asukkaille pitää järjestää vastaanotto ainakin kerran viikossa."),
    ("fi", "", "Tiedon pitää kulkea sosiaali- ja terveyspalvelujen välillä."),
    ("sv", "", "Anvisningarna borde finnas på lättläst svenska."),
    ("fi", ACC, "Puhelimeen pitää vastata myös iltaisin ja viikonloppuisin."),
    ("fi", Q, "Kotihoitajat ovat ihania, mutta heitä on liian vähän."),
    ("fi", E, "Tupakoinnin lopettamiseen tarvitaan tukea terveysasemilta."),
    ("sv", "", "Föreningarna är redo att vara med i servicehandledningen."),
    ("sv", "", "Appen kraschar hela tiden och tidsbokningen misslyckas."),
    ("sv", ACC, "Webbplatsen är svår att använda, man hittar ingenting."),
    ("fi", A, "Kiireettömän lääkäriajan saaminen kestää viikkoja, hoitotakuu ei toteudu."),
    ("fi", INT, "Seurakunta ja järjestöt tarjoavat paljon apua, josta ammattilaiset eivät tiedä."),
    ("sv", "", "Hälsocentralen i Strandby måste bevaras!"),
    ("sv", "", "Chatten är smidig men öppen bara på kontorstid."),
    ("fi", A, "Hammashoitolan sulkeminen Rantakylästä oli virhe."),
    ("sv", E, "Skolorna behöver fler kuratorer och psykologer."),
    ("sv", ACC, "Brev från välfärdsområdet kommer ofta bara på finska."),
    ("fi", "", "Järjestöjen toiminta pitää näkyä palveluohjauksessa."),
    ("sv", "", "Kvaliteten måste mätas med kundernas egna bedömningar."),
    ("fi", INT, "Vapaaehtoistyön koordinointi kaipaa resursseja."),
    ("sv", A, "Det behövs fler läkartider, nu tar tiderna slut på morgonen."),
    ("fi", E, "Nuorten päihdetyöhön pitää panostaa enemmän."),
    ("fi", "", "Nuorille pitää olla chat, jossa voi puhua mielenterveydestä nimettömänä."),
    ("fi", "", "Haja-asutusalueella lähipalvelut ovat tärkeitä, kaikilla ei ole autoa."),
    ("fi", A, "Hammaslääkärin ajanvaraus ei onnistu verkossa."),
    ("fi", ACC, "Chat on kätevä, mutta se on auki vain virka-aikaan."),
    ("fi", A, "Odotin lääkäriaikaa kolme viikkoa ja vaiva ehti pahentua."),
    ("sv", "", "Begäran om återuppringning glöms ofta bort helt."),
    ("fi", "", "Matkat terveysasemille ovat syrjäkylissä kohtuuttoman pitkiä."),
    ("fi", A, "Hoitoon pääsy pitää nopeuttaa, nyt jonossa odotetaan kuukausia."),
    ("fi", Q, "Tuttu hoitaja kotihoidossa on muistisairaalle tärkeää."),
    ("sv", E, "Lågtröskeltjänster för ungas psykiska hälsa också på kvällarna."),
    ("fi", "", "Yksityinen hammaslääkäri on liian kallis eläkeläiselle."),
    ("fi", "", "Tulokset pitää mitata, ei vain suoritteita."),
    ("sv", INT, "Klienten måste veta vem som ansvarar för helheten."),
    (
        "sv",
        INT,
        "Äldrerådet: en och samma kontaktperson när hemvården och hälsocentralen är inblandade.",
    ),
    ("sv", A, "Köerna till tandvården är orimliga."),
    ("sv", "", "Tidsbokningen borde fungera på svenska."),
    ("sv", "", "Jag vill kunna tala svenska med min läkare."),
    ("fi", A, "Omalääkärille pääsy on lähes mahdotonta, jonot ovat valtavat."),
    ("fi", E, "Neuvolan perhevalmennus ehkäisee ongelmia jo ennen kuin ne syntyvät."),
    ("fi", INT, "Kyläyhdistykset voisivat järjestää kuljetusapua terveysasemalle."),
    ("fi", "", "Proteesin korjaus kesti kolme kuukautta."),
]

CAMPAIGN = ("fi", A, "Rantakylän terveysasema on säilytettävä!")

# The reasons in the region's languages; the last is still waiting for its Swedish text
# (shown on the Swedish pages in Finnish, marked).
DISPOSITIONS = [
    (
        "noted",
        {
            "fi": "Julkinen seuranta on osa lupausta: mittarit julkaistaan alueen verkkosivuilla.",
            "sv": "Offentlig uppföljning ingår i löftet: mätarna publiceras på områdets webbplats.",
        },
    ),
    (
        "partly",
        {
            "fi": "Tavoite pidetään, ja Rantakylään lisätään etävastaanottoja.",
            "sv": "Målet behålls, och i Strandby ordnas fler distansmottagningar.",
        },
    ),
    (
        "accepted",
        {
            "fi": "Ruotsinkielinen ajanvaraus sisältyy sitoumukseen; tekstiä on selkeytetty.",
            "sv": "Svenskspråkig tidsbokning ingår i åtagandet; texten har förtydligats.",
        },
    ),
    (
        "not_accepted",
        {
            "fi": "Kiireelliset asiat hoidetaan päivystyksessä; takaisinsoitto koskee "
            "kiireettömiä asioita.",
            "sv": "Brådskande ärenden sköts av jouren; återuppringning gäller icke-brådskande "
            "ärenden.",
        },
    ),
    ("noted", {"fi": "Kiitos palautteesta.", "sv": "Tack för responsen."}),
    (
        "accepted",
        {
            "fi": "Asiakkaiden arvio lisätään laadun mittariksi.",
            "sv": "Kundernas bedömning läggs till som mätare för kvaliteten.",
        },
    ),
    (
        "partly",
        {
            "fi": "Lasten ja nuorten palveluista tehdään oma asiakassegmentin lupaus.",
            "sv": "För barn och unga görs ett eget löfte för kundsegmentet.",
        },
    ),
    (
        "accepted",
        {
            "fi": "Yhteyshenkilö nimetään jokaiselle alueelle; sitoumusta on täydennetty.",
            "sv": "En kontaktperson utses för varje område; åtagandet har kompletterats.",
        },
    ),
    (
        "noted",
        {
            "fi": "Kiitos, kysymys käsitellään yhteensovittamisen näkökulmassa.",
            "sv": "Tack, frågan hanteras i integrationsperspektivet.",
        },
    ),
    ("noted", {"fi": "Lupauksen toteutumisesta raportoidaan aluevaltuustolle vuosittain."}),
]

FEEDBACK = [
    (A, 40, "Pääsin lääkärille viikossa, kiitos!"),
    (ACC, 35, "Chatten svarade snabbt och på svenska."),
    (Q, 20, "Kotihoidon työntekijät vaihtuvat edelleen usein."),
    ("", 5, "Hyvä, että lupaus on julkinen ja mittarit näkyvät."),
]


def prepare(project, phase: int, users: dict) -> None:
    if phase == PARTICIPATION_PHASE:
        _planning(project, users)
    elif phase == PREPARATION_PHASE:
        _planning(project, users)
        _traceability(project)
        _round(project, users)
        if project.term_start != FINISHED_TERM_START:
            opinion_demo.prepare(project)  # one open opinion round, in the current project
    elif phase == FOLLOW_UP_PHASE:
        _feedback(project)


def _planning(project, users) -> None:
    services.stakeholders_ensure(project=project)
    if Activity.objects.filter(project=project).exists():
        return
    stakeholders = {s.key: s for s in Stakeholder.objects.filter(project=project) if s.key}
    services.stakeholder_save(
        project=project,
        names={"fi": "Saariston kyläyhdistykset", "sv": "Skärgårdens byaföreningar"},
        description="Alueen oma sidosryhmä / områdets egen intressegrupp",
    )
    for key, method, timing in PLAN:
        PlanItem.objects.create(
            project=project, stakeholder=stakeholders[key], method=method, timing=timing
        )
    activities = {}
    today = date.today()
    for key, title, method, days, participants, reached in ACTIVITIES:
        activities[key] = services.activity_save(
            project=project,
            title=title,
            method=method,
            date=today - timedelta(days=days),
            stakeholders=[stakeholders[k] for k in reached],
            participants=participants,
        )
    # A source record that knows only the season and has no head count.
    season_start = date(today.year - 1, 9, 1)
    activities["autumn_forum"] = services.activity_save(
        project=project,
        title="Järjestöjen syysfoorumi – Organisationernas höstforum",
        method=Method.WORKSHOP,
        date=season_start,
        date_precision="season",
        stakeholders=[stakeholders["third_sector"]],
        participants=None,
    )
    # Most of a real city's records give no date at all: none is made up.
    activities["undated_meeting"] = services.activity_save(
        project=project,
        title="Vanhusneuvoston kuuleminen – Hörande av äldrerådet",
        method=Method.WORKSHOP,
        date=None,
        date_precision="unknown",
        stakeholders=[],
        participants=None,
    )
    for activity_key, stakeholder_key, perspectives, text in INPUTS:
        services.input_save(
            project=project,
            text=text,
            perspectives=perspectives,
            stakeholder=stakeholders[stakeholder_key],
            activity=activities[activity_key],
            by=users.get(Role.WORKING_GROUP),
        )
    if project.previous_project_id is None:
        # A first cycle's participation summed up as a city's material often is: one common
        # synthesis that covers every perspective (none pasted five times).
        if not Synthesis.objects.filter(project=project).exists():
            services.synthesis_save(
                project=project,
                perspective=Synthesis.COMMON,
                texts=COMMON_SYNTHESIS,
                lock_version=1,
                by=users.get(Role.WORKING_GROUP),
            )
        return
    for perspective, (fi, sv) in SYNTHESES.items():
        if not Synthesis.objects.filter(project=project, perspective=perspective).exists():
            services.synthesis_save(
                project=project,
                perspective=perspective,
                texts={"fi": fi, "sv": sv},
                lock_version=1,
                by=users.get(Role.WORKING_GROUP),
            )


def _traceability(project) -> None:
    """Cite a few inputs from the promise's statements and commitments (once)."""
    if Input.statements.through.objects.filter(input__project=project).exists():
        return
    statements = list(PromiseStatement.objects.filter(cell__promise__project=project))
    commitments = list(Commitment.objects.filter(promise__project=project))
    for item in Input.objects.filter(project=project).order_by("pk")[:8]:
        s = [x for x in statements if x.cell.perspective in item.perspectives][:1]
        c = [x for x in commitments if x.perspective in item.perspectives][:1]
        item.statements.add(*s)
        item.commitments.add(*c)


def _round_comments(round, version, *, starts, ends, now, finished: bool, preparer) -> None:
    """The round's comments: the demo's own, more for the current project, one hidden."""
    commitments = version.snapshot.get("commitments", [])
    rows = []
    for index, (lang, perspective, name, text) in enumerate(COMMENTS):
        comment = Comment(
            round=round,
            text=text,
            language=lang,
            name=name,
            show_name=bool(name) and index % 3 != 1,
            email=f"kommentoija{index}@esimerkki.invalid" if index % 2 == 0 else "",
            created_at=starts + timedelta(days=index + 1, hours=index),
        )
        if perspective:
            comment.target, comment.perspective = Comment.Target.PERSPECTIVE, perspective
            match = next((c for c in commitments if c["perspective"] == perspective), None)
            if match and index % 4 == 0:
                comment.target = Comment.Target.COMMITMENT
                comment.commitment_ref = match["id"]
                comment.commitment_title = localized(match["title"], lang)[:400]
                comment.commitment = Commitment.objects.filter(pk=match["id"]).first()
        rows.append(comment)
    # the finished project keeps its short round (its decision PDF stays small)
    more = [] if finished else MORE_COMMENTS + [CAMPAIGN] * 5
    span = max(1.0, ((min(ends, now) - starts).total_seconds() / 3600) - 2)
    count = max(1, len(more))
    for index, (lang, perspective, text) in enumerate(more):
        rows.append(
            Comment(
                round=round,
                text=text,
                language=lang,
                target=Comment.Target.PERSPECTIVE if perspective else Comment.Target.WHOLE,
                perspective=perspective,
                created_at=starts + timedelta(hours=1 + span * index / count),
            )
        )
    Comment.objects.bulk_create(rows)
    Comment.objects.create(
        round=round,
        text="Osta halpoja lääkkeitä netistä!!!",
        language="fi",
        status=Comment.Status.HIDDEN,
        hidden_reason="Mainos / roskaposti",
        moderated_by=preparer,
        moderated_at=starts + timedelta(days=2),
        created_at=starts + timedelta(days=2),
    )
    round_counts_refresh(round.pk)  # bulk-created: counted as the services count


def _round_statements(round, *, starts, ends, now, finished: bool, preparer) -> None:
    """A statement request to three bodies; one answers (all in the finished project)."""
    request = StatementRequest.objects.create(
        round=round,
        title="Lausuntopyyntö palvelulupauksen luonnoksesta – Begäran om utlåtande",
        message="Pyydämme lausuntoanne palvelulupauksen luonnoksesta.",
        deadline=ends - timedelta(days=1) if finished else now + timedelta(days=14),
        created_by=preparer,
    )
    questions = [
        StatementQuestion.objects.create(request=request, order=0, text=text)
        for text in (
            "Vastaako lupaus kuntanne asukkaiden tarpeisiin? / Motsvarar löftet invånarnas behov?",
            "Mitä lupauksesta puuttuu? / Vad saknas i löftet?",
        )
    ]
    bodies = [
        ("Rantakylän kunta", "kirjaamo@rantakyla.invalid", "Kunnanjohtaja"),
        ("Vanhusneuvosto", "vanhusneuvosto@esimerkki.invalid", "Puheenjohtaja"),
        ("Strandby kommun", "registrator@strandby.invalid", "Kommundirektör"),
    ]
    created = []
    for name, email, contact in bodies:
        created.append(
            RequestedBody.objects.create(
                request=request,
                name=name,
                email=email,
                contact=contact,
                token=secrets.token_urlsafe(32),
                sent_at=starts + timedelta(days=1),
            )
        )
    answers = {
        questions[0].pk: "Pääosin vastaa. Lähipalvelujen saatavuus saaristossa on turvattava.",
        questions[1].pk: in_region_words(
            "Kuntien ja hyvinvointialueen yhteiset hyvinvointitavoitteet.",
            round.project.region.kind,
            "fi",
        ),
    }
    answered = created if finished else created[:1]
    for body in answered:
        services.statement_submit(
            body=body,
            answers=answers,
            by_post=finished,
            now=min(request.deadline - timedelta(hours=1), now),
        )


def _round(project, users) -> None:
    if CommentRound.objects.filter(project=project).exists():
        return
    version = (
        PromiseVersion.objects.filter(
            promise__project=project, kind=PromiseVersion.Kind.FOR_COMMENTS
        )
        .order_by("-number")
        .first()
    )
    if version is None:
        return  # the promise editor's demo step has not made a draft for comments
    finished = project.term_start == FINISHED_TERM_START
    now = timezone.now()
    starts = now - timedelta(days=60 if finished else 7)
    ends = now - timedelta(days=30) if finished else now + timedelta(days=21)
    preparer = users.get(Role.PREPARER)
    round = services.round_open(
        project=project,
        version=version,
        starts_at=starts,
        ends_at=ends,
        by=preparer,
        intro={
            "fi": "Kerro mielipiteesi palvelulupauksen luonnoksesta. Kaikki kommentit luetaan.",
            "sv": "Berätta vad du tycker om utkastet till servicelöfte. Alla kommentarer läses.",
        },
    )
    times = {"starts": starts, "ends": ends, "now": now, "finished": finished}
    _round_comments(round, version, **times, preparer=preparer)
    _round_statements(round, **times, preparer=preparer)
    if finished:
        comments = list(Comment.objects.filter(round=round).exclude(status="hidden"))
        for comment, (disposition, reason) in zip(comments, cycle(DISPOSITIONS)):
            services.dispositions_set(
                round=round,
                comment_ids=[comment.pk],
                disposition=disposition,
                reason=texts_in_region_words(reason, round.project.region.kind),
                by=users.get(Role.WORKING_GROUP),
            )
        services.round_close(round=round, by=preparer)
        services.round_mark_analysis_done(round=round, by=preparer)
    analyse_round(round=round, by=preparer)


def _feedback(project) -> None:
    if Feedback.objects.filter(project=project).exists():
        return
    now = timezone.now()
    for perspective, days, text in FEEDBACK:
        Feedback.objects.create(
            project=project,
            perspective=perspective,
            text=text,
            language="sv" if "på svenska" in text or "Chatten" in text else "fi",
            created_at=now - timedelta(days=days),
        )
