# ruff: noqa: E501  (package parts are clearer on one line)
"""Plan documents built the way offices make them, from a plain-text plan: a Word file with
automatic multilevel numbering (numbering.xml, a heading style linked to the list), a two-column
header table and page numbers in the footer; the same saved as .doc, printed to PDF, scanned.

The markers "I.", "1.", "a)", "-", "+" of the text become list levels: the .docx holds none of
them in its text, as when an official types the plan in Word.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import pypdfium2
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt

_ROMAN = re.compile(r"^(?P<marker>[IVX]+)\.\s+(?P<text>.+)$")
_DECIMAL = re.compile(r"^(?P<marker>\d{1,2})\.\s+(?P<text>.+)$")
_LETTER = re.compile(r"^(?P<marker>[a-zđ])\)\s+(?P<text>.+)$")
_DASH = re.compile(r"^-\s+(?P<text>.+)$")
_PLUS = re.compile(r"^\+\s+(?P<text>.+)$")

OUTLINE_NUM, BULLET_NUM = 21, 22

NUMBERING_XML = f"""
<w:numbering {nsdecls("w")}>
  <w:abstractNum w:abstractNumId="11">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:pStyle w:val="Heading1"/>
      <w:lvlText w:val="%1."/><w:suff w:val="space"/>
      <w:lvlJc w:val="left"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/>
      <w:suff w:val="space"/>
      <w:lvlJc w:val="left"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/>
      <w:suff w:val="space"/>
      <w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="12">
    <w:multiLevelType w:val="hybridMultilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/>
      <w:suff w:val="space"/>
      <w:lvlJc w:val="left"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="+"/>
      <w:suff w:val="space"/>
      <w:lvlJc w:val="left"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="{OUTLINE_NUM}"><w:abstractNumId w:val="11"/></w:num>
  <w:num w:numId="{BULLET_NUM}"><w:abstractNumId w:val="12"/></w:num>
