from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from binhdang.core.models import EditTracked, TimeStampedModel
from binhdang.core.scoping import ScopedQuerySet
from binhdang.orgunits.choices import OrgUnitKind
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.choices import AssignmentRole, MilestoneKind, PartRole, PlanStatus, SourceKind, TaskStatus


class PlanQuerySet(ScopedQuerySet):
    unit_path_lookup = "issuer__path"


class Plan(TimeStampedModel):
    """An annual plan (Kế hoạch) issued by a unit, e.g. 58/KH-UBND of the provincial People's Committee."""

    issuer = models.ForeignKey(
        OrgUnit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    number = models.CharField(_("number and code"), max_length=64, blank=True, help_text=_("e.g. 58/KH-UBND"))
    title = models.TextField(_("title"))
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    place = models.CharField(_("place of issue"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    legal_bases = models.JSONField(_("legal bases"), default=list, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    source_name = models.CharField(_("source file"), max_length=255, blank=True)
    source_sha256 = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    # How the document was read ("text", "docx", "doc", "pdf", "ocr") and its text as read, shown
    # beside the tree on the review page.
    source_kind = models.CharField(_("read from"), max_length=8, blank=True, choices=SourceKind.choices)
    source_text = models.TextField(_("text as read"), blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imported by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "source_sha256"],
                condition=~Q(source_sha256=""),
                name="%(app_label)s_%(class)s_unique_source",
                violation_error_message=_("This document has already been imported."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or _('Plan')} — {self.year}"


class Section(models.Model):
    """An area of work of the plan (part II in the seed: 1–7)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("number"), max_length=16)
    title = models.TextField(_("title"))
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    needs_check = models.BooleanField(_("to be checked"), default=False, help_text=_("Read by OCR"))

    class Meta:
        verbose_name = _("area of work")
        verbose_name_plural = _("areas of work")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class UnitGroup(models.Model):
    """A group addressee such as "UBND các xã, phường": the units of some kinds directly under a unit.

    Members are computed from the register, so a group follows mergers and new units.
    """

    parent = models.ForeignKey(
        OrgUnit, verbose_name=_("within"), on_delete=models.CASCADE, related_name="unit_groups"
    )
    name = models.CharField(_("name"), max_length=255)
    kinds = models.JSONField(_("kinds of unit"), default=list)

    class Meta:
        verbose_name = _("unit group")
        verbose_name_plural = _("unit groups")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="%(app_label)s_%(class)s_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def members(self) -> models.QuerySet[OrgUnit]:
        return OrgUnit.objects.filter(parent=self.parent, kind__in=self.kinds).valid_on()

    def contains(self, unit: OrgUnit) -> bool:
        return unit.parent_id == self.parent_id and unit.kind in self.kinds


class Addressee(models.Model):
    """One addressee of part IV as written ("Sở Nội vụ", "Đề nghị Hội LHPN tỉnh", "UBND các xã, phường")."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="addressees"
    )
    name = models.TextField(_("name as written"))
    number = models.CharField(_("number"), max_length=16, blank=True)
    requested = models.BooleanField(_("requested"), default=False, help_text=_('Written as "Đề nghị …"'))
    units = models.ManyToManyField(OrgUnit, verbose_name=_("units"), blank=True, related_name="+")
    groups = models.ManyToManyField(UnitGroup, verbose_name=_("unit groups"), blank=True, related_name="+")
    unmatched = models.JSONField(_("names not found in the register"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    needs_check = models.BooleanField(_("to be checked"), default=False, help_text=_("Read by OCR"))

    class Meta:
        verbose_name = _("addressee")
        verbose_name_plural = _("addressees")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """One thing to do: a paragraph of an area of work, or an item given to an addressee."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section,
        verbose_name=_("area of work"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    addressee = models.ForeignKey(
        Addressee,
        verbose_name=_("addressee"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    part = models.CharField(_("part"), max_length=16, choices=PartRole.choices, default=PartRole.ORGANISATION)
    code = models.CharField(
        _("code"), max_length=24, help_text=_("e.g. IV.1.2: the addressee's number and the item")
    )
    text = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("order"), default=0)
    # A task may belong to several areas of work: `section` is the first (reports, analytics and
    # documents read it), `areas` all of them; `area_why` says why they were chosen (the importer's
    # keywords, the section the task is written in, or who chose), `area_reason` in words.
    areas = models.ManyToManyField(
        Section, verbose_name=_("areas of work"), blank=True, related_name="area_tasks"
    )
    area_why = models.JSONField(_("why this area"), default=dict, blank=True)
    needs_check = models.BooleanField(_("to be checked"), default=False, help_text=_("Read by OCR"))

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "order"]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def area_reason(self) -> str:
        """Why the task is filed under its areas, in the reader's language."""
        why = self.area_why or {}
        by = why.get("by")
        if by == "section":
            return gettext("The task is written in this section of the plan.")
        if by == "no_keyword":
            return gettext("No area's keyword was found in the task.")
        if by == "no_area":
            return gettext("The task's keywords match no area of this plan.")
        if by == "user":
            return gettext("Chosen by %(user)s.") % {"user": why.get("user") or "?"}
        if by == "keywords":
            found = "; ".join(
                gettext("%(words)s → area %(area)s")
                % {"words": ", ".join(f"“{w}”" for w in item.get("words", [])), "area": item.get("area", "")}
                for item in why.get("found", [])
            )
            return gettext("Keywords in the task: %(found)s.") % {"found": found}
        return str(why.get("text", ""))  # a reason written before reasons were data

    @property
    def short_text(self) -> str:
        return self.text if len(self.text) <= 140 else self.text[:137].rstrip() + "…"


class AssignmentQuerySet(models.QuerySet):
    def for_unit(self, unit: OrgUnit) -> AssignmentQuerySet:
        """Assignments that reach a unit: directly, or through a group it belongs to."""
        groups = UnitGroup.objects.filter(parent_id=unit.parent_id)
        group_ids = [group.pk for group in groups if unit.kind in group.kinds]
        return self.filter(Q(unit=unit) | Q(group_id__in=group_ids))


class Assignment(models.Model):
    """A task given to a unit or a unit group, with its role and due date."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("unit group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=AssignmentRole.choices, default=AssignmentRole.LEAD
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, group__isnull=True)
                | Q(unit__isnull=True, group__isnull=False),
                name="%(app_label)s_%(class)s_unit_or_group",
                violation_error_message=_("An assignment goes to one unit or to one group."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} → {self.unit or self.group}"


class ProgressQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class TaskProgress(EditTracked):
    """One unit's progress on one task. Created the first time the unit reports on it."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="progress")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="task_progress"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    note = models.TextField(_("progress and results"), blank=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = _("task progress")
        verbose_name_plural = _("task progress")
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="%(app_label)s_%(class)s_unique_task_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.task.code} · {self.unit} · {self.get_status_display()}"


class EvidenceQuerySet(ScopedQuerySet):
    unit_path_lookup = "progress__unit__path"


def evidence_path(instance: Evidence, filename: str) -> str:
    progress = instance.progress
    return f"evidence/{progress.unit.code}/{progress.task_id}/{instance.sha256[:16]}-{filename}"


class Evidence(models.Model):
    """A file that shows what a unit did (report, minutes, photo). Stored outside the web root."""

    progress = models.ForeignKey(
        TaskProgress, verbose_name=_("task progress"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ProgressLockQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class ProgressLock(models.Model):
    """A unit's task results and evidence on a plan are frozen: the report that carries them was
    accepted. The reporting cycle adds it on acceptance and removes it when the report is returned
    or reopened; the plans app only reads it (plans sits below reporting)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="locks")
    unit = models.ForeignKey(
        OrgUnit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="progress_locks"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ProgressLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("locked task results")
        verbose_name_plural = _("locked task results")
        constraints = [
            models.UniqueConstraint(fields=["plan", "unit"], name="%(app_label)s_%(class)s_unique_plan_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.unit}"


class Milestone(models.Model):
    """A dated deadline or a window of the plan: the reporting deadlines, the action month."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=MilestoneKind.choices)
    start = models.DateField(_("date"))
    end = models.DateField(_("until"), null=True, blank=True)
    what = models.TextField(_("what"))

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["plan", "start"]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y} {self.what[:60]}"


LOCAL_GROUP_KINDS = [OrgUnitKind.COMMUNE, OrgUnitKind.WARD, OrgUnitKind.SPECIAL_ZONE]
DEPARTMENT_GROUP_KINDS = [OrgUnitKind.DEPARTMENT, OrgUnitKind.AGENCY]
CENTRAL_GROUP_KINDS = [*DEPARTMENT_GROUP_KINDS, OrgUnitKind.CENTRAL_AGENCY]
