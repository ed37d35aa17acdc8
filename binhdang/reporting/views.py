import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from binhdang.core.models import AuditEvent
from binhdang.core.redirects import safe_next
from binhdang.core.scoping import Action, acts_anywhere
from binhdang.lib.numbers import parse_whole
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting import services, workflow
from binhdang.reporting.choices import EDITABLE_STATUSES, REGISTER_SOURCES, ReportState
from binhdang.reporting.completeness import (
    LATE,
    NOT_LATE,
    NOT_SENT,
    RECEIVED,
    RowFilter,
    completeness,
    state_of,
)
from binhdang.reporting.grid import CellState, Grid, build_grid, cell_name, parse_cell_name
from binhdang.reporting.importing import export_report
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission
from binhdang.reporting.queries import build_form_spec, previous_values, rule_specs, submission_values
from binhdang.reporting.reminders import send_reminder_now, send_reminders_now
from binhdang.reporting.validation import validate

MAX_CELLS_PER_SAVE = 2000


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    unit = membership.unit if membership else None
    rows = []
    if unit is not None:
        submissions = {s.period_id: s for s in Submission.objects.filter(unit=unit)}
        needs_approval = workflow.requires_approval(unit)
        for period in ReportingPeriod.objects.select_related("template").order_by("-covers_to"):
            reports = not period.template.unit_kinds or unit.kind in period.template.unit_kinds
            submission = submissions.get(period.pk)
            rows.append((period, submission, reports, state_of(submission, needs_approval)))
    can_review = acts_anywhere(request.user, Action.REVIEW)
    return render(
        request, "reporting/my_reports.html", {"unit": unit, "rows": rows, "can_review": can_review}
    )


def _can_edit(
    request: HttpRequest, period: ReportingPeriod, unit: OrgUnit, submission: Submission | None
) -> bool:
    in_scope = request.user.can(Action.CHANGE, unit)
    editable = submission is None or submission.status in EDITABLE_STATUSES
    return in_scope and editable and workflow.entry_open(period, unit)


# The entry page's words for static/js/entry.js, translated here and handed over as JSON: the
# script fills in {n} (cells), {s} (seconds), {v} (a value), {m} (a message), {f} and {t} (counts).
ENTRY_WORDS = {
    "saving": gettext_lazy("Saving…"),
    "saved": gettext_lazy("All changes saved."),
    "offline": gettext_lazy(
        "Not saved yet: {n} cell(s). The server cannot be reached; the figures are kept on this "
        "device and will be sent again in {s} s."
    ),
    "invalid": gettext_lazy("{n} cell(s) not saved: see the message beside them."),
    "understood": gettext_lazy("Read as {v}"),
    "server": gettext_lazy("The server refused the save: {m}"),
    "session": gettext_lazy(
        "Your session has ended. Log in again in a new tab; your figures are kept on this device "
        "and will be sent as soon as you are logged in."
    ),
    "login": gettext_lazy("Log in again (new tab)"),
    "refused": gettext_lazy("Not saved: {m}"),
    "explained": gettext_lazy("Explained in a note"),
    "unexplained": gettext_lazy("No note yet: write one"),
    "progress": gettext_lazy("{f}/{t} boxes entered"),
    "noFile": gettext_lazy("No file chosen"),
}


