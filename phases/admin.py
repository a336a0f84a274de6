from django.contrib import admin
from guardian.admin import GuardedModelAdmin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ChecklistAnswer,
    ChecklistDefinition,
    ChecklistStatement,
    ExternalIdentity,
    PhaseDefinition,
    PhaseTransition,
    ProjectMembership,
    ProjectResult,
    ProjectTask,
    PromiseProject,
    Region,
    RegionMembership,
    ResultDefinition,
    TaskDefinition,
)


@admin.register(Region)
class RegionAdmin(TranslationAdmin, GuardedModelAdmin):
    list_display = ["slug", "name", "kind", "languages"]
    search_fields = ["slug", "name"]


@admin.register(RegionMembership)
class RegionMembershipAdmin(admin.ModelAdmin):
    list_display = ["region", "user", "role"]
    list_filter = ["region", "role"]
    readonly_fields = ["region", "user", "role"]  # roles change through the members page

    def has_add_permission(self, request):
        return False


@admin.register(ExternalIdentity)
class ExternalIdentityAdmin(admin.ModelAdmin):
    list_display = ["user", "provider", "subject", "last_login"]
    list_filter = ["provider"]
    search_fields = ["user__username", "user__email", "subject"]
    readonly_fields = ["created_at", "last_login"]


@admin.register(PromiseProject)
class PromiseProjectAdmin(TranslationAdmin, GuardedModelAdmin):
    list_display = ["title", "region", "term_start", "term_end", "phase"]
    list_filter = ["region", "phase"]
    readonly_fields = ["phase", "phase_changed_at"]


@admin.register(ProjectMembership)
class ProjectMembershipAdmin(admin.ModelAdmin):
    list_display = ["project", "user", "role"]
    readonly_fields = ["project", "user", "role"]

    def has_add_permission(self, request):
        return False


@admin.register(ProjectTask)
class ProjectTaskAdmin(SimpleHistoryAdmin):
    list_display = ["project", "definition", "status", "assignee", "due_date"]
    list_filter = ["status", "project__region"]


admin.site.register(ProjectResult, SimpleHistoryAdmin)
admin.site.register(ChecklistAnswer)


@admin.register(PhaseTransition)
class PhaseTransitionAdmin(admin.ModelAdmin):
    list_display = ["project", "kind", "from_phase", "to_phase", "user", "created_at"]
    readonly_fields = [f.name for f in PhaseTransition._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


for model in (
    PhaseDefinition,
    TaskDefinition,
    ResultDefinition,
    ChecklistDefinition,
    ChecklistStatement,
):
    admin.site.register(model, TranslationAdmin)
