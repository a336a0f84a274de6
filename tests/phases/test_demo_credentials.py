"""What `make run` prints after seeding: every demo user, with the role they have where."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from phases.demo import DEMO_PASSWORD, credentials_text
from phases.models import RegionMembership
from phases.scoping import scopes_disabled

pytestmark = pytest.mark.django_db


def test_every_demo_user_is_printed_with_their_role_and_region(module_demo):
    with translation.override("en"), scopes_disabled():
        text = credentials_text(settings.SITE_URL)
        lines = text.splitlines()
        memberships = list(RegionMembership.objects.select_related("user", "region"))
        assert len(memberships) >= 16  # five roles in three regions, the other region's preparer
        for m in memberships:
            start = next(i for i, line in enumerate(lines) if f"/r/{m.region.slug}/" in line)
            block = []
            for line in lines[start + 1 :]:  # the region's members, indented under it
                if not line.startswith("    "):
                    break
                block.append(line)
            mine = [line for line in block if line.split()[:1] == [m.user.username]]
            assert len(mine) == 1, (m.user.username, m.region.slug)
            assert str(m.get_role_display()) in mine[0], mine[0]
        for admin in get_user_model().objects.filter(is_superuser=True):
            assert any(line.split()[:1] == [admin.username] for line in lines)
    assert DEMO_PASSWORD in text
