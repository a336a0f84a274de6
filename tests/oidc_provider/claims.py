"""What the test provider says about its users: e-mail (verified or not, per users.json)
and the user's groups in a `groups` scope and claim (as Keycloak's and Entra ID's do)."""

import json
from functools import cache
from pathlib import Path

from oidc_provider.lib.claims import ScopeClaims

USERS_FILE = Path(__file__).with_name("users.json")


@cache
def users() -> dict[str, dict]:
    return {u["username"]: u for u in json.loads(USERS_FILE.read_text())["users"]}


def userinfo(claims, user):
    data = users().get(user.username, {})
    claims["email"] = user.email
    claims["email_verified"] = bool(data.get("email_verified", True))
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["name"] = f"{user.first_name} {user.last_name}".strip()
    claims["preferred_username"] = user.username
    return claims


class GroupsScopeClaims(ScopeClaims):
    info_groups = ("Groups", "The groups you belong to.")

    def scope_groups(self):
        return {"groups": sorted(self.user.groups.values_list("name", flat=True))}
