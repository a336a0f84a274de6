"""Phases 3–4 worked from the Swedish interface in the browser: a strategy goal, a synthesis,
a commitment, a version, the decision package and the council's decision; then the Swedish
public page and the Swedish PDF read as a resident would. Every Swedish text typed is there;
no Finnish that was not typed as Finnish; axe on every Swedish page; the language switcher
is clicked, not typed into the address bar."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import tr

pytestmark = pytest.mark.e2e

SV = {
    "goal": "SV-mål: vården nära hemmet",
    "synthesis": "SV-syntes: invånarna vill ha snabbare svar",
    "commitment": "SV-åtagande: svar inom två vardagar",
    "unit": "SV-enhet: kundhandledningen",
    "version": "SV-version för fullmäktige",
    "implementation": "SV-genomförande: enheterna ansvarar",
    "decision": "SV-beslut: fullmäktige godkände löftet",
}
FI = {key: value.replace("SV-", "FI-") for key, value in SV.items()}


@pytest.fixture
def bilingual_project(e2e_region, settings, tmp_path):
    from tests.factories import ProjectFactory
    from tests.promises.factories import filled_promise

    settings.MEDIA_ROOT = tmp_path / "media"
    region, people = e2e_region
    project = ProjectFactory(region=region, title="Palvelulupaus 2027–2029")
    from phases.models import PromiseProject

    PromiseProject.objects.filter(pk=project.pk).update(phase=3)
    project.refresh_from_db()
    promise = filled_promise(project)
    return region, people, project, promise


def _submit(page, form):
    # Waits for the answer page (generously: a loaded machine renders PDFs slowly).
    with page.expect_navigation(wait_until="load", timeout=90_000):
        form.locator("button[type=submit]").first.click()


def _form_with(page, field: str):
    return page.locator(f"main form:has([name='{field}'])").first


def test_phase_3_and_4_from_swedish_then_the_swedish_page_and_pdf(ui, bilingual_project):
    from pypdf import PdfReader

    from phases.models import PromiseProject

    region, people, project, promise = bilingual_project
    page = ui.page
    base = f"/sv/r/{region.slug}/projects/{project.pk}"
    ui.login(people["preparer"].username)

    # The switcher leads to the same page in Swedish.
    ui.goto(f"/fi/r/{region.slug}/")
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Svenska").click()
    assert page.url.endswith(f"/sv/r/{region.slug}/")
    ui.check("region-sv")

    # A strategy goal in both languages.
    ui.goto(f"/sv/r/{region.slug}/strategy/", "strategy-sv")
    form = _form_with(page, "title_sv")
    form.locator("[name=title_sv]").fill(SV["goal"])
    form.locator("[name=title_fi]").fill(FI["goal"])
    form.locator("[name=code]").fill("RS 9")
    # Nothing is classified for the user: the source and the level are chosen.
    form.locator("[name=kind]").select_option("regional")
    form.locator("[name=level]").select_option("3")
    _submit(page, form)
    expect(page.locator("main")).to_contain_text(SV["goal"])  # staff see both languages

    # The synthesis of one perspective.
    ui.goto(f"{base}/participation/synthesis/access/", "synthesis-sv")
    form = _form_with(page, "text_sv")
    form.locator("[name=text_sv]").fill(SV["synthesis"])
    form.locator("[name=text_fi]").fill(FI["synthesis"])
    _submit(page, form)
    expect(page.locator("main")).to_contain_text(SV["synthesis"])

    # A commitment: its text and responsible unit in Swedish (Finnish kept as typed).
    commitment = promise.commitments.order_by("pk").first()
    ui.goto(f"{base}/promises/{promise.pk}/commitments/{commitment.pk}/", "commitment-sv")
    form = _form_with(page, "title_sv")
    form.locator("[name=title_sv]").fill(SV["commitment"])
    form.locator("[name=title_fi]").fill(FI["commitment"])
    form.locator("[name=responsible_sv]").fill(SV["unit"])
    form.locator("[name=responsible_fi]").fill(FI["unit"])
    _submit(page, form)
    commitment.refresh_from_db()
    assert (commitment.title_sv, commitment.title_fi) == (SV["commitment"], FI["commitment"])
    assert (commitment.responsible_sv, commitment.responsible_fi) == (SV["unit"], FI["unit"])

    # A version for the council, named in both languages.
    ui.goto(f"{base}/promises/{promise.pk}/versions/", "versions-sv")
    form = _form_with(page, "label_sv")
    form.locator("[name=kind]").select_option("final")
    form.locator("[name=label_sv]").fill(SV["version"])
    form.locator("[name=label_fi]").fill(FI["version"])
    _submit(page, form)
    expect(page.locator("main")).to_contain_text(SV["version"])
    version = promise.versions.order_by("-number").first()

    # Phase 4: the decision package, its descriptions in Swedish and Finnish.
    PromiseProject.objects.filter(pk=project.pk).update(phase=4)
    ui.goto(f"{base}/decision/", "package-sv")
    form = _form_with(page, "implementation_sv")
    form.locator(f"[name=version_{promise.pk}]").select_option(str(version.pk))
    form.locator("[name=implementation_sv]").fill(SV["implementation"])
    form.locator("[name=implementation_fi]").fill(FI["implementation"])
    _submit(page, form)
    ui.message(tr("The decision package was saved.", "sv"))

    # The secretary records the approval from Swedish.
    page.context.clear_cookies()
    ui.login(people["secretary"].username, check=False)
    ui.goto(f"{base}/decision/record/", "record-sv")
    form = _form_with(page, "body_sv")
    expect(form.locator("[name=body_sv]")).to_have_value("välfärdsområdesfullmäktige")
    form.locator("[name=meeting_date]").fill("2026-11-30")
    form.locator("[name=section]").fill("45")
    form.locator("[name=text_sv]").fill(SV["decision"])
    form.locator("[name=text_fi]").fill(FI["decision"])
    _submit(page, form)
    ui.check("record-confirm-sv")
    # The click waits for the navigation it starts (the PDF render) as long as the wait.
    ui.submit(page.get_by_role("button", name=tr("Yes, record the decision", "sv")).click)
    ui.message(
        tr("The decision was recorded; the approved promise is frozen and its PDF stored.", "sv")
    )

    # A resident reads the Swedish page.
    page.context.clear_cookies()
    ui.goto(f"/sv/p/{region.slug}/", "public-sv")
    main = page.locator("main").inner_text()
    for key in ("commitment", "implementation", "decision"):
        assert SV[key] in main, key
        assert FI[key] not in main, key
    assert "välfärdsområdesfullmäktige" in main and "aluevaltuusto" not in main

    # The Swedish PDF.
    link = page.locator("a[type='application/pdf'][hreflang='sv']")
    response = page.request.get(ui.url(link.get_attribute("href")))
    assert response.ok
    reader = PdfReader(io.BytesIO(response.body()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    for key in ("commitment", "unit", "implementation", "decision"):
        assert SV[key] in text, key
        assert FI[key] not in text, key
    assert "välfärdsområdesfullmäktige" in text and "aluevaltuusto" not in text
    assert "Inte beskrivet" not in text.split(SV["implementation"])[0][-200:]

    # The switcher back to Finnish: the same page in Finnish.
    with page.expect_navigation():
        page.locator("header").get_by_role("link", name="Suomi").click()
    assert page.url.endswith(f"/fi/p/{region.slug}/")
    ui.check("public-fi")
    main = page.locator("main").inner_text()
    assert FI["commitment"] in main and SV["commitment"] not in main
