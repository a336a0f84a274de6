"""The password sign-in's backend with its per-request read written out once (issue 31: the
base every staff page pays).

Django's `ModelBackend.get_user` reads the signed-in user with
`UserModel._default_manager.get(pk=...)`, a queryset compiled on every request. This
backend runs the same statement, written out once from the model's table and columns (as
`servicelofte.sessions` does for the session and `phases.views.mixins.project_with_region` for
the project): the same columns, each field's database converters applied as the ORM
applies them, and the same answer: None for a missing user or one who may not sign in
(`user_can_authenticate`: an inactive user). Signing in (`authenticate`), the permissions
and Django's check of the session against the password's hash are Django's own.

A session names the backend that signed its user in; those signed in before this backend
replaced Django's name `REPLACED` and are read as naming this one
(`servicelofte.sessions.SessionStore`), so nobody is signed out by the change.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import connections, router

# The backend this one replaces in AUTHENTICATION_BACKENDS: a session naming it is this one's.
REPLACED = "django.contrib.auth.backends.ModelBackend"
PATH = "servicelofte.auth.ModelBackend"


class _UserLookup:
    """`UserModel._default_manager.get(pk=...)` written out once for one database."""

    def __init__(self, model, alias: str):
        connection = connections[alias]
        quote, meta = connection.ops.quote_name, model._meta
        self.model, self.alias = model, alias
        self.fields = list(meta.concrete_fields)
        self.attnames = [f.attname for f in self.fields]
        columns = ", ".join(quote(f.column) for f in self.fields)
        self.sql = (
            f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"
        )
        self.converters = []
        for f in self.fields:
            col = f.get_col(meta.db_table)
            found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            self.converters.append((col, found))

    def get(self, pk):
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, [pk])
            row = cursor.fetchone()
        if row is None:
            return None
        values = []
        for value, (col, converters) in zip(row, self.converters, strict=True):
            for convert in converters:
                value = convert(value, col, connection)
            values.append(value)
        return self.model.from_db(self.alias, self.attnames, values)


@cache
def _lookup(model, alias: str) -> _UserLookup:
    return _UserLookup(model, alias)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        """The user `user_id` (the session's, already the pk's type), or None when there is
        none or they may not sign in: Django's `ModelBackend.get_user`, one prepared
        statement."""
        model = get_user_model()
        user = _lookup(model, router.db_for_read(model)).get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
