"""The session store whose per-request read is written out once (`servicelofte.sessions`,
issue 31): the same sessions as Django's database store, and a deleted or expired session
is no login, on the very next request."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from phases.roles import Role
from servicelofte.sessions import SessionStore

pytestmark = pytest.mark.django_db


def history(project) -> str:
    return reverse("phases:history", kwargs={"region": project.region.slug, "project": project.pk})


def logged_out(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response.url


def test_the_settings_use_the_written_out_store():
    assert settings.SESSION_ENGINE == "servicelofte.sessions"


def test_it_reads_what_djangos_database_store_reads():
    store = SessionStore()
    store["colour"] = "sininen"
    store.create()
    assert DjangoStore(store.session_key).load() == SessionStore(store.session_key).load()
    assert SessionStore(store.session_key)["colour"] == "sininen"


def test_an_unknown_or_expired_key_is_an_empty_session_with_its_key_forgotten():
    store = SessionStore()
    store["colour"] = "punainen"
    store.create()
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    for key in (store.session_key, "x" * 32):
        read = SessionStore(key)
        assert read.load() == {}
        assert read.session_key is None


def test_a_deleted_or_expired_session_is_logged_out_on_the_next_request(client, project, users):
    client.force_login(users[Role.PREPARER])
    assert client.get(history(project)).status_code == 200
    key = client.session.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    assert logged_out(client.get(history(project)))
    client.force_login(users[Role.PREPARER])
    assert client.get(history(project)).status_code == 200
    Session.objects.filter(pk=client.session.session_key).delete()  # revoked
    assert logged_out(client.get(history(project)))
