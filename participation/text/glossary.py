"""A small Finnish–Swedish glossary of social and health services, used as extra anchors
of the bilingual bridge (themes.py) beside the promise's own parallel texts.

Each pair is one anchor: a Finnish response using the Finnish word and a Swedish response
using the Swedish one land on the same language-independent dimension. Written for this
app from the services' ordinary vocabulary (the same terms the region's bilingual pages
use); words only, no sentences.
"""

PAIRS = [
    ("lääkäri", "läkare"),
    ("lääkäriaika", "läkartid"),
    ("hoitaja", "vårdare"),
    ("sairaanhoitaja", "sjukskötare"),
    ("terveysasema", "hälsocentral"),
    ("sairaala", "sjukhus"),
    ("päivystys", "jour"),
    ("jono", "kö"),
    ("odotus", "väntan"),
    ("odottaa", "vänta"),
    ("odotusaika", "väntetid"),
    ("hoitotakuu", "vårdgaranti"),
    ("kotihoito", "hemvård"),
    ("kotihoitaja", "hemvårdare"),
    ("omahoitaja", "egen vårdare"),
    ("hammaslääkäri", "tandläkare"),
    ("hammashoito", "tandvård"),
    ("hammas", "tand"),
    ("puhelin", "telefon"),
    ("soittaa", "ringa"),
    ("takaisinsoitto", "återuppringning"),
    ("chat", "chatt"),
    ("digipalvelu", "digital tjänst"),
    ("sovellus", "app"),
    ("verkko", "nätet"),
    ("verkkopankkitunnus", "bankkod"),
    ("ajanvaraus", "tidsbokning"),
    ("lomake", "blankett"),
    ("selkokieli", "lättläst"),
    ("ruotsi", "svenska"),
    ("ruotsinkielinen", "svenskspråkig"),
    ("suomi", "finska"),
    ("kieli", "språk"),
    ("kaksikielisyys", "tvåspråkighet"),
    ("äidinkieli", "modersmål"),
    ("lähipalvelu", "närservice"),
    ("saaristo", "skärgård"),
    ("maaseutu", "landsbygd"),
    ("kylä", "by"),
    ("palvelubussi", "servicebuss"),
    ("matka", "resa"),
    ("bussi", "buss"),
    ("sulkea", "stänga"),
    ("vastaanotto", "mottagning"),
    ("ikäihminen", "äldre"),
    ("vanhus", "äldre"),
    ("eläkeläinen", "pensionär"),
    ("muistisairas", "minnessjuk"),
    ("omainen", "anhörig"),
    ("äiti", "mamma"),
    ("isä", "pappa"),
    ("nuori", "ung"),
    ("lapsi", "barn"),
    ("koulu", "skola"),
    ("kuraattori", "kurator"),
    ("psykologi", "psykolog"),
    ("mielenterveys", "psykisk hälsa"),
    ("masennus", "depression"),
    ("ahdistus", "ångest"),
    ("perheneuvola", "familjerådgivning"),
    ("nuorisoasema", "ungdomsstation"),
    ("liikunta", "motion"),
    ("liikuntaryhmä", "motionsgrupp"),
    ("kuntosali", "gym"),
    ("ennaltaehkäisy", "förebyggande"),
    ("ehkäistä", "förebygga"),
    ("toimintakyky", "funktionsförmåga"),
    ("kuntoutus", "rehabilitering"),
    ("kaatuminen", "fall"),
    ("terveystarkastus", "hälsokontroll"),
    ("yksinäisyys", "ensamhet"),
    ("yhteyshenkilö", "kontaktperson"),
    ("tieto", "information"),
    ("palveluketju", "servicekedja"),
    ("hoitoketju", "vårdkedja"),
    ("kotiutus", "utskrivning"),
    ("sosiaalityöntekijä", "socialarbetare"),
    ("kokonaisuus", "helhet"),
    ("vastata", "ansvara"),
    ("järjestö", "organisation"),
    ("yhdistys", "förening"),
    ("vapaaehtoinen", "frivillig"),
    ("vertaistuki", "kamratstöd"),
    ("seurakunta", "församling"),
    ("yhteistyö", "samarbete"),
    ("laatu", "kvalitet"),
    ("palaute", "respons"),
    ("asiakaspalaute", "kundrespons"),
    ("valitus", "klagomål"),
    ("potilasturvallisuus", "patientsäkerhet"),
    ("lääkitysvirhe", "läkemedelsfel"),
    ("lääke", "läkemedel"),
    ("virhe", "fel"),
    ("mitata", "mäta"),
    ("mittari", "mätare"),
    ("hoitosuunnitelma", "vårdplan"),
    ("henkilöstö", "personal"),
    ("työntekijä", "personal"),
    ("kiire", "bråttom"),
    ("käynti", "besök"),
]


