"""Import a plan document: read, parse, match units, and save it as a draft, in one transaction.

The same function serves `manage.py import_plan` and the upload page. A dry run does all the
work and rolls it back, so what it reports is exactly what a real import would save.
"""

from __future__ import annotations

import hashlib
import logging
import string
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from binhdang.core import audit
from binhdang.core.models import Job
from binhdang.core.scoping import Action
from binhdang.lib.text import fold_vi
from binhdang.orgunits.choices import LOCAL_KINDS, OrgUnitKind
from binhdang.orgunits.models import OrgUnit
from binhdang.plans import pending_uploads
from binhdang.plans.choices import AssignmentRole, MilestoneKind, PartRole, PlanStatus
from binhdang.plans.classify import classify_with_reason
from binhdang.plans.importer.documents import ReadText, read_upload
from binhdang.plans.importer.errors import PlanParseError
from binhdang.plans.importer.models import ParsedPlan
from binhdang.plans.importer.parser import parse_plan
from binhdang.plans.matching import Match, UnitMatcher, matching_root
from binhdang.plans.models import Addressee, Assignment, Milestone, Plan, Section, Task
from binhdang.plans.services import publish_in_transaction

logger = logging.getLogger(__name__)


class PlanImportError(Exception):
    """A document that cannot be imported; `message` is for the user, in their language."""

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _error_message(error: PlanParseError, max_bytes: int) -> str:

    messages = {
        "empty": _("The file is empty: there is nothing to import."),
        "unsupported": _(
            "This kind of file is not supported. Upload a .docx, .doc, .pdf, .jpg, .png, .txt or .md file."
        ),
        "too_large": _("The file is too large: the limit is %(size)s.") % {"size": filesizeformat(max_bytes)},
        "corrupt": _("The .docx file is damaged or cannot be read."),
        "zip_bomb": _(
            "The .docx file unpacks to far more than it should; it was refused as possibly harmful."
        ),
        "undecodable": _("The file's text cannot be read: it is not text, or its encoding is not supported."),
        "unreadable": _("The file cannot be opened."),
        "not_a_plan": _(
            "This does not look like a plan: no parts (I, II, …) or implementation section were found."
        ),
        "needs_ocr": _(
            "The file is a scan (an image, no text layer): its text must be recognised (OCR) first."
        ),
        "password": _(
            "The PDF is protected by a password and cannot be read. Send a PDF without a password "
            "(or the plan's Word file)."
        ),
        "corrupt_pdf": _("The PDF file is damaged or cannot be read."),
        "corrupt_doc": _("The .doc file is damaged or is not a Word 97–2003 document."),
        "no_converter": _(
            "LibreOffice is not installed on the server, so .doc (Word 97–2003) files cannot be read yet. "
            "Save the file as .docx in Word and import it again, or ask the system administrator."
        ),
        "timeout": _("Converting the file took too long and was stopped; it may be damaged or too complex."),
        "ocr_unavailable": _(
            "The file is a scan and the server has no text recognition (Tesseract) installed. Send a Word "
            "file or a PDF with a text layer, or ask the system administrator."
        ),
        "no_text": _(
            "No text was recognised in the scan: the image is too blurred, turned, or not a document."
        ),
        "corrupt_image": _("The image is damaged or not in a supported format (.jpg, .png)."),
        "image_too_large": _("The image is too large; photograph or scan it at a lower resolution."),
    }
    if error.code == "too_complex" and error.limit in TOO_COMPLEX:
        params = {
            k: formats.number_format(v, force_grouping=True) if isinstance(v, int) else v
            for k, v in error.params.items()
        }
        return TOO_COMPLEX[error.limit] % params
    return messages.get(error.code, error.message)


# A limit of limits.py the file exceeds, said in the reader's language with its numbers.
TOO_COMPLEX = {
    "paragraphs": _lazy(
        "The document has too many paragraphs (more than %(limit)s); a plan is not that long."
    ),
    "paragraph_length": _lazy(
        "Paragraph %(number)s is longer than %(limit)s characters (it begins “%(start)s…”); "
        "the document does not look like a plan."
    ),
    "text_length": _lazy(
        "The document is too long (more than %(limit)s characters); a plan is not that long."
    ),
    "cells": _lazy(
        "The .docx file has too many table cells (more than %(limit)s); a plan does not need that many."
    ),
    "table_depth": _lazy(
        "The .docx file has tables nested too deep (more than %(limit)s levels); "
        "it was refused as possibly harmful."
    ),
    "pdf_pages": _lazy("The PDF file has too many pages (more than %(limit)s); a plan is not that long."),
    "scan_pages": _lazy("The scan has too many pages to recognise (more than %(limit)s pages)."),
}


@dataclass
class ImportOutcome:
    plan: Plan | None
    report: dict[str, Any]
    duplicate: bool = False
    warnings: list[str] = field(default_factory=list)


