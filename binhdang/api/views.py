"""/api/v1/: the objects of the site as JSON, each list starting from `restrict(user, action)` (an
object outside the caller's scope answers 404, as on the pages), every write through the service
function the screens use."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, pagination, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from binhdang.analytics.engine import consolidate
from binhdang.api import serializers as s
from binhdang.api.auth import AuditedMixin
from binhdang.api.dhis2.exchange import to_raw
from binhdang.api.queries import visible_assignments, visible_plans, visible_tasks
from binhdang.core.scoping import Action
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import DataElement, Indicator, Target
from binhdang.lib.numbers import parse_whole
from binhdang.orgunits.models import OrgUnit
from binhdang.orgunits.services import access_unit
from binhdang.plans import services as plan_services
from binhdang.plans.models import Evidence, Task, TaskProgress
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.completeness import completeness
from binhdang.reporting.models import DataValue, ReportingPeriod, ReportTemplate, Submission
from binhdang.reporting.queries import build_form_spec
from binhdang.reporting.services import CellChange, access_report, do_save_cells
from binhdang.reporting.spec import Key
from binhdang.reporting.values import CellValueError
from binhdang.reporting.workflow import STEPS, available_steps, requires_approval


class Pages(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def refusal(exc: DjangoValidationError) -> exceptions.ValidationError:
    """A service's refusal as a 400 whose `detail` lists its sentences."""
    if hasattr(exc, "error_dict"):
        return exceptions.ValidationError({k: [str(m) for m in v] for k, v in exc.message_dict.items()})
    return exceptions.ValidationError({"detail": [str(m) for m in exc.messages]})


# --- Filters ------------------------------------------------------------------------------------


class Filtered:
    """GET parameters that filter a list: name -> (ORM lookup, type); declared in the schema too."""

    filters: dict[str, tuple[str, type]] = {}

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)  # type: ignore[misc]
        for name, (lookup, kind) in self.filters.items():
            raw = self.request.query_params.get(name)  # type: ignore[attr-defined]
            if raw in (None, ""):
                continue
            if kind is int:
                number = parse_whole(raw)
                if number is None:
                    raise exceptions.ValidationError(
                        {name: [_("“%(value)s” is not a whole number.") % {"value": raw[:40]}]}
                    )
                queryset = queryset.filter(**{lookup: number})
            else:
                queryset = queryset.filter(**{lookup: raw[:200]})
        return queryset


def with_filters(filters: dict[str, tuple[str, type]]):  # noqa: ANN201
    """The list's filters, declared for the OpenAPI schema."""
    parameters = [
        OpenApiParameter(name, OpenApiTypes.INT if kind is int else OpenApiTypes.STR, OpenApiParameter.QUERY)
        for name, (_lookup, kind) in filters.items()
    ]
    return extend_schema_view(list=extend_schema(parameters=parameters))


class ReadOnly(AuditedMixin, Filtered, viewsets.ReadOnlyModelViewSet):
    pagination_class = Pages


# --- Units, plans, templates, periods -----------------------------------------------------------

UNIT_FILTERS = {"kind": ("kind", str), "parent": ("parent__code", str)}


@with_filters(UNIT_FILTERS)
class UnitViewSet(ReadOnly):
    """The units in the caller's scope (a unit and everything under it)."""

    serializer_class = s.UnitSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9-]{1,20}"
    filters = UNIT_FILTERS

    def get_queryset(self) -> QuerySet:
        return (
            OrgUnit.objects.restrict(self.request.user, Action.VIEW).select_related("parent").order_by("path")
        )


PLAN_FILTERS = {"year": ("year", int), "status": ("status", str)}


@with_filters(PLAN_FILTERS)
class PlanViewSet(ReadOnly):
    serializer_class = s.PlanSerializer
    filters = PLAN_FILTERS

    def get_queryset(self) -> QuerySet:
        return visible_plans(self.request.user).order_by("-year", "pk")


TASK_FILTERS = {"plan": ("plan_id", int)}


@with_filters(TASK_FILTERS)
class TaskViewSet(ReadOnly):
    serializer_class = s.TaskSerializer
    filters = TASK_FILTERS

    def get_queryset(self) -> QuerySet:
        return visible_tasks(self.request.user).order_by("plan_id", "order", "pk")


