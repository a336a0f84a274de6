from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ExternalIdentity(models.Model):
    """A staff user's account at an OpenID Connect provider: the issuer (`iss`) and the
    provider's subject (`sub`; Entra ID's `tid/oid`), stable even when the e-mail address
    changes. Once linked, a person is found by these only, never by e-mail."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="external_identities"
    )
    provider = models.CharField(_("identity provider"), max_length=40)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True, default="")
    subject = models.CharField(_("subject"), max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)
    last_login = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("external identity")
        verbose_name_plural = _("external identities")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "subject"], name="unique_external_identity"
            ),
            models.UniqueConstraint(
                fields=["provider", "user"], name="unique_external_identity_per_user"
            ),
            models.UniqueConstraint(
                fields=["issuer", "subject"],
                condition=~models.Q(issuer=""),
                name="unique_external_identity_issuer_subject",
            ),
        ]

    def __str__(self):
        return f"{self.provider}:{self.subject}"
