"""The region's kind gives the council's and the strategy's names; its languages which are
required and which comes first."""

import pytest
from django.urls import reverse
from django.utils import translation

from phases.models import PromiseProject, Region
from phases.roles import Role
from phases.templatetags.servicelofte import switch_language
from tests.factories import ProjectFactory, RegionFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind,fi,sv,en",
    [
        ("county", "aluevaltuusto", "välfärdsområdesfullmäktige", "regional council"),
        ("city", "kaupunginvaltuusto", "stadsfullmäktige", "city council"),
        ("joint_authority", "yhtymävaltuusto", "samkommunsfullmäktige", "joint authority council"),
    ],
)
def test_the_council_is_named_by_the_kind_of_organiser(kind, fi, sv, en):
    region = RegionFactory(kind=kind)
    for language, word in (("fi", fi), ("sv", sv), ("en", en)):
        with translation.override(language):
            assert str(region.terms.council) == word


def test_a_city_records_its_city_council_and_reads_city_words_in_the_phase_texts(client):
    region = RegionFactory(slug="kaupunki", kind=Region.Kind.CITY)
    project = ProjectFactory(region=region)
    PromiseProject.objects.filter(pk=project.pk).update(phase=4)
    client.force_login(member(region, Role.SECRETARY, username="kaupungin_sihteeri"))
    url = reverse("promises_decision:record", kwargs={"region": region.slug, "project": project.pk})
    html = client.get(url).content.decode()
    assert 'value="kaupunginvaltuusto"' in html and 'value="stadsfullmäktige"' in html
    assert "aluevaltuusto" not in html
    dashboard = client.get(switch_language(project.get_absolute_url(), "sv")).content.decode()
    assert "stadsfullmäktige" in dashboard and "välfärdsområdesfullmäktige" not in dashboard
    strategy = client.get(
        switch_language(reverse("promises:strategy", kwargs={"region": region.slug}), "fi")
    )
    assert "Kaupunkistrategia" in strategy.content.decode()


def test_a_swedish_majority_region_writes_swedish_first():
    region = RegionFactory(languages=Region.Languages.BILINGUAL_SV)
    assert region.content_languages == ["sv", "fi"] and region.primary_language == "sv"
    from promises.forms import PromiseCreateForm

    form = PromiseCreateForm(languages=region.content_languages)
    names = [name for name in form.fields if name.startswith("title_")]
    assert names == ["title_sv", "title_fi", "title_en"]
    finnish_only = RegionFactory(languages=Region.Languages.FINNISH)
    assert finnish_only.content_languages == ["fi"] and not finnish_only.bilingual


@pytest.mark.parametrize("interface", ["fi", "sv"])
def test_an_invitation_goes_in_the_invitees_language_whoever_sends_it(
    client, interface, django_capture_on_commit_callbacks
):
    from django.core import mail

    from phases.platform.mail import user_language

    region = RegionFactory(slug="kutsu", languages=Region.Languages.BILINGUAL_SV)
    admin = member(region, Role.REGION_ADMIN, username="kutsuja")
    client.force_login(admin)
    url = switch_language(reverse("phases:members", kwargs={"region": region.slug}), interface)
    # the inviter's page language first; the person's own is chosen in the form
    assert f'value="{interface}" selected' in client.get(url).content.decode()
    for email, language in (("anna@example.invalid", "sv"), ("pekka@example.invalid", "fi")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"email": email, "role": "viewer", "language": language})
        assert response.status_code == 302
    anna, pekka = mail.outbox[-2], mail.outbox[-1]
    assert anna.to == ["anna@example.invalid"] and "/sv/" in anna.body
    assert pekka.to == ["pekka@example.invalid"] and "/fi/" in pekka.body
    with translation.override("sv"):
        assert str(translation.gettext("Your account in the service promise tool")) in anna.subject
    with translation.override("fi"):
        assert translation.gettext("Your account in the service promise tool") in pekka.subject
    from django.contrib.auth import get_user_model

    anna_user = get_user_model().objects.get(email="anna@example.invalid")
    assert user_language(anna_user) == "sv"


def test_a_citys_checklist_speaks_of_its_city_strategy(client):
    from phases.models import ChecklistStatement

    region = RegionFactory(slug="kaupunki2", kind=Region.Kind.CITY)
    project = ProjectFactory(region=region)
    statement = ChecklistStatement.objects.filter(
        text_fi__contains="hyvinvointialuestrategia"
    ).first()
    assert statement is not None
    client.force_login(member(region, Role.PREPARER, username="kaupungin_valmistelija"))
    url = reverse(
        "phases:checklist",
        kwargs={"region": region.slug, "project": project.pk, "checklist": statement.checklist_id},
    )
    html = client.get(switch_language(url, "fi")).content.decode()
    assert "kaupunkistrategia" in html and "hyvinvointialuestrategia" not in html
    html = client.get(switch_language(url, "sv")).content.decode()
    assert "stadsstrategi" in html and "välfärdsområdesstrategi" not in html
