"""Cell parsing and every kind of validation rule, on a form built in the test."""

from decimal import Decimal

import pytest
from django.utils import translation

from binhdang.lib.expressions import terms
from binhdang.reporting.spec import TOTAL, Dim, Element, FormSpec, Option, Section, make_key
from binhdang.reporting.validation import RuleSpec, evaluate, validate
from binhdang.reporting.values import CellValueError, format_value, parse_input, parse_number

SEX = Dim("sex", "Giới tính", (Option("M", "Nam"), Option("F", "Nữ")))
OFFICIALS = Element("OFFICIALS", "Công chức làm công tác BĐG", "integer", dims=(SEX,))
FULL_TIME = Element("FULL_TIME", "Trong đó chuyên trách", "integer", dims=(SEX,))
SPENT = Element("SPENT", "Kinh phí đã chi", "money")
PLANNED = Element("PLANNED", "Kinh phí kế hoạch", "money")
SHARE = Element("SHARE", "Tỷ lệ", "percent")
EXISTS = Element("EXISTS", "Đã thành lập Ban", "boolean")
SPEC = FormSpec(
    "T",
    1,
    "2026",
    "05830",
    "Xã Đại Từ",
    "Báo cáo",
    (Section("1", "Cán bộ", (OFFICIALS, FULL_TIME, SPENT, PLANNED, SHARE, EXISTS)),),
)
M, F = make_key(sex="M"), make_key(sex="F")
RULES = [
    RuleSpec(
        "FT_LE", "E(FULL_TIME)", "<=", "E(OFFICIALS)", "error", "Chuyên trách không thể nhiều hơn tổng số."
    ),
    RuleSpec(
        "FT_F", "E(FULL_TIME, sex=F)", "<=", "E(OFFICIALS, sex=F)", "error", "Nữ chuyên trách vượt số nữ."
    ),
    RuleSpec("SPENT", "E(SPENT)", "<=", "E(PLANNED) * 1.1", "warning", "Chi vượt kế hoạch quá 10%."),
    RuleSpec("GONE", "E(NOT_IN_FORM)", "<=", "0", "error", "Không áp dụng cho đơn vị này."),
]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1.234", "1234"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("12,5", "12.5"),
        ("12.5", "12.5"),
        (" 1 234 ", "1234"),
        ("1.234.567", "1234567"),
        ("1,234", "1.234"),  # one comma is the decimal mark (it used to group thousands here)
        ("1,234,567", "1234567"),
        ("0", "0"),
    ],
)
def test_numbers_are_read_as_vietnamese_offices_write_them(raw: str, expected: str) -> None:
    assert parse_number(raw) == Decimal(expected)


def test_a_percent_sign_is_read_only_in_a_percentage_cell() -> None:
    assert parse_number("45%", percent=True) == Decimal(45)
    assert parse_input(SHARE, "45,5 %") == Decimal("45.5")
    with translation.override("en"), pytest.raises(CellValueError, match="“45%” is not a number."):
        parse_input(OFFICIALS, "45%")


def test_a_decimal_comma_in_a_count_is_not_a_whole_number() -> None:
    with translation.override("en"), pytest.raises(CellValueError, match="“1,234” is not a whole number."):
        parse_input(OFFICIALS, "1,234")
    assert parse_input(OFFICIALS, "1.234") == Decimal(1234)
    assert parse_input(SPENT, "1,234") == Decimal("1.234")


@pytest.mark.parametrize(
    ("element", "raw", "message"),
    [
        (OFFICIALS, "mười", "“mười” is not a number."),
        (OFFICIALS, "-3", "“-3” is negative"),
        (OFFICIALS, "2,5", "“2,5” is not a whole number."),
        (SHARE, "150", "between 0 and 100"),
        (SPENT, "-1.000", "negative"),
        (EXISTS, "có lẽ", "is not Yes or No"),
    ],
)
def test_bad_cells_are_refused_with_a_reason(element: Element, raw: str, message: str) -> None:
    with translation.override("en"), pytest.raises(CellValueError, match=message):
        parse_input(element, raw)


