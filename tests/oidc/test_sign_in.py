"""Staff sign-in through a real OpenID Connect provider (django-oidc-provider, started by the
fixture on a free port): Django's test client plays the app side, `requests` the browser at
the provider. Each failure must give the clear page in the user's language, never a 500."""

from __future__ import annotations

from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.utils import translation

from phases import services
from phases.models import ExternalIdentity, RegionMembership, UserProfile
from phases.platform.oidc import FAILURES
from phases.roles import Role
from tests.factories import RegionFactory, UserFactory
from tests.oidc_provider.fixtures import accept_invitation
from tests.oidc_provider.server import PASSWORD, free_port, running_provider

MINNA = "minna.virtanen@hyvinvointialue.example"
PIA = "pia.valmistelija@hyvinvointialue.example"


def failure_text(reason: str, language: str) -> str:
    with translation.override(language):
        return str(FAILURES[reason][0])


def sign_in(
    client, username: str, *, language: str = "fi", password: str = PASSWORD, accept: bool = True
):
    """Start at the app, sign in at the provider, bring its answer back to the app."""
    start = client.get(f"/{language}/accounts/oidc/default/")
    assert start.status_code == 302, start
    browser = requests.Session()
    answer = browser.get(start["Location"], allow_redirects=False)
    if answer.status_code == 302 and "/accounts/login/" in answer.headers["Location"]:
        login_url = urljoin(start["Location"], answer.headers["Location"])
        browser.get(login_url)
        answer = browser.post(
            login_url,
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": browser.cookies["op_csrftoken"],
                "next": parse_qs(urlsplit(login_url).query)["next"][0],
            },
            allow_redirects=False,
        )
        assert answer.status_code == 302, answer.text
        answer = browser.get(urljoin(login_url, answer.headers["Location"]), allow_redirects=False)
    callback = urlsplit(answer.headers["Location"])
    assert callback.path == "/oidc/callback/", answer.headers["Location"]
    response = client.get(f"{callback.path}?{callback.query}")
    return accept_invitation(client, response) if accept else response


@pytest.fixture
def region(transactional_db):
    return RegionFactory(slug="itapuoli", name="Itäpuolen hyvinvointialue")


def invite(region, role, email):
    """A pending invitation, as the members page makes it (an account with no password)."""
    return services.region_invite_member(region=region, email=email, role=role).user


def test_login_page_offers_the_provider_only_when_configured(client, settings, oidc_settings):
    oidc_settings()
    assert "Testitunnistus" in client.get("/fi/accounts/login/").content.decode()
    settings.OIDC_PROVIDERS = {}
    page = client.get("/fi/accounts/login/").content.decode()
    assert "Testitunnistus" not in page
    assert client.get("/fi/accounts/oidc/default/").status_code == 404


def test_invited_user_signs_in_by_verified_email_and_lands_in_the_region(
    client, region, oidc_settings, mailoutbox
):
    provider = oidc_settings()
    minna = invite(region, Role.PREPARER, MINNA.upper())
    mailoutbox.clear()
    response = sign_in(client, "minna")
    assert response.status_code == 302
    assert response["Location"] == f"/fi/r/{region.slug}/"
    assert client.get(response["Location"]).context["user"] == minna
    identity = ExternalIdentity.objects.get(user=minna)
    assert identity.provider == "default" and identity.subject  # the provider's `sub`
    assert identity.issuer == provider["issuer"]
    # The account's address is told that an identity was linked to it.
    assert [m.to for m in mailoutbox] == [[minna.email]]
    assert "Testitunnistus" in mailoutbox[0].body

    # Next time the subject finds the account, even after the e-mail changed here.
    client.logout()
    minna.email = "minna@elsewhere.example"
    minna.save()
    assert sign_in(client, "minna")["Location"] == f"/fi/r/{region.slug}/"


def test_unknown_user_is_refused_and_gets_no_account(client, region, oidc_settings):
    oidc_settings()
    response = sign_in(client, "outsider", language="sv")
    assert response.status_code == 403
    assert failure_text("unknown", "sv") in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    assert not ExternalIdentity.objects.exists()


def test_unknown_user_becomes_viewer_where_the_region_allows(client, region, oidc_settings):
    oidc_settings()
    region.oidc_viewer_signup = True
    region.save()
    closed = RegionFactory(slug="suljettu")
    response = sign_in(client, "outsider")
    assert response.status_code == 302
    membership = RegionMembership.objects.get(
        user__email__iexact="olli.ulkopuolinen@hyvinvointialue.example"
    )
    assert membership.region == region and membership.role == Role.VIEWER
    assert not RegionMembership.objects.filter(region=closed).exists()
    # the one username rule: the e-mail address, as for invited members (phases.platform.usernames)
    assert membership.user.username == "olli.ulkopuolinen@hyvinvointialue.example"