ASSIGNMENT_FILTERS = {"task": ("task_id", int), "plan": ("task__plan_id", int), "unit": ("unit__code", str)}


@with_filters(ASSIGNMENT_FILTERS)
class AssignmentViewSet(ReadOnly):
    serializer_class = s.AssignmentSerializer
    filters = ASSIGNMENT_FILTERS

    def get_queryset(self) -> QuerySet:
        return visible_assignments(self.request.user).order_by("task_id", "pk")


class TemplateViewSet(ReadOnly):
    """The report forms (the same for everyone: which elements a unit fills depends on its kind)."""

    serializer_class = s.TemplateSerializer

    def get_queryset(self) -> QuerySet:
        return ReportTemplate.objects.prefetch_related("sections__elements__element").order_by(
            "code", "version"
        )


PERIOD_FILTERS = {"template": ("template__code", str), "code": ("code", str)}


@with_filters(PERIOD_FILTERS)
class PeriodViewSet(ReadOnly):
    serializer_class = s.PeriodSerializer
    filters = PERIOD_FILTERS

    def get_queryset(self) -> QuerySet:
        return ReportingPeriod.objects.select_related("template").order_by("-covers_to", "pk")


# --- Reports and their workflow -----------------------------------------------------------------

SUBMISSION_FILTERS = {"period": ("period__code", str), "unit": ("unit__code", str), "status": ("status", str)}


@with_filters(SUBMISSION_FILTERS)
class SubmissionViewSet(ReadOnly):
    """Units' reports; `steps` lists the workflow steps the caller may take now, and
    POST …/steps/{step}/ takes one (the same table and services as the report page)."""

    filters = SUBMISSION_FILTERS

    def get_queryset(self) -> QuerySet:
        return (
            Submission.objects.restrict(self.request.user, Action.VIEW)
            .select_related("unit", "period")
            .order_by("period_id", "unit__code")
        )

    def get_serializer_class(self) -> type:
        return s.SubmissionDetailSerializer if self.action != "list" else s.SubmissionSerializer

    def _steps(self, submission: Submission) -> list[Any]:
        return available_steps(
            submission, submission.unit, self.request.user, requires_approval(submission.unit)
        )

    @extend_schema(responses=s.SubmissionDetailSerializer)
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        submission = self.get_object()
        return Response(
            s.SubmissionDetailSerializer(submission, context={"steps": self._steps(submission)}).data
        )

    @extend_schema(
        request=s.StepSerializer,
        responses=s.SubmissionDetailSerializer,
        parameters=[OpenApiParameter("step", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(STEPS))],
    )
    @action(detail=True, methods=["post"], url_path=r"steps/(?P<step>[a-z_]{1,20})", url_name="step")
    def step(self, request: Request, pk: str, step: str) -> Response:
        """Take one workflow step: submit, approve, return_head, accept, return, reopen (a return
        needs a reason). A step the caller may not take now is refused with the reason."""
        submission = self.get_object()
        if step not in STEPS:
            raise Http404
        body = s.StepSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        offered = {offered.name: offered for offered in self._steps(submission)}
        chosen = STEPS[step]
        if step not in offered:
            if not request.user.can(chosen.action, submission.unit):
                raise exceptions.PermissionDenied(
                    _("You may not “%(action)s” this report.") % {"action": chosen.verb}
                )
            raise exceptions.ValidationError(
                {
                    "detail": [
                        _("“%(action)s” is not possible for a report that is “%(status)s”.")
                        % {"status": submission.get_status_display(), "action": chosen.verb}
                    ]
                }
            )
        try:
            chosen.run(submission, acting_user=request.user, reason=body.validated_data["reason"])
        except DjangoValidationError as exc:
            raise refusal(exc) from None
        submission = self.get_queryset().get(pk=submission.pk)
        return Response(
            s.SubmissionDetailSerializer(submission, context={"steps": self._steps(submission)}).data
        )


VALUE_FILTERS = {
    "submission": ("submission_id", int),
    "period": ("period__code", str),
    "unit": ("unit__code", str),
    "element": ("element__code", str),
    "source": ("source", str),
}


