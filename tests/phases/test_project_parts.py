"""Issue 28: what each app writes into a new project is a registry hook with an explicit
order (phases.registry.ProjectPart), not a signal run in INSTALLED_APPS order; the core
names no feature."""

from __future__ import annotations

from pathlib import Path

from phases.registry import registry

PHASES = Path(__file__).resolve().parents[2] / "phases"


def test_project_parts_run_in_their_declared_order():
    assert [part.key for part in registry.project_parts] == [
        "promises.copy_previous",  # first: the indicators' copy links to its commitments
        "participation.stakeholders",
        "indicators.copy_previous",
    ]
    assert [part.field for part in registry.copy_parts()] == ["copy_previous", "copy_indicators"]


def test_only_the_chosen_copies_run_and_only_with_a_previous_project():
    ran = []
    parts = [
        type(part)(
            key=part.key,
            create=lambda p, prev, by, k=part.key: ran.append(k),
            order=part.order,
            field=part.field,
            label=part.label,
        )
        for part in registry.project_parts
    ]
    saved, registry.project_parts = registry.project_parts, parts
    try:
        registry.create_project_parts(
            "new", previous_project="old", chosen={"copy_indicators"}, by=None
        )
        assert ran == ["participation.stakeholders", "indicators.copy_previous"]
        ran.clear()
        registry.create_project_parts(
            "new", previous_project=None, chosen={"copy_previous"}, by=None
        )
        assert ran == ["participation.stakeholders"]
    finally:
        registry.project_parts = saved


def test_the_core_names_no_feature_part():
    source = {path.name: path.read_text() for path in PHASES.rglob("*.py")}
    assert not [name for name, text in source.items() if "copy_indicators" in text]
    assert not [name for name, text in source.items() if "OWN_APPS" in text]
    assert "INSTALLED_APPS" not in source["signals.py"]
