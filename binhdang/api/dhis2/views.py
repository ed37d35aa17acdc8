"""DHIS2's Web API paths, as far as data exchange needs them: /api/dataValueSets (JSON, CSV, ADX),
the metadata lists a DHIS2 tool looks its identifiers up in, /api/metadata (the mapping as DHIS2
metadata JSON), /api/me and /api/system/info. Same authentication, scoping and services as /api/v1/."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.api.auth import AuditedMixin
from binhdang.api.choices import IdScheme, ImportStrategy
from binhdang.api.dhis2 import adx, exchange, metadata
from binhdang.api.dhis2.ids import uid
from binhdang.api.dhis2.mapping import build_catalog, dhis2_period, period_from_dhis2
from binhdang.api.models import Dhis2PeriodMapping
from binhdang.core.scoping import Action
from binhdang.lib.numbers import parse_whole
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod, ReportTemplate

CSV_TYPES = ("text/csv", "application/csv")
ADX_TYPES = ("application/adx+xml", "application/xml", "text/xml")
SYSTEM_VERSION = "2.40.0"  # the DHIS2 Web API version whose shapes these paths follow


def web_message(message: str, status_code: int = 409, **extra: Any) -> Response:
    """DHIS2's answer to a request it refuses."""
    words = {400: "Bad Request", 404: "Not Found", 409: "Conflict"}
    return Response(
        {
            "httpStatus": words.get(status_code, "Conflict"),
            "httpStatusCode": status_code,
            "status": "ERROR",
            "message": message,
            **extra,
        },
        status=status_code,
        content_type="application/json",  # whatever renderer the request chose (?format=csv)
    )


def _flag(request: Request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("true", "1")


def _code_scheme(request: Request) -> bool:
    schemes = [
        request.query_params.get(n, "") for n in ("idScheme", "dataElementIdScheme", "orgUnitIdScheme")
    ]
    return any(scheme.upper() == IdScheme.CODE for scheme in schemes)


EXPORT_PARAMETERS = [
    OpenApiParameter(
        "orgUnit",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        many=True,
        description="Unit code or UID (repeatable)",
    ),
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        many=True,
        description="DHIS2 period, e.g. 2026 (our year 15/12/2025–14/12/2026)",
    ),
    OpenApiParameter("startDate", OpenApiTypes.DATE, OpenApiParameter.QUERY),
    OpenApiParameter("endDate", OpenApiTypes.DATE, OpenApiParameter.QUERY),
    OpenApiParameter("dataSet", OpenApiTypes.STR, OpenApiParameter.QUERY, many=True),
    OpenApiParameter("children", OpenApiTypes.BOOL, OpenApiParameter.QUERY),
    OpenApiParameter(
        "idScheme", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["UID", "CODE", "uid", "code"]
    ),
]
IMPORT_PARAMETERS = [
    OpenApiParameter("dryRun", OpenApiTypes.BOOL, OpenApiParameter.QUERY),
    OpenApiParameter(
        "importStrategy", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=list(ImportStrategy.values)
    ),
    OpenApiParameter(
        "idScheme", OpenApiTypes.STR, OpenApiParameter.QUERY, enum=["UID", "CODE", "uid", "code"]
    ),
]
FORMATS = {
    "json": "application/json",
    "csv": "text/csv",
    "adx": "application/adx+xml",
    "xml": "application/adx+xml",
}
SUMMARY = OpenApiResponse(OpenApiTypes.OBJECT, description="DHIS2 web message around an ImportSummary")


class CsvRenderer(BaseRenderer):
    """Lets a request that accepts only CSV through content negotiation; the view writes the CSV."""

    media_type = "text/csv"
    format = "csv"

    def render(
        self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None
    ) -> bytes:
        return data if isinstance(data, bytes) else JSONRenderer().render(data)


class AdxRenderer(CsvRenderer):
    media_type = "application/adx+xml"
    format = "adx"


