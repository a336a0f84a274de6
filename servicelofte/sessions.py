"""The database session store with its per-request read written out once (issue 31: the
base every staff page pays).

Django's `db` store reads the session with `Session.objects.get(session_key=...,
expire_date__gt=now)`, a queryset compiled on every request. This store runs the same
statement, written out once (`phases.platform.rows`, as for the user and the project of
every staff request): the same table, the same rows, the same expiry check and the same
handling of a missing or expired session (a new empty session), so logging out, expiry and
an administrator deleting a session act exactly as before. Everything else (saving,
creating, deleting, `clearsessions`) is Django's own.

A session naming the sign-in backend `servicelofte.auth.ModelBackend` replaced
(`servicelofte.auth.REPLACED`, Django's) is read as naming its replacement: those signed in
before the change stay signed in (Django signs out a session whose backend is no longer in
AUTHENTICATION_BACKENDS).
"""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router
from django.utils import timezone

from phases.platform.rows import reader
from servicelofte import auth


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        """The session row's data (as a `Session` the base class decodes), or None after
        forgetting the key when there is no unexpired row for it (Django's behaviour)."""
        model = self.model
        found = reader(model, ("session_key", "expire_date__gt"), alias=router.db_for_read(model))
        session = found.get(self.session_key, timezone.now())
        if session is None:
            self._session_key = None
        return session

    def load(self):
        """The session's data; the replaced sign-in backend's name read as its replacement's."""
        data = super().load()
        if data.get(BACKEND_SESSION_KEY) == auth.REPLACED:
            data[BACKEND_SESSION_KEY] = auth.PATH
        return data
