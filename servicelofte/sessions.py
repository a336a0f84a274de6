"""The database session store with its per-request read written out once (issue 31: the
base every staff page pays).

Django's `db` store reads the session with `Session.objects.get(session_key=...,
expire_date__gt=now)`, a queryset compiled on every request. This store runs the same
statement, written out once from the model's table and columns (as
`phases.views.mixins.project_with_region` does for the project): the same table, the same rows,
the same expiry check and the same handling of a missing or expired session (a new empty
session), so logging out, expiry and an administrator deleting a session act exactly as
before. Everything else (saving, creating, deleting, `clearsessions`) is Django's own.

A session naming the sign-in backend `servicelofte.auth.ModelBackend` replaced
(`servicelofte.auth.REPLACED`, Django's) is read as naming its replacement: those signed in
before the change stay signed in (Django signs out a session whose backend is no longer in
AUTHENTICATION_BACKENDS).
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from servicelofte import auth


@cache
def _read_sql(model, alias: str) -> str:
    quote, meta = connections[alias].ops.quote_name, model._meta

    def column(name: str) -> str:
        return quote(meta.get_field(name).column)

    return (
        f"SELECT {column('session_data')} FROM {quote(meta.db_table)} "
        f"WHERE {column('session_key')} = %s AND {column('expire_date')} > %s"
    )


class SessionStore(DatabaseSessionStore):
    def _get_session_from_db(self):
        """The session row's data (as a `Session` the base class decodes), or None after
        forgetting the key when there is no unexpired row for it (Django's behaviour)."""
        model = self.model
        alias = router.db_for_read(model)
        connection = connections[alias]
        # the expiry as the ORM would send it (SQLite stores naive UTC text)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(_read_sql(model, alias), [self.session_key, now])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])

    def load(self):
        """The session's data; the replaced sign-in backend's name read as its replacement's."""
        data = super().load()
        if data.get(BACKEND_SESSION_KEY) == auth.REPLACED:
            data[BACKEND_SESSION_KEY] = auth.PATH
        return data