class DataValueSetsView(AuditedMixin, APIView):
    """GET: the figures of units and periods in DHIS2's data value set shape. POST: import one,
    as JSON, CSV (DHIS2's column order, the first row skipped) or ADX; see docs/api.md for the
    rules (editable reports only, atomic per report, zero is a value, empty changes nothing)."""

    fmt = ""
    renderer_classes = [JSONRenderer, CsvRenderer, AdxRenderer]

    def _format(self, request: Request, kwargs: dict[str, Any], *, incoming: bool) -> str:
        """The suffix (.csv, .adx) first; else what is sent (Content-Type) or asked for (Accept, or
        ?format=, as DRF negotiated it)."""
        fmt = kwargs.get("fmt") or self.fmt
        if fmt:
            return "adx" if fmt == "xml" else fmt
        if not incoming:
            return request.accepted_renderer.format
        header = request.content_type or ""
        if any(kind in header for kind in CSV_TYPES):
            return "csv"
        if any(kind in header for kind in ADX_TYPES):
            return "adx"
        return "json"

    @extend_schema(
        tags=["DHIS2"],
        operation_id="dhis2_data_value_sets_read",
        parameters=EXPORT_PARAMETERS,
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiTypes.STR,
            (200, "application/adx+xml"): OpenApiTypes.STR,
            (404, "application/json"): OpenApiTypes.OBJECT,
            (409, "application/json"): OpenApiTypes.OBJECT,
        },
    )
    def get(self, request: Request, **kwargs: Any) -> Any:
        params = request.query_params
        catalog = build_catalog()
        units = []
        for text in params.getlist("orgUnit")[:200]:
            unit = _visible_unit(request.user, text)
            if unit is None:
                return web_message(
                    _("The unit “%(unit)s” does not exist or is not in your scope.") % {"unit": text[:40]},
                    404,
                )
            units.append(unit)
        if not units:
            return web_message(_("Name at least one unit: orgUnit=…"))
        periods = _periods(params)
        if isinstance(periods, Response):
            return periods
        data_sets = params.getlist("dataSet")[:50]
        if data_sets:
            codes = {
                code
                for code in ReportTemplate.objects.values_list("code", flat=True)
                if code in data_sets or uid("DS", code) in data_sets
            }
            periods = [period for period in periods if period.template.code in codes]
        code_scheme = _code_scheme(request)
        rows = exchange.export_rows(
            request.user,
            exchange.ExportRequest(
                periods, units, children=_flag(request, "children"), code_scheme=code_scheme
            ),
            catalog,
        )
        fmt = self._format(request, kwargs, incoming=False)
        if fmt == "csv":
            return HttpResponse(exchange.to_csv(rows), content_type="text/csv; charset=utf-8")
        if fmt == "adx":
            return HttpResponse(adx.write_adx(exchange.adx_groups(rows)), content_type="application/adx+xml")
        body: dict[str, Any] = {}
        if len(periods) == 1 and len(units) == 1 and not _flag(request, "children"):
            template = periods[0].template.code
            body = {
                "dataSet": template if code_scheme else uid("DS", template),
                "period": dhis2_period(periods[0]),
                "orgUnit": units[0].code if code_scheme else uid("OU", units[0].code),
            }
        body["dataValues"] = [exchange.public(row) for row in rows]
        return Response(body, content_type="application/json")

    @extend_schema(
        tags=["DHIS2"],
        operation_id="dhis2_data_value_sets_import",
        parameters=IMPORT_PARAMETERS,
        request={
            "application/json": OpenApiTypes.OBJECT,
            "text/csv": OpenApiTypes.STR,
            "application/adx+xml": OpenApiTypes.STR,
        },
        responses={200: SUMMARY, 409: SUMMARY},
    )
    def post(self, request: Request, **kwargs: Any) -> Response:
        strategy = (request.query_params.get("importStrategy") or ImportStrategy.CREATE_AND_UPDATE).upper()
        strategy = {"NEW_AND_UPDATES": "CREATE_AND_UPDATE", "NEW": "CREATE", "UPDATES": "UPDATE"}.get(
            strategy, strategy
        )
        if strategy not in ImportStrategy.values:
            return web_message(
                _("importStrategy “%(value)s” is not one of %(values)s.")
                % {"value": strategy[:40], "values": ", ".join(ImportStrategy.values)},
                400,
            )
        dry_run = _flag(request, "dryRun")
        fmt = self._format(request, kwargs, incoming=True)
        reader = {"csv": exchange.read_csv, "adx": adx.read_adx}.get(fmt, exchange.read_json)
        summary = exchange.Summary(strategy=strategy, dry_run=dry_run)
        try:
            head, items = reader(request.body)
        except exchange.FileError as exc:
            summary.conflicts.append(exchange.Conflict("file", str(exc), exchange.Code.FILE, [], "file"))
        else:
            summary = exchange.Importer(
                request.user, build_catalog(), strategy=strategy, dry_run=dry_run
            ).run(head, items)
        message = summary.as_dhis2()
        return Response(message, status=message["httpStatusCode"], content_type="application/json")


