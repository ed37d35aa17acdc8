import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from binhdang.accounts.choices import Action
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.queries import unit_workspace
from binhdang.reporting import services
from binhdang.reporting.choices import EDITABLE_STATUSES
from binhdang.reporting.grid import build_grid, parse_cell_name
from binhdang.reporting.models import ReportingPeriod, Submission
from binhdang.reporting.queries import build_form_spec, previous_values, rule_specs, submission_values
from binhdang.reporting.validation import validate

MAX_CELLS_PER_SAVE = 2000


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    membership = request.membership
    unit = membership.unit if membership else None
    rows = []
    if unit is not None:
        submissions = {s.period_id: s for s in Submission.objects.filter(unit=unit)}
        for period in ReportingPeriod.objects.select_related("template").order_by("-covers_to"):
            if not period.template.unit_kinds or unit.kind in period.template.unit_kinds:
                rows.append((period, submissions.get(period.pk)))
    return render(request, "reporting/my_reports.html", {"unit": unit, "rows": rows})


def _can_edit(request: HttpRequest, unit: OrgUnit, submission: Submission | None) -> bool:
    in_scope = OrgUnit.objects.restrict(request.user, Action.CHANGE).filter(pk=unit.pk).exists()
    return in_scope and (submission is None or submission.status in EDITABLE_STATUSES)


@login_required
def entry(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    period, unit = services.access_report(request.user, period_id, code)
    submission = Submission.objects.filter(period=period, unit=unit).first()
    can_edit = _can_edit(request, unit, submission)
    if request.method == "POST":
        if not can_edit:
            from django.http import Http404

            raise Http404
        return _save_whole_form(request, period, unit)
    return _render_entry(request, period, unit, submission, can_edit)


def _render_entry(request, period, unit, submission, can_edit, problems=None):  # noqa: ANN001, ANN202
    spec = build_form_spec(period, unit)
    values, rows = submission_values(submission)
    versions = {cell: (row.version, row.comment) for cell, row in rows.items()}
    problems = problems or {}
    sections = [
        (section, [build_grid(element, values, versions) for element in section.elements])
        for section in spec.sections
    ]
    if problems:  # show what the user typed in the cells that were not saved, never lose it
        for _section, grids in sections:
            for grid in grids:
                for cell in [grid.total, *(c for row in grid.rows for c in row.cells)]:
                    if cell.name in problems:
                        cell.value = request.POST.get(cell.name, cell.value)
                        cell.version = problems[cell.name].version  # a conflict: saving again is deliberate
                        for row in grid.rows:
                            row.hidden = row.hidden and cell not in row.cells
    issues = validate(spec, values, rule_specs(period), previous_values(period, unit))
    tasks = unit_workspace(unit) if period.template.task_results else []
    if period.plan_id:
        tasks = [item for item in tasks if item.task.plan_id == period.plan_id]
    return render(
        request,
        "reporting/entry.html",
        {
            "period": period,
            "unit": unit,
            "submission": submission,
            "sections": sections,
            "issues": issues,
            "can_edit": can_edit,
            "tasks": tasks,
            "problems": problems,
            "errors": [i for i in issues if i.severity == "error"],
            "warnings": [i for i in issues if i.severity == "warning"],
            "version": submission.version if submission else 0,
        },
    )


def _changes_from_post(post) -> list[services.CellChange]:  # noqa: ANN001
    changes = []
    for name, raw in post.items():
        parsed = parse_cell_name(name)
        if parsed is None:
            continue
        code, key = parsed
        version = post.get("ver:" + name[2:])
        comment = post.get("com:" + name[2:])
        changes.append(
            services.CellChange(
                code, key, raw, comment, int(version) if version and version.isdigit() else None
            )
        )
    return changes


def _save_whole_form(request: HttpRequest, period: ReportingPeriod, unit: OrgUnit) -> HttpResponse:
    """The form posted without JavaScript: save what parses, show the rest with its message."""
    try:
        result = services.do_save_cells(
            period, unit, _changes_from_post(request.POST), acting_user=request.user
        )
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
    problems = {f"v:{c.element_code}:" + ":".join(c.key): c for c in result.problems}
    response = _render_entry(request, period, unit, submission, True, problems)
    return response


@login_required
@require_POST
def save_cells(request: HttpRequest, period_id: int, code: str) -> JsonResponse:
    """Autosave: {"cells": [{"name": "v:CODE:F::::", "value": "12", "version": 3, "comment": null}]}."""
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
        parsed = parse_cell_name(str(cell.get("name", "")))
        if parsed is None:
            continue
        version = cell.get("version")
        changes.append(
            services.CellChange(
                parsed[0],
                parsed[1],
                None if cell.get("value") is None else str(cell["value"]),
                None if cell.get("comment") is None else str(cell["comment"]),
                int(version) if isinstance(version, int) else None,
            )
        )
    try:
        result = services.do_save_cells(period, unit, changes, acting_user=request.user)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=409)
    return JsonResponse(
        {
            "version": result.version,
            "cells": [
                {
                    "name": f"v:{c.element_code}:" + ":".join(c.key),
                    "status": c.status,
                    "message": c.message,
                    "version": c.version,
                    "current": c.current,
                    "by": c.by,
                }
                for c in result.cells
            ],
        }
    )


def max_upload() -> int:
    return settings.UPLOAD_MAX_BYTES


@login_required
def export_xlsx(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    from binhdang.reporting.importing import export_report

    period, unit = services.access_report(request.user, period_id, code)
    response = HttpResponse(
        export_report(period, unit),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{period.code}-{unit.code}.xlsx"'
    return response


@login_required
@require_POST
def import_xlsx(request: HttpRequest, period_id: int, code: str) -> HttpResponse:
    from binhdang.reporting.importing import describe, import_report

    period, unit = services.access_report(request.user, period_id, code, Action.CHANGE)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the Excel file to upload."))
        return redirect("reporting:entry", period_id=period.pk, code=unit.code)
    data = upload.read(settings.UPLOAD_MAX_BYTES + 1)
    result = import_report(period, unit, data, acting_user=request.user, source=upload.name)
    if result.errors:
        return render(
            request,
            "reporting/import_errors.html",
            {
                "period": period,
                "unit": unit,
                "errors": [describe(e) for e in result.errors],
                "name": upload.name,
            },
            status=400,
        )
    messages.success(request, _("The file was read: %(count)d values saved.") % {"count": len(result.values)})
    return redirect("reporting:entry", period_id=period.pk, code=unit.code)
