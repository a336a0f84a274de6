from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    name = "promises"
    verbose_name = _("Promises")

    def ready(self):
        # The editor's registrations, and the decision package's / public pages'.
        from . import registrations  # noqa: F401
        from .decision import registrations as decision_registrations  # noqa: F401
        from .followup import registrations as followup_registrations  # noqa: F401
