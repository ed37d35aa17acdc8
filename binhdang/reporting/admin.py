from django.contrib import admin

from binhdang.reporting.models import (
    ReportingPeriod,
    ReportTemplate,
    Submission,
    TemplateElement,
    TemplateSection,
    ValidationRule,
)


class TemplateSectionInline(admin.TabularInline):
    model = TemplateSection
    extra = 0


class ValidationRuleInline(admin.TabularInline):
    model = ValidationRule
    extra = 0


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name", "period_type", "is_active"]
    inlines = [TemplateSectionInline, ValidationRuleInline]


class TemplateElementInline(admin.TabularInline):
    model = TemplateElement
    extra = 0
    autocomplete_fields = ["element"]


@admin.register(TemplateSection)
class TemplateSectionAdmin(admin.ModelAdmin):
    list_display = ["template", "number", "name"]
    list_filter = ["template"]
    inlines = [TemplateElementInline]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "template", "covers_from", "covers_to", "due_date", "lock_date"]


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ["period", "unit", "status", "updated_at"]
    list_filter = ["period", "status"]
    raw_id_fields = ["unit"]