@login_required
def entry(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    period, unit = services.access_report(request.user, period_id, code)
    submission = Submission.objects.filter(period=period, unit=unit).first()
    can_edit = _can_edit(request, period, unit, submission)
    if request.method == "POST":
        if not can_edit:
            raise Http404
        return _save_whole_form(request, period, unit)
    return _render_entry(request, period, unit, submission, can_edit)


@dataclass(frozen=True)
class SectionView:
    """One section of the entry page: its grids and how many of its elements are filled."""

    number: str
    title: str
    anchor: str
    grids: list[Grid]

    @property
    def filled(self) -> int:
        return sum(1 for grid in self.grids if grid.filled)


def _register_label(row: DataValue) -> str:
    return str(row.get_source_display()) if row.source in REGISTER_SOURCES else ""


def _issues(period, spec, values, rows, previous):  # noqa: ANN001, ANN202
    """The report's issues by the one rule engine, and the elements whose note explains them."""
    issues = validate(spec, values, rule_specs(period), previous)
    noted = {code for (code, _key), row in rows.items() if row.comment}
    return issues, noted


def issue_json(issue, noted: set[str]) -> dict[str, object]:  # noqa: ANN001
    return {
        "severity": issue.severity,
        "label": issue.label,
        "labels": list(issue.labels),
        "message": issue.message,
        "anchor": issue.anchor,
        "note": issue.note_anchor,
        "explained": issue.severity != "error" and issue.element_code in noted,
    }


def _render_entry(request, period, unit, submission, can_edit, problems=None):  # noqa: ANN001, ANN202
    spec = build_form_spec(period, unit)
    values, rows = submission_values(submission)
    previous = previous_values(period, unit)
    states = {
        cell: CellState(row.version, row.comment, _register_label(row)) for cell, row in rows.items()
    }
    problems = problems or {}
    sections = [
        SectionView(
            section.number,
            section.title,
            f"sec-{i}",
            [build_grid(element, values, states, previous) for element in section.elements],
        )
        for i, section in enumerate(spec.sections, start=1)
    ]
    if problems:  # show what the user typed in the cells that were not saved, never lose it
        for section in sections:
            for grid in section.grids:
                for cell in grid.cells:
                    if cell.name in problems:
                        cell.value = request.POST.get(cell.name, cell.value)
                        cell.version = problems[cell.name].version  # a conflict: saving again is deliberate
                        for row in grid.rows:
                            row.hidden = row.hidden and cell not in row.cells
    issues, noted = _issues(period, spec, values, rows, previous)
    tasks = workflow.report_tasks(period, unit)
    needs_approval = workflow.requires_approval(unit)
    steps = [
        (step, step.button(needs_approval))
        for step in workflow.available_steps(submission, unit, request.user, needs_approval)
    ]
    history = (
        AuditEvent.objects.filter(object_type="reporting.submission", object_id=str(submission.pk))
        .exclude(event_type="reporting.values_saved")
        .select_related("acting_user")
        if submission
        else []
    )
    return render(
        request,
        "reporting/entry.html",
        {
            "steps": steps,
            "state": state_of(submission, needs_approval),
            "can_extend": period.lock_date is not None and request.user.can(Action.REVIEW, unit),
            "history": [(event, workflow.event_words(event.event_type)) for event in history],
            "needs_approval": needs_approval,
            "entry_open": workflow.entry_open(period, unit),
            "period": period,
            "unit": unit,
            "submission": submission,
            "sections": sections,
            "filled": sum(s.filled for s in sections),
            "elements": sum(len(s.grids) for s in sections),
            "issues": issues,
            "can_edit": can_edit,
            "tasks": tasks,
            "problems": problems,
            "errors": [i for i in issues if i.severity == "error"],
            "warnings": [(i, i.element_code in noted) for i in issues if i.severity != "error"],
            "version": submission.version if submission else 0,
            "login_url": resolve_url(settings.LOGIN_URL),
            "entry_words": {key: str(text) for key, text in ENTRY_WORDS.items()},
        },
    )


def _changes_from_post(post) -> list[services.CellChange]:  # noqa: ANN001
    changes = []
    for name, raw in post.items():
        parsed = parse_cell_name(name)
        if parsed is None:
            continue
        code, key = parsed
        version = parse_whole(post.get("ver:" + name[2:], ""))
        if version is None:
            raise ValidationError(VERSION_REQUIRED)
        comment = post.get("com:" + name[2:])
        changes.append(services.CellChange(code, key, raw, comment, version))
    return changes


def _save_whole_form(request: HttpRequest, period: ReportingPeriod, unit: OrgUnit) -> HttpResponse:
    """The form posted without JavaScript: save what parses, show the rest with its message."""
    try:
        changes = _changes_from_post(request.POST)
        result = services.do_save_cells(period, unit, changes, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    if not result.problems:
        messages.success(request, _("Saved."))
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    messages.warning(
        request,
        _("%(count)d cell(s) were not saved: see the messages beside them.")
        % {"count": len(result.problems)},
    )
    submission = Submission.objects.filter(period=period, unit=unit).first()
    problems = {cell_name(c.element_code, c.key): c for c in result.problems}
    response = _render_entry(request, period, unit, submission, True, problems)
    return response


VERSION_REQUIRED = gettext_lazy(
    "Each cell must say which version of it you read (0 if it was empty): reload the page and try again."
)


@require_POST
def save_cells(request: HttpRequest, period_id: int, code: str) -> JsonResponse:
    """Autosave: {"cells": [{"name": "v:CODE:F::::", "value": "12", "version": 3, "comment": null}]}.

    Every cell carries the version its author read (0: "I saw no value"); a request without one is
    refused. The answer has each cell's outcome and new version, and the report's issues by the
    same rules as the server's checks before sending, so the page shows them as the user types.
    An expired session answers 401 with the login page's address, not a redirect."""
    if not request.user.is_authenticated:
        login_url = resolve_url(settings.LOGIN_URL)
        ended = _("Your session has ended: log in again.")
        return JsonResponse({"error": ended, "login_url": login_url}, status=401)
    period, unit = services.access_report(request.user, period_id, code, Action.CHANGE)
    try:
        payload = json.loads(request.body or b"{}")
        cells = payload["cells"]
        if not isinstance(cells, list) or len(cells) > MAX_CELLS_PER_SAVE:
            raise ValueError
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": _("The request could not be read.")}, status=400)
    changes = []
    for cell in cells:
        if not isinstance(cell, dict):
            return JsonResponse({"error": _("The request could not be read.")}, status=400)
        parsed = parse_cell_name(str(cell.get("name", "")))
        if parsed is None:
            continue
        version = cell.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 0:
            return JsonResponse({"error": str(VERSION_REQUIRED)}, status=400)
        changes.append(
            services.CellChange(
                parsed[0],
                parsed[1],
                None if cell.get("value") is None else str(cell["value"]),
                None if cell.get("comment") is None else str(cell["comment"]),
                version,
            )
        )
    try:
        result = services.do_save_cells(period, unit, changes, acting_user=request.user)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=409)
    submission = Submission.objects.filter(period=period, unit=unit).first()
    values, rows = submission_values(submission)
    spec = build_form_spec(period, unit)
    issues, noted = _issues(period, spec, values, rows, previous_values(period, unit))
    return JsonResponse(
        {
            "version": result.version,
            "cells": [
                {
                    "name": cell_name(c.element_code, c.key),
                    "status": c.status,
                    "message": c.message,
                    "version": c.version,
                    "current": c.current,
                    "by": c.by,
                    "understood": c.understood,
                }
                for c in result.cells
            ],
            "issues": [issue_json(issue, noted) for issue in issues],
        }
    )


@login_required
def export_xlsx(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    period, unit = services.access_report(request.user, period_id, code)
    response = HttpResponse(
        export_report(period, unit),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{period.code}-{unit.code}.xlsx"'
    return response


# --- The reporting cycle: workflow steps, completeness, reminders ---------------------------------

@login_required
@require_POST
def transition(request: HttpRequest, period_id: int, code: str, step: str) -> HttpResponse:
    """One move of the report's workflow, as `workflow.STEPS` describes it: first a page that says
    what is about to happen, with a summary of the report; the move itself once confirmed."""
    move = workflow.STEPS.get(step)
    if move is None:
        raise Http404
    period, unit = services.access_report(request.user, period_id, code, move.action)
    submission = Submission.objects.filter(period=period, unit=unit).first()
    needs_approval = workflow.requires_approval(unit)
    if move not in workflow.available_steps(submission, unit, request.user, needs_approval):
        messages.error(request, _("This step is not one you can take on this report now."))
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    reason = request.POST.get("reason", "").strip()
    if move.needs_reason and not reason:
        messages.error(request, workflow.REASON_REQUIRED)
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    if request.POST.get("confirmed") != "1":
        return render(
            request,
            "reporting/confirm_step.html",
            {
                "period": period,
                "unit": unit,
                "step": move,
                "state": state_of(submission, needs_approval),
                "label": move.button(needs_approval),
                "reason": reason,
                "summary": workflow.summarize(period, unit, submission),
            },
        )
    submission = submission or services.open_submission(period, unit)
    try:
        move.run(submission, acting_user=request.user, reason=reason)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, move.done_message(needs_approval))
    return redirect("reporting:entry", period_id=period.pk, code=unit.code)


UNITS_ANCHOR = "units"  # where the completeness page's list of units starts


def _progress_params(root_code: str, default_code: str, row_filter: RowFilter) -> dict[str, str]:
    """The GET parameters of the completeness page: the unit drilled into (when not the user's
    own) and the filters."""
    params = {"unit": root_code} if root_code and root_code != default_code else {}
    return params | row_filter.params()


def _progress_url(period: ReportingPeriod, params: dict[str, str], anchor: str = "") -> str:
    url = reverse("reporting:progress", args=[period.pk])
    return url + (f"?{urlencode(params)}" if params else "") + (f"#{anchor}" if anchor else "")


@login_required
def progress(request: HttpRequest, period_id: int) -> HttpResponse:
    """The coordinator's page: who has reported, who is late, who is missing; drill down by unit,
    filter the units by kind, state, lateness and name (GET, so a filtered list can be shared)."""
    membership = request.membership
    period, root = services.access_period_root(
        request.user, membership, period_id, request.GET.get("unit"), Action.VIEW
    )
    result = completeness(period, root, with_reminders=root.depth > 0)
    can_remind = request.user.can(Action.REVIEW, root)
    row_filter = RowFilter.from_query(request.GET)
    provinces = []
    if root.depth == 0:
        names = dict(OrgUnit.objects.filter(depth=1).values_list("code", "name"))
        provinces = sorted(
            ((names.get(code, code), code, counts) for code, counts in result.by_parent.items()),
            key=lambda item: item[0],
        )
    rows = row_filter.apply(result.rows) if root.depth > 0 else []
    own = membership.unit.code
    return render(
        request,
        "reporting/progress.html",
        {
            "period": period,
            "root": root,
            "result": result,
            "can_remind": can_remind,
            "can_edit_contacts": request.user.can(Action.CHANGE, root),
            "provinces": provinces,
            "rows": rows,
            "all_rows": len(result.rows) if root.depth > 0 else 0,
            "remindable": can_remind and any(not row.sent for row in rows),
            "filter": row_filter,
            "kind_choices": result.kind_choices(),
            "state_choices": [(NOT_SENT, _("Not sent yet")), *ReportState.choices],
            "late_choices": [(LATE, _("Late only")), (NOT_LATE, _("Not late"))],
            "params": urlencode(_progress_params(root.code, own, row_filter)),
            "anchor": UNITS_ANCHOR,
            "clear_url": _progress_url(period, _progress_params(root.code, own, RowFilter())),
        },
    )


@login_required
@require_POST
def remind(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    period, unit = services.access_report(request.user, period_id, code, Action.REVIEW)
    sent = send_reminder_now(period, unit, acting_user=request.user)
    if sent is None:
        messages.info(request, _("%(unit)s was already reminded today.") % {"unit": unit.name})
    else:
        messages.success(request, _("A reminder was sent to %(unit)s.") % {"unit": unit.name})
    return HttpResponseRedirect(safe_next(request, reverse("reporting:progress", args=[period.pk])))


@login_required
@require_POST
def remind_many(request: HttpRequest, period_id: int) -> HttpResponse:
    """"Remind the selected units": one reminder to each selected unit that has not sent its report,
    at most one a day for a unit; back to the same filtered list, at the list."""
    membership = request.membership
    period, root = services.access_period_root(
        request.user, membership, period_id, request.POST.get("unit"), Action.REVIEW
    )
    row_filter = RowFilter.from_query(request.POST)
    back = _progress_url(period, _progress_params(root.code, membership.unit.code, row_filter), UNITS_ANCHOR)
    chosen = set(request.POST.getlist("units"))
    if not chosen:
        messages.warning(request, _("Choose the units to remind first."))
        return HttpResponseRedirect(back)
    # Only units expected under the root, and only those whose report has not reached the province.
    units = [row.unit for row in completeness(period, root).rows if row.unit.code in chosen and not row.sent]
    if not units:
        messages.warning(
            request,
            _("None of the chosen units can be reminded: they have sent their report, or are not here."),
        )
        return HttpResponseRedirect(back)
    outcome = send_reminders_now(period, units, acting_user=request.user)
    if outcome.sent:
        messages.success(
            request,
            _("Reminders sent: %(sent)d. Already reminded today: %(already)d.")
            % {"sent": len(outcome.sent), "already": len(outcome.already)},
        )
    else:
        messages.info(
            request,
            _("No reminder was sent: the %(already)d selected unit(s) were already reminded today.")
            % {"already": len(outcome.already)},
        )
    return HttpResponseRedirect(back)


DESK_LATE_SHOWN = 8  # late units named on the desk; the completeness page lists them all


def _desk_period(periods: list[ReportingPeriod], wanted: str, today: datetime.date) -> ReportingPeriod | None:
    """The period asked for, else the first not yet past its due date, else the last one."""
    chosen = next((p for p in periods if str(p.pk) == wanted), None)
    if wanted and chosen is None:
        raise Http404  # a period that does not exist, as for any other page
    if chosen is None:
        chosen = next((p for p in periods if p.due_date >= today), periods[-1] if periods else None)
    return chosen


@login_required
def desk(request: HttpRequest) -> HttpResponse:
    """The coordinator's desk: the day's work for the current period (reports to review, late
    units, the days left to the due date) and the way to the completeness page and the dashboard."""
    membership = request.membership
    if not membership:
        raise Http404
    root = services.access_unit(request.user, membership.unit.code, Action.REVIEW)
    periods = list(ReportingPeriod.objects.select_related("template").order_by("due_date", "pk"))
    today = timezone.localdate()  # settings.TIME_ZONE: Asia/Ho_Chi_Minh
    period = _desk_period(periods, request.GET.get("period", ""), today)
    context: dict[str, object] = {"root": root, "periods": periods, "period": period, "today": today}
    if period is not None:
        result = completeness(period, root)
        late = [row for row in result.rows if row.late]
        context |= {
            "result": result,
            "to_review": [row for row in result.rows if row.to_review],
            "late": late,
            "late_shown": late[:DESK_LATE_SHOWN],
            "days_left": (period.due_date - today).days,
            "days_over": (today - period.due_date).days,
            "review_url": _progress_url(period, {"state": RECEIVED}, UNITS_ANCHOR),
            "late_url": _progress_url(period, {"late": LATE}, UNITS_ANCHOR),
            "not_sent_url": _progress_url(period, {"state": NOT_SENT}, UNITS_ANCHOR),
        }
    return render(request, "reporting/desk.html", context)


@login_required
@require_POST
def extend(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    """The coordinator gives one unit more time after the lock date."""
    period, unit = services.access_report(request.user, period_id, code, Action.REVIEW)
    try:
        until = datetime.date.fromisoformat(request.POST.get("until", ""))
    except ValueError:
        messages.error(request, _("Give the date until which entry stays open."))
    else:
        try:
            reason = request.POST.get("reason", "")
            workflow.do_grant_extension(period, unit, until, reason, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(unit)s may enter its report until %(date)s.")
                % {"unit": unit.name, "date": until.strftime("%d/%m/%Y")},
            )
    return redirect("reporting:entry", period_id=period.pk, code=unit.code)