def test_vietnamese_message_for_text_in_a_number_cell() -> None:
    with translation.override("vi"), pytest.raises(CellValueError) as info:
        parse_input(OFFICIALS, "mười")
    assert str(info.value) == "“mười” không phải là số."


def test_a_yes_no_cell_shows_in_the_screen_language_and_reads_back() -> None:
    for language, yes, no in [("vi", "Có", "Không"), ("en", "Yes", "No")]:
        with translation.override(language):
            assert (format_value(EXISTS, True), format_value(EXISTS, False)) == (yes, no)
            assert parse_input(EXISTS, yes) is True
            assert parse_input(EXISTS, no) is False


def test_empty_cells_are_absent_and_booleans_read_in_vietnamese() -> None:
    assert parse_input(OFFICIALS, "  ") is None
    assert parse_input(EXISTS, "Có") is True
    assert parse_input(EXISTS, "không") is False


def test_parts_must_add_up_to_an_entered_total() -> None:
    values = {("OFFICIALS", TOTAL): Decimal(5), ("OFFICIALS", M): Decimal(2), ("OFFICIALS", F): Decimal(2)}
    with translation.override("en"):
        issues = validate(SPEC, values)
    assert [(i.severity, i.element_code) for i in issues] == [("error", "OFFICIALS")]
    assert "(5) is not the sum of the detailed cells (4)" in issues[0].message
    values[("OFFICIALS", F)] = Decimal(3)
    assert validate(SPEC, values) == []


def test_a_rule_between_elements_and_by_option() -> None:
    values = {
        ("OFFICIALS", M): Decimal(1),
        ("OFFICIALS", F): Decimal(2),
        ("FULL_TIME", M): Decimal(0),
        ("FULL_TIME", F): Decimal(3),
    }
    issues = validate(SPEC, values, RULES)
    assert sorted(i.rule_code for i in issues) == ["FT_F"]
    values[("FULL_TIME", M)] = Decimal(1)
    assert sorted(i.rule_code for i in validate(SPEC, values, RULES)) == ["FT_F", "FT_LE"]


def test_a_rule_is_skipped_until_both_sides_are_entered() -> None:
    assert validate(SPEC, {("FULL_TIME", TOTAL): Decimal(9)}, RULES) == []


def test_a_warning_rule_with_arithmetic() -> None:
    values = {("SPENT", TOTAL): Decimal("120000000"), ("PLANNED", TOTAL): Decimal("100000000")}
    issues = validate(SPEC, values, RULES)
    assert [(i.severity, i.rule_code) for i in issues] == [("warning", "SPENT")]
    values[("SPENT", TOTAL)] = Decimal("109000000")
    assert validate(SPEC, values, RULES) == []


def test_an_outlier_against_last_period_is_a_warning() -> None:
    previous = {("PLANNED", TOTAL): Decimal(100)}
    issues = validate(SPEC, {("PLANNED", TOTAL): Decimal(1000)}, previous=previous)
    assert [(i.severity, i.rule_code) for i in issues] == [("warning", "outlier")]
    assert validate(SPEC, {("PLANNED", TOTAL): Decimal(150)}, previous=previous) == []


def test_expressions() -> None:
    values = {("A", TOTAL): Decimal(6), ("B", M): Decimal(1), ("B", F): Decimal(2)}
    assert evaluate("E(A) / (E(B) - 1) + 2 * -1", values) == Decimal(1)
    assert evaluate("E(B, sex=F)", values) == Decimal(2)
    assert evaluate("E(C) + 1", values) is None
    assert evaluate("E(A) / (E(B, sex=M) - 1)", values) is None
    assert [term.code for term in terms("E(A) + E(B, sex=F) * 2")] == ["A", "B"]


def test_option_codes_that_start_with_digits() -> None:
    values = {
        ("C", make_key(age_band="16_59", sex="F")): Decimal(4),
        ("C", make_key(age_band="LT16", sex="F")): Decimal(1),
        ("D", make_key(ethnicity="01")): Decimal(7),
        ("D", make_key(ethnicity="02")): Decimal(3),
    }
    assert evaluate("E(C, age_band=16_59)", values) == Decimal(4)
    assert evaluate("E(D, ethnicity=01) * 100 / E(D)", values) == Decimal(70)