class _DryRun(Exception):
    pass


def import_plan(
    data: bytes,
    filename: str,
    *,
    acting_user: Any = None,
    dry_run: bool = False,
    publish: bool = False,
    max_bytes: int | None = None,
    scope_user: Any = None,
    ocr: bool = False,
    progress: Any = None,
    same_year_confirmed: bool = True,
) -> ImportOutcome:
    """Import a plan file's bytes. Raises PlanImportError with a user-facing message.

    With `scope_user`, a plan whose issuer that user may not manage is refused before anything is saved.
    A scan is refused with the code "needs_ocr" unless `ocr` (the OCR job), which tells `progress(done,
    of)` after each page. Without `same_year_confirmed`, a plan for an issuer and year that already
    have one is refused with the code "same_year", naming that plan.
    """
    max_bytes = max_bytes or settings.UPLOAD_MAX_BYTES
    try:
        read = read_upload(data, filename, max_bytes=max_bytes, ocr=ocr, progress=progress)
        parsed = parse_plan(read.text, default_year=timezone.localdate().year)
    except PlanParseError as error:
        raise PlanImportError(_error_message(error, max_bytes), error.code) from error
    issuer = resolve_issuer(parsed)
    if scope_user is not None and not scope_user.can(Action.MANAGE, issuer):
        raise PlanImportError(_("This plan was issued by a unit outside your scope."), "scope")
    digest = hashlib.sha256(data).hexdigest()
    existing = Plan.objects.filter(issuer=issuer, source_sha256=digest).first()
    if existing is not None:
        return ImportOutcome(existing, plan_report(existing), duplicate=True)
    same_year = Plan.objects.filter(issuer=issuer, year=parsed.year).order_by("pk").first()
    if same_year is not None and not same_year_confirmed:
        raise PlanImportError(same_year_message(same_year), "same_year")
    outcome: ImportOutcome | None = None
    try:
        with transaction.atomic():
            plan = _save(parsed, issuer, filename, digest, acting_user, read)
            if publish:
                publish_in_transaction(plan, acting_user=acting_user)
            outcome = ImportOutcome(plan, plan_report(plan), warnings=parsed.warnings)
            if dry_run:
                raise _DryRun
    except _DryRun:
        assert outcome is not None
        outcome.plan = None
    return outcome


def same_year_message(plan: Plan) -> str:
    return _(
        "%(issuer)s already has a plan for %(year)s: “%(title)s” (%(number)s, %(status)s). "
        "Import this one as well?"
    ) % {
        "issuer": plan.issuer.name,
        "year": plan.year,
        "title": plan.title,
        "number": plan.number or _("no number yet"),
        "status": plan.get_status_display(),
    }


def resolve_issuer(parsed: ParsedPlan) -> OrgUnit:
    """The unit that issued the plan: the province named in its header (or a commune in it), or
    a ministry."""
    if parsed.issuer_level == "ministry" and parsed.issuer_name:
        wanted = fold_vi(parsed.issuer_name)
        for unit in OrgUnit.objects.filter(kind=OrgUnitKind.MINISTRY):
            if wanted in {fold_vi(unit.name), *(fold_vi(a) for a in unit.alias_list)}:
                return unit
        raise PlanImportError(
            _("The issuing ministry could not be found in the unit register (read: “%(name)s”).")
            % {"name": parsed.issuer_name},
            "issuer",
        )
    province = None
    if parsed.province_name:
        wanted = fold_vi(parsed.province_name)
        for unit in OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE):
            if wanted in {fold_vi(unit.name), *(fold_vi(a) for a in unit.alias_list)}:
                province = unit
                break
    if province is None:
        raise PlanImportError(
            _("The issuing province could not be found in the unit register (read: “%(name)s”).")
            % {"name": parsed.province_name or parsed.issuer_name or "?"},
            "issuer",
        )
    if parsed.issuer_level == "commune" and parsed.commune_name:
        wanted = _bare_local_name(parsed.commune_name)
        matches = [
            unit
            for unit in OrgUnit.objects.filter(parent=province, kind__in=sorted(LOCAL_KINDS))
            if _bare_local_name(unit.name) == wanted
        ]
        if len(matches) == 1:
            return matches[0]
        raise PlanImportError(
            _("The issuing commune “%(name)s” is not in the register of %(province)s.")
            % {"name": parsed.commune_name, "province": province.name},
            "issuer",
        )
    return province


def _bare_local_name(name: str) -> str:
    """ "Xã Đại Từ", "xã Đại Từ", "Đại Từ" → "dai tu"."""
    folded = fold_vi(name)
    for prefix in ("xa ", "phuong ", "dac khu ", "thi tran "):
        folded = folded.removeprefix(prefix)
    return folded


