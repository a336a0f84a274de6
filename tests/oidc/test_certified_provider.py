"""Sign-in against a second, independent provider: panva's `oidc-provider` (OpenID Certified,
Node.js), started on a free local port (tests/oidc_provider/certified). The app is given only
its issuer, client id and secret; the rest comes from discovery. Django's test client plays
the app side, `requests` the browser at the provider. The provider's test controls say what
it tells of a person (`set_account`) and make it send forged ID tokens (`tamper`)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import translation

from phases import services
from phases.models import ExternalIdentity, RegionMembership
from phases.platform import oidc
from phases.roles import Role
from tests.factories import RegionFactory, UserFactory
from tests.oidc_provider.certified.server import running_certified_provider
from tests.oidc_provider.fixtures import accept_invitation

MINNA = "minna.virtanen@hyvinvointialue.example"
START = "/{language}/accounts/oidc/certified/"


@pytest.fixture(scope="module")
def certified():
    with running_certified_provider(redirect_uris=["http://testserver/oidc/callback/"]) as op:
        yield op


@pytest.fixture
def configure(settings, certified):
    """Configure the app for the certified provider: issuer, client id, secret (+ overrides)."""

    def configure(**overrides):
        oidc.forget_discovery()
        entry = certified.settings(**overrides)
        settings.OIDC_PROVIDERS = {entry["name"]: entry}
        return entry

    certified.tamper("")
    yield configure
    certified.tamper("")


@pytest.fixture
def region(db):
    return RegionFactory(slug="itapuoli", name="Itäpuolen hyvinvointialue")


def person(login="minna", **claims):
    return {
        "email": MINNA,
        "email_verified": True,
        "given_name": "Minna",
        "family_name": "Virtanen",
        "preferred_username": login,
        "groups": [],
        **claims,
    }


def invite(region, role, email=MINNA):
    """A pending invitation, as the members page makes it (an account with no password)."""
    return services.region_invite_member(region=region, email=email, role=role).user


def failure_text(reason: str, language: str = "fi") -> str:
    with translation.override(language):
        return str(oidc.FAILURES[reason][0])


def sign_in(client, login: str, *, language: str = "fi", accept: bool = True):
    """Start at the app, sign in at the provider's login form, bring its answer back."""
    start = client.get(START.format(language=language))
    assert start.status_code == 302, start
    browser = requests.Session()
    url = start["Location"]
    for _step in range(10):
        if url.startswith("http://testserver/"):
            break
        answer = browser.get(url, allow_redirects=False)
        if answer.status_code == 200 and 'name="login"' in answer.text:
            action = re.search(r'action="([^"]+)"', answer.text).group(1)
            answer = browser.post(
                urljoin(url, action),
                data={"prompt": "login", "login": login, "password": "any"},
                allow_redirects=False,
            )
        assert answer.status_code in (302, 303), answer.text
        url = urljoin(url, answer.headers["Location"])
    callback = urlsplit(url)
    assert callback.path == "/oidc/callback/", url
    response = client.get(f"{callback.path}?{callback.query}")
    return accept_invitation(client, response) if accept else response


def signed_in_as(response):
    user = response.wsgi_request.user
    return user if user.is_authenticated else None


# -- discovery and PKCE ----------------------------------------------------------------


def test_issuer_client_id_and_secret_are_enough(
    client, region, certified, configure, django_capture_on_commit_callbacks, mailoutbox
):
    entry = configure()
    assert not any(entry[key] for key in ("authorization_endpoint", "token_endpoint"))
    assert not entry["jwks_endpoint"] and not entry["sign_algo"]
    minna = invite(region, Role.PREPARER)
    certified.set_account("minna", person())
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_in(client, "minna", language="sv")
    assert response.status_code == 302 and response["Location"] == f"/sv/r/{region.slug}/"
    assert signed_in_as(response) == minna
    identity = ExternalIdentity.objects.get(user=minna)
    assert (identity.issuer, identity.subject) == (certified.issuer, "minna")
    # The account's address is told, in the person's language (the invitation's: Finnish).
    assert [m.to for m in mailoutbox] == [[MINNA]]
    with translation.override("fi"):
        assert "Sertifioitu" in mailoutbox[0].body
        assert str(translation.gettext("A sign-in was linked to your account")) in (
            mailoutbox[0].subject
        )


