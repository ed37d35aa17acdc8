"""Tell people something: an in-app notification, and an e-mail when they have an address.

E-mails leave after the transaction commits, so a rolled-back step sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from binhdang.core.models import Notification


def notify(
    users: Iterable[Any], *, kind: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    users = [u for u in {u.pk: u for u in users if u is not None and u.is_active}.values()]
    notes = Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, title=title[:300], body=body, url=url[:300]) for u in users]
    )
    addresses = [u.email for u in users if u.email]
    if addresses:
        link = (
            f"\n\n{settings.SITE_URL.rstrip('/')}{url}" if url and getattr(settings, "SITE_URL", "") else ""
        )
        messages = [EmailMessage(subject=title, body=body + link, to=[address]) for address in addresses]
        transaction.on_commit(lambda: get_connection(fail_silently=False).send_messages(messages))
    return notes


def mark_read(user: Any, notification_ids: list[int]) -> int:
    """The user has seen these notifications (only theirs are touched)."""
    return Notification.objects.filter(user=user, pk__in=notification_ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
