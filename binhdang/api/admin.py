from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from binhdang.api.models import ApiToken, Dhis2Mapping, Dhis2PeriodMapping
from binhdang.api.services import do_revoke_token


@admin.register(Dhis2Mapping)
class Dhis2MappingAdmin(admin.ModelAdmin):
    """Our cells ↔ DHIS2's codes. A cell without a row is exchanged under the derived default
    (its element's code, SEX_F.ETH_01-style combo codes): add a row only where DHIS2 names it otherwise.
    The whole mapping, rows and defaults, is at /api/metadata."""

    list_display = [
        "element",
        "sex",
        "age_band",
        "ethnicity",
        "area",
        "funding_source",
        "data_element",
        "category_option_combo",
        "attribute_option_combo",
    ]
    list_filter = ["element"]
    search_fields = ["element__code", "data_element", "category_option_combo"]
    autocomplete_fields = ["element"]


@admin.register(Dhis2PeriodMapping)
class Dhis2PeriodMappingAdmin(admin.ModelAdmin):
    list_display = ["period", "dhis2_period"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created by their owners on their own page; here they can only be seen and revoked."""

    list_display = ["name", "user", "lookup", "created_at", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "lookup"]
    readonly_fields = ["user", "name", "lookup", "created_at", "expires_at", "revoked_at", "last_used_at"]
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset) -> None:  # noqa: ANN001
        for token in queryset:
            do_revoke_token(token, acting_user=request.user)  # audited, as from the owner's page
        done = _("%(count)d token(s) revoked.") % {"count": queryset.count()}
        self.message_user(request, done, messages.SUCCESS)

    def has_add_permission(self, request: object) -> bool:
        return False
