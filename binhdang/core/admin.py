from django.contrib import admin
from django.http import HttpRequest

from binhdang.core.models import AuditEvent


def _system_administrators_only(request: HttpRequest) -> bool:
    """The admin site edits every unit's data, so only system administrators may enter it."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = _system_administrators_only


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "event_type", "object_type", "object_id", "acting_user", "unit_path"]
    list_filter = ["event_type", "object_type"]
    search_fields = ["object_id", "unit_path", "event_type"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
