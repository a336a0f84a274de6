"""The accessibility statement and the privacy notice, per region: the region's organiser
and contact e-mail, else the instance's (ORGANISER_NAME, CONTACT_EMAIL)."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def get(client, name, language="fi", **kwargs):
    with translation.override(language):
        response = client.get(reverse(name, kwargs=kwargs))
    return response


@pytest.fixture
def instance(settings):
    settings.ORGANISER_NAME = "Palvelulupauspalvelun ylläpito"
    settings.CONTACT_EMAIL = "tuki@palvelulupaus.example"


@pytest.mark.parametrize("name", ["accessibility", "privacy"])
def test_instance_pages_name_the_instance_organiser(client, instance, name):
    html = get(client, name).content.decode()
    assert "Palvelulupauspalvelun ylläpito" in html
    assert 'href="mailto:tuki@palvelulupaus.example"' in html


@pytest.mark.parametrize("name", ["phases:region_accessibility", "phases:region_privacy"])
def test_region_pages_name_the_regions_organiser_in_the_language(client, instance, name):
    region = RegionFactory(slug="pohjoinen", name="Pohjoisen hyvinvointialue")
    region.organiser_name_fi = "Pohjoisen hyvinvointialue, hallinto"
    region.organiser_name_sv = "Nordliga välfärdsområdet, förvaltning"
    region.contact_email = "saavutettavuus@pohjoinen.example"
    region.save()
    fi = get(client, name, "fi", region=region.slug).content.decode()
    sv = get(client, name, "sv", region=region.slug).content.decode()
    assert "Pohjoisen hyvinvointialue, hallinto" in fi
    assert "Nordliga välfärdsområdet, förvaltning" in sv
    assert "saavutettavuus@pohjoinen.example" in fi and "tuki@palvelulupaus" not in fi
    with translation.override("sv"):
        assert translation.gettext("Organiser") in sv


def test_region_without_its_own_details_falls_back(client, instance):
    region = RegionFactory(slug="etela", name="Eteläinen alue")
    html = get(client, "phases:region_privacy", region=region.slug).content.decode()
    assert "Eteläinen alue" in html  # the region is its own organiser
    assert "tuki@palvelulupaus.example" in html  # the instance's contact


def test_unknown_region_is_404(client):
    assert get(client, "phases:region_accessibility", region="ei-ole").status_code == 404


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_region_admin_sets_the_organiser_and_contact(client, instance, language):
    from phases.roles import Role
    from tests.factories import member

    region = RegionFactory(slug="asetukset", name="Asetusalue")
    client.force_login(member(region, Role.REGION_ADMIN, username="asetus_admin"))
    with translation.override(language):
        address = reverse("phases:region_settings", kwargs={"region": region.slug})
    response = client.post(
        address,
        {
            "organiser_name_fi": "Asetusalueen kuntayhtymä",
            "organiser_name_sv": "Inställningsområdets samkommun",
            "contact_email": "ei sähköposti",
        },
    )
    assert response.status_code == 400
    assert "Inställningsområdets samkommun" in response.content.decode()  # input kept
    response = client.post(
        address,
        {
            "organiser_name_fi": "Asetusalueen kuntayhtymä",
            "organiser_name_sv": "Inställningsområdets samkommun",
            "contact_email": "kirjaamo@asetus.example",
            "oidc_viewer_signup": "on",
        },
    )
    assert response.status_code == 302
    region.refresh_from_db()
    assert region.organiser_name_sv == "Inställningsområdets samkommun"
    assert region.oidc_viewer_signup
    html = get(client, "phases:region_privacy", "sv", region=region.slug).content.decode()
    assert "Inställningsområdets samkommun" in html and "kirjaamo@asetus.example" in html
