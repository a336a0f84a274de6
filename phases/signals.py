"""Signals other apps listen to (phases sends them and knows none of the listeners)."""

from django.dispatch import Signal

# Sent inside the transaction that created the project, so that what its listeners write
# (the copy of the previous cycle, the stakeholder list) is created with the project or not
# at all; a listener with an effect outside the database (mail, a call to another service)
# defers it with transaction.on_commit. sender=PromiseProject,
# project=..., previous_project=... (or None), copy_previous=bool, by=user, and
# copy_parts=frozenset of the parts of the previous cycle to copy ("promise", "indicators").
# Receivers run in INSTALLED_APPS order: promises copies before indicators link to it.
project_created = Signal()

# Sent once the transition is committed (transaction.on_commit: never for a rolled-back
# one): sender=PromiseProject, project, from_phase, to_phase, kind ("advance" or
# "return"), by.
phase_changed = Signal()
