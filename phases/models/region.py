from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from ..region_terms import terms_for
from ..roles import Role
from ..scoping import region_owned


class Region(models.Model):
    """An organiser of social and health services that makes a service promise: a wellbeing
    services county, a city (the City of Helsinki) or a joint authority."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("Wellbeing services county")
        CITY = "city", _("City")
        JOINT_AUTHORITY = "joint_authority", _("Joint authority")

    class Languages(models.TextChoices):
        FINNISH = "fi", _("Finnish-speaking (Finnish only)")
        BILINGUAL_FI = "fi_sv", _("Bilingual, Finnish-majority (Finnish first, then Swedish)")
        BILINGUAL_SV = "sv_fi", _("Bilingual, Swedish-majority (Swedish first, then Finnish)")

    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)  # translated: name_fi, name_sv, name_en
    kind = models.CharField(
        _("kind of organiser"),
        max_length=20,
        choices=Kind.choices,
        default=Kind.COUNTY,
        help_text=_("Decides the names of the council and the strategy in every language."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=10,
        choices=Languages.choices,
        default=Languages.BILINGUAL_FI,
        help_text=_(
            "The languages the promise must be written and published in, the region's "
            "majority language first."
        ),
    )
    # The region's own area in THL Sotkanet (chosen from Sotkanet's regions list): the
    # wellbeing services county, a municipality (e.g. Helsinki) or the whole country.
    sotkanet_region_id = models.PositiveIntegerField(
        _("THL Sotkanet region"), null=True, blank=True
    )
    sotkanet_region_category = models.CharField(
        _("THL Sotkanet region category"), max_length=40, blank=True
    )
    sotkanet_region_title = models.CharField(
        _("THL Sotkanet region name"), max_length=200, blank=True
    )
    oidc_viewer_signup = models.BooleanField(
        _("viewer role for staff signing in"),
        default=False,
        help_text=_(
            "Staff who sign in with the organisation's identity provider without an invitation "
            "get the viewer role in this region."
        ),
    )
    # The accessibility statement and the privacy notice of the region's public pages.
    organiser_name = models.CharField(
        _("organiser's name"),
        max_length=200,
        blank=True,
        help_text=_(
            "Who organises the services and answers for the data; the region's name if empty."
        ),
    )  # translated: organiser_name_fi, _sv, _en
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_(
            "For accessibility feedback and data protection requests; the instance's if empty."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        permissions = [
            ("manage_members", _("Can manage the region's members")),
            ("create_project", _("Can create promise projects")),
            ("manage_strategy", _("Can manage the region's strategy goals")),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("phases:region_detail", kwargs={"region": self.slug})

    @property
    def content_languages(self) -> list[str]:
        """Languages the promise content must be written in, the majority language first."""
        return self.languages.split("_")

    @property
    def bilingual(self) -> bool:
        return len(self.content_languages) > 1

    @property
    def primary_language(self) -> str:
        return self.content_languages[0]

    @property
    def terms(self):
        """The words this kind of organiser uses (council, strategy, …) in the active language."""
        return terms_for(self.kind)


class RegionUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Region, on_delete=models.CASCADE)


class RegionGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Region, on_delete=models.CASCADE)


class RegionRoleGroup(models.Model):
    """The auth group that carries one role's object permissions within one region."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(max_length=20, choices=Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="region_role")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "role"], name="unique_region_role_group")
        ]

    def __str__(self):
        return f"{self.region.slug}:{self.role}"


class RegionMembership(models.Model):
    """A user's role in a region. The source of truth shown in the members page."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="region_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # The identity provider whose group mapping gave the role (empty: an invitation or an
    # administrator gave it). A sign-in without the group takes away only such a role.
    group_provider = models.CharField(
        _("given by the group of identity provider"), max_length=40, blank=True, default=""
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = region_owned("region")

    class Meta:
        ordering = ["user__last_name", "user__first_name", "user__username"]
        verbose_name = _("region member")
        verbose_name_plural = _("region members")
        constraints = [
            models.UniqueConstraint(fields=["region", "user"], name="unique_region_member")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.region})"
