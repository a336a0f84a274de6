"""The national model's catalogue (phases/catalogue_data.py) loads the same whether the
tables are empty (one insert per table) or hold an older copy (matched by key, updated)."""

import pytest

from phases import catalogue_data
from phases.catalogue import sync_catalogue
from phases.models import (
    ChecklistDefinition,
    ChecklistStatement,
    PhaseDefinition,
    ResultDefinition,
    TaskDefinition,
)

pytestmark = pytest.mark.django_db


def catalogue() -> dict:
    """Every row of the catalogue by its keys, without database ids."""
    return {
        "phases": sorted(
            PhaseDefinition.objects.values_list("number", "key", "name_fi", "name_sv")
        ),
        "tasks": sorted(
            TaskDefinition.objects.values_list(
                "phase__number", "key", "order", "required", "name_fi", "name_sv", "description_sv"
            )
        ),
        "results": sorted(
            ResultDefinition.objects.values_list(
                "phase__number", "key", "order", "provided_by", "name_sv", "description_fi"
            )
        ),
        "checklists": sorted(
            ChecklistDefinition.objects.values_list("phase__number", "key", "order", "intro_sv")
        ),
        "statements": sorted(
            ChecklistStatement.objects.values_list(
                "checklist__key", "key", "order", "text_fi", "text_sv"
            )
        ),
    }


def test_an_empty_catalogue_loads_as_the_updated_one():
    sync_catalogue()
    updated = catalogue()  # the migration's copy, matched row by row
    PhaseDefinition.objects.all().delete()
    assert not TaskDefinition.objects.exists() and not ChecklistStatement.objects.exists()
    sync_catalogue()  # the empty tables: one insert per table
    assert catalogue() == updated
    assert len(updated["phases"]) == len(catalogue_data.PHASES)
    assert len(updated["tasks"]) == sum(len(p["tasks"]) for p in catalogue_data.PHASES)
    statements = sum(len(c["statements"]) for p in catalogue_data.PHASES for c in p["checklists"])
    assert len(updated["statements"]) == statements


def test_a_changed_text_is_updated_in_place():
    sync_catalogue()
    task = TaskDefinition.objects.order_by("pk").first()
    task.name_sv = "gammal text"
    task.save()
    sync_catalogue()
    task.refresh_from_db()
    assert task.name_sv != "gammal text"
    assert TaskDefinition.objects.filter(key=task.key, phase=task.phase).count() == 1
