"""Staff sign-in with the organisation's OpenID Connect provider (mozilla-django-oidc).

The library does the protocol (state, nonce, PKCE, token exchange, signature check against
the provider's keys); this module adds what the product needs on top:

- several providers (settings.OIDC_PROVIDERS, read from the environment); the one a sign-in
  started with is kept in the library's state entry in the session;
- matching a person to an account: first by the provider's subject (stored in
  ExternalIdentity), then by a verified e-mail address; an unknown person gets no account,
  unless the provider's group mapping gives a role or a region lets newcomers be viewers;
- a clear page in the user's language for every failure (provider down, wrong state,
  expired token, e-mail not verified, unknown user), never a 500;
- logout that also ends the provider session when it has an end-session endpoint.
"""

from __future__ import annotations

import logging
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.contrib.auth.views import LogoutView as DjangoLogoutView
from django.core.exceptions import SuspiciousOperation, ValidationError
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

from phases.scoping import scopes_disabled

from . import services
from .models import ExternalIdentity, Region, RegionMembership
from .roles import Role

logger = logging.getLogger(__name__)
User = get_user_model()

SESSION_PROVIDER = "oidc_provider"  # the provider the user signed in with
SESSION_ID_TOKEN = "oidc_id_token"  # mozilla-django-oidc stores it under this key

# When the provider's groups map to several roles, the strongest wins.
ROLE_STRENGTH = [Role.REGION_ADMIN, Role.PREPARER, Role.SECRETARY, Role.WORKING_GROUP, Role.VIEWER]


def providers() -> dict[str, dict]:
    return getattr(settings, "OIDC_PROVIDERS", {}) or {}


def get_provider(name: str | None) -> dict | None:
    return providers().get(name or "")


# -- failures -------------------------------------------------------------------------


class SignInRefused(Exception):
    """A sign-in that must not go on; `reason` picks the page's message."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


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
}


def failure_page(request, reason: str):
    heading, text, status = FAILURES.get(reason, FAILURES["invalid"])
    return render(
        request,
        "registration/oidc_failure.html",
        {"heading": heading, "text": text, "reason": reason},
        status=status,
    )


# -- matching a person to an account ----------------------------------------------------


def _email_verified(claims: dict, provider: dict) -> bool:
    value = claims.get("email_verified")
    if isinstance(value, str):
        value = value.strip().lower() == "true"
    return bool(value) or provider["trust_email"]


def _groups(claims: dict, provider: dict) -> list[str]:
    value = claims.get(provider["groups_claim"]) or []
    if isinstance(value, str):
        value = [value]
    return [str(g) for g in value]


def mapped_role(claims: dict, provider: dict) -> str | None:
    """The strongest role the provider's groups give in the provider's group region."""
    mapping = provider["group_roles"]
    roles = {mapping[g] for g in _groups(claims, provider) if g in mapping}
    for role in ROLE_STRENGTH:
        if role.value in roles:
            return role.value
    return None


def _provider_regions(provider: dict):
    regions = Region.objects.all()
    if provider["regions"]:
        regions = regions.filter(slug__in=provider["regions"])
    return regions


def _unique_username(claims: dict) -> str:
    email = claims.get("email") or ""
    base = (claims.get("preferred_username") or email.split("@")[0] or "user")[:120]
    base = "".join(ch for ch in base if ch.isalnum() or ch in "@.+-_") or "user"
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}{n}"
    return username


def _apply_group_mapping(user, claims: dict, provider: dict) -> None:
    role = mapped_role(claims, provider)
    if not role or not provider["group_region"]:
        return
    region = Region.objects.filter(slug=provider["group_region"]).first()
    if region is None:
        logger.warning("OIDC group region %r does not exist", provider["group_region"])
        return
    membership = RegionMembership.objects.filter(region=region, user=user).first()
    if membership is None:
        services.region_set_member(region=region, user=user, role=role)
    elif membership.role != role:
        try:
            services.region_change_role(membership=membership, role=role)
        except ValidationError:  # the region's last administrator keeps the role
            logger.warning("OIDC group mapping left %s as the last administrator", user)


def match_user(*, claims: dict, provider: dict):
    """The account for a person the provider vouches for (`claims`: the ID token's claims
    with the userinfo answer over them). Raises SignInRefused when there is none."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SignInRefused("invalid")
    name = provider["name"]
    with transaction.atomic():
        identity = (
            ExternalIdentity.objects.select_related("user")
            .filter(provider=name, subject=subject)
            .first()
        )
        if identity is not None:
            user = identity.user
        else:
            user = _match_by_email(claims, provider)
            if ExternalIdentity.objects.filter(provider=name, user=user).exists():
                raise SignInRefused("ambiguous")  # linked to another subject already
            identity = ExternalIdentity.objects.create(user=user, provider=name, subject=subject)
        if not user.is_active:
            raise SignInRefused("unknown")
        identity.last_login = timezone.now()
        identity.save(update_fields=["last_login"])
        _apply_group_mapping(user, claims, provider)
    return user


