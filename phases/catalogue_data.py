"""The national six-phase model: phases, tasks, required results and checklists (fi/sv/en).

Data only. Loaded into the database by phases.catalogue.sync_catalogue()."""

# The stakeholder groups the national handbook lists for phase 1 (a region adds its own).
STAKEHOLDER_CATALOGUE = [
    {
        "key": "residents",
        "name": {
            "fi": "Asukkaat ja asiakkaat",
            "sv": "Invånare och kunder",
            "en": "Residents and customers",
        },
    },
    {
        "key": "decision_makers",
        "name": {
            "fi": "Poliittiset päätöksentekijät",
            "sv": "Politiska beslutsfattare",
            "en": "Political decision-makers",
        },
    },
    {
        "key": "staff",
        "name": {
            "fi": "Henkilöstö ja henkilöstöjärjestöt",
            "sv": "Personal och personalorganisationer",
            "en": "Staff and staff organisations",
        },
    },
    {
        "key": "third_sector",
        "name": {
            "fi": "Kolmas sektori (järjestöt ja yhdistykset)",
            "sv": "Tredje sektorn (organisationer och föreningar)",
            "en": "Third sector (associations and NGOs)",
        },
    },
    {
        "key": "cultural_actors",
        "name": {
            "fi": "Kulttuuritoimijat",
            "sv": "Kulturaktörer",
            "en": "Cultural actors",
        },
    },
    {
        "key": "municipalities",
        "name": {
            "fi": "Kunnat",
            "sv": "Kommuner",
            "en": "Municipalities",
        },
    },
    {
        "key": "educational_institutions",
        "name": {
            "fi": "Oppilaitokset",
            "sv": "Läroanstalter",
            "en": "Educational institutions",
        },
    },
    {
        "key": "advisory_councils",
        "name": {
            "fi": "Vaikuttamistoimielimet (ikääntyneiden neuvosto, nuorisovaltuusto, vammaisneuvosto)",
            "sv": "Påverkansorgan (äldreråd, ungdomsfullmäktige, råd för personer med funktionsnedsättning)",
            "en": "Advisory councils (older people's council, youth council, disability council)",
        },
    },
    {
        "key": "service_providers",
        "name": {
            "fi": "Sosiaali- ja terveysalan yritykset (palveluntuottajat)",
            "sv": "Social- och hälsovårdsföretag (tjänsteproducenter)",
            "en": "Social and health care companies (service providers)",
        },
    },
    {
        "key": "media",
        "name": {
            "fi": "Tiedotusvälineet",
            "sv": "Medier",
            "en": "Media",
        },
    },
    {
        "key": "state",
        "name": {
            "fi": "Valtio (ministeriöt)",
            "sv": "Staten (ministerierna)",
            "en": "The state (ministries)",
        },
    },
    {
        "key": "special_groups",
        "name": {
            "fi": "Erityisryhmät (esim. kielivähemmistöt)",
            "sv": "Specialgrupper (t.ex. språkliga minoriteter)",
            "en": "Special groups (e.g. language minorities)",
        },
    },
]

# The test questions of phase 3 ("Läpikäynti" / "Genomgång"), asked of every promise.
FINALISATION_QUESTIONS = [
    {
        "key": "realistic",
        "text": {
            "fi": "Onko palvelulupauksen sisältö realistinen sekä taloudellisesti että toiminnallisesti?",
            "sv": "Är innehållet i servicelöftet realistiskt både ekonomiskt och verksamhetsmässigt?",
            "en": "Is the content of the service promise realistic, both financially and operationally?",
        },
    },
    {
        "key": "steers_organising",
        "text": {
            "fi": "Ohjaako palvelulupaus palvelujen järjestämistä strategisesti oikeaan suuntaan?",
            "sv": "Styr servicelöftet organiseringen av tjänsterna i rätt strategisk riktning?",
            "en": "Does the service promise steer the organising of services in the right strategic direction?",
        },
    },
    {
        "key": "steers_producers",
        "text": {
            "fi": "Ohjaako palvelulupauksen sisältö palveluntuottajia strategisesti oikeaan suuntaan?",
            "sv": "Styr innehållet i servicelöftet tjänsteproducenterna i rätt strategisk riktning?",
            "en": "Does the content of the service promise steer the service providers in the right strategic direction?",
        },
    },
    {
        "key": "understandable",
        "text": {
            "fi": "Onko palvelulupaus helppo ymmärtää asukkaiden ja asiakkaiden näkökulmasta?",
            "sv": "Är servicelöftet lätt att förstå för våra invånare och kunder?",
            "en": "Is the service promise easy to understand from the point of view of our residents and customers?",
        },
    },
    {
        "key": "measurable",
        "text": {
            "fi": "Onko palvelulupaus mitattavissa, eli voimmeko seurata sen toteutumista ja edistymistä?",
            "sv": "Är servicelöftet mätbart, så att vi kan följa hur det genomförs och framskrider?",
            "en": "Is the service promise measurable, so that we can follow how it is delivered and how it progresses?",
        },
    },
]

