"""Text normalisation: Unicode, line breaks, light Markdown, paragraphs and sentences."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_HORIZONTAL_SPACE = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")

# Start of a numbered, lettered or bulleted line; such a line never continues the previous one.
LINE_MARKER = re.compile(
    r"^(?:(?:PHẦN\s+)?[IVXLC]+\s*[.\-–:)]"
    r"|\d{1,2}(?:\.\d{1,2})*\s*[.)]"
    r"|[a-zđ]\s*\)"
    r"|[-–—•·▪●◦+*]"
    r"|[" + SUPERSCRIPT_DIGITS + r"]"
    r"|Căn cứ\b|Điều\s+\d)"
)
_PLACE_DATE_LINE = re.compile(r"^[^\d,]{2,60},\s*ngày\b")
_TERMINAL = ".;:!?"

# Markdown
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_QUOTE = re.compile(r"^>\s?")
_MD_STAR_BULLET = re.compile(r"^[*]\s+")
_MD_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_MD_EMPHASIS = re.compile(r"(?<![\w*_])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*_])")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_MD_FOOTNOTE_DEF = re.compile(r"^\[\^(\w+)\]:\s*")
_MD_FOOTNOTE_REF = re.compile(r"\[\^\w+\]")
_MD_CHARACTERS = re.compile(r"[#>*_|\\\[]|---")
_ATTACHED_SUPERSCRIPT = re.compile(r"(?<=\S)[" + SUPERSCRIPT_DIGITS + r"]+")

# Old-style tone placement ("hoà", "uỷ") versus new style ("hòa", "ủy"), compared in NFD.
_TONE_CLASS = "[\u0300\u0301\u0303\u0309\u0323]"
_OLD_STYLE_TONE = re.compile(r"(?<![qQ])([oO][aAeE]|[uU][yY])(" + _TONE_CLASS + r")(?![\w\u0300-\u036f])")

_SENTENCE_END = re.compile(r"[.!?…](?=\s+[\"“‘(]?\w)")


def normalize_text(text: str) -> str:
    """NFC, ``\\n`` line breaks, no invisible characters, single spaces, trimmed lines."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for separator in ("\u2028", "\u0085", "\v", "\f"):
        text = text.replace(separator, "\n")
    text = text.replace("\u2029", "\n\n").translate(_INVISIBLE)
    return "\n".join(_HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))


def strip_markdown(text: str) -> str:
    """Remove Markdown decoration (headings, bold, emphasis, escapes, tables), keep the words."""
    lines: list[str] = []
    for line in text.split("\n"):
        if not _MD_CHARACTERS.search(line):  # most lines of a plan: nothing to strip
            lines.append(line.strip())
            continue
        line = _MD_QUOTE.sub("", _MD_HEADING.sub("", line.strip()))
        if _MD_TABLE_RULE.match(line) and "-" in line:
            continue
        if line.startswith("|") and line.endswith("|") and len(line) > 1:
            lines.extend(_strip_inline_markdown(cell.strip()) for cell in line[1:-1].split("|"))
            continue
        line = _MD_STAR_BULLET.sub("- ", line)
        footnote = _MD_FOOTNOTE_DEF.match(line)
        if footnote:
            label = footnote.group(1)
            mark = label.translate(_TO_SUPERSCRIPT) if label.isdigit() else ""
            line = f"{mark} {line[footnote.end() :]}".strip()
        lines.append(_strip_inline_markdown(line))
    return "\n".join(lines)


def _strip_inline_markdown(line: str) -> str:
    line = line.replace("**", "").replace("__", "")
    line = _MD_EMPHASIS.sub(r"\2", line)
    line = _MD_FOOTNOTE_REF.sub("", line)
    return _MD_ESCAPE.sub(r"\1", line)


def strip_footnote_marks(text: str) -> str:
    """Drop footnote reference marks glued to a word: "2026-2030¹." → "2026-2030."."""
    return _ATTACHED_SUPERSCRIPT.sub("", text)


