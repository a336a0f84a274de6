"""Signals other apps listen to (phases sends them and knows none of the listeners)."""

from django.dispatch import Signal

# Sent inside the transaction that created the project: sender=PromiseProject,
# project=..., previous_project=... (or None), copy_previous=bool, by=user, and
# copy_parts=frozenset of the parts of the previous cycle to copy ("promise", "indicators").
# Receivers run in INSTALLED_APPS order: promises copies before indicators link to it.
project_created = Signal()

# Sent after a transition is saved and logged: sender=PromiseProject, project, from_phase,
# to_phase, kind ("advance" or "return"), by.
phase_changed = Signal()
