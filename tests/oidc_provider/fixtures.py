"""pytest fixtures: the test OpenID Connect provider, running, and the app configured for it.
Imported by the conftest.py of the test folders that sign in through it."""

from __future__ import annotations

import copy

import pytest

from .server import running_provider

LANGUAGES = ("fi", "sv", "en")


def _app_urls(base: str) -> tuple[list[str], list[str]]:
    callbacks = [base + "/oidc/callback/"]
    after_logout = [f"{base}/{lang}/accounts/login/" for lang in LANGUAGES]
    return callbacks, after_logout


@pytest.fixture(scope="session")
def oidc_provider(live_server):
    """The provider, for the browser (the live server) and for Django's test client."""
    callbacks, after_logout = _app_urls(live_server.url)
    test_callbacks, test_after_logout = _app_urls("http://testserver")
    with running_provider(
        redirect_uris=callbacks + test_callbacks,
        post_logout_redirect_uris=after_logout + test_after_logout,
    ) as provider:
        yield provider


@pytest.fixture
def oidc_settings(settings, oidc_provider):
    """Configure the app for the provider; call it again with overrides (group mapping…)."""

    def configure(provider=oidc_provider, **overrides):
        from phases.platform.oidc import forget_discovery

        forget_discovery()  # each test reads the discovery document afresh
        entry = provider.settings(**overrides)
        settings.OIDC_PROVIDERS = {entry["name"]: entry}
        policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
        origin = provider.url.rsplit("/openid", 1)[0]
        policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], origin]
        settings.CONTENT_SECURITY_POLICY = policy
        return entry

    configure()
    return configure


def accept_invitation(client, response):
    """When the sign-in asks the invited person to accept their invitation, accept it (the
    form's POST); any other answer is returned as it is."""
    names = {t.name for t in getattr(response, "templates", []) or []}
    if response.status_code != 200 or "registration/oidc_accept.html" not in names:
        return response
    return client.post(response.context["accept_url"])
