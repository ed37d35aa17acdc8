"""The unit's report as an Excel workbook to fill in offline. Takes a FormSpec; never queries."""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from binhdang.reporting.spec import Element, FormSpec, Key, Section, Value, Values

from .common import (
    FIRST_VALUE_COLUMN,
    FORMAT,
    META_SHEET,
    REPORT_VERSION,
    TEXT_LIMIT,
    TOTAL_COLUMN,
    VERSIONS_SHEET,
    cell_code,
    grid_rows,
    has_grid,
    instructions_code,
    safe_text,
    section_code,
    section_sheet_titles,
)

WHITE = PatternFill("solid", fgColor="FFFFFF")
LABEL_GREY = PatternFill("solid", fgColor="F2F2F2")
HEADER_GREY = PatternFill("solid", fgColor="D9D9D9")
OUTSIDE_GREY = PatternFill("solid", fgColor="BFBFBF")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HINT = Font(italic=True, color="595959")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)

NUMBER_FORMATS = {"integer": "#,##0", "money": "General", "decimal": "General", "percent": "General"}
TEXT_CELL_SPAN = 5  # a text answer is merged over C:G so that it has room
LABEL_WIDTH = 48
VALUE_WIDTH = 14


def write_report_xlsx(
    spec: FormSpec,
    values: Values,
    versions: dict[tuple[str, Key], int] | None = None,
    report_version: int = 0,
) -> bytes:
    """The report of ``spec``'s unit as .xlsx bytes, with ``values`` already in their cells, and the
    ``versions`` of the cells (and the report's) it held, for the import to check against."""
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = _("Instructions")[:31]
    titles = section_sheet_titles(spec, reserved={instructions.title, META_SHEET, VERSIONS_SHEET})
    _write_instructions(instructions, spec, titles)
    for section in spec.sections:
        sheet = workbook.create_sheet(titles[section.number])
        _write_section(sheet, section, values)
    _write_meta(workbook.create_sheet(META_SHEET), spec)
    _write_versions(workbook.create_sheet(VERSIONS_SHEET), versions or {}, report_version)
    workbook.active = 0
    # No password: the protection is a guide for users, not a secret.
    workbook.security = WorkbookProtection(lockStructure=True)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _label(cell: Cell, text: str, *, font: Font | None = None, fill: PatternFill | None = None) -> Cell:
    safe_text(cell, text)
    cell.protection = LOCKED
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _hidden_code(sheet: Worksheet, row: int, code: str) -> None:
    _label(sheet.cell(row=row, column=1), code)


def _print_setup(sheet: Worksheet) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _protect(sheet: Worksheet) -> None:
    sheet.protection.sheet = True
    # Resizing rows and columns stays allowed; the codes in column A are locked either way.
    sheet.protection.formatColumns = False
    sheet.protection.formatRows = False


def _write_instructions(sheet: Worksheet, spec: FormSpec, titles: dict[str, str]) -> None:
    _hidden_code(sheet, 1, instructions_code())
    _label(sheet["B1"], spec.title, font=TITLE)
    facts = [
        (
            _("Reporting unit"),
            _("%(name)s (code %(code)s)") % {"name": spec.unit_name, "code": spec.unit_code},
        ),
        (_("Reporting period"), spec.period_code),
        (
            _("Report form"),
            _("%(code)s, version %(version)s")
            % {"code": spec.template_code, "version": spec.template_version},
        ),
    ]
    row = 3
    for name, value in facts:
        _label(sheet.cell(row=row, column=2), name, font=BOLD)
        _label(sheet.cell(row=row, column=3), value)
        row += 1
    row += 1
    _label(sheet.cell(row=row, column=2), _("How to fill in this workbook"), font=BOLD)
    steps = [
        _("Type only in the white cells; the grey cells are locked."),
        _("Type numbers only, without units or notes."),
        _("Leave a cell empty when the figure is not known; type 0 only when the figure is zero."),
        _(
            "The “Total” column on the first row of each table is the total of the whole table: "
            "fill it when the breakdown is not known, or as a check."
        ),
        _("For yes/no questions choose Yes or No from the list."),
        _("Do not rename, add or delete sheets, rows or columns: the file is read back by hidden codes."),
        _("When done, save the file as .xlsx and upload it on the report's page."),
    ]
    for number, step in enumerate(steps, start=1):
        row += 1
        _label(sheet.cell(row=row, column=2), f"{number}. {step}")
    row += 2
    _label(sheet.cell(row=row, column=2), _("Sheets of this workbook"), font=BOLD)
    for section in spec.sections:
        row += 1
        _label(sheet.cell(row=row, column=2), titles[section.number])
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 50
    _print_setup(sheet)
    _protect(sheet)


