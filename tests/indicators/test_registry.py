"""What the app registers in phases.registry: the commitment check, the trace links, the
phase 6 result, the document section, the link, the panel and the demo step."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from indicators.models import Indicator
from phases.registry import registry
from tests.indicators.factories import (
    CommitmentFactory,
    IndicatorFactory,
    PromiseFactory,
    measure,
    with_targets,
)

pytestmark = pytest.mark.django_db

ALL_YEARS = {2027: "60", 2028: "65", 2029: "70"}


def check():
    return next(c for c in registry.commitment_checks if c.key == "indicators.measured")


def test_commitment_check_lists_commitments_without_indicator_in_one_query(
    project, django_assert_num_queries
):
    promise = PromiseFactory(project=project)
    measured, unmeasured = CommitmentFactory(promise=promise), CommitmentFactory(promise=promise)
    IndicatorFactory(project=project).commitments.add(measured)
    with django_assert_num_queries(1):
        missing = check().missing([measured.pk, unmeasured.pk])
    assert missing == {unmeasured.pk}
    assert check().missing([]) == set()
    with translation.override("en"):
        assert str(check().label) == "no indicator"


def test_trace_source_links_commitments_to_their_indicators(project, django_assert_num_queries):
    source = next(s for s in registry.trace_sources if s.key == "indicators.measured_by")
    promise = PromiseFactory(project=project)
    commitment, other = CommitmentFactory(promise=promise), CommitmentFactory(promise=promise)
    a = IndicatorFactory(project=project, name="A-mittari")
    b = IndicatorFactory(project=project, name="B-mittari")
    a.commitments.add(commitment)
    b.commitments.add(commitment)
    with django_assert_num_queries(1):
        links = source.links("commitment", [commitment.pk, other.pk])
    assert [text for text, _url in links[commitment.pk]] == ["A-mittari", "B-mittari"]
    assert links[commitment.pk][0][1].endswith(f"/indicators/{a.pk}/")
    assert other.pk not in links
    assert source.links("statement", [1]) == {}


def status(project):
    return registry.result_status(project, "indicators.key_indicators")


def test_result_needs_a_key_indicator(project):
    with translation.override("en"):
        result = status(project)
    assert not result.done
    assert [str(b) for b in result.blockers] == ["No key indicators have been chosen yet."]
    IndicatorFactory(project=project, is_key=False)
    assert not status(project).done


def test_result_needs_a_target_for_every_year_of_the_term(project):
    indicator = with_targets(IndicatorFactory(project=project, name="Pääsy"), {2027: "60"})
    with translation.override("en"):
        result = status(project)
    assert not result.done
    assert [str(b) for b in result.blockers] == [
        "Key indicator “Pääsy” has no targets for 2028, 2029."
    ]
    with_targets(indicator, {2028: "65", 2029: "70"})
    assert status(project).done


def test_fewer_or_more_than_five_key_indicators_is_flagged_not_blocking(project):
    with_targets(IndicatorFactory(project=project), ALL_YEARS)
    with translation.override("en"):
        result = status(project)
        assert result.done
        assert "the handbook advises 3–5 key indicators" in result.summary
        for _n in range(2):
            with_targets(IndicatorFactory(project=project), ALL_YEARS)
        assert "advises" not in status(project).summary
        for _n in range(3):
            with_targets(IndicatorFactory(project=project), ALL_YEARS)
        six = status(project)
    assert six.done and "advises" in six.summary


def test_phase_6_result_blocks_through_the_core_rule(project):
    # the core's phase rule reads the provider: a missing key indicator is a blocker
    with translation.override("en"):
        assert "No key indicators have been chosen yet." in registry.blockers(project, 6)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_document_section_renders_key_indicators_with_charts(project, language):
    section = next(s for s in registry.sections if s.key == "indicators.key_indicators")
    assert section.targets == frozenset({"pdf", "public"})
    indicator = with_targets(
        IndicatorFactory(project=project, name="Pääsy", name_sv="Tillgång", name_en="Access"),
        ALL_YEARS,
    )
    IndicatorFactory(project=project, is_key=False, name="Ei avain", name_sv="Inte", name_en="Not")
    measure(indicator, "2027", "61.5")
    context = section.context(project, language=language, public=True)
    with translation.override(language):
        html = render_to_string(section.template, context)
    name = {"fi": "Pääsy", "sv": "Tillgång", "en": "Access"}[language]
    assert name in html
    assert "Ei avain" not in html
    assert {"fi": "61,5", "sv": "61,5", "en": "61.5"}[language] in html
    on_track = {"fi": "Tavoitteessa", "sv": "Enligt målet", "en": "On track"}[language]
    assert on_track in html
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    ET.fromstring(svg)


def test_link_and_panel_are_registered():
    assert any(link.url_name == "indicators:overview" for link in registry.links)
    assert [p.key for p in registry.panels_for(6) if p.key == "indicators.follow_up"]
    assert not [p for p in registry.panels_for(3) if p.key == "indicators.follow_up"]


def test_demo_step_is_idempotent_and_links_every_commitment(project, users):
    step = next(s for s in registry.demo_steps if s.key == "indicators.demo")
    assert step.order == 30
    promise = PromiseFactory(project=project)
    commitments = [
        CommitmentFactory(promise=promise, perspective=p)
        for p in ["access", "accessibility", "quality", "effectiveness", "integration"]
    ]
    role_users = {role: user for role, user in users.items() if role not in {"stranger"}}
    step.prepare(project, 3, role_users)
    step.prepare(project, 3, role_users)
    assert Indicator.objects.filter(project=project, is_key=True).count() == 5
    assert check().missing([c.pk for c in commitments]) == set()
    assert status(project).done


def test_document_section_renders_to_pdf_with_weasyprint(project):
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    section = next(s for s in registry.sections if s.key == "indicators.key_indicators")
    indicator = with_targets(IndicatorFactory(project=project, name="Pääsy hoitoon"), ALL_YEARS)
    measure(indicator, "2027-Q2", "58.25")
    context = section.context(project, language="fi", public=False)
    with translation.override("fi"):
        html = render_to_string(section.template, context)
    pdf = HTML(string=f"<html lang='fi'><body>{html}</body></html>").write_pdf()
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Pääsy hoitoon" in text
    assert "58,25" in text
    assert "Riskissä" in text  # 58,25 is within 5 % of 60
