from celery import shared_task

from binhdang.core.jobs import claim
from binhdang.documents.jobs import run_render_job


# The name predates the move to `documents`: jobs queued under it by a running worker still run.
@shared_task(name="analytics.render_report")
def render_report_task(job_id: int) -> None:
    if claim(job_id):  # not a job already finished, nor one interrupted too often (core.jobs)
        run_render_job(job_id)