# The five perspectives' own vocabulary, in both languages, written from the national
# model's definitions of the perspectives (phases/perspectives.py PERSPECTIVE_HINTS and
# the model's guide), not from any comment set: what a resident writing about a
# perspective tends to name. A seed of the suggestion (suggest.py) beside the promise's
# own text, so a region with little tagged yet, or a topic its promise does not name,
# still gets suggestions that follow the definitions.
PERSPECTIVE_WORDS = {
    "access": (
        "jono odotus odottaa odotusaika hoitotakuu hoitoon pääsy päästä vastaanotto aika "
        "lääkäri lääkäripula henkilöstöpula päivystys ensihoito ambulanssi lähipalvelu "
        "terveysasema sulkea aukioloaika viikko kuukausi saatavuus ilta viikonloppu",
        "kö väntan vänta väntetid vårdgaranti få vård mottagning tid läkare läkarbrist "
        "personalbrist jour akutvård ambulans närservice hälsocentral stänga öppettid "
        "vecka månad tillgång kväll veckoslut",
    ),
    "accessibility": (
        "puhelin soittaa takaisinsoitto chat verkko sähköinen asiointi sovellus lomake "
        "esteettömyys esteetön pyörätuoli luiska hissi kuulo näkö selkokieli tulkki kieli "
        "ruotsi ruotsinkielinen kuljetus matka bussi taksi kyyti liikenne etäisyys kilometri",
        "telefon ringa återuppringning chatt nätet digital app blankett tillgänglighet "
        "rullstol ramp hiss hörsel syn lättläst tolk språk svenska svenskspråkig "
        "färdtjänst resa buss taxi skjuts trafik avstånd kilometer",
    ),
    "quality": (
        "hoitaja henkilökunta ystävällinen kohtelu kunnioitus kiire vaihtuvuus virhe "
        "turvallisuus potilasturvallisuus lääkitys lääke palaute valitus hoivakoti "
        "palvelutalo ruoka hygienia asukas asiakas hoitosuunnitelma luotettava ammattitaito",
        "vårdare personal vänlig bemötande respekt bråttom omsättning fel säkerhet "
        "patientsäkerhet medicinering läkemedel respons klagomål vårdhem serviceboende "
        "mat hygien boende kund vårdplan pålitlig yrkeskunnig",
    ),
    "effectiveness": (
        "ennaltaehkäisy ehkäistä toimintakyky kuntoutus fysioterapia tulos vaikutus "
        "vaikuttavuus mitata mittari seurata parantua terveys hyvinvointi liikunta "
        "syrjäytyminen varhainen tuki nuori opiskelu työ toipua",
        "förebyggande förebygga funktionsförmåga rehabilitering fysioterapi resultat "
        "effekt verkningsfullhet mäta mätare följa upp förbättras hälsa välmående motion "
        "utslagning tidigt stöd ung studier arbete återhämta",
    ),
    "integration": (
        "palveluketju hoitoketju tieto kulkea yhteistyö yhteyshenkilö omatyöntekijä "
        "kokonaisuus kokonaisvastuu kotiutus kotiuttaa siirtyä sairaala kotihoito "
        "järjestö sosiaalityöntekijä luukku pompotella yhteinen päihde mielenterveys",
        "servicekedja vårdkedja information samarbete kontaktperson helhet helhetsansvar "
        "utskrivning skriva ut övergång sjukhus hemvård organisation socialarbetare "
        "lucka skicka gemensam missbruk psykisk hälsa",
    ),
}
