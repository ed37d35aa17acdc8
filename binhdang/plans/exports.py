"""The coordinator's matrix as an XLSX workbook. Takes a built Matrix; never queries."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from binhdang.plans.choices import AssignmentRole, TaskStatus
from binhdang.plans.queries import Matrix

FILLS = {
    TaskStatus.DONE: "C6EFCE",
    TaskStatus.IN_PROGRESS: "FFEB9C",
    TaskStatus.NOT_STARTED: "F4CCCC",
    TaskStatus.NOT_APPLICABLE: "D9D9D9",
}


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula is written as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def matrix_xlsx(matrix: Matrix) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Progress")[:31]
    sheet["A1"] = safe_cell(_("Progress of the plan: %(title)s") % {"title": matrix.plan.title})
    sheet["A1"].font = Font(bold=True, size=13)
    header = [_("Unit"), _("Code"), _("Kind")] + [task.code for task in matrix.tasks]
    sheet.append([])
    sheet.append([safe_cell(v) for v in header])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    roles = dict(AssignmentRole.choices)
    for row in matrix.rows:
        values: list[object] = [row.unit.name, row.unit.code, row.unit.get_kind_display()]
        for cell in row.cells:
            values.append(f"{TaskStatus(cell.status).label} ({roles[cell.role]})" if cell else "")
        sheet.append([safe_cell(v) for v in values])
        for offset, cell in enumerate(row.cells):
            if cell:
                sheet.cell(row=sheet.max_row, column=4 + offset).fill = PatternFill(
                    "solid", fgColor=FILLS[cell.status]
                )
    sheet.column_dimensions["A"].width = 40
    sheet.freeze_panes = "D4"
    for index in range(len(matrix.tasks)):
        sheet.column_dimensions[get_column_letter(4 + index)].width = 22
    tasks = workbook.create_sheet(_("Tasks")[:31])
    tasks.append([_("Code"), _("Area of work"), _("Addressee"), _("Task")])
    for cell in tasks[1]:
        cell.font = Font(bold=True)
    for task in matrix.tasks:
        tasks.append(
            [
                safe_cell(v)
                for v in (
                    task.code,
                    str(task.section) if task.section else "",
                    task.addressee.name if task.addressee else "",
                    task.text,
                )
            ]
        )
    tasks.column_dimensions["D"].width = 100
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
