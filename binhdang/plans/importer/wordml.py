"""A .docx read as Word shows it: automatic numbering, heading styles, tables in reading order.

Offices type a plan with Word's automatic numbering: the "I.", "1.", "a)", "-" a reader sees come
from the list definitions in ``word/numbering.xml`` (abstract and concrete numbering, levels,
from binhdang.lib.numbers import format_number
``lvlText`` such as ``%1.`` or ``%1.%2.``, start values, restarts, overrides, bullets) and from
styles that carry a list (``Heading 1`` linked to level 1). This module renders every paragraph
with its marker, so the parser sees what the reader sees.

It reads the package itself, streaming ``word/document.xml`` one body element at a time with
lxml (python-docx builds the whole tree and expands every ``gridSpan`` into that many cells:
a 36 KB file with one cell spanning 400 M columns cost it 3.5 GB). Each table cell is read once,
whatever it spans; footnotes, endnotes, comments, deleted revisions and field codes are never
read. The numbers of blocks, table cells and nested tables are bounded (``limits``).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from lxml import etree

from .errors import PlanParseError
from .limits import (
    MAX_BLOCKS,
    MAX_LIST_LEVEL_START,
    MAX_PARTS_XML_BYTES,
    MAX_TABLE_CELLS,
    MAX_TABLE_DEPTH,
    too_many_blocks,
)

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


P, TBL, TR, TC, R, T, TAB, BR, CR = (_w(t) for t in ("p", "tbl", "tr", "tc", "r", "t", "tab", "br", "cr"))
SDT, SDT_CONTENT, TXBX = _w("sdt"), _w("sdtContent"), _w("txbxContent")
VAL = _w("val")
# Elements whose text a reader does not see in the body: deleted text, field instructions,
# footnote/endnote/comment references (their marks would glue digits to words), the
# properties of a paragraph or run, and the duplicate fallback of a drawing.
_SKIPPED = frozenset(
    {
        _w("delText"),
        _w("instrText"),
        _w("del"),
        _w("footnoteReference"),
        _w("endnoteReference"),
        _w("commentReference"),
        _w("pPr"),
        _w("rPr"),
        f"{{{MC}}}Fallback",
    }
)
CORRUPT_MESSAGE = "Tệp .docx bị hỏng hoặc không đọc được."
# Bullet characters of symbol fonts (Symbol, Wingdings: U+F0xx private use) shown as "•";
# the hyphen, dash and plus Vietnamese plans use are kept, since they mean different depths.
_KEPT_BULLETS = "-–—+•·▪●◦*"
_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
          (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))  # fmt: skip
_VIETNAMESE_LETTERS = "abcdđeghiklmnopqrstuvxy"  # "a)" … "đ)" lists in Vietnamese documents


@dataclass
class Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # the level (0-based) whose advance restarts this one; None: any
    legal: bool = False  # isLgl: every number shown in decimal
    style: str | None = None  # the paragraph style linked to this level


@dataclass
class Numbering:
    """numbering.xml: abstract lists (levels) and concrete nums (an abstract list plus overrides)."""

    abstract: dict[str, dict[int, Level]] = field(default_factory=dict)
    nums: dict[str, str] = field(default_factory=dict)  # numId → abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId → level → start
    level_overrides: dict[str, dict[int, Level]] = field(default_factory=dict)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        override = self.level_overrides.get(num_id, {}).get(ilvl)
        if override is not None:
            return override
        return self.abstract.get(self.nums.get(num_id, ""), {}).get(ilvl)

    def levels(self, num_id: str) -> dict[int, Level]:
        merged = dict(self.abstract.get(self.nums.get(num_id, ""), {}))
        merged.update(self.level_overrides.get(num_id, {}))
        return merged


@dataclass
class Style:
    num_id: str | None = None
    ilvl: int | None = None
    based_on: str | None = None
    outline: int | None = None  # outline level: 0 for "Heading 1"


class Counters:
    """The running numbers of every list, as Word keeps them: per abstract list, with restarts."""

    def __init__(self, numbering: Numbering) -> None:
        self.numbering = numbering
        self.values: dict[str, dict[int, int]] = {}  # abstractNumId → level → current value
        self.started_nums: set[str] = set()

    def marker(self, num_id: str, ilvl: int) -> str:
        numbering = self.numbering
        level = numbering.level(num_id, ilvl)
        if level is None or num_id == "0":
            return ""
        abstract = numbering.nums.get(num_id, num_id)
        values = self.values.setdefault(abstract, {})
        levels = numbering.levels(num_id)
        if num_id not in self.started_nums:
            self.started_nums.add(num_id)
            for overridden, start in numbering.overrides.get(num_id, {}).items():
                values[overridden] = start - 1  # a startOverride restarts the list at this num
        values[ilvl] = values.get(ilvl, level.start - 1) + 1
        for deeper in [lvl for lvl in values if lvl > ilvl]:
            restart = levels.get(deeper, Level()).restart
            if restart is None or restart >= ilvl:
                del values[deeper]
        if level.fmt == "bullet":
            return _bullet(level.text)
        if level.fmt == "none":
            return ""
        shown = level.text
        for index in range(8, -1, -1):  # %10 does not exist; %9 … %1, longest first is moot
            token = f"%{index + 1}"
            if token not in shown:
                continue
            other = levels.get(index, Level())
            value = values.get(index, other.start)
            fmt = "decimal" if level.legal and index != ilvl else other.fmt
            shown = shown.replace(token, format_number(value, fmt))
        return shown.strip()


def _bullet(text: str) -> str:
    char = text.strip()[:1]
    if not char:
        return ""
    if 0xF020 <= ord(char) <= 0xF07E:  # a symbol font's private-use code for an ASCII sign: "+"
        char = chr(ord(char) - 0xF000)
    return char if char in _KEPT_BULLETS else "•"


def format_number(value: int, fmt: str) -> str:
    """A list number as Word writes it in ``fmt`` (decimal, upperRoman, lowerLetter, …)."""
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt in ("lowerLetter", "upperLetter"):
        letters = _VIETNAMESE_LETTERS if value <= len(_VIETNAMESE_LETTERS) else "abcdefghijklmnopqrstuvwxyz"
        index = (value - 1) % len(letters)
        letter = letters[index] * ((value - 1) // len(letters) + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    if value <= 0 or value > 3999:
        return str(value)
    result = ""
    for number, symbol in _ROMAN:
        count, value = divmod(value, number)
        result += symbol * count
    return result


# Reading the package ----------------------------------------------------------------------------


def docx_blocks(data: bytes) -> Iterator[str]:
    """Every paragraph of the body (and of its tables, in reading order), with its list marker."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise PlanParseError(CORRUPT_MESSAGE, "corrupt") from error
    with archive:
        names = set(archive.namelist())
        numbering = _read_numbering(_small_part(archive, "word/numbering.xml", names))
        styles = _read_styles(_small_part(archive, "word/styles.xml", names))
        reader = _BodyReader(numbering, styles)
        try:
            with archive.open("word/document.xml") as stream:
                yield from reader.read(stream)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, KeyError, OSError, EOFError) as error:
            raise PlanParseError(CORRUPT_MESSAGE, "corrupt") from error


