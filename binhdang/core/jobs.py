"""Jobs a worker runs (core.Job) never stay "running" for ever.

A worker that dies in the middle of a job (killed, out of memory, the machine restarted) does not
acknowledge its task (CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST): the broker hands it
to another worker, which takes the job up again through :func:`claim` — at most ``MAX_ATTEMPTS``
times, then the job is failed with a message. A job whose worker went silent (no progress for
``JOB_STALE_MINUTES``), or that no worker took up (``JOB_QUEUED_MINUTES``), is failed by
:func:`sweep_stale_jobs`, which Celery beat runs every few minutes (``manage.py sweep_jobs`` for cron).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.core import audit
from binhdang.core.models import Job

MAX_ATTEMPTS = 2
INTERRUPTED = _("The work was interrupted (the server restarted or ran out of memory). Start it again.")
NEVER_STARTED = _("No worker took up this work; the background service may be stopped. Start it again later.")
TOO_MANY_ATTEMPTS = _("The work was interrupted twice; it was stopped. Tell the system administrator.")


def _fail(job: Job, message: Any, *, reason: str) -> None:
    job.status, job.message, job.finished_at = Job.Status.FAILED, str(message)[:300], timezone.now()
    job.save(update_fields=["status", "message", "finished_at"])
    audit.record("core.job_failed", job, acting_user=job.user, kind=job.kind, reason=reason)


@transaction.atomic(durable=True)
def claim(job_id: int) -> bool:
    """Take the job up in this worker: True when it is to be run now, False when it is finished,
    gone, or was taken up too many times (then it is failed with a message)."""
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None or job.status in (Job.Status.DONE, Job.Status.FAILED):
        return False
    if job.attempts >= MAX_ATTEMPTS:
        _fail(job, TOO_MANY_ATTEMPTS, reason="attempts")
        return False
    job.attempts += 1
    job.status, job.heartbeat_at = Job.Status.RUNNING, timezone.now()
    job.save(update_fields=["attempts", "status", "heartbeat_at"])
    return True


def sweep_stale_jobs(*, now: Any = None) -> list[int]:
    """Fail the jobs whose worker went silent or that no worker took up; their ids."""
    now = now or timezone.now()
    silent = now - timedelta(minutes=settings.JOB_STALE_MINUTES)
    waiting = now - timedelta(minutes=settings.JOB_QUEUED_MINUTES)
    stale = Job.objects.filter(
        Q(status=Job.Status.RUNNING, heartbeat_at__lt=silent)
        | Q(status=Job.Status.RUNNING, heartbeat_at__isnull=True, created_at__lt=silent)
        | Q(status=Job.Status.QUEUED, created_at__lt=waiting)
    ).values_list("pk", flat=True)
    failed = []
    for job_id in list(stale):
        with transaction.atomic(durable=True):
            job = Job.objects.select_for_update().get(pk=job_id)
            if job.status == Job.Status.RUNNING:
                _fail(job, INTERRUPTED, reason="silent")
            elif job.status == Job.Status.QUEUED:
                _fail(job, NEVER_STARTED, reason="never_started")
            else:
                continue
            failed.append(job_id)
    return failed
