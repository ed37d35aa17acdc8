"""The outline of a plan: classify paragraphs, cut Roman-numeral parts and numbered items."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .text import SUPERSCRIPT_DIGITS, is_upper_line, key, strip_footnote_marks

# Line kinds, from the outermost to the innermost marker.
PART, ITEM, SUBITEM, LETTER, DASH, PLUS, PARA, FOOTNOTE = (
    "part",
    "item",
    "subitem",
    "letter",
    "dash",
    "plus",
    "para",
    "footnote",
)
# Nesting depth of the markers that may appear inside a numbered item.
DEPTH = {SUBITEM: 1, LETTER: 2, DASH: 3, PLUS: 4}

_PART = re.compile(r"^(?:PHẦN\s+|Phần\s+)?(?P<num>[IVXLC]+)\s*[.\-–:)]\s*(?P<rest>\S.*)$")
_ITEM = re.compile(r"^(?P<num>\d{1,2})\s*[.)](?!\d)\s*(?P<rest>.*)$")
_SUBITEM = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})+)\s*[.)]?\s+(?P<rest>\S.*)$")
_LETTER = re.compile(r"^(?P<num>[a-zđ])\s*\)\s*(?P<rest>\S.*)$")
_LETTER_DOT = re.compile(r"^(?P<num>[a-zđ])\.\s+(?P<rest>[^\W\d_].*)$")
_DASH = re.compile(r"^(?:[-–—*]\s+|[-–—](?=[^\W\d_])|[•·▪●◦]\s*)(?P<rest>\S.*)$")
_PLUS = re.compile(r"^\+\s*(?P<rest>\S.*)$")
_FOOTNOTE = re.compile(r"^[" + SUPERSCRIPT_DIGITS + r"]+\s*\S")
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}

# Paragraphs that close the body of a plan.
_CLOSING_PREFIXES = ("trên đây là", "nơi nhận", "tm. ", "kt. ", "tm ", "kt ")


@dataclass
class Line:
    index: int
    kind: str
    marker: str | None
    text: str  # without the marker
    raw: str  # as written


@dataclass
class PartBlock:
    numeral: str
    title: str
    role: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class ItemBlock:
    """A top-level numbered item ("1. Sở Nội vụ") and the lines under it."""

    number: str
    title: str
    line: Line
    children: list[Line] = field(default_factory=list)


def classify(index: int, raw: str) -> Line:
    """Recognise the marker that starts a paragraph."""
    if _FOOTNOTE.match(raw):
        return Line(index, FOOTNOTE, None, raw, raw)
    text = strip_footnote_marks(raw)
    for kind, pattern in (
        (PART, _PART),
        (SUBITEM, _SUBITEM),
        (ITEM, _ITEM),
        (LETTER, _LETTER),
        (LETTER, _LETTER_DOT),
        (PLUS, _PLUS),
        (DASH, _DASH),
    ):
        match = pattern.match(text)
        if match and (kind != PART or roman_value(match.group("num"))):
            marker = match.groupdict().get("num")
            return Line(index, kind, marker, match.group("rest").strip(), raw)
    return Line(index, PARA, None, text, raw)


def roman_value(numeral: str) -> int:
    """Value of a well-formed Roman numeral up to 399, else 0."""
    total = 0
    for current, following in zip(numeral, numeral[1:] + " ", strict=True):
        value = _ROMAN.get(current, 0)
        if not value:
            return 0
        total += -value if _ROMAN.get(following, 0) > value else value
    return total if to_roman(total) == numeral else 0


def to_roman(value: int) -> str:
    result = ""
    for number, symbol in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"),
                           (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        count, value = divmod(value, number)
        result += symbol * count
    return result


def is_closing(line: Line) -> bool:
    """ "Trên đây là Kế hoạch …", "Nơi nhận:", "KT. CHỦ TỊCH" end the body."""
    return key(line.raw).startswith(_CLOSING_PREFIXES)


def split_parts(lines: list[Line]) -> tuple[list[Line], list[PartBlock]]:
    """Cut ``lines`` into the preamble and the parts; stop at the closing formula.

    Parts are Roman-numeral headings in increasing order. A document without them may use
    capitals headings numbered "1.", "2." ("1. MỤC ĐÍCH, YÊU CẦU") instead.
    """
    parts = _cut_parts(lines, _roman_heading)
    if not parts[1]:
        parts = _cut_parts(lines, _arabic_capitals_heading)
    return parts


def _roman_heading(line: Line, previous: int) -> int:
    if line.kind != PART or len(line.text) > 200:
        return 0
    value = roman_value(line.marker or "")
    return value if value > previous else 0


def _arabic_capitals_heading(line: Line, previous: int) -> int:
    if line.kind != ITEM or not is_upper_line(line.text) or len(line.text) > 150:
        return 0
    value = int(line.marker or 0)
    return value if value == previous + 1 else 0


def _cut_parts(lines: list[Line], heading: Callable[[Line, int], int]) -> tuple[list[Line], list[PartBlock]]:
    preamble: list[Line] = []
    parts: list[PartBlock] = []
    previous = 0
    for line in lines:
        if parts and is_closing(line):
            break
        value = heading(line, previous)
        if value:
            previous = value
            parts.append(PartBlock(line.marker or "", line.text, part_role(line.text)))
        elif parts:
            parts[-1].lines.append(line)
        else:
            preamble.append(line)
    return preamble, parts


def part_role(title: str) -> str:
    """The role of a part, from the words of its title (not its position)."""
    words = key(title)
    if "tổ chức thực hiện" in words or "trách nhiệm thực hiện" in words:
        return "organisation"
    if words.startswith("chế độ") or "báo cáo" in words:
        return "reporting"
    if "kinh phí" in words or "nguồn lực tài chính" in words:
        return "funding"
    if any(word in words for word in ("nội dung", "nhiệm vụ", "giải pháp", "hoạt động")):
        return "content"
    if any(word in words for word in ("mục đích", "yêu cầu", "mục tiêu")):
        return "purpose"
    return "other"


def split_items(lines: list[Line]) -> tuple[list[Line], list[ItemBlock]]:
    """Cut a part into its leading paragraphs and its numbered items "1.", "2.", …

    Numbers must follow each other, so a stray "2." inside an item's text stays text.
    """
    intro: list[Line] = []
    items: list[ItemBlock] = []
    for line in lines:
        expected = len(items) + 1
        if line.kind == ITEM and line.marker == str(expected) and line.text:
            items.append(ItemBlock(line.marker, line.text, line))
        elif items:
            items[-1].children.append(line)
        else:
            intro.append(line)
    return intro, items


def split_letter_items(lines: list[Line]) -> list[ItemBlock]:
    """Fallback for a content part written as "a)", "b)" items instead of "1.", "2."."""
    items: list[ItemBlock] = []
    for line in lines:
        if line.kind == LETTER:
            items.append(ItemBlock(line.marker or "", line.text, line))
        elif items:
            items[-1].children.append(line)
    return items


def is_lead_in(line: Line, following: Line | None) -> bool:
    """A line such as "a) Về tuyên truyền:" that only introduces the deeper lines after it."""
    if not line.text.endswith(":") or following is None:
        return False
    if following.kind not in DEPTH:
        return False
    return line.kind not in DEPTH or DEPTH[following.kind] > DEPTH[line.kind]


def task_lines(lines: list[Line]) -> list[Line]:
    """The lines of an item that are tasks: all but footnotes, empty lines and lead-ins."""
    tasks: list[Line] = []
    for position, line in enumerate(lines):
        following = lines[position + 1] if position + 1 < len(lines) else None
        if line.kind == FOOTNOTE or not line.text or is_lead_in(line, following):
            continue
        tasks.append(line)
    return tasks


def split_title(text: str, limit: int = 150) -> tuple[str, str]:
    """ "Thống kê tỉnh: Chủ trì, phối hợp …" → ("Thống kê tỉnh", "Chủ trì, phối hợp …")."""
    head, colon, tail = text.partition(":")
    if colon and tail.strip() and len(head) <= limit:
        return head.strip(), tail.strip()
    return text.rstrip(":").strip(), ""
