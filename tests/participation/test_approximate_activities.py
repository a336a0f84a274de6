"""Activities as source records know them: a season, a month or a year, and no head count
("autumn 2021", "not counted"), never shown as 0."""

import pytest
from django.urls import reverse
from django.utils import translation

from participation.models import Activity

pytestmark = pytest.mark.django_db


def urls(project, language):
    base = {"region": project.region.slug, "project": project.pk}
    with translation.override(language):
        return (
            reverse("participation:activity_new", kwargs=base),
            reverse("participation:overview", kwargs=base),
        )


@pytest.mark.parametrize(
    "language,season,not_counted,month",
    [
        ("fi", "syksy 2021", "ei laskettu", "maaliskuu 2022"),
        ("sv", "hösten 2021", "inte räknat", "mars 2022"),
    ],
)
def test_season_and_unknown_count_are_shown_as_such(
    login, preparer, project, language, season, not_counted, month
):
    client = login(preparer)
    new, overview = urls(project, language)
    response = client.post(
        new,
        {
            "title": "Järjestöfoorumi",
            "method": "workshop",
            "date_precision": "season",
            "year": "2021",
            "season": "autumn",
            "participants": "",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(title="Järjestöfoorumi")
    assert activity.participants is None  # not counted is not 0
    assert (activity.date.year, activity.date.month) == (2021, 9)
    response = client.post(
        new,
        {
            "title": "Kysely",
            "method": "e_survey",
            "date_precision": "month",
            "year": "2022",
            "month": "3",
            "participants": "0",
        },
    )
    assert response.status_code == 302
    html = client.get(overview).content.decode()
    row = html.split("Järjestöfoorumi")[1].split("</tr>")[0]
    assert season in row
    assert not_counted in row
    assert ">0<" not in row
    row = html.split("Kysely")[1].split("</tr>")[0]
    assert month in row.lower()
    assert ">0<" in row  # a counted zero stays a zero


def test_rough_date_needs_its_year_and_an_exact_one_its_date(login, preparer, project):
    client = login(preparer)
    new, _overview = urls(project, "fi")
    base = {"title": "Työpaja", "method": "workshop"}
    assert (
        client.post(new, base | {"date_precision": "season", "season": "autumn"}).status_code == 400
    )
    assert client.post(new, base | {"date_precision": "day"}).status_code == 400
    assert client.post(new, base | {"date_precision": "month", "year": "2021"}).status_code == 400
    assert not Activity.objects.filter(title="Työpaja").exists()
