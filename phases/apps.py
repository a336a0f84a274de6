from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhasesConfig(AppConfig):
    name = "phases"
    verbose_name = _("Phases and projects")

    def ready(self):
        from . import content, requirements, timeline  # noqa: F401  (registrations)
        from .platform import notifications, oidc  # noqa: F401  (registrations)

        content.connect()
