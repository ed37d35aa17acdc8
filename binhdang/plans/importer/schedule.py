"""Dates that matter to the people carrying out a plan: deadlines and activity windows."""

from __future__ import annotations

import re
from collections.abc import Iterable

from .dates import find_dates, find_ranges
from .models import Deadline, Window
from .structure import Line
from .text import sentences, shorten

# A deadline word shortly before the date, in the same clause: "chậm nhất ngày 15/12/2026",
# "trước ngày 20/12/2026", "thời hạn gửi báo cáo: ngày 10/12".
_DEADLINE_WORDS = re.compile(
    r"(?:chậm nhất|muộn nhất|trước|(?<!\w)hạn(?!\s+chế))(?!\w)[^;.!?]{0,30}$", re.IGNORECASE
)
# "… số 48/2009/NĐ-CP ngày " just before a date: the date of a cited document.
_DOCUMENT_DATE = re.compile(r"\d+(?:/[\w.&\-]+)+\s*,?\s*(?:ngày\s*)?$")
_LOOK_BEHIND = 45


def find_windows(lines: Iterable[Line], year: int | None) -> list[Window]:
    """Periods such as "(từ ngày 15/11 đến 15/12/2026)", with the sentence they occur in."""
    windows: list[Window] = []
    seen: set[tuple[object, object]] = set()
    for line in lines:
        for sentence in sentences(line.text):
            for first, second in find_ranges(sentence, year):
                if (first.date, second.date) not in seen:
                    seen.add((first.date, second.date))
                    windows.append(Window(first.date, second.date, shorten(sentence)))
    return windows


def find_deadlines(lines: Iterable[Line], year: int | None, owners: dict[int, str]) -> list[Deadline]:
    """Dates introduced by "chậm nhất", "trước", "hạn", outside periods and citations."""
    deadlines: list[Deadline] = []
    seen: set[tuple[object, str]] = set()
    for line in lines:
        for sentence in sentences(line.text):
            in_ranges = [(a.start, b.end) for a, b in find_ranges(sentence, year)]
            for found in find_dates(sentence, year):
                if any(start <= found.start < end for start, end in in_ranges):
                    continue
                before = sentence[max(0, found.start - _LOOK_BEHIND) : found.start]
                if not _DEADLINE_WORDS.search(before) or _DOCUMENT_DATE.search(before):
                    continue
                what = shorten(sentence)
                if (found.date, what) not in seen:
                    seen.add((found.date, what))
                    deadlines.append(Deadline(found.date, what, owners.get(line.index)))
    return sorted(deadlines, key=lambda deadline: deadline.date)
