from django.apps import AppConfig


class ServiceloefteConfig(AppConfig):
    """The project's own app: the request guards of servicelofte.security, the formats."""

    name = "servicelofte"
    verbose_name = "Servicelöfte"
