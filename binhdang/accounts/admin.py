from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from binhdang.accounts.models import Membership, User
from binhdang.accounts.two_factor import do_reset_second_factor


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["unit"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Work"), {"fields": ("full_name", "position", "phone")}),
    )
    list_display = ["username", "full_name", "email", "is_active", "is_superuser"]
    search_fields = ["username", "full_name", "email"]
    inlines = [MembershipInline]
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (the user sets it up again at the next log-in)"))
    def reset_second_factor(self, request, queryset) -> None:  # noqa: ANN001
        for user in queryset:
            do_reset_second_factor(user, acting_user=request.user)
        self.message_user(
            request,
            _("The second factor of %(count)d account(s) was reset.") % {"count": queryset.count()},
            messages.SUCCESS,
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit"]
    search_fields = ["user__username", "user__full_name", "unit__code", "unit__name"]
