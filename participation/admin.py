from django.contrib import admin

from .counters import round_counts_refresh
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

    # The round's counters (participation.counters) follow the administrators' edits too.
    def save_model(self, request, obj, form, change):
        before = Comment.objects.filter(pk=obj.pk).values_list("round_id", flat=True).first()
        super().save_model(request, obj, form, change)
        for round_id in {before, obj.round_id} - {None}:
            round_counts_refresh(round_id)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        round_counts_refresh(obj.round_id)

    def delete_queryset(self, request, queryset):
        rounds = set(queryset.values_list("round_id", flat=True))
        super().delete_queryset(request, queryset)
        for round_id in rounds:
            round_counts_refresh(round_id)


admin.site.register([PlanItem, Synthesis, ParticipationSettings, StatementRequest])
admin.site.register(RequestedBody, exclude=["token"])
admin.site.register(Feedback)
