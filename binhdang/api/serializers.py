"""The shapes of /api/v1/: what each object reads as, and what a write accepts. Reads only: every
write goes through a service function (reporting.services, reporting.workflow, plans.services)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import DataElement, Indicator, Target
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.choices import TaskStatus
from binhdang.plans.models import Assignment, Evidence, Plan, Task, TaskProgress
from binhdang.reporting.models import (
    DataValue,
    ReportingPeriod,
    ReportTemplate,
    Submission,
    TemplateElement,
    TemplateSection,
)


def machine(value: Any) -> str | None:
    """A stored decimal as plain text ("1234", "12.5"): no float on the way."""
    if value is None:
        return None
    return f"{value.normalize():f}"


class UnitSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "path",
            "depth",
            "valid_from",
            "valid_to",
            "email",
            "phone",
        ]


class PlanSerializer(serializers.ModelSerializer):
    issuer = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "number", "title", "year", "issuer", "status", "issued_on", "published_at"]


class TaskSerializer(serializers.ModelSerializer):
    section = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = ["id", "plan", "code", "part", "text", "order", "section"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_section(self, task: Task) -> str | None:
        return task.section.title if task.section_id else None


class AssignmentSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    group = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = ["id", "task", "unit", "group", "role", "due_date"]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_group(self, assignment: Assignment) -> str | None:
        return assignment.group.name if assignment.group_id else None


class TemplateElementSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="element.code")
    name = serializers.CharField(source="element.name")
    value_type = serializers.CharField(source="element.value_type")
    dimensions = serializers.ListField(source="element.dimensions", child=serializers.CharField())

    class Meta:
        model = TemplateElement
        fields = ["code", "name", "value_type", "dimensions", "unit_kinds", "units", "order"]


class TemplateSectionSerializer(serializers.ModelSerializer):
    elements = TemplateElementSerializer(many=True, read_only=True)

    class Meta:
        model = TemplateSection
        fields = ["number", "name", "order", "elements"]


class TemplateSerializer(serializers.ModelSerializer):
    sections = TemplateSectionSerializer(many=True, read_only=True)

    class Meta:
        model = ReportTemplate
        fields = [
            "id",
            "code",
            "version",
            "name",
            "name_en",
            "period_type",
            "unit_kinds",
            "is_active",
            "sections",
        ]


class PeriodSerializer(serializers.ModelSerializer):
    template = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = [
            "id",
            "code",
            "name",
            "template",
            "covers_from",
            "covers_to",
            "due_date",
            "consolidation_due",
            "lock_date",
            "plan",
        ]


class SubmissionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Submission
        fields = [
            "id",
            "period",
            "unit",
            "status",
            "version",
            "submitted_at",
            "delivered_at",
            "accepted_at",
            "return_reason",
            "updated_at",
        ]


class SubmissionDetailSerializer(SubmissionSerializer):
    steps = serializers.SerializerMethodField()

    class Meta(SubmissionSerializer.Meta):
        fields = [*SubmissionSerializer.Meta.fields, "steps"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_steps(self, submission: Submission) -> list[str]:
        """The workflow steps the caller may take now."""
        return [step.name for step in self.context.get("steps", [])]


class StepSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class ValueSerializer(serializers.ModelSerializer):
    element = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    value = serializers.SerializerMethodField()

    class Meta:
        model = DataValue
        fields = [
            "id",
            "submission",
            "element",
            "unit",
            "period",
            *DIMENSIONS,
            "value",
            "text",
            "comment",
            "source",
            "version",
            "updated_at",
        ]

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_value(self, row: DataValue) -> str | None:
        return machine(row.value)


class CellInputSerializer(serializers.Serializer):
    element = serializers.CharField(max_length=40)
    sex = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    age_band = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    ethnicity = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    area = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    funding_source = serializers.CharField(required=False, allow_blank=True, default="", max_length=20)
    value = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        max_length=10000,
        help_text="Machine form (1234, 12.5, true/false, or the text); "
        "empty clears the cell; null leaves it.",
    )
    typed = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        max_length=10000,
        help_text="Instead of value: the text as a person typed it, read the way the web form reads it "
        "(Vietnamese convention: 1.234 is one thousand two hundred and thirty-four, 1,5 is one and a half).",
    )
    comment = serializers.CharField(required=False, allow_null=True, default=None, max_length=2000)
    version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text="Required: the version read (0 for an empty cell); a cell changed since is kept.",
    )

    def validate(self, attrs: dict) -> dict:
        if attrs.get("typed") is not None and attrs.get("value") is not None:
            raise serializers.ValidationError({"typed": [_("Send either value or typed, not both.")]})
        return attrs


class SaveValuesSerializer(serializers.Serializer):
    period = serializers.CharField(max_length=20)
    unit = serializers.CharField(max_length=20)
    cells = CellInputSerializer(many=True, allow_empty=False, max_length=5000)


class CellOutcomeSerializer(serializers.Serializer):
    element = serializers.CharField()
    key = serializers.DictField(child=serializers.CharField())
    status = serializers.ChoiceField(choices=["saved", "invalid", "conflict"])
    message = serializers.CharField()
    version = serializers.IntegerField()


class SaveResultSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    cells = CellOutcomeSerializer(many=True)


class TaskResultSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    plan = serializers.IntegerField(source="task.plan_id", read_only=True)

    class Meta:
        model = TaskProgress
        fields = ["id", "task", "plan", "unit", "status", "note", "version", "updated_at"]


class TaskResultInputSerializer(serializers.Serializer):
    task = serializers.IntegerField(min_value=1, max_value=2**62)
    unit = serializers.CharField(max_length=20)
    status = serializers.ChoiceField(choices=TaskStatus.choices)
    note = serializers.CharField(allow_blank=True, max_length=10000, default="")
    # The version of the result the client read: 0 when it saw none. Required, as on the task page.
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)


class EvidenceSerializer(serializers.ModelSerializer):
    task = serializers.IntegerField(source="progress.task_id", read_only=True)
    unit = serializers.CharField(source="progress.unit.code", read_only=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ["id", "task", "unit", "original_name", "content_type", "size", "uploaded_at", "download"]

    @extend_schema_field(serializers.CharField())
    def get_download(self, evidence: Evidence) -> str:
        return reverse("plans:evidence_download", args=[evidence.pk])


class DataElementSerializer(serializers.ModelSerializer):
    class Meta:
        model = DataElement
        fields = ["code", "name", "name_en", "value_type", "unit_of_measure", "aggregation", "dimensions"]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    value = serializers.SerializerMethodField()
    baseline_value = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "scope",
            "province_code",
            "year",
            "value",
            "baseline_year",
            "baseline_value",
            "source",
        ]

    @extend_schema_field(serializers.CharField())
    def get_value(self, target: Target) -> str | None:
        return machine(target.value)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_baseline_value(self, target: Target) -> str | None:
        return machine(target.baseline_value)


class IndicatorSerializer(serializers.ModelSerializer):
    targets = TargetSerializer(many=True, read_only=True)
    factor = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "numerator",
            "denominator",
            "factor",
            "unit_of_measure",
            "direction",
            "decimals",
            "source",
            "targets",
        ]

    @extend_schema_field(serializers.CharField())
    def get_factor(self, indicator: Indicator) -> str | None:
        return machine(indicator.factor)