def test_the_authorization_request_uses_pkce_and_the_provider_requires_it(
    client, region, certified, configure, settings
):
    configure()
    start = client.get(START.format(language="fi"))
    query = parse_qs(urlsplit(start["Location"]).query)
    assert start["Location"].startswith(certified.issuer + "/auth?")  # from discovery
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"]

    invite(region, Role.VIEWER)
    certified.set_account("minna", person())
    settings.OIDC_USE_PKCE = False  # the provider refuses a request without PKCE
    response = sign_in(client, "minna")
    assert response.status_code == 403
    assert failure_text("cancelled") in response.content.decode()
    assert signed_in_as(response) is None


def test_provider_down_at_discovery_gives_the_clear_page(client, region, configure):
    from tests.oidc_provider.server import free_port

    configure(issuer=f"http://127.0.0.1:{free_port()}")
    response = client.get(START.format(language="en"))
    assert response.status_code == 502
    assert failure_text("unavailable", "en") in response.content.decode()


def test_a_discovery_document_of_another_issuer_is_not_used(client, region, certified, configure):
    configure(issuer=certified.issuer + "/")  # the document says the issuer without the slash
    response = client.get(START.format(language="fi"))
    assert response.status_code == 502
    assert failure_text("unavailable") in response.content.decode()


# -- forged and broken ID tokens ---------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("wrong-iss", "invalid"),
        ("bad-signature", "invalid"),
        ("alg-none", "invalid"),
        ("expired", "expired"),
        ("wrong-aud", "invalid"),
    ],
)
def test_a_forged_or_stale_id_token_signs_nobody_in(
    client, region, certified, configure, mode, reason
):
    configure()
    invite(region, Role.PREPARER)
    certified.set_account("minna", person())
    certified.tamper(mode)
    response = sign_in(client, "minna")
    assert response.status_code == 400
    assert failure_text(reason) in response.content.decode()
    assert signed_in_as(response) is None
    assert not ExternalIdentity.objects.exists()


@pytest.mark.parametrize(
    "claims",
    [
        {"email": [MINNA]},  # e-mail as a list
        {"given_name": 12345},  # integer names
        {"family_name": ["Virtanen"]},
        {"email": "minna\x00@hyvinvointialue.example"},  # NUL in the e-mail
        {"email": "minna.virtanen@hyvinvointialue.example\x00"},
        {"email": "not an address"},
        {"email_verified": "maybe"},
        {"groups": {"sl-valmistelijat": True}},
        {"given_name": "M" * 151},
    ],
    ids=lambda claims: next(iter(claims)),
)
def test_a_bad_claim_gets_the_clear_page(client, region, certified, configure, claims):
    region.oidc_viewer_signup = True  # good claims would make a new viewer here
    region.save()
    configure()
    certified.set_account("outsider", person(**claims))
    response = sign_in(client, "outsider")
    assert response.status_code == 400
    assert failure_text("invalid") in response.content.decode()
    assert signed_in_as(response) is None
    assert not RegionMembership.objects.exists()


def test_a_256_character_subject_gets_the_clear_page(client, region, certified, configure):
    region.oidc_viewer_signup = True
    region.save()
    configure()
    login = "s" * 256  # the provider's `sub`
    certified.set_account(login, person(email="olli@hyvinvointialue.example"))
    response = sign_in(client, login)
    assert response.status_code == 400
    assert failure_text("invalid") in response.content.decode()
    assert not RegionMembership.objects.exists()


# -- who may be linked ---------------------------------------------------------------------


def test_the_address_of_a_password_account_is_refused(client, region, certified, configure):
    configure()
    local = UserFactory(username="minna.local", email=MINNA)  # signs in with a password
    services.region_set_member(region=region, user=local, role=Role.REGION_ADMIN)
    certified.set_account("minna", person())
    response = sign_in(client, "minna", language="sv")
    assert response.status_code == 403
    assert failure_text("local_account", "sv") in response.content.decode()
    assert signed_in_as(response) is None
    assert not ExternalIdentity.objects.exists()