</w:numbering>
"""

HEADER = {
    "province": (
        ["ỦY BAN NHÂN DÂN", "TỈNH THÁI NGUYÊN", "Số: /KH-UBND"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Thái Nguyên, ngày tháng năm 2026",
        ],
    ),
    "commune": (
        ["ỦY BAN NHÂN DÂN", "XÃ ĐẠI TỪ", "Số: 12/KH-UBND"],
        [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Đại Từ, ngày 20 tháng 4 năm 2026",
        ],
    ),
}


def _numbering(document: docx.document.Document) -> None:
    part = document.part.numbering_part
    definitions = parse_xml(NUMBERING_XML)
    numbering = part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in definitions:
        numbering.append(child)
    # Heading 1 is linked to the outline's first level, as Word's "multilevel list" does.
    heading = document.styles["Heading 1"].element
    ppr = heading.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:numId w:val="{OUTLINE_NUM}"/></w:numPr>'))


def _list_paragraph(document: docx.document.Document, text: str, num_id: int | None, ilvl: int) -> None:
    paragraph = document.add_paragraph(text)
    if num_id is not None:
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(
            parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _header_table(document: docx.document.Document, left: list[str], right: list[str]) -> None:
    table = document.add_table(rows=1, cols=2)
    for cell, lines in zip(table.rows[0].cells, (left, right), strict=True):
        cell.paragraphs[0].text = lines[0]
        for line in lines[1:]:
            cell.add_paragraph(line)
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _page_numbers(document: docx.document.Document) -> None:
    footer = document.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run()
    for xml in (
        f'<w:fldChar {nsdecls("w")} w:fldCharType="begin"/>',
        f'<w:instrText {nsdecls("w")} xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar {nsdecls("w")} w:fldCharType="separate"/>',
        f"<w:t {nsdecls('w')}>1</w:t>",
        f'<w:fldChar {nsdecls("w")} w:fldCharType="end"/>',
    ):
        run._r.append(parse_xml(xml))
    header = document.sections[0].header.paragraphs[0]
    header.text = "Kế hoạch bình đẳng giới năm 2026"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def word_plan(
    text: str, header: tuple[list[str], list[str]] | None = None, *, footnote: str | None = None
) -> bytes:
    """The plan ``text`` as Word would hold it: markers in numbering.xml, not in the text."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Liberation Serif", Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Liberation Serif")
    _numbering(document)
    _page_numbers(document)
    if header:
        _header_table(document, *header)
    lines = [line.strip() for line in text.splitlines()]
    if header:  # the number and the place and date now stand in the header table
        lines = lines[next(i for i, line in enumerate(lines) if line == "KẾ HOẠCH") :]
    in_part = False
    for line in lines:
        if not line:
            continue
        line = line.replace("**", "")
        if match := _ROMAN.match(line):
            document.add_paragraph(match["text"], style="Heading 1")
            in_part = True
        elif in_part and (match := _DECIMAL.match(line)):
            _list_paragraph(document, match["text"], OUTLINE_NUM, 1)
        elif in_part and (match := _LETTER.match(line)):
            _list_paragraph(document, match["text"], OUTLINE_NUM, 2)
        elif match := _DASH.match(line):
            _list_paragraph(document, match["text"], BULLET_NUM, 0)
        elif match := _PLUS.match(line):
            _list_paragraph(document, match["text"], BULLET_NUM, 1)
        else:
            _list_paragraph(document, line, None, 0)
    if footnote:
        _add_footnote(document, footnote)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_footnote(document: docx.document.Document, text: str) -> None:
    """A real footnote: a reference mark in the first task paragraph, its text in footnotes.xml."""
    paragraph = next(p for p in document.paragraphs if p.text.startswith("Tổ chức triển khai thực hiện"))
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="1"/></w:r>'
        )
    )
    # python-docx has no footnotes part: add one, with its relationship, by hand.
    xml = (
        f'<w:footnotes {nsdecls("w")}><w:footnote w:id="1"><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
        "</w:footnote></w:footnotes>"
    ).encode()
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        xml,
        document.part.package,
    )
    document.part.relate_to(part, RT.FOOTNOTES)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(data: bytes, suffix: str, target: str, options: str | None = None) -> bytes:
    """``data`` (a file ending in ``suffix``) converted by LibreOffice to ``target`` ("doc", "pdf")."""
    program = soffice()
    assert program, "LibreOffice is needed"
    with tempfile.TemporaryDirectory(prefix="plans-test-") as folder:
        source = Path(folder) / f"plan{suffix}"
        source.write_bytes(data)
        subprocess.run(
            [program, f"-env:UserInstallation=file://{folder}/profile", "--headless",
             "--convert-to", options or target, "--outdir", folder, str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return (Path(folder) / f"plan.{target}").read_bytes()


def page_images(pdf: bytes, dpi: int = 200, fmt: str = "png", pages: int | None = None) -> list[bytes]:
    """The pages of ``pdf`` rendered to images by poppler's pdftoppm, as a scanner would give them."""
    with tempfile.TemporaryDirectory(prefix="plans-test-") as folder:
        source = Path(folder) / "plan.pdf"
        source.write_bytes(pdf)
        last = ["-l", str(pages)] if pages else []
        subprocess.run(
            ["pdftoppm", f"-{fmt}", "-gray", "-r", str(dpi), *last, str(source), f"{folder}/page"],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        extension = "jpg" if fmt == "jpeg" else fmt
        return [path.read_bytes() for path in sorted(Path(folder).glob(f"page-*.{extension}"))]


def scanned_pdf(pdf: bytes, dpi: int = 200) -> bytes:
    """Every page of ``pdf`` as an image in a PDF with no text layer: what a scanner makes."""
    scan = pypdfium2.PdfDocument.new()
    for jpeg in page_images(pdf, dpi, "jpeg"):
        image = pypdfium2.PdfImage.new(scan)
        image.load_jpeg(io.BytesIO(jpeg))
        width, height = image.get_px_size()
        page = scan.new_page(width * 72 / dpi, height * 72 / dpi)
        image.set_matrix(pypdfium2.PdfMatrix().scale(width * 72 / dpi, height * 72 / dpi))
        page.insert_obj(image)
        page.gen_content()
    buffer = io.BytesIO()
    scan.save(buffer)
    return buffer.getvalue()


def plain_docx(paragraphs: list[str]) -> bytes:
    """A minimal .docx of plain paragraphs, written directly (python-docx slows down with tens of
    thousands of paragraphs): the package a hostile or very long upload would be."""
    body = "".join(
        f"<w:p><w:r><w:t xml:space=\"preserve\">{escape(text)}</w:t></w:r></w:p>" for text in paragraphs
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {nsdecls("w")}>'
        f"<w:body>{body}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        archive.writestr("word/document.xml", document)
    return buffer.getvalue()
