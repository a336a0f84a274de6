"""Finnish dates: 1.12.2026 (Django's own fi formats, with ISO dates accepted from inputs)."""

from django.conf.locale.fi.formats import *  # noqa: F403

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
