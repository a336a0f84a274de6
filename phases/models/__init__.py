from .catalogue import (
    ChecklistDefinition,
    ChecklistStatement,
    PhaseDefinition,
    ResultDefinition,
    TaskDefinition,
)
from .project import (
    ChecklistAnswer,
    PhaseTransition,
    ProjectGroupObjectPermission,
    ProjectMembership,
    ProjectResult,
    ProjectTask,
    ProjectUserObjectPermission,
    PromiseProject,
)
from .region import (
    Region,
    RegionGroupObjectPermission,
    RegionMembership,
    RegionRoleGroup,
    RegionUserObjectPermission,
)

__all__ = [
    "ChecklistAnswer",
    "ChecklistDefinition",
    "ChecklistStatement",
    "PhaseDefinition",
    "PhaseTransition",
    "ProjectGroupObjectPermission",
    "ProjectMembership",
    "ProjectResult",
    "ProjectTask",
    "ProjectUserObjectPermission",
    "PromiseProject",
    "Region",
    "RegionGroupObjectPermission",
    "RegionMembership",
    "RegionRoleGroup",
    "RegionUserObjectPermission",
    "ResultDefinition",
    "TaskDefinition",
]
