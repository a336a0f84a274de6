"""The core rules of every phase: required tasks settled, required results present.

Registered in the registry at start-up (PhasesConfig.ready). Results fulfilled by another
app (`provided_by`) are decided by that app's registered provider.
"""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .registry import Requirement, registry
from .selectors import results_for_phase


def open_required_tasks(project, phase: int) -> list[str]:
    from .models import ProjectTask

    count = (
        ProjectTask.objects.filter(
            project=project, definition__phase__number=phase, definition__required=True
        )
        .exclude(status__in=[ProjectTask.Status.DONE, ProjectTask.Status.NOT_APPLICABLE])
        .count()
    )
    if not count:
        return []
    return [
        ngettext(
            "%(count)d required task is still open.",
            "%(count)d required tasks are still open.",
            count,
        )
        % {"count": count}
    ]


def missing_results(project, phase: int) -> list[str]:
    messages = []
    for item in results_for_phase(project, phase):
        if item.done:
            continue
        if item.blockers:
            messages.extend(item.blockers)
        else:
            messages.append(_("Result missing: %(name)s.") % {"name": item.definition.name})
    return messages


def _phase_rule(phase: int):
    def check(project):
        return open_required_tasks(project, phase) + missing_results(project, phase)

    return check


for _number in range(1, 7):
    registry.add_requirement(
        Requirement(key=f"phases.core.{_number}", phase=_number, check=_phase_rule(_number))
    )
