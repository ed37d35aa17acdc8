from celery import shared_task

from binhdang.reporting.reminders import send_reminders


@shared_task(name="reporting.send_reminders")
def send_reminders_task() -> int:
    """Celery beat runs this every morning; it sends each reminder step once."""
    return len(send_reminders())
