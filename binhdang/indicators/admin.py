from django.contrib import admin

from binhdang.indicators.models import DataElement, Dimension, DimensionOption


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