def _match_by_email(claims: dict, provider: dict):
    email = (claims.get("email") or "").strip()
    if not email:
        raise SignInRefused("unknown")
    if not _email_verified(claims, provider):
        raise SignInRefused("email_unverified")
    users = User.objects.filter(email__iexact=email)
    if provider["regions"]:  # a region's own provider vouches only for that region's staff
        users = users.filter(region_memberships__region__slug__in=provider["regions"])
    users = list(users.distinct()[:2])
    if len(users) > 1:
        raise SignInRefused("ambiguous")
    if users:
        return users[0]
    role = mapped_role(claims, provider) if provider["group_region"] else None
    signup_regions = list(_provider_regions(provider).filter(oidc_viewer_signup=True))
    if role is None and not signup_regions:
        raise SignInRefused("unknown")
    user = User.objects.create_user(
        username=_unique_username(claims),
        email=email,
        first_name=(claims.get("given_name") or "")[:150],
        last_name=(claims.get("family_name") or "")[:150],
    )  # no usable password: this person signs in only through the provider
    for region in signup_regions:
        if region.slug != provider["group_region"] or role is None:
            services.region_set_member(region=region, user=user, role=Role.VIEWER)
    return user


# -- the authentication backend ---------------------------------------------------------


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend, set up per sign-in for the provider it started with.

    It answers only for a request the callback view marked with `oidc_provider`; password
    logins go to Django's ModelBackend. It grants no permissions itself."""

    def __init__(self, *args, **kwargs):  # settings are per provider: read in authenticate()
        self.UserModel = User

    def configure(self, provider: dict) -> None:
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

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is not None:  # the ID token (not a signed userinfo answer)
            audience = payload.get("aud")
            audiences = audience if isinstance(audience, list) else [audience]
            if self.OIDC_RP_CLIENT_ID not in audiences:
                raise SuspiciousOperation("The ID token is for another client.")
            issuer = self.provider["issuer"]
            if issuer and payload.get("iss") != issuer:
                raise SuspiciousOperation("The ID token is from another issuer.")
        return payload

    def get_or_create_user(self, access_token, id_token, payload):
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            userinfo = self.get_userinfo(access_token, id_token, payload)
            if str(userinfo.get("sub")) != str(payload.get("sub")):
                raise SignInRefused("invalid")
            claims.update(userinfo)
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
    """Sends the browser to the provider; remembers the provider and the language."""

    def __init__(self, **kwargs):  # settings are per provider: read in setup()
        View.__init__(self, **kwargs)

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.provider = get_provider(kwargs.get("provider"))
        if self.provider is None:
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = self.provider["authorization_endpoint"]
        self.OIDC_RP_CLIENT_ID = self.provider["client_id"]

    def get_settings(self, attr, *args):  # the provider's scopes over the library's default
        if attr == "OIDC_RP_SCOPES":
            return self.provider["scopes"]
        return OIDCAuthenticationRequestView.get_settings(attr, *args)

    def get(self, request, *args, **kwargs):
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
        request.oidc_provider = provider
        try:
            response = super().get(request)
        except SignInRefused as exc:
            return failure_page(request, exc.reason)
        except requests.RequestException as exc:
            logger.warning("OIDC provider %s failed: %s", provider["name"], exc)
            return failure_page(request, "unavailable")
        except jwt.ExpiredSignatureError:
            return failure_page(request, "expired")
        except (jwt.InvalidTokenError, SuspiciousOperation, ValueError, KeyError) as exc:
            logger.warning("OIDC answer of %s refused: %s", provider["name"], exc)
            return failure_page(request, "invalid")
        if not request.user.is_authenticated:
            return failure_page(request, "unknown")
        return response

    @property
    def success_url(self):
        next_url = self.request.session.get("oidc_login_next")
        if next_url:
            return next_url
        regions = list(
            Region.objects.filter(memberships__user=self.request.user).values_list(
                "slug", flat=True
            )[:2]
        )
        if len(regions) == 1:  # straight to the user's region
            return reverse("phases:region_detail", kwargs={"region": regions[0]})
        return reverse(settings.LOGIN_REDIRECT_URL)


class LogoutView(DjangoLogoutView):
    """Django's logout; after a provider sign-in it also ends the provider's session."""

    def post(self, request, *args, **kwargs):
        provider = get_provider(request.session.get(SESSION_PROVIDER))
        id_token = request.session.get(SESSION_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if provider and provider["end_session_endpoint"]:
            params = {
                "client_id": provider["client_id"],
                "post_logout_redirect_uri": request.build_absolute_uri(response["Location"]),
            }
            if id_token:
                params["id_token_hint"] = id_token
            return HttpResponseRedirect(f"{provider['end_session_endpoint']}?{urlencode(params)}")
        return response


class LoginView(DjangoLoginView):
    """Django's login form, with a button for each configured identity provider."""

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["identity_providers"] = [
            {"name": p["name"], "label": p["label"]} for p in providers().values()
        ]
        return ctx
