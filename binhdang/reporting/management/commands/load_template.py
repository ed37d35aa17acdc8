from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core.loading import DataError
from binhdang.reporting.loader import TEMPLATE_FILE, load_dimensions, load_template


class Command(BaseCommand):
    help = (
        "Load or refresh the dimensions and a report template (elements, sections, rules) from their "
        "JSON files. Idempotent; a bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            help=f"The template file (default: {TEMPLATE_FILE.relative_to(TEMPLATE_FILE.parents[3])}).",
        )

    def handle(self, *args: object, **options: object) -> None:
        try:
            with transaction.atomic():
                dimensions = load_dimensions()
                template = load_template(options["file"] or None)
        except DataError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            _("Dimensions: %(dimensions)d dimensions, %(options)d options.") % dimensions.totals
        )
        self.stdout.write(
            _(
                "Template: %(elements)d elements, %(sections)d sections, %(placements)d placements, "
                "%(rules)d rules."
            )
            % template.totals
        )
        self.stdout.write(
            _(
                "Changes: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
                "%(deleted)d deleted."
            )
            % {
                "created": dimensions.created + template.created,
                "updated": dimensions.updated + template.updated,
                "unchanged": dimensions.unchanged + template.unchanged,
                "deleted": dimensions.deleted + template.deleted,
            }
        )
        kept = dimensions.kept + template.kept
        if kept:
            self.stdout.write(
                _("Kept because reported values still use them: %(items)s.") % {"items": ", ".join(kept)}
            )
