"""Staff sign-in with the organisation's OpenID Connect provider (mozilla-django-oidc).

The library does the protocol (state, nonce, PKCE, token exchange, signature check against
the provider's keys); this module adds what the product needs on top:

- several providers (settings.OIDC_PROVIDERS, read from the environment: issuer, client id
  and secret); each provider's endpoints, keys and signing algorithm come from its
  discovery document, read when first needed and kept for an hour; the ID token's `iss`
  must be the provider's issuer, its `aud` the client; a provider without an issuer is a
  configuration error (`manage.py check`, and the app does not start);
- a person is found by the identity's issuer and subject only (`iss` + `sub`, Entra ID's
  `tid` + `oid`). The first link is made only to a pending invitation for the verified
  address (an invited account that has never been used and has no password) once the person
  accepts it on the "Accept your invitation" page, or to a new account that the region's
  viewer rule or the provider's group mapping creates; never to
  an account that has a usable password, is staff or is a superuser. A superuser never signs
  in through a provider. The account's address is told when an identity is linked to it;
- roles given by the provider's group mapping are recorded as such (RegionMembership.
  group_provider); a sign-in without the group takes them away (never a role an invitation
  or an administrator gave); the provider's regions are checked at every sign-in;
- the claims are validated (types, lengths, NUL); every failure (provider down, wrong
  state, expired or forged token, bad claim, unknown user) gets a clear page in the user's
  language, never a 500;
- logout that also ends the provider session when it has an end-session endpoint.
"""

from __future__ import annotations

import logging
import threading
import time
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.contrib.auth.views import LogoutView as DjangoLogoutView
from django.core import checks
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from phases.platform.oidc_config import configuration_errors
from phases.scoping import scopes_disabled

from .. import services
from ..models import ExternalIdentity, Region, RegionMembership
from ..roles import Role
from .usernames import username_for

logger = logging.getLogger(__name__)
User = get_user_model()

SESSION_PROVIDER = "oidc_provider"  # the provider the user signed in with
SESSION_ID_TOKEN = "oidc_id_token"  # mozilla-django-oidc stores it under this key
SESSION_INVITATION = "oidc_invitation"  # an invitation the person is asked to accept
INVITATION_ACCEPT_SECONDS = 600

# When the provider's groups map to several roles, the strongest wins.
ROLE_STRENGTH = [Role.REGION_ADMIN, Role.PREPARER, Role.SECRETARY, Role.WORKING_GROUP, Role.VIEWER]


def providers() -> dict[str, dict]:
    return getattr(settings, "OIDC_PROVIDERS", {}) or {}


def get_provider(name: str | None) -> dict | None:
    return providers().get(name or "")


# -- configuration: checked at `manage.py check` and at start ----------------------------


@checks.register(checks.Tags.security, "oidc")
def check_providers(app_configs=None, **kwargs):
    return [
        checks.Error(
            message,
            id="phases.E101",
            hint='README: "Signing in with the organisation\'s identity provider"',
        )
        for message in configuration_errors(providers())
    ]


def refuse_misconfigured_providers() -> None:
    """Called by the WSGI entry point: the app does not start with a provider that has no
    issuer (or another configuration error)."""
    errors = configuration_errors(providers())
    if errors:
        raise ImproperlyConfigured("; ".join(errors))


# -- discovery ------------------------------------------------------------------------------

DISCOVERY_TTL = 3600  # seconds a discovery document is kept in the process
SIGN_ALGO_PREFERENCE = ["RS256", "ES256", "RS384", "ES384", "RS512", "ES512"]
_discovered: dict[str, tuple[float, dict]] = {}
_discovery_lock = threading.Lock()


class ProviderUnavailable(Exception):
    """The provider's discovery document could not be read or is not usable."""


def forget_discovery() -> None:
    with _discovery_lock:
        _discovered.clear()


def discovery(issuer: str) -> dict:
    """The provider's discovery document (cached); its `issuer` must be `issuer`."""
    now = time.monotonic()
    with _discovery_lock:
        cached = _discovered.get(issuer)
    if cached and cached[0] > now:
        return cached[1]
    url = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(
            url,
            timeout=getattr(settings, "OIDC_TIMEOUT", 10),
            verify=getattr(settings, "OIDC_VERIFY_SSL", True),
        )
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"{url}: {exc}") from exc
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise ProviderUnavailable(f"{url} names another issuer")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(document.get(key), str) or not document[key]:
            raise ProviderUnavailable(f"{url} has no {key}")
    with _discovery_lock:
        _discovered[issuer] = (now + DISCOVERY_TTL, document)
    return document


def resolved(provider: dict) -> dict:
    """The provider's entry with its endpoints and signing algorithm filled in: the
    explicit settings over the discovery document (read only when something is missing)."""
    needed = ("authorization_endpoint", "token_endpoint", "jwks_endpoint", "sign_algo")
    if all(provider[key] for key in needed) and provider["userinfo_endpoint"]:
        return provider
    document = discovery(provider["issuer"])
    entry = dict(provider)
    from_document = {
        "authorization_endpoint": "authorization_endpoint",
        "token_endpoint": "token_endpoint",
        "userinfo_endpoint": "userinfo_endpoint",
        "jwks_endpoint": "jwks_uri",
        "end_session_endpoint": "end_session_endpoint",
    }
    for key, name in from_document.items():
        value = document.get(name)
        if not entry[key] and isinstance(value, str):
            entry[key] = value
    if not entry["sign_algo"]:
        offered = document.get("id_token_signing_alg_values_supported") or ["RS256"]
        usable = [alg for alg in SIGN_ALGO_PREFERENCE if alg in offered]
        if not usable:  # never `none`, never the client secret unless configured
            raise ProviderUnavailable(f"{provider['issuer']} offers no usable algorithm")
        entry["sign_algo"] = usable[0]
    return entry


# -- failures -------------------------------------------------------------------------


