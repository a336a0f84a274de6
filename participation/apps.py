from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self):
        # Result providers, panels, links, document sections, trace source, demo step,
        # and the project part that seeds a new project's stakeholders.
        from . import registrations  # noqa: F401
