"""The claims a provider sends are checked before anything is looked up or stored
(phases.platform.oidc.clean_claims); the sign-in tests show the page a bad one gets."""

import pytest

from phases.platform.oidc import SignInRefused, clean_claims, identity_key
from phases.platform.oidc_config import provider_entry

PROVIDER = provider_entry(issuer="https://sso.example.fi", client_id="c")
GOOD = {
    "sub": "248289761001",
    "email": "minna@hyvinvointialue.example",
    "email_verified": True,
    "given_name": "Minna",
    "groups": ["sl-valmistelijat"],
}


def test_good_claims_pass():
    cleaned = clean_claims(GOOD, PROVIDER)
    assert cleaned["email"] == GOOD["email"] and cleaned["groups"] == ["sl-valmistelijat"]
    assert clean_claims({**GOOD, "email_verified": "true", "groups": "g"}, PROVIDER)["groups"] == [
        "g"
    ]
    assert identity_key(cleaned) == "248289761001"
    assert identity_key({**cleaned, "tid": "t", "oid": "o"}) == "t/o"


@pytest.mark.parametrize(
    "bad",
    [
        {"sub": ""},
        {"sub": 248289761001},
        {"sub": "s" * 256},
        {"sub": None},
        {"email": ["minna@hyvinvointialue.example"]},
        {"email": "minna\x00@hyvinvointialue.example"},
        {"email": "minna@hyvinvointialue.example\x00"},
        {"email": "not an address"},
        {"email": "a" * 250 + "@x.fi"},
        {"given_name": 12345},
        {"given_name": "Minna\x00"},
        {"given_name": "M" * 151},
        {"family_name": {"fi": "Virtanen"}},
        {"preferred_username": True},
        {"email_verified": "maybe"},
        {"email_verified": 1},
        {"groups": {"sl-valmistelijat": True}},
        {"groups": [1, 2]},
        {"groups": ["g\x00"]},
        {"groups": ["g"] * 1001},
        {"tid": ["t"]},
    ],
    ids=repr,
)
def test_a_bad_claim_is_refused(bad):
    with pytest.raises(SignInRefused) as refused:
        clean_claims({**GOOD, **bad}, PROVIDER)
    assert refused.value.reason == "invalid"
