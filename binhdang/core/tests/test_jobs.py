"""A job interrupted by a worker's death is taken up again or failed with a message, never left running."""

from datetime import timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from binhdang.core.jobs import MAX_ATTEMPTS, claim, sweep_stale_jobs
from binhdang.core.models import AuditEvent, Job
from binhdang.core.tests.helpers import PersonaTestCase


class JobSweepTests(PersonaTestCase):
    def job(self, status: str, *, age_minutes: int = 0, heartbeat_minutes: int | None = None) -> Job:
        job = Job.objects.create(user=self.coordinator, kind="render_report", status=status)
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            created_at=now - timedelta(minutes=age_minutes),
            heartbeat_at=None if heartbeat_minutes is None else now - timedelta(minutes=heartbeat_minutes),
        )
        job.refresh_from_db()
        return job

    def test_a_silent_running_job_and_a_job_nobody_took_are_failed_with_a_message(self) -> None:
        dead = self.job(Job.Status.RUNNING, age_minutes=90, heartbeat_minutes=45)
        alive = self.job(Job.Status.RUNNING, age_minutes=90, heartbeat_minutes=2)
        waiting = self.job(Job.Status.QUEUED, age_minutes=500)
        fresh = self.job(Job.Status.QUEUED, age_minutes=1)
        done = self.job(Job.Status.DONE, age_minutes=900, heartbeat_minutes=800)
        out = StringIO()
        call_command("sweep_jobs", stdout=out)
        self.assertIn("2 job(s)", out.getvalue())
        for job in (dead, alive, waiting, fresh, done):
            job.refresh_from_db()
        self.assertEqual(dead.status, Job.Status.FAILED)
        self.assertIn("bị gián đoạn", dead.message)
        self.assertEqual(waiting.status, Job.Status.FAILED)
        self.assertEqual((alive.status, fresh.status, done.status), ("running", "queued", "done"))
        self.assertEqual(AuditEvent.objects.filter(event_type="core.job_failed").count(), 2)
        self.assertEqual(sweep_stale_jobs(), [])  # once

    def test_a_redelivered_job_is_taken_up_again_at_most_twice(self) -> None:
        job = self.job(Job.Status.QUEUED)
        self.assertTrue(claim(job.pk))  # the first worker, killed mid-job
        self.assertTrue(claim(job.pk))  # the broker hands the task to another
        self.assertFalse(claim(job.pk))  # and a third time: stopped
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (Job.Status.FAILED, MAX_ATTEMPTS))
        self.assertIn("hai lần", job.message)

    def test_a_finished_job_is_not_run_again(self) -> None:
        job = self.job(Job.Status.DONE)
        self.assertFalse(claim(job.pk))
        self.assertFalse(claim(987654))