@extend_schema_view(
    get=extend_schema(operation_id="dhis2_data_value_sets_read_format"),
    post=extend_schema(operation_id="dhis2_data_value_sets_import_format"),
)
class DataValueSetsFormatView(DataValueSetsView):
    """/api/dataValueSets.json, .csv, .adx (.xml): the format named by the suffix."""


def _visible_unit(user: Any, text: str) -> OrgUnit | None:
    units = OrgUnit.objects.restrict(user, Action.VIEW)
    unit = units.filter(code=text[:20]).first()
    if unit is None and len(text) == 11:
        codes = {uid("OU", code): code for code in units.values_list("code", flat=True)}
        if text in codes:
            unit = units.filter(code=codes[text]).first()
    return unit


def _periods(params: Any) -> list[ReportingPeriod] | Response:
    periods = []
    for text in params.getlist("period")[:50]:
        period = period_from_dhis2(text)
        if period is None:
            return web_message(_("There is no reporting period “%(period)s”.") % {"period": text[:20]})
        periods.append(period)
    start, end = params.get("startDate"), params.get("endDate")
    if start or end:
        try:
            first = datetime.date.fromisoformat(start or "1900-01-01")
            last = datetime.date.fromisoformat(end or "9999-12-31")
        except ValueError:
            return web_message(_("startDate and endDate are dates written 2026-12-31."))
        periods += list(
            ReportingPeriod.objects.select_related("template").filter(
                covers_to__gte=first, covers_to__lte=last
            )
        )
    if not periods:
        return web_message(_("Name a period (period=2026) or startDate and endDate."))
    return list({period.pk: period for period in periods}.values())


# --- Metadata -----------------------------------------------------------------------------------

RESOURCES = ("dataSets", "dataElements", "categoryOptionCombos", "organisationUnits")
RESOURCE_PARAMETER = OpenApiParameter(
    "resource", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(RESOURCES)
)
LIST_PARAMETERS = [
    OpenApiParameter(
        "fields",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        description="e.g. id,code,name or *; nested: dataSetElements[dataElement[id,code]]",
    ),
    OpenApiParameter(
        "filter",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        many=True,
        description="property:operator:value, e.g. code:eq:05830",
    ),
    OpenApiParameter("paging", OpenApiTypes.BOOL, OpenApiParameter.QUERY),
    OpenApiParameter("page", OpenApiTypes.INT, OpenApiParameter.QUERY),
    OpenApiParameter("pageSize", OpenApiTypes.INT, OpenApiParameter.QUERY),
]


def _objects(resource: str, user: Any) -> list[dict[str, Any]]:
    if resource == "organisationUnits":
        return metadata.organisation_units(list(OrgUnit.objects.restrict(user, Action.VIEW).order_by("path")))
    catalog = build_catalog()
    if resource == "dataSets":
        templates = list(
            ReportTemplate.objects.prefetch_related("sections__elements__element").order_by("code")
        )
        return metadata.data_sets(templates, catalog)
    if resource == "dataElements":
        return metadata.data_elements(catalog)
    return metadata.category_option_combos(catalog)


def _int(text: str | None, default: int) -> int:
    number = parse_whole(text)
    return number if number is not None and number < 1_000_000 else default


class MetadataListView(AuditedMixin, APIView):
    """/api/dataSets, /api/dataElements, /api/categoryOptionCombos, /api/organisationUnits."""

    @extend_schema(
        tags=["DHIS2"],
        operation_id="dhis2_metadata_list",
        parameters=[RESOURCE_PARAMETER, *LIST_PARAMETERS],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, resource: str, **kwargs: Any) -> Response:
        params = request.query_params
        try:
            fields = metadata.parse_fields(params.get("fields", ""))
            filters = metadata.parse_filters(params.getlist("filter"))
        except metadata.QueryError as exc:
            return web_message(str(exc), 400)
        objects = metadata.apply_filters(_objects(resource, request.user), filters)
        paging = params.get("paging", "true").lower() != "false"
        return Response(
            metadata.page(
                resource,
                objects,
                paging=paging,
                number=_int(params.get("page"), 1),
                size=_int(params.get("pageSize"), 50),
                fields=fields,
            )
        )


