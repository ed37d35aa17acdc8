from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.reporting.commands import period_and_unit
from binhdang.reporting.importing import describe, import_report


class Command(BaseCommand):
    help = "Read a filled report workbook (e.g. received by e-mail) into a unit's report. All or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")

    def handle(self, *args: object, **options: object) -> None:
        period, unit = period_and_unit(options["period"], options["unit"])
        path = Path(str(options["path"]))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        result = import_report(
            period, unit, data, acting_user=None, source=path.name, dry_run=bool(options["dry_run"])
        )
        if result.errors:
            for error in result.errors:
                self.stderr.write(describe(error))
            raise CommandError(
                _("%(count)d problem(s) found: nothing was saved.") % {"count": len(result.errors)}
            )
        if result.saved:
            self.stdout.write(_("Saved %(count)d values.") % {"count": len(result.values)})
        else:
            self.stdout.write(
                _("The file is valid (%(count)d values); nothing was saved (dry run).")
                % {"count": len(result.values)}
            )
