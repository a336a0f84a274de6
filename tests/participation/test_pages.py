"""Permissions for every participation URL, and every page rendering in fi, sv and en."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from participation import services
from participation.models import Activity, Feedback, Input, PlanItem, Stakeholder
from participation.opinion import services as opinion_services
from participation.urls import urlpatterns
from phases.registry import registry
from tests.factories import ProjectFactory

from .factories import make_comments, make_request, make_round

pytestmark = pytest.mark.django_db

PUBLIC = {"public_round", "statement", "statement_file", "feedback", "feedback_thanks"}
PUBLIC |= {  # the opinion round's public pages (tests/participation/test_opinion.py)
    "public_opinion",
    "public_opinion_statement",
    "public_opinion_results",
    "public_opinion_export",
}
# Buttons on another page, no page of their own: the analysis page's perspective and the
# opinion round's early close.
POST_ONLY = {"comment_perspective", "opinion_close"}


@pytest.fixture
def world(project, preparer):
    stakeholder = Stakeholder.objects.filter(project=project).first()
    activity = services.activity_save(
        project=project,
        title="Työpaja",
        method="workshop",
        date="2027-01-10",
        stakeholders=[stakeholder],
        participants=12,
    )
    item = services.input_save(
        project=project, text="Palautetta", perspectives=["access"], activity=activity
    )
    plan = services.plan_item_save(
        project=project, stakeholder=stakeholder, method="e_survey", timing="Maaliskuu"
    )
    round = make_round(project)
    comments = make_comments(round, 3)
    request = make_request(round)
    body = request.bodies.get()
    Feedback.objects.create(project=project, text="Hyvä lupaus", language="fi")
    now = timezone.now()
    opinion = opinion_services.round_create(
        project=project,
        question={"fi": "Kysymys", "sv": "Fråga"},
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=9),
        by=None,
    )
    return {
        "opinion": opinion.pk,
        "region": project.region.slug,
        "project": project.pk,
        "stakeholder": stakeholder.pk,
        "item": plan.pk,
        "activity": activity.pk,
        "input": item.pk,
        "perspective": "access",
        "round": round.pk,
        "body": body.pk,
        "comment": comments[0].pk,
        "fmt": "csv",
        "token": body.token,
    }


def staff_urls(world):
    urls = []
    for pattern in urlpatterns:
        if pattern.name in PUBLIC:
            continue
        names = set(pattern.pattern.converters)
        kwargs = {k: world[k] for k in names}
        with translation.override("fi"):
            url = reverse(f"participation:{pattern.name}", kwargs=kwargs)
        urls.append((pattern.name, url))
    return urls


def test_every_staff_url_is_protected(client, users, login, world):
    urls = staff_urls(world)
    assert len(urls) >= 20
    for name, url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
    stranger = login(users["stranger"])
    for name, url in urls:
        assert stranger.get(url).status_code == 404, name
        assert stranger.post(url, {}).status_code == 404, name
    viewer = login(users["viewer"])
    form_pages = {
        "round_new",
        "request_new",
        "stakeholder_new",
        "stakeholder_edit",
        "plan_new",
        "plan_edit",
        "activity_new",
        "activity_edit",
        "input_new",
        "input_edit",
        "synthesis_edit",
        "settings",
        "moderation",
        "body_record",
        "round_close",  # its GET is the confirmation page
        "opinion_new",
        "opinion_statement_new",
        "opinion_moderation",
    }
    for name, url in urls:
        if name in form_pages:  # a viewer reads the lists, never the forms
            assert viewer.get(url).status_code == 403, name
        elif name in {"round_close", "comment_perspective"}:
            assert viewer.get(url).status_code == 405, name
        elif name == "body_file":  # no file uploaded in this world (served: test_statements)
            assert viewer.get(url).status_code == 404, name
        elif name in POST_ONLY:
            assert viewer.get(url).status_code == 405, name
        else:
            assert viewer.get(url).status_code == 200, name
        if name not in {"export", "body_file"}:
            assert viewer.post(url, {}).status_code in {403, 405}, name


def test_every_staff_page_renders_in_three_languages(login, preparer, world):
    client = login(preparer)
    for name, url in staff_urls(world):
        if name in {"round_close", "body_file"} | POST_ONLY:
            continue
        for lang in ("fi", "sv", "en"):
            localized = url.replace("/fi/", f"/{lang}/", 1)
            response = client.get(localized)
            assert response.status_code == 200, (name, lang)
            if response.get("Content-Type", "").startswith("text/html"):
                assert f'<html lang="{lang}"' in response.content.decode(), (name, lang)


def test_public_pages_render_in_three_languages(client, project, preparer, world):
    token = world["token"]
    for lang in ("fi", "sv", "en"):
        page = client.get(f"/{lang}/round/{world['round']}/")
        assert page.status_code == 200 and f'<html lang="{lang}"' in page.content.decode()
        assert reverse("privacy").replace("/fi/", f"/{lang}/") in page.content.decode() or (
            "/privacy/" in page.content.decode()
        )
        assert client.get(f"/{lang}/statement/{token}/").status_code == 200
        assert client.get(f"/{lang}/feedback/{project.region.slug}/thanks/").status_code == 200
    # Finnish and Swedish texts really differ (the catalogue is compiled).
    fi = client.get(f"/fi/round/{world['round']}/").content.decode()
    sv = client.get(f"/sv/round/{world['round']}/").content.decode()
    assert "Lähetä kommentti" in fi and "Skicka kommentaren" in sv


def test_overview_shows_the_national_stakeholders_and_writes_nothing(login, preparer, project):
    """A new project's stakeholders come with the project (its creation seeds them); the
    overview only reads, so a catalogue stakeholder a user deleted stays deleted."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from phases.catalogue_data import STAKEHOLDER_CATALOGUE

    client = login(preparer)
    with translation.override("fi"):
        overview = reverse(
            "participation:overview", kwargs={"region": project.region.slug, "project": project.pk}
        )
    with CaptureQueriesContext(connection) as queries:
        page = client.get(overview).content.decode()
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
        and "django_session" not in q["sql"]
    ]
    assert writes == []
    for item in STAKEHOLDER_CATALOGUE:
        assert item["name"]["fi"] in page
    gone = Stakeholder.objects.get(project=project, key="residents")
    gone.delete()
    page = client.get(overview).content.decode()
    assert not Stakeholder.objects.filter(project=project, key="residents").exists()
    assert Stakeholder.objects.filter(project=project).count() == len(STAKEHOLDER_CATALOGUE) - 1


