"""A PDF render runs with Python's cyclic garbage collector paused (a tenth of its CPU went
to collections walking the worker's heap), and the collector is on again afterwards,
whether the render succeeded or failed."""

import gc

import pytest
import weasyprint

from promises.pdf_archive import pdf_render

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
