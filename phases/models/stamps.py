"""Who created or last changed a row, and when: the same two fields on many models.

`created_by` / `updated_by` are kept when the user is deleted (SET_NULL) and have no
reverse accessor. A model that needs other options (a label, not blank) declares its own.
"""

from django.conf import settings
from django.db import models


class CreatedStamp(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True


class UpdatedStamp(models.Model):
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