@extend_schema_view(get=extend_schema(operation_id="dhis2_metadata_list_json"))
class MetadataListJsonView(MetadataListView):
    """The same lists with DHIS2's ".json" suffix."""


class MetadataObjectView(AuditedMixin, APIView):
    """/api/dataElements/{id} and the like: one object by UID or code."""

    @extend_schema(
        tags=["DHIS2"],
        operation_id="dhis2_metadata_object",
        parameters=[RESOURCE_PARAMETER, LIST_PARAMETERS[0]],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request, resource: str, ident: str, **kwargs: Any) -> Response:
        try:
            fields = metadata.parse_fields(request.query_params.get("fields", "") or "*")
        except metadata.QueryError as exc:
            return web_message(str(exc), 400)
        for obj in _objects(resource, request.user):
            if ident in (obj["id"], obj["code"]):
                return Response(metadata.select(obj, fields))
        return web_message(_("There is no such object: %(id)s") % {"id": ident[:50]}, 404)


class MetadataExportView(AuditedMixin, APIView):
    """The mapping as DHIS2 metadata JSON: data sets, data elements, category option combos, and
    our cells and periods with the DHIS2 codes they are exchanged under."""

    @extend_schema(tags=["DHIS2"], operation_id="dhis2_metadata_export", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, **kwargs: Any) -> Response:
        catalog = build_catalog()
        templates = list(
            ReportTemplate.objects.prefetch_related("sections__elements__element").order_by("code")
        )
        mapped = dict(Dhis2PeriodMapping.objects.values_list("period_id", "dhis2_period"))
        periods = list(ReportingPeriod.objects.select_related("template").order_by("covers_to"))
        return Response(
            {
                "system": {"id": "binhdang", "version": SYSTEM_VERSION, "date": timezone.now().isoformat()},
                "dataSets": metadata.data_sets(templates, catalog),
                "dataElements": metadata.data_elements(catalog),
                "categoryOptionCombos": metadata.category_option_combos(catalog),
                "binhdangCellMapping": [
                    {
                        "element": code,
                        "options": dict(
                            zip(("sex", "age_band", "ethnicity", "area", "funding_source"), key, strict=True)
                        ),
                        "dataElement": cell[0],
                        "categoryOptionCombo": cell[1],
                        "attributeOptionCombo": cell[2],
                    }
                    for (code, key), cell in catalog.cells.items()
                ],
                "binhdangPeriodMapping": [
                    {
                        "period": period.code,
                        "from": period.covers_from.isoformat(),
                        "to": period.covers_to.isoformat(),
                        "dhis2Period": dhis2_period(period, mapped),
                        "explicit": period.pk in mapped,
                    }
                    for period in periods
                ],
            }
        )


class MeView(AuditedMixin, APIView):
    @extend_schema(tags=["DHIS2"], operation_id="dhis2_me", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, **kwargs: Any) -> Response:
        user = request.user
        units = [m.unit for m in user.memberships.select_related("unit")]
        return Response(
            {
                "id": uid("US", user.username),
                "username": user.username,
                "name": str(user),
                "displayName": str(user),
                "organisationUnits": [
                    {"id": uid("OU", u.code), "code": u.code, "name": u.name} for u in units
                ],
            }
        )


class SystemInfoView(AuditedMixin, APIView):
    @extend_schema(tags=["DHIS2"], operation_id="dhis2_system_info", responses=OpenApiTypes.OBJECT)
    def get(self, request: Request, **kwargs: Any) -> Response:
        return Response(
            {
                "systemName": "Bình Đẳng",
                "version": SYSTEM_VERSION,
                "revision": "binhdang",
                "serverDate": timezone.now().isoformat(),
                "serverTimeZoneId": "Asia/Ho_Chi_Minh",
            }
        )
