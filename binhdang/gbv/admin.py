"""Only the referral response times are edited in the admin: cases, consent, referrals and the access
log never appear there (not even for a superuser)."""

from django.contrib import admin

from binhdang.gbv.models import ServiceStandard


@admin.register(ServiceStandard)
class ServiceStandardAdmin(admin.ModelAdmin):
    list_display = ("service_type", "response_hours")
    list_editable = ("response_hours",)
