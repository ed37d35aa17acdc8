from celery import shared_task

from binhdang.core.jobs import sweep_stale_jobs


@shared_task(name="core.sweep_stale_jobs")
def sweep_stale_jobs_task() -> int:
    return len(sweep_stale_jobs())
