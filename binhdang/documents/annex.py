"""The consolidated report's figures as an Excel annex (.xlsx), from the report object only.

Sheets (titles are Vietnamese literals: the annex goes with the official report):

* "Tổng hợp": one row per element: its name (never its code), unit of measure, total, Nam, Nữ, the provincial
  bodies' and the communes' and wards' totals, the previous period and the change;
* "Theo đơn vị": one row per unit of the report, one column per element with a total;
* "Chỉ tiêu": the strategy indicators with their formula, value, target and assessment;
* "Nhiệm vụ": each unit's result and note for each task of the plan;
* "Gửi báo cáo": who reported.

Numbers are written as numbers (never text) with a '#,##0' or '#,##0.0#' format, which Excel shows
with the separators of the reader's locale. Every text cell goes through `safe_text`, so a note
typed as "=cmd|…" stays text and is never run as a formula.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from binhdang.analytics.report import ConsolidatedReport, number
from binhdang.documents.formatting import local_time
from binhdang.documents.provincial_report import (
    FEMALE,
    GROUPS,
    MALE,
    TASK_STATUS_LABELS,
    completeness_rows,
    elements_with_total,
    kind_group_totals,
    previous_phrase,
    sex_split,
    units_by_kind,
)
from binhdang.reporting.xlsx.common import safe_text

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
HEADER_ALIGNMENT = Alignment(wrap_text=True, vertical="center", horizontal="center")
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.0#"

SUMMARY_SHEET = "Tổng hợp"
UNITS_SHEET = "Theo đơn vị"
INDICATORS_SHEET = "Chỉ tiêu"
TASKS_SHEET = "Nhiệm vụ"
COMPLETENESS_SHEET = "Gửi báo cáo"


def _put(sheet: Worksheet, row: int, column: int, value: object) -> None:
    """A number as a number with a grouped format, anything else as safe text; None leaves it empty."""
    cell = sheet.cell(row=row, column=column)
    if value is None:
        return
    if isinstance(value, bool):
        safe_text(cell, "Có" if value else "Không")
    elif isinstance(value, Decimal | int | float):
        numeric = number(Decimal(str(value))) if not isinstance(value, Decimal) else number(value)
        cell.value = numeric
        cell.number_format = INTEGER_FORMAT if isinstance(numeric, int) else DECIMAL_FORMAT
    else:
        safe_text(cell, str(value))


def _header(sheet: Worksheet, titles: list[str], widths: list[float], *, row: int = 1) -> None:
    for column, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column)
        safe_text(cell, title)
        cell.font = BOLD
        cell.alignment = HEADER_ALIGNMENT
        sheet.column_dimensions[get_column_letter(column)].width = width


def _rows(sheet: Worksheet, rows: list[list[object]], *, start: int = 2, wrap: tuple[int, ...] = ()) -> None:
    for row_index, values in enumerate(rows, start=start):
        for column, value in enumerate(values, start=1):
            _put(sheet, row_index, column, value)
            if column in wrap:
                sheet.cell(row=row_index, column=column).alignment = WRAP


def _summary(sheet: Worksheet, report: ConsolidatedReport) -> None:
    previous = (previous_phrase(report) or "kỳ trước").capitalize()
    _header(
        sheet,
        [
            "Mục",
            "Chỉ tiêu",
            "Đơn vị tính",
            "Tổng số",
            "Nam",
            "Nữ",
            *GROUPS,
            previous,
            "Tăng/giảm",
            "Số đơn vị báo cáo",
        ],
        [7, 60, 14, 14, 12, 12, 14, 14, 14, 12, 10],
    )
    rows: list[list[object]] = []
    for section in report.sections:
        for element in section.elements:
            split = sex_split(element)
            groups = kind_group_totals(element)
            rows.append(
                [
                    section.number,
                    element.label,
                    element.unit,
                    element.total,
                    split[MALE] if split else None,
                    split[FEMALE] if split else None,
                    *(groups[group] for group in GROUPS),
                    element.previous,
                    element.change,
                    element.reporting_units,
                ]
            )
    _rows(sheet, rows, wrap=(2,))
    sheet.freeze_panes = "C2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(11)}{len(rows) + 1}"


def _by_unit(sheet: Worksheet, report: ConsolidatedReport) -> None:
    elements = elements_with_total(report)
    _header(sheet, ["Tên đơn vị", "Loại đơn vị"], [40, 22])
    for column, element in enumerate(elements, start=3):
        cell = sheet.cell(row=1, column=column)
        unit = f" ({element.unit})" if element.unit else ""
        safe_text(cell, f"{element.label}{unit}")
        cell.font = BOLD
        cell.alignment = HEADER_ALIGNMENT
        sheet.column_dimensions[get_column_letter(column)].width = 18
    sheet.row_dimensions[1].height = 90
    rows = [
        [unit.name, unit.kind_label, *(element.by_unit.get(unit.code) for element in elements)]
        for unit in report.units
    ]
    _rows(sheet, rows)
    sheet.freeze_panes = "C2"


def _indicators(sheet: Worksheet, report: ConsolidatedReport) -> None:
    _header(
        sheet,
        [
            "Chỉ tiêu",
            "Đơn vị tính",
            "Cách tính",
            "Kết quả",
            "Mục tiêu",
            "Năm mục tiêu",
            "Đánh giá",
            "Nguồn",
        ],
        [50, 14, 50, 12, 12, 10, 16, 50],
    )
    rows = [
        [
            i.label,
            i.unit,
            i.formula,
            i.value,
            i.target_value,
            i.target_year,
            i.status_label,
            i.source,
        ]
        for i in report.indicators
    ]
    _rows(sheet, rows, wrap=(1, 3, 8))
    sheet.freeze_panes = "B2"


def _tasks(sheet: Worksheet, report: ConsolidatedReport) -> None:
    _header(
        sheet,
        ["Nội dung", "Nhiệm vụ", "Đơn vị", "Tình trạng", "Ghi chú của đơn vị"],
        [30, 60, 36, 16, 60],
    )
    rows: list[list[object]] = []
    for area in report.plan_sections:
        area_title = f"{area.number}. {area.title}" if area.number else area.title
        for task in area.tasks:
            for unit in task.units:
                rows.append(
                    [
                        area_title,
                        task.text,
                        unit.name,
                        TASK_STATUS_LABELS.get(unit.status, unit.status),
                        unit.note,
                    ]
                )
    _rows(sheet, rows, wrap=(1, 2, 5))
    sheet.freeze_panes = "C2"


def _completeness(sheet: Worksheet, report: ConsolidatedReport) -> None:
    _header(sheet, ["Nội dung", "Số đơn vị", "Tỷ lệ (%)"], [50, 14, 12])
    c = report.completeness
    rows: list[list[object]] = []
    for label, count, _rate in completeness_rows(report):
        rows.append([label, count, round(100 * count / c.expected, 1) if c.expected else None])
    row = len(rows) + 3
    _rows(sheet, rows)
    _header(sheet, ["Loại đơn vị", "Số đơn vị", "Có số liệu"], [50, 14, 12], row=row)
    kinds = [[label, total, reported] for label, total, reported in units_by_kind(report)]
    _rows(sheet, kinds, start=row + 1)
    row += len(kinds) + 2
    generated = local_time(report.generated_at)
    info = [
        ["Kỳ báo cáo", report.period_name],
        ["Từ ngày", report.covers_from.strftime("%d/%m/%Y")],
        ["Đến ngày", report.covers_to.strftime("%d/%m/%Y")],
        ["Thời hạn gửi báo cáo", report.due_date.strftime("%d/%m/%Y")],
        ["Đơn vị tổng hợp", report.root_name],
        ["Số liệu", "Tạm tính" if report.provisional else "Đã được tiếp nhận"],
        ["Thời điểm tổng hợp", generated.strftime("%H:%M %d/%m/%Y")],
    ]
    _rows(sheet, info, start=row)
    sheet.freeze_panes = "A2"


def render_report_xlsx(report: ConsolidatedReport) -> bytes:
    """The report's annex workbook as .xlsx bytes."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = SUMMARY_SHEET
    _summary(summary, report)
    _by_unit(workbook.create_sheet(UNITS_SHEET), report)
    _indicators(workbook.create_sheet(INDICATORS_SHEET), report)
    _tasks(workbook.create_sheet(TASKS_SHEET), report)
    _completeness(workbook.create_sheet(COMPLETENESS_SHEET), report)
    properties = workbook.properties
    properties.title = f"Số liệu tổng hợp - {report.period_name}"[:255]
    properties.creator = report.root_name[:255]
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
