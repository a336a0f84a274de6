from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from .models import Assessment, Indicator, Measurement, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0
    raw_id_fields = ["entered_by"]


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["name", "project", "perspective", "kind", "is_key", "order"]
    list_filter = ["is_key", "kind", "perspective", "project__region"]
    search_fields = ["name", "data_source"]
    raw_id_fields = ["project"]
    filter_horizontal = ["commitments"]
    inlines = [TargetInline, MeasurementInline]


@admin.register(Assessment)
class AssessmentAdmin(TranslationAdmin):
    list_display = ["commitment", "year", "updated_at"]
    raw_id_fields = ["commitment", "updated_by"]
