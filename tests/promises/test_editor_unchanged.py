"""The editor's first page saves the customer segment and vision only: saved unchanged (or
with the vision changed), the slogan and the intended outcomes it does not show stay, in
every language (the full walk over every form is tests/test_unchanged_save_matrix.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from phases.roles import Role
from phases.translated import LANGS
from promises import services
from tests.test_unchanged_save_matrix import page_forms, save_button

from .factories import filled_promise

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("interface", ["fi", "sv", "en"])
def test_the_vision_form_keeps_the_fields_it_does_not_show(client, project, users, interface):
    promise = filled_promise(project, statements_per_cell=0)
    services.promise_update(
        promise=promise,
        lock_version=promise.lock_version,
        title={lang: f"{lang} segment" for lang in LANGS},
        vision={lang: f"{lang} vision" for lang in LANGS},
        slogan={lang: f"{lang} slogan" for lang in LANGS},
        outcomes={lang: f"{lang} outcomes" for lang in LANGS},
        by=None,
    )
    kwargs = {"region": project.region.slug, "project": project.pk, "promise": promise.pk}
    with translation.override(interface):
        editor = reverse("promises:editor", kwargs=kwargs)
        action = reverse("promises:promise_edit", kwargs=kwargs)
    client.force_login(users[Role.PREPARER])
    form = next(f for f in page_forms(client.get(editor).content.decode()) if f.action == action)
    sent = form.data(save_button(form))
    assert "slogan_fi" not in sent and "outcomes_fi" not in sent  # the page does not show them
    assert client.post(action, sent).status_code == 302
    promise.refresh_from_db()
    sent["vision_sv"] = ["ny vision"]
    sent["lock_version"] = [str(promise.lock_version)]
    assert client.post(action, sent).status_code == 302
    promise.refresh_from_db()
    for lang in LANGS:
        assert getattr(promise, f"slogan_{lang}") == f"{lang} slogan"
        assert getattr(promise, f"outcomes_{lang}") == f"{lang} outcomes"
        assert getattr(promise, f"title_{lang}") == f"{lang} segment"
    assert (promise.vision_fi, promise.vision_sv) == ("fi vision", "ny vision")
