from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.importing import export_report
from binhdang.reporting.services import find_period


class Command(BaseCommand):
    help = "Write a unit's report for a period as an Excel workbook to fill offline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="Unit code, e.g. 05830")
        parser.add_argument("--period", required=True, help="Period code, or the year when it has one period")
        parser.add_argument("--out", required=True)

    def handle(self, *args: object, **options: object) -> None:
        try:
            period = find_period(str(options["period"]))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        unit = OrgUnit.objects.filter(code=options["unit"]).first()
        if unit is None:
            raise CommandError(_("There is no unit with the code “%(code)s”.") % {"code": options["unit"]})
        Path(str(options["out"])).write_bytes(export_report(period, unit))
        self.stdout.write(_("Written: %(path)s") % {"path": options["out"]})
