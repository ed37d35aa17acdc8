"""Vietnamese dates: "15/12/2026", "15-12-2026", "15/11", "ngày 15 tháng 12 năm 2026", ranges."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# "15/12/2026", "04.6.2008", "15-12-2026" (one separator throughout) and "15/11" without a year.
# The look-arounds keep year ranges ("2021-2030") and document numbers ("70/2008/NĐ-CP") out.
_SHORT_DATE = re.compile(
    r"(?<![\d/.\-])(?P<day>\d{1,2})(?P<sep>[/.\-])(?P<month>\d{1,2})"
    r"(?:(?P=sep)(?P<year>\d{4}))?(?![\d/]|[.\-]\d)"
)
# "ngày 15 tháng 12 năm 2026", "15 tháng 12 năm 2026", "ngày 15 tháng 12".
_LONG_DATE = re.compile(
    r"(?:\bngày\s+)?(?<!\d)(?P<day>\d{1,2})\s+tháng\s+(?P<month>\d{1,2})"
    r"(?:\s*(?:năm|,|/)\s*(?P<year>\d{4}))?(?!\d)",
    re.IGNORECASE,
)
# Words that make a year-less "15/11" a date rather than a fraction or a ratio.
_YEARLESS_CONTEXT = re.compile(r"(?:ngày|từ|đến|tới|trước|nhất|hạn|là|-|–)\s*$", re.IGNORECASE)
_RANGE_START = re.compile(r"\btừ\s*(?:ngày\s*)?$", re.IGNORECASE)
_RANGE_LINK = re.compile(r"\s*(?:đến|tới|-|–|—)\s*(?:hết\s+)?(?:ngày\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    """A date found in a text, with its span; ``explicit_year`` is False for "15/11"."""

    date: date
    start: int
    end: int
    explicit_year: bool


@dataclass(frozen=True)
class _RawDate:
    day: int
    month: int
    year: int | None
    start: int
    end: int


def find_dates(text: str, default_year: int | None = None, strict: bool = True) -> list[DateMatch]:
    """All valid dates in ``text`` in order.

    A date without a year takes the year of the nearest date with a year in ``text`` (pass a
    single sentence), else ``default_year``; without either it is skipped. With ``strict``
    a short year-less date needs a word such as "ngày", "từ", "trước" just before it.
    """
    raw = _raw_dates(text, strict)
    with_year = [item for item in raw if item.year is not None]
    found: list[DateMatch] = []
    for item in raw:
        year = item.year
        if year is None:
            nearest = min(with_year, key=lambda other: abs(other.start - item.start), default=None)
            year = nearest.year if nearest else default_year
        if year is None:
            continue
        value = make_date(year, item.month, item.day)
        if value is not None:
            found.append(DateMatch(value, item.start, item.end, item.year is not None))
    return found


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """The first date in ``text`` (short or long form), or None."""
    matches = find_dates(text, default_year, strict=False)
    return matches[0].date if matches else None


def find_ranges(text: str, default_year: int | None = None) -> list[tuple[DateMatch, DateMatch]]:
    """Pairs of dates written as a period: "từ ngày 15/11 đến 15/12/2026", "từ 01/3 - 31/3/2026"."""
    matches = find_dates(text, default_year)
    ranges: list[tuple[DateMatch, DateMatch]] = []
    for first, second in zip(matches, matches[1:], strict=False):
        link = _RANGE_LINK.fullmatch(text, first.end, second.start)
        if not link or not _RANGE_START.search(text, 0, first.start):
            continue
        if first.date > second.date and not first.explicit_year:
            shifted = make_date(first.date.year - 1, first.date.month, first.date.day)
            if shifted is None:
                continue
            first = DateMatch(shifted, first.start, first.end, False)
        if first.date <= second.date:
            ranges.append((first, second))
    return ranges


def make_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)`` or None when it does not exist (31/2) or is out of range."""
    if not 1900 <= year <= 2200:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def format_short(value: date) -> str:
    """ "15/12/2026" (single-digit days and months are also read: "4/6/2008")."""
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def format_long(value: date) -> str:
    return f"ngày {value.day} tháng {value.month} năm {value.year}"


def _raw_dates(text: str, strict: bool) -> list[_RawDate]:
    found: list[_RawDate] = []
    for match in _LONG_DATE.finditer(text):
        has_day_word = match.group(0).lower().startswith("ngày")
        if match.group("year") or has_day_word:
            found.append(_raw(match))
    taken = [(item.start, item.end) for item in found]
    for match in _SHORT_DATE.finditer(text):
        if any(start < match.end() and match.start() < end for start, end in taken):
            continue
        if match.group("year") is None:
            if match.group("sep") != "/":
                continue
            if strict and not _YEARLESS_CONTEXT.search(text, max(0, match.start() - 12), match.start()):
                continue
        found.append(_raw(match))
    return sorted(found, key=lambda item: item.start)


def _raw(match: re.Match[str]) -> _RawDate:
    year = match.group("year")
    return _RawDate(
        day=int(match.group("day")),
        month=int(match.group("month")),
        year=int(year) if year else None,
        start=match.start(),
        end=match.end(),
    )