def _small_part(archive: zipfile.ZipFile, name: str, names: set[str]) -> etree._Element | None:
    if name not in names:
        return None
    if archive.getinfo(name).file_size > MAX_PARTS_XML_BYTES:
        raise PlanParseError(
            f"Tệp .docx có phần {name} quá lớn (hơn {MAX_PARTS_XML_BYTES // (1024 * 1024)} MB); "
            "từ chối xử lý vì có thể là tệp độc hại.",
            "zip_bomb",
        )
    try:
        return etree.fromstring(archive.read(name), parser=_parser())
    except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, EOFError) as error:
        raise PlanParseError(CORRUPT_MESSAGE, "corrupt") from error


def _parser() -> etree.XMLParser:
    # No entities, no network, no DTD: a docx part is plain XML.
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _int(element: etree._Element | None, default: int | None = None) -> int | None:
    if element is None:
        return default
    try:
        return int(element.get(VAL, ""))
    except ValueError:
        return default


def _read_level(element: etree._Element) -> Level:
    level = Level()
    fmt = element.find(_w("numFmt"))
    if fmt is not None:
        level.fmt = fmt.get(VAL, "decimal")
    text = element.find(_w("lvlText"))
    if text is not None:
        level.text = text.get(VAL, "")
    start = _int(element.find(_w("start")), 1)
    level.start = min(max(start or 0, 0), MAX_LIST_LEVEL_START)
    restart = element.find(_w("lvlRestart"))
    if restart is not None:
        value = _int(restart, 1)
        level.restart = -1 if value == 0 else (value or 1) - 1  # 0: never restarts
    level.legal = element.find(_w("isLgl")) is not None
    style = element.find(_w("pStyle"))
    level.style = style.get(VAL) if style is not None else None
    return level


