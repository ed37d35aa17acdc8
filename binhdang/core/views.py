from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.core.models import Notification
from binhdang.core.notify import mark_all_read, mark_read


def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read."""
    items = list(Notification.objects.filter(user=request.user)[:100])
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        mark_read(request.user, unread)
    return render(request, "core/notifications.html", {"items": items, "unread": set(unread)})


@login_required
@require_POST
def mark_all_notifications_read(request: HttpRequest) -> HttpResponse:
    """Every unread notification of the user, also those older than the page shows, is read."""
    count = mark_all_read(request.user)
    messages.success(request, _("%(count)d notification(s) marked as read.") % {"count": count})
    return redirect("core:notifications")