@with_filters(VALUE_FILTERS)
class ValueViewSet(ReadOnly):
    """Figures: one row per entered cell. POST saves cells of one report, as the entry page does
    (reporting.services.do_save_cells, the figures marked as received through the API)."""

    serializer_class = s.ValueSerializer
    filters = VALUE_FILTERS

    def get_queryset(self) -> QuerySet:
        return (
            DataValue.objects.restrict(self.request.user, Action.VIEW)
            .select_related("element", "unit", "period")
            .order_by("period_id", "unit__code", "element__code", *DIMENSIONS)
        )

    @extend_schema(request=s.SaveValuesSerializer, responses=s.SaveResultSerializer)
    def create(self, request: Request) -> Response:
        body = s.SaveValuesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        period = ReportingPeriod.objects.select_related("template").filter(code=data["period"]).first()
        if period is None:
            raise exceptions.ValidationError(
                {"period": [_("There is no reporting period “%(code)s”.") % {"code": data["period"]}]}
            )
        unit = access_unit(request.user, data["unit"], Action.CHANGE)
        elements = {e.code: e for section in build_form_spec(period, unit).sections for e in section.elements}
        changes, errors = [], {}
        for n, cell in enumerate(data["cells"]):
            key: Key = tuple(cell[d] for d in DIMENSIONS)  # type: ignore[assignment]
            raw = cell["value"]
            element = elements.get(cell["element"])
            if cell["typed"] is not None:
                raw = cell["typed"]  # as typed on the form: do_save_cells reads it the web form's way
            elif raw not in (None, "") and element is not None:
                try:
                    raw = to_raw(element, raw)
                except CellValueError as exc:
                    errors[f"cells[{n}].value"] = [str(exc)]
                    continue
            changes.append(
                CellChange(cell["element"], key, raw=raw, comment=cell["comment"], version=cell["version"])
            )
        if errors:
            raise exceptions.ValidationError(errors)
        try:
            result = do_save_cells(period, unit, changes, acting_user=request.user, source=ValueSource.API)
        except DjangoValidationError as exc:
            raise refusal(exc) from None
        payload = {
            "version": result.version,
            "cells": [
                {
                    "element": cell.element_code,
                    "key": {d: o for d, o in zip(DIMENSIONS, cell.key, strict=True) if o},
                    "status": cell.status,
                    "message": cell.message,
                    "version": cell.version,
                }
                for cell in result.cells
            ],
        }
        code = status.HTTP_200_OK if not result.problems else status.HTTP_409_CONFLICT
        return Response(payload, status=code)


# --- Task results and evidence ------------------------------------------------------------------

RESULT_FILTERS = {
    "task": ("task_id", int),
    "plan": ("task__plan_id", int),
    "unit": ("unit__code", str),
    "status": ("status", str),
}


@with_filters(RESULT_FILTERS)
class TaskResultViewSet(ReadOnly):
    """Units' results on the plan's tasks. POST saves one (plans.services.do_update_progress)."""

    serializer_class = s.TaskResultSerializer
    filters = RESULT_FILTERS

    def get_queryset(self) -> QuerySet:
        return (
            TaskProgress.objects.restrict(self.request.user, Action.VIEW)
            .select_related("unit", "task")
            .order_by("task_id", "unit__code")
        )

    @extend_schema(request=s.TaskResultInputSerializer, responses=s.TaskResultSerializer)
    def create(self, request: Request) -> Response:
        body = s.TaskResultInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        unit = access_unit(request.user, data["unit"], Action.CHANGE)
        task = Task.objects.filter(pk=data["task"]).select_related("plan").first()
        if task is None or not plan_services.assignment_reaches(task, unit):
            raise Http404
        try:
            progress = plan_services.do_update_progress(
                task,
                unit,
                status=data["status"],
                note=data["note"],
                version=data["version"],
                acting_user=request.user,
            )
        except plan_services.StaleEdit as exc:
            return Response(
                {
                    "detail": _("%(user)s saved this task after you opened it.")
                    % {"user": exc.current.updated_by or _("Someone")},
                    "current": s.TaskResultSerializer(exc.current).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        except DjangoValidationError as exc:
            raise refusal(exc) from None
        return Response(s.TaskResultSerializer(progress).data)


EVIDENCE_FILTERS = {"task": ("progress__task_id", int), "unit": ("progress__unit__code", str)}


@with_filters(EVIDENCE_FILTERS)
class EvidenceViewSet(ReadOnly):
    """The evidence files' metadata; the file itself downloads through the site's scoped view."""

    serializer_class = s.EvidenceSerializer
    filters = EVIDENCE_FILTERS

    def get_queryset(self) -> QuerySet:
        return (
            Evidence.objects.restrict(self.request.user, Action.VIEW)
            .select_related("progress__unit")
            .order_by("-uploaded_at", "pk")
        )


# --- Indicators ---------------------------------------------------------------------------------


class DataElementViewSet(ReadOnly):
    serializer_class = s.DataElementSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_.-]{1,40}"

    def get_queryset(self) -> QuerySet:
        return DataElement.objects.order_by("code")


class IndicatorViewSet(ReadOnly):
    serializer_class = s.IndicatorSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Za-z0-9_.-]{1,40}"

    def get_queryset(self) -> QuerySet:
        return Indicator.objects.prefetch_related("targets__indicator").order_by("order", "code")


