"""Low-level WordprocessingML helpers for what python-docx has no API for.

Fonts on all four slots, paragraph borders, table borders and fixed column widths, header rows,
the PAGE field. Every function works on python-docx objects and touches only their own XML.
"""

from __future__ import annotations

import re
import unicodedata

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BLACK = RGBColor(0, 0, 0)
FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")

# Characters XML 1.0 cannot carry (python-docx would raise on them): C0 controls but tab/newline.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    """NFC text without characters XML refuses: NFD "Thái" becomes NFC "Thái"."""
    return _XML_INVALID.sub("", unicodedata.normalize("NFC", text))


# CT_RPr's child order (ECMA-376): Word rejects a file whose run properties are out of order.
_RPR_ORDER = (
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline w:shadow "
    "w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern "
    "w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em "
    "w:lang w:eastAsianLayout w:specVanish w:oMath"
).split()


def _get_or_insert(rpr, tag: str):
    """The child `tag` of a run-properties element, created in its schema position if missing."""
    element = rpr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        rpr.insert_element_before(element, *_RPR_ORDER[_RPR_ORDER.index(tag) + 1 :])
    return element


def _set_fonts(rpr, size: float | None) -> None:
    """Times New Roman on every script slot, theme fonts removed (they would win over w:ascii)."""
    fonts = _get_or_insert(rpr, "w:rFonts")
    for attribute in list(fonts.attrib):
        if attribute.lower().endswith("theme"):
            del fonts.attrib[attribute]
    for slot in FONT_SLOTS:
        fonts.set(qn(slot), FONT)
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            _get_or_insert(rpr, tag).set(qn("w:val"), str(round(size * 2)))


def _set_language(rpr) -> None:
    lang = _get_or_insert(rpr, "w:lang")
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def set_document_defaults(styles_element, size: float) -> None:
    """docDefaults: Times New Roman, the body size, Vietnamese; paragraphs without spacing."""
    defaults = styles_element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, size)
    _set_language(rpr)
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)


def style_font(style: BaseStyle, size: float) -> None:
    """Font of a style: name and size through python-docx, then all four slots and the language."""
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.color.rgb = BLACK
    rpr = style.element.get_or_add_rPr()
    _set_fonts(rpr, size)
    _set_language(rpr)


def add_run(
    paragraph: Paragraph,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
) -> Run:
    """A run in Times New Roman at `size` pt with every font slot set explicitly."""
    run = paragraph.add_run(clean(text))
    format_run(run, size, bold=bold, italic=italic, underline=underline)
    return run


def format_run(
    run: Run, size: float, *, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    run.font.underline = underline
    run.font.color.rgb = BLACK
    _set_fonts(run._r.get_or_add_rPr(), size)


def mark_font(paragraph: Paragraph, size: float) -> None:
    """Size and font of the paragraph mark, which sets the height of an empty paragraph."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")
    _set_fonts(rpr, size)


def bottom_border(paragraph: Paragraph, *, size_eighths: int = 6, space_pt: int = 1) -> None:
    """A solid black line under the paragraph, as wide as the paragraph between its indents."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size_eighths))
    bottom.set(qn("w:space"), str(space_pt))
    bottom.set(qn("w:color"), "000000")
    borders.append(bottom)
    # pBdr comes before spacing/ind/jc in CT_PPr's sequence; insert it ahead of them.
    successors = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc", "w:rPr")
    ppr.insert_element_before(borders, *successors)


def short_rule(
    cell_or_container, width_cm: float, available_cm: float, *, before_pt: float = 2, after_pt: float = 0
) -> Paragraph:
    """An empty, 2-pt-high centred paragraph whose bottom border is a `width_cm` line.

    The border runs between the paragraph's indents, so equal left and right indents centre a
    short line under the text above it (the decree's 1/3–1/2 underline of the agency name and
    of the trích yếu).
    """
    paragraph = cell_or_container.add_paragraph()
    side = max((available_cm - width_cm) / 2, 0)
    paragraph.paragraph_format.left_indent = Cm(side)
    paragraph.paragraph_format.right_indent = Cm(side)
    paragraph.paragraph_format.space_before = Pt(before_pt)
    paragraph.paragraph_format.space_after = Pt(after_pt)
    paragraph.paragraph_format.line_spacing = Pt(2)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark_font(paragraph, 2)
    bottom_border(paragraph)
    return paragraph


def table_borders(table: Table, *, visible: bool) -> None:
    """Single 0.5-pt black borders on every edge and between cells, or explicitly none."""
    tblpr = table._tbl.tblPr
    existing = tblpr.find(qn("w:tblBorders"))
    if existing is not None:
        tblpr.remove(existing)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        if visible:
            element.set(qn("w:val"), "single")
            element.set(qn("w:sz"), "4")
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), "000000")
        else:
            element.set(qn("w:val"), "nil")
        borders.append(element)
    successors = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    tblpr.insert_element_before(borders, *successors)


