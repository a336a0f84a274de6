"""Identity providers from the environment (servicelofte/oidc_config.py)."""

import pytest

from servicelofte.oidc_config import end_session_origins, providers_from_environ

KC = "https://sso.example.fi/realms/alue/protocol/openid-connect"


def test_no_variables_no_provider():
    assert providers_from_environ({}) == {}
    assert providers_from_environ({"OIDC_CLIENT_ID": "x"}) == {}  # endpoints missing


def test_default_and_extra_providers():
    env = {
        "OIDC_CLIENT_ID": "servicelofte",
        "OIDC_CLIENT_SECRET": "s",
        "OIDC_AUTHORIZATION_ENDPOINT": f"{KC}/auth",
        "OIDC_TOKEN_ENDPOINT": f"{KC}/token",
        "OIDC_END_SESSION_ENDPOINT": f"{KC}/logout",
        "OIDC_GROUP_ROLES": "valmistelijat=preparer, katselijat=viewer",
        "OIDC_GROUP_REGION": "esimerkki",
        "OIDC_EXTRA_PROVIDERS": "lappi",
        "OIDC_LAPPI_CLIENT_ID": "sl-lappi",
        "OIDC_LAPPI_AUTHORIZATION_ENDPOINT": "https://login.example.com/lappi/authorize",
        "OIDC_LAPPI_TOKEN_ENDPOINT": "https://login.example.com/lappi/token",
        "OIDC_LAPPI_REGIONS": "lappi, lappi-testi",
        "OIDC_LAPPI_TRUST_EMAIL": "1",
        "OIDC_LAPPI_LABEL": "Entra ID",
    }
    providers = providers_from_environ(env)
    assert list(providers) == ["default", "lappi"]
    default, lappi = providers["default"], providers["lappi"]
    assert default["group_roles"] == {"valmistelijat": "preparer", "katselijat": "viewer"}
    assert default["scopes"] == "openid email profile" and default["sign_algo"] == "RS256"
    assert default["regions"] == [] and not default["trust_email"]
    assert lappi["regions"] == ["lappi", "lappi-testi"] and lappi["trust_email"]
    assert lappi["label"] == "Entra ID" and lappi["client_id"] == "sl-lappi"
    assert end_session_origins(providers) == ["https://sso.example.fi"]


@pytest.mark.parametrize("mapping", ["valmistelijat", "x=superuser", "=viewer"])
def test_a_wrong_group_mapping_stops_the_start(mapping):
    env = {
        "OIDC_CLIENT_ID": "c",
        "OIDC_AUTHORIZATION_ENDPOINT": "https://a",
        "OIDC_TOKEN_ENDPOINT": "https://t",
        "OIDC_GROUP_ROLES": mapping,
    }
    with pytest.raises(ValueError):
        providers_from_environ(env)
