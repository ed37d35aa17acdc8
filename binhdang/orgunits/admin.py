from django.contrib import admin

from binhdang.orgunits.models import OrgUnit


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "search_text"]
    raw_id_fields = ["parent"]
    filter_horizontal = ["predecessors"]
    readonly_fields = ["path", "depth"]
    ordering = ["sort_key"]

    def get_search_results(self, request, queryset, search_term):  # noqa: ANN001, ANN201
        """Accent-insensitive, like the rest of the site."""
        if not search_term:
            return queryset, False
        return queryset.search(search_term), False
