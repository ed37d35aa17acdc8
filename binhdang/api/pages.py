"""The user's API tokens page: create one (shown once), see when each was used, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.api.forms import TokenForm
from binhdang.api.models import ApiToken
from binhdang.api.services import do_create_token, do_revoke_token


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            token, created = do_create_token(
                request.user, form.cleaned_data["name"], form.cleaned_data["days"], acting_user=request.user
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field, error)
            else:
                form.add_error(None, exc)
        else:
            form = TokenForm()
    rows = list(ApiToken.objects.filter(user=request.user).order_by("-created_at")[:100])
    return render(
        request,
        "api/tokens.html",
        {"form": form, "created": created, "tokens": rows, "now": timezone.now()},
    )


@login_required
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)  # one's own tokens only
    do_revoke_token(token, acting_user=request.user)
    messages.success(
        request, _("The token “%(name)s” was revoked: it no longer opens the API.") % {"name": token.name}
    )
    return redirect("api:tokens")
