"""A site administrator creates a region on the product's own page and invites its first
region administrator (the members page's invitation: a link to set a password)."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from phases.models import Region, RegionMembership
from phases.roles import Role
from tests.factories import RegionFactory, UserFactory, member

pytestmark = pytest.mark.django_db


def url(language="fi"):
    with translation.override(language):
        return reverse("phases:region_create")


def tr(text, language):
    """The message as the page shows it (translated, HTML-escaped)."""
    with translation.override(language):
        return escape(translation.gettext(text))


FORM = {
    "name_fi": "Pohjoisen hyvinvointialue",
    "name_sv": "Nordliga välfärdsområdet",
    "name_en": "Northern wellbeing services county",
    "organiser_name_fi": "Pohjoisen hyvinvointialue, hallinto",
    "slug": "pohjoinen",
    "kind": "county",
    "languages": "fi_sv",
    "contact_email": "kirjaamo@pohjoinen.example",
    "sotkanet_region_id": "991",
    "admin_email": "aino.admin@pohjoinen.example",
    "admin_first_name": "Aino",
    "admin_last_name": "Aluevastaava",
}


@pytest.fixture
def site_admin(db):
    return UserFactory(username="site_admin", is_superuser=True)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_site_admin_creates_a_region_and_invites_its_administrator(
    client, site_admin, language, django_capture_on_commit_callbacks
):
    client.force_login(site_admin)
    assert client.get(url(language)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(language), {**FORM, "oidc_viewer_signup": "on"})
    assert response.status_code == 302
    region = Region.objects.get(slug="pohjoinen")
    assert response["Location"] == region.get_absolute_url()
    assert (region.name_fi, region.name_sv, region.name_en) == (
        FORM["name_fi"],
        FORM["name_sv"],
        FORM["name_en"],
    )
    assert (region.kind, region.languages) == ("county", "fi_sv")
    assert region.sotkanet_region_id == 991
    assert region.organiser_name_fi == FORM["organiser_name_fi"]
    assert region.contact_email == FORM["contact_email"] and region.oidc_viewer_signup
    membership = RegionMembership.objects.get(region=region)
    admin = membership.user
    assert membership.role == Role.REGION_ADMIN and admin.email == FORM["admin_email"]
    assert not admin.has_usable_password()
    [invitation] = mail.outbox
    assert invitation.to == [FORM["admin_email"]] and "/reset/" in invitation.body

    # The invited administrator manages the new region's members.
    client.force_login(admin)
    members = reverse("phases:members", kwargs={"region": region.slug})
    assert client.get(members).status_code == 200


def test_an_existing_account_becomes_the_administrator_without_an_invitation(
    client, site_admin, django_capture_on_commit_callbacks
):
    existing = UserFactory(username="aino", email="Aino.Admin@pohjoinen.example")
    client.force_login(site_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(), FORM)
    assert response.status_code == 302
    membership = RegionMembership.objects.get(region__slug="pohjoinen")
    assert membership.user == existing and membership.role == Role.REGION_ADMIN
    assert mail.outbox == []


def test_the_add_region_permission_makes_a_site_admin(client):
    user = UserFactory(username="perustaja")
    user.user_permissions.add(Permission.objects.get(codename="add_region"))
    client.force_login(user)
    assert client.get(url()).status_code == 200
    regions = client.get(reverse("phases:region_list")).content.decode()
    assert url() in regions  # the "New region" button


def test_a_region_administrator_may_not_create_regions(client):
    region = RegionFactory(slug="oma")
    admin = member(region, Role.REGION_ADMIN, username="oma_admin")
    client.force_login(admin)
    assert client.get(url()).status_code == 403
    assert client.post(url(), FORM).status_code == 403
    assert not Region.objects.filter(slug="pohjoinen").exists()
    assert url() not in client.get(reverse("phases:region_list")).content.decode()


def test_anonymous_is_sent_to_login(client):
    response = client.get(url())
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_errors_keep_the_input_and_say_what_to_fix(
    client, site_admin, language, django_capture_on_commit_callbacks
):
    RegionFactory(slug="pohjoinen")
    client.force_login(site_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(language), {**FORM, "name_sv": "", "admin_email": "ei-osoite"})
    assert response.status_code == 400
    html = response.content.decode()
    assert tr("Another region already has this address name.", language) in html
    assert tr("Give the name in each of the region's languages.", language) in html
    assert FORM["name_fi"] in html and FORM["contact_email"] in html
    assert Region.objects.count() == 1 and mail.outbox == []


def test_a_finnish_only_region_needs_no_swedish_name(client, site_admin):
    client.force_login(site_admin)
    response = client.post(url(), {**FORM, "languages": "fi", "name_sv": "", "name_en": ""})
    assert response.status_code == 302
    assert Region.objects.get(slug="pohjoinen").content_languages == ["fi"]


def test_hostile_input_is_refused_or_escaped(client, site_admin):
    client.force_login(site_admin)
    script = '<script>alert("xss")</script>'
    response = client.post(
        url(), {**FORM, "name_fi": "x" * 5000, "slug": "../../etc", "kind": "castle"}
    )
    assert response.status_code == 400 and not Region.objects.exists()
    response = client.post(url(), {**FORM, "name_fi": script, "organiser_name_fi": script})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert script not in page and "&lt;script&gt;" in page
    region_page = reverse("phases:region_detail", kwargs={"region": "pohjoinen"})
    assert client.get(region_page, {"q": "x" * 10_000}).status_code == 200
