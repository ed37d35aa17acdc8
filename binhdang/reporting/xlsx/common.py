"""What the writer and the reader share: the hidden codes, the grid of each element, the errors.

Layout of a report workbook (format ``FORMAT``):

* ``_meta`` (veryHidden): column A a name, column B its value, for ``format``, ``template_code``,
  ``template_version``, ``period_code`` and ``unit_code``.
* ``_versions`` (veryHidden): the version of each cell the report held when the file was written
  (column A the cell's code, see ``cell_code``; column B its version), and in the first row the
  report's own version. A cell not listed held no value ("I saw no value", version 0). The import
  compares them with the report as it is now, so a figure changed online since the download is
  shown, never silently overwritten.
* the instructions sheet: hidden cell A1 holds ``{"sheet":"instructions"}``; it is never read.
* one sheet per section: hidden cell A1 holds ``{"n":"<section number>","sheet":"section"}``, and
  every row that has value cells holds in its hidden cell A the row's code (see ``GridRow.code``):
  the element, the options of the dimensions that are fixed along the row, the first dimension, and
  for each value column from C on the first-dimension option it holds ("*" is the total; null is a
  grey cell that is not part of the form). Sheets and rows are found by these codes, never by their
  titles or labels, so renamed sheets and translated labels read back the same.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from itertools import product

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from binhdang.reporting.spec import TOTAL, Element, FormSpec, Key, Section, make_key

FORMAT = "binhdang-report-xlsx/1"
META_SHEET = "_meta"
META_FIELDS = ("format", "template_code", "template_version", "period_code", "unit_code")
VERSIONS_SHEET = "_versions"
REPORT_VERSION = "report"  # the code, in column A of the versions sheet, of the report's own version
TOTAL_COLUMN = "*"  # the column code of the element's total (the all-"" key)
FIRST_VALUE_COLUMN = 3  # C: A holds the hidden codes, B the row labels
TEXT_LIMIT = 10_000
SHEET_TITLE_LIMIT = 31
_FORBIDDEN_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
_FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class CellError:
    sheet: str
    cell: str
    message: str

    def __str__(self) -> str:
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}: {self.message}"
        if self.sheet or self.cell:
            return f"{self.sheet or self.cell}: {self.message}"
        return self.message


class XlsxImportError(Exception):
    """Every problem found in an uploaded workbook; nothing of it is to be saved."""

    def __init__(self, errors: list[CellError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(error) for error in self.errors))


def looks_like_formula(text: str) -> bool:
    return text.startswith(_FORMULA_TRIGGERS)


def safe_text(cell: Cell, text: str) -> Cell:
    """Write ``text`` into ``cell`` as a plain string that no spreadsheet will run as a formula.

    The cell is given the string data type (openpyxl would otherwise store "=..." as a formula) and,
    for text that starts like a formula (=, +, -, @, tab, CR, LF), Excel's own quote prefix, which is
    what Excel stores when a user types a leading apostrophe. The text itself is kept unchanged, so it
    reads back exactly. Characters that XML cannot hold are dropped.
    """
    text = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.value = text
    cell.data_type = "s"
    if looks_like_formula(text):
        cell.quotePrefix = True
    return cell


def sheet_title(wanted: str, taken: set[str]) -> str:
    """An Excel-valid sheet title, unique (case-insensitively) among ``taken``, which it joins."""
    title = " ".join(_FORBIDDEN_IN_TITLE.sub(" ", wanted).split()).strip("'") or "Sheet"
    if len(title) > SHEET_TITLE_LIMIT:
        title = title[: SHEET_TITLE_LIMIT - 1].rstrip() + "…"
    candidate, number = title, 1
    while candidate.casefold() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = title[: SHEET_TITLE_LIMIT - len(suffix)].rstrip() + suffix
    taken.add(candidate.casefold())
    return candidate


def section_sheet_titles(spec: FormSpec, reserved: set[str]) -> dict[str, str]:
    """Section number -> sheet title, the same for the writer and for the reader's messages."""
    taken = {title.casefold() for title in reserved}
    return {
        section.number: sheet_title(f"{section.number}. {section.title}", taken) for section in spec.sections
    }


def _canonical(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def canonical_code(text: object) -> str | None:
    """A hidden code as written by ``_canonical``, or None when it is not JSON."""
    if not isinstance(text, str) or not text.startswith("{"):
        return None
    try:
        return _canonical(json.loads(text))
    except ValueError:
        return None


def cell_code(element_code: str, key: Key) -> str:
    """The code of one cell of the report in the versions sheet."""
    return _canonical({"e": element_code, "k": list(key)})


def instructions_code() -> str:
    return _canonical({"sheet": "instructions"})


def section_code(section: Section) -> str:
    return _canonical({"sheet": "section", "n": section.number})


@dataclass(frozen=True)
class GridRow:
    """One row of value cells of an element's block."""

    element: str
    fixed: tuple[tuple[str, str], ...]  # (dimension, option) held along the row
    dim: str  # the dimension across the columns; "" for a single cell
    columns: tuple[str | None, ...]  # option code, TOTAL_COLUMN, or None for a cell outside the form
    label: str  # the row's visible label (not part of the code)

    def code(self) -> str:
        return _canonical({"e": self.element, "k": dict(self.fixed), "d": self.dim, "c": list(self.columns)})

    def key(self, column: str) -> Key:
        if column == TOTAL_COLUMN:
            return TOTAL
        return make_key(**dict(self.fixed), **{self.dim: column})


def has_grid(element: Element) -> bool:
    """Numbers broken down by dimensions get a grid; everything else a single cell."""
    return element.is_numeric and bool(element.dims)


def grid_rows(element: Element, single_label: str, row_label: str) -> list[GridRow]:
    """The value rows of an element, top to bottom.

    ``single_label`` labels the one cell of an element without a grid, ``row_label`` the one row of a
    grid over a single dimension.
    """
    if not has_grid(element):
        return [GridRow(element.code, (), "", (TOTAL_COLUMN,), single_label)]
    first, rest = element.dims[0], element.dims[1:]
    options = tuple(option.code for option in first.options)
    rows = []
    for index, combo in enumerate(product(*(dim.options for dim in rest))):
        fixed = tuple((dim.code, option.code) for dim, option in zip(rest, combo, strict=True))
        label = " / ".join(option.label for option in combo) if combo else row_label
        total = TOTAL_COLUMN if index == 0 else None
        rows.append(GridRow(element.code, fixed, first.code, (*options, total), label))
    return rows
