from typing import Any

from django.core.management.base import BaseCommand

from binhdang.feedback.escalation import run_escalations, send_digests


class Command(BaseCommand):
    help = "Escalate feedback items near or past their time limit and send the day's digests (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for sent in run_escalations():
            self.stdout.write(f"{sent.item.code} {sent.step} → {', '.join(sent.recipients) or '-'}")
        for digest in send_digests():
            self.stdout.write(
                f"digest {digest.unit.code}: {digest.items} → {', '.join(digest.recipients) or '-'}"
            )
