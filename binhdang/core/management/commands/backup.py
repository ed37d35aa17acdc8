from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from binhdang.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into one .tar.gz (see core/backup.py)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--out", help="the archive to write (default: var/backups/binhdang-<time>.tar.gz)"
        )

    def handle(self, *args: object, **options: object) -> None:
        out = options["out"] or str(
            Path(settings.VAR_DIR) / "backups" / f"binhdang-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            summary = backup(Path(str(out)))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(summary.tables.values())
        self.stdout.write(
            f"{summary.path}: {rows} rows in {len(summary.tables)} tables, {summary.files} files."
        )
