from django.core.management.base import BaseCommand

from binhdang.core.jobs import sweep_stale_jobs


class Command(BaseCommand):
    help = "Fail the background jobs whose worker died or that no worker took up (run from cron or beat)."

    def handle(self, *args: object, **options: object) -> None:
        failed = sweep_stale_jobs()
        self.stdout.write(f"{len(failed)} job(s) marked as failed.")