def _save(
    parsed: ParsedPlan, issuer: OrgUnit, filename: str, digest: str, acting_user: Any, read: ReadText
) -> Plan:
    doubtful = read.kind == "ocr"  # every line recognised from an image waits for a person's check
    plan = Plan.objects.create(
        issuer=issuer,
        number=parsed.number or "",
        title=parsed.title or filename,
        year=parsed.year or timezone.localdate().year,
        place=parsed.place or "",
        issued_on=parsed.issued_on,
        legal_bases=[
            {
                "kind": b.kind,
                "number": b.number,
                "date": b.date.isoformat() if b.date else None,
                "title": b.title,
                "year": b.year,
            }
            for b in parsed.legal_bases
        ],
        source_name=filename[:255],
        source_sha256=digest,
        source_kind=read.kind,
        source_text=read.text,
        imported_by=acting_user if getattr(acting_user, "pk", None) else None,
    )
    content = next((p for p in parsed.parts if p.role == "content"), None)
    content_numeral = content.numeral if content else "II"
    sections: list[Section] = []
    order = 0
    for index, parsed_section in enumerate(parsed.sections):
        section = Section.objects.create(
            plan=plan,
            number=parsed_section.number,
            title=parsed_section.title,
            text=parsed_section.text,
            order=index,
            needs_check=doubtful,
        )
        sections.append(section)
        for number, text in enumerate(parsed_section.tasks, start=1):
            order += 1
            task = Task.objects.create(
                plan=plan,
                section=section,
                part=PartRole.CONTENT,
                text=text,
                order=order,
                code=f"{parsed_section.part_numeral or content_numeral}.{section.number}.{number}",
                area_why={"by": "section"},
                needs_check=doubtful,
            )
            task.areas.add(section)
    matcher = UnitMatcher(matching_root(issuer))
    organisation = next((p for p in parsed.parts if p.role == "organisation"), None)
    numeral = organisation.numeral if organisation else "IV"
    due = min((d.date for d in parsed.deadlines), default=None)
    seen_numbers: dict[str, int] = {}
    for index, parsed_addressee in enumerate(parsed.addressees):
        number = parsed_addressee.number or str(index + 1)
        seen_numbers[number] = seen_numbers.get(number, 0) + 1
        suffix = "" if seen_numbers[number] == 1 else string.ascii_lowercase[seen_numbers[number] - 1]
        code = f"{numeral}.{number}{suffix}"
        matches = _match_addressee(matcher, parsed_addressee)
        addressee = Addressee.objects.create(
            plan=plan,
            name=parsed_addressee.name,
            number=f"{number}{suffix}",
            requested=parsed_addressee.requested,
            order=index,
            unmatched=[m.name for m in matches if not m.matched],
            needs_check=doubtful,
        )
        addressee.units.set([unit for m in matches for unit in m.units])
        addressee.groups.set([m.group for m in matches if m.group])
        own_due = next((d.date for d in parsed.deadlines if d.addressee == parsed_addressee.name), due)
        for item, text in enumerate(parsed_addressee.tasks, start=1):
            order += 1
            areas, reason = classify_with_reason(text, sections)
            task = Task.objects.create(
                plan=plan,
                addressee=addressee,
                part=PartRole.ORGANISATION,
                text=text,
                order=order,
                code=f"{code}.{item}",
                section=areas[0] if areas else None,
                area_why=reason,
                needs_check=doubtful,
            )
            task.areas.add(*areas)
            _assign(task, addressee, parsed_addressee.requested, own_due)
    for deadline in parsed.deadlines:
        Milestone.objects.create(
            plan=plan, kind=MilestoneKind.DEADLINE, start=deadline.date, what=deadline.what
        )
    for window in parsed.windows:
        Milestone.objects.create(
            plan=plan, kind=MilestoneKind.WINDOW, start=window.start, end=window.end, what=window.what
        )
    audit.record(
        "plans.imported",
        plan,
        acting_user=acting_user,
        unit_path=issuer.path,
        source=filename,
        sha256=digest,
        read_as=read.kind,
        tasks=plan.tasks.count(),
    )
    return plan


def _match_addressee(matcher: UnitMatcher, parsed_addressee: Any) -> list[Match]:
    if parsed_addressee.group:
        return [matcher.match_group(parsed_addressee.group_kind, parsed_addressee.name)]
    names = parsed_addressee.names or [parsed_addressee.name]
    return [matcher.match_name(name) for name in names]


def _assign(task: Task, addressee: Addressee, requested: bool, due: Any) -> None:
    if requested:
        role = AssignmentRole.REQUESTED
    elif fold_vi(task.text).startswith("phoi hop"):
        role = AssignmentRole.COOPERATE
    else:
        role = AssignmentRole.LEAD
    rows = [Assignment(task=task, unit=unit, role=role, due_date=due) for unit in addressee.units.all()]
    rows += [Assignment(task=task, group=group, role=role, due_date=due) for group in addressee.groups.all()]
    Assignment.objects.bulk_create(rows)


