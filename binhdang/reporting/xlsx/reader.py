"""Read a filled report workbook back into Values, or say everything that is wrong with it."""

from __future__ import annotations

import datetime
import io
import re
import warnings
from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.read_only import ReadOnlyCell
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from binhdang.lib.numbers import NotANumber, format_number, parse_number, parse_yes_no
from binhdang.lib.uploads import MIB, ZIP_BOMB, Refusal, UploadRefused, ZipLimits, check_zip, xlsx_counts
from binhdang.reporting.spec import Element, FormSpec, Key, Section, Value, Values
from binhdang.reporting.values import NOT_YES_OR_NO

from .common import (
    FIRST_VALUE_COLUMN,
    FORMAT,
    META_FIELDS,
    META_SHEET,
    REPORT_VERSION,
    TEXT_LIMIT,
    VERSIONS_SHEET,
    CellError,
    GridRow,
    XlsxImportError,
    canonical_code,
    cell_code,
    grid_rows,
    instructions_code,
    section_code,
    section_sheet_titles,
)

MAX_UNPACKED = 100 * MIB  # all members together, as the zip's central directory declares them
MAX_MEMBER = 10 * MIB  # a member larger than this ...
MAX_RATIO = 100  # ... may not be compressed more than 100:1
MAX_ENTRIES = 10_000
# What a workbook may hold beyond its form's own layout (a user's notes, formatting, a few extra rows),
# and how many times the layout: the counts are made before any XML is parsed (lib.uploads.PartCount).
CELL_ALLOWANCE, CELL_FACTOR = 20_000, 10
ROW_ALLOWANCE, ROW_FACTOR = 2_000, 10
EXTRA_COLUMNS = 10  # columns read beyond the widest row of a section, to name a figure typed there
SheetCells = dict[tuple[int, int], ReadOnlyCell]

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


