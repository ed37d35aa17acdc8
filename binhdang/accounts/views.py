import math
from datetime import timedelta

from axes.helpers import get_client_ip_address
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.accounts import two_factor
from binhdang.accounts.choices import Role
from binhdang.accounts.forms import LoginForm, PasswordChangeForm, PasswordResetForm, SetPasswordForm
from binhdang.accounts.middleware import SESSION_KEY
from binhdang.core import throttle
from binhdang.core.notify import absolute_url
from binhdang.core.redirects import safe_next
from binhdang.core.scoping import Action
from binhdang.orgunits.choices import OrgUnitKind, kind_label
from binhdang.orgunits.models import OrgUnit


def address_locked(request: HttpRequest) -> bool:
    """True when the request's address failed more log-ins, across usernames, than AXES_IP_FAILURE_LIMIT
    within the cool-off (password spraying); django-axes itself locks each username across addresses."""
    cutoff = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    failures = AccessAttempt.objects.filter(
        ip_address=get_client_ip_address(request), attempt_time__gte=cutoff
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return (failures or 0) >= settings.AXES_IP_FAILURE_LIMIT


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if address_locked(request):
            return locked_out(request, None, None)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        if self.request.session.get(two_factor.STATE_KEY) == two_factor.OFFER:
            messages.info(
                self.request,
                _(
                    "Your account can see sensitive information: protect it with a second factor "
                    "(a code from an app on your phone). Set it up from “Second factor” in your menu."
                ),
            )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")


RESET_WINDOW = 3600  # seconds: PASSWORD_RESET_LIMIT is counted per hour


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetForm
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        """At most PASSWORD_RESET_LIMIT requests an hour from one address and for one e-mail address:
        the reset mail cannot be used to flood a mailbox or to probe addresses at speed."""
        email = form.cleaned_data["email"].strip().lower()
        counted = [
            ("password-reset:ip", get_client_ip_address(self.request) or ""),
            ("password-reset:email", email),
        ]
        for scope, who in counted:
            if not throttle.allow(scope, who, limit=settings.PASSWORD_RESET_LIMIT, window=RESET_WINDOW):
                return render(
                    self.request,
                    "accounts/password_reset_throttled.html",
                    {"minutes": max(1, math.ceil(throttle.retry_after(RESET_WINDOW) / 60))},
                    status=429,
                )
        return super().form_valid(form)

    @property
    def extra_email_context(self) -> dict[str, str]:
        """The link in the e-mail starts from the one configured address, not the request's Host."""
        return {"site_url": absolute_url("")}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        axes_reset(username=form.user.get_username())  # a new password lifts a log-in lockout
        return response


@login_required
@require_POST
def switch_unit(request: HttpRequest) -> HttpResponse:
    """Make another of the user's memberships the active one."""
    try:
        wanted = int(request.POST.get("membership", ""))
    except ValueError:
        wanted = None
    membership = next((m for m in request.memberships if m.pk == wanted), None)
    if membership is None:
        messages.error(request, _("That unit is not one of yours."))
    else:
        request.session[SESSION_KEY] = membership.pk
        messages.success(
            request,
            _("You are now working as %(role)s of %(unit)s.")
            % {"role": membership.get_role_display(), "unit": membership.unit.name},
        )
    return HttpResponseRedirect(safe_next(request, reverse("accounts:home")))


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """What django-axes shows after too many failed log-ins (AXES_LOCKOUT_CALLABLE)."""
    minutes = max(1, round(settings.AXES_COOLOFF_TIME * 60))
    return render(request, "accounts/locked_out.html", {"cooloff_minutes": minutes}, status=429)


# Which home-page template each role gets.
HOME_TEMPLATES = {
    Role.ADMIN: "accounts/home_admin.html",
    Role.COORDINATOR: "accounts/home_coordinator.html",
    Role.REPORTER: "accounts/home_unit.html",
    Role.HEAD: "accounts/home_unit.html",
    Role.VIEWER: "accounts/home_viewer.html",
    Role.GBV_WORKER: "accounts/home_unit.html",
    Role.GBV_SUPERVISOR: "accounts/home_unit.html",
    Role.GBV_PROVIDER: "accounts/home_unit.html",
    Role.DATA_PROTECTION: "accounts/home_unit.html",
    Role.FEEDBACK_HANDLER: "accounts/home_unit.html",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    if not membership:
        if request.user.is_superuser:
            return render(request, "accounts/home_admin.html", _scope_summary(request))
        return render(request, "accounts/home_no_membership.html")
    context = {"membership": membership, "unit": membership.unit}
    if membership.role in (Role.ADMIN, Role.COORDINATOR, Role.VIEWER):
        context |= _scope_summary(request, membership.unit)
    return render(request, HOME_TEMPLATES[membership.role], context)


def _scope_summary(request: HttpRequest, unit: OrgUnit | None = None) -> dict[str, object]:
    units = OrgUnit.objects.restrict(request.user, Action.VIEW)
    if unit is not None:
        units = units.subtree(unit, include_self=False)
    counts = dict(units.values_list("kind").annotate(n=Count("id")).values_list("kind", "n"))
    rows = [(kind_label(kind), counts[kind], kind) for kind in OrgUnitKind.values if counts.get(kind)]
    return {"kind_counts": rows, "unit_total": sum(counts.values())}
