"""The one reader of the rows every staff request reads (`phases.platform.rows`): the
instance it builds is the one the ORM's `get` builds, for any filter it accepts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from phases.models import Notification, UserProfile
from phases.platform.rows import reader


def same(a, b) -> None:
    assert type(a) is type(b)
    for field in type(a)._meta.concrete_fields:
        assert getattr(a, field.attname) == getattr(b, field.attname), field.name
    assert not a._state.adding and a._state.db == b._state.db


@pytest.mark.django_db
def test_json_and_dates_are_converted_and_the_related_row_is_cached(
    users, project, django_assert_num_queries
):
    """A JSON column comes back as the ORM decodes it (its field's converter), a date as the
    ORM gives it, and the related row is on the instance without a second query."""
    params = {"title": "Ä–ö \u00a0", "count": 3, "items": [1, None, {"x": "y"}]}
    notice = Notification.objects.create(
        user=users["preparer"], project=project, kind="task", event="due", params=params
    )
    expected = Notification.objects.select_related("project").get(pk=notice.pk)
    with django_assert_num_queries(1):
        found = reader(Notification, ("pk", "project__pk"), related="project").get(
            notice.pk, project.pk
        )
        same(found, expected)
        same(found.project, expected.project)
    assert found.params == params


@pytest.mark.django_db
def test_nothing_is_none_and_a_later_time_filters_out(users):
    profile = UserProfile.objects.create(user=users["viewer"], muted=["digest"])
    by_user = reader(UserProfile, ("user",))
    same(by_user.get(users["viewer"].pk), UserProfile.objects.get(user=users["viewer"]))
    assert by_user.get(users["viewer"].pk).muted == ["digest"]
    assert by_user.get(10**6) is None
    notice = Notification.objects.create(user=users["viewer"], kind="task", event="due")
    later = reader(Notification, ("pk", "created_at__gt"))
    assert later.get(notice.pk, notice.created_at - timedelta(seconds=1)) is not None
    assert later.get(notice.pk, notice.created_at) is None
    assert later.get(notice.pk, timezone.now() + timedelta(days=1)) is None
    assert profile.pk


def test_one_reader_per_statement_and_no_filter_it_cannot_write():
    assert reader(UserProfile, ("user",)) is reader(UserProfile, ("user",))
    with pytest.raises(ValueError):
        reader(Notification, ("project__region__slug",), related="project")
