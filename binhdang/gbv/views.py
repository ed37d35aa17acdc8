"""The register's pages. Every read of a case writes an access-log row (services.log_access); every
query starts from `restrict(user, <GBV action>)`; a case outside scope answers 404."""

from __future__ import annotations

import csv
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.core.scoping import Action, acts_anywhere, get_scoped_or_404, subtree_q
from binhdang.gbv import services
from binhdang.gbv.choices import CONFIDENTIAL_KINDS, AccessKind, ConsentPurpose
from binhdang.gbv.directory import NATIONAL_HOTLINES, hsds_export, public_entries
from binhdang.gbv.exports import stats_docx, stats_xlsx
from binhdang.gbv.forms import (
    CaseForm,
    ConsentForm,
    IncidentForm,
    NoteForm,
    ProviderForm,
    ReasonForm,
    ReferralForm,
    SearchForm,
    ServiceForm,
)
from binhdang.gbv.models import AccessLog, Case, Referral, ServiceProvider
from binhdang.gbv.report_fill import do_fill_report
from binhdang.gbv.stats import statistics
from binhdang.lib.numbers import parse_whole
from binhdang.orgunits.choices import LOCAL_KINDS
from binhdang.orgunits.models import OrgUnit, province_path
from binhdang.reporting.models import ReportingPeriod

PAGE_SIZE = 50


