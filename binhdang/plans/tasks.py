from celery import shared_task

from binhdang.plans import pending_uploads
from binhdang.plans.importing import run_ocr_import
from binhdang.plans.services import purge_abandoned_drafts


@shared_task(name="plans.purge_abandoned_drafts")
def purge_abandoned_drafts_task() -> int:
    pending_uploads.purge()
    return len(purge_abandoned_drafts())


@shared_task(name="plans.ocr_import")
def ocr_import_task(job_id: int) -> None:
    run_ocr_import(job_id)
