from celery import shared_task

from binhdang.gbv.services import escalate_overdue_referrals


@shared_task(name="gbv.escalate_referrals")
def escalate_referrals_task() -> int:
    """Celery beat runs this hourly; each overdue referral is escalated once."""
    return len(escalate_overdue_referrals())
