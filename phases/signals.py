"""Signals other apps may listen to (phases sends them and knows none of the listeners).

What an app writes into a new project is not a signal: it is a registry hook with an
explicit order (`phases.registry.ProjectPart`), whatever order the apps are installed in."""

from django.dispatch import Signal

# Sent once the transition is committed (transaction.on_commit: never for a rolled-back
# one): sender=PromiseProject, project, from_phase, to_phase, kind ("advance" or
# "return"), by.
phase_changed = Signal()
