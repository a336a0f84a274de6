from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Commitment,
    FinalisationAnswer,
    PerspectiveCell,
    Promise,
    PromiseStatement,
    PromiseVersion,
    StrategyGoal,
)


@admin.register(StrategyGoal)
class StrategyGoalAdmin(TranslationAdmin):
    list_display = ["code", "title", "kind", "region", "active"]
    list_filter = ["region", "kind", "active"]
    search_fields = ["code", "title_fi", "title_sv"]


@admin.register(Promise)
class PromiseAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "project", "order", "updated_at"]
    list_filter = ["project__region"]
    search_fields = ["title_fi", "title_sv"]
    readonly_fields = ["lock_version", "copied_from"]


@admin.register(PerspectiveCell)
class PerspectiveCellAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["promise", "perspective", "side"]
    list_filter = ["perspective", "side"]
    readonly_fields = ["lock_version"]


@admin.register(PromiseStatement)
class PromiseStatementAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["text", "cell", "order"]
    readonly_fields = ["lock_version"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin, TranslationAdmin):
    list_display = ["title", "promise", "perspective", "responsible"]
    list_filter = ["perspective"]
    filter_horizontal = ["strategy_goals"]
    readonly_fields = ["lock_version"]


@admin.register(FinalisationAnswer)
class FinalisationAnswerAdmin(admin.ModelAdmin):
    list_display = ["promise", "question", "answer", "answered_by", "answered_at"]


@admin.register(PromiseVersion)
class PromiseVersionAdmin(admin.ModelAdmin):
    """Read-only: versions are frozen."""

    list_display = ["promise", "number", "kind", "label", "created_by", "created_at"]
    list_filter = ["kind"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
