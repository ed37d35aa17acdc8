"""Rendering the consolidated report as a job: consolidate, render DOCX, XLSX or PDF, save the file
on a `core.Job`; the job page shows its progress, then offers the file."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from binhdang.analytics.engine import consolidate
from binhdang.core import audit
from binhdang.core.models import Job
from binhdang.documents.annex import render_report_xlsx
from binhdang.documents.pdf import PdfConversionError
from binhdang.documents.provincial_report import render_report_docx, render_report_pdf
from binhdang.documents.services import narratives
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod

logger = logging.getLogger(__name__)

JOB_KIND = "render_report"
FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


RENDERERS: dict[str, Callable[..., bytes | None]] = {
    "xlsx": lambda report, written: render_report_xlsx(report),
    "docx": lambda report, written: render_report_docx(report, narrative=written),
    "pdf": lambda report, written: render_report_pdf(report, narrative=written),
}


def render(
    period: ReportingPeriod, root: OrgUnit, fmt: str, *, provisional: bool = False, progress: Any = None
) -> bytes:
    """Consolidate and render one format. `progress(percent, message)` is told how far it got.
    Raises PdfConversionError (its text is for the person) when a PDF cannot be made."""
    tell = progress or (lambda percent, message: None)
    tell(10, _("Adding up the figures…"))
    # An official document is Vietnamese by law, whatever the language of the screen: its labels
    # (elements, kinds of unit, statuses) are looked up in Vietnamese.
    with translation.override("vi"):
        report = consolidate(period, root, provisional=provisional)
    tell(50, _("Converting to PDF…") if fmt == "pdf" else _("Writing the document…"))
    # What the coordinator wrote (assessment, difficulties, recommendations) is read afresh: a
    # report made again after a late report keeps the person's text and has the new figures.
    written = {part: item.text for part, item in narratives(period, root).items() if item.text.strip()}
    with translation.override("vi"):
        data = RENDERERS[fmt](report, written)
    if data is None:
        raise PdfConversionError(
            _("PDF needs LibreOffice, which is not installed on the server. Download the Word file.")
        )
    return data


@transaction.atomic(durable=True)
def start_render_job(
    user: Any,
    period: ReportingPeriod,
    root: OrgUnit,
    fmt: str,
    *,
    provisional: bool,
    enqueue: Callable[[int], Any],
) -> Job:
    """Create the job and, once the transaction commits, hand its id to `enqueue` (the Celery
    task's `delay`: `binhdang.documents.tasks` imports this module, not the other way round)."""
    job = Job.objects.create(
        user=user,
        kind=JOB_KIND,
        params={
            "period": period.pk,
            "unit": root.code,
            "format": fmt,
            "provisional": provisional,
        },
    )
    audit.record("documents.render_requested", job, acting_user=user, unit_path=root.path, format=fmt)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def run_render_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    params = job.params
    period = ReportingPeriod.objects.select_related("template", "plan").get(pk=params["period"])
    root = OrgUnit.objects.get(code=params["unit"])
    fmt = params["format"]
    try:
        data = render(period, root, fmt, provisional=params.get("provisional", False), progress=job.step)
    except Exception as exc:  # the job page says why in words for a person; the log has the rest
        logger.exception("render job %s failed", job.pk)
        said = str(exc) if isinstance(exc, PdfConversionError) else _(
            "The document could not be made. Try again; if it fails again, tell the system administrator."
        )
        job.status, job.message, job.finished_at = Job.Status.FAILED, said[:300], timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        audit.record("documents.render_failed", job, acting_user=job.user, unit_path=root.path, format=fmt)
        return
    name = f"bao-cao-{period.code}-{root.code}{'-tam-tinh' if params.get('provisional') else ''}.{fmt}"
    job.result.save(f"{job.pk}-{name}", ContentFile(data), save=False)
    job.result_name, job.content_type = name, FORMATS[fmt]
    job.status, job.progress, job.message, job.finished_at = Job.Status.DONE, 100, _("Ready."), timezone.now()
    job.save()
    audit.record("documents.render_finished", job, acting_user=job.user, unit_path=root.path, format=fmt)