@pytest.mark.parametrize("flag", ["is_superuser", "is_staff"])
def test_a_superuser_or_staff_address_is_refused_even_without_a_password(
    client, region, certified, configure, flag
):
    configure()
    admin = invite(region, Role.REGION_ADMIN)  # as if invited, but a site administrator
    setattr(admin, flag, True)
    admin.save()
    certified.set_account("minna", person())
    response = sign_in(client, "minna")
    assert response.status_code == 403
    assert failure_text("local_account") in response.content.decode()
    assert signed_in_as(response) is None
    assert not ExternalIdentity.objects.exists()


def test_a_superuser_never_signs_in_through_a_provider_even_when_linked(
    client, region, certified, configure
):
    configure()
    root = UserFactory(username="root", email="root@hyvinvointialue.example", is_superuser=True)
    ExternalIdentity.objects.create(
        user=root, provider="certified", issuer=certified.issuer, subject="root"
    )
    certified.set_account("root", person(email="root@hyvinvointialue.example"))
    response = sign_in(client, "root")
    assert response.status_code == 403
    assert signed_in_as(response) is None


def test_an_invitation_is_linked_only_when_the_person_accepts_it(
    client, region, certified, configure, django_capture_on_commit_callbacks, mailoutbox
):
    configure()
    minna = invite(region, Role.PREPARER)
    certified.set_account("minna", person())
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        asked = sign_in(client, "minna", language="en", accept=False)
    assert asked.status_code == 200
    page = asked.content.decode()
    assert "Accept the invitation" in page and region.name in page and minna.username in page
    assert signed_in_as(asked) is None
    assert not ExternalIdentity.objects.exists() and not mailoutbox  # nothing yet

    with django_capture_on_commit_callbacks(execute=True):
        accepted = client.post(asked.context["accept_url"])
    assert accepted.status_code == 302 and accepted["Location"] == f"/en/r/{region.slug}/"
    assert signed_in_as(client.get(accepted["Location"])) == minna
    assert ExternalIdentity.objects.get().user == minna
    assert [m.to for m in mailoutbox] == [[MINNA]]
    client.logout()
    # Accepted once: the next sign-in goes straight in.
    assert sign_in(client, "minna", accept=False).status_code == 302


@pytest.mark.parametrize("case", ["no sign-in", "too old", "another provider"])
def test_accepting_needs_the_providers_fresh_answer(client, region, certified, configure, case):
    configure()
    invite(region, Role.PREPARER)
    certified.set_account("minna", person())
    asked = sign_in(client, "minna", accept=False)
    url = asked.context["accept_url"]
    session = client.session
    if case == "no sign-in":
        del session["oidc_invitation"]
    elif case == "too old":
        session["oidc_invitation"]["at"] -= oidc.INVITATION_ACCEPT_SECONDS + 1
    else:
        session["oidc_invitation"]["provider"] = "default"
    session.save()
    response = client.post(url)
    assert response.status_code == 400
    assert failure_text("state") in response.content.decode()
    assert signed_in_as(response) is None and not ExternalIdentity.objects.exists()


def test_an_invitation_is_used_once_and_then_only_the_subject_counts(
    client, region, certified, configure
):
    configure()
    minna = invite(region, Role.PREPARER)
    certified.set_account("minna", person())
    assert signed_in_as(sign_in(client, "minna")) == minna
    client.logout()

    # Another identity at the provider with the same verified address gets nothing.
    certified.set_account("impostor", person())
    response = sign_in(client, "impostor")
    assert response.status_code == 403 and signed_in_as(response) is None
    assert list(ExternalIdentity.objects.values_list("subject", flat=True)) == ["minna"]

    # The linked subject finds the account whatever its address says now.
    certified.set_account("minna", person(email="minna@elsewhere.example"))
    assert signed_in_as(sign_in(client, "minna")) == minna