def plan_report(plan: Plan) -> dict[str, Any]:
    """The plan as the JSON of `import_plan --json`: what was read and how names were matched."""
    sections = list(plan.sections.all())
    content_tasks = {}
    for task in plan.tasks.filter(part=PartRole.CONTENT):
        content_tasks[task.section_id] = content_tasks.get(task.section_id, 0) + 1
    assignments = []
    unmatched: list[str] = []
    for addressee in plan.addressees.prefetch_related("units", "groups", "tasks"):
        groups = list(addressee.groups.all())
        codes = sorted(u.code for u in addressee.units.all())
        for group in groups:
            codes += sorted(group.members().values_list("code", flat=True))
        assignments.append(
            {
                "name": addressee.name,
                "unit_codes": codes,
                "group": bool(groups),
                "requested": addressee.requested,
                "tasks": len(addressee.tasks.all()),
                "unmatched": addressee.unmatched,
            }
        )
        unmatched += addressee.unmatched
    milestones = list(plan.milestones.all())
    return {
        "id": plan.pk,
        "number": plan.number or None,
        "year": plan.year,
        "title": plan.title,
        "status": plan.status,
        "issuer": {"name": plan.issuer.name, "code": plan.issuer.code},
        "legal_bases": [
            {"kind": b["kind"], "number": b["number"], "date": b["date"]} for b in plan.legal_bases
        ],
        "sections": [
            {"number": s.number, "title": s.title, "tasks": content_tasks.get(s.pk, 0)} for s in sections
        ],
        "assignments": assignments,
        "deadlines": [
            {"date": m.start.isoformat(), "what": m.what} for m in milestones if m.kind == "deadline"
        ],
        "windows": [
            {"start": m.start.isoformat(), "end": m.end.isoformat() if m.end else None, "what": m.what}
            for m in milestones
            if m.kind == "window"
        ],
        "unmatched": unmatched,
    }


# Scans: OCR as a background job --------------------------------------------------------------

OCR_JOB_KIND = "plan_ocr"


@transaction.atomic(durable=True)
def start_ocr_import(user: Any, data: bytes, filename: str, *, enqueue: Any) -> Job:
    """Keep the scan aside and queue its recognition; `enqueue` gets the job's id after commit."""
    key = pending_uploads.store(data, filename)
    job = Job.objects.create(
        user=user,
        kind=OCR_JOB_KIND,
        params={
            "file": key,
            "name": filename[:255],
            "language": translation.get_language() or settings.LANGUAGE_CODE,
        },
    )
    audit.record("plans.ocr_requested", job, acting_user=user, source=filename)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def run_ocr_import(job_id: int) -> None:
    """Recognise the scan page by page (the job's progress), then import it as a draft whose every
    line is "to be checked". The kept file is removed whatever happens. Its messages are in the
    language of the page that started it."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with translation.override(job.params.get("language") or settings.LANGUAGE_CODE):
        _run_ocr_import(job)


def _run_ocr_import(job: Job) -> None:
    key, name = job.params["file"], job.params["name"]

    def progress(done: int, of: int) -> None:
        job.step(
            5 + 90 * done // max(of, 1), _("Reading page %(done)s of %(of)s…") % {"done": done, "of": of}
        )

    try:
        job.step(2, _("Starting text recognition…"))
        outcome = import_plan(
            pending_uploads.read(key),
            name,
            acting_user=job.user,
            scope_user=job.user,
            ocr=True,
            progress=progress,
        )
    except Exception as exc:  # the job page says why in words for a person; the log has the rest
        said = (
            exc.message
            if isinstance(exc, PlanImportError)
            else _("The scan could not be read. Try again; if it fails again, tell the system administrator.")
        )
        if not isinstance(exc, PlanImportError):
            logger.exception("OCR import job %s failed", job.pk)
        job.status, job.message, job.finished_at = Job.Status.FAILED, said[:300], timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        audit.record("plans.ocr_failed", job, acting_user=job.user, source=name)
        return
    finally:
        pending_uploads.remove(key)
    plan = outcome.plan
    others = Plan.objects.filter(issuer=plan.issuer, year=plan.year).exclude(pk=plan.pk).first()
    job.params = {**job.params, "plan": plan.pk}
    job.status, job.progress, job.finished_at = Job.Status.DONE, 100, timezone.now()
    job.message = (
        same_year_message(others) if others else _("Read. Check every line marked “to be checked”.")
    )[:300]
    job.save()
    audit.record("plans.ocr_finished", job, acting_user=job.user, unit_path=plan.issuer.path, plan=plan.pk)


__all__ = ["ImportOutcome", "PlanImportError", "PlanStatus", "import_plan", "plan_report", "run_ocr_import"]
