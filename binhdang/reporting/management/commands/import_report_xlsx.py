from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.reporting.commands import period_and_unit
from binhdang.reporting.importing import describe, import_report, plan_import


class Command(BaseCommand):
    help = (
        "Read a filled report workbook (e.g. received by e-mail) into a unit's report. All or nothing; "
        "cells changed in the report since the workbook was exported are refused unless --keep-mine, "
        "and cells the workbook leaves empty are cleared only with --clear-empty."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--unit", required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--dry-run", action="store_true", help="Check the file, save nothing.")
        parser.add_argument(
            "--keep-mine",
            action="store_true",
            help="Write the file's value even in cells changed in the report since the export.",
        )
        parser.add_argument(
            "--clear-empty", action="store_true", help="Clear the cells the file leaves empty."
        )

    def handle(self, *args: object, **options: object) -> None:
        period, unit = period_and_unit(options["period"], options["unit"])
        path = Path(str(options["path"]))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        plan = plan_import(period, unit, data)
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(describe(error))
            raise CommandError(
                _("%(count)d problem(s) found: nothing was saved.") % {"count": len(plan.errors)}
            )
        self.stdout.write(
            _(
                "%(changes)d cells changed by the file, %(clears)d left empty that hold a figure, "
                "%(conflicts)d changed in the report since the export."
            )
            % {"changes": len(plan.changes), "clears": len(plan.clears), "conflicts": len(plan.conflicts)}
        )
        for cell in plan.conflicts:
            self.stdout.write(
                _("%(cell)s: “%(mine)s” in the file, “%(online)s” in the report")
                % {"cell": cell.label, "mine": cell.mine or "—", "online": cell.online or "—"}
            )
        if options["dry_run"]:
            self.stdout.write(
                _("The file is valid (%(count)d values); nothing was saved (dry run).")
                % {"count": len(plan.values)}
            )
            return
        if plan.conflicts and not options["keep_mine"]:
            raise CommandError(
                _(
                    "%(count)d cells changed in the report since the file was exported: nothing was "
                    "saved. Export the report again, or use --keep-mine to write the file's values."
                )
                % {"count": len(plan.conflicts)}
            )
        keep = {cell.ident: cell.version for cell in plan.conflicts} if options["keep_mine"] else {}
        result = import_report(
            period,
            unit,
            data,
            acting_user=None,
            source=path.name,
            keep_mine=keep,
            clear_empty=bool(options["clear_empty"]),
        )
        if result.errors or result.stale:
            for error in result.errors:
                self.stderr.write(describe(error))
            raise CommandError(_("The report changed while the file was read: nothing was saved."))
        self.stdout.write(_("Saved %(count)d values.") % {"count": result.written})
