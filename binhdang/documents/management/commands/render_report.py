from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.documents.jobs import FORMATS, render
from binhdang.reporting.commands import period_and_unit


class Command(BaseCommand):
    help = "Write the consolidated report of a unit's subtree as DOCX, XLSX (annex) or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True)
        parser.add_argument("--unit", required=True)
        parser.add_argument("--format", choices=list(FORMATS), default="docx")
        parser.add_argument("--out", required=True)
        parser.add_argument("--provisional", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        period, root = period_and_unit(options["period"], options["unit"])
        try:
            data = render(period, root, str(options["format"]), provisional=bool(options["provisional"]))
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        Path(str(options["out"])).write_bytes(data)
        self.stdout.write(_("Written: %(path)s") % {"path": options["out"]})
