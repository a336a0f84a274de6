"""Loads the national model (phases/catalogue_data.py) into the catalogue tables.

Idempotent: matches rows by their keys, updates texts, adds what is new. Used by a data
migration (with historical models) and by `manage.py load_catalogue`.
"""

from django.conf import settings

from . import catalogue_data

LANGS = [code for code, _name in settings.LANGUAGES]


def _texts(field: str, values: dict) -> dict:
    data = {f"{field}_{lang}": values.get(lang, "") for lang in LANGS}
    data[field] = values.get("fi", "")
    return data


def sync_catalogue(apps=None) -> None:
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Phase = apps.get_model("phases", "PhaseDefinition")
    Task = apps.get_model("phases", "TaskDefinition")
    Result = apps.get_model("phases", "ResultDefinition")
    Checklist = apps.get_model("phases", "ChecklistDefinition")
    Statement = apps.get_model("phases", "ChecklistStatement")

    if not Phase.objects.exists():  # a new (or flushed) database: one insert per table
        _load_empty(Phase, Task, Result, Checklist, Statement)
        return
    for p in catalogue_data.PHASES:
        phase, _ = Phase.objects.update_or_create(
            number=p["number"],
            defaults={
                "key": p["key"],
                **_texts("name", p["name"]),
                **_texts("summary", p.get("summary", {})),
                **_texts("outcome", p.get("outcome", {})),
            },
        )
        for order, t in enumerate(p["tasks"]):
            Task.objects.update_or_create(
                phase=phase,
                key=t["key"],
                defaults={
                    "order": order,
                    "required": t.get("required", True),
                    **_texts("name", t["name"]),
                    **_texts("description", t.get("description", {})),
                },
            )
        for order, r in enumerate(p["results"]):
            Result.objects.update_or_create(
                phase=phase,
                key=r["key"],
                defaults={
                    "order": order,
                    "provided_by": r.get("provided_by") or "",
                    **_texts("name", r["name"]),
                    **_texts("description", r.get("description", {})),
                },
            )
        for order, c in enumerate(p["checklists"]):
            checklist, _ = Checklist.objects.update_or_create(
                phase=phase,
                key=c["key"],
                defaults={
                    "order": order,
                    **_texts("name", c["name"]),
                    **_texts("intro", c.get("intro", {})),
                },
            )
            for s_order, s in enumerate(c["statements"]):
                Statement.objects.update_or_create(
                    checklist=checklist,
                    key=s["key"],
                    defaults={"order": s_order, **_texts("text", s["text"])},
                )


def _load_empty(Phase, Task, Result, Checklist, Statement) -> None:
    phases = Phase.objects.bulk_create(
        Phase(
            number=p["number"],
            key=p["key"],
            **_texts("name", p["name"]),
            **_texts("summary", p.get("summary", {})),
            **_texts("outcome", p.get("outcome", {})),
        )
        for p in catalogue_data.PHASES
    )
    tasks, results, checklists, statements = [], [], [], []
    for phase, p in zip(phases, catalogue_data.PHASES, strict=True):
        tasks += [
            Task(
                phase=phase,
                key=t["key"],
                order=order,
                required=t.get("required", True),
                **_texts("name", t["name"]),
                **_texts("description", t.get("description", {})),
            )
            for order, t in enumerate(p["tasks"])
        ]
        results += [
            Result(
                phase=phase,
                key=r["key"],
                order=order,
                provided_by=r.get("provided_by") or "",
                **_texts("name", r["name"]),
                **_texts("description", r.get("description", {})),
            )
            for order, r in enumerate(p["results"])
        ]
        checklists += [
            (
                Checklist(
                    phase=phase,
                    key=c["key"],
                    order=order,
                    **_texts("name", c["name"]),
                    **_texts("intro", c.get("intro", {})),
                ),
                c["statements"],
            )
            for order, c in enumerate(p["checklists"])
        ]
    Task.objects.bulk_create(tasks)
    Result.objects.bulk_create(results)
    made = Checklist.objects.bulk_create(c for c, _statements in checklists)
    for checklist, (_c, items) in zip(made, checklists, strict=True):
        statements += [
            Statement(checklist=checklist, key=s["key"], order=order, **_texts("text", s["text"]))
            for order, s in enumerate(items)
        ]
    Statement.objects.bulk_create(statements)
