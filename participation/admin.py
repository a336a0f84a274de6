from django.contrib import admin

from .models import (
    Activity,
    Comment,
    CommentRound,
    Feedback,
    Input,
    ParticipationSettings,
    PlanItem,
    RequestedBody,
    Stakeholder,
    StatementRequest,
    Synthesis,
)


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "key"]
    list_filter = ["project__region"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "method", "date", "project"]


@admin.register(Input)
class InputAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "stakeholder"]
    raw_id_fields = ["statements", "commitments"]


@admin.register(CommentRound)
class CommentRoundAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "starts_at", "ends_at", "closed_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["__str__", "round", "source", "status", "disposition", "created_at"]
    list_filter = ["source", "status", "disposition"]
    raw_id_fields = ["round", "body", "commitment", "changed_commitment", "changed_version"]


admin.site.register([PlanItem, Synthesis, ParticipationSettings, StatementRequest])
admin.site.register(RequestedBody, exclude=["token"])
admin.site.register(Feedback)
