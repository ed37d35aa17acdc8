from django.http import HttpRequest


def memberships(request: HttpRequest) -> dict[str, object]:
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {"memberships": request.memberships, "active_membership": request.membership}
