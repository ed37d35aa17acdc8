import json

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from binhdang.analytics.engine import consolidate
from binhdang.reporting.commands import period_and_unit


class Command(BaseCommand):
    help = "Consolidate a period over a unit's subtree (accepted reports; --provisional: all sent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--unit", required=True, help="The root unit's code, e.g. 19 for Thái Nguyên")
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--provisional", action="store_true", help="Include reports not yet accepted.")

    def handle(self, *args: object, **options: object) -> None:
        period, root = period_and_unit(options["period"], options["unit"])
        report = consolidate(period, root, provisional=bool(options["provisional"]))
        if options["json"]:
            self.stdout.write(json.dumps(report.totals_json(), ensure_ascii=False, indent=2))
            return
        c = report.completeness
        self.stdout.write(f"{report.root_name} · {report.period_name}")
        self.stdout.write(
            _("Reports: %(sent)d of %(expected)d sent, %(accepted)d accepted.")
            % {"sent": c.sent, "expected": c.expected, "accepted": c.accepted}
        )
        for element in report.elements():
            if element.total is not None:
                self.stdout.write(f"  {element.code:<32} {element.total}")
