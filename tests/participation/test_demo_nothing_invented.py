"""Issue 25: the demo holds what real material has — an undated activity, one common
synthesis, a pending indicator without a date — and the Swedish public page shows the
disposition reasons in Swedish (the one still untranslated in Finnish, marked)."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from participation.models import Activity, Comment, Synthesis
from phases.demo import DEMO_REGION
from promises.models import Commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(module_demo):
    cache.clear()
    yield module_demo
    cache.clear()


def test_the_demo_holds_what_real_material_lacks(demo):
    undated = Activity.objects.filter(date__isnull=True, project__region__slug=DEMO_REGION)
    assert undated.filter(date_precision=Activity.Precision.UNKNOWN).exists()
    common = Synthesis.objects.filter(
        perspective=Synthesis.COMMON, project__region__slug=DEMO_REGION
    ).first()
    assert common is not None and common.has_text()
    # That project went through phase 2 on the common synthesis alone.
    assert common.project.phase > 2
    assert not Synthesis.objects.filter(project=common.project).exclude(pk=common.pk).exists()
    pending = [
        c
        for c in Commitment.objects.filter(
            promise__project__region__slug=DEMO_REGION, indicator_pending_by__isnull=True
        )
        if c.indicator_pending
    ]
    assert pending


def test_the_swedish_public_page_shows_swedish_disposition_reasons(client, demo):
    answered = Comment.objects.filter(
        round__project__region__slug=DEMO_REGION, round__analysis_done_at__isnull=False
    ).exclude(reason_sv="")
    swedish = answered.values_list("reason_sv", flat=True).first()
    finnish = answered.values_list("reason_fi", flat=True).first()
    assert swedish and finnish
    pages = {}
    for language in ("fi", "sv"):
        with translation.override(language):
            url = reverse("public:promise", kwargs={"region": DEMO_REGION})
        response = client.get(url)
        assert response.status_code == 200
        pages[language] = response.content.decode()
    assert swedish in pages["sv"] and finnish not in pages["sv"]
    assert finnish in pages["fi"] and swedish not in pages["fi"]
    # The reason not yet written in Swedish is shown in Finnish, marked as Finnish.
    assert 'lang="fi" class="lang-fallback">Lupauksen toteutumisesta' in pages["sv"]
