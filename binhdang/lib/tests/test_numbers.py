"""The one reader of numbers and yes/no answers, case by case, and its writer."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from binhdang.lib.numbers import (
    MAX_LENGTH,
    NotANumber,
    format_number,
    parse_number,
    parse_whole,
    parse_yes_no,
)

NUMBERS = [
    # Vietnamese: the dot groups thousands, the comma is the decimal mark.
    ("1.234", "1234"),
    ("1.234.567", "1234567"),
    ("1.234,5", "1234.5"),
    ("1.234.567,25", "1234567.25"),
    ("12,5", "12.5"),
    ("0,45", "0.45"),
    ("1,234", "1.234"),  # one comma is always the decimal mark, even before three digits
    ("-1,5", "-1.5"),
    # English forms that cannot be read two ways.
    ("1,234.5", "1234.5"),
    ("1,234,567", "1234567"),
    ("1,234,567.89", "1234567.89"),
    ("12.5", "12.5"),
    ("1.5", "1.5"),
    ("1.2345", "1.2345"),
    ("0.450", "0.450"),  # a group never starts with 0: a decimal point
    ("01.234", "1.234"),
    ("1234.567", "1234.567"),  # four digits before the dot: not a group
    # Plain, signed, spaced.
    ("0", "0"),
    ("007", "7"),
    ("12", "12"),
    ("+12", "12"),
    ("-3", "-3"),
    ("\u22123", "-3"),  # MINUS SIGN
    ("- 3", "-3"),
    (" 1 234 ", "1234"),
    ("1\u00a0234\u00a0567", "1234567"),  # no-break spaces
    ("1\u202f234,5", "1234.5"),  # narrow no-break space, as French-style software writes
    ("1\u2009234", "1234"),  # thin space
]

NOT_NUMBERS = [
    "",
    "   ",
    "mười",
    "12a",
    "1.23.4",
    "1,23,4",
    "1.234,5,6",
    "1,234.5.6",
    "1.2,3",
    ".5",
    "5.",
    ",5",
    "5,",
    "1e3",
    "NaN",
    "Infinity",
    "--3",
    "+-3",
    "3-",
    "١٢",  # digits of other scripts
    "１２",  # full-width digits
    "45%",  # not a percentage cell
    "1" * (MAX_LENGTH + 1),
    "1" + " " * 1000 + "2",
]


@pytest.mark.parametrize(("text", "expected"), NUMBERS)
def test_numbers_are_read_the_vietnamese_way(text: str, expected: str) -> None:
    assert parse_number(text) == Decimal(expected)
    assert str(parse_number(text)) == str(Decimal(expected))  # the places typed are kept


@pytest.mark.parametrize("text", NOT_NUMBERS)
def test_what_is_not_a_number(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "expected"), [("45%", "45"), ("45,5 %", "45.5"), ("100%", "100"), ("0,5%", "0.5"), ("7", "7")]
)
def test_a_percentage_may_end_with_a_percent_sign(text: str, expected: str) -> None:
    assert parse_number(text, percent=True) == Decimal(expected)


@pytest.mark.parametrize("text", ["%", "45%%", "%45", "4%5"])
def test_a_percent_sign_alone_or_misplaced_is_not_a_number(text: str) -> None:
    with pytest.raises(NotANumber):
        parse_number(text, percent=True)


def test_the_longest_number_accepted() -> None:
    assert parse_number("9" * MAX_LENGTH) == Decimal("9" * MAX_LENGTH)


YES = [
    "Có",
    "có",
    "CÓ",
    "co",
    "Co",
    "x",
    "X",
    "yes",
    "Yes",
    "y",
    "Y",
    "true",
    "TRUE",
    "1",
    "đúng",
    "Đúng",
    "dung",
]
NO = ["Không", "không", "KHÔNG", "khong", "no", "No", "n", "N", "false", "False", "0", "sai", "Sai"]


@pytest.mark.parametrize(("text", "expected"), [(t, True) for t in YES] + [(t, False) for t in NO])
def test_yes_and_no(text: str, expected: bool) -> None:
    assert parse_yes_no(text) is expected
    assert parse_yes_no(f"  {text} ") is expected


def test_yes_typed_in_decomposed_unicode() -> None:
    assert parse_yes_no("Co\u0301") is True  # "Có" as some keyboards send it (NFD)
    assert parse_yes_no("Kho\u0302ng") is False


@pytest.mark.parametrize("text", ["", "có lẽ", "maybe", "2", "-", "yes no", "khôngg", "co" * 20])
def test_neither_yes_nor_no(text: str) -> None:
    assert parse_yes_no(text) is None


@pytest.mark.parametrize(
    ("value", "places", "grouping", "expected"),
    [
        (1234, None, True, "1.234"),
        (Decimal("1.5"), None, True, "1,5"),
        (Decimal("1234567.25"), None, True, "1.234.567,25"),
        (Decimal("-1234.5"), None, True, "-1.234,5"),
        (Decimal("1.234"), None, True, "1,234"),
        (Decimal("12.50"), None, True, "12,5"),
        (Decimal("1E+3"), None, True, "1.000"),
        (Decimal("0"), None, True, "0"),
        (Decimal("-0"), None, True, "0"),
        (0.1, None, True, "0,1"),
        (Decimal("1234.5"), None, False, "1234,5"),
        (Decimal("2.345"), 2, True, "2,35"),  # half up
        (Decimal("-0.001"), 2, True, "0"),
        (Decimal("1000000"), 2, True, "1.000.000"),
    ],
)
def test_numbers_are_written_back_the_vietnamese_way(
    value: Decimal | int | float, places: int | None, grouping: bool, expected: str
) -> None:
    assert format_number(value, places, grouping=grouping) == expected


def test_a_non_finite_number_cannot_be_written() -> None:
    with pytest.raises(ValueError, match="finite"):
        format_number(Decimal("NaN"))


@given(
    number=st.decimals(min_value=-(10**15), max_value=10**15, places=4, allow_nan=False),
    grouping=st.booleans(),
)
def test_what_is_written_reads_back_as_the_same_number(number: Decimal, grouping: bool) -> None:
    assert parse_number(format_number(number, grouping=grouping)) == number


@pytest.mark.parametrize(
    ("text", "number"),
    [("0", 0), ("2026", 2026), ("9" * 18, int("9" * 18)), ("9" * 19, None), ("²", None), ("٣", None),
     ("-1", None), (" 1", None), ("", None), (None, None), ("1.5", None)],
)
def test_a_whole_number_from_a_url_is_ascii_digits_or_nothing(text: object, number: int | None) -> None:
    assert parse_whole(text) == number