class SignInRefused(Exception):
    """A sign-in that must not go on; `reason` picks the page's message."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


class InvitationToAccept(Exception):
    """The first sign-in of an invited person: they accept the invitation before their
    identity is linked to the account (nothing is written until then)."""

    def __init__(self, user, claims: dict):
        self.user = user
        self.claims = claims
        super().__init__(user.pk)


# reason → (heading, explanation, HTTP status)
FAILURES = {
    "unavailable": (
        _("The identity provider cannot be reached"),
        _(
            "The sign-in service of your organisation did not answer. Try again in a moment; "
            "if it keeps failing, tell your IT support."
        ),
        502,
    ),
    "state": (
        _("The sign-in could not be finished"),
        _(
            "The sign-in was started in another window, or it took too long. Start the "
            "sign-in again from the login page."
        ),
        400,
    ),
    "expired": (
        _("The sign-in has expired"),
        _("The identity provider's answer was too old to be accepted. Sign in again."),
        400,
    ),
    "invalid": (
        _("The sign-in could not be verified"),
        _(
            "The identity provider's answer could not be verified, so you were not signed in. "
            "Sign in again; if it keeps failing, tell your IT support."
        ),
        400,
    ),
    "cancelled": (
        _("The sign-in was cancelled"),
        _("The identity provider did not sign you in. You can try again from the login page."),
        403,
    ),
    "email_unverified": (
        _("Your e-mail address is not verified"),
        _(
            "The identity provider has not verified your e-mail address, so it cannot be "
            "matched to an account here. Ask your IT support to verify it, then sign in again."
        ),
        403,
    ),
    "unknown": (
        _("You have no access to the service yet"),
        _(
            "You signed in at your organisation, but you have no account here. Ask your "
            "region's administrator to invite you with your work e-mail address."
        ),
        403,
    ),
    "ambiguous": (
        _("Your account cannot be chosen"),
        _(
            "Your e-mail address belongs to more than one account here, or your account is "
            "already linked to another identity. Ask your region's administrator to sort it out."
        ),
        403,
    ),
    "local_account": (
        _("This account signs in with its password"),
        _(
            "Your e-mail address belongs to an account here that signs in with a username and "
            "password; it cannot be signed in to through the identity provider. Sign in with "
            "your password on the login page."
        ),
        403,
    ),
}


def failure_page(request, reason: str):
    heading, text, status = FAILURES.get(reason, FAILURES["invalid"])
    return render(
        request,
        "registration/oidc_failure.html",
        {"heading": heading, "text": text, "reason": reason},
        status=status,
    )


# -- the claims -----------------------------------------------------------------------

# claim → the longest value accepted (what the account fields can hold)
STRING_CLAIMS = {
    "sub": 255,
    "iss": 255,
    "email": 254,
    "given_name": 150,
    "family_name": 150,
    "preferred_username": 150,
    "name": 300,
    "tid": 100,
    "oid": 100,
}
MAX_GROUPS = 1000


def _clean_text(value, limit: int) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise SignInRefused("invalid")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):  # NUL and other controls
        raise SignInRefused("invalid")
    return value.strip()


def clean_claims(claims: dict, provider: dict) -> dict:
    """The claims with the types and lengths this app relies on; anything else is a bad
    answer (SignInRefused("invalid")), never an error further on."""
    if not isinstance(claims, dict):
        raise SignInRefused("invalid")
    cleaned = {}
    for claim, limit in STRING_CLAIMS.items():
        if claims.get(claim) is not None:
            cleaned[claim] = _clean_text(claims[claim], limit)
    if not cleaned.get("sub"):
        raise SignInRefused("invalid")
    if cleaned.get("email"):
        try:
            validate_email(cleaned["email"])
        except ValidationError as exc:
            raise SignInRefused("invalid") from exc
    verified = claims.get("email_verified", False)
    if isinstance(verified, str) and verified.strip().lower() in {"true", "false"}:
        verified = verified.strip().lower() == "true"
    if not isinstance(verified, bool):
        raise SignInRefused("invalid")
    cleaned["email_verified"] = verified
    groups = claims.get(provider["groups_claim"])
    if groups is None:
        groups = []
    elif isinstance(groups, str):
        groups = [groups]
    if not isinstance(groups, list) or len(groups) > MAX_GROUPS:
        raise SignInRefused("invalid")
    cleaned["groups"] = [_clean_text(group, 255) for group in groups]
    return cleaned


def identity_key(claims: dict) -> str:
    """The subject an identity is found by: Entra ID's tenant and object ids when the
    token has them (stable across an organisation's applications), else `sub`."""
    if claims.get("tid") and claims.get("oid"):
        return f"{claims['tid']}/{claims['oid']}"
    return claims["sub"]


def verified_email(claims: dict, provider: dict) -> str:
    """The address the provider vouches for ('' when none): `email_verified`, or a domain
    on the provider's allow-list."""
    email = claims.get("email") or ""
    if not email:
        return ""
    domain = email.rsplit("@", 1)[-1].lower()
    if claims["email_verified"] or domain in provider["email_domains"]:
        return email
    return ""


def mapped_role(claims: dict, provider: dict) -> str | None:
    """The strongest role the provider's groups give in the provider's group region."""
    mapping = provider["group_roles"]
    roles = {mapping[g] for g in claims.get("groups", []) if g in mapping}
    for role in ROLE_STRENGTH:
        if role.value in roles:
            return role.value
    return None


# -- matching a person to an account ----------------------------------------------------


def _provider_regions(provider: dict):
    regions = Region.objects.all()
    if provider["regions"]:
        regions = regions.filter(slug__in=provider["regions"])
    return regions


def is_local_account(user) -> bool:
    """An account an identity is never linked to by e-mail (and a superuser never signs in
    through a provider)."""
    return user.is_superuser or user.is_staff or user.has_usable_password()


def has_pending_invitation(user, provider: dict) -> bool:
    """An invitation not yet used: an active account that was invited to a region (of the
    provider's regions, when it has some), has never signed in, has no password and no
    linked identity."""
    if not user.is_active or user.last_login is not None or is_local_account(user):
        return False
    if ExternalIdentity.objects.filter(user=user).exists():
        return False
    memberships = RegionMembership.objects.filter(user=user, group_provider="")
    if provider["regions"]:
        memberships = memberships.filter(region__slug__in=provider["regions"])
    return memberships.exists()


def _first_link(claims: dict, provider: dict):
    """The account a new identity is linked to: the pending invitation for the verified
    address, or a new account made by an explicit rule. Returns (user, created)."""
    email = verified_email(claims, provider)
    if not email:
        raise SignInRefused("email_unverified" if claims.get("email") else "unknown")
    accounts = list(User.objects.filter(email__iexact=email).order_by("pk")[:2])
    if len(accounts) > 1:
        raise SignInRefused("ambiguous")
    if accounts:
        user = accounts[0]
        if is_local_account(user):
            raise SignInRefused("local_account")
        if not has_pending_invitation(user, provider):
            raise SignInRefused("unknown")
        return user, False  # an invitation
    role = mapped_role(claims, provider) if provider["group_region"] else None
    signup_regions = list(_provider_regions(provider).filter(oidc_viewer_signup=True))
    if role is None and not signup_regions:
        raise SignInRefused("unknown")
    user = User.objects.create_user(
        username=username_for(email),
        email=email,
        first_name=claims.get("given_name", ""),
        last_name=claims.get("family_name", ""),
    )  # no usable password: this person signs in only through the provider
    # Their mail in the language of the page they signed in from (they may change it).
    services.set_mail_language(user, translation.get_language() or "", keep_existing=True)
    for region in signup_regions:
        if region.slug != provider["group_region"] or role is None:
            services.region_set_member(region=region, user=user, role=Role.VIEWER)
    return user, True


def _apply_group_mapping(user, claims: dict, provider: dict) -> None:
    """The role the provider's groups give in its group region, recorded as given by the
    group; without the group, what the group gave is taken away (never what an invitation
    or an administrator gave)."""
    if not provider["group_region"] or not provider["group_roles"]:
        return
    region = Region.objects.filter(slug=provider["group_region"]).first()
    if region is None:
        logger.warning("OIDC group region %r does not exist", provider["group_region"])
        return
    role = mapped_role(claims, provider)
    name = provider["name"]
    membership = RegionMembership.objects.filter(region=region, user=user).first()
    try:
        if role and membership is None:
            services.region_set_member(region=region, user=user, role=role, group_provider=name)
        elif membership is None or membership.group_provider != name:
            return  # an invitation's or an administrator's role stays as it is
        elif role and membership.role != role:
            services.region_change_role(membership=membership, role=role, group_provider=name)
        elif not role:
            services.region_remove_member(region=region, user=user, by=None)
    except ValidationError:  # the region's last administrator keeps the role
        logger.warning("OIDC group mapping left %s as the last administrator", user)


def _in_provider_regions(user, provider: dict) -> bool:
    if not provider["regions"]:
        return True
    return RegionMembership.objects.filter(user=user, region__slug__in=provider["regions"]).exists()


def _linked_mail(user, provider: dict) -> None:
    """Tell the account's address that an identity was linked to it (in its language)."""
    from django.utils.translation import gettext

    from .mail import send_to_user

    send_to_user(
        user,
        subject=lambda: gettext("A sign-in was linked to your account"),
        template="phases/email/identity_linked.txt",
        context=lambda: {
            "user": user,
            "provider": provider["label"] or urlsplit(provider["issuer"]).netloc,
            "link": settings.SITE_URL + reverse("login"),
        },
    )


def match_user(*, claims: dict, provider: dict, accepted: bool = False):
    """The account for a person the provider vouches for (`claims`: the ID token's claims
    with the userinfo answer over them). Raises SignInRefused when there is none, and
    InvitationToAccept for an invitation not yet `accepted` by the person."""
    raw, claims = claims, clean_claims(claims, provider)
    issuer, subject = provider["issuer"], identity_key(claims)
    name = provider["name"]
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_for_update()
            .select_related("user")
            .filter(issuer=issuer, subject=subject)
            .first()
        )
        if identity is None:  # linked before identities kept their issuer
            identity = (
                ExternalIdentity.objects.select_for_update()
                .select_related("user")
                .filter(issuer="", provider=name, subject=subject)
                .first()
            )
            if identity is not None:
                identity.issuer = issuer
        if identity is None:
            user, created = _first_link(claims, provider)
            if ExternalIdentity.objects.filter(provider=name, user=user).exists():
                raise SignInRefused("ambiguous")  # linked to another subject already
            if not created and not accepted:
                raise InvitationToAccept(user, raw)  # rolls back: nothing written
            identity = ExternalIdentity.objects.create(
                user=user, provider=name, issuer=issuer, subject=subject
            )
            _linked_mail(user, provider)
        user = identity.user
        if not user.is_active or user.is_superuser:
            refusal = "unknown" if not user.is_active else "local_account"
            raise SignInRefused(refusal)
        identity.last_login = timezone.now()
        identity.save(update_fields=["last_login", "issuer"])
        _apply_group_mapping(user, claims, provider)
    # Checked at every sign-in, after what the groups took away is committed.
    if not _in_provider_regions(user, provider):
        raise SignInRefused("unknown")
    return user