def test_an_unverified_address_links_only_in_an_allowed_domain(
    client, region, certified, configure
):
    minna = invite(region, Role.VIEWER)
    certified.set_account("minna", person(email_verified=False))
    configure()
    response = sign_in(client, "minna")
    assert response.status_code == 403
    assert failure_text("email_unverified") in response.content.decode()

    configure(email_domains=["hyvinvointialue.example"])  # e.g. Entra ID's own domain
    assert signed_in_as(sign_in(client, "minna")) == minna


def test_entra_ids_tenant_and_object_id_identify_the_person(client, region, certified, configure):
    configure()
    minna = invite(region, Role.VIEWER)
    entra = {"tid": "7e1d-tenant", "oid": "0b5c-object"}
    certified.set_account("minna", person(**entra))
    assert signed_in_as(sign_in(client, "minna")) == minna
    assert ExternalIdentity.objects.get().subject == "7e1d-tenant/0b5c-object"
    client.logout()
    certified.set_account("minna-app2", person(**entra, email="other@elsewhere.example"))
    assert signed_in_as(sign_in(client, "minna-app2")) == minna


# -- roles from groups, regions at every sign-in ---------------------------------------------


def test_a_group_gives_a_role_and_takes_it_away(client, region, certified, configure):
    configure(group_roles={"sl-valmistelijat": "preparer"}, group_region=region.slug)
    certified.set_account(
        "pia", person(email="pia@hyvinvointialue.example", groups=["sl-valmistelijat"])
    )
    pia = signed_in_as(sign_in(client, "pia"))
    membership = RegionMembership.objects.get(user=pia)
    assert (membership.region, membership.role) == (region, Role.PREPARER)
    assert membership.group_provider == "certified"
    assert pia.groups.exists()  # the role's permission group
    client.logout()
    admin = invite(region, Role.REGION_ADMIN, "admin@hyvinvointialue.example")
    client.force_login(admin)
    page = client.get(f"/en/r/{region.slug}/members/").content.decode()
    assert page.count("a sign-in without the group takes it away") == 1  # Pia's row only
    client.logout()

    certified.set_account("pia", person(email="pia@hyvinvointialue.example", groups=[]))
    sign_in(client, "pia")
    assert not RegionMembership.objects.filter(user=pia).exists()
    assert not pia.groups.exists()  # the role's permission group too


def test_a_group_never_takes_away_what_an_invitation_gave(client, region, certified, configure):
    configure(group_roles={"sl-valmistelijat": "preparer"}, group_region=region.slug)
    minna = invite(region, Role.SECRETARY)
    certified.set_account("minna", person(groups=["sl-valmistelijat"]))
    assert signed_in_as(sign_in(client, "minna")) == minna
    client.logout()
    certified.set_account("minna", person(groups=[]))
    assert signed_in_as(sign_in(client, "minna")) == minna
    membership = RegionMembership.objects.get(user=minna)
    assert (membership.role, membership.group_provider) == (Role.SECRETARY, "")


def test_the_providers_regions_are_checked_at_every_sign_in(client, region, certified, configure):
    other = RegionFactory(slug="toinen-alue")
    configure(regions=[region.slug])
    minna = invite(region, Role.PREPARER)
    certified.set_account("minna", person())
    assert signed_in_as(sign_in(client, "minna")) == minna
    client.logout()

    # Moved to another region: the first region's provider no longer signs her in.
    services.region_remove_member(region=region, user=minna, by=None)
    services.region_set_member(region=other, user=minna, role=Role.PREPARER)
    response = sign_in(client, "minna")
    assert response.status_code == 403
    assert failure_text("unknown") in response.content.decode()
    assert signed_in_as(response) is None


# -- configuration ---------------------------------------------------------------------------


def test_a_provider_without_an_issuer_is_refused_at_check_and_at_start(
    settings, certified, configure
):
    entry = configure(issuer="")
    settings.OIDC_PROVIDERS = {"certified": entry}
    with pytest.raises(SystemCheckError, match="OIDC_CERTIFIED_ISSUER is not set"):
        call_command("check")
    with pytest.raises(ImproperlyConfigured, match="ISSUER"):
        oidc.refuse_misconfigured_providers()
