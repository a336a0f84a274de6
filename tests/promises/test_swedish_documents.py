"""Phase 3–4 worked from the Swedish interface, then the Swedish public page and PDF read.

Every Swedish text typed is there exactly; nothing typed only in Finnish appears unmarked,
and no Finnish text appears where Swedish was typed (the council's name included).
"""

import pytest
from django.urls import reverse

from phases.roles import Role
from phases.templatetags.servicelofte import switch_language
from promises import services
from promises.decision import services as decision_services
from promises.decision.selectors import DESCRIPTION_FIELDS
from promises.models import DecisionPackage
from tests.factories import member
from tests.pdf_text import pdf_text, stored_pdf

from . import test_decision_support as support

pytestmark = pytest.mark.django_db

media_root = support.media_root


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()


FINNISH_ONLY = [support.VISION["fi"], support.COMMITMENT["fi"], "FI-kuvaus"]


def sv(url: str) -> str:
    return switch_language(url, "sv")


def test_a_promise_prepared_and_approved_from_sv_reads_in_swedish(
    client, project, users, media_root
):
    project = support.decision_ready_project(project, users)
    promise = project.promises.get()
    kwargs = {"region": project.region.slug, "project": project.pk}
    version = promise.versions.order_by("-number").first()

    client.force_login(users[Role.PREPARER])
    package = DecisionPackage.objects.get_or_create(project=project)[0]
    data = {
        "lock_version": package.lock_version,
        f"version_{promise.pk}": version.pk,
        "communication_channels": ["web"],
    }
    for name in DESCRIPTION_FIELDS:
        data[f"{name}_fi"] = f"FI-kuvaus {name}"
        data[f"{name}_sv"] = f"SV-beskrivning {name}"
    response = client.post(sv(reverse("promises_decision:package", kwargs=kwargs)), data)
    assert response.status_code == 302, response.content.decode()[:2000]

    client.force_login(users[Role.SECRETARY])
    record = sv(reverse("promises_decision:record", kwargs=kwargs))
    form = client.get(record).content.decode()
    assert 'value="välfärdsområdesfullmäktige"' in form and 'value="aluevaltuusto"' in form
    response = client.post(
        record,
        {
            "body_fi": "aluevaltuusto",
            "body_sv": "välfärdsområdesfullmäktige",
            "meeting_date": "2026-11-30",
            "section": "45",
            "outcome": "approved",
            "text_fi": "Aluevaltuusto hyväksyi.",
            "text_sv": "Fullmäktige godkände servicelöftet.",
            "languages": ["fi", "sv"],
            "confirm": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    decision = project.decisions.get()
    document = decision.documents.get(language="sv")
    pdf = pdf_text(stored_pdf(document))
    page = client.get(sv(reverse("public:promise", kwargs={"region": project.region.slug})))
    html = page.content.decode()
    assert page.status_code == 200
    for name in DESCRIPTION_FIELDS:
        assert f"SV-beskrivning {name}" in pdf and f"SV-beskrivning {name}" in html
    for text in (
        "välfärdsområdesfullmäktige",
        "Fullmäktige godkände servicelöftet.",
        support.VISION["sv"],
        support.COMMITMENT["sv"],
    ):
        assert text in pdf and text in html, text
    for finnish in FINNISH_ONLY + ["aluevaltuusto", "Aluevaltuusto hyväksyi", "Inte beskrivet"]:
        assert finnish not in pdf, f"Finnish {finnish!r} in the Swedish PDF"
        assert finnish not in html, f"Finnish {finnish!r} on the Swedish page"
    # The approved version is named in each language.
    approved = promise.versions.get(kind="approved")
    assert approved.label_sv.startswith("välfärdsområdesfullmäktige 30.11.2026 § 45")
    assert approved.label_fi.startswith("aluevaltuusto 30.11.2026 § 45")


def test_a_text_missing_in_swedish_is_shown_in_finnish_marked(client, project, users, media_root):
    project = support.decision_ready_project(project, users)
    promise = project.promises.get()
    commitment = promise.commitments.order_by("pk").first()
    services.commitment_update(
        commitment=commitment,
        lock_version=commitment.lock_version,
        perspective=commitment.perspective,
        title={"fi": "Vain suomeksi annettu sitoumus", "sv": ""},
        description={},
        responsible={},
        strategy_goals=list(commitment.strategy_goals.all()),
        by=None,
    )
    version = services.version_freeze(promise=promise, by=None, kind="final")
    package = DecisionPackage.objects.get(project=project)
    decision_services.package_update(
        project=project,
        by=None,
        lock_version=package.lock_version,
        versions={promise.pk: version},
        texts={},
        channels=[],
    )
    support.approve(project, users)
    html = client.get(sv(reverse("public:promise", kwargs={"region": project.region.slug})))
    html = html.content.decode()
    assert '<span lang="fi" class="lang-fallback">Vain suomeksi annettu sitoumus</span>' in html
    assert '<span class="lang-note">(på finska)</span>' in html  # in the reader's language


def test_the_language_switcher_leads_to_the_same_page_in_the_other_language(client, region):
    member(region, Role.VIEWER, username="kielivaihto")
    response = client.get("/fi/p/" + region.slug + "/archive/?x=1")
    html = response.content.decode()
    assert f'href="/sv/p/{region.slug}/archive/?x=1" lang="sv" hreflang="sv"' in html
    assert f'href="/en/p/{region.slug}/archive/?x=1" lang="en" hreflang="en"' in html
    assert f'<link rel="alternate" hreflang="sv" href="/sv/p/{region.slug}/archive/?x=1">' in html
