import os

from django.core.wsgi import get_wsgi_application

from phases.guards.network import ClientAddressMiddleware

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "servicelofte.settings")
# The client's address (phases.guards.network) in the environ, for gunicorn's access log.
application = ClientAddressMiddleware(get_wsgi_application())

# A misconfigured identity provider (e.g. one without an issuer) stops the start.
from phases.platform.oidc import refuse_misconfigured_providers  # noqa: E402

refuse_misconfigured_providers()
