from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from binhdang.core import pending_uploads
from binhdang.plans.services import ABANDONED_AFTER_DAYS, purge_abandoned_drafts


class Command(BaseCommand):
    help = "Delete imported plan drafts left untouched for a week (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=ABANDONED_AFTER_DAYS)

    def handle(self, *args: object, **options: object) -> None:
        deleted = purge_abandoned_drafts(older_than_days=int(options["days"]))
        pending_uploads.purge_all()  # uploads kept aside for a confirmation never given (plans, reports)
        self.stdout.write(_("%(count)d abandoned draft(s) deleted.") % {"count": len(deleted)})
        for title in deleted:
            self.stdout.write("  - " + title)
