"""The decision PDF rendered for a project that is not approved: the preview, its print
sections, and a render whose store fails (the stored documents of an approval, shared by
their module: test_decision_pdf.py)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from promises.decision.pdf import render_decision_pdf
from promises.decision.selectors import package_for, package_texts
from promises.models import DecisionDocument
from tests.pdf_text import normalised, page_texts, pdf_text

from . import test_decision_support as support
from .test_decision_pdf import ui
from .test_decision_support import VISION

pytestmark = pytest.mark.django_db

# fixtures shared with the other decision tests
media_root = support.media_root
ready = support.ready


def test_a_failed_store_leaves_neither_file_nor_row(ready, users, media_root, monkeypatch):
    """The row refused after the file was written: the file is removed with it (never a
    file without its row); the language is rendered again later and stored whole."""
    from django.db import IntegrityError

    from promises.decision import services as decision_services

    def refused(self, *args, **kwargs):
        raise IntegrityError("refused")

    with monkeypatch.context() as patch:
        patch.setattr(DecisionDocument, "save", refused)
        decision = support.approve(ready, users)
    assert not DecisionDocument.objects.filter(decision=decision).exists()
    assert not list((media_root / "decisions").rglob("*.pdf"))
    assert decision_services.decision_documents_render(decision=decision) == []
    stored = DecisionDocument.objects.filter(decision=decision)
    assert {d.language for d in stored} == {"fi", "sv"}
    assert len(list((media_root / "decisions").rglob("*.pdf"))) == 2


def test_preview_renders_the_proposed_versions_without_storing(ready):
    package = package_for(ready)
    snapshots = [v.snapshot for v in package.versions.all()]
    rendered = render_decision_pdf(
        project=ready,
        language="fi",
        snapshots=snapshots,
        texts=package_texts(package),
        decision=None,
        preview=True,
    )
    text = pdf_text(rendered.data)
    assert normalised(ui("Preview: not an approved document.", "fi")) in text
    assert normalised(VISION["fi"]) in text
    assert "Toimeenpano vaiheistetaan kolmeen vuoteen." in text
    assert DecisionDocument.objects.count() == 0


def test_compact_print_sections_of_the_round_summary_and_key_indicators(ready, users):
    """The PDF uses the sections' print variants: the round summary groups the reasoned
    responses (identical comments once, with their number) and the key indicators come as
    one paragraph each, with the targets of every year and the status."""
    from participation import services as participation_services
    from tests.indicators.factories import IndicatorFactory, measure, with_targets
    from tests.participation.factories import make_comments, make_round

    round_ = make_round(ready, open=False)
    comments = make_comments(round_, 3, text="Jonot ovat liian pitkiä.")
    participation_services.dispositions_set(
        round=round_,
        comment_ids=[c.pk for c in comments],
        disposition="partly",
        reason="Jonotusaikoja seurataan kuukausittain.",
        by=users["preparer"],
    )
    years = list(ready.term_years)
    indicator = with_targets(
        IndicatorFactory(project=ready, name="Hoitoon pääsy seitsemässä päivässä"),
        {year: "80" for year in years},
    )
    measure(indicator, str(years[0]), "72")

    package = package_for(ready)
    rendered = render_decision_pdf(
        project=ready,
        language="fi",
        snapshots=[v.snapshot for v in package.versions.all()],
        texts=package_texts(package),
        decision=None,
        preview=True,
    )
    text = pdf_text(rendered.data)
    contents = normalised(page_texts(rendered.data)[1])
    with translation.override("fi"):
        assert gettext("Comment round and statements") in text
        assert gettext("Reasoned responses") in text
        assert gettext("Key indicators") in text
        # both sections are listed in the table of contents (page 2)
        assert gettext("Comment round and statements") in contents
        assert gettext("Key indicators") in contents
    assert "Jonotusaikoja seurataan kuukausittain." in text
    # the three identical comments are printed once, with their number
    assert text.count("Jonot ovat liian pitkiä.") == 1
    assert "(×3)" in text
    assert "Hoitoon pääsy seitsemässä päivässä" in text
    assert all(f"{year}: 80" in text for year in years)
    assert "72" in text
