"""The password sign-in's backend with its per-request read written out once (issue 31: the
base every staff page pays).

Django's `ModelBackend.get_user` reads the signed-in user with
`UserModel._default_manager.get(pk=...)`, a queryset compiled on every request. This
backend runs the same statement, written out once (`phases.platform.rows`, the one reader
of the session, the user and the project of every staff request), and gives the same
answer: None for a missing user or one who may not sign in (`user_can_authenticate`: an
inactive user). Signing in (`authenticate`), the permissions
and Django's check of the session against the password's hash are Django's own.

A session names the backend that signed its user in; those signed in before this backend
replaced Django's name `REPLACED` and are read as naming this one
(`servicelofte.sessions.SessionStore`), so nobody is signed out by the change.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import router

from phases.platform.rows import reader

# The backend this one replaces in AUTHENTICATION_BACKENDS: a session naming it is this one's.
REPLACED = "django.contrib.auth.backends.ModelBackend"
PATH = "servicelofte.auth.ModelBackend"


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        """The user `user_id` (the session's, already the pk's type), or None when there is
        none or they may not sign in: Django's `ModelBackend.get_user`, one prepared
        statement."""
        model = get_user_model()
        user = reader(model, ("pk",), alias=router.db_for_read(model)).get(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
