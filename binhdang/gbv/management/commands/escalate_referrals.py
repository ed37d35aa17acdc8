from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from binhdang.gbv.services import escalate_overdue_referrals


class Command(BaseCommand):
    help = "Tell the supervisors about referrals not answered by their deadline (each referral once)."

    def handle(self, *args: object, **options: object) -> None:
        escalated = escalate_overdue_referrals()
        self.stdout.write(_("%(count)d overdue referrals escalated.") % {"count": len(escalated)})
