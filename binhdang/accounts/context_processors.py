from django.http import HttpRequest


def memberships(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    from django.utils.functional import SimpleLazyObject

    from binhdang.core.models import Notification

    unread = SimpleLazyObject(
        lambda: Notification.objects.filter(user=request.user, read_at__isnull=True).count()
    )
    return {
        "memberships": request.memberships,
        "active_membership": request.membership,
        "unread_count": unread,
    }