def table_widths(table: Table, widths_cm: list[float]) -> None:
    """Fixed layout with the given column widths on tblW, tblGrid and every cell.

    Word reads the cell widths, LibreOffice the grid: both are written.
    """
    table.autofit = False
    tblpr = table._tbl.tblPr
    total = sum(widths_cm)
    tblw = tblpr.find(qn("w:tblW"))
    if tblw is None:
        tblw = OxmlElement("w:tblW")
        tblpr.insert_element_before(tblw, "w:jc", "w:tblInd", "w:tblBorders", "w:tblLayout", "w:tblLook")
    tblw.set(qn("w:w"), str(Cm(total).twips))
    tblw.set(qn("w:type"), "dxa")
    layout = tblpr.find(qn("w:tblLayout"))
    if layout is None:
        layout = OxmlElement("w:tblLayout")
        tblpr.insert_element_before(layout, "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")
    layout.set(qn("w:type"), "fixed")
    for grid_col, width in zip(table._tbl.tblGrid.gridCol_lst, widths_cm, strict=True):
        grid_col.w = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def cell_margins(
    table: Table, *, left_cm: float, right_cm: float, top_cm: float = 0, bottom_cm: float = 0
) -> None:
    tblpr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for edge, value in (("top", top_cm), ("left", left_cm), ("bottom", bottom_cm), ("right", right_cm)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(Cm(value).twips))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tblpr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")


def _row_property(row, tag: str, successors: tuple[str, ...]) -> None:
    trpr = row._tr.get_or_add_trPr()
    if trpr.find(qn(tag)) is None:
        element = OxmlElement(tag)
        element.set(qn("w:val"), "true")
        trpr.insert_element_before(element, *successors)


def repeat_as_header(row) -> None:
    """Repeat the row at the top of each page the table continues on."""
    _row_property(row, "w:tblHeader", ("w:tblCellSpacing", "w:jc", "w:hidden"))


def keep_row_together(row) -> None:
    """Never break the row across pages (the schema orders cantSplit before trHeight/tblHeader)."""
    _row_property(row, "w:cantSplit", ("w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"))


def add_page_field(paragraph: Paragraph, size: float) -> None:
    """A PAGE field as begin/instr/separate/result/end runs, each in Times New Roman."""

    def field_run(child) -> None:
        run = paragraph.add_run()
        format_run(run, size)
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    field_run(begin)
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    field_run(instruction)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    field_run(separate)
    add_run(paragraph, "2", size)  # cached result; Word and LibreOffice recompute it
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    field_run(end)


def estimate_width_cm(text: str, size: float, *, bold: bool = False) -> float:
    """Printed width of `text` in Times New Roman within about 10 %, enough to size a short rule.

    Calibrated on Liberation Serif (metric-compatible): capitals average 0.67 em upright and
    0.71 em bold, lower case about 0.46 em.
    """
    em = 0.0
    for char in text:
        if char.isspace():
            em += 0.25
        elif char.isupper():
            em += 0.68
        elif char.isdigit():
            em += 0.5
        elif char.isalpha():
            em += 0.46
        else:
            em += 0.33
    if bold:
        em *= 1.04
    return em * size / 72 * 2.54


def drop_thumbnail(document) -> None:
    """Remove the blank-page thumbnail python-docx's template carries (file managers show it)."""
    relationships = document.part.package.rels
    for key, relationship in list(relationships.items()):
        if relationship.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            relationships.pop(key)
