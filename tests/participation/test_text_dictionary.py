"""The general Finnish–Swedish dictionary of the themes' bridge (participation/text/
dictionary.py): FreeDict's dictd files as Debian installs them, read without trusting them
(any bytes give entries or nothing, never an error), and the installed ones in use."""

import gzip

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.text import dictionary
from participation.text.language import Analyzer

pytestmark = pytest.mark.django_db  # the package's autouse fixtures clear a database cache

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _number(value: int) -> str:
    digits = ""
    while True:
        digits = ALPHABET[value % 64] + digits
        value //= 64
        if not value:
            return digits


def write_dictd(folder, source, target, entries: list[tuple[str, str]]):
    """A dictd dictionary (index + gzip data) of (headword, entry text) as FreeDict's are."""
    data, index = b"", []
    for head, text in [("00-database-info", "about"), *entries]:
        raw = text.encode()
        index.append(f"{head}\t{_number(len(data))}\t{_number(len(raw))}")
        data += raw
    base = folder / f"freedict-{source}-{target}"
    (base.parent / f"{base.name}.index").write_text("\n".join(index) + "\n", encoding="utf-8")
    with gzip.open(f"{base}.dict.dz", "wb") as out:
        out.write(data)


def test_entries_take_each_senses_one_word_translations(tmp_path):
    """Numbered senses each give their translations (the definitions between them do not);
    an unnumbered entry gives its first line; phrases, affixes and multi-word headwords are
    left out."""
    write_dictd(
        tmp_path,
        "swe",
        "fin",
        [
            ("läkare", "läkare /lˈɛːkarə/ <n, ut>\nlääkäri, tohtori\nen person som botar\n"),
            ("kö", "kö /kˈøː/ <n>\n1. jono\nmänniskor som väntar\n2. biljardikeppi\nen käpp\n"),
            ("hälso- och sjukvård", "hälso- och sjukvård <n>\nterveydenhuolto\n"),
            ("-het", "-het <suffix>\nuus\n"),
            ("vård", "vård <n>\nhoito, sosiaali- ja terveyspalvelut, ei mitään\n"),
        ],
    )
    found = dict(dictionary.entries("swe", "fin", tmp_path))
    assert found == {
        "läkare": ["lääkäri", "tohtori"],
        "kö": ["jono", "biljardikeppi"],
        "vård": ["hoito"],
    }


def test_the_swedish_headwords_own_translations_come_first(tmp_path):
    write_dictd(tmp_path, "swe", "fin", [("kö", "kö <n>\n1. jono\ndef\n2. biljardikeppi\n")])
    write_dictd(tmp_path, "fin", "swe", [("köö", "köö <n>\nkö\n"), ("jono", "jono <n>\nkö, rad\n")])
    table = dictionary.swedish_to_finnish(str(tmp_path))
    assert table["kö"] == ("jono", "biljardikeppi", "köö")
    assert table["rad"] == ("jono",)


