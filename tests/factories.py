"""Factories shared by the tests and bench/: relations stay consistent because regions and
projects are made through the real services (role groups, object permissions, the
catalogue's tasks) and a user gets a role by `services.region_set_member` (`member`).

The one style everywhere: `RegionFactory` / `ProjectFactory` / `member` here; the demo
(phases.demo, which production runs and which cannot import tests/) calls the same three
services itself. Nothing creates a Region, a PromiseProject or a membership row directly."""

import factory
from django.contrib.auth import get_user_model

from phases import services
from phases.catalogue import sync_catalogue
from phases.models import PhaseDefinition, PromiseProject, Region
from phases.roles import Role

User = get_user_model()
PASSWORD = "test-password-123"


_HASH = {}


def password_hash() -> str:
    if "value" not in _HASH:
        from django.contrib.auth.hashers import make_password

        # Argon2, as production hashes (the test process prefers MD5, see conftest.py): app
        # servers started with the production settings (test_scaleout) must accept it.
        _HASH["value"] = make_password(PASSWORD, hasher="argon2")
    return _HASH["value"]


def ensure_catalogue():
    if not PhaseDefinition.objects.exists():
        sync_catalogue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.invalid")
    # Argon2 is slow by design: hash the shared test password once, not per user.
    password = factory.LazyFunction(lambda: password_hash())


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    slug = factory.Sequence(lambda n: f"region{n}")
    name = factory.Sequence(lambda n: f"Alue {n}")
    languages = Region.Languages.BILINGUAL_FI
    kind = Region.Kind.COUNTY

    @classmethod
    def _create(cls, model_class, slug, name, languages, kind, **kwargs):
        return services.region_create(
            slug=slug,
            name={"fi": name, "sv": f"{name} (sv)", "en": f"{name} (en)"},
            languages=languages,
            kind=kind,
        )


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PromiseProject

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Palvelulupaus {n}")
    term_start = 2027
    term_end = 2029

    @classmethod
    def _create(cls, model_class, region, title, term_start, term_end, **kwargs):
        ensure_catalogue()
        return services.project_create(
            region=region,
            title={"fi": title, "sv": f"Servicelöfte {title}", "en": f"Promise {title}"},
            term_start=term_start,
            term_end=term_end,
            by=kwargs.get("by"),
            previous_project=kwargs.get("previous_project"),
        )


def member(region: Region, role: str | Role, **kwargs) -> User:
    """A new user holding `role` in `region`."""
    user = UserFactory(**kwargs)
    services.region_set_member(region=region, user=user, role=role)
    return user


def role_users(region) -> dict:
    """One user per role in `region`, plus a preparer of another region ("other_region")."""
    result = {role.value: member(region, role, username=f"u_{role.value}") for role in Role}
    other = RegionFactory(slug="other-region")
    result["stranger"] = member(other, Role.PREPARER, username="u_stranger")
    result["other_region"] = other
    return result
