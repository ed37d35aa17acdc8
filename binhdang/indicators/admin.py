from django.contrib import admin

from binhdang.indicators.models import DataElement, Dimension, DimensionOption, Indicator, Target


class DimensionOptionInline(admin.TabularInline):
    model = DimensionOption
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "order"]
    inlines = [DimensionOptionInline]


@admin.register(DataElement)
class DataElementAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "value_type", "aggregation", "dimensions"]
    list_filter = ["value_type", "aggregation"]
    search_fields = ["code", "name", "name_en"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["scope", "province_code", "year", "value", "baseline_year", "baseline_value", "source"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "unit_of_measure", "direction", "order"]
    list_filter = ["direction"]
    search_fields = ["code", "name", "name_en", "source"]
    ordering = ["order", "code"]
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["indicator", "scope", "province_code", "year", "value", "baseline_year", "baseline_value"]
    list_filter = ["scope", "year", "province_code"]
    search_fields = ["indicator__code", "indicator__name", "source"]
    list_select_related = ["indicator"]