def test_a_new_account_from_sv_gets_its_mail_in_swedish(client, region, oidc_settings, mailoutbox):
    oidc_settings()
    region.oidc_viewer_signup = True
    region.save()
    assert sign_in(client, "outsider", language="sv").status_code == 302
    user = RegionMembership.objects.get(region=region).user
    assert UserProfile.objects.get(user=user).language == "sv"
    with translation.override("sv"):
        subject = translation.gettext("A sign-in was linked to your account")
    assert [m.subject for m in mailoutbox] == [subject]


def test_unverified_email_is_refused_with_the_clear_page(client, region, oidc_settings):
    oidc_settings()
    invite(region, Role.VIEWER, "uuno.vahvistamaton@hyvinvointialue.example")
    response = sign_in(client, "unverified", language="en")
    assert response.status_code == 403
    assert failure_text("email_unverified", "en") in response.content.decode()
    assert not ExternalIdentity.objects.exists()


def test_group_mapping_gives_the_role_in_its_region(client, region, oidc_settings):
    oidc_settings(
        group_roles={"sl-preparers": "preparer", "all-staff": "viewer"}, group_region=region.slug
    )
    response = sign_in(client, "pia")
    assert response.status_code == 302
    membership = RegionMembership.objects.get(user__email=PIA)
    assert membership.region == region and membership.role == Role.PREPARER  # strongest
    assert response["Location"] == f"/fi/r/{region.slug}/"


def test_region_provider_vouches_only_for_its_regions_staff(client, region, oidc_settings):
    other = RegionFactory(slug="toinen-alue")
    invite(other, Role.REGION_ADMIN, MINNA)
    oidc_settings(regions=[region.slug])
    response = sign_in(client, "minna")
    assert response.status_code == 403  # invited, but not to this provider's region
    assert failure_text("unknown", "fi") in response.content.decode()
    assert not ExternalIdentity.objects.exists()


def test_wrong_state_gives_the_clear_page(client, region, oidc_settings):
    oidc_settings()
    client.get("/fi/accounts/oidc/default/")
    response = client.get("/oidc/callback/?code=forged&state=not-the-one")
    assert response.status_code == 400
    assert failure_text("state", "fi") in response.content.decode()


def test_provider_refusal_gives_the_clear_page(client, region, oidc_settings):
    oidc_settings()
    start = client.get("/sv/accounts/oidc/default/")
    state = parse_qs(urlsplit(start["Location"]).query)["state"][0]
    response = client.get(f"/oidc/callback/?error=access_denied&state={state}")
    assert response.status_code == 403
    assert failure_text("cancelled", "sv") in response.content.decode()


def test_provider_down_gives_the_clear_page(client, region, oidc_provider, oidc_settings):
    invite(region, Role.VIEWER, MINNA)
    # Signed in at the provider, but its token endpoint does not answer.
    oidc_settings(token_endpoint=f"http://127.0.0.1:{free_port()}/openid/token")
    response = sign_in(client, "minna")
    assert response.status_code == 502
    assert failure_text("unavailable", "fi") in response.content.decode()


@pytest.fixture(scope="module")
def expiring_provider(live_server):
    """A provider whose ID tokens are already expired when they arrive."""
    with running_provider(
        redirect_uris=["http://testserver/oidc/callback/"], idtoken_expire=-120
    ) as provider:
        yield provider


def test_expired_token_gives_the_clear_page(client, region, oidc_settings, expiring_provider):
    invite(region, Role.VIEWER, MINNA)
    oidc_settings(expiring_provider)
    response = sign_in(client, "minna")
    assert response.status_code == 400
    assert failure_text("expired", "fi") in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_logout_ends_the_provider_session(client, region, oidc_provider, oidc_settings):
    oidc_settings()
    invite(region, Role.VIEWER, MINNA)
    sign_in(client, "minna")
    response = client.post("/fi/accounts/logout/")
    assert response["Location"].startswith(oidc_provider.url + "/end-session?")
    query = parse_qs(urlsplit(response["Location"]).query)
    assert query["post_logout_redirect_uri"] == ["http://testserver/fi/accounts/login/"]
    assert query["id_token_hint"]
    assert not client.get("/fi/").wsgi_request.user.is_authenticated


def test_local_accounts_still_log_in_with_a_password(client, region, oidc_settings, password):
    oidc_settings()
    UserFactory(username="paikallinen")
    response = client.post("/fi/accounts/login/", {"username": "paikallinen", "password": password})
    assert response.status_code == 302
    assert client.post("/fi/accounts/logout/")["Location"] == "/fi/accounts/login/"
