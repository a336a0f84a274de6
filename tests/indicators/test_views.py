"""Pages: permissions (stranger 404, viewer 403 on writes), forms, and every page in fi,
sv and en."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from indicators.models import Assessment, Indicator, Measurement, Target
from tests.indicators.factories import (
    CommitmentFactory,
    IndicatorFactory,
    PromiseFactory,
    measure,
    with_targets,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(project):
    promise = PromiseFactory(project=project)
    commitment = CommitmentFactory(promise=promise, title="Pääset hoitoon viikossa")
    indicator = with_targets(
        IndicatorFactory(project=project, name="Hoitoon pääsy (%)", sotkanet_id=5081),
        {2027: "60", 2028: "65", 2029: "70"},
    )
    indicator.commitments.add(commitment)
    measurement = measure(indicator, "2027-Q2", "58,5".replace(",", "."))
    return {"indicator": indicator, "commitment": commitment, "measurement": measurement}


def url(project, name, **kwargs):
    with translation.override("fi"):
        return reverse(
            f"indicators:{name}",
            kwargs={"region": project.region.slug, "project": project.pk, **kwargs},
        )


def pages(project, data):
    i, c, m = data["indicator"].pk, data["commitment"].pk, data["measurement"].pk
    return {
        "overview": ("get", url(project, "overview")),
        "detail": ("get", url(project, "detail", indicator=i)),
        "export": ("get", url(project, "export")),
        "evaluation": ("get", url(project, "evaluation", year=2027)),
        "create": ("get", url(project, "create")),
        "edit": ("get", url(project, "edit", indicator=i)),
        "delete_page": ("get", url(project, "delete", indicator=i)),
        "import": ("get", url(project, "import")),
        "assessment": ("get", url(project, "assessment_edit", year=2027, commitment=c)),
        "add_measurement": ("post", url(project, "detail", indicator=i)),
        "measurement_delete": (
            "post",
            url(project, "measurement_delete", indicator=i, measurement=m),
        ),
    }


READ = {"overview", "detail", "export", "evaluation"}


@pytest.mark.parametrize(
    "role", ["region_admin", "preparer", "working_group", "secretary", "viewer", "stranger"]
)
def test_permission_matrix(role, project, users, login, data):
    client = login(users[role])
    can_edit = role in {"preparer", "working_group"}
    for key, (method, address) in pages(project, data).items():
        response = getattr(client, method)(address)
        if role == "stranger":
            expected = {404}
        elif key in READ:
            expected = {200}
        elif can_edit:
            expected = {200, 302, 400}
        else:
            expected = {403}
        assert response.status_code in expected, (role, key, response.status_code)


def test_anonymous_is_sent_to_login(client, project, data):
    response = client.get(url(project, "overview"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_indicator_of_another_project_is_404(project, region, users, login, data):
    from tests.factories import ProjectFactory

    other_project = ProjectFactory(region=region)
    client = login(users["preparer"])
    assert (
        client.get(url(other_project, "detail", indicator=data["indicator"].pk)).status_code == 404
    )
    other = IndicatorFactory(project=other_project)
    assert client.get(url(project, "edit", indicator=other.pk)).status_code == 404


def test_stranger_cannot_see_through_the_region_url(project, users, login, data):
    client = login(users["stranger"])
    wrong = reverse(
        "indicators:overview",
        kwargs={"region": users["other_region"].slug, "project": project.pk},
    )
    assert client.get(wrong).status_code == 404


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_renders_in_each_language(lang, project, users, login, data):
    client = login(users["preparer"])
    Assessment.objects.create(commitment=data["commitment"], year=2027, text_fi="Arvio")
    for key, (method, address) in pages(project, data).items():
        if method != "get":
            continue
        address = address.replace("/fi/", f"/{lang}/", 1)
        response = client.get(address)
        assert response.status_code == 200, (lang, key)
        if key != "export":
            assert f'lang="{lang}"' in response.content.decode()


def test_overview_shows_status_text_chart_and_rule(project, users, login, data):
    client = login(users["viewer"])
    html = client.get(url(project, "overview").replace("/fi/", "/en/", 1)).content.decode()
    assert "Off track" in html  # 58.5 against 60: more than 5 % short
    assert 'role="img"' in html
    assert "How the status is decided" in html
    assert "Hoitoon pääsy (%)" in html


def test_detail_shows_sotkanet_link_as_text(project, users, login, data):
    client = login(users["viewer"])
    html = client.get(url(project, "detail", indicator=data["indicator"].pk)).content.decode()
    assert "https://sotkanet.fi/sotkanet/fi/metadata/indicators/5081" in html
    assert '<a href="https://sotkanet' not in html
    assert "58,5" in html  # Finnish decimal comma


def form_data(project, commitment, **overrides):
    data = {
        "name_fi": "Digikanavien vastausaika",
        "name_sv": "Svarstid i digitala kanaler",
        "name_en": "",
        "description_fi": "",
        "description_sv": "",
        "description_en": "",
        "unit_fi": "arkipäivää",
        "unit_sv": "arbetsdagar",
        "unit_en": "",
        "perspective": "accessibility",
        "kind": "progress",
        "direction": "lower",
        "data_source": "Raportti",
        "sotkanet_id": "",
        "responsible": "Digipalvelut",
        "is_key": "on",
        "order": "2",
        "commitments": [commitment.pk],
        "target_2027": "3",
        "target_2028": "2,5",
        "target_2029": "2",
        "lock_version": "",
    }
    data.update(overrides)
    return data


def test_create_indicator_with_targets_and_commitments(project, users, login, data):
    client = login(users["working_group"])
    response = client.post(url(project, "create"), form_data(project, data["commitment"]))
    assert response.status_code == 302
    indicator = Indicator.objects.get(name_fi="Digikanavien vastausaika")
    assert indicator.name_sv == "Svarstid i digitala kanaler"
    assert indicator.direction == "lower" and indicator.is_key
    assert {t.year: t.value for t in indicator.targets.all()} == {
        2027: Decimal("3"),
        2028: Decimal("2.5"),
        2029: Decimal("2"),
    }
    assert list(indicator.commitments.all()) == [data["commitment"]]


def test_bad_form_keeps_input_and_answers_400(project, users, login, data):
    client = login(users["preparer"])
    response = client.post(
        url(project, "create"),
        form_data(project, data["commitment"], name_sv="", target_2028="kaksi", sotkanet_id="-3"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Digikanavien vastausaika"' in html
    assert 'value="kaksi"' in html
    assert not Indicator.objects.filter(name_fi="Digikanavien vastausaika").exists()


def test_commitment_of_another_project_cannot_be_linked(project, region, users, login, data):
    from tests.factories import ProjectFactory

    foreign = CommitmentFactory(promise=PromiseFactory(project=ProjectFactory(region=region)))
    client = login(users["preparer"])
    response = client.post(url(project, "create"), form_data(project, foreign))
    assert response.status_code == 400
    assert not Indicator.objects.filter(name_fi="Digikanavien vastausaika").exists()


def test_service_refuses_foreign_commitment(project, region, data):
    from django.core.exceptions import ValidationError

    from indicators import services
    from tests.factories import ProjectFactory

    foreign = CommitmentFactory(promise=PromiseFactory(project=ProjectFactory(region=region)))
    with pytest.raises(ValidationError):
        services.indicator_update(
            indicator=data["indicator"],
            data={},
            targets={},
            commitments=[foreign],
            lock_version=data["indicator"].lock_version,
        )


def test_edit_detects_concurrent_change(project, users, login, data):
    client = login(users["preparer"])
    indicator = data["indicator"]
    stale = form_data(project, data["commitment"], lock_version=str(indicator.lock_version))
    first = client.post(url(project, "edit", indicator=indicator.pk), stale)
    assert first.status_code == 302
    second = client.post(
        url(project, "edit", indicator=indicator.pk), {**stale, "name_fi": "Toinen nimi"}
    )
    assert second.status_code == 409  # asked (the start unknown: every change), nothing written
    assert "Toinen nimi" in second.content.decode()
    indicator.refresh_from_db()
    assert indicator.name_fi == "Digikanavien vastausaika"


def test_edit_removes_cleared_target(project, users, login, data):
    client = login(users["preparer"])
    indicator = data["indicator"]
    payload = form_data(
        project, data["commitment"], lock_version=str(indicator.lock_version), target_2029=""
    )
    assert client.post(url(project, "edit", indicator=indicator.pk), payload).status_code == 302
    assert sorted(Target.objects.filter(indicator=indicator).values_list("year", flat=True)) == [
        2027,
        2028,
    ]


def test_add_and_update_measurement(project, users, login, data):
    client = login(users["working_group"])
    address = url(project, "detail", indicator=data["indicator"].pk)
    response = client.post(address, {"period": "2028-05", "value": "61,5", "source": "Avohilmo"})
    assert response.status_code == 302
    m = Measurement.objects.get(indicator=data["indicator"], year=2028, month=5)
    assert m.value == Decimal("61.5") and m.entered_by == users["working_group"]
    client.post(address, {"period": "2028-05", "value": "62", "source": ""})
    m.refresh_from_db()
    assert m.value == Decimal("62")


def test_bad_measurement_is_refused_with_400(project, users, login, data):
    client = login(users["working_group"])
    address = url(project, "detail", indicator=data["indicator"].pk)
    response = client.post(address, {"period": "2028-13", "value": "6,1,2"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="2028-13"' in html
    assert Measurement.objects.filter(indicator=data["indicator"]).count() == 1


def test_viewer_cannot_add_measurement(project, users, login, data):
    client = login(users["viewer"])
    address = url(project, "detail", indicator=data["indicator"].pk)
    assert client.post(address, {"period": "2028", "value": "1"}).status_code == 403
    assert Measurement.objects.filter(indicator=data["indicator"]).count() == 1


def test_import_page_lists_every_error_and_saves_nothing(project, users, login, data):
    client = login(users["preparer"])
    content = (
        "indicator;period;value\n"
        "Hoitoon pääsy (%);2028;1\n"
        "Ei ole;2028;1\n"
        "Hoitoon pääsy (%);20x8;1\n"
        "Hoitoon pääsy (%);2029;abc\n"
    ).encode()
    upload = SimpleUploadedFile("m.csv", content, content_type="text/csv")
    response = client.post(url(project, "import").replace("/fi/", "/en/", 1), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    for line in (3, 4, 5):
        assert f"Line {line}:" in html
    assert Measurement.objects.filter(indicator=data["indicator"]).count() == 1


def test_import_then_export_round_trip_through_the_pages(project, users, login, data):
    client = login(users["preparer"])
    exported = client.get(url(project, "export"))
    assert exported["Content-Type"].startswith("text/csv")
    Measurement.objects.all().delete()
    upload = SimpleUploadedFile("m.csv", exported.content, content_type="text/csv")
    response = client.post(url(project, "import"), {"file": upload})
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=data["indicator"]).value == Decimal("58.5")


def test_evaluation_shows_target_actual_status_and_assessment(project, users, login, data):
    client = login(users["working_group"])
    address = url(project, "assessment_edit", year=2027, commitment=data["commitment"].pk)
    response = client.post(
        address,
        {"text_fi": "Tavoitteesta jäätiin.", "text_sv": "Målet nåddes inte.", "text_en": ""},
    )
    assert response.status_code == 302
    html = client.get(url(project, "evaluation", year=2027)).content.decode()
    assert "Pääset hoitoon viikossa" in html
    assert "Tavoitteesta jäätiin." in html
    assert "58,5" in html and "60" in html
    assert "status--off_track" in html
    # a stale second save is refused, not silently overwritten
    stale = client.post(
        address, {"text_fi": "Vanha", "text_sv": "", "text_en": "", "lock_version": ""}
    )
    assert stale.status_code == 409  # asked about the texts, nothing written
    assert Assessment.objects.get(commitment=data["commitment"], year=2027).text_fi == (
        "Tavoitteesta jäätiin."
    )


def test_evaluation_outside_term_is_404(project, users, login, data):
    client = login(users["viewer"])
    assert client.get(url(project, "evaluation", year=2020)).status_code == 404
    assert client.get(url(project, "evaluation_current")).status_code == 302
