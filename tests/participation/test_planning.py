"""Phases 1–2: stakeholders, activities, inputs, synthesis, the phase 2 gate, traceability."""

import pytest
from django.urls import reverse

from participation import selectors, services
from participation.models import Input, Method, Stakeholder, Synthesis
from phases import services as phase_services
from phases.catalogue_data import STAKEHOLDER_CATALOGUE
from phases.demo import complete_core
from phases.locking import EditConflict
from phases.perspectives import Perspective
from phases.registry import registry
from promises.models import Commitment, PromiseStatement
from tests.factories import ProjectFactory

from .factories import make_promise

pytestmark = pytest.mark.django_db


def to_phase_2(project, preparer):
    complete_core(project, 1, preparer)
    return phase_services.project_advance(project=project, by=preparer, expected_phase=1)


def write_all_syntheses(project, user, skip=()):
    for p in Perspective.values:
        if p not in skip:
            services.synthesis_save(
                project=project,
                perspective=p,
                texts={"fi": f"Yhteenveto {p}", "sv": f"Sammandrag {p}"},
                lock_version=Synthesis.objects.filter(project=project, perspective=p)
                .values_list("lock_version", flat=True)
                .first()
                or 1,
                by=user,
            )


def test_new_project_gets_the_national_stakeholders(project):
    keys = set(Stakeholder.objects.filter(project=project).values_list("key", flat=True))
    assert keys == {item["key"] for item in STAKEHOLDER_CATALOGUE}
    # seeding again adds nothing
    assert services.stakeholders_ensure(project=project) == 0
    residents = Stakeholder.objects.get(project=project, key="residents")
    assert residents.name_sv == "Invånare och kunder"


def test_region_can_add_its_own_stakeholder_and_record_activity_and_input(project, users):
    own = services.stakeholder_save(
        project=project, names={"fi": "Saariston kyläyhdistykset", "sv": "Byaföreningar"}
    )
    assert not own.from_catalogue
    activity = services.activity_save(
        project=project,
        title="Työpaja",
        method=Method.WORKSHOP,
        date="2027-03-01",
        stakeholders=[own],
        participants=25,
    )
    item = services.input_save(
        project=project,
        text="Lähipalvelut saaristoon",
        perspectives=[Perspective.ACCESS, Perspective.QUALITY],
        stakeholder=own,
        activity=activity,
        by=users["working_group"],
    )
    assert len(item.perspective_labels()) == 2
    rows = {r.key: r for r in selectors.synthesis_overview(project)}
    assert rows["access"].inputs == [item]
    assert rows["integration"].inputs == []


def test_input_refuses_another_projects_stakeholder(project, region):
    other = ProjectFactory(region=region)
    foreign = Stakeholder.objects.filter(project=other).first()
    with pytest.raises(Exception, match="another project"):
        services.input_save(project=project, text="x", perspectives=[], stakeholder=foreign)


def test_synthesis_concurrent_edit_is_refused(project, users):
    user = users["working_group"]
    services.synthesis_save(
        project=project, perspective="access", texts={"fi": "A"}, lock_version=1, by=user
    )
    with pytest.raises(EditConflict):
        services.synthesis_save(
            project=project, perspective="access", texts={"fi": "B"}, lock_version=1, by=user
        )
    assert Synthesis.objects.get(project=project, perspective="access").text_fi == "A"


def test_phase_2_gate_needs_a_synthesis_for_all_five_perspectives(project, preparer):
    project = to_phase_2(project, preparer)
    complete_core(project, 2, preparer)
    write_all_syntheses(project, preparer, skip=[Perspective.QUALITY, Perspective.INTEGRATION])
    with pytest.raises(phase_services.PhaseError) as exc:
        phase_services.project_advance(project=project, by=preparer, expected_phase=2)
    text = " ".join(exc.value.messages)
    assert "Quality" in text or "Laatu" in text
    assert "integration" in text.lower() or "integraatio" in text.lower()
    assert "Access" not in text and "Saatavuus" not in text

    write_all_syntheses(project, preparer)
    project = phase_services.project_advance(project=project, by=preparer, expected_phase=2)
    assert project.phase == 3


def test_synthesis_result_status_counts(project, preparer):
    status = registry.result_status(project, "participation.synthesis")
    assert not status.done and "0" in status.summary
    write_all_syntheses(project, preparer)
    assert registry.result_status(project, "participation.synthesis").done


def test_traceability_both_ways(project, users, login):
    make_promise(project)
    statement = PromiseStatement.objects.filter(cell__promise__project=project).first()
    commitment = Commitment.objects.filter(promise__project=project).first()
    cited = services.input_save(
        project=project,
        text="Hoitoon pääsy nopeammaksi",
        perspectives=["access"],
        statements=[statement],
        commitments=[commitment],
    )
    nowhere = services.input_save(project=project, text="Parkkipaikat", perspectives=["quality"])

    # From the promise: the registered trace source gives the input behind the statement.
    source = next(s for s in registry.trace_sources if s.key == "participation.inputs")
    links = source.links("statement", [statement.pk])
    assert [text for text, _url in links[statement.pk]] == ["Hoitoon pääsy nopeammaksi"]
    assert source.links("commitment", [commitment.pk])[commitment.pk][0][1].endswith(
        f"/inputs/{cited.pk}/"
    )

    # From the input: its page shows where it went.
    client = login(users["viewer"])
    url = reverse(
        "participation:input_detail",
        kwargs={"region": project.region.slug, "project": project.pk, "input": cited.pk},
    )
    page = client.get(url).content.decode()
    assert statement.text in page and commitment.title in page

    # The matrix lists the input that went nowhere.
    matrix = selectors.matrix(project)
    assert matrix["nowhere"] == [nowhere]
    response = client.get(
        reverse(
            "participation:matrix", kwargs={"region": project.region.slug, "project": project.pk}
        )
    )
    assert "Parkkipaikat" in response.content.decode()
    assert Input.objects.filter(statements=statement).count() == 1