def canonical_tones(text: str) -> str:
    """Move old-style tone marks to the new-style vowel: "Uỷ ban" → "Ủy ban", "hoà" → "hòa"."""
    decomposed = unicodedata.normalize("NFD", text)
    moved = _OLD_STYLE_TONE.sub(lambda m: m.group(1)[0] + m.group(2) + m.group(1)[1], decomposed)
    return unicodedata.normalize("NFC", moved)


def key(text: str) -> str:
    """Comparison form: canonical tone placement, lower case, single spaces."""
    return " ".join(canonical_tones(text).lower().split())


def is_upper_line(text: str) -> bool:
    """True for a heading written in capitals, e.g. "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"."""
    if text.upper() != text:  # a lower-case letter: the common case, answered at C speed
        return False
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def split_paragraphs(text: str) -> list[str]:
    """Turn normalised text into paragraphs, re-joining lines that were wrapped.

    A line starting in lower case continues a previous line that has no closing punctuation
    (a title broken over two lines, or two .docx paragraphs). When the whole text is hard
    wrapped at a fixed width, a capitalised line also continues a long previous line of the
    same block. Numbered or bulleted lines and capitals headings always start a paragraph.
    """
    lines = text.split("\n")
    width = _wrap_width(lines)
    # Each paragraph is kept as its lines (joined once at the end) with what _continues asks of
    # it (its first line, whether it is a capitals heading, its last character): the work per
    # line stays constant however long a paragraph grows, so the whole is linear in the text.
    pieces: list[list[str]] = []
    heads: list[_Head] = []
    previous_line = ""
    for line in lines:
        if not line:
            previous_line = ""
            continue
        if pieces and _continues(heads[-1], previous_line, line, width):
            pieces[-1].append(line)
            heads[-1].last = line[-1]
        else:
            pieces.append([line])
            heads.append(_Head(line.startswith("Số") and ":" in line[:5], is_upper_line(line), line[-1]))
        previous_line = line
    return [" ".join(piece) for piece in pieces]


@dataclass
class _Head:
    """What joining a line to a paragraph depends on: fixed by its first line, and its last character."""

    number_line: bool
    upper: bool
    last: str


def _wrap_width(lines: list[str]) -> int | None:
    """The width a text was hard wrapped at, or None when its lines are whole paragraphs."""
    lengths = sorted(len(line) for line in lines if line)
    if len(lengths) < 5:
        return None
    width = lengths[int(0.95 * (len(lengths) - 1))]
    near_width = sum(1 for length in lengths if length >= 0.7 * width)
    return width if width <= 120 and near_width >= 0.5 * len(lengths) else None


def _continues(paragraph: _Head, previous_line: str, line: str, width: int | None) -> bool:
    if paragraph.upper or paragraph.number_line or is_upper_line(line) or _PLACE_DATE_LINE.match(line):
        return False
    wrapped = width is not None and len(previous_line) >= 0.6 * width
    if wrapped:
        # Hard-wrapped text: only a sentence end closes a paragraph; "- nhà tạm lánh" is a
        # dash of the sentence carried over, not a bullet.
        return paragraph.last not in ".:!?" and (not LINE_MARKER.match(line) or is_carried_dash(line))
    if paragraph.last in _TERMINAL or LINE_MARKER.match(line) or line[0] in '([“"':
        return False
    return line[0].islower()


def is_carried_dash(line: str) -> bool:
    """ "- xã hội …": a dash carried to the start of a line by wrapping (a bullet starts upper case)."""
    rest = line[1:].lstrip()
    return line[0] in "-–" and bool(rest) and rest[0].islower()


def shorten(text: str, limit: int = 200) -> str:
    """Cut ``text`` at a word boundary so that it fits in ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + "…"


def title_case(upper: str) -> str:
    """ "THÁI NGUYÊN" → "Thái Nguyên", "BÀ RỊA - VŨNG TÀU" → "Bà Rịa - Vũng Tàu"."""
    return " ".join(word.capitalize() for word in upper.split())


def sentences(text: str) -> list[str]:
    """``text`` cut after ".", "!", "?" or "…" when a new sentence follows."""
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        parts.append(text[start : match.end()].strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [part for part in parts if part]
