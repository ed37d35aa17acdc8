from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from binhdang.accounts.choices import Action, Role
from binhdang.orgunits.choices import OrgUnitKind
from binhdang.orgunits.models import OrgUnit

# Which home-page template each role gets.
HOME_TEMPLATES = {
    Role.ADMIN: "core/home_admin.html",
    Role.COORDINATOR: "core/home_coordinator.html",
    Role.REPORTER: "core/home_unit.html",
    Role.HEAD: "core/home_unit.html",
    Role.VIEWER: "core/home_viewer.html",
    Role.GBV_WORKER: "core/home_unit.html",
    Role.FEEDBACK_HANDLER: "core/home_unit.html",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not membership:
        if request.user.is_superuser:
            return render(request, "core/home_admin.html", _scope_summary(request))
        return render(request, "core/home_no_membership.html")
    context = {"membership": membership, "unit": membership.unit}
    if membership.role in (Role.ADMIN, Role.COORDINATOR, Role.VIEWER):
        context |= _scope_summary(request, membership.unit)
    return render(request, HOME_TEMPLATES[membership.role], context)


def _scope_summary(request: HttpRequest, unit: OrgUnit | None = None) -> dict[str, object]:
    units = OrgUnit.objects.restrict(request.user, Action.VIEW)
    if unit is not None:
        units = units.subtree(unit, include_self=False)
    counts = dict(units.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    labels = dict(OrgUnitKind.choices)
    rows = [(labels[kind], counts[kind], kind) for kind in OrgUnitKind.values if counts.get(kind)]
    return {"kind_counts": rows, "unit_total": sum(counts.values())}


def healthz(request: HttpRequest) -> JsonResponse:
    """For the load balancer: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; opening the page marks them read."""
    from binhdang.core.models import Notification
    from binhdang.core.notify import mark_read

    items = list(Notification.objects.filter(user=request.user)[:100])
    unread = [n.pk for n in items if n.read_at is None]
    if unread:
        mark_read(request.user, unread)
    return render(request, "core/notifications.html", {"items": items, "unread": set(unread)})
