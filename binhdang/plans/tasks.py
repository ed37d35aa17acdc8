from celery import shared_task

from binhdang.core import pending_uploads
from binhdang.core.jobs import claim
from binhdang.plans.importing import run_ocr_import
from binhdang.plans.services import purge_abandoned_drafts


@shared_task(name="plans.purge_abandoned_drafts")
def purge_abandoned_drafts_task() -> int:
    pending_uploads.purge_all()  # uploads kept aside and never used, plans' and reports' alike
    return len(purge_abandoned_drafts())


@shared_task(name="plans.ocr_import")
def ocr_import_task(job_id: int) -> None:
    if claim(job_id):  # not a job already finished, nor one interrupted too often (core.jobs)
        run_ocr_import(job_id)
