"""Which of a user's memberships is active: the unit switcher writes it to the session."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

SESSION_KEY = "active_membership"


def _memberships(request: HttpRequest) -> list:
    if not request.user.is_authenticated:
        return []
    cached = getattr(request, "_memberships", None)
    if cached is None:
        cached = list(
            request.user.memberships.select_related("unit").order_by("unit__depth", "unit__sort_key")
        )
        request._memberships = cached
    return cached


def _active(request: HttpRequest):
    memberships = _memberships(request)
    if not memberships:
        return None
    wanted = request.session.get(SESSION_KEY)
    for membership in memberships:
        if membership.pk == wanted:
            return membership
    return memberships[0]


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = SimpleLazyObject(lambda: _memberships(request))
        request.membership = SimpleLazyObject(lambda: _active(request))
        return self.get_response(request)
