from django.contrib import admin

from binhdang.feedback.models import DeadlineRule, RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("province", "place", "subject", "unit")
    list_filter = ("subject",)
    raw_id_fields = ("province", "place", "unit")


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    list_display = ("kind", "step", "province", "days", "day_count", "valid_from", "valid_to", "basis")
    list_filter = ("kind", "step", "day_count")
    raw_id_fields = ("province",)
