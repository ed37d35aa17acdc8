from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Bình Đẳng administration")
admin.site.site_title = _("Bình Đẳng administration")
admin.site.index_title = _("System administration")

urlpatterns = [
    path("", include("binhdang.core.urls")),
    path("", include("binhdang.accounts.urls")),
    path("units/", include("binhdang.orgunits.urls")),
    path("plans/", include("binhdang.plans.urls")),
    path("", include("binhdang.documents.urls")),  # its own paths under /reports/ and /dashboard/
    path("reports/", include("binhdang.reporting.urls")),
    path("dashboard/", include("binhdang.analytics.urls")),
    path("feedback/", include("binhdang.feedback.urls")),
    path("gbv/", include("binhdang.gbv.urls")),
    path("", include("binhdang.api.urls")),  # /api/v1/, /api/schema/, DHIS2's /api/… and the token page
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
