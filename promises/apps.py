from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PromisesConfig(AppConfig):
    name = "promises"
    verbose_name = _("Promises")

    def ready(self):
        # The editor's registrations, and the decision package's / public pages'.
        from . import decision_registrations, followup_registrations, registrations  # noqa: F401
