"""DHIS2's names for our objects: UIDs derived from our codes, category option combo codes derived
from a cell's dimension options, and DHIS2 periods. Pure functions: no database here.

A DHIS2 UID is 11 characters, a letter then letters or digits. Ours are a hash of the object's kind
and code, so they are stable across databases and servers and never stored. The one exception is
DHIS2's own "default" category option combo, which every DHIS2 server names HllvX50cXC0.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re

from binhdang.indicators.choices import DIMENSIONS

ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
LETTERS = ALPHABET[10:]
DEFAULT_COMBO = "default"
DEFAULT_COMBO_UID = "HllvX50cXC0"
MAX_CODE = 50  # DHIS2's longest code

# The prefix of each dimension in a derived category option combo code: SEX_F.ETH_01
DIMENSION_PREFIX = {
    "sex": "SEX",
    "age_band": "AGE",
    "ethnicity": "ETH",
    "area": "AREA",
    "funding_source": "FUND",
}
assert set(DIMENSION_PREFIX) == set(DIMENSIONS)

Key = tuple[str, str, str, str, str]


@functools.lru_cache(maxsize=65536)
def uid(kind: str, code: str) -> str:
    """The UID of the object of `kind` ("DE", "COC", "OU", "DS") with this code."""
    if kind in ("COC", "AOC") and code == DEFAULT_COMBO:
        return DEFAULT_COMBO_UID
    number = int.from_bytes(hashlib.sha256(f"binhdang:{kind}:{code}".encode()).digest()[:10], "big")
    chars = [LETTERS[number % len(LETTERS)]]
    number //= len(LETTERS)
    for _ in range(10):
        chars.append(ALPHABET[number % len(ALPHABET)])
        number //= len(ALPHABET)
    return "".join(chars)


def combo_code(key: Key) -> str:
    """The derived category option combo code of a cell: "default" for a total, else "SEX_F.ETH_01"."""
    parts = [
        f"{DIMENSION_PREFIX[dim]}_{option}" for dim, option in zip(DIMENSIONS, key, strict=True) if option
    ]
    if not parts:
        return DEFAULT_COMBO
    code = ".".join(parts)
    if len(code) > MAX_CODE:  # still unique: the end is a hash of the whole
        code = code[: MAX_CODE - 9] + "~" + hashlib.sha256(code.encode()).hexdigest()[:8]
    return code


# --- Periods ------------------------------------------------------------------------------------

_YEARLY = re.compile(r"(\d{4})")
_QUARTER = re.compile(r"(\d{4})Q([1-4])")
_SIX_MONTH = re.compile(r"(\d{4})S([12])")
_MONTH = re.compile(r"(\d{4})(0[1-9]|1[0-2])")
_ADX_PERIOD = re.compile(r"(\d{4})-(\d{2})-(\d{2})/P(\d{1,2})([YM])")


def adx_period(dhis2_period: str) -> str | None:
    """DHIS2's period as ADX writes it: "2026" → "2026-01-01/P1Y", "2026Q2" → "2026-04-01/P3M"."""
    if match := _YEARLY.fullmatch(dhis2_period):
        return f"{match[1]}-01-01/P1Y"
    if match := _QUARTER.fullmatch(dhis2_period):
        return f"{match[1]}-{3 * int(match[2]) - 2:02d}-01/P3M"
    if match := _SIX_MONTH.fullmatch(dhis2_period):
        return f"{match[1]}-{6 * int(match[2]) - 5:02d}-01/P6M"
    if match := _MONTH.fullmatch(dhis2_period):
        return f"{match[1]}-{match[2]}-01/P1M"
    return None


def from_adx_period(text: str) -> str | None:
    """An ADX period ("2026-01-01/P1Y") as a DHIS2 period ("2026"); None when it is none of them."""
    match = _ADX_PERIOD.fullmatch(text.strip())
    if not match:
        return None
    year, month, day, count, unit = int(match[1]), int(match[2]), int(match[3]), int(match[4]), match[5]
    try:
        datetime.date(year, month, day)
    except ValueError:
        return None
    if day != 1:
        return None
    if unit == "Y" and count == 1 and month == 1:
        return str(year)
    if unit == "M" and count == 3 and month % 3 == 1:
        return f"{year}Q{(month + 2) // 3}"
    if unit == "M" and count == 6 and month in (1, 7):
        return f"{year}S{1 if month == 1 else 2}"
    if unit == "M" and count == 1:
        return f"{year}{month:02d}"
    return None
