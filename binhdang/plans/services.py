"""Writes to plans, tasks and progress. Each is one transaction with one audit row."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.core import audit
from binhdang.core.scoping import Action, get_scoped_or_404, scope_paths
from binhdang.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from binhdang.orgunits.models import OrgUnit, ancestor_paths
from binhdang.plans.choices import PlanStatus
from binhdang.plans.models import (
    Addressee,
    Assignment,
    Evidence,
    Plan,
    ProgressLock,
    Section,
    Task,
    TaskProgress,
)

EVIDENCE_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
# The first bytes each kind of file must start with: a renamed file is refused.
MAGIC = {
    ".pdf": b"%PDF",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
}


MISSING_VERSION = gettext_lazy(
    "This save does not say which version of the task's progress it replaces; "
    "reload the page and save again."
)


class StaleEdit(Exception):
    """Someone else saved the same record since this user opened it."""

    def __init__(self, current: TaskProgress) -> None:
        super().__init__("stale")
        self.current = current


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans a user may read: those in the user's scope, and the published plans of the units
    above it (a published plan is read by every unit under its issuer: a commune reads the
    province's plan that gives it tasks)."""
    plans = Plan.objects.select_related("issuer")
    paths = scope_paths(user, Action.VIEW)
    if paths is None:
        return plans
    above = sorted({ancestor for path in paths for ancestor in ancestor_paths(path)})
    own = Plan.objects.restrict(user, Action.VIEW).values("pk")
    return plans.filter(Q(pk__in=own) | Q(status=PlanStatus.PUBLISHED, issuer__path__in=above))


def access_plan(user: Any, plan_id: int, action: str = Action.VIEW) -> Plan:
    """A plan the user may act on; to read, any of `visible_plans`."""
    if action == Action.VIEW:
        plan = visible_plans(user).filter(pk=plan_id).first()
        if plan is None:
            raise Http404
        return plan
    return get_scoped_or_404(Plan.objects.select_related("issuer"), user, action, pk=plan_id)


@transaction.atomic(durable=True)
def do_publish_plan(plan: Plan, *, acting_user: Any) -> Plan:
    return publish_in_transaction(plan, acting_user=acting_user)


def publish_in_transaction(plan: Plan, *, acting_user: Any) -> Plan:
    """Publishing as one step of a larger transaction (an import with --publish)."""
    if plan.status == PlanStatus.PUBLISHED:
        raise ValidationError(_("The plan is already published."))
    if plan.tasks.filter(needs_check=True).exists() or plan.addressees.filter(needs_check=True).exists():
        raise ValidationError(
            _("Some lines were read by OCR and are still marked “to be checked”: confirm them first.")
        )
    unmatched = [a.name for a in plan.addressees.all() if a.unmatched]
    if unmatched:
        raise ValidationError(
            _("Match every addressee to units of the register before publishing: %(names)s.")
            % {"names": "; ".join(unmatched)}
        )
    plan.status = PlanStatus.PUBLISHED
    plan.published_at = timezone.now()
    plan.save(update_fields=["status", "published_at", "updated_at"])
    audit.record("plans.published", plan, acting_user=acting_user, unit_path=plan.issuer.path)
    return plan


@transaction.atomic(durable=True)
def do_delete_draft(plan: Plan, *, acting_user: Any) -> None:
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("Only a draft plan can be deleted."))
    audit.record(
        "plans.draft_deleted", plan, acting_user=acting_user, unit_path=plan.issuer.path, title=plan.title
    )
    plan.delete()


@transaction.atomic(durable=True)
def do_resolve_addressee(addressee: Addressee, units: list[OrgUnit], *, acting_user: Any) -> Addressee:
    """Give an addressee whose name was not found the units the coordinator picked."""
    plan = addressee.plan
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("A published plan cannot be changed here."))
    if not units:
        raise ValidationError(_("Pick at least one unit."))
    before = addressee.unmatched
    _give_units(addressee, units)
    audit.record(
        "plans.addressee_resolved",
        addressee,
        acting_user=acting_user,
        unit_path=plan.issuer.path,
        names=before,
        units=[u.code for u in units],
    )
    return addressee


def _give_units(addressee: Addressee, units: list[OrgUnit]) -> None:
    plan = addressee.plan
    addressee.units.add(*units)
    addressee.unmatched = []
    addressee.save(update_fields=["unmatched"])
    for task in addressee.tasks.all():
        role = task.assignments.values_list("role", flat=True).first() or (
            "requested" if addressee.requested else "lead"
        )
        due = (
            task.assignments.values_list("due_date", flat=True).first()
            or plan.milestones.filter(kind="deadline").values_list("start", flat=True).first()
        )
        existing = set(task.assignments.values_list("unit_id", flat=True))
        Assignment.objects.bulk_create(
            [Assignment(task=task, unit=u, role=role, due_date=due) for u in units if u.pk not in existing]
        )


