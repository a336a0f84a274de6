"""Stop words per language, kept here (no download at run time).

Finnish words are listed in their base form (Voikko's lemma) and in their common inflected
forms (for the stemming fallback, which sees the surface form). Swedish words are the
surface forms; they are checked before stemming. Besides grammar words, the lists hold the
words every comment on a service promise uses ("lupaus", "löfte", "palvelulupaus"), which
would otherwise name every theme.
"""

FINNISH = frozenset(
    """
    aina alla alle ansiosta ehkä ei eikä eli emme en enemmän ennen entä et ette että
    he heidän heille heitä hän hänen häntä ihan ilman itse ja jo johon joiden joihin joilla
    joille joilta joissa joista joita joka jokainen joku jolla jolle jolloin jolta jonka
    jos joskus jossa josta jota jotain jotka jotta kaikki kanssa kautta keiden keille keitä
    ken kenen kenelle keneltä kenet kenties kerran kesken koska kuin kuinka kuka kukaan
    kun kuten kyllä liian lisäksi luona lähes läpi me meidän meille meitä melko mikä mikään
    miksi mille millä miltä minkä minne minua minulla minulle minulta minun minussa minusta
    minut minä missä mistä mitä miten mitkä mutta myös ne niiden niille niin niistä niitä
    noin nuo nyt näiden näin näissä näistä näitä nämä ole olemme olen olet olette oli
    olimme olin olisi olisimme olisin olisit olisitte olisivat olit olitte olivat olla
    olleet ollut on ovat paitsi paljon pitää pitäisi puolesta se sekä sen siellä siihen
    siinä siitä silloin sille sillä sinne sinua sinulla sinulle sinun sinä sitä siten
    sitten sillä täällä tähän tämä tämän tässä tästä tätä tai te teidän teille teitä
    tuo tuolla tuon tuossa tuosta tuota täytyä vaan vai vaikka vain varten vasta voi
    voida voidaan voisi voivat vielä yli ym yms yhä
    hyvä tosi aivan todella asia asiat asioita asioista kaikkea kaiken muu muut muiden
    lupaus lupauksen lupauksessa lupauksesta lupaukseen palvelulupaus palvelulupauksen
    palvelulupauksessa luonnos luonnoksessa luonnoksen toivoa toivon toivomme toivotaan
    kiitos tulla tulee tulisi saada saa saisi jokin joitakin päästä juuri juuria
    palvelu palvelut palveluja palveluiden palvelujen
    """.split()
)

SWEDISH = frozenset(
    """
    alla allt alltid andra att av bara blev bli blir blivit de dem den denna deras dess
    dessa det detta dig din dina ditt du där efter ej eller en er era ert ett från för
    ha hade han hans har henne hennes hon honom hur här i icke ingen inom inte jag ju kan
    kunde man med mellan men mig min mina mitt mot mycket ni nu när någon något några och
    om oss på samma sedan sig sin sina sitta själv skulle som så sådan sådana till under
    upp ut utan vad var vara varför varit varje vars vart vem vi vid vilka vilkas vilken
    vilket vår våra vårt än är åt över också mer mest bra även ska borde kanske
    löfte löftet löftets serviceløfte servicelöfte servicelöftet utkast utkastet tack
    hoppas önskar få får fått finns gör göra ganska väldigt verkligen sak saker
    måste behöver behövs behövde fler flera egen eget egna gäller gälla tjänst tjänster
    tjänsten tjänsterna
    """.split()
)

BY_LANGUAGE = {"fi": FINNISH, "sv": SWEDISH}
