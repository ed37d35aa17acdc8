from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from binhdang.core.models import Notification


def memberships(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    unread = SimpleLazyObject(
        lambda: Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    )
    return {
        "memberships": request.memberships,
        "active_membership": request.membership,
        "unread_count": unread,
    }
