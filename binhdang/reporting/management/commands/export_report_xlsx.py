from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from binhdang.reporting.commands import period_and_unit
from binhdang.reporting.importing import export_report


class Command(BaseCommand):
    help = "Write a unit's report for a period as an Excel workbook to fill offline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Unit code, e.g. 05830")
        parser.add_argument("--period", required=True, help="Period code, or the year when it has one period")
        parser.add_argument("--out", required=True)

    def handle(self, *args: object, **options: object) -> None:
        period, unit = period_and_unit(options["period"], options["unit"])
        Path(str(options["out"])).write_bytes(export_report(period, unit))
        self.stdout.write(_("Written: %(path)s") % {"path": options["out"]})
