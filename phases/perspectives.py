"""The national model's five perspectives and two sides (SPEC §3).

Every app (promises, participation, indicators) tags its content with these keys.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Perspective(models.TextChoices):
    ACCESS = "access", pgettext_lazy("perspective", "Access")
    ACCESSIBILITY = "accessibility", pgettext_lazy("perspective", "Accessibility")
    QUALITY = "quality", pgettext_lazy("perspective", "Quality")
    EFFECTIVENESS = "effectiveness", pgettext_lazy("perspective", "Effectiveness")
    INTEGRATION = "integration", pgettext_lazy("perspective", "Social and health care integration")


class Side(models.TextChoices):
    RESIDENT = "resident", _("Resident's view")
    ORGANISER = "organiser", _("Organiser's view")


SIDE_MOTTOS = {
    Side.RESIDENT: _("I take part and have a say"),
    Side.ORGANISER: _("Participation, openness"),
}

PERSPECTIVE_HINTS = {
    Perspective.ACCESS: _("Availability: services are found and reached when needed."),
    Perspective.ACCESSIBILITY: _(
        "Reachability: several ways to use a service, no needless queues."
    ),
    Perspective.QUALITY: _("Safe, timely and reliable services, planned with the customer."),
    Perspective.EFFECTIVENESS: _("Functional ability and health improve; needs are prevented."),
    Perspective.INTEGRATION: _("Service chains work; someone holds the whole together."),
}
