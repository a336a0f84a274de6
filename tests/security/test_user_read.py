"""The signed-in user read by one statement written out once (`servicelofte.auth`, issue
31): the same user as Django's ModelBackend reads, no user for an inactive, deleted or
password-changed account on the very next request, and the sessions signed in before the
backend replaced Django's stay signed in."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.sessions.models import Session
from django.urls import reverse

from phases.roles import Role
from servicelofte import auth
from servicelofte.sessions import SessionStore

pytestmark = pytest.mark.django_db


def history(project) -> str:
    return reverse("phases:history", kwargs={"region": project.region.slug, "project": project.pk})


def logged_out(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response.url


def test_the_settings_use_the_written_out_backend_instead_of_djangos():
    assert auth.PATH in settings.AUTHENTICATION_BACKENDS
    assert auth.REPLACED not in settings.AUTHENTICATION_BACKENDS


def test_it_reads_what_djangos_model_backend_reads(users):
    user = users[Role.PREPARER]
    user.last_login = user.date_joined  # a datetime column with a value
    user.save()
    found, expected = auth.ModelBackend().get_user(user.pk), DjangoModelBackend().get_user(user.pk)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
    assert not found._state.adding
    assert found._state.db == expected._state.db
    assert auth.ModelBackend().get_user(10**9) is None


def test_an_inactive_deleted_or_password_changed_user_is_signed_out(client, project, users):
    user = users[Role.PREPARER]
    client.force_login(user)
    assert client.get(history(project)).status_code == 200
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert logged_out(client.get(history(project)))
    get_user_model().objects.filter(pk=user.pk).update(is_active=True)
    client.force_login(user)
    user.set_password("uusi-salasana-2026")  # the session's hash no longer verifies
    user.save()
    assert logged_out(client.get(history(project)))
    client.force_login(user)
    assert client.get(history(project)).status_code == 200
    user.delete()
    assert logged_out(client.get(history(project)))


def test_a_session_signed_in_by_djangos_backend_stays_signed_in(client, project, users):
    client.force_login(users[Role.PREPARER], backend=auth.REPLACED)
    key = client.session.session_key
    stored = Session.objects.get(pk=key).get_decoded()
    assert stored[BACKEND_SESSION_KEY] == auth.REPLACED  # as sessions from before hold it
    assert SessionStore(key)[BACKEND_SESSION_KEY] == auth.PATH
    assert client.get(history(project)).status_code == 200
