"""After approval (issue 26, item 7): staff edited the approved promise's working copy with
no notice, believing they were correcting the published text.

Now the approved promise is read only everywhere: every editor form refuses it (the page
says why and how to revise it), the services refuse it too. A revision is a new project
that starts from a copy of the approved version; every editor page of it says it is a
revision draft of that version, and what the public reads changes only when a council
approves the revision (the existing decision package and approval)."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache, caches
from django.urls import reverse
from django.utils import translation

from phases.models import PromiseProject
from phases.roles import Role
from promises import services
from promises.models import Promise, PromiseStatement, PromiseVersion
from promises.snapshot import build_snapshot

from . import approved_world as world
from . import test_decision_support as support
from .test_editor_views import EDIT_PAGES, page_urls

pytestmark = pytest.mark.django_db

# The approved project, built once for this module (tests/promises/approved_world.py).
approved_world, region, users, project, media_root, approved = world.FIXTURES

BANNER_APPROVED = {
    "fi": "Aluevaltuusto hyväksyi: versio",
    "sv": "Godkänt av välfärdsområdesfullmäktige: version",
    "en": "Approved by the regional council: version",
}
BANNER_REVISION = {
    "fi": "Muutosluonnos: Kaikki asukkaat 0, versio",
    "sv": "Revideringsutkast av Alla invånare 0, version",
    "en": "Revision draft of Kaikki asukkaat 0, version",
}


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    caches["pages"].clear()
    yield
    cache.clear()
    caches["pages"].clear()


def public_text(client, project, language="fi") -> str:
    cache.clear()
    caches["pages"].clear()
    with translation.override(language):
        url = reverse("public:promise", kwargs={"region": project.region.slug})
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def editor_posts(promise) -> list[str]:
    """Every URL of the editor that changes a promise, with a POST."""
    urls = page_urls(promise)
    with translation.override("fi"):
        perspective = urls["perspective"]
    return [urls[name] for name in EDIT_PAGES] + [
        urls["promise_edit"],
        perspective,
        urls["finalisation"],
        urls["versions"],
        urls["statement_edit"] + "delete/",
        urls["statement_edit"] + "move/",
        urls["commitment_edit"] + "delete/",
    ]


def test_the_approved_promise_is_read_only_in_every_editor_form(client, approved, users):
    project, _decision = approved
    promise = Promise.objects.get(project=project)
    before = build_snapshot(promise)
    versions = PromiseVersion.objects.count()
    client.force_login(users[Role.PREPARER])
    editor = page_urls(promise)["editor"]
    statement = PromiseStatement.objects.filter(cell__promise=promise).first()
    data = {
        "lock_version": promise.lock_version,
        "title_fi": "Muutettu otsikko",
        "vision_fi": "Muutettu visio",
        "text_fi": "Muutettu lausuma",
        "goal_fi": "Muutettu tavoite",
        "direction": "down",
        "kind": "working",
        "perspectives": ["access"],
        f"statement-{statement.pk}-text_fi": "Muutettu",
    }
    for url in editor_posts(promise):
        response = client.post(url, data)
        assert response.status_code == 302 and response["Location"] == editor, url
    for name in EDIT_PAGES:  # the pages that only show a form go back to the editor
        response = client.get(page_urls(promise)[name])
        assert response.status_code == 302 and response["Location"] == editor, name
    assert build_snapshot(Promise.objects.get(pk=promise.pk)) == before
    assert PromiseVersion.objects.count() == versions
    # the editor says why, in the user's language, with the council's own name
    page = client.get(editor, follow=True).content.decode()
    assert BANNER_APPROVED["fi"] in page
    assert "vain luettavissa" in page
    assert "Aluevaltuusto hyväksyi tämän lupauksen" in page  # the refused save's message
    # the services refuse it too, whoever calls them
    with pytest.raises(services.ApprovedPromiseError):
        services.promise_update(
            promise=promise,
            lock_version=promise.lock_version,
            title={"fi": "Ohi näkymien"},
            vision={},
            by=users[Role.PREPARER],
        )
    with pytest.raises(services.ApprovedPromiseError):
        services.statement_delete(statement=statement, lock_version=statement.lock_version, by=None)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_approved_promise_says_so_on_every_editor_page(client, approved, users, language):
    project, _decision = approved
    promise = Promise.objects.get(project=project)
    client.force_login(users[Role.WORKING_GROUP])
    urls = page_urls(promise, language)
    for name in ("editor", "perspective", "finalisation", "versions", "wheel", "history"):
        page = client.get(urls[name]).content.decode()
        assert BANNER_APPROVED[language] in page, name


def start_revision(client, project, users) -> PromiseProject:
    """The editor's "Start a revision": the project form opens continuing the approved
    project, from a copy of its promise, in the same term."""
    client.force_login(users[Role.PREPARER])
    promise = Promise.objects.get(project=project)
    page = client.get(page_urls(promise)["editor"]).content.decode()
    create = reverse("phases:project_create", kwargs={"region": project.region.slug})
    link = f"{create}?previous={project.pk}"
    assert link in page
    form = client.get(link).context["form"]
    assert form.initial["previous_project"] == project.pk and form.initial["copy_previous"]
    response = client.post(
        create,
        {
            "title_fi": "Palvelulupauksen muutos",
            "title_sv": "Ändring av servicelöftet",
            "term_start": project.term_start,
            "term_end": project.term_end,
            "previous_project": project.pk,
            "copy_previous": "on",
        },
    )
    assert response.status_code == 302
    return PromiseProject.objects.exclude(pk=project.pk).get(region=project.region)


def test_a_revision_is_a_labelled_draft_and_the_public_keeps_the_approved_text(
    client, approved, users
):
    project, _decision = approved
    approved_version = PromiseVersion.objects.approved().get(promise__project=project)
    revision = start_revision(client, project, users)
    draft = Promise.objects.get(project=revision)
    assert draft.copied_from == approved_version
    for language in ("fi", "sv", "en"):
        urls = page_urls(draft, language)
        for name in ("editor", "perspective", "promise_edit", "commitment_add", "versions"):
            page = client.get(urls[name]).content.decode()
            assert f"{BANNER_REVISION[language]} {approved_version.number}" in page, (
                name,
                re.findall(r"revision-banner-title\">([^<]*)<", page),
            )
    # the draft is edited through the editor as any draft
    response = client.post(
        page_urls(draft)["promise_edit"],
        {
            "lock_version": draft.lock_version,
            "title_fi": "Kaikki asukkaat, muutettu",
            "title_sv": "Alla invånare, ändrad",
            "vision_fi": "Uusi visio muutoksen jälkeen",
            "vision_sv": "Ny vision efter ändringen",
        },
    )
    assert response.status_code == 302
    assert Promise.objects.get(pk=draft.pk).vision_fi == "Uusi visio muutoksen jälkeen"
    # the public still reads the approved text
    html = public_text(client, project)
    assert support.VISION["fi"] in html
    assert "Uusi visio muutoksen jälkeen" not in html

    # A new council decision on the revision publishes it.
    preparer = users[Role.PREPARER]
    version = support.freeze(Promise.objects.get(pk=draft.pk), by=preparer)
    revision = support.set_phase(revision, 4)
    from promises.decision import services as decision_services

    decision_services.package_update(
        project=revision,
        by=preparer,
        lock_version=1,
        versions={draft.pk: version},
        texts=support.PACKAGE_TEXTS,
        channels=["web"],
    )
    support.approve(revision, users)
    html = public_text(client, revision)
    assert "Uusi visio muutoksen jälkeen" in html
    assert support.VISION["fi"] not in html
    # and the revision, approved in its turn, is read only
    response = client.post(page_urls(draft)["promise_edit"], {"title_fi": "Vielä"})
    assert response.status_code == 302
    assert Promise.objects.get(pk=draft.pk).title_fi == "Kaikki asukkaat, muutettu"
