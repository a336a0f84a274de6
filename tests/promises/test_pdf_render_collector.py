"""A PDF render runs with Python's cyclic garbage collector paused (a tenth of its CPU went
to collections walking the worker's heap), and the collector is on again afterwards,
whether the render succeeded or failed."""

import gc

import pytest
import weasyprint

from promises.pdf_archive import pdf_render

from . import test_decision_support as support

# fixtures shared with the other decision tests
media_root = support.media_root
ready = support.ready

HTML = '<!doctype html><html lang="fi"><title>T</title><body><p>{}</p></body></html>'


def test_the_collector_is_paused_while_rendering_and_on_again_after(monkeypatch):
    during = []
    write_pdf = weasyprint.Document.write_pdf

    def noted(self, *args, **kwargs):
        during.append(gc.isenabled())
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.Document, "write_pdf", noted)
    assert gc.isenabled()
    rendered = pdf_render.__wrapped__(HTML.format("Hyvinvointia yhdessä"))
    assert rendered.data.startswith(b"%PDF") and rendered.pages == 1
    assert during == [False]
    assert gc.isenabled()


def test_the_collector_is_on_again_after_a_failed_render(monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(weasyprint.HTML, "render", broken)
    with pytest.raises(RuntimeError):
        pdf_render.__wrapped__(HTML.format("Välfärd tillsammans"))
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off():
    gc.disable()
    try:
        pdf_render.__wrapped__(HTML.format("Rätt hjälp i rätt tid"))
        assert not gc.isenabled()
    finally:
        gc.enable()


@pytest.mark.django_db
def test_a_decision_document_is_stored_before_the_render_is_collected(
    ready, users, media_root, monkeypatch
):
    """The background task keeps the collector paused until its PDF is stored: the
    collection (a third of a second after a 36-page render) comes after the document is
    out, so the decision page shows the PDF that much sooner."""
    from promises.models import DecisionDocument

    stored_when_collected = []
    collect = gc.collect

    def noted(*args):
        stored_when_collected.append(
            set(DecisionDocument.objects.values_list("language", flat=True))
        )
        return collect(*args)

    monkeypatch.setattr(gc, "collect", noted)
    support.approve(ready, users, languages=("fi", "sv"))
    assert stored_when_collected, "the render's garbage was never collected"
    assert stored_when_collected[0] == {"fi"}
    assert stored_when_collected[-1] == {"fi", "sv"}
    assert gc.isenabled()


def test_the_renders_cycles_are_freed_by_a_young_collection_when_it_ends():
    """The pause ends with a collection of the youngest generation, which frees the
    render's cycles (with the collector off nothing was promoted) without walking the rest
    of the heap: no full collection, however large the process."""
    gc.collect()  # every generation's count starts at zero
    before = gc.get_stats()
    pdf_render.__wrapped__(HTML.format("Palvelulupaus " * 400))
    after = gc.get_stats()
    assert after[0]["collections"] == before[0]["collections"] + 1
    assert after[0]["collected"] - before[0]["collected"] > 100  # the render's cycles
    assert after[2]["collections"] == before[2]["collections"]
