"""The demo's opinion round: open in the current demo project, 32 statements in Finnish and
Swedish, two residents' statements waiting for moderation, and the votes of 240 made-up
participants who fall into three opinion groups (seeded random: the same every time).

Called by participation.demo for the current project; idempotent.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from phases.perspectives import Perspective
from phases.region_terms import in_region_words, texts_in_region_words

from . import services
from .models import OpinionRound, OpinionStatement, OpinionVote

PARTICIPANTS = 240
SEED = 2027

A, ACC, Q, E, INT = (
    Perspective.ACCESS,
    Perspective.ACCESSIBILITY,
    Perspective.QUALITY,
    Perspective.EFFECTIVENESS,
    Perspective.INTEGRATION,
)

QUESTION = {
    "fi": "Miten sosiaali- ja terveyspalveluiden pitäisi palvella sinua seuraavina vuosina?",
    "sv": "Hur borde social- och hälsovårdstjänsterna betjäna dig under de kommande åren?",
}

# (perspectives, fi, sv, stance of the three groups: 1 agree, -1 disagree, 0 split)
# Group 0 leans to digital services, group 1 to services near home, group 2 to one contact
# that holds the whole together; some statements all three agree on.
STATEMENTS = [
    (
        [A],
        "Ajan terveysasemalle pitää saada viikon sisällä.",
        "Man ska få en tid vid hälsostationen inom en vecka.",
        (1, 1, 1),
    ),
    (
        [A],
        "Chat-palvelu riittää useimpiin arkisiin terveysasioihin.",
        "Chatten räcker för de flesta vardagliga hälsofrågor.",
        (1, -1, 0),
    ),
    (
        [A],
        "Kylien terveyspisteet on pidettävä auki, vaikka käyntejä olisi vähän.",
        "Byarnas hälsopunkter ska hållas öppna även om besöken är få.",
        (-1, 1, -1),
    ),
    (
        [A],
        "Illalla ja viikonloppuna pitää päästä lääkärille ilman päivystystä.",
        "På kvällar och veckoslut ska man komma till läkare utan jouren.",
        (1, 1, 1),
    ),
    (
        [A],
        "Liikkuva palveluauto korvaa hyvin pienen terveysaseman.",
        "En mobil servicebil ersätter väl en liten hälsostation.",
        (1, -1, 1),
    ),
    (
        [A, ACC],
        "Kotiin tuotavat palvelut ovat tärkeämpiä kuin uudet toimitilat.",
        "Tjänster som kommer hem är viktigare än nya lokaler.",
        (0, 1, 1),
    ),
    (
        [ACC],
        "Ajanvarauksen pitää onnistua yhtä hyvin puhelimella kuin verkossa.",
        "Tidsbokningen ska fungera lika bra per telefon som på nätet.",
        (-1, 1, 1),
    ),
    (
        [ACC],
        "Takaisinsoitto on parempi kuin jonossa odottaminen.",
        "Att bli uppringd är bättre än att vänta i kö.",
        (1, 1, 1),
    ),
    (
        [ACC],
        "Palvelua pitää saada omalla äidinkielellä, suomeksi tai ruotsiksi.",
        "Man ska få service på sitt modersmål, finska eller svenska.",
        (1, 1, 1),
    ),
    (
        [ACC],
        "Sähköinen asiointi pitäisi olla ensisijainen tapa asioida.",
        "E-tjänster borde vara det främsta sättet att sköta ärenden.",
        (1, -1, -1),
    ),
    (
        [ACC],
        "Jokaisella kunnalla pitää olla paikka, jossa asioida kasvokkain.",
        "Varje kommun ska ha ett ställe där man kan uträtta ärenden ansikte mot ansikte.",
        (-1, 1, -1),
    ),
    (
        [ACC],
        "Kuljetus hoitoon pitää järjestää niille, joilla ei ole autoa.",
        "Transport till vården ska ordnas för dem som inte har bil.",
        (0, 1, -1),
    ),
    (
        [Q],
        "Haluan tavata saman lääkärin tai hoitajan joka kerta.",
        "Jag vill träffa samma läkare eller skötare varje gång.",
        (-1, 1, 1),
    ),
    (
        [Q],
        "Nopea hoito on tärkeämpää kuin se, kuka hoitaa.",
        "Snabb vård är viktigare än vem som vårdar.",
        (1, -1, -1),
    ),
    (
        [Q],
        "Asiakaspalaute pitää julkaista palveluittain joka vuosi.",
        "Kundresponsen ska publiceras per tjänst varje år.",
        (1, 1, 1),
    ),
    (
        [Q],
        "Hoitajan vastaanotto riittää moneen vaivaan.",
        "En skötarmottagning räcker för många besvär.",
        (1, 0, 1),
    ),
    (
        [Q],
        "Etävastaanotto on yhtä hyvä kuin käynti paikan päällä.",
        "En distansmottagning är lika bra som ett besök på plats.",
        (1, -1, 0),
    ),
    (
        [Q],
        "Omaisten pitää saada osallistua hoidon suunnitteluun.",
        "De anhöriga ska få delta i planeringen av vården.",
        (0, 1, 1),
    ),
    (
        [E],
        "Ennaltaehkäisy on tärkeämpää kuin uudet hoitopaikat.",
        "Förebyggande arbete är viktigare än nya vårdplatser.",
        (1, 0, 1),
    ),
    (
        [E],
        "Liikuntaneuvontaa pitäisi tarjota jokaiselle ikääntyneelle.",
        "Motionsrådgivning borde erbjudas alla äldre.",
        (1, 1, 1),
    ),
    (
        [E],
        "Terveyssovellukset auttavat huolehtimaan omasta terveydestä.",
        "Hälsoappar hjälper en att ta hand om sin hälsa.",
        (1, -1, -1),
    ),
    (
        [E],
        "Järjestöjen kerhot ja ryhmät kuuluvat hyvinvointialueen palveluihin.",
        "Organisationernas klubbar och grupper hör till välfärdsområdets tjänster.",
        (-1, 1, -1),
    ),
    (
        [E],
        "Mielenterveyspalveluihin pitää päästä ilman lähetettä.",
        "Man ska komma till mentalvårdstjänster utan remiss.",
        (1, 1, 1),
    ),
    ([E], "Kotona asumista tuetaan liian vähän.", "Boende hemma stöds för lite.", (-1, 1, 1)),
    (
        [INT],
        "Yksi yhteyshenkilö riittää, vaikka palveluita olisi monta.",
        "En kontaktperson räcker även om tjänsterna är många.",
        (0, -1, 1),
    ),
    (
        [INT],
        "Ammattilaisten pitää nähdä toistensa kirjaukset, jotta samaa ei kysytä uudelleen.",
        "Yrkespersonerna ska se varandras anteckningar så att samma sak inte frågas på nytt.",
        (1, 0, 1),
    ),
    (
        [INT],
        "Sosiaalityöntekijä pitäisi tavoittaa terveysasemalta.",
        "En socialarbetare borde nås vid hälsostationen.",
        (-1, -1, 1),
    ),
    (
        [INT],
        "Kotiutuksesta sairaalasta pitää sopia ennen kuin potilas lähtee.",
        "Utskrivningen från sjukhuset ska avtalas innan patienten åker hem.",
        (1, 1, 1),
    ),
    (
        [INT],
        "Palveluohjaus verkossa riittää useimmille.",
        "Servicehandledning på nätet räcker för de flesta.",
        (1, -1, -1),
    ),
    (
        [INT, Q],
        "Asiakassuunnitelma pitää tehdä yhdessä asiakkaan kanssa.",
        "Klientplanen ska göras tillsammans med klienten.",
        (1, -1, 1),
    ),
    (
        [A, E],
        "Neuvolat ja koulun terveydenhoito ovat palveluista tärkeimpiä.",
        "Rådgivningen och skolhälsovården är de viktigaste tjänsterna.",
        (0, 1, -1),
    ),
    (
        [ACC, INT],
        "Kaikki palvelut pitää löytää yhdestä puhelinnumerosta.",
        "Alla tjänster ska nås via ett telefonnummer.",
        (0, -1, 1),
    ),
]

PENDING = [
    ("fi", "Saariston asukkaille tarvitaan oma vastaanottopäivä kerran viikossa."),
    ("sv", "Skärgårdsborna behöver en egen mottagningsdag varje vecka."),
]


def prepare(project) -> OpinionRound | None:
    if OpinionRound.objects.filter(project=project).exists():
        return None
    now = timezone.now()
    kind = project.region.kind  # the demo's texts are a county's: in this region's words
    round = services.round_create(
        project=project,
        question=texts_in_region_words(QUESTION, kind),
        starts_at=now - timedelta(days=10),
        ends_at=now + timedelta(days=30),
        by=None,
    )
    statements = []
    for perspectives, fi, sv, _stance in STATEMENTS:
        statements.append(
            services.statement_add(
                round=round,
                texts=texts_in_region_words({"fi": fi, "sv": sv}, kind),
                perspectives=perspectives,
                by=None,
            )
        )
    for language, text in PENDING:
        services.statement_submit(
            round=round,
            participant=f"{len(text):032x}",
            text=in_region_words(text, kind, language),
            language=language,
        )
    _votes(round, statements)
    return round


def _votes(round, statements) -> None:
    rng = random.Random(SEED)
    votes, counts = [], [0] * len(statements)
    for n in range(PARTICIPANTS):
        group = rng.choices((0, 1, 2), weights=(3, 4, 3))[0]
        participant = f"{SEED:08x}{n:024x}"
        seen = rng.sample(range(len(statements)), rng.randint(12, len(statements)))
        for i in seen:
            stance = STATEMENTS[i][3][group]
            roll = rng.random()
            if not stance:  # the group is split on it
                choice = rng.choice((OpinionVote.AGREE, OpinionVote.DISAGREE, stance, 1, -1))
            elif roll < 0.8:
                choice = stance
            elif roll < 0.9:
                choice = OpinionVote.PASS
            else:
                choice = rng.choice((OpinionVote.AGREE, OpinionVote.DISAGREE))
            votes.append(
                OpinionVote(
                    round=round, statement=statements[i], participant=participant, choice=choice
                )
            )
            counts[i] += 1
    OpinionVote.objects.bulk_create(votes, batch_size=2000)
    for statement, count in zip(statements, counts, strict=True):
        statement.vote_count = count
    OpinionStatement.objects.bulk_update(statements, ["vote_count"])
    OpinionRound.objects.filter(pk=round.pk).update(version=len(votes))