def _write_meta(sheet: Worksheet, spec: FormSpec) -> None:
    rows = [
        ("format", FORMAT),
        ("template_code", spec.template_code),
        ("template_version", str(spec.template_version)),
        ("period_code", spec.period_code),
        ("unit_code", spec.unit_code),
    ]
    for row, (name, value) in enumerate(rows, start=1):
        _label(sheet.cell(row=row, column=1), name)
        _label(sheet.cell(row=row, column=2), value)
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


def _write_versions(sheet: Worksheet, versions: dict[tuple[str, Key], int], report_version: int) -> None:
    sheet.cell(row=1, column=1, value=REPORT_VERSION)
    sheet.cell(row=1, column=2, value=report_version)
    for row, ((element_code, key), version) in enumerate(sorted(versions.items()), start=2):
        sheet.cell(row=row, column=1, value=cell_code(element_code, key))
        sheet.cell(row=row, column=2, value=version)
    sheet.sheet_state = "veryHidden"
    _protect(sheet)


class _Validations:
    """One data validation per value type on a sheet, over all the cells of that type.

    Cells are collected first and given to each validation at once as row ranges ("C5:G5"): adding
    them one by one costs openpyxl a containment check against every cell already added.
    """

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self.cells: dict[str, list[tuple[int, int]]] = {}

    def add(self, value_type: str, cell: Cell) -> None:
        self.cells.setdefault(value_type, []).append((cell.row, cell.column))

    def apply(self) -> None:
        for value_type, cells in self.cells.items():
            validation = self._make(value_type)
            if validation is not None:
                validation.sqref = MultiCellRange(" ".join(_row_ranges(cells)))
                self.sheet.add_data_validation(validation)

    def _make(self, value_type: str) -> DataValidation | None:
        if value_type == "integer":
            validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
            title, message = _("Not a whole number"), _("Type a whole number, 0 or more, without units.")
        elif value_type == "money":
            validation = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
            title, message = _("Not an amount"), _("Type an amount of 0 or more, in numbers only.")
        elif value_type == "decimal":
            validation = DataValidation(
                type="decimal", operator="between", formula1="-1E+300", formula2="1E+300"
            )
            title, message = _("Not a number"), _("Type a number only, without units or text.")
        elif value_type == "percent":
            validation = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
            title, message = _("Not a percentage"), _("Type a percentage between 0 and 100.")
        elif value_type == "boolean":
            choices = f'"{_("Yes")},{_("No")}"'
            validation = DataValidation(type="list", formula1=choices)
            title = _("Choose Yes or No")
            message = _("Choose %(yes)s or %(no)s from the list.") % {"yes": _("Yes"), "no": _("No")}
        elif value_type == "text":
            validation = DataValidation(
                type="textLength", operator="lessThanOrEqual", formula1=str(TEXT_LIMIT)
            )
            title = _("Text too long")
            message = _("The text may be at most %(limit)s characters long.") % {"limit": TEXT_LIMIT}
        else:
            return None
        validation.allow_blank = True
        validation.showErrorMessage = True
        validation.errorStyle = "stop"
        validation.errorTitle = title[:32]  # Excel's limits
        validation.error = message[:255]
        return validation


def _row_ranges(cells: list[tuple[int, int]]) -> list[str]:
    """(row, column) pairs as ranges of adjacent cells along each row: "C5:G5 C7"."""
    runs: list[list[int]] = []  # [row, first column, last column]
    for row, column in sorted(set(cells)):
        if runs and runs[-1][0] == row and runs[-1][2] == column - 1:
            runs[-1][2] = column
        else:
            runs.append([row, column, column])
    return [
        f"{get_column_letter(first)}{row}" + (f":{get_column_letter(last)}{row}" if last > first else "")
        for row, first, last in runs
    ]


