"""The change history names what changed: a goal or a perspective linked to a commitment
or unlinked from it is shown as added or removed, by its name in the reader's language,
and never as a change of a text; a text change only when a text changed."""

import pytest
from django.urls import reverse
from django.utils import translation

from phases.perspectives import Perspective
from phases.roles import Role
from tests.test_unchanged_save_matrix import page_forms, save_button

from .factories import filled_promise, strategy_goal

pytestmark = pytest.mark.django_db

ADDED = {
    "fi": "strateginen tavoite lisätty: RS 2 Toinen tavoite",
    "sv": "strategiskt mål tillagt: RS 2 Andra målet",
}
TEXT_CHANGES = {
    "fi": ["otsikko", "kuvaus", "vastuuyksikkö"],
    "sv": ["rubrik", "beskrivning", "ansvarig enhet"],
}


def _urls(promise, commitment, lang):
    kw = {"region": promise.project.region.slug, "project": promise.project.pk}
    pk = {**kw, "promise": promise.pk}
    with translation.override(lang):
        return (
            reverse("promises:commitment_edit", kwargs={**pk, "commitment": commitment.pk}),
            reverse("promises:promise_history", kwargs=pk),
        )


def _edit_form(client, url):
    forms = page_forms(client.get(url).content.decode())
    return next(f for f in forms if f.method.lower() == "post" and "title_fi" in dict(f.fields))


def _history_row(html, text):
    rows = [row for row in html.split("<tr>") if text in row]
    assert rows, html
    return rows[0]


@pytest.fixture
def ticked(client, project, users):
    """A commitment whose edit form, sent from /sv/ as rendered, ticked a second goal."""
    promise = filled_promise(project, statements_per_cell=0)
    second = strategy_goal(
        project.region,
        code="RS 2",
        title={"fi": "Toinen tavoite", "sv": "Andra målet", "en": "Second goal"},
    )
    commitment = promise.commitments.first()
    edit, _history = _urls(promise, commitment, "sv")
    client.force_login(users[Role.PREPARER])
    form = _edit_form(client, edit)
    data = form.data(save_button(form))
    assert data["title_en"] == [""]  # the form sends an empty English title (none stored)
    data["strategy_goals"] = [*data.get("strategy_goals", []), str(second.pk)]
    assert client.post(edit, data).status_code == 302
    assert set(commitment.strategy_goals.values_list("code", flat=True)) == {"RS 1", "RS 2"}
    return promise, commitment, second


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_ticking_a_goal_is_shown_as_the_goal_added_not_as_a_text_change(
    client, ticked, users, lang
):
    promise, commitment, _second = ticked
    _edit, history = _urls(promise, commitment, lang)
    html = client.get(history).content.decode()
    row = _history_row(html, ADDED[lang])
    assert users[Role.PREPARER].get_full_name() in row
    for label in TEXT_CHANGES[lang]:
        assert f"{label} (" not in html, label  # e.g. "rubrik (en)": no text changed


def test_unticking_a_goal_and_a_perspective_names_both_removed(client, ticked):
    promise, commitment, second = ticked
    edit, history = _urls(promise, commitment, "fi")
    form = _edit_form(client, edit)
    data = form.data(save_button(form))
    data["strategy_goals"] = [str(second.pk)]
    data["perspectives"] = ["access", "quality"]
    assert client.post(edit, data).status_code == 302
    html = client.get(history).content.decode()
    row = _history_row(html, "strateginen tavoite poistettu: RS 1")
    with translation.override("fi"):
        quality = str(Perspective.QUALITY.label)
    assert f"näkökulma lisätty: {quality}" in row
    assert "näkökulma poistettu" not in html  # access stays: nothing was removed
    assert "otsikko (" not in html


def test_a_text_change_is_named_by_field_and_language(client, ticked):
    promise, commitment, _second = ticked
    edit, history = _urls(promise, commitment, "sv")
    form = _edit_form(client, edit)
    data = form.data(save_button(form))
    data["title_sv"] = ["Nytt åtagande"]
    assert client.post(edit, data).status_code == 302
    html = client.get(history).content.decode()
    row = _history_row(html, "Åtagande: Nytt åtagande")
    assert "rubrik (sv)" in row
    assert "rubrik (en)" not in html and "strategiskt mål" not in row


# One save, one entry: the links a save changes are in its own record (no timing).


def _update(commitment, by, *, title=None, goals=None):
    from promises import services

    commitment.refresh_from_db()
    return services.commitment_update(
        commitment=commitment,
        lock_version=commitment.lock_version,
        perspective=commitment.perspective,
        title=title or {"fi": commitment.title_fi, "sv": commitment.title_sv},
        description={"fi": commitment.description_fi, "sv": commitment.description_sv},
        responsible={"fi": commitment.responsible_fi, "sv": commitment.responsible_sv},
        strategy_goals=list(commitment.strategy_goals.all()) if goals is None else goals,
        by=by,
    )


def _commitment_entries(promise, commitment):
    from promises.selectors import promise_history

    with translation.override("fi"):
        return [
            e
            for e in promise_history(promise)
            if e.what.startswith("Sitoumus") and e.action == "muutettu"
        ]


def test_two_saves_by_one_person_moments_apart_are_two_entries(project, users):
    """A text saved, then at once (well within 2 s) a goal ticked: two saves, two entries,
    each naming only what it changed."""
    preparer = users[Role.PREPARER]
    promise = filled_promise(project, statements_per_cell=0)
    second = strategy_goal(project.region, code="RS 2", title={"fi": "Toinen tavoite"})
    commitment = promise.commitments.first()
    first_goals = list(commitment.strategy_goals.all())

    _update(commitment, preparer, title={"fi": "Uusi otsikko", "sv": commitment.title_sv})
    _update(commitment, preparer, goals=[*first_goals, second])

    entries = _commitment_entries(promise, commitment)
    assert len(entries) == 2, entries
    goal_save, text_save = entries  # newest first
    assert abs((goal_save.when - text_save.when).total_seconds()) < 2
    assert goal_save.links == ["strateginen tavoite lisätty: RS 2 Toinen tavoite"]
    assert goal_save.changed == []
    assert text_save.links == [] and text_save.changed == ["otsikko (fi)"]


def test_a_save_with_a_text_and_a_goal_is_one_entry_naming_both(project, users):
    preparer = users[Role.PREPARER]
    promise = filled_promise(project, statements_per_cell=0)
    second = strategy_goal(project.region, code="RS 2", title={"fi": "Toinen tavoite"})
    commitment = promise.commitments.first()
    records_before = commitment.history.count()

    _update(
        commitment,
        preparer,
        title={"fi": "Uusi otsikko", "sv": commitment.title_sv},
        goals=[second],
    )

    assert commitment.history.count() == records_before + 1  # one save, one record
    (entry,) = _commitment_entries(promise, commitment)
    assert entry.changed == ["otsikko (fi)"]
    assert entry.user == preparer
    assert entry.links == [
        "strateginen tavoite lisätty: RS 2 Toinen tavoite",
        "strateginen tavoite poistettu: RS 1 Tavoite RS 1",
    ]
