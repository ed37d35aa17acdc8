"""Numbers and yes/no answers as Vietnamese offices type them, read one way everywhere.

Web entry, Excel text cells and the API all read through :func:`parse_number` and
:func:`parse_yes_no`, so the same text means the same value wherever it is typed.

The convention is Vietnamese: the dot groups thousands and the comma is the decimal mark.

=============  ==========  ==============================================================
typed          read as     why
=============  ==========  ==============================================================
1.234          1234        one dot, then exactly three digits: a thousands group
1.234.567      1234567     several dots: thousands groups
1.234,5        1234.5      dot groups, comma is the decimal mark
12,5           12.5        one comma: the decimal mark
1,234          1.234       one comma: the decimal mark (Vietnamese), never a group
1,234.5        1234.5      both marks, the dot last: the English form, read as written
1,234,567      1234567     several commas: English thousands groups
12.5           12.5        one dot not followed by exactly three digits: a decimal point
0.450          0.450       a group never starts with 0: a decimal point
1 234 567      1234567     spaces (also no-break and thin spaces) are ignored
−5             -5          the minus sign U+2212 is a minus
45%            45          only when the caller reads a percentage
=============  ==========  ==============================================================

Anything else (letters, ``1.23.4``, ``.5``, ``5.``, exponents, digits of other scripts, more
than :data:`MAX_LENGTH` characters) is not a number. :func:`format_number` writes a number
back the same way, so a screen can show the value as it was understood.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from binhdang.lib.text import fold_vi

MAX_LENGTH = 40  # characters of a number once its spaces are dropped
_SPACES = re.compile(r"\s+")  # str patterns: also U+00A0, U+2007, U+2009, U+202F
_DIGITS = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"[0-9]+[.,][0-9]+")

# Folded (lower case, no diacritics, see binhdang.lib.text.fold_vi): "Có" is "co", "Đúng" is "dung".
YES_WORDS = frozenset({"co", "x", "yes", "y", "true", "1", "dung"})
NO_WORDS = frozenset({"khong", "no", "n", "false", "0", "sai"})
_MAX_WORD = 20


class NotANumber(ValueError):
    """The text is not a number in the accepted forms; each caller words its own message."""


# "1.234.567" (or "1,234,567"): groups of three after a first group of 1–3 not starting with 0.
_GROUPED = {mark: re.compile(rf"[1-9][0-9]{{0,2}}(?:{re.escape(mark)}[0-9]{{3}})+") for mark in ".,"}


def _grouped(text: str, separator: str) -> bool:
    return _GROUPED[separator].fullmatch(text) is not None


def _plain(text: str) -> str | None:
    """``text`` (unsigned) with thousands groups dropped and a "." decimal point; None if not a number."""
    if _DIGITS.fullmatch(text):
        return text
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        point, thousands = (".", ",") if text.rfind(".") > text.rfind(",") else (",", ".")
        whole, _point, fraction = text.rpartition(point)
        if text.count(point) == 1 and _grouped(whole, thousands) and _DIGITS.fullmatch(fraction):
            return whole.replace(thousands, "") + "." + fraction
        return None
    separator = "." if dots else ","
    if _grouped(text, separator) and (separator == "." or commas > 1):
        return text.replace(separator, "")  # "1.234", "1.234.567", "1,234,567" — but not "1,234"
    if _DECIMAL.fullmatch(text):
        return text.replace(",", ".")  # "12,5", "1,234", "12.5", "0.450"
    return None


def parse_number(text: str, *, percent: bool = False) -> Decimal:
    """The number ``text`` stands for (see the module's table); raises NotANumber.

    ``percent`` allows a trailing "%" (45% is 45): only for the cells of a percentage.
    """
    text = text.strip()
    if len(text) > 4 * MAX_LENGTH:
        raise NotANumber(text)
    compact = _SPACES.sub("", text).replace("\u2212", "-")
    if percent and compact.endswith("%"):
        compact = compact[:-1]
    if not compact or len(compact) > MAX_LENGTH:
        raise NotANumber(text)
    sign = ""
    if compact[0] in "+-":
        sign, compact = ("-" if compact[0] == "-" else ""), compact[1:]
    plain = _plain(compact)
    if plain is None:
        raise NotANumber(text)
    return Decimal(sign + plain)


def parse_yes_no(text: str) -> bool | None:
    """True for Có, x, yes, đúng, 1…; False for Không, no, sai, 0…; None for anything else.

    Case, accents and Unicode normalisation do not matter: "CÓ", "co" and "có" are all yes.
    """
    if len(text) > _MAX_WORD:
        return None
    folded = fold_vi(text)
    if folded in YES_WORDS:
        return True
    if folded in NO_WORDS:
        return False
    return None


def format_number(value: Decimal | int | float, places: int | None = None, *, grouping: bool = True) -> str:
    """A number written back the Vietnamese way: 1234 → "1.234", 1.5 → "1,5", -1234.5 → "-1.234,5".

    Trailing zeros are dropped; ``places`` rounds (half up) to at most that many decimals;
    ``grouping=False`` leaves out the thousands dots ("1234,5"), for an input box.
    :func:`parse_number` reads every result back to the same value.
    """
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a finite number")
    if places is not None and number != number.to_integral_value():
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    integer, _point, fraction = f"{abs(number):f}".partition(".")
    fraction = fraction.rstrip("0")
    if grouping:
        integer = f"{int(integer):,}".replace(",", ".")
    sign = "-" if number < 0 and (fraction or int(integer.replace(".", ""))) else ""
    return f"{sign}{integer},{fraction}" if fraction else f"{sign}{integer}"


# The machine form of exchange files (DHIS2 JSON, CSV and ADX, XML's xs:decimal): an optional sign,
# digits and at most one "." decimal point, never a thousands mark. "1.234" there is one point two
# three four, not a thousand: files written by programs are read with this, never with parse_number.
_MACHINE = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")


def parse_machine_number(text: str) -> Decimal:
    """The number of a machine-written value ("1234", "-12.5", "0.450"); raises NotANumber."""
    compact = text.strip()
    if len(compact) > MAX_LENGTH or not _MACHINE.fullmatch(compact):
        raise NotANumber(text)
    return Decimal(compact)


_WHOLE = re.compile(r"[0-9]{1,18}")


def parse_whole(text: object) -> int | None:
    """A whole number as a URL, a query string or a form field carries it (an id, a version, a year):
    ASCII digits only, at most 18 of them (what every database keeps); None otherwise. Not
    ``str.isdigit``: "²" and "٣" are digits to it, and ``int()`` refuses the first."""
    return int(text) if isinstance(text, str) and _WHOLE.fullmatch(text) else None