PHASES = [
    # ------------------------------------------------------------------ phase 1
    {
        "number": 1,
        "key": "start",
        "name": {
            "fi": "Projektin käynnistäminen",
            "sv": "Ett projekt inleds",
            "en": "Project start",
        },
        "summary": {
            "fi": "Palvelulupauksen valmistelu organisoidaan projektiksi: selvitetään työn lähtökohdat ja reunaehdot, "
            "nimetään vastuut ja resurssit sekä valitaan työtavat ja välineet.",
            "sv": "Beredningen av servicelöftet organiseras som ett projekt: utgångspunkterna och ramarna för arbetet "
            "klarläggs, ansvar och resurser fördelas och arbetssätt och verktyg väljs.",
            "en": "The preparation of the service promise is set up as a project: the starting points and constraints "
            "are clarified, responsibilities and resources are assigned, and working methods and tools are chosen.",
        },
        "outcome": {
            "fi": "Palvelulupauksen valmistelu on käynnistetty projektina, ja sille on varattu resurssit. Työn rajaukset "
            "ja reunaehdot, keskeiset toimijat ja yhdyspinnat on selvitetty, ja projektisuunnitelma "
            "osallisuussuunnitelmineen on valmis.",
            "sv": "Beredningen av servicelöftet har startats som ett projekt med reserverade resurser. Avgränsningarna "
            "och ramarna för arbetet, de centrala aktörerna och kontaktytorna är klarlagda, och projektplanen med "
            "delaktighetsplan är färdig.",
            "en": "The preparation of the service promise has been launched as a resourced project. The scope and "
            "constraints of the work, the key actors and the interfaces have been clarified, and the project plan, "
            "including the participation plan, is complete.",
        },
        "tasks": [
            {
                "key": "constraints",
                "required": True,
                "name": {
                    "fi": "Selvitä reunaehdot",
                    "sv": "Klargör utgångspunkterna",
                    "en": "Establish constraints",
                },
                "description": {
                    "fi": "Kokoa yhteen, mitä hyvinvointialuestrategia, palvelustrategia sekä talouden ja toiminnan "
                    "ohjaus edellyttävät palvelulupaukselta. Pohdi, mitä alueenne erityispiirteitä strategioissa "
                    "korostetaan, mitä tavoitteita lupaukselle asetetaan ja painottuuko työ esimerkiksi digitaalisiin "
                    "palveluihin, asiakaskokemukseen, verkostojen johtamiseen vai tuottavuuteen. Kirjaa johtopäätökset "
                    "lyhyeksi tarkistuslistaksi jatkotyön pohjaksi.",
                    "sv": "Sammanställ vad välfärdsområdesstrategin, servicestrategin och styrningen av ekonomi och "
                    "verksamhet kräver av servicelöftet. Fundera på vilka särdrag i ert område strategierna lyfter "
                    "fram, vilka mål ni ställer upp för löftet och om tyngdpunkten ligger på till exempel digitala "
                    "tjänster, kundupplevelsen, nätverksledning eller produktivitet. Skriv ner slutsatserna i en kort "
                    "checklista som grund för det fortsatta arbetet.",
                    "en": "Bring together what the regional strategy, the service strategy and the financial and "
                    "operational steering require of the service promise. Consider which local characteristics the "
                    "strategies emphasise, what goals you set for the promise and whether the emphasis lies on, for "
                    "example, digital services, customer experience, network management or productivity. Record the "
                    "conclusions as a short checklist to guide the rest of the work.",
                },
            },
            {
                "key": "resourcing",
                "required": True,
                "name": {
                    "fi": "Resursoi",
                    "sv": "Resursera",
                    "en": "Resource",
                },
                "description": {
                    "fi": "Perusta valmistelusta vastaava ryhmä, kuten projekti- tai ohjausryhmä, sekä muut tarvittavat "
                    "ryhmät ja varaa projektille riittävät resurssit. Laadi aikataulu ja sovita se yhteen "
                    "hyvinvointialueen muun valmistelutyön kanssa. Tunnista oman organisaation keskeiset henkilöt sekä "
                    "ulkopuoliset tahot, jotka työhön on syytä ottaa mukaan.",
                    "sv": "Tillsätt en grupp som ansvarar för beredningen, till exempel en projekt- eller styrgrupp, och "
                    "de övriga grupper som behövs, och reservera tillräckliga resurser för projektet. Gör upp en "
                    "tidtabell och samordna den med välfärdsområdets övriga beredningsarbete. Identifiera "
                    "nyckelpersonerna i den egna organisationen och de utomstående aktörer som bör involveras.",
                    "en": "Set up a group responsible for the preparation, such as a project or steering group, and any "
                    "other groups needed, and allocate sufficient resources to the project. Draw up a schedule and fit "
                    "it to the region's other planning work. Identify the key people in your own organisation and the "
                    "outside parties who should be involved.",
                },
            },
            {
                "key": "national_goals",
                "required": True,
                "name": {
                    "fi": "Yhteensovita",
                    "sv": "Samordna",
                    "en": "Align with national goals",
                },
                "description": {
                    "fi": "Sovita alueen edunvalvonta ja palvelulupaus yhteen sosiaali- ja terveydenhuollon "
                    "valtakunnallisten tavoitteiden kanssa, sillä ne on otettava lupauksessa huomioon. Valtio rahoittaa "
                    "alueen palvelut ja seuraa niiden toteutumista ja kustannuksia. Lupauksen toteutumisesta voi siksi "
                    "tehdä keskeisen seurantakohteen, jolla alue osoittaa kansallisten tavoitteiden saavuttamisen.",
                    "sv": "Samordna områdets intressebevakning och servicelöftet med de riksomfattande målen för social- "
                    "och hälsovården, eftersom de ska beaktas i löftet. Staten finansierar områdets tjänster och följer "
                    "upp hur de genomförs och vad de kostar. Genomförandet av löftet kan därför bli ett centralt "
                    "uppföljningsobjekt med vilket området visar att de nationella målen nås.",
                    "en": "Align the region's advocacy and the service promise with the national goals for social and "
                    "health care, which the promise must take into account. The state funds the region's services and "
                    "monitors their delivery and costs, so the fulfilment of the promise can become a central object "
                    "of follow-up through which the region shows that the national goals are being met.",
                },
            },
            {
                "key": "methods",
                "required": True,
                "name": {
                    "fi": "Valitse",
                    "sv": "Välj metoder",
                    "en": "Choose methods and tools",
                },
                "description": {
                    "fi": "Selvitä, mitä menetelmiä, malleja ja työkaluja prosessissa käytetään ja mitä alueella on jo "
                    "käytössä: esimerkiksi sosiaalinen media, sähköiset kyselyt, projektin seurannan välineet sekä "
                    "osallistavat työpaja- ja fasilitointimallit. Perinteiset strategiatyön tavat eivät yksin riitä, "
                    "joten suunnittele valmistelu monikanavaiseksi.",
                    "sv": "Utred vilka metoder, modeller och verktyg som ska användas i processen och vilka som redan "
                    "finns i området, till exempel sociala medier, elektroniska enkäter, verktyg för uppföljning av "
                    "projektet och inkluderande workshop- och faciliteringsmodeller. Strategiarbetets traditionella "
                    "arbetssätt räcker inte ensamma, så planera en beredning som sker via många kanaler.",
                    "en": "Determine which methods, models and tools the process will use and which are already "
                    "available in the region, for example social media, online surveys, project-tracking tools and "
                    "participatory workshop and facilitation models. Traditional ways of doing strategy work are not "
                    "enough on their own, so plan the preparation to run through many channels.",
                },
            },
        ],
        "results": [
            {
                "key": "project_plan",
                "name": {
                    "fi": "Projektisuunnitelma ja osallisuussuunnitelma",
                    "sv": "Projektplan med delaktighetsplan",
                    "en": "Project plan including the participation plan",
                },
                "description": {
                    "fi": "Projektisuunnitelma, joka kuvaa tavoitteet, rajaukset, organisoinnin, resurssit ja "
                    "aikataulun, sekä osallisuussuunnitelma: keitä valmisteluun otetaan mukaan, millä tavoin ja milloin.",
                    "sv": "En projektplan som beskriver mål, avgränsningar, organisation, resurser och tidtabell, samt "
                    "en delaktighetsplan: vilka som involveras i beredningen, på vilket sätt och när.",
                    "en": "A project plan describing the goals, scope, organisation, resources and schedule, together "
                    "with a participation plan: who will be involved in the preparation, how and when.",
                },
                "provided_by": None,
            },
            {
                "key": "constraints_summary",
                "name": {
                    "fi": "Reunaehtojen yhteenveto",
                    "sv": "Sammandrag av utgångspunkterna",
                    "en": "Summary of the constraints",
                },
                "description": {
                    "fi": "Tiivis yhteenveto reunaehtojen tarkistuslistasta: keskeiset johtopäätökset lainsäädännöstä, "
                    "strategioista, alueen rakenteista ja valtakunnallisesta ohjauksesta palvelulupaustyön pohjaksi.",
                    "sv": "Ett kort sammandrag av checklistan för utgångspunkterna: de centrala slutsatserna om "
                    "lagstiftningen, strategierna, områdets strukturer och den nationella styrningen som grund för "
                    "arbetet med servicelöftet.",
                    "en": "A short summary of the constraints checklist: the main conclusions on legislation, "
                    "strategies, the region's structures and national steering that frame the work on the promise.",
                },
                "provided_by": None,
            },
        ],
        "checklists": [
            {
                "key": "constraints",
                "name": {
                    "fi": "Reunaehtojen tarkistuslista",
                    "sv": "Checklista för utgångspunkterna",
                    "en": "Constraints checklist",
                },
                "intro": {
                    "fi": "Palvelulupauksen on kytkeydyttävä tiiviisti lainsäädäntöön, alueen strategiatyöhön sekä "
                    "olemassa oleviin rakenteisiin ja johtamisjärjestelmään. Arvioikaa, missä määrin seuraavat "
                    "väittämät pitävät paikkansa, ja kirjatkaa huomiot yhteenvetoa varten.",
                    "sv": "Servicelöftet ska ha en nära koppling till lagstiftningen, områdets strategiarbete och de "
                    "befintliga strukturerna och ledningssystemet. Bedöm i vilken mån följande påståenden stämmer och "
                    "anteckna era iakttagelser för sammandraget.",
                    "en": "The service promise must be closely tied to legislation, to the region's strategy work and "
                    "to its existing structures and management system. Assess how far each statement holds and note "
                    "your observations for the summary.",
                },
                "statements": [
                    {
                        "key": "legislation",
                        "text": {
                            "fi": "Olemme tunnistaneet lainsäädännön, joka määrittää palvelulupauksen ja sen valmistelun.",
                            "sv": "Vi har identifierat den lagstiftning som ramar in servicelöftet och beredningen av det.",
                            "en": "We have identified the legislation that frames the promise and its preparation.",
                        },
                    },
                    {
                        "key": "regional_strategy",
                        "text": {
                            "fi": "Olemme tunnistaneet hyvinvointialuestrategian linjaukset, joihin palvelulupaus kytkeytyy.",
                            "sv": "Vi har identifierat de riktlinjer i välfärdsområdesstrategin som servicelöftet ska knytas till.",
                            "en": "We have identified the policies of the regional strategy that the promise is linked to.",
                        },
                    },
                    {
                        "key": "service_strategy",
                        "text": {
                            "fi": "Olemme tunnistaneet palvelustrategian tavoitteet ja palvelujen järjestämisen tarkemmat "
                            "strategiset linjaukset, joihin lupaus perustuu.",
                            "sv": "Vi har identifierat servicestrategins mål och de mer detaljerade strategiska riktlinjerna "
                            "för hur tjänsterna ordnas, som löftet bygger på.",
                            "en": "We have identified the goals of the service strategy and the more detailed strategic "
                            "guidelines for organising services on which the promise is based.",
                        },
                    },
                    {
                        "key": "structures",
                        "text": {
                            "fi": "Tunnemme alueen rakenteet, ohjausmallit ja johtamisjärjestelmän sekä niiden määrittämät "
                            "roolit ja vastuut.",
                            "sv": "Vi känner till områdets strukturer, styrmodeller och ledningssystem samt de roller och "
                            "ansvar som de fastställer.",
                            "en": "We know the region's structures, steering models and management system, and the roles "
                            "and responsibilities they set.",
                        },
                    },
                    {
                        "key": "national_steering",
                        "text": {
                            "fi": "Olemme tunnistaneet ministeriöiden ohjauksen ja valtakunnalliset tavoitteet, jotka "
                            "lupauksessa on otettava huomioon.",
                            "sv": "Vi har identifierat ministeriernas styrning och de riksomfattande mål som löftet ska beakta.",
                            "en": "We have identified the ministries' steering and the national goals that the promise must "
                            "take into account.",
                        },
                    },
                ],
            },
            {
                "key": "stakeholders",
                "name": {
                    "fi": "Sidosryhmien tunnistaminen",
                    "sv": "Identifiering av intressegrupper",
                    "en": "Stakeholder identification",
                },
                "intro": {
                    "fi": "Käykää läpi kansallisessa mallissa tunnistetut sidosryhmät. Arvioikaa, mitkä niistä ovat "
                    "alueellenne tärkeimpiä ja miten ne otetaan mukaan valmisteluun, ja lisätkää tarvittaessa omia ryhmiä.",
                    "sv": "Gå igenom de intressegrupper som identifierats i den nationella modellen. Bedöm vilka av dem "
                    "som är viktigast för ert område och hur de ska involveras i beredningen, och lägg vid behov till "
                    "egna grupper.",
                    "en": "Go through the stakeholder groups identified in the national model. Assess which of them "
                    "matter most to your region and how they will be involved in the preparation, and add your own "
                    "groups where needed.",
                },
                "statements": [
                    {
                        "key": "residents",
                        "text": {
                            "fi": "Olemme tunnistaneet asukkaat ja asiakkaat sekä tavat ottaa heidät mukaan.",
                            "sv": "Vi har identifierat invånarna och kunderna och hur de ska involveras.",
                            "en": "We have identified residents and customers and how to involve them.",
                        },
                    },
                    {
                        "key": "decision_makers",
                        "text": {
                            "fi": "Olemme tunnistaneet poliittiset päätöksentekijät sekä tavat ottaa heidät mukaan.",
                            "sv": "Vi har identifierat de politiska beslutsfattarna och hur de ska involveras.",
                            "en": "We have identified the political decision-makers and how to involve them.",
                        },
                    },
                    {
                        "key": "staff",
                        "text": {
                            "fi": "Olemme tunnistaneet henkilöstön ja henkilöstöjärjestöt sekä tavat ottaa ne mukaan jo "
                            "varhaisessa vaiheessa.",
                            "sv": "Vi har identifierat personalen och personalorganisationerna och hur de ska involveras "
                            "redan i ett tidigt skede.",
                            "en": "We have identified staff and staff organisations and how to involve them from an "
                            "early stage.",
                        },
                    },
                    {
                        "key": "third_sector",
                        "text": {
                            "fi": "Olemme tunnistaneet kolmannen sektorin toimijat, kuten järjestöt ja yhdistykset, sekä "
                            "tavat ottaa ne mukaan.",
                            "sv": "Vi har identifierat aktörerna inom tredje sektorn, såsom organisationer och föreningar, "
                            "och hur de ska involveras.",
                            "en": "We have identified third-sector actors, such as associations and NGOs, and how to "
                            "involve them.",
                        },
                    },
                    {
                        "key": "cultural_actors",
                        "text": {
                            "fi": "Olemme tunnistaneet alueen kulttuuritoimijat sekä tavat ottaa ne mukaan.",
                            "sv": "Vi har identifierat kulturaktörerna i området och hur de ska involveras.",
                            "en": "We have identified the cultural actors in the region and how to involve them.",
                        },
                    },
                    {
                        "key": "municipalities",
                        "text": {
                            "fi": "Olemme tunnistaneet alueen kunnat ja yhdyspinnat niiden kanssa sekä tavat ottaa ne mukaan.",
                            "sv": "Vi har identifierat kommunerna i området och kontaktytorna mot dem samt hur de ska "
                            "involveras.",
                            "en": "We have identified the municipalities in the region and our interfaces with them, and "
                            "how to involve them.",
                        },
                    },
                    {
                        "key": "educational_institutions",
                        "text": {
                            "fi": "Olemme tunnistaneet oppilaitokset sekä tavat ottaa ne mukaan.",
                            "sv": "Vi har identifierat läroanstalterna och hur de ska involveras.",
                            "en": "We have identified the educational institutions and how to involve them.",
                        },
                    },
                    {
                        "key": "advisory_councils",
                        "text": {
                            "fi": "Olemme tunnistaneet vaikuttamistoimielimet, kuten ikääntyneiden neuvoston, "
                            "nuorisovaltuuston ja vammaisneuvoston, sekä tavat ottaa ne mukaan.",
                            "sv": "Vi har identifierat påverkansorganen, såsom äldrerådet, ungdomsfullmäktige och rådet "
                            "för personer med funktionsnedsättning, och hur de ska involveras.",
                            "en": "We have identified the advisory councils, such as the older people's council, the "
                            "youth council and the disability council, and how to involve them.",
                        },
                    },
                    {
                        "key": "service_providers",
                        "text": {
                            "fi": "Olemme tunnistaneet sosiaali- ja terveysalan yritykset eli palveluntuottajat sekä tavat "
                            "ottaa ne mukaan.",
                            "sv": "Vi har identifierat social- och hälsovårdsföretagen, det vill säga "
                            "tjänsteproducenterna, och hur de ska involveras.",
                            "en": "We have identified the social and health care companies, that is the service "
                            "providers, and how to involve them.",
                        },
                    },
                    {
                        "key": "media",
                        "text": {
                            "fi": "Olemme tunnistaneet tiedotusvälineet, kuten maakunta- ja paikallislehdet, sekä tavat "
                            "ottaa ne mukaan.",
                            "sv": "Vi har identifierat medierna, såsom landskaps- och lokaltidningarna, och hur de ska "
                            "involveras.",
                            "en": "We have identified the media, such as regional and local newspapers, and how to "
                            "involve them.",
                        },
                    },
                    {
                        "key": "state",
                        "text": {
                            "fi": "Olemme tunnistaneet valtion toimijat, kuten ministeriöt, sekä tavat ottaa ne mukaan.",
                            "sv": "Vi har identifierat de statliga aktörerna, såsom ministerierna, och hur de ska "
                            "involveras.",
                            "en": "We have identified the state actors, such as the ministries, and how to involve them.",
                        },
                    },
                    {
                        "key": "special_groups",
                        "text": {
                            "fi": "Olemme tunnistaneet alueen erityisryhmät, kuten kielivähemmistöt, sekä tavat ottaa "
                            "heidät mukaan.",
                            "sv": "Vi har identifierat specialgrupperna i området, till exempel språkliga minoriteter, och "
                            "hur de ska involveras.",
                            "en": "We have identified the special groups in the region, such as language minorities, and "
                            "how to involve them.",
                        },
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ phase 2
    {
        "number": 2,
        "key": "dialogue",
        "name": {
            "fi": "Vuoropuhelu ja osallisuus",
            "sv": "Dialog och delaktighet",
            "en": "Dialogue and participation",
        },
        "summary": {
            "fi": "Asukkaat, asiakkaat ja muut keskeiset sidosryhmät otetaan mukaan valmisteluun aidossa "
            "vuoropuhelussa, jotta palvelulupaus rakentuu heidän näkemystensä ja tarpeidensa varaan.",
            "sv": "Invånare, kunder och andra centrala intressegrupper involveras i beredningen genom en genuin "
            "dialog, så att servicelöftet bygger på deras synpunkter och behov.",
            "en": "Residents, customers and other key stakeholders are brought into the preparation through genuine "
            "dialogue, so that the service promise is built on their views and needs.",
        },
        "outcome": {
            "fi": "Valmistelijoilla on aiempaa tarkempi kuva asukkaiden ja sidosryhmien tarpeista sekä uusia ideoita "
            "lupauksen rakenteeseen, sisältöön ja tavoitteisiin. Eri tahot ovat sitoutuneet työhön.",
            "sv": "Beredarna har fått en mer detaljerad bild av invånarnas och intressegruppernas behov samt nya "
            "idéer för löftets struktur, innehåll och mål. De olika aktörerna har engagerat sig i arbetet.",
            "en": "The preparers have a more detailed picture of the needs of residents and stakeholders and new ideas "
            "for the structure, content and goals of the promise. The different parties are committed to the work.",
        },
        "tasks": [
            {
                "key": "identify_stakeholders",
                "required": True,
                "name": {
                    "fi": "Tunnistaminen",
                    "sv": "Identifiering",
                    "en": "Identify stakeholders",
                },
                "description": {
                    "fi": "Tunnista alueen tarpeista lähtien tahot, jotka valmisteluun on olennaista ottaa mukaan, "
                    "mukaan lukien yhdyspinta kuntiin ja kaikki alueen vastuulla olevat toimialat. Lupauksen "
                    "tarkoituksena on tuoda asukkaiden näkemykset ja tarpeet osaksi palvelujen järjestämistä, joten "
                    "asukkaiden ja asiakkaiden osallisuus on varmistettava. Vuoropuhelun laajuus riippuu siitä, mitä "
                    "palveluja ja palvelukokonaisuuksia lupaus kattaa.",
                    "sv": "Identifiera utifrån områdets behov de aktörer som är väsentliga att involvera i beredningen, "
                    "inklusive kontaktytan mot kommunerna och alla sektorer som området ansvarar för. Löftet ska föra "
                    "in invånarnas synpunkter och behov i organiseringen av tjänsterna, så invånarnas och kundernas "
                    "delaktighet måste säkerställas. Dialogens omfattning beror på vilka tjänster och tjänstehelheter "
                    "löftet omfattar.",
                    "en": "Starting from the region's needs, identify the parties that are essential to involve, "
                    "including the interface with the municipalities and every sector the region is responsible for. "
                    "The promise is meant to bring residents' views and needs into the organising of services, so the "
                    "participation of residents and customers must be ensured. How wide the dialogue is depends on "
                    "which services and service packages the promise covers.",
                },
            },
            {
                "key": "choose_methods",
                "required": True,
                "name": {
                    "fi": "Valinta",
                    "sv": "Val av metoder",
                    "en": "Choose participation methods",
                },
                "description": {
                    "fi": "Valitse kullekin kohde- ja sidosryhmälle sopivat osallistamisen tavat. Käyttökelpoisia "
                    "keinoja ovat esimerkiksi sosiaalinen media, alueen verkkosivut ja intranet, erilaiset raadit ja "
                    "paneelit sekä sähköiset kyselyt. Laaja vuoropuhelu auttaa sovittamaan yhteen erilaisia näkemyksiä "
                    "alueen toiminnasta ja tavoitteista.",
                    "sv": "Välj lämpliga delaktighetsmetoder för varje mål- och intressegrupp. Användbara metoder är "
                    "till exempel sociala medier, områdets webbplats och intranät, olika paneler samt elektroniska "
                    "enkäter. En bred dialog hjälper till att jämka samman olika synsätt på områdets verksamhet och mål.",
                    "en": "Choose suitable participation methods for each target and stakeholder group. Useful methods "
                    "include social media, the region's website and intranet, resident panels and online surveys. A "
                    "broad dialogue helps to bring different views on the region's activities and goals together.",
                },
            },
            {
                "key": "engage",
                "required": True,
                "name": {
                    "fi": "Osallisuus",
                    "sv": "Delaktighet",
                    "en": "Engage",
                },
                "description": {
                    "fi": "Ota valituilla tavoilla mukaan asukkaat, päätöksentekijät, viranhaltijat, kolmas sektori ja "
                    "yritykset. Pyri jatkuvaan vuoropuheluun, sillä pelkkä kuuleminen prosessin alussa ei riitä. "
                    "Poliittisen johdon aktiivinen osallistuminen sitouttaa strategian ja lupauksen tavoitteisiin ja "
                    "luo pohjan perustelluille valinnoille ja rajauksille.",
                    "sv": "Involvera invånare, beslutsfattare, tjänsteinnehavare, tredje sektorn och företag med de "
                    "valda metoderna. Sträva efter en kontinuerlig dialog, eftersom det inte räcker att höra aktörerna "
                    "bara i början av processen. Den politiska ledningens aktiva deltagande skapar engagemang för "
                    "strategins och löftets mål och lägger grunden för motiverade val och avgränsningar.",
                    "en": "Use the chosen methods to involve residents, decision-makers, officials, the third sector and "
                    "companies. Aim for continuous dialogue, since consulting people only at the start of the process "
                    "is not enough. Active participation by the political leadership builds commitment to the goals "
                    "of the strategy and the promise and lays the ground for well-founded choices and limits.",
                },
            },
            {
                "key": "synthesise",
                "required": True,
                "name": {
                    "fi": "Johtopäätökset",
                    "sv": "Syntes och slutsatser",
                    "en": "Synthesise",
                },
                "description": {
                    "fi": "Kun osallistaminen on tehty, kokoa johtopäätökset siitä, mitä eri tahot toivat esiin "
                    "kustakin viidestä näkökulmasta: saatavuus, saavutettavuus, laatu, vaikuttavuus sekä "
                    "asiakasprosessit ja sote-integraatio. Yhteenvedot ovat seuraavan vaiheen sisältövalintojen pohja.",
                    "sv": "När aktörerna har involverats sammanställer du slutsatser om vad de olika aktörerna lyfte "
                    "fram i vart och ett av de fem perspektiven: tillgång, tillgänglighet, kvalitet, verkningsfullhet "
                    "samt kundprocesser och social- och hälsovårdsintegration. Sammandragen är grunden för "
                    "innehållsvalen i nästa fas.",
                    "en": "Once the engagement is done, draw conclusions on what the different parties raised under "
                    "each of the five perspectives: access, accessibility, quality, effectiveness, and customer "
                    "processes and social and health care integration. These syntheses are the basis for the content "
                    "choices in the next phase.",
                },
            },
        ],
        "results": [
            {
                "key": "perspective_synthesis",
                "name": {
                    "fi": "Yhteenveto näkökulmittain",
                    "sv": "Sammandrag per perspektiv",
                    "en": "Synthesis per perspective",
                },
                "description": {
                    "fi": "Kustakin viidestä näkökulmasta on kirjattu yhteenveto siitä, mitä asukkaat ja sidosryhmät "
                    "toivat esiin.",
                    "sv": "För vart och ett av de fem perspektiven finns ett sammandrag av vad invånarna och "
                    "intressegrupperna lyfte fram.",
                    "en": "For each of the five perspectives, a synthesis has been recorded of what residents and "
                    "stakeholders raised.",
                },
                "provided_by": "participation.synthesis",
            },
        ],
        "checklists": [
            {
                "key": "participation",
                "name": {
                    "fi": "Vuoropuhelun ja osallisuuden tarkistuslista",
                    "sv": "Checklista för dialog och delaktighet",
                    "en": "Dialogue and participation checklist",
                },
                "intro": {
                    "fi": "Arvioikaa, onko vuoropuhelu ollut riittävän laajaa ja aitoa, jotta palvelulupaus perustuu "
                    "asukkaiden ja sidosryhmien näkemyksiin.",
                    "sv": "Bedöm om dialogen har varit tillräckligt bred och genuin för att servicelöftet ska bygga på "
                    "invånarnas och intressegruppernas synpunkter.",
                    "en": "Assess whether the dialogue has been broad and genuine enough for the service promise to rest "
                    "on the views of residents and stakeholders.",
                },
                "statements": [
                    {
                        "key": "stakeholders_identified",
                        "text": {
                            "fi": "Olemme tunnistaneet alueen tarpeiden kannalta olennaiset tahot, myös yhdyspinnan kuntiin.",
                            "sv": "Vi har identifierat de aktörer som är väsentliga för områdets behov, även kontaktytan "
                            "mot kommunerna.",
                            "en": "We have identified the parties that matter for the region's needs, including the "
                            "interface with the municipalities.",
                        },
                    },
                    {
                        "key": "methods_per_group",
                        "text": {
                            "fi": "Olemme valinneet jokaiselle kohde- ja sidosryhmälle sopivat osallistamisen tavat.",
                            "sv": "Vi har valt lämpliga delaktighetsmetoder för varje mål- och intressegrupp.",
                            "en": "We have chosen suitable participation methods for each target and stakeholder group.",
                        },
                    },
                    {
                        "key": "residents_reached",
                        "text": {
                            "fi": "Asukkaat ja asiakkaat, myös ne, jotka eivät käytä digitaalisia kanavia, ovat voineet "
                            "osallistua useiden kanavien kautta.",
                            "sv": "Invånarna och kunderna, även de som inte använder digitala kanaler, har kunnat delta "
                            "via flera kanaler.",
                            "en": "Residents and customers, including those who do not use digital channels, have been "
                            "able to take part through several channels.",
                        },
                    },
                    {
                        "key": "political_leadership",
                        "text": {
                            "fi": "Poliittinen johto on osallistunut valmisteluun aktiivisesti.",
                            "sv": "Den politiska ledningen har deltagit aktivt i beredningen.",
                            "en": "The political leadership has taken an active part in the preparation.",
                        },
                    },
                    {
                        "key": "continuous_dialogue",
                        "text": {
                            "fi": "Olemme sopineet, miten vuoropuhelu jatkuu koko prosessin ajan eikä jää alkuvaiheen "
                            "kuulemiseen.",
                            "sv": "Vi har kommit överens om hur dialogen fortsätter genom hela processen och inte "
                            "stannar vid ett hörande i början.",
                            "en": "We have agreed how the dialogue continues throughout the process rather than ending "
                            "with an initial consultation.",
                        },
                    },
                    {
                        "key": "conclusions_per_perspective",
                        "text": {
                            "fi": "Olemme muodostaneet johtopäätökset jokaisesta viidestä näkökulmasta.",
                            "sv": "Vi har dragit slutsatser för vart och ett av de fem perspektiven.",
                            "en": "We have drawn conclusions for each of the five perspectives.",
                        },
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ phase 3
    {
        "number": 3,
        "key": "preparation",
        "name": {
            "fi": "Viranhaltijavalmistelu",
            "sv": "Tjänstemannaberedning",
            "en": "Official preparation",
        },
        "summary": {
            "fi": "Valmisteleva viranhaltija ja työryhmä linjaavat lupauksen sisällön, vievät ensimmäisen luonnoksen "
            "avoimelle kommenttikierrokselle ja lausunnoille sekä viimeistelevät lupauksen saadun palautteen pohjalta.",
            "sv": "Den beredande tjänstemannen och arbetsgruppen drar upp linjerna för löftets innehåll, sänder det "
            "första utkastet på en öppen kommentarsrunda och remiss och finslipar löftet utifrån responsen.",
            "en": "The preparing official and the working group set the content of the promise, open the first draft "
            "for public comment and statements, and finalise the promise on the basis of the responses.",
        },
        "outcome": {
            "fi": "Avoimen, vuorovaikutteisen ja monikanavaisen valmistelun tuloksena on syntynyt palvelulupauksen "
            "ensimmäinen luonnos, joka on kommentoitu, käsitelty ja viimeistelty päätöksentekoa varten.",
            "sv": "En öppen, interaktiv beredning via många kanaler har resulterat i ett första utkast till "
            "servicelöftet, som har kommenterats, behandlats och finslipats inför beslutsfattandet.",
            "en": "Open, interactive preparation through many channels has produced a first draft of the service "
            "promise that has been commented on, processed and finalised for decision-making.",
        },
        "tasks": [
            {
                "key": "choose_content",
                "required": True,
                "name": {
                    "fi": "Valinta",
                    "sv": "Linjer och val",
                    "en": "Choose content per perspective",
                },
                "description": {
                    "fi": "Linjaa lupauksen sisältö palveluittain tai palvelukokonaisuuksittain viiden näkökulman "
                    "kautta: saatavuus, saavutettavuus, laatu, vaikuttavuus ja sote-integraatio. Tiivistä kunkin "
                    "näkökulman tavoite sekä järjestäjän että asukkaan kannalta. Tee työ tiiviisti valmistelusta "
                    "vastaavan viranhaltijan ja työryhmän kanssa ja varaa sille riittävästi aikaa.",
                    "sv": "Dra upp linjerna för löftets innehåll per tjänst eller tjänstehelhet utifrån de fem "
                    "perspektiven: tillgång, tillgänglighet, kvalitet, verkningsfullhet och social- och "
                    "hälsovårdsintegration. Sammanfatta målet för varje perspektiv både ur anordnarens och ur "
                    "invånarens synvinkel. Arbeta i nära samarbete med den ansvariga tjänsteinnehavaren och "
                    "arbetsgruppen och reservera tillräckligt med tid.",
                    "en": "Set the content of the promise per service or service package through the five "
                    "perspectives: access, accessibility, quality, effectiveness and social and health care "
                    "integration. Summarise the goal of each perspective from both the organiser's and the resident's "
                    "point of view. Work closely with the responsible official and the working group, and allow "
                    "enough time for this step.",
                },
            },
            {
                "key": "comment_round",
                "required": True,
                "name": {
                    "fi": "Kommentointi",
                    "sv": "Remiss och kommentarer",
                    "en": "Comment round and statements",
                },
                "description": {
                    "fi": "Avaa ensimmäinen luonnos asukkaiden ja keskeisten sidosryhmien kommentoitavaksi useissa "
                    "kanavissa. Pyydä lisäksi lausunnot alueen virallisilta toimielimiltä ja yhteistyötahoilta "
                    "sovitulla tavalla. Näin osallisuus säilyy ja vahvistuu myös luonnosvaiheessa.",
                    "sv": "Öppna det första utkastet för kommentarer från invånare och centrala intressegrupper via "
                    "flera kanaler. Begär dessutom remissvar från områdets officiella organ och samarbetsparter på det "
                    "sätt som överenskommits. På så sätt upprätthålls och stärks delaktigheten även i utkastskedet.",
                    "en": "Open the first draft for comments from residents and key stakeholders through several "
                    "channels. In addition, request formal statements from the region's official bodies and partners "
                    "in the agreed way. This keeps participation alive and strengthens it during the draft stage.",
                },
            },
            {
                "key": "analyse_responses",
                "required": True,
                "name": {
                    "fi": "Analysointi",
                    "sv": "Analys av svaren",
                    "en": "Analyse responses",
                },
                "description": {
                    "fi": "Käy kommentit ja lausunnot läpi, ratkaise kunkin kohdalla, johtaako se muutokseen, ja "
                    "perustele ratkaisu. Pohdi samalla lupauksen tarkkuustasoa eli sitä, kuinka yksityiskohtaisia "
                    "tavoitteita eri palveluille asetetaan. Tavoitteiden on oltava riittävän strategisia ja "
                    "konkreettisia, ja niiden toteutumista on voitava seurata.",
                    "sv": "Gå igenom kommentarerna och remissvaren, avgör för vart och ett om det leder till en "
                    "ändring och motivera ställningstagandet. Diskutera samtidigt hur exakt löftet ska vara, det vill "
                    "säga hur detaljerade mål som ställs upp för olika tjänster. Målen ska vara tillräckligt "
                    "strategiska och konkreta, och det ska gå att följa upp hur de uppnås.",
                    "en": "Go through the comments and statements, decide for each whether it leads to a change, and "
                    "give the reason. At the same time, consider the level of detail: how precise the goals set for "
                    "different services should be. The goals must be strategic and concrete enough, and it must be "
                    "possible to follow up how they are met.",
                },
            },
            {
                "key": "finalise",
                "required": True,
                "name": {
                    "fi": "Läpikäynti",
                    "sv": "Genomgång",
                    "en": "Finalise",
                },
                "description": {
                    "fi": "Viimeistele lupauksen keskeinen sisältö ja sanamuodot. Ota alueen ylin johto tiiviisti "
                    "mukaan, jotta lupauksesta tulee koko sosiaali- ja terveydenhuollon järjestämistä ja "
                    "palvelutuotantoa ohjaava työkalu. Testaa lupausta viimeistelykysymysten avulla.",
                    "sv": "Finslipa löftets centrala innehåll och formuleringar. Involvera områdets högsta ledning "
                    "nära, så att löftet blir ett verktyg som styr hela organiseringen och produktionen av social- och "
                    "hälsovården. Testa löftet med hjälp av kontrollfrågorna.",
                    "en": "Refine the core content and wording of the promise. Involve the region's top management "
                    "closely, so that the promise becomes a tool that steers the whole organising and production of "
                    "social and health care. Test the promise against the finalisation questions.",
                },
            },
        ],
        "results": [
            {
                "key": "first_draft",
                "name": {
                    "fi": "Palvelulupauksen ensimmäinen luonnos",
                    "sv": "Första utkastet till servicelöftet",
                    "en": "First draft of the promise",
                },
                "description": {
                    "fi": "Lupauksen ensimmäinen versio, jossa visio ja viisi näkökulmaa on kuvattu sekä järjestäjän "
                    "että asukkaan kannalta.",
                    "sv": "Den första versionen av löftet, där visionen och de fem perspektiven är beskrivna ur både "
                    "anordnarens och invånarens synvinkel.",
                    "en": "The first version of the promise, with the vision and the five perspectives described from "
                    "both the organiser's and the resident's point of view.",
                },
                "provided_by": "promises.draft",
            },
            {
                "key": "comment_round",
                "name": {
                    "fi": "Kommenttikierros päättynyt ja palaute käsitelty",
                    "sv": "Remissrundan avslutad och svaren behandlade",
                    "en": "Comment round closed and responses answered",
                },
                "description": {
                    "fi": "Kommenttikierros on suljettu, ja jokaiseen kommenttiin ja lausuntoon on kirjattu ratkaisu "
                    "perusteluineen.",
                    "sv": "Kommentarsrundan är avslutad, och för varje kommentar och remissvar har ett "
                    "ställningstagande med motivering antecknats.",
                    "en": "The comment round is closed, and a decision with its reasons has been recorded for every "
                    "comment and statement.",
                },
                "provided_by": "participation.round",
            },
            {
                "key": "finalisation",
                "name": {
                    "fi": "Viimeistelykysymykset käsitelty",
                    "sv": "Kontrollfrågorna besvarade",
                    "en": "Finalisation questions answered",
                },
                "description": {
                    "fi": "Viimeistelykysymyksiin on vastattu jokaisen lupauksen osalta.",
                    "sv": "Kontrollfrågorna har besvarats för varje löfte.",
                    "en": "The finalisation questions have been answered for every promise.",
                },
                "provided_by": "promises.finalisation",
            },
        ],
        "checklists": [
            {
                "key": "finalisation",
                "name": {
                    "fi": "Viimeistelykysymykset",
                    "sv": "Kontrollfrågor vid finslipningen",
                    "en": "Finalisation questions",
                },
                "intro": {
                    "fi": "Testatkaa lupausta ennen päätöksentekoa. Jos jokin väittämä ei pidä paikkaansa, palatkaa "
                    "sisältöön ennen kuin lupaus viedään valtuustoon.",
                    "sv": "Testa löftet före beslutsfattandet. Om något påstående inte stämmer, gå tillbaka till "
                    "innehållet innan löftet förs till fullmäktige.",
                    "en": "Test the promise before it goes to decision. If a statement does not hold, return to the "
                    "content before the promise is taken to the council.",
                },
                "statements": [
                    {
                        "key": "realistic",
                        "text": {
                            "fi": "Palvelulupauksen sisältö on realistinen sekä taloudellisesti että toiminnallisesti.",
                            "sv": "Innehållet i servicelöftet är realistiskt både ekonomiskt och verksamhetsmässigt.",
                            "en": "The content of the promise is realistic, both financially and operationally.",
                        },
                    },
                    {
                        "key": "steers_organising",
                        "text": {
                            "fi": "Palvelulupaus ohjaa palvelujen järjestämistä strategisesti oikeaan suuntaan.",
                            "sv": "Servicelöftet styr organiseringen av tjänsterna i rätt strategisk riktning.",
                            "en": "The promise steers the organising of services in the right strategic direction.",
                        },
                    },
                    {
                        "key": "steers_producers",
                        "text": {
                            "fi": "Palvelulupauksen sisältö ohjaa palveluntuottajia strategisesti oikeaan suuntaan.",
                            "sv": "Innehållet i servicelöftet styr tjänsteproducenterna i rätt strategisk riktning.",
                            "en": "The content of the promise steers the service providers in the right strategic "
                            "direction.",
                        },
                    },
                    {
                        "key": "understandable",
                        "text": {
                            "fi": "Palvelulupaus on asukkaiden ja asiakkaiden näkökulmasta helppo ymmärtää.",
                            "sv": "Servicelöftet är lätt att förstå för våra invånare och kunder.",
                            "en": "The promise is easy for our residents and customers to understand.",
                        },
                    },
                    {
                        "key": "measurable",
                        "text": {
                            "fi": "Palvelulupaus on mitattavissa, ja voimme seurata sen toteutumista ja edistymistä.",
                            "sv": "Servicelöftet är mätbart, och vi kan följa hur det genomförs och framskrider.",
                            "en": "The promise is measurable, and we can follow how it is delivered and how it "
                            "progresses.",
                        },
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ phase 4
    {
        "number": 4,
        "key": "decision",
        "name": {
            "fi": "Hallinnolliset päätökset",
            "sv": "Administrativa beslut",
            "en": "Administrative decisions",
        },
        "summary": {
            "fi": "Palvelulupaus kytketään talouden ja toiminnan suunnitteluun, raportointiin ja johtamiseen, sen "
            "viestintä suunnitellaan ja aluevaltuusto hyväksyy lupauksen kokonaisuutena.",
            "sv": "Servicelöftet kopplas till ekonomi- och verksamhetsplaneringen, rapporteringen och ledningen, "
            "kommunikationen planeras och välfärdsområdesfullmäktige godkänner löftet som en helhet.",
            "en": "The service promise is linked to financial and operational planning, reporting and management, "
            "its communication is planned, and the regional council approves the promise as a whole.",
        },
        "outcome": {
            "fi": "Aluevaltuusto on hyväksynyt päätöskokonaisuuden, joka sisältää palvelulupauksen sekä kuvauksen sen "
            "toimeenpanosta, seurannasta, raportoinnista, arvioinnista ja kansalaisviestinnästä.",
            "sv": "Välfärdsområdesfullmäktige har godkänt en beslutshelhet som består av servicelöftet och en "
            "beskrivning av hur det genomförs, följs upp, rapporteras, utvärderas och kommuniceras till medborgarna.",
            "en": "The regional council has approved a decision package consisting of the service promise and a "
            "description of its implementation, follow-up, reporting, evaluation and citizen communication.",
        },
        "tasks": [
            {
                "key": "budget_link",
                "required": True,
                "name": {
                    "fi": "Valmistelu",
                    "sv": "Beredning i ekonomi- och verksamhetsplanen",
                    "en": "Budget link",
                },
                "description": {
                    "fi": "Valmistele lupauksen liittäminen talous- ja toimintasuunnitelmaan osana esittelijän "
                    "valmistelua. Kuvaa, miten lupaus vaikuttaa vuosittaiseen talousarvioprosessiin. Samoin kuin "
                    "talousarvion sitovat toiminnalliset tavoitteet johdetaan valtuustokauden strategiasta, myös "
                    "lupauksen tavoitteille asetetaan vuosittainen tavoitetaso.",
                    "sv": "Bered hur löftet tas in i ekonomi- och verksamhetsplanen som en del av föredragandens "
                    "process. Beskriv vilken inverkan löftet har på den årliga budgetprocessen. På samma sätt som "
                    "budgetens bindande verksamhetsmål härleds ur fullmäktigeperiodens strategi ställs en årlig "
                    "målnivå upp även för löftets mål.",
                    "en": "Prepare how the promise is built into the financial and operational plan as part of the "
                    "presenting official's process. Describe how the promise affects the annual budget process. Just as "
                    "the budget's binding operational targets are derived from the strategy for the council term, the "
                    "goals of the promise are given a yearly target level.",
                },
            },
            {
                "key": "reporting",
                "required": True,
                "name": {
                    "fi": "Raportointi",
                    "sv": "Uppföljning och rapportering",
                    "en": "Reporting and management link",
                },
                "description": {
                    "fi": "Kytke lupauksen seuranta, raportointi ja johtaminen olemassa oleviin prosesseihin ja "
                    "johtamisjärjestelmään, jotta toiminta on läpinäkyvää. Nimeä, kuka vastaa kunkin keskeisen "
                    "tavoitteen toteuttamisesta. Ilman tätä kuvausta lupaus jää helposti irralliseksi eikä johda "
                    "tavoiteltuihin tuloksiin.",
                    "sv": "Koppla uppföljningen, rapporteringen och ledningen av löftet till befintliga processer och "
                    "till ledningssystemet för att öka transparensen. Ange vem som ansvarar för genomförandet av varje "
                    "centralt mål. Utan en sådan beskrivning riskerar löftet att bli hängande i luften utan att leda "
                    "till önskade resultat.",
                    "en": "Link the follow-up, reporting and management of the promise to existing processes and the "
                    "management system to make the work transparent. Name who is responsible for delivering each key "
                    "goal. Without this description the promise easily becomes detached and fails to deliver the "
                    "intended results.",
                },
            },
            {
                "key": "communication_plan",
                "required": True,
                "name": {
                    "fi": "Viestintä",
                    "sv": "Kommunikation",
                    "en": "Communication plan",
                },
                "description": {
                    "fi": "Suunnittele, miten lupaus tehdään näkyväksi ja helposti löydettäväksi. Jotta lupaus edistää "
                    "asukas- ja asiakaslähtöistä palvelukulttuuria, tarvitaan selkeää visualisointia sekä "
                    "monikanavaista viestintää ja kansalaisviestintää, esimerkiksi verkkosivuja, sosiaalista mediaa, "
                    "johdon blogeja, intranetiä, videoita ja johdon vierailuja eri puolilla aluetta.",
                    "sv": "Planera hur löftet görs synligt och lättillgängligt. För att löftet ska främja en invånar- "
                    "och kundorienterad servicekultur krävs en tydlig visualisering samt kommunikation via flera "
                    "kanaler och medborgarkommunikation, till exempel webbsidor, sociala medier, ledningens bloggar, "
                    "intranät, videor och ledningens besök runt om i området.",
                    "en": "Plan how the promise will be made visible and easy to find. For the promise to foster a "
                    "resident- and customer-oriented service culture, it needs clear visualisation and multichannel "
                    "and citizen communication, such as web pages, social media, management blogs, the intranet, videos "
                    "and management visits around the region.",
                },
            },
            {
                "key": "council_decision",
                "required": True,
                "name": {
                    "fi": "Päätös",
                    "sv": "Fullmäktiges beslut",
                    "en": "Council decision",
                },
                "description": {
                    "fi": "Aluevaltuusto hyväksyy palvelulupauksen kokonaisuutena, johon kuuluu lupauksen lisäksi "
                    "kuvaus sen toimeenpanon, seurannan, arvioinnin ja raportoinnin keskeisistä asioista. Kirjaa "
                    "päätöksen tiedot: toimielin, kokouspäivä, pykälä ja päätösteksti. Valtuusto voi myös palauttaa "
                    "asian valmisteluun.",
                    "sv": "Välfärdsområdesfullmäktige godkänner servicelöftet som en helhet, som utöver löftet "
                    "innehåller en beskrivning av de viktigaste frågorna kring genomförandet, uppföljningen, "
                    "utvärderingen och rapporteringen. Anteckna uppgifterna om beslutet: organ, mötesdatum, paragraf "
                    "och beslutstext. Fullmäktige kan också återremittera ärendet för beredning.",
                    "en": "The regional council approves the service promise as a whole, which besides the promise "
                    "describes the key points of its implementation, follow-up, evaluation and reporting. Record the "
                    "details of the decision: body, meeting date, section and decision text. The council may also "
                    "return the matter for further preparation.",
                },
            },
            {
                "key": "decision_document",
                "required": True,
                "name": {
                    "fi": "Päätösasiakirja",
                    "sv": "Beslutshandling",
                    "en": "Decision document",
                },
                "description": {
                    "fi": "Kokoa hyväksytty päätösasiakirja, joka sisältää palvelulupauksen sekä kuvauksen sen "
                    "toimeenpanosta, seurannasta, raportoinnista, arvioinnista ja kansalaisviestinnästä. Hyväksytty "
                    "asiakirja tallennetaan PDF-muodossa, eikä hyväksyttyä versiota voi enää muuttaa.",
                    "sv": "Sammanställ den godkända beslutshandlingen, som innehåller servicelöftet och en beskrivning "
                    "av genomförandet, uppföljningen, rapporteringen, utvärderingen och medborgarkommunikationen. Den "
                    "godkända handlingen sparas som PDF, och den godkända versionen kan inte längre ändras.",
                    "en": "Assemble the approved decision document, containing the service promise and a description "
                    "of its implementation, follow-up, reporting, evaluation and citizen communication. The approved "
                    "document is stored as a PDF, and the approved version can no longer be changed.",
                },
            },
        ],
        "results": [
            {
                "key": "decision_package",
                "name": {
                    "fi": "Hyväksytty päätöskokonaisuus (PDF)",
                    "sv": "Godkänd beslutshelhet (PDF)",
                    "en": "Approved decision package (PDF)",
                },
                "description": {
                    "fi": "Valtuuston hyväksymä päätöskokonaisuus PDF-muodossa: palvelulupaus sekä kuvaus sen "
                    "toimeenpanosta, seurannasta, raportoinnista, arvioinnista ja kansalaisviestinnästä.",
                    "sv": "Den av fullmäktige godkända beslutshelheten som PDF: servicelöftet och en beskrivning av "
                    "genomförandet, uppföljningen, rapporteringen, utvärderingen och medborgarkommunikationen.",
                    "en": "The decision package approved by the council, as a PDF: the service promise and a "
                    "description of its implementation, follow-up, reporting, evaluation and citizen communication.",
                },
                "provided_by": "promises.decision",
            },
        ],
        "checklists": [
            {
                "key": "decision",
                "name": {
                    "fi": "Päätöksenteon tarkistuslista",
                    "sv": "Checklista för beslutsfattandet",
                    "en": "Decision checklist",
                },
                "intro": {
                    "fi": "Varmistakaa ennen valtuustokäsittelyä, että lupaus on kytketty talouteen, raportointiin ja "
                    "viestintään ja että päätösasiakirja on kattava.",
                    "sv": "Säkerställ före fullmäktiges behandling att löftet är kopplat till ekonomin, rapporteringen "
                    "och kommunikationen och att beslutshandlingen är heltäckande.",
                    "en": "Before the council considers the matter, make sure that the promise is linked to the budget, "
                    "reporting and communication and that the decision document is complete.",
                },
                "statements": [
                    {
                        "key": "budget_link",
                        "text": {
                            "fi": "Olemme kuvanneet, miten palvelulupaus vaikuttaa talous- ja toimintasuunnitelmaan ja "
                            "vuosittaiseen talousarvioprosessiin.",
                            "sv": "Vi har beskrivit hur servicelöftet påverkar ekonomi- och verksamhetsplanen och den "
                            "årliga budgetprocessen.",
                            "en": "We have described how the promise affects the financial and operational plan and the "
                            "annual budget process.",
                        },
                    },
                    {
                        "key": "reporting_link",
                        "text": {
                            "fi": "Olemme kytkeneet lupauksen seurannan, raportoinnin ja johtamisen olemassa oleviin "
                            "prosesseihin ja johtamisjärjestelmään.",
                            "sv": "Vi har kopplat uppföljningen, rapporteringen och ledningen av löftet till befintliga "
                            "processer och till ledningssystemet.",
                            "en": "We have linked the follow-up, reporting and management of the promise to existing "
                            "processes and the management system.",
                        },
                    },
                    {
                        "key": "responsibilities",
                        "text": {
                            "fi": "Olemme nimenneet vastuuhenkilöt lupauksen keskeisten tavoitteiden toteuttamiselle.",
                            "sv": "Vi har utsett ansvarspersoner för genomförandet av löftets centrala mål.",
                            "en": "We have named the people responsible for delivering the key goals of the promise.",
                        },
                    },
                    {
                        "key": "communication_plan",
                        "text": {
                            "fi": "Meillä on suunnitelma lupauksen visualisoinnista, monikanavaisesta viestinnästä ja "
                            "kansalaisviestinnästä.",
                            "sv": "Vi har en plan för visualiseringen av löftet, kommunikationen via flera kanaler och "
                            "medborgarkommunikationen.",
                            "en": "We have a plan for visualising the promise and for multichannel and citizen "
                            "communication.",
                        },
                    },
                    {
                        "key": "decision_contents",
                        "text": {
                            "fi": "Päätösasiakirja sisältää lupauksen sekä kuvauksen sen toimeenpanosta, seurannasta, "
                            "raportoinnista, arvioinnista ja kansalaisviestinnästä.",
                            "sv": "Beslutshandlingen innehåller löftet och en beskrivning av genomförandet, "
                            "uppföljningen, rapporteringen, utvärderingen och medborgarkommunikationen.",
                            "en": "The decision document contains the promise and a description of its implementation, "
                            "follow-up, reporting, evaluation and citizen communication.",
                        },
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ phase 5
    {
        "number": 5,
        "key": "implementation",
        "name": {
            "fi": "Toimeenpano ja viestintä",
            "sv": "Genomförande och kommunikation",
            "en": "Implementation and communication",
        },
        "summary": {
            "fi": "Hyväksytty lupaus viedään käytäntöön: toimeenpano vaiheistetaan ja vastuutetaan, lupaus käydään "
            "läpi henkilöstön ja palveluntuottajien kanssa, siitä viestitään ja se liitetään alueen "
            "johtamisjärjestelmään.",
            "sv": "Det godkända löftet omsätts i praktiken: genomförandet delas in i faser och ansvaret fördelas, "
            "löftet gås igenom med personalen och tjänsteproducenterna, det kommuniceras och kopplas till områdets "
            "ledningssystem.",
            "en": "The approved promise is put into practice: implementation is phased and responsibilities are "
            "assigned, the promise is reviewed with staff and service providers, communicated, and built into the "
            "region's management system.",
        },
        "outcome": {
            "fi": "Toiminta etenee toimeenpanokuvauksen mukaisesti: vastuut on jaettu, lupaus on viety "
            "palvelusopimusneuvotteluissa palveluntuottajien sopimuksiin ja järjestämistoimintaa kehitetään "
            "lupauksen suuntaisesti.",
            "sv": "Verksamheten följer genomförandebeskrivningen: ansvaret är fördelat, löftet har förts in i avtalen "
            "med tjänsteproducenterna i förhandlingarna om serviceavtal och organiseringen utvecklas i linje med löftet.",
            "en": "Work proceeds according to the implementation description: responsibilities are assigned, the "
            "promise has been written into service-provider contracts through the contract negotiations, and the "
            "organising function is being developed in line with the promise.",
        },
        "tasks": [
            {
                "key": "phasing",
                "required": True,
                "name": {
                    "fi": "Vaiheistus ja johtaminen",
                    "sv": "Indelning i faser och ledning",
                    "en": "Phasing and leadership",
                },
                "description": {
                    "fi": "Jaa lupauksen toimeenpano vaiheisiin ja sitouta keskeiset henkilöt avoimella viestinnällä ja "
                    "laajalla vuoropuhelulla lupauksen sisällöstä. Liitä toimeenpano alueen rakenteisiin, mittareihin "
                    "ja johtamiskäytäntöihin. Kehitä tarvittavat uudet toimintatavat ja mallit, jotta lupaus toteutuu "
                    "osana muuta strategista kokonaisuutta.",
                    "sv": "Dela in genomförandet av löftet i faser och engagera nyckelpersonerna genom öppen "
                    "kommunikation och en bred dialog om löftets innehåll. Gör genomförandet till en del av områdets "
                    "strukturer, mätare och ledningsrutiner. Utveckla de nya arbetssätt och modeller som behövs för att "
                    "löftet ska kunna genomföras som en del av den övriga strategiska helheten.",
                    "en": "Divide the implementation of the promise into phases and engage the key people through open "
                    "communication and broad dialogue on its content. Build the implementation into the region's "
                    "structures, indicators and management practices. Develop the new working methods and models "
                    "needed for the promise to be delivered as part of the wider strategy.",
                },
            },
            {
                "key": "dialogue",
                "required": True,
                "name": {
                    "fi": "Vuoropuhelu",
                    "sv": "Dialog",
                    "en": "Dialogue with staff, unions, providers",
                },
                "description": {
                    "fi": "Käy valmis lupaus läpi henkilöstön, henkilöstöjärjestöjen ja palveluntuottajien kanssa. "
                    "Järjestäjänä alue ohjaa palveluntuottajia: lupauksen on näyttävä tuottajien kanssa tehtävissä "
                    "sopimuksissa ja sitä kautta niiden toiminnassa. Varmista, että asukkailla ja palvelujen "
                    "käyttäjillä on jatkuvasti käytössään avoin ja vuorovaikutteinen tieto- ja palautekanava.",
                    "sv": "Gå igenom det färdiga löftet med personalen, personalorganisationerna och "
                    "tjänsteproducenterna. Som anordnare styr området tjänsteproducenterna: löftet ska synas i avtalen "
                    "med producenterna och därigenom i deras verksamhet. Se till att invånarna och de som använder "
                    "tjänsterna hela tiden har tillgång till en öppen och interaktiv informations- och responskanal.",
                    "en": "Review the finished promise with staff, staff organisations and service providers. As the "
                    "organiser, the region steers the providers: the promise must appear in the contracts made with "
                    "them and thereby in their work. Make sure residents and service users always have an open, "
                    "interactive channel for information and feedback.",
                },
            },
            {
                "key": "communication",
                "required": True,
                "name": {
                    "fi": "Viestintä",
                    "sv": "Kommunikation",
                    "en": "Communication",
                },
                "description": {
                    "fi": "Käytä viestintää osana muutosjohtamista. Riittävän yksinkertainen ja selkeä visualisointi, "
                    "esimerkiksi lupauksen kokonaiskuva sekä järjestäjän ja asukkaan näkökulmat, lisää ymmärrystä ja "
                    "innostusta ja edistää sitoutumista.",
                    "sv": "Använd kommunikationen som en del av förändringsledarskapet. En tillräckligt enkel och tydlig "
                    "visualisering, till exempel löftet i sin helhet samt anordnarens och invånarens perspektiv, ökar "
                    "förståelsen och intresset och främjar engagemanget.",
                    "en": "Use communication as part of change management. A simple and clear visualisation, such as "
                    "the whole promise and the organiser's and resident's views, increases understanding and "
                    "enthusiasm and builds commitment.",
                },
            },
            {
                "key": "integration",
                "required": True,
                "name": {
                    "fi": "Integrointi",
                    "sv": "Koppling till ledningssystemet",
                    "en": "Integration into management",
                },
                "description": {
                    "fi": "Tee lupauksen toimeenpanosta kiinteä osa alueen johtamisjärjestelmää. Varmista "
                    "johtamisjärjestelmän tarkistuslistalla, että strategiayhteys, vastuut, yksiköiden toimenpiteet, "
                    "kulttuurin kehittäminen, seuranta ja resurssien kohdentaminen on määritelty.",
                    "sv": "Gör genomförandet av löftet till en integrerad del av områdets ledningssystem. Kontrollera "
                    "med checklistan för ledningssystemet att kopplingen till strategin, ansvaret, enheternas åtgärder, "
                    "kulturutvecklingen, uppföljningen och resursfördelningen är fastställda.",
                    "en": "Make the implementation of the promise an integral part of the region's management system. "
                    "Use the management system checklist to confirm that the strategy link, responsibilities, unit "
                    "actions, culture development, follow-up and allocation of resources are defined.",
                },
            },
        ],
        "results": [
            {
                "key": "implementation_plan",
                "name": {
                    "fi": "Toimeenpano käynnissä",
                    "sv": "Genomförandet har inletts",
                    "en": "Implementation under way",
                },
                "description": {
                    "fi": "Kuvaus toimeenpanosta: vastuut on jaettu, toimeenpano on vaiheistettu ja sen johtaminen on "
                    "järjestetty.",
                    "sv": "En beskrivning av genomförandet: ansvaret är fördelat, genomförandet är indelat i faser och "
                    "ledningen av det är ordnad.",
                    "en": "A description of the implementation: responsibilities are assigned, the implementation is "
                    "phased and its leadership is organised.",
                },
                "provided_by": None,
            },
            {
                "key": "provider_contracts",
                "name": {
                    "fi": "Lupaus palveluntuottajien sopimuksissa",
                    "sv": "Löftet i avtalen med tjänsteproducenterna",
                    "en": "Promise written into provider contracts",
                },
                "description": {
                    "fi": "Selvitys siitä, miten palvelulupaus on kirjattu palveluntuottajien kanssa tehtyihin "
                    "sopimuksiin.",
                    "sv": "En redogörelse för hur servicelöftet har skrivits in i avtalen med tjänsteproducenterna.",
                    "en": "An account of how the service promise has been written into the contracts with service "
                    "providers.",
                },
                "provided_by": None,
            },
        ],
        "checklists": [
            {
                "key": "management_system",
                "name": {
                    "fi": "Kytkentä johtamisjärjestelmään",
                    "sv": "Koppling till ledningssystemet",
                    "en": "Link to the management system",
                },
                "intro": {
                    "fi": "Lupauksen toimeenpano edellyttää, että siitä tulee kiinteä osa alueen johtamisjärjestelmää. "
                    "Arvioikaa seuraavien väittämien avulla, onko tämä toteutunut.",
                    "sv": "Genomförandet av löftet förutsätter att det blir en integrerad del av områdets "
                    "ledningssystem. Bedöm med hjälp av följande påståenden om detta har uppnåtts.",
                    "en": "Implementing the promise requires it to become an integral part of the region's management "
                    "system. Use the following statements to assess whether this has happened.",
                },
                "statements": [
                    {
                        "key": "strategy_alignment",
                        "text": {
                            "fi": "Olemme määritelleet selkeästi, miten lupauksen edellyttämät toimenpiteet ja "
                            "painopisteet vastaavat strategiaamme.",
                            "sv": "Vi har tydligt fastställt hur de åtgärder och prioriteringar som löftet kräver "
                            "motsvarar vår strategi.",
                            "en": "We have clearly defined how the actions and priorities the promise requires "
                            "correspond to our strategy.",
                        },
                    },
                    {
                        "key": "initiative_ownership",
                        "text": {
                            "fi": "Olemme määritelleet selkeästi, kuka vastaa lupauksesta johdetuista aloitteista ja "
                            "hankkeista.",
                            "sv": "Vi har tydligt fastställt vem som ansvarar för de initiativ och projekt som följer av "
                            "löftet.",
                            "en": "We have clearly defined who is responsible for the initiatives and projects arising "
                            "from the promise.",
                        },
                    },
                    {
                        "key": "unit_responsibilities",
                        "text": {
                            "fi": "Olemme määritelleet selkeästi, mitkä toimenpiteet ja vastuut lupauksen toteuttamisessa "
                            "kuuluvat kullekin yksikölle, toimialalle ja tulosalueelle.",
                            "sv": "Vi har tydligt fastställt vilka åtgärder och vilket ansvar för genomförandet av löftet "
                            "som vilar på varje enhet, sektor och resultatområde.",
                            "en": "We have clearly defined which actions and responsibilities for delivering the promise "
                            "belong to each unit, sector and result area.",
                        },
                    },
                    {
                        "key": "culture",
                        "text": {
                            "fi": "Olemme määritelleet selkeästi, miten kehitämme toimintakulttuuriamme järjestelmällisesti "
                            "lupauksen tavoitteita tukevaksi.",
                            "sv": "Vi har tydligt fastställt hur vi systematiskt utvecklar vår kultur så att den stöder "
                            "löftets mål.",
                            "en": "We have clearly defined how we will systematically develop our culture to support the "
                            "goals of the promise.",
                        },
                    },
                    {
                        "key": "follow_up",
                        "text": {
                            "fi": "Olemme määritelleet selkeästi, miten lupauksen seuranta, kehittäminen ja raportointi "
                            "toteutetaan ja miten niitä johdetaan.",
                            "sv": "Vi har tydligt fastställt hur uppföljningen, utvecklingen och rapporteringen av löftet "
                            "ska genomföras och ledas.",
                            "en": "We have clearly defined how the follow-up, development and reporting of the promise "
                            "will be carried out and led.",
                        },
                    },
                    {
                        "key": "resources",
                        "text": {
                            "fi": "Olemme määritelleet selkeästi, miten kohdennamme resursseja lupauksen tavoitteiden "
                            "edellyttämiin kohteisiin.",
                            "sv": "Vi har tydligt fastställt hur vi fördelar resurser till de områden som löftets mål "
                            "kräver.",
                            "en": "We have clearly defined how we will allocate resources to the areas the goals of the "
                            "promise require.",
                        },
                    },
                ],
            },
        ],
    },
    # ------------------------------------------------------------------ phase 6
    {
        "number": 6,
        "key": "development",
        "name": {
            "fi": "Jatkuva kehittäminen",
            "sv": "Uppföljning, utvärdering och kontinuerlig utveckling",
            "en": "Follow-up, evaluation, continuous development",
        },
        "summary": {
            "fi": "Lupauksen toteutumista seurataan jatkuvasti mittareilla ja asukaspalautteella, tietoa analysoidaan "
            "ja lupauksen vaikutuksia arvioidaan osana toiminnan kehittämistä. Uusi valtuustokausi tai lupauksen "
            "päivitys käynnistää uuden kierroksen.",
            "sv": "Genomförandet av löftet följs kontinuerligt upp med mätare och respons från invånarna, data "
            "analyseras och löftets konsekvenser bedöms som en del av verksamhetsutvecklingen. En ny "
            "fullmäktigeperiod eller en revidering av löftet inleder en ny omgång.",
            "en": "Delivery of the promise is followed continuously through indicators and resident feedback, the "
            "data is analysed and the impact of the promise is evaluated as part of developing services. A new council "
            "term or a revision of the promise starts a new cycle.",
        },
        "outcome": {
            "fi": "Lupauksen seurannan ja arvioinnin mittarit ja indikaattorit ovat käytössä, ja johtaminen ja jatkuva "
            "kehittäminen tapahtuvat lupauksen mukaisesti.",
            "sv": "Mätarna och indikatorerna för uppföljning och utvärdering av löftet är färdiga och i bruk, och "
            "ledningen och den kontinuerliga utvecklingen sker i enlighet med löftet.",
            "en": "The indicators for following up and evaluating the promise are ready and in use, and management "
            "and continuous development follow the promise.",
        },
        "tasks": [
            {
                "key": "feedback",
                "required": True,
                "name": {
                    "fi": "Palautteet",
                    "sv": "Servicekanaler och respons",
                    "en": "Feedback channels",
                },
                "description": {
                    "fi": "Julkaise lupaus verkossa, jotta asukkaat voivat seurata ja arvioida sen toteutumista sekä "
                    "antaa palautetta ja parannusehdotuksia. Palautekanavien kehittämisen lisäksi asiakaspalaute on "
                    "tuotava osaksi johtamisjärjestelmää ja raportointia. Aseta koko organisaatiolle selkeät "
                    "asiakaskokemusta koskevat tavoitteet.",
                    "sv": "Publicera löftet på nätet, så att invånarna kan följa och bedöma hur det uppfylls och ge "
                    "respons och förbättringsförslag. Det räcker inte att utveckla kanalerna, utan kundresponsen ska "
                    "också bli en del av ledningssystemet och rapporteringen. Ställ upp tydliga mål för "
                    "kundupplevelsen för hela organisationen.",
                    "en": "Publish the promise online so that residents can follow and assess how it is kept and give "
                    "feedback and suggestions for improvement. Developing the channels is not enough: customer feedback "
                    "must also become part of the management system and reporting. Set clear customer-experience goals "
                    "for the whole organisation.",
                },
            },
            {
                "key": "indicators",
                "required": True,
                "name": {
                    "fi": "Mittaaminen",
                    "sv": "Mätare",
                    "en": "Indicators",
                },
                "description": {
                    "fi": "Valitse lupauksen sisällön pohjalta 3–5 keskeistä mittaria, joita seurataan koko "
                    "organisaatiossa, ja jalkauta ne konsernin eri osiin. Huolehdi, että mukana on sekä edistymistä "
                    "seuraavia mittareita että tulosmittareita: pelkät tulosmittarit kertovat lopputuloksesta mutta "
                    "eivät siitä, onko kehitys oikeansuuntaista.",
                    "sv": "Välj utifrån löftets innehåll 3–5 centrala mätare som följs upp i hela organisationen och "
                    "förankra dem i koncernens olika delar. Se till att både mätare av framstegen och resultatmätare "
                    "finns med: enbart resultatmätare visar slutresultatet men inte om utvecklingen går i rätt riktning.",
                    "en": "Based on the content of the promise, choose 3–5 key indicators to be followed across the "
                    "organisation and embed them in its different parts. Include both progress indicators and outcome "
                    "indicators: outcome indicators alone show the end result but not whether things are moving in the "
                    "right direction.",
                },
            },
            {
                "key": "analysis",
                "required": True,
                "name": {
                    "fi": "Analysointi",
                    "sv": "Datainsamling och analys",
                    "en": "Data and analysis",
                },
                "description": {
                    "fi": "Kokoa olemassa oleva tieto, arvioi nykyistä toimintaa sen pohjalta ja käynnistä tarvittavat "
                    "kehittämis- ja korjaustoimet. Tämä onnistuu, kun lupauksen edistymisen seuranta on osa "
                    "johtamisjärjestelmää ja seurantavastuu on kirjattu henkilöstön tehtävänkuviin.",
                    "sv": "Sammanställ befintlig information, utvärdera den nuvarande verksamheten utifrån den och vidta "
                    "nödvändiga utvecklings- och korrigeringsåtgärder. Detta lyckas när uppföljningen av löftets "
                    "framskridande är en del av ledningssystemet och ansvaret för uppföljningen finns i de anställdas "
                    "befattningsbeskrivningar.",
                    "en": "Compile the available data, assess current operations on that basis and start the necessary "
                    "development and corrective actions. This works when following the progress of the promise is part "
                    "of the management system and responsibility for follow-up is written into staff job descriptions.",
                },
            },
            {
                "key": "impact_evaluation",
                "required": True,
                "name": {
                    "fi": "Arviointi",
                    "sv": "Bedömning av konsekvenser",
                    "en": "Impact evaluation",
                },
                "description": {
                    "fi": "Tee lupauksen vaikutusten arvioinnista osa toiminnan jatkuvaa kehittämistä. Lupauksen "
                    "tavoitteena on lisätä toiminnan läpinäkyvyyttä ja sitä kautta parantaa palvelujen laatua, "
                    "vaikuttavuutta ja kustannusvaikuttavuutta. Yksi toimiva tapa on tuoda asiakaslähtöinen ajattelu "
                    "sekä Lean-kehittämisen periaatteet ja työkalut arkityöhön.",
                    "sv": "Gör bedömningen av löftets konsekvenser till en del av den kontinuerliga utvecklingen av "
                    "verksamheten. Löftet ska öka transparensen och därigenom förbättra tjänsternas kvalitet, "
                    "verkningsfullhet och kostnadseffektivitet. Ett fungerande sätt är att föra in ett kundorienterat "
                    "tänkesätt och Lean-utvecklingens principer och verktyg i det dagliga arbetet.",
                    "en": "Make the evaluation of the promise's impact part of the continuous development of services. "
                    "The promise aims to increase transparency and thereby improve the quality, effectiveness and "
                    "cost-effectiveness of services. One practical approach is to bring customer-oriented thinking and "
                    "Lean principles and tools into everyday work.",
                },
            },
        ],
        "results": [
            {
                "key": "key_indicators",
                "name": {
                    "fi": "Keskeiset mittarit tavoitteineen",
                    "sv": "Centrala mätare med mål",
                    "en": "Key indicators with targets",
                },
                "description": {
                    "fi": "3–5 keskeistä mittaria, joille on asetettu tavoitetasot ja jotka ovat valmiina seurantaan.",
                    "sv": "3–5 centrala mätare med fastställda målnivåer, klara för uppföljning.",
                    "en": "3–5 key indicators with target levels set, ready for follow-up.",
                },
                "provided_by": "indicators.key_indicators",
            },
            {
                "key": "evaluation_report",
                "name": {
                    "fi": "Palvelulupauksen arviointiraportti",
                    "sv": "Utvärderingsrapport om servicelöftet",
                    "en": "Evaluation report of the promise",
                },
                "description": {
                    "fi": "Raportti lupauksen toteutumisesta ja vaikutuksista, laadittu yhdessä asukkaiden ja "
                    "asiakkaiden kanssa ja käytettävissä seuraavan kierroksen pohjana.",
                    "sv": "En rapport om hur löftet har uppfyllts och vilka konsekvenser det har haft, utarbetad "
                    "tillsammans med invånarna och kunderna och användbar som grund för nästa omgång.",
                    "en": "A report on how the promise has been kept and what impact it has had, prepared together with "
                    "residents and customers and usable as the basis for the next cycle.",
                },
                "provided_by": None,
            },
        ],
        "checklists": [
            {
                "key": "indicators",
                "name": {
                    "fi": "Mittareiden valinta",
                    "sv": "Val av mätare",
                    "en": "Choice of indicators",
                },
                "intro": {
                    "fi": "Testatkaa mittareiden valintaa seuraavilla väittämillä. Kattava seuranta tarvitsee sekä "
                    "edistymis- että tulosmittareita.",
                    "sv": "Testa valet av mätare med följande påståenden. En heltäckande uppföljning behöver både "
                    "mätare av framstegen och resultatmätare.",
                    "en": "Test your choice of indicators against the following statements. Comprehensive follow-up "
                    "needs both progress and outcome indicators.",
                },
                "statements": [
                    {
                        "key": "progress_indicators",
                        "text": {
                            "fi": "Seuraamme lupauksen etenemistä edistymismittareilla, jotka kertovat, olemmeko "
                            "oikealla tiellä ja pysyykö aikataulu tavoiteltujen tulosten saavuttamiseksi.",
                            "sv": "Vi följer upp hur löftet framskrider med mätare av framstegen, som visar om vi är på "
                            "rätt väg och om tidtabellen håller för att nå de önskade resultaten.",
                            "en": "We follow the progress of the promise with progress indicators that show whether we "
                            "are on the right track and on schedule to reach the intended results.",
                        },
                    },
                    {
                        "key": "outcome_indicators",
                        "text": {
                            "fi": "Seuraamme lupauksen etenemistä tulosmittareilla, jotka kuvaavat saavutettua "
                            "lopputulosta, esimerkiksi vuositasolla.",
                            "sv": "Vi följer upp hur löftet framskrider med resultatmätare, som mäter det uppnådda "
                            "slutresultatet, till exempel på årsnivå.",
                            "en": "We follow the progress of the promise with outcome indicators that measure the end "
                            "result achieved, for example on a yearly basis.",
                        },
                    },
                    {
                        "key": "key_indicators",
                        "text": {
                            "fi": "Olemme valinneet 3–5 keskeistä mittaria, myös asiakaskokemuksen mittareita, joita "
                            "seurataan koko organisaatiossa.",
                            "sv": "Vi har valt 3–5 centrala mätare, även mätare för kundupplevelsen, som följs upp i "
                            "hela organisationen.",
                            "en": "We have chosen 3–5 key indicators, including customer-experience indicators, that are "
                            "followed across the whole organisation.",
                        },
                    },
                ],
            },
            {
                "key": "analysis",
                "name": {
                    "fi": "Seuranta ja analysointi",
                    "sv": "Uppföljning och analys",
                    "en": "Follow-up and analysis",
                },
                "intro": {
                    "fi": "Järjestelmällinen kehittäminen edellyttää, että seuranta on osa johtamista. Arvioikaa "
                    "seuraavien väittämien avulla, toteutuuko se.",
                    "sv": "Systematisk utveckling förutsätter att uppföljningen är en del av ledningen. Bedöm med hjälp "
                    "av följande påståenden om så är fallet.",
                    "en": "Systematic development requires follow-up to be part of management. Use the following "
                    "statements to assess whether it is.",
                },
                "statements": [
                    {
                        "key": "forums_and_indicators",
                        "text": {
                            "fi": "Olemme määritelleet johtamisen foorumit ja niiden mittarit, joilla seuraamme "
                            "edistymistä järjestelmällisesti.",
                            "sv": "Vi har fastställt forum för ledningen och mätare för dem, med vilka vi systematiskt "
                            "följer upp framstegen.",
                            "en": "We have defined management forums and their indicators through which we follow "
                            "progress systematically.",
                        },
                    },
                    {
                        "key": "regular_evaluation",
                        "text": {
                            "fi": "Arvioimme säännöllisesti, olemmeko tehneet oikeat valinnat.",
                            "sv": "Vi utvärderar regelbundet om vi har gjort rätt val.",
                            "en": "We regularly evaluate whether we have made the right choices.",
                        },
                    },
                    {
                        "key": "rapid_reaction",
                        "text": {
                            "fi": "Olemme sopineet toimintatavasta, jolla reagoimme nopeasti mahdollisiin haasteisiin ja "
                            "toimintaympäristön muutoksiin.",
                            "sv": "Vi har fastställt ett sätt att snabbt reagera på eventuella utmaningar och "
                            "förändringar i omvärlden.",
                            "en": "We have agreed on a way to react quickly to possible challenges and changes in our "
                            "operating environment.",
                        },
                    },
                ],
            },
        ],
    },
]
