"""People's language: an invitation goes in the language chosen for the person (by
default the language of the page the inviter used), with its link in that language; one
username rule for everyone (the e-mail address), whoever made the account."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from phases.models import Region, UserProfile
from phases.platform.usernames import username_for
from phases.roles import Role
from tests.factories import UserFactory
from tests.test_unchanged_save_matrix import page_forms, save_button

pytestmark = pytest.mark.django_db


def subject(language):
    with translation.override(language):
        return translation.gettext("Your account in the service promise tool")


def _the_form(client, url, field):
    forms = page_forms(client.get(url).content.decode())
    return next(f for f in forms if field in dict(f.fields) or field in f.selects)


def _members_url(region, language):
    with translation.override(language):
        return reverse("phases:members", kwargs={"region": region.slug})


@pytest.mark.parametrize("language", ["sv", "fi"])
def test_an_invitation_from_the_members_page_goes_in_the_page_language(
    client, region, users, mailoutbox, django_capture_on_commit_callbacks, language
):
    client.force_login(users[Role.REGION_ADMIN.value])
    url = _members_url(region, language)
    form = _the_form(client, url, "email")
    data = form.data(save_button(form))  # sent as rendered: the language left as it is
    data["email"] = ["Uusi.Jasen@Example.invalid"]
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    [mail] = mailoutbox
    assert mail.subject == subject(language)
    assert f"/{language}/accounts/reset/" in mail.body
    other = "fi" if language == "sv" else "sv"
    assert f"/{other}/" not in mail.body
    user = get_user_model().objects.get(email__iexact="uusi.jasen@example.invalid")
    assert UserProfile.objects.get(user=user).language == language
    assert user.username == "uusi.jasen@example.invalid"


def test_the_language_chosen_in_the_invite_form_wins_over_the_page(
    client, region, users, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(users[Role.REGION_ADMIN.value])
    url = _members_url(region, "fi")
    form = _the_form(client, url, "email")
    data = form.data(save_button(form))
    data.update(email=["sara@example.invalid"], language=["sv"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    [mail] = mailoutbox
    assert mail.subject == subject("sv") and "/sv/accounts/reset/" in mail.body


def test_a_region_founded_from_sv_invites_its_administrator_in_swedish_with_the_same_username_rule(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(username="site_admin", is_superuser=True))
    with translation.override("sv"):
        url = reverse("phases:region_create")
    form = _the_form(client, url, "admin_email")
    data = form.data(save_button(form))
    data.update(
        name_fi=["Pohjoinen"],
        name_sv=["Norra"],
        slug=["pohjoinen"],
        languages=["fi_sv"],
        admin_email=["Aino.Admin@pohjoinen.example"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    region = Region.objects.get(slug="pohjoinen")
    assert region.primary_language == "fi"  # a Finnish-majority region, invited from /sv/
    [mail] = mailoutbox
    assert mail.subject == subject("sv") and "/sv/accounts/reset/" in mail.body
    admin = get_user_model().objects.get(email__iexact="aino.admin@pohjoinen.example")
    # the first administrator's username follows the members' rule: the e-mail address
    assert admin.username == "aino.admin@pohjoinen.example"


def test_a_taken_username_gets_a_number_and_odd_characters_are_left_out():
    UserFactory(username="pia@example.invalid")
    assert username_for("Pia@Example.invalid") == "pia@example.invalid-2"
    assert username_for("o'brien@example.invalid") == "obrien@example.invalid"
