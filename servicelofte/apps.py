from django.apps import AppConfig


class ServiceloefteConfig(AppConfig):
    """The project's own app: only the request and form guards of servicelofte.security."""

    name = "servicelofte"
    verbose_name = "Servicelöfte"

    def ready(self):
        from .security import install_text_hygiene

        install_text_hygiene()
