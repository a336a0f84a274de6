"""Tenancy by construction: every URL that names an object, walked with the ids of another
project's and another region's objects inside one's own region's and project's URL.

Each answers 404 (nothing is revealed, nothing is changed) to a user who may open the page
with the right ids — the project-scoped querysets of `phases.scoping` make that so, not a
filter each view remembers. The URLs come from the permission matrix's walk, so a new URL
with an object id is walked here without being listed.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from phases import services
from phases.demo import walk_to
from phases.models import PromiseProject, Region, RegionMembership
from phases.roles import Role
from tests.factories import member

from .test_permission_matrix import (
    KWARGS,
    KWARGS_FOR_URL,
    READ_GET_EDIT_POST,
    World,
    kind_of,
    walk,
)

# URL kwargs that name no object of a tenant: the tenant itself, the national catalogue,
# a year, a perspective, a file format, a provider or a password-reset token.
NOT_OBJECTS = {
    "region",
    "project",
    "phase",
    "checklist",
    "result",
    "year",
    "perspective",
    "fmt",
    "provider",
    "uidb64",
    "feed_token",
}
# Region-owned objects: another project of the same region may name them; only another
# region's are foreign.
REGION_OWNED = {"goal", "membership"}


def _stand_in_pdf(html: str):
    """A one-page PDF in place of WeasyPrint's: the second region's decision and follow-up
    documents need to exist (their ids are what the walk asks with), not to be drawn; the
    drawing was half of this module's set-up."""
    from promises.pdf_archive import RenderedPdf

    return RenderedPdf(data=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", pages=1)


@pytest.fixture
def two_regions(db, settings, tmp_path, monkeypatch):
    """The demo region (two projects: finished and current) and a second region walked the
    same way by its own members, so it has an object of every kind."""
    from promises.decision import pdf as decision_pdf
    from promises.followup import pdf as follow_up_pdf
    from tests.demo_snapshot import seeded_demo

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SOTKANET_BASE_URL = "http://127.0.0.1:9/rest/1.1"
    world = World(seeded_demo())
    foreign = services.region_create(slug="vieras", name={"fi": "Vieras alue", "sv": "Främmande"})
    users = {role: member(foreign, role, username=f"{role.value}-vieras") for role in Role}
    with monkeypatch.context() as patch:
        for module in (decision_pdf, follow_up_pdf):  # each imported pdf_render by name
            patch.setattr(module, "pdf_render", _stand_in_pdf)
        for term, phase in ((2024, 6), (2027, 3)):
            project = services.project_create(
                region=foreign,
                title={"fi": f"Vieras {term}"},
                term_start=term,
                term_end=term + 2,
                by=users[Role.PREPARER],
            )
            walk_to(project, phase, users)
    # Which role of the home region may open each page, to ask with foreign ids.
    world.users.update({f"foreign-{r.value}": u for r, u in users.items()})
    return world, Region.objects.get(slug="vieras")


# The permission matrix names the demo viewer's membership; in any region, a viewer's.
OWN_KWARGS = {
    "membership": lambda w, p, c: (
        RegionMembership.objects.filter(region=p.region, role=Role.VIEWER).order_by("pk")[0].pk
    ),
}


def _kwargs(entry, world, project, resolvers):
    context: dict = {}
    kwargs = {}
    for name in entry.kwarg_names:
        value = resolvers[name](world, project, context)
        if value is None:
            return None
        kwargs[name] = value
    return kwargs


def _variants(entry, world, foreign_region, region_level):
    """(label, URL) pairs: the home project's URL with the object ids of each foreign
    project (the other project of the region, then each project of the other region)."""
    resolvers = {**KWARGS, **OWN_KWARGS, **KWARGS_FOR_URL.get(entry.key, {})}
    objects = [k for k in entry.kwarg_names if k not in NOT_OBJECTS]
    for home in world.projects:
        own = _kwargs(entry, world, home, resolvers)
        if own is None:
            continue
        variants = []
        others = [p for p in world.projects if p != home]
        if not region_level and set(objects) - REGION_OWNED:
            others_here = [("another project of the region", p) for p in others]
        else:
            others_here = []
        abroad = [
            ("a project of another region", p)
            for p in PromiseProject.objects.filter(region=foreign_region).order_by("pk")
        ]
        for label, other in others_here + abroad:
            theirs = _kwargs(entry, world, other, resolvers)
            if theirs is None:
                continue
            mixed = dict(own)
            for name in objects:
                mixed[name] = theirs[name]
            if any(mixed[name] != own[name] for name in objects):
                variants.append((f"{label} ({other.pk})", reverse(entry.key, kwargs=mixed)))
        return reverse(entry.key, kwargs=own), variants
    return None, []


def test_every_object_url_refuses_foreign_ids(two_regions):
    world, foreign_region = two_regions
    with translation.override("fi"):
        entries = [e for e in walk() if set(e.kwarg_names) - NOT_OBJECTS]
        plan = []
        for entry in entries:
            kind = kind_of(entry)
            if kind is None or kind.name not in {"staff", "public"}:
                continue
            if not {"region", "project"} & set(entry.kwarg_names):
                continue  # the id is the public key itself (a round's page, a statement link)
            # A public page of a region shows what any of its projects published.
            region_level = kind.name == "public" or "project" not in entry.kwarg_names
            own, variants = _variants(entry, world, foreign_region, region_level)
            plan.append((entry, kind, own, variants))
    assert len(plan) >= 30, "the walk found too few object URLs"
    failures, untested, walked = [], [], 0
    for entry, kind, own, variants in plan:
        if not variants:
            untested.append(entry.key)
            continue
        getter = Client(raise_request_exception=False)
        poster = Client(raise_request_exception=False)
        if kind.name == "staff":
            getter.force_login(world.users[sorted(kind.allowed)[0]])
            may_post = READ_GET_EDIT_POST.get(entry.key, kind.allowed)
            poster.force_login(world.users[sorted(may_post)[0]])
        for label, url in variants:
            walked += 1
            asked = [("POST", poster.post(url, {}), {404, 405})]
            if not kind.post_only:
                asked.append(("GET", getter.get(url), {404}))
            for method, response, expected in asked:
                if response.status_code not in expected:
                    failures.append(
                        f"{method} {entry.key} with the ids of {label}: "
                        f"{response.status_code}, expected {sorted(expected)} "
                        f"({url}; own URL {own})"
                    )
    assert not untested, f"no foreign object to try for: {untested}"
    assert not failures, "\n".join(failures)
    print(f"{walked} foreign-id URLs walked for {len(plan)} object URLs")
