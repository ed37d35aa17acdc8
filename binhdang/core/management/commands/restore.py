from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from binhdang.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup made by `backup`, then check "
        "every table against the backup's counts. Stop the site and the workers first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: object, **options: object) -> None:
        if not options["yes"]:
            answer = input("Everything in the current database and MEDIA_ROOT is replaced. Type 'yes': ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing was restored.")
        try:
            summary = restore(Path(str(options["archive"])))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(summary.tables.values())
        self.stdout.write(f"Restored {rows} rows in {len(summary.tables)} tables and {summary.files} files.")
