"""The Excel upload of a report: read, show what it would do, write only what the user confirms.

The uploaded file waits between the preview and the confirmation under MEDIA_ROOT/imports/pending/
(core.pending_uploads, which purges it daily when never confirmed), named at random; the session of
the user who uploaded it keeps that name under a random token.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.core import pending_uploads
from binhdang.core.scoping import Action
from binhdang.lib.numbers import parse_whole
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting import services
from binhdang.reporting.importing import ImportPlan, describe, import_report, plan_import
from binhdang.reporting.models import ReportingPeriod

SESSION_KEY = "pending_imports"
PENDING_DIR = pending_uploads.REPORT_IMPORTS
MAX_PENDING = 5  # per session: older uploads are forgotten (and their files deleted)
SHOWN = 300  # cells listed per kind on the preview; the counts are always whole


def _pending_path(token: str, entry: dict) -> str:
    # Entries remembered before core.pending_uploads held the file under the token itself.
    return entry.get("key") or f"{PENDING_DIR}/{token}.xlsx"


def _remember(request: HttpRequest, period: ReportingPeriod, unit: OrgUnit, name: str, data: bytes) -> str:
    token = secrets.token_urlsafe(24)
    key = pending_uploads.store(PENDING_DIR, data, "report.xlsx")  # an .xlsx, whatever its name
    pending = dict(request.session.get(SESSION_KEY, {}))
    pending[token] = {"period": period.pk, "unit": unit.code, "name": name[:200], "key": key}
    while len(pending) > MAX_PENDING:
        _forget(pending, next(iter(pending)))
    request.session[SESSION_KEY] = pending
    return token


def _forget(pending: dict, token: str) -> None:
    entry = pending.pop(token, None)
    if entry is not None:
        pending_uploads.remove(PENDING_DIR, _pending_path(token, entry))


def _errors_page(
    request: HttpRequest, period: ReportingPeriod, unit: OrgUnit, name: str, plan: ImportPlan
) -> HttpResponse:
    return render(
        request,
        "reporting/import_errors.html",
        {"period": period, "unit": unit, "errors": [describe(e) for e in plan.errors], "name": name},
        status=400,
    )


def _preview(
    request: HttpRequest,
    period: ReportingPeriod,
    unit: OrgUnit,
    token: str,
    name: str,
    plan: ImportPlan,
    *,
    stale: bool = False,
) -> HttpResponse:
    return render(
        request,
        "reporting/import_preview.html",
        {
            "period": period,
            "unit": unit,
            "token": token,
            "name": name,
            "plan": plan,
            "changes": plan.changes[:SHOWN],
            "clears": plan.clears[:SHOWN],
            "conflicts": plan.conflicts,
            "stale": stale,
        },
    )


@login_required
@require_POST
def upload(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    """Read the file and show what importing it would do; nothing is written yet."""
    period, unit = services.access_report(request.user, period_id, code, Action.CHANGE)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the Excel file to upload."))
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    name = upload.name or "bao-cao.xlsx"
    data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    plan = plan_import(period, unit, data)
    if plan.errors:
        return _errors_page(request, period, unit, name, plan)
    if plan.empty:
        messages.info(
            request, _("The file holds the same figures as the report: there is nothing to import.")
        )
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    token = _remember(request, period, unit, name, data)
    return _preview(request, period, unit, token, name, plan)


@login_required
@require_POST
def confirm(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    """Write the confirmed import: the changes, the clears if asked, the conflicts the user keeps."""
    period, unit = services.access_report(request.user, period_id, code, Action.CHANGE)
    token = request.POST.get("token", "")
    pending = dict(request.session.get(SESSION_KEY, {}))
    entry = pending.get(token)
    if entry is None or entry["period"] != period.pk or entry["unit"] != unit.code:
        messages.error(
            request, _("This upload is no longer waiting for confirmation; upload the file again.")
        )
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    if request.POST.get("cancel"):
        _forget(pending, token)
        request.session[SESSION_KEY] = pending
        messages.info(request, _("The import was cancelled; nothing was changed."))
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    try:
        data = pending_uploads.read(_pending_path(token, entry))
    except FileNotFoundError:  # the daily purge removed it while the session still named it
        _forget(pending, token)
        request.session[SESSION_KEY] = pending
        messages.error(request, _("The file has expired; please upload it again."))
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    keep_mine: dict[str, int] = {}
    for choice in request.POST.getlist("keep"):
        ident, _sep, version = choice.rpartition(":")
        seen = parse_whole(version)
        if ident and seen is not None:
            keep_mine[ident] = seen
    result = import_report(
        period,
        unit,
        data,
        acting_user=request.user,
        source=entry["name"],
        keep_mine=keep_mine,
        clear_empty=request.POST.get("clear_empty") == "1",
        expected=request.POST.get("plan", ""),
    )
    if result.errors:
        _forget(pending, token)
        request.session[SESSION_KEY] = pending
        return _errors_page(request, period, unit, entry["name"], result.plan)
    if result.stale:
        messages.warning(
            request,
            _(
                "Someone changed the report while you were reading this page: nothing was saved. "
                "Check the cells again and confirm."
            ),
        )
        return _preview(request, period, unit, token, entry["name"], result.plan, stale=True)
    _forget(pending, token)
    request.session[SESSION_KEY] = pending
    skipped = len(result.plan.conflicts) - len(keep_mine.keys() & {c.ident for c in result.plan.conflicts})
    if result.saved:
        messages.success(
            request, _("The file was imported: %(count)d cells written.") % {"count": result.written}
        )
    else:
        messages.info(request, _("Nothing was written: no cell was chosen."))
    if skipped > 0:
        messages.info(
            request,
            _("%(count)d cells changed online were left as they are online.") % {"count": skipped},
        )
    return redirect("reporting:entry", period_id=period.pk, code=unit.code)
