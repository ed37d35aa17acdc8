import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from binhdang.plans.importing import PlanImportError, import_plan


class Command(BaseCommand):
    help = (
        "Import a plan document (.docx, .doc, .pdf, .txt, .md; a scan or photo with --ocr): its parts, "
        "tasks, addressees and deadlines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--dry-run", action="store_true", help="Read and match, save nothing.")
        parser.add_argument("--json", action="store_true", help="Print the result as one JSON object.")
        parser.add_argument("--publish", action="store_true", help="Publish at once when every name matched.")
        parser.add_argument(
            "--ocr", action="store_true", help="Read a scanned PDF or a photo by OCR (seconds a page)."
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["path"]))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}
            ) from exc
        try:
            outcome = import_plan(
                data,
                path.name,
                dry_run=bool(options["dry_run"]),
                publish=bool(options["publish"]),
                ocr=bool(options["ocr"]),
            )
        except PlanImportError as exc:
            raise CommandError(exc.message) from exc
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        report = outcome.report
        if options["dry_run"]:
            report.pop("id", None)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        if outcome.duplicate:
            self.stdout.write(
                _("This document was imported before (plan #%(id)s): nothing new was saved.")
                % {"id": report["id"]}
            )
        self.stdout.write(
            _(
                "%(title)s — %(sections)d areas of work, %(addressees)d addressees, "
                "%(unmatched)d unmatched names."
            )
            % {
                "title": report["title"],
                "sections": len(report["sections"]),
                "addressees": len(report["assignments"]),
                "unmatched": len(report["unmatched"]),
            }
        )
        for name in report["unmatched"]:
            self.stdout.write("  ? " + name)
        for warning in outcome.warnings:
            self.stdout.write("  ! " + warning)
