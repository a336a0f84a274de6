"""The core rules of every phase: required tasks settled, required results present.

Registered in the registry at start-up (PhasesConfig.ready). Results fulfilled by another
app (`provided_by`) are decided by that app's registered provider.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .phase_numbers import DECISION_PHASE, PHASES, PREPARATION_PHASE
from .registry import Requirement, Step, registry
from .selectors import results_for_phase, tasks_for_phase
from .translated import LANGUAGE_NAMES_LOCAL

# Where the core's steps sit in the "what next" list: the results first (their own apps'
# steps carry orders between 100 and 800), the tasks last: a task is marked done when its
# work is done.
RESULT_ORDER = 100
TASK_ORDER = 900
# The translations come after the content is in place, before the tasks.
TRANSLATION_ORDER = 850
# Content may be drafted in any one of the region's languages; every language the region
# requires is needed where the promise is finalised (leaving phase 3) and decided on (the
# decision package, leaving phase 4).
TRANSLATION_GATES = (PREPARATION_PHASE, DECISION_PHASE)


def _project_url(name: str, project, **kwargs) -> str:
    return reverse(
        f"phases:{name}", kwargs={"region": project.region.slug, "project": project.pk, **kwargs}
    )


def open_required_tasks(project, phase: int) -> list[Step]:
    """The required tasks not settled: one step, with a part per task (linked to the
    task's status field in the phase page's task table)."""
    from .models import ProjectTask

    settled = {ProjectTask.Status.DONE, ProjectTask.Status.NOT_APPLICABLE}
    tasks = [
        task
        for task in tasks_for_phase(project, phase)
        if task.definition.required and task.status not in settled
    ]
    if not tasks:
        return []
    children = tuple(
        Step(
            message=_("Mark the task “%(name)s” done or not applicable.")
            % {"name": task.definition.name},
            url=_project_url("project_phase", project, phase=phase) + f"#id_task-{task.pk}-status",
            order=TASK_ORDER + index,
            key=f"phases.task.{task.pk}",
        )
        for index, task in enumerate(tasks, start=1)
    )
    return [
        Step(
            message=ngettext(
                "%(count)d required task is still open.",
                "%(count)d required tasks are still open.",
                len(tasks),
            )
            % {"count": len(tasks)},
            url=_project_url("project_phase", project, phase=phase) + "#tasks-title",
            order=TASK_ORDER,
            key=f"phases.tasks.{phase}",
            children=children,
        )
    ]


def missing_results(project, phase: int) -> list[Step]:
    """Every step of every required result of the phase, done ones included (so the list
    is known up front), in the order of the catalogue."""
    steps: list[Step] = []
    for index, item in enumerate(results_for_phase(project, phase)):
        base = RESULT_ORDER + index
        if item.status is not None and item.status.steps:
            steps.extend(item.status.steps)
            continue
        if item.done:
            steps.append(
                Step(
                    message=_("Result in place: %(name)s.") % {"name": item.definition.name},
                    order=base,
                    key=f"phases.result.{item.definition.pk}",
                    done=True,
                )
            )
            continue
        if item.blockers:
            for blocker in item.blockers:
                steps.append(
                    blocker
                    if isinstance(blocker, Step)
                    else Step(message=str(blocker), url=item.status.url, order=base)
                )
            continue
        url = (
            None
            if item.provided
            else _project_url("result_edit", project, result=item.definition.pk) + "#id_text"
        )
        if item.provided and item.status is not None:
            url = item.status.url
        steps.append(
            Step(
                message=_("Result missing: %(name)s.") % {"name": item.definition.name},
                url=url,
                order=base,
                key=f"phases.result.{item.definition.pk}",
            )
        )
    return steps


def missing_translation_steps(project) -> list[Step]:
    """One step listing every text that lacks one of the region's languages, each part
    linked to the input where the translation is written."""
    items = registry.missing_translations(project)
    if not items:
        return []
    children = tuple(
        Step(
            message=_("%(text)s: the translation is missing (%(languages)s).")
            % {
                "text": item.label,
                "languages": ", ".join(str(LANGUAGE_NAMES_LOCAL[lang]) for lang in item.languages),
            },
            url=item.url,
            order=TRANSLATION_ORDER + index,
            key=f"phases.translation.{item.key or index}",
        )
        for index, item in enumerate(items, start=1)
    )
    return [
        Step(
            message=ngettext(
                "%(count)d text lacks a translation into a language the region requires.",
                "%(count)d texts lack a translation into a language the region requires.",
                len(items),
            )
            % {"count": len(items)},
            url=children[0].url,
            order=TRANSLATION_ORDER,
            key="phases.translations",
            children=children,
        )
    ]


def _phase_rule(phase: int):
    def check(project):
        return open_required_tasks(project, phase) + missing_results(project, phase)

    return check


registry.register(
    *(Requirement(f"phases.core.{number}", number, _phase_rule(number)) for number in PHASES),
    *(
        Requirement(f"phases.translations.{number}", number, missing_translation_steps)
        for number in TRANSLATION_GATES
    ),
)
