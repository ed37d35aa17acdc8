"""Parse what a person typed into a cell, as Vietnamese offices write numbers: 1.234,5 or 1234.5.

The reading itself is binhdang.lib.numbers, shared with the Excel import; this module words the
web form's messages.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.lib.numbers import NotANumber, format_number, parse_yes_no
from binhdang.lib.numbers import parse_number as read_number
from binhdang.reporting.spec import Element, Value

MAX_TEXT = 10000


# A yes/no cell answered otherwise: the same words on the web and from Excel.
NOT_YES_OR_NO = gettext_lazy("“%(value)s” is not Yes or No.")


class CellValueError(ValueError):
    """The text typed into a cell is not a value of the element's type; the message says why."""


def parse_number(raw: str, *, percent: bool = False) -> Decimal:
    """'1.234,5' → 1234.5; '1,234.5' → 1234.5; '1.234' → 1234; '12,5' → 12.5; '1,234' → 1.234.

    ``percent`` also reads '45%' as 45. See binhdang.lib.numbers for every form accepted.
    """
    try:
        return read_number(raw, percent=percent)
    except NotANumber:
        raise CellValueError(_("“%(value)s” is not a number.") % {"value": raw.strip()}) from None


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
        answer = parse_yes_no(text)
        if answer is None:
            raise CellValueError(NOT_YES_OR_NO % {"value": text})
        return answer
    number = parse_number(text, percent=kind == "percent")
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
        return _("Yes") if value else _("No")  # both read back in either language (lib.numbers)
    if isinstance(value, Decimal):
        return format_number(value, grouping=False)
    return str(value)
