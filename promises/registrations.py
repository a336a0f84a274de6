"""Registrations of the promise editor in the phases registry (result providers, links, demo)."""
