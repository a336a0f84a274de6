"""Staff sign in through the organisation's identity provider: a real OpenID Connect
provider (django-oidc-provider, tests/oidc_provider/) started on a free port. The person
clicks the provider's button, signs in at the provider and lands in their region; an
unknown person gets the clear refusal page; the provider's groups give a role."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from phases import services
from phases.models import RegionMembership
from phases.roles import Role
from tests.e2e.conftest import tr
from tests.factories import RegionFactory
from tests.oidc_provider.server import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def region(transactional_db):
    return RegionFactory(slug="itapuoli", name="Itäpuolen hyvinvointialue")


def sign_in_at_provider(ui, username: str, language: str = "fi") -> None:
    ui.goto(f"/{language}/accounts/login/", "login page with the provider")
    ui.page.get_by_role(
        "link", name=tr("Sign in with %(provider)s", language, provider="Testitunnistus")
    ).click()
    # The provider's own page (not ours: no axe check on it).
    ui.page.get_by_label("Provider username").fill(username)
    ui.page.get_by_label("Provider password").fill(PASSWORD)
    ui.page.get_by_role("button", name="Sign in at the provider").click()


def test_invited_staff_member_signs_in_and_out_through_the_provider(
    ui, region, oidc_provider, oidc_settings
):
    oidc_settings()
    services.region_invite_member(  # a pending invitation, as the members page makes it
        region=region, email="minna.virtanen@hyvinvointialue.example", role=Role.PREPARER
    )
    sign_in_at_provider(ui, "minna")
    ui.heading(tr("Accept your invitation"))  # the first time only
    ui.check("asked to accept the invitation")
    ui.page.get_by_role("button", name=tr("Accept the invitation")).click()
    ui.heading(region.name)
    expect(ui.page).to_have_url(re.compile(rf"/fi/r/{region.slug}/$"))
    expect(ui.page.get_by_role("link", name=tr("New promise project"))).to_be_visible()
    ui.check("landed in the region")

    ui.page.get_by_role("button", name=tr("Log out")).click()
    ui.heading(tr("Log in"))  # back from the provider's end-session endpoint
    expect(ui.page).to_have_url(re.compile(r"/fi/accounts/login/$"))
    # The provider session ended too: signing in again asks for the password again.
    ui.page.get_by_role(
        "link", name=tr("Sign in with %(provider)s", provider="Testitunnistus")
    ).click()
    expect(ui.page.get_by_label("Provider password")).to_be_visible()


def test_unknown_person_is_refused_with_the_clear_page(ui, region, oidc_settings):
    oidc_settings()
    sign_in_at_provider(ui, "outsider", language="sv")
    ui.heading(tr("You have no access to the service yet", "sv"))
    ui.check("refused")
    expect(ui.page.get_by_role("button", name=tr("Log out", "sv"))).to_have_count(0)
    ui.page.get_by_role("link", name=tr("Back to the login page", "sv")).click()
    ui.heading(tr("Log in", "sv"))


def test_provider_groups_give_the_role(ui, region, oidc_settings):
    other = RegionFactory(slug="muu-alue", name="Muu alue")
    oidc_settings(group_roles={"sl-preparers": "preparer"}, group_region=region.slug)
    sign_in_at_provider(ui, "pia")
    ui.heading(region.name)
    expect(ui.page.get_by_role("link", name=tr("New promise project"))).to_be_visible()
    ui.check("preparer by group")
    membership = RegionMembership.objects.get(
        user__email="pia.valmistelija@hyvinvointialue.example"
    )
    assert (membership.region, membership.role) == (region, Role.PREPARER)
    assert not RegionMembership.objects.filter(region=other).exists()