def _messages_of(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


IDENTITY_FIELDS = ("full_name", "phone", "address", "id_number", "guardian", "birth_year")


def _cases(user: object, action: str = Action.GBV):  # noqa: ANN202
    """Lists never read the identity: the encrypted columns are not even fetched."""
    return Case.objects.restrict(user, action).select_related("unit").defer(*IDENTITY_FIELDS)


def _case(request: HttpRequest, code: str, action: str = Action.GBV) -> Case:
    return get_scoped_or_404(
        Case.objects.select_related("unit", "home_commune"), request.user, action, code=code
    )


def _province_providers(case: Case):  # noqa: ANN202
    """The services of the case's province: those a consent or a referral may name."""
    return ServiceProvider.objects.filter(subtree_q("unit__path", [case.unit.province_path]))


def _communes(user: object):  # noqa: ANN202
    """The communes a worker picks from: those of the provinces the user works in."""
    paths = user.scope_paths(Action.GBV) or []  # type: ignore[attr-defined]
    provinces = {province_path(p) for p in paths}
    units = OrgUnit.objects.filter(kind__in=LOCAL_KINDS)
    condition = None
    for path in provinces:
        q = OrgUnit.objects.filter(path__startswith=path + "/")
        condition = q if condition is None else condition | q
    return (units & condition).alphabetical() if condition is not None else units.none()


def _require(request: HttpRequest, action: str) -> None:
    if not acts_anywhere(request.user, action):
        raise Http404


def _home_unit(request: HttpRequest, action: str) -> OrgUnit:
    """Where a new case is registered: the active membership's unit, when it carries the action."""
    membership = request.membership
    if membership and request.user.can(action, membership.unit):
        return membership.unit
    for path in request.user.scope_paths(action) or []:
        return OrgUnit.objects.get(path=path)
    raise Http404


# --- cases ---------------------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    _require(request, Action.GBV)
    page = Paginator(_cases(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    services.log_access(request.user, list(page), AccessKind.LIST)
    open_referrals = Referral.objects.restrict(request.user, Action.GBV).filter(status="pending").count()
    return render(request, "gbv/case_list.html", {"page": page, "open_referrals": open_referrals})


@login_required
def api_cases(request: HttpRequest) -> JsonResponse:
    """The case list for a worker's other tools, as JSON: codes and what statistics need, never the
    identity; every case returned is logged (kind "api"), as a list page's rows are."""
    _require(request, Action.GBV)
    page = Paginator(_cases(request.user), 200).get_page(request.GET.get("page"))
    services.log_access(request.user, list(page), AccessKind.API)
    rows = [
        {
            "code": c.code,
            "unit": c.unit.code,
            "registered_on": c.registered_on.isoformat(),
            "status": c.status,
            "sex": c.sex,
            "age_band": c.age_band,
        }
        for c in page
    ]
    return JsonResponse({"page": page.number, "pages": page.paginator.num_pages, "cases": rows})


@login_required
def case_new(request: HttpRequest) -> HttpResponse:
    _require(request, Action.GBV)
    unit = _home_unit(request, Action.GBV)
    form = CaseForm(
        request.POST or None,
        communes=_communes(request.user),
        initial={"home_commune": unit if unit.kind in LOCAL_KINDS else None},
    )
    matches: list[Case] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        matches = services.find_same_survivor(
            request.user, data["full_name"], data["birth_year"], data["home_commune"]
        )
        if matches and not request.POST.get("confirm_new"):
            return render(request, "gbv/case_new.html", {"form": form, "matches": matches, "unit": unit})
        case = services.do_register_case(
            unit,
            services.Identity(
                data["full_name"],
                data["birth_year"],
                data["phone"],
                data["address"],
                data["id_number"],
                data["guardian"],
            ),
            home_commune=data["home_commune"],
            sex=data["sex"],
            age_band=data["age_band"],
            ethnicity=data["ethnicity"],
            disability=data["disability"],
            registered_on=timezone.localdate(),
            acting_user=request.user,
        )
        messages.success(
            request, _("Case %(code)s registered. Record the survivor's consent next.") % {"code": case.code}
        )
        return redirect("gbv:case_detail", code=case.code)
    return render(request, "gbv/case_new.html", {"form": form, "matches": matches, "unit": unit})


@login_required
def case_search(request: HttpRequest) -> HttpResponse:
    _require(request, Action.GBV)
    form = SearchForm(request.GET or None, communes=_communes(request.user))
    matches = []
    if form.is_valid():
        data = form.cleaned_data
        found = services.find_same_survivor(
            request.user, data["full_name"], data["birth_year"], data["commune"]
        )
        matches = [(case, request.user.can(Action.GBV, case.unit)) for case in found]
    return render(
        request, "gbv/case_search.html", {"form": form, "matches": matches, "searched": form.is_bound}
    )


def _detail_context(request: HttpRequest, case: Case, *, read_only: bool = False) -> dict[str, object]:
    consents = list(case.consents.select_related("provider", "recorded_by"))
    state = services.current_consent(case, consents)
    providers = _province_providers(case)
    supervisor = request.user.can(Action.GBV_SUPERVISE, case.unit)
    return {
        "case": case,
        "read_only": read_only,
        "incidents": case.incidents.select_related("commune"),
        "consents": consents,
        "consent_now": [
            (purpose, label, state.get((purpose, None)))
            for purpose, label in ConsentPurpose.choices
            if purpose != ConsentPurpose.REFERRAL
        ]
        + [
            (ConsentPurpose.REFERRAL, f"{ConsentPurpose.REFERRAL.label}: {p.name}", allowed)
            for p in providers
            for (purpose, pid), allowed in state.items()
            if purpose == "referral" and pid == p.pk
        ],
        "services_given": case.services.select_related("provider"),
        "referrals": case.referrals.select_related("provider"),
        "notes": case.notes.select_related("written_by"),
        "supervisor": supervisor,
        "incident_form": IncidentForm(
            communes=_communes(request.user), initial={"commune": case.home_commune}, prefix="incident"
        ),
        "consent_form": ConsentForm(providers=providers, prefix="consent"),
        "referral_form": ReferralForm(providers=providers, prefix="refer"),
        "service_form": ServiceForm(initial={"started_on": timezone.localdate()}, prefix="service"),
        "note_form": NoteForm(prefix="note"),
        "reason_form": ReasonForm(prefix="closure"),
        "now": timezone.now(),
    }


@login_required
def case_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = _case(request, code)
    services.log_access(request.user, [case], AccessKind.DETAIL)
    return render(request, "gbv/case_detail.html", _detail_context(request, case))


@login_required
def break_glass(request: HttpRequest, code: str) -> HttpResponse:
    """A case outside the user's scope, in the user's province, opened with a reason (never by GET)."""
    _require(request, Action.GBV)
    case = get_object_or_404(Case.objects.select_related("unit", "home_commune"), code=code)
    provinces = {province_path(p) for p in request.user.scope_paths(Action.GBV) or []}
    if case.unit.province_path not in provinces:
        raise Http404
    if request.user.can(Action.GBV, case.unit):
        return redirect("gbv:case_detail", code=code)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_break_glass(request.user, case, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error("reason", exc.messages[0])
        else:
            return render(request, "gbv/case_detail.html", _detail_context(request, case, read_only=True))
    return render(request, "gbv/break_glass.html", {"case": case, "form": form})


def _post_result(request: HttpRequest, case: Case, done: str, call) -> HttpResponse:  # noqa: ANN001
    try:
        call()
    except (ValidationError, PermissionDenied) as exc:
        for text in _messages_of(exc) if isinstance(exc, ValidationError) else [str(exc)]:
            messages.error(request, text)
    else:
        messages.success(request, done)
    return redirect("gbv:case_detail", code=case.code)


@login_required
@require_POST
def case_action(request: HttpRequest, code: str, what: str) -> HttpResponse:
    """The forms of the case page: incident, consent, referral, service, note, closure."""
    case = _case(request, code)
    user = request.user
    if what == "approve_closure":
        call = lambda: services.do_approve_closure(case, acting_user=user)  # noqa: E731
        return _post_result(request, case, _("The case is closed."), call)
    if what == "revoke":
        referral = get_object_or_404(Referral, pk=request.POST.get("referral"), case=case)
        reason = request.POST.get("reason", "")
        call = lambda: services.do_move_referral(referral, "revoke", acting_user=user, reason=reason)  # noqa: E731
        return _post_result(request, case, _("Referral revoked."), call)
    providers = _province_providers(case)
    # what: (its form, the service that does it, what the user is told once done)
    actions = {
        "incident": (
            lambda: IncidentForm(request.POST, communes=_communes(user), prefix="incident"),
            services.do_add_incident,
            lambda data: _("Incident recorded."),
        ),
        "consent": (
            lambda: ConsentForm(request.POST, providers=providers, prefix="consent"),
            services.do_record_consent,
            lambda data: _("Consent recorded."),
        ),
        "refer": (
            lambda: ReferralForm(request.POST, providers=providers, prefix="refer"),
            services.do_refer,
            lambda data: _("Referral sent to %(service)s.") % {"service": data["provider"]},
        ),
        "service": (
            lambda: ServiceForm(request.POST, prefix="service"),
            services.do_add_service,
            lambda data: _("Service recorded."),
        ),
        "note": (
            lambda: NoteForm(request.POST, prefix="note"),
            services.do_add_note,
            lambda data: _("Note saved."),
        ),
        "request_closure": (
            lambda: ReasonForm(request.POST, prefix="closure"),
            services.do_request_closure,
            lambda data: _("The case is put forward for closure."),
        ),
    }
    if what not in actions:
        raise Http404
    make_form, service, done = actions[what]
    form = make_form()
    if form.is_valid():
        data = form.cleaned_data
        return _post_result(request, case, done(data), lambda: service(case, acting_user=user, **data))
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("gbv:case_detail", code=case.code)


@login_required
def case_export(request: HttpRequest, code: str) -> HttpResponse:
    """Everything held on the survivor (the data subject's right of access): the supervisor's."""
    case = _case(request, code, Action.GBV_SUPERVISE)
    data = services.subject_export(case, request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{case.code}.json"'
    return response


@login_required
@require_POST
def case_erase(request: HttpRequest, code: str) -> HttpResponse:
    case = _case(request, code, Action.GBV_SUPERVISE)
    try:
        services.do_erase_case(
            case, legal_reference=request.POST.get("legal_reference", ""), acting_user=request.user
        )
    except ValidationError as exc:
        for text in _messages_of(exc):
            messages.error(request, text)
        return redirect("gbv:case_detail", code=code)
    messages.success(request, _("Case %(code)s was erased. Its access log is kept.") % {"code": code})
    return redirect("gbv:case_list")


# --- referrals, for the receiving service ----------------------------------------------------------


@login_required
def referral_list(request: HttpRequest) -> HttpResponse:
    _require(request, Action.GBV_PROVIDE)
    referrals = Referral.objects.for_provider(request.user).select_related("provider", "case__unit")
    return render(request, "gbv/referral_list.html", {"referrals": referrals})


@login_required
def referral_detail(request: HttpRequest, referral_id: int) -> HttpResponse:
    """What the referral authorises, and nothing else of the case."""
    referral = get_object_or_404(
        Referral.objects.for_provider(request.user).select_related("provider", "case__unit"), pk=referral_id
    )
    services.log_access(request.user, [referral.case], AccessKind.REFERRAL)
    return render(request, "gbv/referral_detail.html", {"referral": referral, "reason_form": ReasonForm()})


@login_required
@require_POST
def referral_move(request: HttpRequest, referral_id: int, move: str) -> HttpResponse:
    if move not in ("accept", "reject", "done"):
        raise Http404
    referral = get_object_or_404(Referral.objects.for_provider(request.user), pk=referral_id)
    try:
        services.do_move_referral(
            referral, move, acting_user=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        for text in _messages_of(exc):
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("The referral is now: %(status)s.")
            % {"status": Referral.objects.get(pk=referral.pk).get_status_display()},
        )
    return redirect("gbv:referral_detail", referral_id=referral.pk)


# --- the access log, for the data-protection officer ---------------------------------------------


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    if not (
        acts_anywhere(request.user, Action.GBV_AUDIT) or acts_anywhere(request.user, Action.GBV_SUPERVISE)
    ):
        raise Http404
    action = Action.GBV_AUDIT if acts_anywhere(request.user, Action.GBV_AUDIT) else Action.GBV_SUPERVISE
    rows = AccessLog.objects.restrict(request.user, action).select_related("user")
    case_code = request.GET.get("case", "").strip()
    if case_code:
        rows = rows.filter(case_code=case_code)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="nhat-ky-truy-cap.csv"'
        writer = csv.writer(response)
        writer.writerow([_("When"), _("Who"), _("Role"), _("Survivor code"), _("How"), _("Reason")])
        for row in rows.iterator():
            writer.writerow(
                [
                    timezone.localtime(row.at).isoformat(),
                    str(row.user or ""),
                    row.role_label,
                    row.case_code,
                    row.get_kind_display(),
                    row.reason,
                ]
            )
        return response
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(request, "gbv/access_log.html", {"page": page, "case_code": case_code})


# --- statistics ------------------------------------------------------------------------------------


def _period(request: HttpRequest) -> ReportingPeriod:
    periods = ReportingPeriod.objects.order_by("-covers_to")
    wanted = request.GET.get("period") or request.POST.get("period")
    if wanted:
        # The period's code ("2026", as the commands take it), else its id.
        return periods.filter(code=wanted).first() or get_object_or_404(periods, pk=parse_whole(wanted) or 0)
    period = periods.first()
    if period is None:
        raise Http404
    return period


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    """The suppressed tables of a unit's subtree: for whoever may view the unit (the coordinator, leaders,
    the supervisor). Only counts leave: no case is read, so no access-log row."""
    period = _period(request)
    code = request.GET.get("unit") or (request.membership.unit.code if request.membership else "")
    unit = get_scoped_or_404(OrgUnit.objects.all(), request.user, Action.VIEW, code=code)
    stats = statistics(unit, period.covers_from, period.covers_to)
    fmt = request.GET.get("format", "")
    name = f"thong-ke-bao-luc-{unit.code}-{period.code}"
    if fmt == "json":
        response = JsonResponse(stats.as_json(), json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    if fmt in ("xlsx", "docx"):
        content, mime = (
            (stats_xlsx(stats), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            if fmt == "xlsx"
            else (
                stats_docx(stats),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
        )
        response = HttpResponse(content, content_type=mime)
        response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
        return response
    # A unit that reports (a commune, a department), not the province that consolidates.
    can_fill = unit.depth >= 2 and (
        request.user.can(Action.CHANGE, unit) or request.user.can(Action.GBV_SUPERVISE, unit)
    )
    return render(
        request, "gbv/statistics.html", {"stats": stats, "unit": unit, "period": period, "can_fill": can_fill}
    )


@login_required
@require_POST
def fill_report(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    unit = get_scoped_or_404(
        OrgUnit.objects.all(), request.user, Action.VIEW, code=request.POST.get("unit", "")
    )
    if not (request.user.can(Action.CHANGE, unit) or request.user.can(Action.GBV_SUPERVISE, unit)):
        raise Http404
    try:
        changed = do_fill_report(period, unit, acting_user=request.user)
    except ValidationError as exc:
        for text in _messages_of(exc):
            messages.error(request, text)
    else:
        messages.success(
            request,
            _("The report's GBV figures were filled from the register (%(n)d cells changed).")
            % {"n": changed},
        )
    return redirect(reverse("gbv:statistics") + f"?unit={unit.code}&period={period.pk}")


# --- the service directory -------------------------------------------------------------------------


@login_required
def directory(request: HttpRequest) -> HttpResponse:
    """The whole directory, locations included, for those who work on cases."""
    if not (acts_anywhere(request.user, Action.GBV) or acts_anywhere(request.user, Action.GBV_PROVIDE)):
        raise Http404
    action = Action.GBV if acts_anywhere(request.user, Action.GBV) else Action.GBV_PROVIDE
    paths = request.user.scope_paths(action) or []
    provinces = sorted({province_path(p) for p in paths})
    providers = ServiceProvider.objects.none()
    for path in provinces:
        providers |= ServiceProvider.objects.filter(unit__path__startswith=path + "/")
    return render(
        request,
        "gbv/directory.html",
        {
            "providers": providers.select_related("unit"),
            "confidential": CONFIDENTIAL_KINDS,
            "editable": set(
                ServiceProvider.objects.restrict(request.user, Action.GBV_SUPERVISE).values_list(
                    "pk", flat=True
                )
            ),
            "can_add": acts_anywhere(request.user, Action.GBV_SUPERVISE),
        },
    )


def public_directory(request: HttpRequest) -> HttpResponse:
    """The public page: no login; a shelter or trusted address shows a contact, never where it is."""
    province = request.GET.get("province", "19")
    entries = public_entries(province, request.GET.get("q", ""))
    return render(
        request,
        "gbv/public_directory.html",
        {
            "entries": entries,
            "province": province,
            "q": request.GET.get("q", ""),
            "hotlines": NATIONAL_HOTLINES,
        },
    )


def public_directory_json(request: HttpRequest) -> JsonResponse:
    """The same, as open data shaped like Open Referral's HSDS (organization, service, location, phone)."""
    response = JsonResponse(
        hsds_export(request.GET.get("province", "19")), json_dumps_params={"ensure_ascii": False, "indent": 1}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@login_required
def directory_edit(request: HttpRequest, provider_id: int | None = None) -> HttpResponse:
    """Add or change a directory entry: the GBV supervisor's, for the units of their scope."""
    _require(request, Action.GBV_SUPERVISE)
    units = OrgUnit.objects.restrict(request.user, Action.GBV_SUPERVISE).alphabetical()
    provider = None
    if provider_id is not None:
        provider = get_scoped_or_404(
            ServiceProvider.objects.all(), request.user, Action.GBV_SUPERVISE, pk=provider_id
        )
    initial = {name: getattr(provider, name) for name in services.PROVIDER_FIELDS} if provider else {}
    form = ProviderForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.do_save_provider(provider, form.cleaned_data, acting_user=request.user)
        except PermissionDenied as exc:
            form.add_error("unit", str(exc))
        else:
            messages.success(request, _("“%(name)s” is saved in the directory.") % {"name": saved.name})
            return redirect("gbv:directory")
    return render(request, "gbv/directory_edit.html", {"form": form, "provider": provider})
