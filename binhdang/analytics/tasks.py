from celery import shared_task

from binhdang.analytics.services import run_render_job


@shared_task(name="analytics.render_report")
def render_report_task(job_id: int) -> None:
    run_render_job(job_id)
