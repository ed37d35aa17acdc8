from typing import Any

from django.core.management.base import BaseCommand

from binhdang.feedback.deadlines import load_rules


class Command(BaseCommand):
    help = "Load the national deadline rules of feedback/data/deadline_rules.json (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{load_rules()} rules")