def test_dashboard_panels_and_link(login, preparer, project):
    assert any(link.key == "participation" for link in registry.links)
    client = login(preparer)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "participation-panel-2" in page
    assert (
        reverse(
            "participation:overview", kwargs={"region": project.region.slug, "project": project.pk}
        )
        in page
    )


def test_forms_save_through_the_pages(login, preparer, project, world):
    client = login(preparer)
    base = {"region": project.region.slug, "project": project.pk}
    response = client.post(
        reverse("participation:activity_new", kwargs=base),
        {"title": "Verkkokysely", "method": "e_survey", "date": "2027-02-01", "participants": "5"},
    )
    assert response.status_code == 302
    assert Activity.objects.filter(title="Verkkokysely").exists()
    response = client.post(
        reverse("participation:input_new", kwargs=base),
        {"text": "", "perspectives": ["quality"]},
    )
    assert response.status_code == 400
    response = client.post(
        reverse("participation:synthesis_edit", kwargs={**base, "perspective": "quality"}),
        {"lock_version": "1", "text_fi": "Laatu on tärkeää", "text_sv": "Kvalitet"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("participation:synthesis_edit", kwargs={**base, "perspective": "quality"}),
        {"lock_version": "1", "text_fi": "Vanha versio", "text_sv": ""},
    )
    assert response.status_code == 409  # somebody saved meanwhile: asked, nothing written
    assert "Vanha versio" in response.content.decode()
    plan_url = reverse("participation:plan_edit", kwargs={**base, "item": world["item"]})
    response = client.post(plan_url, {"delete": "1"})  # the delete button asks first
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="confirm"' in page and 'name="timing"' not in page  # not the form again
    assert PlanItem.objects.filter(pk=world["item"]).exists()
    response = client.post(plan_url, {"delete": "1", "confirm": "1"})
    assert response.status_code == 302
    assert not PlanItem.objects.filter(pk=world["item"]).exists()
    assert Input.objects.filter(project=project).count() == 1


def test_feedback_public_endpoint_and_staff_grouping(client, project, preparer, login):
    type(project).objects.filter(pk=project.pk).update(phase=6)
    slug = project.region.slug
    response = client.post(
        f"/sv/feedback/{slug}/",
        {"perspective": "access", "text": "Snabb tid till läkaren", "project": project.pk},
    )
    assert response.status_code == 302 and response["Location"].endswith("/thanks/")
    feedback = Feedback.objects.get()
    assert feedback.language == "sv" and feedback.perspective == "access"
    # honeypot: nothing saved
    client.post(f"/fi/feedback/{slug}/", {"text": "spam", "website": "x"})
    assert Feedback.objects.count() == 1
    # rate limit
    for i in range(4):
        client.post(f"/fi/feedback/{slug}/", {"text": f"Palaute {i}"})
    limited = client.post(f"/fi/feedback/{slug}/", {"text": "Liikaa"})
    assert limited.status_code == 429
    assert Feedback.objects.count() == 5
    Feedback.objects.filter(pk=feedback.pk).update(created_at=timezone.now() - timedelta(days=70))

    staff = login(preparer)
    url = reverse("participation:feedback_list", kwargs={"region": slug, "project": project.pk})
    page = staff.get(url, {"show": "all"})
    groups = page.context["groups"]
    access = next(g for g in groups if g["key"] == "access")
    assert len(access["months"]) == 1 and access["months"][0][1] == [feedback]
    general = next(g for g in groups if g["key"] == "")
    assert general["count"] == 4
    staff.post(url, {"feedback": feedback.pk, "note": "Välitetty terveysasemalle"})
    feedback.refresh_from_db()
    assert feedback.handled_at and feedback.handled_by == preparer
    assert feedback not in [
        f for g in staff.get(url).context["groups"] for _m, items in g["months"] for f in items
    ]


def test_feedback_section_is_registered_for_the_public_page(project):
    from django.template.loader import render_to_string

    section = next(s for s in registry.sections if s.key == "participation.feedback")
    assert section.targets == frozenset({"public"})
    type(project).objects.filter(pk=project.pk).update(phase=6)
    project.refresh_from_db()
    html = render_to_string(section.template, section.context(project, language="fi", public=True))
    assert f"/feedback/{project.region.slug}/" in html
    assert 'name="website"' in html and "/privacy/" in html


def test_feedback_goes_to_the_project_the_form_named_if_it_is_in_phase_6(project, users):
    """A page cached while the previous cycle was in force names that project: its
    feedback goes there; a name of a project not in phase 6 (or of another region) is
    ignored for the project in force."""
    from participation.selectors import feedback_project

    region = project.region
    assert feedback_project(region) is None
    newer = ProjectFactory(region=region, term_start=2030, term_end=2032)
    draft = ProjectFactory(region=region, term_start=2033, term_end=2035)
    elsewhere = ProjectFactory(region=users["other_region"])
    type(project).objects.filter(pk__in=[project.pk, newer.pk, elsewhere.pk]).update(phase=6)
    assert feedback_project(region) == newer
    assert feedback_project(region, project.pk) == project
    assert feedback_project(region, draft.pk) == newer
    assert feedback_project(region, elsewhere.pk) == newer


def test_an_edit_page_shows_what_was_saved_and_a_failed_save_keeps_what_was_typed(
    login, preparer, project, world
):
    client = login(preparer)
    base = {"region": project.region.slug, "project": project.pk}
    stakeholder = Stakeholder.objects.get(pk=world["stakeholder"])
    stakeholder.name_sv = "Invånarråd"
    stakeholder.description = "Kokoontuu kuukausittain"
    stakeholder.save()
    page = client.get(
        reverse("participation:stakeholder_edit", kwargs={**base, "stakeholder": stakeholder.pk})
    ).content.decode()
    assert 'value="Invånarråd"' in page and "Kokoontuu kuukausittain</textarea>" in page
    page = client.get(
        reverse("participation:activity_edit", kwargs={**base, "activity": world["activity"]})
    ).content.decode()
    assert 'value="Työpaja"' in page and 'value="2027-01-10"' in page and 'value="12"' in page
    assert re.search(rf'name="stakeholders" value="{stakeholder.pk}"[^>]*checked', page)
    page = client.get(
        reverse("participation:plan_edit", kwargs={**base, "item": world["item"]})
    ).content.decode()
    assert 'value="Maaliskuu"' in page
    assert f'<option value="{stakeholder.pk}" selected>' in page
    page = client.get(
        reverse("participation:input_edit", kwargs={**base, "input": world["input"]})
    ).content.decode()
    assert "Palautetta</textarea>" in page
    assert re.search(r'name="perspectives" value="access"[^>]*checked', page)
    assert not re.search(r'name="perspectives" value="quality"[^>]*checked', page)

    response = client.post(
        reverse("participation:stakeholder_edit", kwargs={**base, "stakeholder": stakeholder.pk}),
        {"name_fi": "", "name_sv": "", "description": "Uusi kuvaus"},
    )
    assert response.status_code == 400
    assert "Uusi kuvaus</textarea>" in response.content.decode()
    stakeholder.refresh_from_db()
    assert stakeholder.description == "Kokoontuu kuukausittain"