def assignment_reaches(task: Task, unit: OrgUnit) -> bool:
    return (
        Assignment.objects.for_unit(unit).filter(task=task, task__plan__status=PlanStatus.PUBLISHED).exists()
    )


def progress_locked(task: Task, unit: OrgUnit) -> bool:
    """Whether the unit's results on the task's plan are frozen (its report was accepted)."""
    return ProgressLock.objects.filter(plan_id=task.plan_id, unit=unit).exists()


def ensure_progress_open(task: Task, unit: OrgUnit) -> None:
    if progress_locked(task, unit):
        raise ValidationError(
            _(
                "The report of %(unit)s that carries these results was accepted: they can no longer "
                "be changed unless the report is returned."
            )
            % {"unit": unit.name}
        )


def lock_progress(plan: Plan, unit: OrgUnit) -> None:
    """Freeze the unit's results on the plan, inside the caller's transaction (a report accepted)."""
    ProgressLock.objects.get_or_create(plan=plan, unit=unit)


def unlock_progress(plan: Plan, unit: OrgUnit) -> None:
    """Open them again, inside the caller's transaction (the report returned or reopened)."""
    ProgressLock.objects.filter(plan=plan, unit=unit).delete()


@transaction.atomic(durable=True)
def do_update_progress(
    task: Task, unit: OrgUnit, *, status: str, note: str, version: int | None, acting_user: Any
) -> TaskProgress:
    """Save a unit's status and note on a task.

    `version` is the version the user saw, 0 when the user saw no progress at all ("I saw no value");
    if someone saved since (a first save too), StaleEdit is raised and nothing is written. A save that
    does not say which version it replaces (None) is refused: it cannot be checked.
    """
    if version is None:
        raise ValidationError(MISSING_VERSION)
    ensure_progress_open(task, unit)
    progress, created = TaskProgress.objects.select_for_update().get_or_create(task=task, unit=unit)
    if (0 if created else progress.version) != version:
        raise StaleEdit(progress)  # the transaction rolls back: a row created here is not kept
    changes = {}
    if progress.status != status:
        changes["status"] = [progress.status, status]
    if progress.note != note:
        changes["note"] = [progress.note, note]
    if not changes and not created:
        return progress
    progress.status, progress.note, progress.updated_by = status, note, acting_user
    progress.version = progress.version + (0 if created else 1)
    progress.save()
    audit.record(
        "plans.progress_updated", progress, acting_user=acting_user, unit_path=unit.path, changes=changes
    )
    return progress


def validate_evidence(upload: UploadedFile, max_bytes: int) -> tuple[str, bytes]:

    name = upload.name or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in EVIDENCE_TYPES:
        raise ValidationError(
            _("“%(name)s”: this kind of file is not accepted. Accepted: PDF, DOCX, XLSX, JPG, PNG.")
            % {"name": name}
        )
    if upload.size and upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is too large: the limit is %(size)s.")
            % {"name": name, "size": filesizeformat(max_bytes)}
        )
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("“%(name)s” is too large: the limit is %(size)s.")
            % {"name": name, "size": filesizeformat(max_bytes)}
        )
    if not data:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    if not data.startswith(MAGIC[extension]):
        raise ValidationError(
            _("“%(name)s” is not a real %(kind)s file: its content does not match its name.")
            % {"name": name, "kind": extension[1:].upper()}
        )
    return extension, data


@transaction.atomic(durable=True)
def do_add_evidence(
    task: Task, unit: OrgUnit, upload: UploadedFile, *, acting_user: Any, max_bytes: int
) -> Evidence:

    ensure_progress_open(task, unit)
    extension, data = validate_evidence(upload, max_bytes)
    progress, _created = TaskProgress.objects.get_or_create(task=task, unit=unit)
    digest = hashlib.sha256(data).hexdigest()
    safe_name = "".join(c if c.isalnum() or c in "-_." else "_" for c in upload.name)[-120:]
    evidence = Evidence(
        progress=progress,
        original_name=upload.name[:255],
        content_type=EVIDENCE_TYPES[extension],
        size=len(data),
        sha256=digest,
        uploaded_by=acting_user,
    )
    evidence.file.save(safe_name, ContentFile(data), save=False)
    evidence.save()
    audit.record(
        "plans.evidence_added",
        evidence,
        acting_user=acting_user,
        unit_path=unit.path,
        task=task.code,
        name=evidence.original_name,
        size=evidence.size,
    )
    return evidence


