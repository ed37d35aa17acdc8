"""Parse what a person typed into a cell, as Vietnamese offices write numbers: 1.234,5 or 1234.5."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from binhdang.reporting.spec import Element, Value

_SPACES = re.compile(r"[\s\u00a0]+")
TRUE_WORDS = {"có", "co", "x", "yes", "true", "1", "đúng"}
FALSE_WORDS = {"không", "khong", "no", "false", "0", "sai"}
MAX_TEXT = 10000


class CellValueError(ValueError):
    """The text typed into a cell is not a value of the element's type; the message says why."""


def parse_number(raw: str) -> Decimal:
    """'1.234,5' → 1234.5; '1,234.5' → 1234.5; '1.234' → 1234; '12,5' → 12.5; '45%' → 45."""
    text = _SPACES.sub("", raw).removesuffix("%")
    if not text or not re.fullmatch(r"[-+]?[\d.,]+", text):
        raise CellValueError(_("“%(value)s” is not a number.") % {"value": raw.strip()})
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif commas:
        # "12,5" is a decimal; "1,234,567" groups thousands (English style).
        decimal_mark = "," if commas == 1 and not re.fullmatch(r"[-+]?\d{1,3},\d{3}", text) else ""
    elif dots:
        # Vietnamese groups thousands with dots: "1.234" is one thousand two hundred and thirty-four.
        decimal_mark = "." if dots == 1 and not re.fullmatch(r"[-+]?\d{1,3}\.\d{3}", text) else ""
    else:
        decimal_mark = ""
    group_mark = {",": ".", ".": ",", "": ".,"}[decimal_mark]
    for mark in group_mark:
        text = text.replace(mark, "")
    if decimal_mark == ",":
        text = text.replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise CellValueError(_("“%(value)s” is not a number.") % {"value": raw.strip()}) from exc


def parse_input(element: Element, raw: str) -> Value | None:
    """The value of a cell from what was typed; None for an empty cell. Raises CellValueError."""
    text = raw.strip()
    if text == "":
        return None
    kind = element.value_type
    if kind == "text":
        if len(text) > MAX_TEXT:
            raise CellValueError(_("The text is too long (at most %(max)d characters).") % {"max": MAX_TEXT})
        return text
    if kind == "boolean":
        lowered = text.lower()
        if lowered in TRUE_WORDS:
            return True
        if lowered in FALSE_WORDS:
            return False
        raise CellValueError(_("“%(value)s” is not Có or Không.") % {"value": text})
    number = parse_number(text)
    check_number(element, number, text)
    return number


def check_number(element: Element, number: Decimal, shown: str) -> None:
    kind = element.value_type
    if kind in ("integer", "money") and number < 0:
        raise CellValueError(_("“%(value)s” is negative; a count or an amount cannot be.") % {"value": shown})
    if kind == "integer" and number != number.to_integral_value():
        raise CellValueError(_("“%(value)s” is not a whole number.") % {"value": shown})
    if kind == "percent" and not (0 <= number <= 100):
        raise CellValueError(_("“%(value)s” is not a percentage between 0 and 100.") % {"value": shown})
    if abs(number) >= Decimal("1e15"):
        raise CellValueError(_("“%(value)s” is too large.") % {"value": shown})


def format_value(element: Element, value: Value | None) -> str:
    """How a stored value shows in its input box: 1234.5 → '1234,5' (no thousands dots, easy to edit)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, Decimal):
        normalized = value.normalize()
        text = format(normalized, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)