class _BadValue(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_report_xlsx(data: bytes, spec: FormSpec, *, max_bytes: int = 10 * MIB) -> Values:
    """The values of a workbook written by ``write_report_xlsx`` for the same report, filled in.

    Raises XlsxImportError listing every problem found; then nothing of the file is returned.
    """
    _check_package(data, spec, max_bytes)
    workbook = _load(data)
    try:
        meta_errors = _check_meta(workbook, spec)
        if meta_errors:
            raise XlsxImportError(meta_errors)
        sheets, errors = _find_sheets(workbook, spec)
        row_limit = layout_size(spec)[1] * 2 + ROW_ALLOWANCE // 10
        bounds = {
            sheets[section.number].title: (row_limit, _last_column(section))
            for section in spec.sections
            if section.number in sheets
        }
        formulas = _formula_cells(data, bounds)
        values: Values = {}
        for section in spec.sections:
            if section.number in sheets:
                sheet = sheets[section.number]
                cells = _sheet_cells(sheet, *bounds[sheet.title])
                errors += _read_section(sheet.title, cells, section, formulas, values)
    finally:
        workbook.close()
    if errors:
        raise XlsxImportError(errors)
    return values


@dataclass(frozen=True)
class BaseVersions:
    """The versions the workbook's report held when it was downloaded (see common: ``_versions``)."""

    report: int
    cells: dict[tuple[str, Key], int]

    def of(self, element_code: str, key: Key) -> int:
        return self.cells.get((element_code, key), 0)


def read_base_versions(data: bytes, spec: FormSpec) -> BaseVersions | None:
    """The versions a workbook carries; None for a workbook written before they were (or stripped of
    them), whose every difference from the report is then treated as a possible conflict.

    Call after ``read_report_xlsx`` accepted the file (its package checks have run)."""
    workbook = _load(data)
    try:
        if VERSIONS_SHEET not in workbook.sheetnames:
            return None
        sheet = workbook[VERSIONS_SHEET]
        cell_count = sum(len(element.keys()) for section in spec.sections for element in section.elements)
        known = {
            cell_code(element.code, key): (element.code, key)
            for section in spec.sections
            for element in section.elements
            for key in element.keys()
        }
        report, cells = 0, {}
        try:
            rows = sheet.iter_rows(min_col=1, max_col=2, max_row=cell_count + 1, values_only=True)
            for code, version in rows:
                if not isinstance(version, int | float) or isinstance(version, bool) or version < 0:
                    continue
                if code == REPORT_VERSION:
                    report = int(version)
                elif isinstance(code, str) and canonical_code(code) in known:
                    cells[known[canonical_code(code)]] = int(version)  # type: ignore[index]
        except MemoryError:
            raise  # not a damaged file: a file too costly (xlsx.isolated says so)
        except Exception:  # a damaged sheet
            raise _not_xlsx() from None
        return BaseVersions(report, cells)
    finally:
        workbook.close()


def _file_error(message: str) -> XlsxImportError:
    return XlsxImportError([CellError("", "", message)])


def _not_xlsx() -> XlsxImportError:
    return _file_error(_("The file is not an Excel .xlsx workbook."))


def layout_size(spec: FormSpec) -> tuple[int, int]:
    """How many cells and rows the form's workbook holds as the writer lays it out (about)."""
    cells = rows = 0
    for section in spec.sections:
        rows += 4
        for element in section.elements:
            block = grid_rows(element, "", "")
            rows += len(block) + 4  # title, help, header, blank
            cells += sum(len(grid_row.columns) + 2 for grid_row in block) + 4 + len(block[0].columns)
    return cells + 50, rows + 20  # the instructions sheet and the hidden ones


def xlsx_limits(spec: FormSpec) -> ZipLimits:
    """The zip's limits for a workbook of ``spec``: sizes, and counts scaled on the form's layout."""
    cells, rows = layout_size(spec)
    cell_limit = CELL_ALLOWANCE + CELL_FACTOR * cells
    return ZipLimits(
        max_members=MAX_ENTRIES,
        max_unpacked=MAX_UNPACKED,
        max_ratio=MAX_RATIO,
        ratio_above=MAX_MEMBER,
        required=("[Content_Types].xml",),
        counts=xlsx_counts(
            cells=cell_limit,
            rows=ROW_ALLOWANCE + ROW_FACTOR * rows,
            strings=cell_limit,
            spanned=cell_limit,
        ),
    )


def _check_package(data: bytes, spec: FormSpec, max_bytes: int) -> None:
    """Size, zip structure and unpacked sizes from the central directory, then what the sheets hold,
    counted on a stream, all before any XML is parsed."""
    try:
        check_zip(data, xlsx_limits(spec), max_bytes=max_bytes)
    except UploadRefused as refused:
        if refused.code == Refusal.TOO_LARGE:
            limit = filesizeformat(max_bytes)
            raise _file_error(_("The file is too large: the limit is %(size)s.") % {"size": limit}) from None
        if refused.code in (Refusal.TOO_MANY_CELLS, Refusal.TOO_MANY_ROWS, Refusal.TOO_MANY_STRINGS):
            raise _file_error(
                _(
                    "The file holds far more cells than the report's form (more than %(limit)s "
                    "in its sheets): it cannot be read. Download the report's workbook again, "
                    "copy the figures into it and upload that."
                )
                % {"limit": format_number(refused.limit or 0)}
            ) from None
        if refused.code == Refusal.SPANS_TOO_MANY:
            raise _file_error(
                _(
                    "The file's merged cells cover more than %(limit)s cells: it cannot be read. "
                    "Unmerge them or download the report's workbook again."
                )
                % {"limit": format_number(refused.limit or 0)}
            ) from None
        if refused.code in ZIP_BOMB:
            raise _file_error(
                _("The file unpacks to far more data than a report can hold; it cannot be read.")
            ) from None
        raise _not_xlsx() from None  # not a zip, encrypted, or without [Content_Types].xml


def _load(data: bytes) -> Workbook:
    """The workbook read as a stream (openpyxl read-only): each sheet is parsed again, row by row,
    when it is read, and only within the bounds asked for, so memory stays flat."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about extensions it drops; none matter here
        try:
            return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except MemoryError:
            raise  # not a damaged file: a file too costly (xlsx.isolated says so)
        except Exception:  # openpyxl raises many kinds of error on damaged files
            raise _not_xlsx() from None


def _last_column(section: Section) -> int:
    """The last column that can hold a value of the section, and a few beyond it."""
    widths = [
        len(grid_row.columns) for element in section.elements for grid_row in grid_rows(element, "", "")
    ]
    return FIRST_VALUE_COLUMN + max(widths, default=1) - 1 + EXTRA_COLUMNS


def _sheet_cells(sheet: ReadOnlyWorksheet, last_row: int, last_column: int) -> SheetCells:
    """The cells holding something, within the bounds: rows x columns read are at most their product."""
    cells: SheetCells = {}
    try:
        for row in sheet.iter_rows(min_row=1, max_row=last_row, max_col=last_column):
            for cell in row:
                if isinstance(cell, ReadOnlyCell) and (cell.value is not None or cell.data_type == "e"):
                    cells[(cell.row, cell.column)] = cell
    except XlsxImportError:
        raise
    except MemoryError:
        raise  # not a damaged file: a file too costly (xlsx.isolated says so)
    except Exception:  # a damaged sheet
        raise _not_xlsx() from None
    return cells


def _formula_cells(data: bytes, bounds: dict[str, tuple[int, int]]) -> dict[str, set[str]]:
    """Coordinates of the cells holding a formula, per sheet title, within each sheet's (row, column) bounds.

    With data_only a formula whose result was never saved reads as an empty cell; only this second,
    streaming pass over the formulas tells the two apart.
    """
    found: dict[str, set[str]] = {title: set() for title in bounds}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except MemoryError:
            raise  # not a damaged file: a file too costly (xlsx.isolated says so)
        except Exception:
            raise _not_xlsx() from None
    try:
        for title, (last_row, last_column) in bounds.items():
            for row in workbook[title].iter_rows(max_row=last_row, max_col=last_column):
                for cell in row:
                    if getattr(cell, "data_type", None) == "f":
                        found[title].add(cell.coordinate)
    finally:
        workbook.close()
    return found


def _meta_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _check_meta(workbook: Workbook, spec: FormSpec) -> list[CellError]:
    if META_SHEET not in workbook.sheetnames or not isinstance(workbook[META_SHEET], ReadOnlyWorksheet):
        return [
            CellError(
                "",
                "",
                _(
                    "The file is not a report workbook downloaded from this system: its hidden codes are "
                    "missing. Download the report's workbook and fill that in."
                ),
            )
        ]
    sheet = workbook[META_SHEET]
    meta = {
        _meta_text(name): _meta_text(value)
        for name, value in sheet.iter_rows(min_col=1, max_col=2, max_row=len(META_FIELDS), values_only=True)
    }
    if meta.get("format") != FORMAT:
        return [
            CellError(
                "",
                "",
                _(
                    "The file was made by another version of this system; "
                    "download the report's workbook again."
                ),
            )
        ]
    differences = []
    found_form = (meta.get("template_code", ""), meta.get("template_version", ""))
    if found_form != (spec.template_code, str(spec.template_version)):
        differences.append(
            _("form %(found)s version %(found_version)s instead of %(expected)s version %(expected_version)s")
            % {
                "found": found_form[0],
                "found_version": found_form[1],
                "expected": spec.template_code,
                "expected_version": spec.template_version,
            }
        )
    if meta.get("unit_code", "") != spec.unit_code:
        differences.append(
            _("unit %(found)s instead of %(expected)s")
            % {"found": meta.get("unit_code", ""), "expected": spec.unit_code}
        )
    if meta.get("period_code", "") != spec.period_code:
        differences.append(
            _("period %(found)s instead of %(expected)s")
            % {"found": meta.get("period_code", ""), "expected": spec.period_code}
        )
    if not differences:
        return []
    message = _(
        "This file belongs to another report: %(differences)s. "
        "Download this report's workbook and fill that in."
    ) % {"differences": "; ".join(differences)}
    return [CellError("", "", message)]


def _find_sheets(workbook: Workbook, spec: FormSpec) -> tuple[dict[str, ReadOnlyWorksheet], list[CellError]]:
    """The sheet of each section, found by the hidden code in A1; errors for missing and extra sheets."""
    by_code = {section_code(section): section for section in spec.sections}
    sheets: dict[str, ReadOnlyWorksheet] = {}
    errors: list[CellError] = []
    for title in workbook.sheetnames:
        if title in (META_SHEET, VERSIONS_SHEET):
            continue
        sheet = workbook[title]
        try:
            code = canonical_code(sheet["A1"].value) if isinstance(sheet, ReadOnlyWorksheet) else None
        except MemoryError:
            raise  # not a damaged file: a file too costly (xlsx.isolated says so)
        except Exception:  # a damaged sheet: openpyxl reads it only now
            raise _not_xlsx() from None
        if code == instructions_code():
            continue
        section = by_code.get(code or "")
        if section is None:
            errors.append(
                CellError(
                    title,
                    "",
                    _(
                        "This sheet is not part of the form; "
                        "delete it and keep the figures in the form's sheets."
                    ),
                )
            )
        elif section.number in sheets:
            errors.append(
                CellError(
                    title,
                    "",
                    _("This sheet repeats section %(section)s; keep only one.") % {"section": section.number},
                )
            )
        else:
            sheets[section.number] = sheet
    titles = section_sheet_titles(spec, reserved={_("Instructions")[:31], META_SHEET, VERSIONS_SHEET})
    for section in spec.sections:
        if section.number not in sheets:
            errors.append(
                CellError(
                    titles[section.number],
                    "",
                    _("The sheet of section %(section)s is missing; download the report's workbook again.")
                    % {"section": section.number},
                )
            )
    return sheets, errors


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_section(
    title: str, cells: SheetCells, section: Section, formulas: dict[str, set[str]], values: Values
) -> list[CellError]:
    """Add the section's values to ``values``; return the problems found."""
    expected: dict[str, tuple[Element, GridRow]] = {}
    for element in section.elements:
        for grid_row in grid_rows(element, "", ""):
            expected[grid_row.code()] = (element, grid_row)
    code_rows = sorted(
        row for (row, column), cell in cells.items() if column == 1 and row > 1 and not _is_empty(cell.value)
    )
    errors: list[CellError] = []
    seen: set[str] = set()
    row_width: dict[int, int] = {}
    for row in code_rows:
        code = canonical_code(cells[(row, 1)].value)
        if code is None or code not in expected:
            errors.append(
                CellError(
                    title,
                    f"A{row}",
                    _(
                        "The hidden code of this row is not part of the form; "
                        "do not copy rows from another file."
                    ),
                )
            )
            continue
        if code in seen:
            errors.append(CellError(title, f"A{row}", _("This row appears twice; do not copy rows.")))
            continue
        seen.add(code)
        element, grid_row = expected[code]
        row_width[row] = len(grid_row.columns)
        for offset, column_code in enumerate(grid_row.columns):
            column = FIRST_VALUE_COLUMN + offset
            coordinate = f"{get_column_letter(column)}{row}"
            cell = cells.get((row, column))
            if column_code is None:
                if cell is not None and not _is_empty(cell.value):
                    errors.append(
                        CellError(title, coordinate, _("This cell is not part of the form; leave it empty."))
                    )
                continue
            try:
                value = _cell_value(cell, element, coordinate in formulas.get(title, set()))
            except _BadValue as error:
                errors.append(CellError(title, coordinate, error.message))
                continue
            if value is not None:
                values[(element.code, grid_row.key(column_code))] = value
    for (row, column), cell in sorted(cells.items()):
        width = row_width.get(row)
        if width is not None and column >= FIRST_VALUE_COLUMN + width and not _is_empty(cell.value):
            coordinate = f"{get_column_letter(column)}{row}"
            errors.append(
                CellError(title, coordinate, _("This cell is not part of the form; leave it empty."))
            )
    missing = {element.code for element, grid_row in expected.values() if grid_row.code() not in seen}
    for element in section.elements:
        if element.code in missing:
            errors.append(
                CellError(
                    title,
                    "",
                    _("Rows of “%(element)s” are missing; download the report's workbook again.")
                    % {"element": element.label},
                )
            )
    return errors


def _cell_value(cell: ReadOnlyCell | None, element: Element, has_formula: bool) -> Value | None:
    """The cell's value for the element's type; None when empty; _BadValue when it cannot be one."""
    raw = cell.value if cell is not None else None
    if cell is not None and cell.data_type == "e":
        raise _BadValue(
            _("The cell holds the Excel error %(value)s; type the value instead.") % {"value": raw}
        )
    if raw is None and has_formula:
        raise _BadValue(_("The cell contains a formula without a value; type the number."))
    if _is_empty(raw):
        return None
    value_type = element.value_type
    if value_type == "text":
        return _text(raw)
    if value_type == "boolean":
        return _boolean(raw)
    number_format = cell.number_format if cell is not None else "General"
    number = _number(raw, number_format, percent=value_type == "percent")
    shown = _shown(raw)
    if number is None:
        raise _BadValue(_("'%(value)s' is not a number.") % {"value": shown})
    if value_type == "percent":
        if not Decimal(0) <= number <= Decimal(100):
            raise _BadValue(_("'%(value)s' is not a percentage between 0 and 100.") % {"value": shown})
        return number
    if value_type in ("integer", "money") and number < 0:
        raise _BadValue(_("'%(value)s' is negative; the figure must be 0 or more.") % {"value": shown})
    if value_type == "integer":
        if number != number.to_integral_value():
            raise _BadValue(_("'%(value)s' is not a whole number.") % {"value": shown})
        return Decimal(int(number))
    return number


def _shown(raw: object) -> str:
    """The raw cell value as a user would recognise it in a message."""
    if isinstance(raw, float):
        return format(raw, ".15g")
    text = str(raw).strip()
    return text if len(text) <= 40 else text[:39] + "…"


def _shows_percent(number_format: str) -> bool:
    """True when Excel displays the cell as a percentage, i.e. 0.45 appears as 45%."""
    return "%" in _QUOTED.sub("", number_format or "")


def _number(raw: object, number_format: str, *, percent: bool) -> Decimal | None:
    if isinstance(raw, bool) or isinstance(raw, datetime.date | datetime.time | datetime.timedelta):
        return None
    if isinstance(raw, int | float):
        # Excel keeps 15 significant digits; 0.1 + 0.2 is 0.3 there, and here.
        number = Decimal(format(raw, ".15g")) if isinstance(raw, float) else Decimal(raw)
        if percent and _shows_percent(number_format):
            number *= 100
        return number
    if not isinstance(raw, str):
        return None
    return parse_number_text(raw, percent=percent)


def parse_number_text(text: str, *, percent: bool = False) -> Decimal | None:
    """A number typed as text, read as on the web form (binhdang.lib.numbers); None if it is not one."""
    try:
        return parse_number(text, percent=percent)
    except NotANumber:
        return None


def _boolean(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int | float) and raw in (0, 1):
        return raw == 1
    if isinstance(raw, str):
        answer = parse_yes_no(raw)
        if answer is not None:
            return answer
    raise _BadValue(NOT_YES_OR_NO % {"value": _shown(raw)})


def _text(raw: object) -> str:
    if isinstance(raw, bool):
        text = _("Yes") if raw else _("No")
    elif isinstance(raw, float):
        text = format(raw, ".15g")
    elif isinstance(raw, datetime.datetime) and raw.time() == datetime.time(0):
        text = raw.date().isoformat()
    elif isinstance(raw, datetime.date | datetime.time):
        text = raw.isoformat()
    else:
        text = str(raw).strip()
    if len(text) > TEXT_LIMIT:
        raise _BadValue(
            _("The text is %(length)s characters long; at most %(limit)s are allowed.")
            % {"length": len(text), "limit": TEXT_LIMIT}
        )
    return text
