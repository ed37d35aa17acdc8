from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.core.loading import DataError
from binhdang.indicators.loader import INDICATORS_FILE, load_indicators


class Command(BaseCommand):
    help = (
        "Load or refresh the indicators and their targets from their JSON file. Idempotent; nothing is "
        "deleted; a bad file changes nothing. Load the report template first (load_template)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            help=f"The indicators file (default: {INDICATORS_FILE.relative_to(INDICATORS_FILE.parents[3])}).",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = load_indicators(options["file"] or None)
        except DataError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(_("Indicators: %(indicators)d indicators, %(targets)d targets.") % result.totals)
        self.stdout.write(
            _("Changes: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )
