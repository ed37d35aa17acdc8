"""A report's history page, and restoring an earlier value (a new change, through the save service)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.core.scoping import Action
from binhdang.lib.numbers import parse_whole
from binhdang.reporting import services
from binhdang.reporting.history import find_change, report_history
from binhdang.reporting.models import Submission
from binhdang.reporting.queries import build_form_spec, submission_values
from binhdang.reporting.values import format_value


@login_required
def history(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    period, unit = services.access_report(request.user, period_id, code)
    submission = Submission.objects.filter(period=period, unit=unit).first()
    spec = build_form_spec(period, unit)
    values, rows = submission_values(submission)
    entries = report_history(submission, spec)
    for entry in entries:
        for change in entry.changes:
            cell = (change.element_code, change.key)
            element = spec.element(change.element_code)
            change.current = format_value(element, values.get(cell)) if element else ""
            change.version = rows[cell].version if cell in rows else 0
    return render(
        request,
        "reporting/history.html",
        {
            "period": period,
            "unit": unit,
            "entries": entries,
            "can_restore": request.user.can(Action.CHANGE, unit),
        },
    )


@login_required
@require_POST
def restore(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    """Put back the value a cell held before one change of the history: saved as a new change, checked
    against the version the page showed, audited like any other save."""
    period, unit = services.access_report(request.user, period_id, code, Action.CHANGE)
    submission = Submission.objects.filter(period=period, unit=unit).first()
    if submission is None:
        raise Http404
    spec = build_form_spec(period, unit)
    change = find_change(submission, request.POST.get("event"), request.POST.get("index"), spec)
    version = parse_whole(request.POST.get("version", ""))
    if change is None or version is None:
        raise Http404
    try:
        result = services.do_save_cells(
            period,
            unit,
            [services.CellChange(change.element_code, change.key, change.old, None, int(version))],
            acting_user=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:history", period_id=period.pk, code=unit.code)
    outcome = result.cells[0]
    if outcome.status == "saved":
        messages.success(
            request,
            _("%(cell)s is back to “%(value)s”.") % {"cell": change.label, "value": change.old or "—"},
        )
    else:
        messages.error(request, outcome.message)
    return redirect("reporting:history", period_id=period.pk, code=unit.code)
