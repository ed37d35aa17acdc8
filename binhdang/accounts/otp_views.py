"""The second factor's pages: set up an authenticator app, give a code at log-in (two_factor)."""

from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp import match_token

from binhdang.accounts.two_factor import DONE, STATE_KEY, do_confirm_device, pending_device
from binhdang.core.forms import BootstrapMixin
from binhdang.core.redirects import safe_next


class CodeForm(BootstrapMixin, forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _back(request: HttpRequest) -> str:
    return safe_next(request, reverse("accounts:home"))


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Show the secret of a new authenticator device (QR code and text) and confirm it with a code."""
    user = request.user
    device = pending_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"].replace(" ", "")
        if device.verify_token(token):
            codes = do_confirm_device(device, acting_user=user)
            otp_login(request, device)
            request.session[STATE_KEY] = DONE
            return render(
                request,
                "accounts/otp_codes.html",
                {"codes": codes, "next": _back(request)},
            )
        form.add_error(
            "token", _("This code is not right: check the time on your phone and type the new code.")
        )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m").svg_inline(scale=4, title=_("QR code to scan"))
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "secret": secret, "qr": mark_safe(qr), "next": _back(request)},  # noqa: S308 (segno's own SVG)
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code of the user's authenticator app (or a recovery code) after the password."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"].replace(" ", ""))
        if device is not None:
            otp_login(request, device)
            request.session[STATE_KEY] = DONE
            return HttpResponseRedirect(safe_next(request, reverse("accounts:home")))
        form.add_error("token", _("This code is not right, or was already used. Type the new code."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _back(request)})
