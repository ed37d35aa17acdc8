from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.core.models import EditTracked, TimeStampedModel
from binhdang.core.scoping import ScopedQuerySet
from binhdang.indicators.models import BilingualName, DataElement
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import Operator, PeriodType, Severity, SubmissionStatus, ValueSource


class ReportTemplate(BilingualName):
    """The report form as data (biểu mẫu): sections of elements, who reports what, and the rules."""

    code = models.CharField(_("code"), max_length=40)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    period_type = models.CharField(
        _("period type"), max_length=12, choices=PeriodType.choices, default=PeriodType.ANNUAL
    )
    unit_kinds = models.JSONField(_("kinds of unit that report it"), default=list, blank=True)
    task_results = models.BooleanField(_("include the results of the plan's tasks"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="%(app_label)s_%(class)s_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} (v{self.version})"


class TemplateSection(BilingualName):
    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="sections"
    )
    number = models.CharField(_("number"), max_length=10)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("template section")
        verbose_name_plural = _("template sections")
        ordering = ["template", "order"]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class TemplateElement(models.Model):
    """An element placed in a section, and which kinds of unit fill it in (empty: every kind)."""

    section = models.ForeignKey(
        TemplateSection, verbose_name=_("section"), on_delete=models.CASCADE, related_name="elements"
    )
    element = models.ForeignKey(
        DataElement, verbose_name=_("data element"), on_delete=models.PROTECT, related_name="placements"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    unit_kinds = models.JSONField(_("kinds of unit that report it"), default=list, blank=True)
    units = models.JSONField(
        _("only these provincial bodies"),
        default=list,
        blank=True,
        help_text=_(
            "Codes without the province part, e.g. SYT for the Department of Health; empty: every unit."
        ),
    )
    help_text = models.TextField(_("guidance"), blank=True)

    class Meta:
        verbose_name = _("template element")
        verbose_name_plural = _("template elements")
        ordering = ["section", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "element"], name="%(app_label)s_%(class)s_unique_element"
            ),
        ]

    def __str__(self) -> str:
        return str(self.element)

    def applies_to(self, unit: OrgUnit) -> bool:
        if self.unit_kinds and unit.kind not in self.unit_kinds:
            return False
        return not self.units or unit.code.split("-", 1)[-1] in self.units


class ValidationRule(models.Model):
    """left operator right, over element totals, e.g. ``E(TRAINED) <= E(OFFICIALS)``.

    ``E(CODE)`` is the element's total; ``E(CODE, sex=F)`` the total of one option. A rule whose
    terms are not all entered is skipped ("where both are entered").
    """

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="rules"
    )
    code = models.CharField(_("code"), max_length=40)
    left = models.CharField(_("left side"), max_length=500)
    operator = models.CharField(_("operator"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("right side"), max_length=500)
    severity = models.CharField(_("severity"), max_length=8, choices=Severity.choices, default=Severity.ERROR)
    message = models.CharField(_("message (Vietnamese)"), max_length=500)
    message_en = models.CharField(_("message (English)"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("validation rule")
        verbose_name_plural = _("validation rules")
        ordering = ["template", "code"]
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="%(app_label)s_%(class)s_unique_code"),
        ]

    def __str__(self) -> str:
        return f"{self.left} {self.operator} {self.right}"


class ReportingPeriod(models.Model):
    """One round of a template: what the figures cover and when they are due."""

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="periods"
    )
    code = models.CharField(_("code"), max_length=20, unique=True, help_text=_("e.g. 2026"))
    name = models.CharField(_("name"), max_length=200)
    covers_from = models.DateField(_("figures from"))
    covers_to = models.DateField(_("figures to"))
    due_date = models.DateField(_("units' due date"))
    consolidation_due = models.DateField(_("consolidation due date"), null=True, blank=True)
    lock_date = models.DateField(_("entry closes after"), null=True, blank=True)
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="periods",
    )

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["-covers_to"]

    def __str__(self) -> str:
        return self.name

    def previous(self) -> ReportingPeriod | None:
        """The same template's period before this one (for the change column and outlier checks)."""
        return (
            ReportingPeriod.objects.filter(template__code=self.template.code, covers_to__lt=self.covers_from)
            .order_by("-covers_to")
            .first()
        )


class SubmissionQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class Submission(TimeStampedModel, EditTracked):
    """One unit's report for one period. Values and comments hang off it."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="submissions"
    )
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    delivered_at = models.DateTimeField(
        _("received by the coordinator at"),
        null=True,
        blank=True,
        help_text=_("When the report reached the coordinator: on submission, or on approval where required."),
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit"],
                name="%(app_label)s_%(class)s_unique_period",
                violation_error_message=_("This unit already has a report for this period."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period}"


class DataValueQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class DataValue(EditTracked):
    """The fact table: one entered cell. Dimension columns hold an option code, or "" for "not broken down"
    ("" rather than NULL so that uniqueness holds on every database)."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("report"), on_delete=models.CASCADE, related_name="values"
    )
    element = models.ForeignKey(
        DataElement, verbose_name=_("data element"), on_delete=models.PROTECT, related_name="values"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    sex = models.CharField(_("sex"), max_length=20, blank=True, default="")
    age_band = models.CharField(_("age band"), max_length=20, blank=True, default="")
    ethnicity = models.CharField(_("ethnicity"), max_length=20, blank=True, default="")
    area = models.CharField(_("area"), max_length=20, blank=True, default="")
    funding_source = models.CharField(_("funding source"), max_length=20, blank=True, default="")
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    comment = models.TextField(_("comment"), blank=True)
    source = models.CharField(
        _("source"), max_length=20, blank=True, default="", choices=ValueSource.choices
    )

    objects = DataValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("data value")
        verbose_name_plural = _("data values")
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "element",
                    "unit",
                    "period",
                    "sex",
                    "age_band",
                    "ethnicity",
                    "area",
                    "funding_source",
                ],
                name="%(app_label)s_%(class)s_unique_cell",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "element"], name="reporting_value_period_el_idx"),
            # A subtree's values, unit by unit: a province's consolidation reads only its own units.
            models.Index(fields=["unit", "period"], name="reporting_value_unit_per_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.element.code} {self.key} = {self.value if self.value is not None else self.text}"

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.sex, self.age_band, self.ethnicity, self.area, self.funding_source)


class UnitExtension(models.Model):
    """More time for one unit to enter its report after the period's lock date."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="extensions"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    until = models.DateField(_("entry open until"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="%(app_label)s_%(class)s_unique_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.until:%d/%m/%Y}"


class ReminderLog(models.Model):
    """One reminder step sent to one unit. The unique constraint is what makes sending idempotent:
    of two runs that overlap, only the one that inserts the row sends."""

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")
    step = models.CharField(_("step"), max_length=40)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sent by"),
    )
    recipients = models.JSONField(_("recipients"), default=list, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "unit", "step"], name="%(app_label)s_%(class)s_unique_step"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.step}"