def _read_numbering(root: etree._Element | None) -> Numbering:
    numbering = Numbering()
    if root is None:
        return numbering
    for abstract in root.iterfind(_w("abstractNum")):
        levels = {}
        for lvl in abstract.iterfind(_w("lvl")):
            ilvl = _int_attr(lvl, "ilvl")
            if ilvl is not None and 0 <= ilvl <= 8:
                levels[ilvl] = _read_level(lvl)
        numbering.abstract[abstract.get(_w("abstractNumId"), "")] = levels
    for num in root.iterfind(_w("num")):
        num_id = num.get(_w("numId"), "")
        abstract_id = num.find(_w("abstractNumId"))
        numbering.nums[num_id] = abstract_id.get(VAL, "") if abstract_id is not None else ""
        for override in num.iterfind(_w("lvlOverride")):
            ilvl = _int_attr(override, "ilvl")
            if ilvl is None or not 0 <= ilvl <= 8:
                continue
            start = override.find(_w("startOverride"))
            if start is not None:
                value = min(max(_int(start, 1) or 0, 0), MAX_LIST_LEVEL_START)
                numbering.overrides.setdefault(num_id, {})[ilvl] = value
            lvl = override.find(_w("lvl"))
            if lvl is not None:
                numbering.level_overrides.setdefault(num_id, {})[ilvl] = _read_level(lvl)
    return numbering


def _int_attr(element: etree._Element, name: str) -> int | None:
    try:
        return int(element.get(_w(name), ""))
    except ValueError:
        return None


def _read_styles(root: etree._Element | None) -> dict[str, Style]:
    styles: dict[str, Style] = {}
    if root is None:
        return styles
    for element in root.iterfind(_w("style")):
        if element.get(_w("type")) not in (None, "paragraph"):
            continue
        style = Style()
        based_on = element.find(_w("basedOn"))
        style.based_on = based_on.get(VAL) if based_on is not None else None
        ppr = element.find(_w("pPr"))
        if ppr is not None:
            num_pr = ppr.find(_w("numPr"))
            if num_pr is not None:
                num_id = num_pr.find(_w("numId"))
                style.num_id = num_id.get(VAL) if num_id is not None else None
                style.ilvl = _int(num_pr.find(_w("ilvl")))
            style.outline = _int(ppr.find(_w("outlineLvl")))
        styles[element.get(_w("styleId"), "")] = style
    return styles


