"""Login brute-force protection (django-axes) and password hashing (Argon2)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import PASSWORD, UserFactory

LOGIN = "/{lang}/accounts/login/"


def tr(msgid: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.fixture
def person(db):
    return UserFactory(username="kirjautuja")


def post_login(client, password, lang="fi"):
    return client.post(
        LOGIN.format(lang=lang), {"username": "kirjautuja", "password": password}, follow=False
    )


def test_passwords_are_hashed_with_argon2(db, django_settings_module_hashers):
    """The settings' hashers (the tests put a fast one in front, see tests/conftest.py):
    a password set in production is Argon2, and a login with it works."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=django_settings_module_hashers):
        person = UserFactory(username="argon")
        person.set_password(PASSWORD)
        person.save()
        assert person.password.startswith("argon2")
        assert person.check_password(PASSWORD)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_login_locks_after_the_failure_limit_even_for_the_right_password(client, person, lang):
    limit = settings.AXES_FAILURE_LIMIT
    assert 3 <= limit <= 10
    for attempt in range(limit - 1):
        response = post_login(client, f"wrong-{attempt}", lang)
        assert response.status_code == 200, attempt  # the form again, with its error
        assert "_auth_user_id" not in client.session
    response = post_login(client, "wrong-last", lang)
    assert response.status_code in {403, 429}
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert tr("Too many attempts", lang) in body
    assert (
        tr(
            "Logging in failed too many times. For your security the account is locked for a "
            "while: try again in 15 minutes, or ask your region's administrator for help.",
            lang,
        )
        in body
    )

    # The right password is refused too while the lock lasts.
    response = post_login(client, PASSWORD, lang)
    assert response.status_code in {403, 429}
    assert tr("Too many attempts", lang) in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_page_is_translated():
    """The lock-out message is in the user's language, not English."""
    english = "Too many attempts"
    assert tr(english, "fi") != english, "locked_out.html lacks a Finnish translation"
    assert tr(english, "sv") != english, "locked_out.html lacks a Swedish translation"


def test_a_successful_login_below_the_limit_resets_the_count(client, person):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, f"wrong-{attempt}")
    response = post_login(client, PASSWORD)
    assert response.status_code == 302
    client.logout()
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert post_login(client, f"again-{attempt}").status_code == 200
    assert post_login(client, PASSWORD).status_code == 302


def test_one_address_spraying_passwords_across_usernames_is_locked_out(client, person):
    """Lock-out by address as well as by username and address: failures with a different
    username each time still lock the address (the person's own login included), while
    the same person from another address may log in."""
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            LOGIN.format(lang="fi"), {"username": f"guess{attempt}", "password": "Kesä2026!"}
        )
    assert response.status_code in {403, 429}
    response = post_login(client, PASSWORD)
    assert response.status_code in {403, 429}
    assert "_auth_user_id" not in client.session
    other = client.__class__(REMOTE_ADDR="198.51.100.7")
    response = other.post(LOGIN.format(lang="fi"), {"username": "kirjautuja", "password": PASSWORD})
    assert response.status_code == 302