# -- the authentication backend ---------------------------------------------------------


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, set up per sign-in for the provider it started with.

    It answers only for a request the callback view marked with `oidc_provider`; password
    logins go to Django's ModelBackend. It grants no permissions itself."""

    def __init__(self, *args, **kwargs):  # settings are per provider: read in authenticate()
        self.UserModel = User

    def configure(self, provider: dict) -> None:
        provider = resolved(provider)
        self.provider = provider
        self.OIDC_OP_TOKEN_ENDPOINT = provider["token_endpoint"]
        self.OIDC_OP_USER_ENDPOINT = provider["userinfo_endpoint"]
        self.OIDC_OP_JWKS_ENDPOINT = provider["jwks_endpoint"] or None
        self.OIDC_RP_CLIENT_ID = provider["client_id"]
        self.OIDC_RP_CLIENT_SECRET = provider["client_secret"]
        self.OIDC_RP_SIGN_ALGO = provider["sign_algo"]
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request, **kwargs):
        provider = getattr(request, "oidc_provider", None) if request else None
        if provider is None or "nonce" not in kwargs:
            return None
        self.configure(provider)
        return super().authenticate(request, **kwargs)

    def get_payload_data(self, token, key):
        # Only the provider's algorithm: never `none` (the library's unsecured-JWT
        # setting is not consulted).
        header = jwt.get_unverified_header(token)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The ID token is signed with another algorithm.")
        return self._verify_jws(token, key)

    def verify_token(self, token, **kwargs):
        if jwt.get_unverified_header(token).get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("The ID token is signed with another algorithm.")
        payload = super().verify_token(token, **kwargs)
        if not isinstance(payload, dict):
            raise SuspiciousOperation("The ID token has no claims.")
        if payload.get("iss") != self.provider["issuer"]:  # always, for every provider
            raise SuspiciousOperation("The ID token is from another issuer.")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("The ID token is for another client.")
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("The ID token was issued to another party.")
        for claim in ("exp", "iat"):  # PyJWT checks `exp` only when it is there
            if not isinstance(payload.get(claim), int | float):
                raise SuspiciousOperation(f"The ID token has no {claim}.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if not isinstance(userinfo, dict) or userinfo.get("sub") != payload.get("sub"):
                raise SignInRefused("invalid")
            claims.update(userinfo)
            claims["iss"] = payload.get("iss")
        user = match_user(claims=claims, provider=self.provider)
        self.request.session[SESSION_PROVIDER] = self.provider["name"]
        return user

    def get_user(self, user_id):
        return ModelBackend.get_user(self, user_id)

    # Permissions come from ModelBackend and django-guardian, not from here.
    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        return set()

    def get_all_permissions(self, user_obj, obj=None):
        return set()


# -- views ------------------------------------------------------------------------------


class SignInStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider; remembers the provider and the language. A POST
    accepts the invitation the provider's answer found (see `invitation_page`)."""

    http_method_names = ["get", "post"]

    def __init__(self, **kwargs):  # settings are per provider: read in setup()
        View.__init__(self, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.provider = get_provider(kwargs.get("provider"))
        if self.provider is None:
            raise Http404
        self.OIDC_RP_CLIENT_ID = self.provider["client_id"]

    def get_settings(self, attr, *args):  # the provider's scopes over the library's default
        if attr == "OIDC_RP_SCOPES":
            return self.provider["scopes"]
        return OIDCAuthenticationRequestView.get_settings(attr, *args)

    def post(self, request, *args, **kwargs):
        """The person accepts their invitation: the identity the provider vouched for a
        moment ago (kept in the session) is linked to the invited account."""
        pending = request.session.pop(SESSION_INVITATION, None) or {}
        fresh = time.time() - pending.get("at", 0) < INVITATION_ACCEPT_SECONDS
        if pending.get("provider") != self.provider["name"] or not fresh:
            return failure_page(request, "state")
        try:
            with scopes_disabled():
                user = match_user(claims=pending["claims"], provider=self.provider, accepted=True)
        except SignInRefused as exc:
            return failure_page(request, exc.reason)
        if user.pk != pending.get("user"):
            return failure_page(request, "state")
        auth_login(request, user, backend=f"{ProviderBackend.__module__}.ProviderBackend")
        request.session[SESSION_PROVIDER] = self.provider["name"]
        return HttpResponseRedirect(landing_url(request))

    def get(self, request, *args, **kwargs):
        try:
            self.OIDC_OP_AUTH_ENDPOINT = resolved(self.provider)["authorization_endpoint"]
        except ProviderUnavailable as exc:
            logger.warning("OIDC provider %s failed: %s", self.provider["name"], exc)
            return failure_page(request, "unavailable")
        response = super().get(request)
        state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
        request.session["oidc_states"][state].update(
            provider=self.provider["name"], language=translation.get_language()
        )
        request.session.modified = True
        return response


class SignInCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: the library checks it; every failure gets a clear page."""

    def dispatch(self, request, *args, **kwargs):
        # The first sign-in may make the user a viewer of a region (its memberships are
        # region-owned rows); nothing of any region is shown here.
        with scopes_disabled():
            return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        state = request.GET.get("state") or ""
        entry = (request.session.get("oidc_states") or {}).get(state) or {}
        translation.activate(entry.get("language") or translation.get_language())
        request.LANGUAGE_CODE = translation.get_language()
        provider = get_provider(entry.get("provider"))
        if request.GET.get("error"):
            super().get(request)  # forgets the state
            return failure_page(request, "cancelled")
        if provider is None or "code" not in request.GET:
            return failure_page(request, "state")
        if request.GET.get("iss", provider["issuer"]) != provider["issuer"]:  # RFC 9207
            return failure_page(request, "invalid")
        request.oidc_provider = provider
        try:
            response = super().get(request)
        except InvitationToAccept as invitation:
            return invitation_page(request, provider, invitation)
        except SignInRefused as exc:
            return failure_page(request, exc.reason)
        except (requests.RequestException, ProviderUnavailable) as exc:
            logger.warning("OIDC provider %s failed: %s", provider["name"], exc)
            return failure_page(request, "unavailable")
        except jwt.ExpiredSignatureError:
            return failure_page(request, "expired")
        except (
            jwt.InvalidTokenError,
            jwt.PyJWKError,
            SuspiciousOperation,
            ValueError,
            KeyError,
            TypeError,
        ) as exc:
            logger.warning("OIDC answer of %s refused: %s", provider["name"], exc)
            return failure_page(request, "invalid")
        if not request.user.is_authenticated:
            return failure_page(request, "unknown")
        return response

    @property
    def success_url(self):
        return landing_url(self.request)


def landing_url(request) -> str:
    next_url = request.session.get("oidc_login_next")
    if next_url:
        return next_url
    regions = list(
        Region.objects.filter(memberships__user=request.user).values_list("slug", flat=True)[:2]
    )
    if len(regions) == 1:  # straight to the user's region
        return reverse("phases:region_detail", kwargs={"region": regions[0]})
    return reverse(settings.LOGIN_REDIRECT_URL)


def invitation_page(request, provider: dict, invitation: InvitationToAccept):
    """Ask the invited person to accept: the identity is linked only when they do."""
    request.session[SESSION_INVITATION] = {
        "provider": provider["name"],
        "claims": invitation.claims,
        "user": invitation.user.pk,
        "at": time.time(),
    }
    regions = Region.objects.filter(
        memberships__user=invitation.user, memberships__group_provider=""
    ).order_by("slug")
    return render(
        request,
        "registration/oidc_accept.html",
        {
            "account": invitation.user,
            "regions": regions,
            "provider_label": provider["label"] or urlsplit(provider["issuer"]).netloc,
            "accept_url": reverse("oidc_start", kwargs={"provider": provider["name"]}),
        },
    )


class LogoutView(DjangoLogoutView):
    """Django's logout; after a provider sign-in it also ends the provider's session."""

    def post(self, request, *args, **kwargs):
        provider = get_provider(request.session.get(SESSION_PROVIDER))
        id_token = request.session.get(SESSION_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        try:
            end_session = resolved(provider)["end_session_endpoint"] if provider else ""
        except ProviderUnavailable:
            end_session = ""  # signed out here; the provider cannot be told
        if end_session:
            params = {
                "client_id": provider["client_id"],
                "post_logout_redirect_uri": request.build_absolute_uri(response["Location"]),
            }
            if id_token:
                params["id_token_hint"] = id_token
            return HttpResponseRedirect(f"{end_session}?{urlencode(params)}")
        return response


class LoginView(DjangoLoginView):
    """Django's login form, with a button for each configured identity provider."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["identity_providers"] = [
            {"name": p["name"], "label": p["label"]} for p in providers().values()
        ]
        return ctx
