"""Registrations of the decision package and public pages in the phases registry."""
