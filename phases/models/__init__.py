from .catalogue import (
    ChecklistDefinition,
    ChecklistStatement,
    PhaseDefinition,
    ResultDefinition,
    TaskDefinition,
)
from .decision import CouncilDecision
from .identity import ExternalIdentity
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
from .working_days import Notification, PhasePlan, UserProfile

__all__ = [
    "Notification",
    "PhasePlan",
    "UserProfile",
    "ChecklistAnswer",
    "ChecklistDefinition",
    "ChecklistStatement",
    "CouncilDecision",
    "ExternalIdentity",
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