@transaction.atomic(durable=True)
def do_remove_evidence(evidence: Evidence, *, acting_user: Any) -> None:
    ensure_progress_open(evidence.progress.task, evidence.progress.unit)
    unit_path = evidence.progress.unit.path
    audit.record(
        "plans.evidence_removed",
        evidence,
        acting_user=acting_user,
        unit_path=unit_path,
        name=evidence.original_name,
    )
    storage, name = evidence.file.storage, evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: storage.delete(name))


ABANDONED_AFTER_DAYS = 7


def purge_abandoned_drafts(*, now: Any = None, older_than_days: int = ABANDONED_AFTER_DAYS) -> list[str]:
    """Delete imported drafts nobody touched for a week: an abandoned import leaves nothing behind.

    Idempotent; returns the titles it deleted. Run daily (manage.py purge_drafts, or Celery beat).
    """

    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    deleted = []
    for plan in Plan.objects.filter(status=PlanStatus.DRAFT, updated_at__lt=cutoff).select_related("issuer"):
        with transaction.atomic():
            audit.record("plans.draft_purged", plan, unit_path=plan.issuer.path, title=plan.title)
            plan.delete()
        deleted.append(plan.title)
    return deleted


# Review of an imported plan: the commune's own bodies, areas of work, OCR'd lines ---------------


@transaction.atomic(durable=True)
def do_create_commune_bodies(addressee: Addressee, *, acting_user: Any) -> list[OrgUnit]:
    """A commune plan's addressee the register does not hold ("Công an xã", "Trạm y tế xã"):
    each unmatched name becomes one of the commune's internal bodies (kind commune_body, under the
    commune), and the addressee is given them. Never a province's unit."""
    plan = addressee.plan
    commune = plan.issuer
    if commune.kind not in LOCAL_KINDS:
        raise ValidationError(_("Only a commune's or ward's plan can create the commune's own bodies."))
    if plan.status != PlanStatus.DRAFT:
        raise ValidationError(_("A published plan cannot be changed here."))
    names = list(addressee.unmatched)
    if not names:
        raise ValidationError(_("Every name of this addressee is already matched."))
    taken = set(OrgUnit.objects.filter(parent=commune).values_list("code", flat=True))
    created = []
    for name in names:
        existing = OrgUnit.objects.filter(parent=commune, kind=OrgUnitKind.COMMUNE_BODY, name=name).first()
        if existing is not None:
            created.append(existing)
            continue
        number = 1
        while f"{commune.code}-CQ{number}" in taken:
            number += 1
        taken.add(f"{commune.code}-CQ{number}")
        created.append(
            OrgUnit.objects.create(
                code=f"{commune.code}-CQ{number}", name=name, kind=OrgUnitKind.COMMUNE_BODY, parent=commune
            )
        )
    _give_units(addressee, created)
    audit.record(
        "plans.commune_bodies_created",
        addressee,
        acting_user=acting_user,
        unit_path=commune.path,
        names=names,
        units=[u.code for u in created],
    )
    return created


@transaction.atomic(durable=True)
def do_set_task_areas(task: Task, sections: list[Section], *, acting_user: Any) -> Task:
    """The coordinator's choice of a task's areas of work (draft or published): the first, in the
    plan's order, becomes ``Task.section``, which reports, analytics and documents read."""
    if any(section.plan_id != task.plan_id for section in sections):
        raise ValidationError(_("An area of work of another plan was chosen."))
    sections = sorted(set(sections), key=lambda s: s.order)
    before = sorted(task.areas.values_list("number", flat=True))
    task.section = sections[0] if sections else None
    task.area_why = {"by": "user", "user": getattr(acting_user, "username", "")}
    task.save(update_fields=["section", "area_why"])
    task.areas.set(sections)
    audit.record(
        "plans.task_areas_changed",
        task,
        acting_user=acting_user,
        unit_path=task.plan.issuer.path,
        old=before,
        new=[s.number for s in sections],
    )
    return task


@transaction.atomic(durable=True)
def do_confirm_read(plan: Plan, *, acting_user: Any, task: Task | None = None) -> int:
    """Clear "to be checked" from one OCR'd task, or from every line of the plan; returns how many."""
    if task is not None:
        count = Task.objects.filter(pk=task.pk, plan=plan, needs_check=True).update(needs_check=False)
        what = task.code
    else:
        count = plan.tasks.filter(needs_check=True).update(needs_check=False)
        count += plan.addressees.filter(needs_check=True).update(needs_check=False)
        count += plan.sections.filter(needs_check=True).update(needs_check=False)
        what = "all"
    audit.record(
        "plans.read_confirmed", plan, acting_user=acting_user, unit_path=plan.issuer.path, what=what,
        count=count,
    )
    return count
