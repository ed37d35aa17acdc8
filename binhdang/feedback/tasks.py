from celery import shared_task

from binhdang.feedback.escalation import run_escalations, send_digests


@shared_task(name="feedback.daily")
def feedback_daily_task() -> int:
    """Celery beat runs this hourly; each escalation step and each day's digest is sent once."""
    return len(run_escalations()) + len(send_digests())
