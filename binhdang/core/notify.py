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
from django.utils.translation import gettext as _

from binhdang.core.models import Notification


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's one configured address (settings.SITE_URL) and the path,
    never the Host header of whichever request happened to send it."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def with_link(body: str, path: str) -> str:
    """An e-mail body followed by a whole sentence giving the absolute link to `path`."""
    if not path:
        return body
    line = _("Open it in Bình Đẳng: %(link)s") % {"link": absolute_url(path)}
    return f"{body}\n\n{line}" if body else line


def notify(
    users: Iterable[Any], *, kind: str, title: str, body: str = "", url: str = ""
) -> list[Notification]:
    users = [u for u in {u.pk: u for u in users if u is not None and u.is_active}.values()]
    notes = Notification.objects.bulk_create(
        [Notification(user=u, kind=kind, title=title[:300], body=body, url=url[:300]) for u in users]
    )
    addresses = [u.email for u in users if u.email]
    if addresses:
        text = with_link(body, url)
        messages = [EmailMessage(subject=title, body=text, to=[address]) for address in addresses]
        transaction.on_commit(lambda: get_connection(fail_silently=False).send_messages(messages))
    return notes


def mark_read(user: Any, notification_ids: list[int]) -> int:
    """The user has seen these notifications (only theirs are touched)."""
    return Notification.objects.filter(user=user, pk__in=notification_ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def mark_all_read(user: Any) -> int:
    """Every unread notification of the user is read now, also those beyond the page's list."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
