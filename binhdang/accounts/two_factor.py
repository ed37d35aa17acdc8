"""The second factor (TOTP, django-otp) for the accounts that can see or change the most.

Who needs it (``needs_second_factor``): superusers, administrators, coordinators, a viewer (leader) of
a province or the country, and every GBV role. With ``OTP_REQUIRED`` (on in the production profile)
such a user must set up an authenticator app at the first log-in and give a code at every log-in;
in the embedded demo it is offered, not forced, so the demo accounts keep working. Whoever has set
up a device is asked for its code at log-in in either profile. Ten recovery codes (django-otp's
static device) stand in for a lost phone, each once; an administrator resets a user's second factor
from the user's page in the admin.

What the session needs is decided once at log-in (``STATE_KEY``), so that a page costs no query.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from binhdang.accounts.choices import Role
from binhdang.core import audit
from binhdang.orgunits.choices import OrgUnitKind

STATE_KEY = "second_factor"
VERIFY, SETUP, OFFER, DONE = "verify", "setup", "offer", "done"
RECOVERY_CODES = 10
PRIVILEGED_ROLES = frozenset(
    {
        Role.ADMIN,
        Role.COORDINATOR,
        Role.GBV_WORKER,
        Role.GBV_SUPERVISOR,
        Role.GBV_PROVIDER,
        Role.DATA_PROTECTION,
    }
)
LEADER_KINDS = frozenset({OrgUnitKind.PROVINCE, OrgUnitKind.COUNTRY, OrgUnitKind.MINISTRY})
# Pages a user who still owes the second factor may open.
OPEN_PATHS = ("/accounts/2fa/", "/accounts/logout/", "/static/", "/i18n/", "/favicon")


def needs_second_factor(user: Any) -> bool:
    if user.is_superuser:
        return True
    for role, kind in user.memberships.values_list("role", "unit__kind"):
        if role in PRIVILEGED_ROLES or (role == Role.VIEWER and kind in LEADER_KINDS):
            return True
    return False


def confirmed_devices(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def state_for(user: Any) -> str:
    if confirmed_devices(user):
        return VERIFY
    if needs_second_factor(user):
        return SETUP if settings.OTP_REQUIRED else OFFER
    return DONE


@receiver(user_logged_in, dispatch_uid="binhdang-second-factor")
def _decide(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[STATE_KEY] = state_for(user)


def pending(request: HttpRequest) -> str:
    """What the session still owes: VERIFY, SETUP, or "" (nothing, or only an offer)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    state = request.session.get(STATE_KEY)
    if state is None:  # a session from before the second factor: decide now, once
        state = state_for(user)
        request.session[STATE_KEY] = state
    return state if state in (VERIFY, SETUP) else ""


class SecondFactorMiddleware:
    """Send a user who owes the second factor to its page before anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        owed = pending(request)
        if owed and not request.path.startswith(OPEN_PATHS):
            target = reverse("accounts:otp_verify" if owed == VERIFY else "accounts:otp_setup")
            nxt = request.get_full_path() if request.method == "GET" else reverse("accounts:home")
            return HttpResponseRedirect(f"{target}?{urlencode({'next': nxt})}")
        return self.get_response(request)


@transaction.atomic(durable=True)
def pending_device(user: Any) -> TOTPDevice:
    """The authenticator device being set up (its secret shown until the user confirms it with a code):
    the one waiting, else a new one."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=_("Authenticator app"), confirmed=False)


@transaction.atomic(durable=True)
def do_confirm_device(device: TOTPDevice, *, acting_user: Any) -> list[str]:
    """Confirm the user's authenticator app and give him ten new recovery codes (shown once)."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    codes = new_recovery_codes(device.user)
    audit.record("accounts.second_factor_set_up", device.user, acting_user=acting_user)
    return codes


def new_recovery_codes(user: Any) -> list[str]:
    """Replace the user's recovery codes with ten new ones (inside the caller's transaction)."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery")
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic(durable=True)
def do_reset_second_factor(user: Any, *, acting_user: Any) -> None:
    """Remove every device of the user (an administrator's reset): the next log-in sets one up again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record("accounts.second_factor_reset", user, acting_user=acting_user)