class _BodyReader:
    def __init__(self, numbering: Numbering, styles: dict[str, Style]) -> None:
        self.numbering = numbering
        self.styles = styles
        self.counters = Counters(numbering)
        self.blocks = 0
        self.cells = 0

    def read(self, stream: io.BufferedIOBase) -> Iterator[str]:
        """The body's elements one at a time: each is cleared once read, so memory stays flat."""
        depth = 0
        context = etree.iterparse(
            stream, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=False
        )
        for event, element in context:
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth != 2:  # document → body → a paragraph, a table, a content control
                continue
            yield from self._element(element, 0)
            element.clear()
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:
                del parent[0]

    def _element(self, element: etree._Element, table_depth: int) -> Iterator[str]:
        if element.tag == P:
            yield from self._paragraph(element, table_depth)
        elif element.tag == TBL:
            yield from self._table(element, table_depth + 1)
        elif element.tag in (SDT, SDT_CONTENT) or element.tag == _w("customXml"):
            for child in element:
                yield from self._element(child, table_depth)

    def _count(self) -> None:
        self.blocks += 1
        if self.blocks > MAX_BLOCKS:
            raise too_many_blocks()

    def _paragraph(self, paragraph: etree._Element, table_depth: int) -> Iterator[str]:
        pieces: list[str] = []
        boxes: list[etree._Element] = []
        _collect_text(paragraph, pieces, boxes)
        for box in boxes:  # a text box's paragraphs come before the line that anchors it
            for child in box:
                yield from self._element(child, table_depth)
        text = "".join(pieces)
        marker = self._marker(paragraph)
        self._count()
        if marker and text.strip():
            yield f"{marker} {text.lstrip()}"
        else:
            yield text

    def _marker(self, paragraph: etree._Element) -> str:
        ppr = paragraph.find(_w("pPr"))
        num_id: str | None = None
        ilvl: int | None = None
        style_id = None
        if ppr is not None:
            style = ppr.find(_w("pStyle"))
            style_id = style.get(VAL) if style is not None else None
            num_pr = ppr.find(_w("numPr"))
            if num_pr is not None:
                found = num_pr.find(_w("numId"))
                num_id = found.get(VAL) if found is not None else None
                ilvl = _int(num_pr.find(_w("ilvl")))
        if num_id is None and style_id:
            num_id, ilvl = self._style_numbering(style_id, ilvl)
        if not num_id or num_id == "0":
            return ""
        if ilvl is None:
            ilvl = self._linked_level(num_id, style_id)
        return self.counters.marker(num_id, min(max(ilvl, 0), 8))

    def _style_numbering(self, style_id: str, ilvl: int | None) -> tuple[str | None, int | None]:
        """A style's list, looked up through its ``basedOn`` chain (bounded: styles may loop)."""
        seen: set[str] = set()
        current: str | None = style_id
        while current and current not in seen and len(seen) < 20:
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                break
            if style.num_id is not None:
                return style.num_id, ilvl if ilvl is not None else style.ilvl
            current = style.based_on
        return None, ilvl

    def _linked_level(self, num_id: str, style_id: str | None) -> int:
        """A heading style's level in its list: the level that names the style, else the first."""
        for ilvl, level in self.numbering.levels(num_id).items():
            if style_id and level.style == style_id:
                return ilvl
        return 0

    def _table(self, table: etree._Element, table_depth: int) -> Iterator[str]:
        if table_depth > MAX_TABLE_DEPTH:
            raise PlanParseError(
                f"Tệp .docx có bảng lồng nhau quá sâu (hơn {MAX_TABLE_DEPTH} tầng); "
                "từ chối xử lý vì có thể là tệp độc hại.",
                "too_complex",
                limit="table_depth",
                params={"limit": MAX_TABLE_DEPTH},
            )
        rows = [
            [cell for cell in row.iterfind(TC) if not _continues_merge(cell)] for row in table.iterfind(TR)
        ]
        self.cells += sum(len(row) for row in rows)
        if self.cells > MAX_TABLE_CELLS:
            raise PlanParseError(
                f"Tệp .docx có quá nhiều ô bảng (hơn {format_number(MAX_TABLE_CELLS)}); "
                "một kế hoạch không cần nhiều như vậy.",
                "too_complex",
                limit="cells",
                params={"limit": MAX_TABLE_CELLS},
            )
        cells = _header_order(rows) if _is_header_table(rows) else [cell for row in rows for cell in row]
        for cell in cells:
            for child in cell:
                yield from self._element(child, table_depth)


def _continues_merge(cell: etree._Element) -> bool:
    """A cell merged into the one above (``vMerge`` without "restart") holds nothing of its own."""
    tcpr = cell.find(_w("tcPr"))
    if tcpr is None:
        return False
    merge = tcpr.find(_w("vMerge"))
    return merge is not None and merge.get(VAL, "continue") == "continue"


def _is_header_table(rows: list[list[etree._Element]]) -> bool:
    """The two blocks at the top of an administrative document: ≤ 3 rows of 2 cells, one naming
    the national motto (CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM)."""
    if not rows or len(rows) > 3 or any(len(row) > 2 for row in rows) or max(len(r) for r in rows) < 2:
        return False
    words = " ".join(t for row in rows for cell in row for t in cell.itertext()).upper()
    return "CỘNG HÒA" in words or "CỘNG HOÀ" in words or "ĐỘC LẬP" in words


def _header_order(rows: list[list[etree._Element]]) -> list[etree._Element]:
    """issuer | national motto: the left block top to bottom, then the right block; a row of one
    cell spanning both (the "KẾ HOẠCH" heading) ends the blocks above it."""
    cells: list[etree._Element] = []
    run: list[list[etree._Element]] = []
    for row in [*rows, []]:
        if len(row) == 2:
            run.append(row)
            continue
        cells += [row_[0] for row_ in run] + [row_[1] for row_ in run]
        run = []
        cells += row
    return cells


def _collect_text(element: etree._Element, pieces: list[str], boxes: list[etree._Element]) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIPPED:
            continue
        if tag == T:
            pieces.append(child.text or "")
        elif tag == TAB:
            pieces.append(" ")
        elif tag in (BR, CR):
            pieces.append("\n")
        elif tag == _w("noBreakHyphen"):
            pieces.append("-")
        elif tag == TXBX:
            boxes.append(child)
        elif tag == P:  # a paragraph nested where runs are expected (rare, but keep its words)
            pieces.append("\n")
            _collect_text(child, pieces, boxes)
        else:
            _collect_text(child, pieces, boxes)