def test_without_the_files_the_dictionary_is_empty_and_says_so(tmp_path, caplog):
    assert dictionary.swedish_to_finnish(str(tmp_path / "none")) == {}
    assert "dict-freedict-fin-swe" in caplog.text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(max_size=400),
    packing=st.sampled_from(["gzip", "raw", "truncated"]),
    index=st.lists(
        st.tuples(
            st.text(min_size=0, max_size=12),
            st.text(alphabet=ALPHABET + "!é", max_size=4),
            st.text(alphabet=ALPHABET + "!é", max_size=4),
        ),
        max_size=8,
    ),
)
def test_any_bytes_give_entries_of_single_words_or_nothing(tmp_path_factory, data, packing, index):
    """A damaged or crafted file (any data, packed, not packed or cut short; any index
    line, offsets past the end, digits that are no base-64) gives one-word entries or
    none, never an error."""
    folder = tmp_path_factory.mktemp("dictd")
    lines = ["\t".join(row).replace("\n", " ") for row in index]
    (folder / "freedict-swe-fin.index").write_text("\n".join(lines), encoding="utf-8")
    packed = gzip.compress(data)
    raw = {"gzip": packed, "raw": data, "truncated": packed[: len(packed) // 2]}[packing]
    (folder / "freedict-swe-fin.dict.dz").write_bytes(raw)
    for head, translations in dictionary.entries("swe", "fin", folder):
        assert head and " " not in head
        assert translations and all(t and " " not in t for t in translations)


def test_the_installed_dictionary_translates_the_services_words():
    """Debian's dict-freedict-swe-fin and dict-freedict-fin-swe are installed
    (scripts/system-deps.sh, the Dockerfile) and read: a Swedish term of a round, as the
    analyser writes it, finds its Finnish terms."""
    table = dictionary.swedish_to_finnish()
    assert len(table) > 10_000
    tool = Analyzer()
    (term,) = tool.terms("läkaren", "sv", keep_surface=True)
    assert "fi:lääkäri" in dictionary.translations(term, tool)
    (term,) = tool.terms("ambulansen", "sv", keep_surface=True)
    assert dictionary.translations(term, tool)[0] == "fi:ambulanssi"


@pytest.mark.parametrize(
    ("language", "notice", "since"),
    [
        (
            "fi",
            "Suomi–ruotsi-sanakirjaa ei ole asennettu palvelimelle",
            "Nämä teemat laskettiin ennen kuin suomi–ruotsi-sanakirja asennettiin",
        ),
        (
            "sv",
            "Den finsk-svenska ordboken är inte installerad på servern",
            "De här temana beräknades innan den finsk-svenska ordboken installerades",
        ),
    ],
)
def test_the_analysis_page_says_when_the_themes_were_computed_without_the_dictionary(
    login, project, preparer, settings, tmp_path, language, notice, since
):
    """Without the dictionary's files the themes still form (by the glossaries), and the
    staff reading them are told, in their language. What is said follows the themes as they
    were computed: installing the dictionary afterwards asks for a recompute (the themes on
    the page were still bridged by the glossary alone), and the recompute ends the notice;
    themes computed with it say nothing, even once the files are gone."""
    from django.urls import reverse
    from django.utils import translation

    from participation.text.services import analyse_round

    from .test_text import DENTAL, HOME_CARE, _round_with_texts

    installed = str(dictionary.directory())
    round, _comments = _round_with_texts(project, HOME_CARE + DENTAL)
    client = login(preparer)
    with translation.override(language):
        url = reverse(
            "participation:analysis",
            kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
        )

    def page() -> str:
        return client.get(url).content.decode()

    analyse_round(round=round)
    assert round.text_analysis.bridge_dictionary is True
    assert notice not in page() and since not in page()
    settings.TEXT_ANALYSIS_DICTD = str(tmp_path)  # the files removed: these themes had them
    assert notice not in page() and since not in page()

    analyse_round(round=round)  # computed without the files
    round.refresh_from_db()
    assert round.text_analysis.bridge_dictionary is False
    assert notice in page() and since not in page()
    settings.TEXT_ANALYSIS_DICTD = installed  # installed since
    text = page()
    assert since in text and notice not in text
    analyse_round(round=round)
    text = page()
    assert notice not in text and since not in text


def test_an_analysis_from_before_the_dictionary_was_recorded_reads_the_server(
    login, project, preparer, settings, tmp_path
):
    """An analysis stored before the dictionary's use was recorded (no value) is judged by
    the server as it is: the notice only while the files are missing."""
    from django.urls import reverse
    from django.utils import translation

    from participation.models import TextAnalysis
    from participation.text.services import analyse_round

    from .test_text import DENTAL, HOME_CARE, _round_with_texts

    round, _comments = _round_with_texts(project, HOME_CARE + DENTAL)
    analyse_round(round=round)
    TextAnalysis.objects.filter(round=round).update(bridge_dictionary=None)
    client = login(preparer)
    notice = "The Finnish–Swedish dictionary is not installed on the server"
    with translation.override("en"):
        url = reverse(
            "participation:analysis",
            kwargs={"region": project.region.slug, "project": project.pk, "round": round.pk},
        )
        assert notice not in client.get(url).content.decode()
        settings.TEXT_ANALYSIS_DICTD = str(tmp_path)
        assert notice in client.get(url).content.decode()


def test_files_installed_while_the_process_runs_are_read(tmp_path):
    """A background worker that started before the dictionary was installed reads it once it
    is there (and forgets it once it is gone): no restart needed for the next analysis."""
    folder = str(tmp_path)
    assert dictionary.swedish_to_finnish(folder) == {}
    write_dictd(tmp_path, "swe", "fin", [("läkare", "läkare <n>\nlääkäri\n")])
    write_dictd(tmp_path, "fin", "swe", [("hammas", "hammas <n>\ntand\n")])
    table = dictionary.swedish_to_finnish(folder)
    assert table["läkare"] == ("lääkäri",) and table["tand"] == ("hammas",)
    assert dictionary.by_stem(folder)
    for file in tmp_path.iterdir():
        file.unlink()
    assert dictionary.swedish_to_finnish(folder) == {} and dictionary.by_stem(folder) == {}


def test_a_terms_translations_do_not_depend_on_what_the_process_read_before():
    """The same Swedish term gets the same translations from a fresh analyser and from one
    that has read other words of the same stem first (the process's analyser reads every
    round): the same round gives the same themes."""
    fresh = Analyzer()
    (term,) = fresh.terms("vården", "sv", keep_surface=True)
    expected = dictionary.translations(term, fresh)
    assert expected
    seasoned = Analyzer()
    for text in ("Vi vårdar mamma hemma.", "Vårdade hon honom?", "vårda vårdar vårdas"):
        seasoned.terms(text, "sv", keep_surface=True)
    (again,) = seasoned.terms("vården", "sv", keep_surface=True)
    assert again == term
    assert dictionary.translations(again, seasoned) == expected
