"""How the official documents write numbers, percentages, counts and dates, the Vietnamese way.

Numbers take a dot between thousands and a decimal comma ("1.234.567,5"); counts below ten take a
leading zero in administrative prose ("05 đơn vị"); dates follow Nghị định 30/2020/NĐ-CP ("ngày 05
tháng 01 năm 2026", months 1 and 2 with a leading zero). These are the documents' own conventions,
whatever the language of the interface, so nothing here goes through gettext or the locale.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from decimal import Decimal, InvalidOperation

from binhdang.analytics.report import Suppressed
from binhdang.lib.numbers import format_number
from binhdang.lib.text import normalize

NO_VALUE = ""  # an empty cell: "-" would sit left-aligned among right-aligned numbers
PERCENT_PLACES = 1
LOCAL_TIME = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


# --- Numbers -----------------------------------------------------------------------------------


def _decimal(value: Decimal | int | float | None) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def vn_number(value: Decimal | int | float | None, places: int = 2) -> str:
    """ "1.234.567", "1.234,5", "-12", "0,25": thousands with dots, a decimal comma, at most
    `places` decimals (rounded half up, trailing zeros dropped); "" for no value; a withheld cell's
    mark ("<5", "x"). The one writer of Vietnamese numbers, `binhdang.lib.numbers.format_number`,
    does the writing."""
    if isinstance(value, Suppressed):
        return value.mark
    number = _decimal(value)
    if number is None or not number.is_finite():
        return NO_VALUE
    return format_number(number, places)


def vn_change(value: Decimal | None, places: int = 2) -> str:
    """ "+1.234", "-56", "0": the change against the previous period, signed."""
    text = vn_number(value, places)
    if value is None or text in (NO_VALUE, "0") or text.startswith("-"):
        return text
    return f"+{text}"


def vn_percent(part: float | int | Decimal, whole: float | int | Decimal) -> str:
    """ "87,5" (no % sign) for part/whole, or "" when whole is 0."""
    whole_d = _decimal(whole)
    if not whole_d:
        return NO_VALUE
    return vn_number(Decimal(100) * _decimal(part) / whole_d, PERCENT_PLACES)


def with_unit(value: str, unit: str) -> str:
    """ "12.345 lượt người", "45,5%"."""
    unit = (unit or "").strip()
    if not unit or value == NO_VALUE:
        return value
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}"


def vn_count(number: int) -> str:
    """Counts below 10 take a leading zero in administrative prose: "05 đơn vị"."""
    return f"{number:02d}" if 0 <= number < 10 else vn_number(number)


_VN_NUMBER = re.compile(r"[+\-−]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?%?")  # 1.234.567,5  12,5  45%
_PLAIN_NUMBER = re.compile(r"[+\-−]?\d+(?:\.\d+)?%?")  # 12.5


def is_number(text: str) -> bool:
    """True for "1.234", "1.234,5", "12,5", "12.5", "-3", "45%": a quantity to right-align.

    A digit string with a leading zero and more than three digits ("0912345678") is a telephone
    number or a code, not a quantity.
    """
    value = text.strip().replace("\u00a0", "")
    if not value:
        return False
    if not (_VN_NUMBER.fullmatch(value) or _PLAIN_NUMBER.fullmatch(value)):
        return False
    digits = value.lstrip("+-−")
    return not (
        len(digits) > 1 and digits[0] == "0" and digits[1].isdigit() and sum(map(str.isdigit, digits)) > 3
    )


# --- Dates -------------------------------------------------------------------------------------


def _month(month: int) -> str:
    """Months 1 and 2 take a leading zero (so "01" cannot be misread as 10, 11, 12); 3–12 do not."""
    return f"{month:02d}" if month < 3 else str(month)


def long_date(date: datetime.date | None, year: int | None = None) -> str:
    """ "ngày 05 tháng 01 năm 2026", "ngày 15 tháng 3 năm 2026", or the blank form for the clerk."""
    if date is None:
        return f"ngày     tháng     năm {year}"
    return f"ngày {date.day:02d} tháng {_month(date.month)} năm {date.year}"


def short_date(date: datetime.date) -> str:
    """ "05/01/2026", "15/12/2026", "04/6/2008": the day always two digits, the month as in long dates."""
    return f"{date.day:02d}/{_month(date.month)}/{date.year}"


def place_and_date(place: str, date: datetime.date | None, year: int) -> str:
    return f"{place.strip()}, {long_date(date, year)}"


def local_time(moment: datetime.datetime) -> datetime.datetime:
    """The moment in Vietnam's time (an aware datetime is converted, a naive one kept)."""
    return moment.astimezone(LOCAL_TIME) if moment.tzinfo is not None else moment


# --- Phrases -----------------------------------------------------------------------------------


def in_sentence(text: str) -> str:
    """ "Năm 2026" → "năm 2026", "Thực hiện công tác…" → "thực hiện công tác…", so that a title
    reads inside a sentence; acronyms ("UBND", "HĐND") are kept."""
    text = normalize(text or "")
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
