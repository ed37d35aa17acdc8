import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.reporting.reminders import send_reminders


class Command(BaseCommand):
    help = "Send the reminders due now (run it from cron; running it twice sends nothing twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--now", help="Replay a moment, e.g. 2026-12-16T08:00 (Asia/Ho_Chi_Minh).")

    def handle(self, *args: object, **options: object) -> None:
        now = None
        if options["now"]:
            try:
                now = datetime.datetime.fromisoformat(str(options["now"]))
            except ValueError as exc:
                raise CommandError(
                    _("--now “%(value)s” is not a date and time such as 2026-12-16T08:00.")
                    % {"value": options["now"]}
                ) from exc
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        sent = send_reminders(now=now)
        for item in sent:
            self.stdout.write(
                f"{item.step}\t{item.unit.code}\t{item.unit.name}\t{', '.join(item.recipients)}"
            )
        self.stdout.write(_("%(count)d reminder(s) sent.") % {"count": len(sent)})
