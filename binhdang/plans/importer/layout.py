"""Lines laid out on pages (from a PDF's text layer or from OCR) back into a plan's paragraphs.

A printed plan wraps its sentences at the margin, repeats a running header and the page number
on every page, and sets its header in two columns (issuer | national motto) on one baseline.
From each line's box this module rebuilds what was typed: the two header blocks read left then
right, running headers, footers and page numbers dropped, wrapped lines joined into paragraphs
(with a space: Vietnamese is not hyphenated, so a line ending in "-" keeps it, "kinh tế -
xã hội"). Pure Python; coordinates have y growing downwards, in any unit.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .text import LINE_MARKER, SUPERSCRIPT_DIGITS, is_carried_dash, is_upper_line

_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:trang\s+)?\d{1,4}(?:\s*[/]\s*\d{1,4})?(?:\s*[-–—])?$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
# Share of the page's height at its top and bottom where running headers and footers live.
_MARGIN_BAND = 0.09
_PLAN_HEADING = re.compile(r"^(KẾ HOẠCH|QUYẾT ĐỊNH)\b")


@dataclass
class Segment:
    """A run of text on one line: its box and its words."""

    left: float
    top: float
    right: float
    bottom: float
    text: str


@dataclass
class LaidLine:
    segments: list[Segment]
    confidence: float | None = None  # OCR's, 0–100

    @property
    def left(self) -> float:
        return min(s.left for s in self.segments)

    @property
    def right(self) -> float:
        return max(s.right for s in self.segments)

    @property
    def top(self) -> float:
        return min(s.top for s in self.segments)

    @property
    def bottom(self) -> float:
        return max(s.bottom for s in self.segments)

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1e-6)

    @property
    def text(self) -> str:
        return " ".join(s.text.strip() for s in sorted(self.segments, key=lambda s: s.left) if s.text.strip())


@dataclass
class Page:
    width: float
    height: float
    lines: list[LaidLine] = field(default_factory=list)


def group_lines(segments: list[Segment]) -> list[LaidLine]:
    """Segments on the same baseline form one line, in reading order.

    A segment joins a line when its vertical middle lies within the line's box (a dash or a
    comma has a small box of its own). Small digits set above the line (a footnote's mark) are
    taken apart: glued to the word before them they are dropped; starting a line (the footnote
    itself, at the foot of the page) they become superscript digits, which the parser knows.
    """
    heights = sorted(s.bottom - s.top for s in segments if s.text.strip())
    body_height = heights[len(heights) // 2] if heights else 0
    marks = [s for s in segments if _is_mark(s, body_height)]
    lines: list[LaidLine] = []
    for segment in sorted(
        (s for s in segments if not _is_mark(s, body_height)), key=lambda s: (s.top, s.left)
    ):
        middle = (segment.top + segment.bottom) / 2
        line = next((line for line in reversed(lines[-3:]) if line.top <= middle <= line.bottom), None)
        if line is None:
            lines.append(LaidLine([segment]))
        else:
            line.segments.append(segment)
    lines.sort(key=lambda line: line.top)
    for mark in marks:
        middle = (mark.top + mark.bottom) / 2
        below = next((line for line in lines if line.bottom >= middle and line.top <= mark.bottom), None)
        if below is not None and mark.right <= below.left + 1e-3 * max(body_height, 1):
            mark.text = mark.text.translate(_SUPERSCRIPT)
            below.segments.append(mark)
    return lines


_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


def _is_mark(segment: Segment, body_height: float) -> bool:
    text = segment.text.strip()
    return (
        bool(text)
        and text.isdigit()
        and len(text) <= 3
        and (segment.bottom - segment.top) < 0.75 * body_height
    )


def set_footnotes_aside(pages: list[Page]) -> list[LaidLine]:
    """Footnotes (at the foot of a page, after a gap, the first one starting with its superscript
    mark) are taken out of the flow, so that a paragraph carried over the page joins up; they are
    given back at the end, where the parser leaves them out of every task."""
    aside: list[LaidLine] = []
    for page in pages:
        steps = [b.bottom - a.bottom for a, b in zip(page.lines, page.lines[1:], strict=False)]
        pitch = _median([step for step in steps if step > 0]) if steps else 0
        for index in range(len(page.lines) - 1, 0, -1):
            line = page.lines[index]
            if line.top < 0.6 * page.height:
                break
            if line.text[:1] in SUPERSCRIPT_DIGITS and steps[index - 1] > 1.6 * pitch:
                aside.extend(page.lines[index:])
                page.lines = page.lines[:index]
                break
    return aside


def _signature(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def drop_running_lines(pages: list[Page]) -> None:
    """Remove page numbers and the header or footer repeated at the same place on many pages."""
    in_band: Counter[str] = Counter()
    for page in pages:
        for line in page.lines:
            if _in_margin_band(line, page):
                in_band[_signature(line.text)] += 1
    repeated = {
        text for text, count in in_band.items() if len(pages) >= 2 and count >= max(2, len(pages) // 2)
    }
    for page in pages:
        page.lines = [
            line
            for line in page.lines
            if not (
                _in_margin_band(line, page)
                and (_PAGE_NUMBER.match(line.text.strip()) or _signature(line.text) in repeated)
            )
        ]


def _in_margin_band(line: LaidLine, page: Page) -> bool:
    return line.bottom <= _MARGIN_BAND * page.height or line.top >= (1 - _MARGIN_BAND) * page.height


def _split_header(page: Page) -> list[LaidLine]:
    """The first page's two-column header block, read left column then right column.

    The block is the lines above the "KẾ HOẠCH" (or "QUYẾT ĐỊNH") heading; a segment belongs to
    the column its middle falls in. Without such a heading the page is left as it is.
    """
    heading = next((i for i, line in enumerate(page.lines) if _PLAN_HEADING.match(line.text)), None)
    if heading is None or heading == 0:
        return page.lines
    block, rest = page.lines[:heading], page.lines[heading:]
    middle = page.width / 2
    if not any(
        any((s.left + s.right) / 2 < middle for s in line.segments)
        and any((s.left + s.right) / 2 >= middle for s in line.segments)
        for line in block
    ):
        return page.lines
    left = [LaidLine([s for s in line.segments if (s.left + s.right) / 2 < middle]) for line in block]
    right = [LaidLine([s for s in line.segments if (s.left + s.right) / 2 >= middle]) for line in block]
    header = [line for line in left + right if line.segments]
    for line in header:
        line.confidence = next((o.confidence for o in block if line.segments[0] in o.segments), None)
    return header + rest


@dataclass
class Paragraph:
    text: str
    confidence: float | None = None  # the lowest OCR confidence of its lines


def paragraphs(pages: list[Page]) -> list[Paragraph]:
    """The text's paragraphs: wrapped lines joined, page furniture and header order handled."""
    drop_running_lines(pages)
    notes = set_footnotes_aside(pages)
    if pages:
        pages[0].lines = _split_header(pages[0])
    body = [(page, line) for page in pages for line in page.lines if line.text]
    if not body:
        return []
    left_margin = _mode([round(line.left / max(page.width, 1), 2) for page, line in body])
    rights = sorted(line.right / max(page.width, 1) for page, line in body)
    right_margin = rights[int(0.9 * (len(rights) - 1))]
    pitches = [
        (b.bottom - a.bottom) / page.height
        for page in pages
        for a, b in zip(page.lines, page.lines[1:], strict=False)
        if b.bottom > a.bottom
    ]
    pitch = _median(pitches) if pitches else 0.02
    result: list[Paragraph] = []
    previous: tuple[Page, LaidLine] | None = None
    for page, line in body:
        text = unicodedata.normalize("NFC", line.text)
        if (
            previous is not None
            and result
            and _joins(previous, (page, line), left_margin, right_margin, pitch)
        ):
            joined = result[-1].text
            # "2018-" + "2027": a compound broken at its own hyphen joins without a space;
            # "kinh tế -" + "xã hội" keeps it (Vietnamese is never hyphenated inside a word).
            glued = len(joined) > 1 and joined[-1] in "-–/" and not joined[-2].isspace()
            result[-1].text = f"{joined}{'' if glued else ' '}{text}"
            result[-1].confidence = _lowest(result[-1].confidence, line.confidence)
        else:
            result.append(Paragraph(text, line.confidence))
        previous = (page, line)
    for line in notes:  # a footnote's later lines continue it
        if line.text[:1] in SUPERSCRIPT_DIGITS or not result or result[-1].text[:1] not in SUPERSCRIPT_DIGITS:
            result.append(Paragraph(line.text, line.confidence))
        else:
            result[-1].text = f"{result[-1].text} {line.text}"
    return result


def _joins(
    previous: tuple[Page, LaidLine],
    current: tuple[Page, LaidLine],
    left_margin: float,
    right_margin: float,
    pitch: float,
) -> bool:
    """Does ``current`` continue the paragraph of ``previous``?"""
    (page_a, a), (page_b, b) = previous, current
    if (LINE_MARKER.match(b.text) and not is_carried_dash(b.text)) or _heading(a.text) or _heading(b.text):
        return False  # "- xã hội …" at a line's start is "kinh tế - xã hội" wrapped, not a bullet
    reached_margin = a.right / page_a.width >= right_margin - 0.08
    if not reached_margin:
        return False  # the previous line stopped short: its paragraph ended there
    indented = b.left / page_b.width - left_margin > 0.03
    if indented:
        return False  # a first-line indent starts a paragraph
    if page_a is page_b:
        gap = (b.bottom - a.bottom) / page_a.height
        return gap <= 1.45 * pitch
    return True  # a line at the foot of a page that reached the margin goes on over the page


def _heading(text: str) -> bool:
    """A capitals line ("KẾ HOẠCH", "II. NỘI DUNG"), not a code such as "48/2009/NĐ-CP"."""
    return is_upper_line(text) and sum(ch.isalpha() for ch in text) > sum(not ch.isspace() for ch in text) / 2


def _mode(values: list[float]) -> float:
    return Counter(values).most_common(1)[0][0]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2]


def _lowest(a: float | None, b: float | None) -> float | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)