TARGET_FILTERS = {"indicator": ("indicator__code", str), "year": ("year", int), "scope": ("scope", str)}


@with_filters(TARGET_FILTERS)
class TargetViewSet(ReadOnly):
    serializer_class = s.TargetSerializer
    filters = TARGET_FILTERS

    def get_queryset(self) -> QuerySet:
        return Target.objects.select_related("indicator").order_by("indicator__code", "year", "pk")


# --- Completeness and consolidation -------------------------------------------------------------

REPORT_PARAMETERS = [
    OpenApiParameter(
        "period",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        required=True,
        description="The period's code, e.g. 2026",
    ),
    OpenApiParameter(
        "unit",
        OpenApiTypes.STR,
        OpenApiParameter.QUERY,
        required=True,
        description="The unit's code, e.g. 19 (a province) or 05830 (a commune)",
    ),
]


def _period_and_unit(request: Request) -> tuple[ReportingPeriod, OrgUnit]:
    code, unit_code = request.query_params.get("period", ""), request.query_params.get("unit", "")
    missing = {
        name: [_("This parameter is required.")]
        for name, value in (("period", code), ("unit", unit_code))
        if not value
    }
    if missing:
        raise exceptions.ValidationError(missing)
    period = ReportingPeriod.objects.filter(code=code[:20]).first()
    if period is None:
        raise Http404
    return access_report(request.user, period.pk, unit_code[:20], Action.VIEW)


class CompletenessView(AuditedMixin, APIView):
    """Who has sent, who is late or missing, under a unit (reporting.completeness)."""

    @extend_schema(parameters=REPORT_PARAMETERS, responses=OpenApiTypes.OBJECT)
    def get(self, request: Request) -> Response:
        period, unit = _period_and_unit(request)
        result = completeness(period, unit)
        return Response(
            {
                "period": period.code,
                "unit": unit.code,
                "total": vars(result.total),
                "by_kind": {kind: vars(counts) for kind, counts in result.by_kind.items()},
                "units": [
                    {
                        "unit": row.unit.code,
                        "name": row.unit.name,
                        "kind": row.unit.kind,
                        "state": str(row.state),
                        "on_time": row.on_time,
                        "late": row.late,
                        "submission": row.submission.pk if row.submission else None,
                    }
                    for row in result.rows
                ],
            }
        )


class ConsolidationView(AuditedMixin, APIView):
    """The consolidated figures of a unit's subtree (analytics.engine.consolidate), in the shape of
    `manage.py consolidate --json`."""

    @extend_schema(
        parameters=[
            *REPORT_PARAMETERS,
            OpenApiParameter("provisional", OpenApiTypes.BOOL, OpenApiParameter.QUERY),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request: Request) -> Response:
        period, unit = _period_and_unit(request)
        provisional = request.query_params.get("provisional") in ("1", "true")
        return Response(consolidate(period, unit, provisional=provisional).totals_json())
