"""The API's paths: /api/v1/ (our objects), /api/schema/ with its Swagger UI and Redoc (local
files), DHIS2's paths under /api/, and the user's token page."""

from django.urls import include, path, register_converter
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from binhdang.api import pages, schema, views  # schema: registers the OpenAPI auth extensions
from binhdang.api.dhis2 import views as dhis2

app_name = "api"
_EXTENSIONS = schema


class ResourceConverter:
    regex = "dataSets|dataElements|categoryOptionCombos|organisationUnits"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class FormatConverter:
    regex = "json|csv|adx|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(ResourceConverter, "dhis2resource")
register_converter(FormatConverter, "dhis2format")

router = DefaultRouter()
router.include_root_view = False
router.register("units", views.UnitViewSet, basename="unit")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("tasks", views.TaskViewSet, basename="task")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("templates", views.TemplateViewSet, basename="template")
router.register("periods", views.PeriodViewSet, basename="period")
router.register("submissions", views.SubmissionViewSet, basename="submission")
router.register("values", views.ValueViewSet, basename="value")
router.register("task-results", views.TaskResultViewSet, basename="task-result")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("data-elements", views.DataElementViewSet, basename="data-element")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("targets", views.TargetViewSet, basename="target")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("api/v1/completeness/", views.CompletenessView.as_view(), name="completeness"),
    path("api/v1/consolidation/", views.ConsolidationView.as_view(), name="consolidation"),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="swagger"),
    path(
        "api/redoc/",
        SpectacularRedocView.as_view(url_name="api:schema", template_name="api/redoc.html"),
        name="redoc",
    ),
    # DHIS2's paths
    path("api/dataValueSets", dhis2.DataValueSetsView.as_view(), name="dhis2_data_value_sets"),
    path(
        "api/dataValueSets.<dhis2format:fmt>",
        dhis2.DataValueSetsFormatView.as_view(),
        name="dhis2_data_value_sets_format",
    ),
    path("api/metadata", dhis2.MetadataExportView.as_view(), name="dhis2_metadata"),
    path("api/me", dhis2.MeView.as_view(), name="dhis2_me"),
    path("api/system/info", dhis2.SystemInfoView.as_view(), name="dhis2_system_info"),
    path("api/<dhis2resource:resource>", dhis2.MetadataListView.as_view(), name="dhis2_list"),
    path("api/<dhis2resource:resource>.json", dhis2.MetadataListJsonView.as_view(), name="dhis2_list_json"),
    path("api/<dhis2resource:resource>/<str:ident>", dhis2.MetadataObjectView.as_view(), name="dhis2_object"),
    # The user's tokens (a page of the site)
    path("accounts/api-tokens/", pages.tokens, name="tokens"),
    path("accounts/api-tokens/<int:token_id>/revoke/", pages.revoke, name="token_revoke"),
]