def _write_section(sheet: Worksheet, section: Section, values: Values) -> None:
    validations = _Validations(sheet)
    _hidden_code(sheet, 1, section_code(section))
    _label(sheet["B1"], f"{section.number}. {section.title}", font=TITLE)
    _label(
        sheet["B2"],
        _("Type only in the white cells. Leave a cell empty when the figure is not known."),
        font=HINT,
    )
    row = 4
    widest = FIRST_VALUE_COLUMN + TEXT_CELL_SPAN - 1
    for element in section.elements:
        row, last_column = _write_element(sheet, element, values, validations, row)
        widest = max(widest, last_column)
        row += 1  # a blank row between blocks
    validations.apply()
    sheet.column_dimensions["A"].hidden = True
    sheet.column_dimensions["B"].width = LABEL_WIDTH
    for column in range(FIRST_VALUE_COLUMN, widest + 1):
        sheet.column_dimensions[get_column_letter(column)].width = VALUE_WIDTH
    sheet.freeze_panes = "C3"
    sheet.print_title_rows = "1:2"
    _print_setup(sheet)
    _protect(sheet)


def _element_label(element: Element) -> str:
    return f"{element.label} ({element.unit})" if element.unit else element.label


def _write_element(
    sheet: Worksheet, element: Element, values: Values, validations: _Validations, row: int
) -> tuple[int, int]:
    """Write one element's block from ``row``; return the next free row and the last column used."""
    _label(sheet.cell(row=row, column=2), _element_label(element), font=BOLD)
    row += 1
    if element.help_text:
        _label(sheet.cell(row=row, column=2), element.help_text, font=HINT)
        row += 1
    if element.value_type == "text":
        single = _("Content")
    elif element.value_type == "boolean":
        single = _("Answer")
    else:
        single = _("Total")
    rows = grid_rows(element, single_label=single, row_label=_("Figures"))
    last_column = FIRST_VALUE_COLUMN
    if has_grid(element):
        row = _write_header(sheet, element, row)
    for grid_row in rows:
        _hidden_code(sheet, row, grid_row.code())
        _label(sheet.cell(row=row, column=2), grid_row.label, fill=LABEL_GREY).border = BOX
        for offset, column_code in enumerate(grid_row.columns):
            cell = sheet.cell(row=row, column=FIRST_VALUE_COLUMN + offset)
            last_column = max(last_column, cell.column)
            cell.border = BOX
            if column_code is None:
                cell.fill = OUTSIDE_GREY
                cell.protection = LOCKED
                continue
            _write_value_cell(cell, element, values.get((element.code, grid_row.key(column_code))))
            validations.add(element.value_type, cell)
            if column_code == TOTAL_COLUMN and len(rows) > 1:
                cell.comment = Comment(
                    _("Total of the whole table: fill it when the breakdown is not known, or as a check."),
                    "Bình Đẳng",
                    width=260,
                    height=70,
                )
        if element.value_type == "text":
            sheet.merge_cells(
                start_row=row, start_column=FIRST_VALUE_COLUMN,
                end_row=row, end_column=FIRST_VALUE_COLUMN + TEXT_CELL_SPAN - 1,
            )  # fmt: skip
            sheet.row_dimensions[row].height = 60
        row += 1
    return row, last_column


def _write_header(sheet: Worksheet, element: Element, row: int) -> int:
    first, rest = element.dims[0], element.dims[1:]
    corner = f"{' / '.join(dim.label for dim in rest)} \\ {first.label}" if rest else first.label
    _label(sheet.cell(row=row, column=2), corner, font=BOLD, fill=HEADER_GREY).border = BOX
    headers = [option.label for option in first.options] + [_("Total")]
    for offset, text in enumerate(headers):
        cell = _label(
            sheet.cell(row=row, column=FIRST_VALUE_COLUMN + offset), text, font=BOLD, fill=HEADER_GREY
        )
        cell.alignment = CENTRE
        cell.border = BOX
    return row + 1


def _write_value_cell(cell: Cell, element: Element, value: Value | None) -> None:
    cell.fill = WHITE
    cell.protection = UNLOCKED
    if element.value_type == "text":
        cell.number_format = "@"  # Excel keeps whatever is typed here as text, "=..." included
        cell.alignment = WRAP
    elif element.value_type in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[element.value_type]
    if value is None or (isinstance(value, Decimal) and not value.is_finite()):
        return
    if isinstance(value, bool):
        safe_text(cell, _("Yes") if value else _("No"))
    elif isinstance(value, Decimal):
        cell.value = int(value) if value == value.to_integral_value() else float(value)
    elif isinstance(value, int | float):
        cell.value = value
    else:
        safe_text(cell, str(value))
