"""The official-document renderer: reopen the .docx with python-docx and check the decree's format.

Nghị định 30/2020/NĐ-CP, Phụ lục I: A4 portrait, margins, Times New Roman, the header, Số/ký
hiệu, place and date, tên loại and trích yếu, body, Nơi nhận, signature, page numbers, appendices.
No database: the renderer takes plain dataclasses.
"""

from __future__ import annotations

import datetime
import io
import logging
import shutil
import subprocess
import unicodedata
import zipfile

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from binhdang.documents import pdf as pdf_module
from binhdang.documents import writer
from binhdang.documents.formatting import is_number, long_date, short_date
from binhdang.documents.pdf import render_pdf
from binhdang.documents.reminder_letter import LateUnit, reminder_letter
from binhdang.documents.writer import (
    Appendix,
    Bullets,
    Heading,
    Issuer,
    OfficialDocument,
    Paragraph,
    Signature,
    Table,
    document_number,
    render_docx,
)

FONT = "Times New Roman"
ISSUER = Issuer(parent="UBND TỈNH THÁI NGUYÊN", name="Sở Nội vụ")
DEPUTY_DIRECTOR = Signature(
    prefix="KT.", position="PHÓ GIÁM ĐỐC", name="Nguyễn Quốc Hữu", collective="GIÁM ĐỐC"
)
PROVINCIAL = Signature(
    prefix="TM.",
    position="PHÓ CHỦ TỊCH",
    name="Dương Văn Lượng",
    collective="ỦY BAN NHÂN DÂN",
    deputy_for="CHỦ TỊCH",
)
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
HLHPN = "Hội Liên hiệp Phụ nữ tỉnh"
UNITS = [
    LateUnit(MTTQ, "Tổ chức CT-XH", "Chưa gửi", "Bà Lê Thị Hoa, 0912345678"),
    LateUnit(HLHPN, "Tổ chức CT-XH", "Bị trả lại", "Ông Trần Văn Nam, 0208.3855.123"),
    LateUnit("UBND xã Đại Phúc", "UBND cấp xã", "Chưa gửi", "Bà Hoàng Thị Lan"),
]
CONTACT = "đồng chí Nguyễn Thị Hà, Phòng Công tác thanh niên và Bình đẳng giới, điện thoại 0208.3855.123"
SUBJECT_BC = "Kết quả thực hiện công tác bình đẳng giới năm 2026 trên địa bàn tỉnh Thái Nguyên"
LONG_TEXT = (
    "Tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy Đảng, chính quyền, các ngành, đoàn thể trong thực hiện "
    "công tác bình đẳng giới, vì sự tiến bộ của phụ nữ; nâng cao hiệu quả quản lý nhà nước. "
) * 4
LONG_TEXT = LONG_TEXT.strip()
# The printed width of "SỞ NỘI VỤ" in 13-pt bold Times New Roman (measured on Liberation Serif Bold).
ISSUER_NAME_WIDTH_CM = 2.37


def letter(**changes) -> OfficialDocument:
    arguments = {
        "issuer": ISSUER,
        "issuer_code": "SNV",
        "place": "Thái Nguyên",
        "date": datetime.date(2026, 12, 17),
        "year": 2026,
        "period_name": "năm 2026",
        "due_date": datetime.date(2026, 12, 15),
        "consolidation_due": datetime.date(2026, 12, 20),
        "late_units": UNITS,
        "signature": DEPUTY_DIRECTOR,
        "contact": CONTACT,
    } | changes
    return reminder_letter(**arguments)


def report(**changes) -> OfficialDocument:
    arguments = {
        "issuer": ISSUER,
        "kind_code": "BC",
        "number": "12",
        "issuer_code": "SNV",
        "place": "Thái Nguyên",
        "date": datetime.date(2027, 1, 5),
        "year": 2027,
        "kind_title": "Báo cáo",
        "subject": SUBJECT_BC,
        "addressees": ["Bộ Nội vụ"],
        "body": [
            Paragraph("Căn cứ Luật Bình đẳng giới năm 2006;", italic=True),
            Heading("I. Kết quả thực hiện", 1),
            Heading("1. Công tác chỉ đạo, điều hành", 2),
            Heading("a) Ban hành văn bản", 3),
            Paragraph(LONG_TEXT),
            Bullets([f"{HLHPN} tổ chức 25 lớp tập huấn", f"{MTTQ} phối hợp tuyên truyền"]),
            Table(
                header=["STT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch", "Thực hiện"],
                rows=[
                    ["1", "Tỷ lệ nữ đại biểu HĐND", "%", "35", "36,5"],
                    ["2", "Số người được tập huấn", "người", "1.200", "1.345"],
                ],
                total_row=["", "Tổng cộng", "", "1.235", "1.381,5"],
            ),
            Heading("II. Phương hướng năm 2027", 1),
            Paragraph(LONG_TEXT),
            Paragraph(LONG_TEXT),
            Paragraph("Trên đây là báo cáo kết quả thực hiện công tác bình đẳng giới năm 2026./."),
        ],
        "recipients": ["Bộ Nội vụ (để b/c)", "UBND tỉnh (để b/c)", "Lưu: VT, SNV"],
        "signature": PROVINCIAL,
        "appendices": [
            Appendix(
                "Phụ lục I",
                "Số liệu thống kê giới năm 2026",
                "(Kèm theo Báo cáo số 12/BC-SNV ngày 05/01/2027 của Sở Nội vụ)",
                [Table(["STT", "Chỉ tiêu", "Nam", "Nữ"], [["1", "Dân số", "650.123", "655.456"]])],
            )
        ],
    } | changes
    return OfficialDocument(**arguments)


def reopen(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


@pytest.fixture(scope="module")
def letter_docx() -> bytes:
    return render_docx(letter())


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return render_docx(report())


def paragraphs(document) -> list[DocxParagraph]:
    """Every paragraph of the body in document order, table cells included."""
    return [DocxParagraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def find(document, text: str) -> DocxParagraph:
    matches = [p for p in paragraphs(document) if p.text == text]
    assert matches, f"no paragraph {text!r} in {[p.text for p in paragraphs(document)]}"
    return matches[0]


def texts(document) -> list[str]:
    return [p.text for p in paragraphs(document)]


def run_sizes(paragraph: DocxParagraph) -> set[float]:
    return {run.font.size.pt for run in paragraph.runs if run.text}


def header_table(document):
    return document.tables[0]


def closing_table(document):
    return next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")


# --- Page set-up and fonts ---------------------------------------------------------------------


@pytest.mark.parametrize("which", ["letter_docx", "report_docx"])
def test_page_is_a4_portrait_within_the_decree_margins(which: str, request: pytest.FixtureRequest) -> None:
    section = reopen(request.getfixturevalue(which)).sections[0]
    assert abs(section.page_width.mm - 210) < 1
    assert abs(section.page_height.mm - 297) < 1
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert 20 <= round(section.top_margin.mm, 1) <= 25
    assert 20 <= round(section.bottom_margin.mm, 1) <= 25
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20


@pytest.mark.parametrize("which", ["letter_docx", "report_docx"])
def test_times_new_roman_everywhere(which: str, request: pytest.FixtureRequest) -> None:
    document = reopen(request.getfixturevalue(which))
    normal = document.styles["Normal"]
    assert normal.font.name == FONT
    assert 13 <= normal.font.size.pt <= 14
    normal_fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert all(normal_fonts.get(qn(slot)) == FONT for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"))
    # The document defaults carry no theme font, which would win over the explicit face.
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    default_fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert not [name for name in default_fonts.attrib if "heme" in name]
    assert default_fonts.get(qn("w:eastAsia")) == FONT

    section = document.sections[0]
    header_paragraphs = section.header.paragraphs + section.first_page_header.paragraphs
    runs = [run for p in paragraphs(document) + header_paragraphs for run in p.runs]
    assert len(runs) > 40
    for run in runs:
        assert run.font.name in (None, FONT), run.text
        fonts = run._r.rPr.find(qn("w:rFonts"))
        assert fonts is not None, run.text
        assert fonts.get(qn("w:eastAsia")) == FONT, run.text
        assert fonts.get(qn("w:cs")) == FONT, run.text
        assert run.font.color.rgb in (None, docx.shared.RGBColor(0, 0, 0)), run.text


def test_body_paragraphs_are_justified_with_a_first_line_indent(report_docx: bytes) -> None:
    document = reopen(report_docx)
    body = [p for p in paragraphs(document) if p.text == LONG_TEXT]
    assert len(body) == 3
    for paragraph in body:
        form = paragraph.paragraph_format
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert abs(form.first_line_indent - Cm(1.27)) < Cm(0.01)
        assert form.space_after >= Pt(6)
        assert 1.0 <= form.line_spacing <= 1.5
        assert run_sizes(paragraph) == {14}
    bullet = find(document, f"- {HLHPN} tổ chức 25 lớp tập huấn")
    assert bullet.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert find(document, "Căn cứ Luật Bình đẳng giới năm 2006;").runs[0].font.italic


def test_headings(report_docx: bytes) -> None:
    document = reopen(report_docx)
    level1 = find(document, "I. KẾT QUẢ THỰC HIỆN")  # capitals
    assert level1.runs[0].font.bold and not level1.runs[0].font.italic
    assert level1.paragraph_format.keep_with_next
    level2 = find(document, "1. Công tác chỉ đạo, điều hành")
    assert level2.runs[0].font.bold
    level3 = find(document, "a) Ban hành văn bản")
    assert level3.runs[0].font.italic


# --- Header ------------------------------------------------------------------------------------


def test_header_of_a_report(report_docx: bytes) -> None:
    document = reopen(report_docx)
    table = header_table(document)
    left_top = [p for p in table.cell(0, 0).paragraphs if p.text]
    right_top = [p for p in table.cell(0, 1).paragraphs if p.text]
    number = [p for p in table.cell(1, 0).paragraphs if p.text]
    date = [p for p in table.cell(1, 1).paragraphs if p.text]

    assert [p.text for p in left_top] == ["UBND TỈNH THÁI NGUYÊN", "SỞ NỘI VỤ"]
    parent, issuer = left_top
    assert not parent.runs[0].font.bold and not parent.runs[0].font.italic
    assert 12 <= parent.runs[0].font.size.pt <= 13
    assert issuer.runs[0].font.bold and 12 <= issuer.runs[0].font.size.pt <= 13

    assert [p.text for p in right_top] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    national, motto = right_top
    assert national.runs[0].font.bold and 12 <= national.runs[0].font.size.pt <= 13
    assert motto.runs[0].font.bold and 13 <= motto.runs[0].font.size.pt <= 14

    # "Số:" and the place and date share the second row, so they print on the same line.
    assert [p.text for p in number] == ["Số: 12/BC-SNV"]
    assert number[0].runs[0].font.size.pt == 13
    assert [p.text for p in date] == ["Thái Nguyên, ngày 05 tháng 01 năm 2027"]
    assert date[0].runs[0].font.italic and 13 <= date[0].runs[0].font.size.pt <= 14

    order = texts(document)
    assert order.index("UBND TỈNH THÁI NGUYÊN") < order.index("SỞ NỘI VỤ") < order.index("Số: 12/BC-SNV")
    national_at = order.index("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert national_at < order.index("Độc lập - Tự do - Hạnh phúc")
    assert order.index("Độc lập - Tự do - Hạnh phúc") < order.index("Thái Nguyên, ngày 05 tháng 01 năm 2027")


def _rule_width_cm(paragraph: DocxParagraph, column_cm: float) -> float:
    assert paragraph._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:val")) == "single"
    form = paragraph.paragraph_format
    return column_cm - (form.left_indent + form.right_indent) / Cm(1)


def test_short_rules_under_the_agency_and_the_motto(report_docx: bytes) -> None:
    table = header_table(reopen(report_docx))
    margin = 2 * writer.HEADER_CELL_MARGIN_CM
    agency_rule = table.cell(0, 0).paragraphs[-1]
    assert agency_rule.text == ""
    width = _rule_width_cm(agency_rule, writer.HEADER_LEFT_CM - margin)
    assert ISSUER_NAME_WIDTH_CM / 3 <= width <= ISSUER_NAME_WIDTH_CM / 2  # the decree: 1/3 to 1/2
    motto_rule = table.cell(0, 1).paragraphs[-1]
    assert abs(_rule_width_cm(motto_rule, writer.HEADER_RIGHT_CM - margin) - writer.MOTTO_WIDTH_CM) < 0.01


def test_header_tables_are_borderless(report_docx: bytes) -> None:
    document = reopen(report_docx)
    for table in (header_table(document), closing_table(document)):
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_blank_number_and_date_are_left_for_the_clerk() -> None:
    document = reopen(render_docx(letter(date=None)))
    table = header_table(document)
    assert table.cell(1, 1).paragraphs[0].text == "Thái Nguyên, ngày     tháng     năm 2026"
    assert table.cell(1, 0).paragraphs[0].text == "Số:      /SNV"
    assert "Đến nay, còn 03 cơ quan" in "\n".join(texts(document))
    blank_report = reopen(render_docx(report(number=None, date=None, year=2026)))
    assert "Số:      /BC-SNV" in texts(blank_report)
    assert "Thái Nguyên, ngày     tháng     năm 2026" in texts(blank_report)


def test_dates_and_numbers() -> None:
    assert long_date(datetime.date(2027, 1, 5)) == "ngày 05 tháng 01 năm 2027"
    assert long_date(datetime.date(2026, 2, 28)) == "ngày 28 tháng 02 năm 2026"
    assert long_date(datetime.date(2026, 3, 15)) == "ngày 15 tháng 3 năm 2026"
    assert long_date(datetime.date(2026, 12, 9)) == "ngày 09 tháng 12 năm 2026"
    assert long_date(None, 2026) == "ngày     tháng     năm 2026"
    assert short_date(datetime.date(2026, 12, 15)) == "15/12/2026"
    assert short_date(datetime.date(2008, 6, 4)) == "04/6/2008"
    assert short_date(datetime.date(2027, 1, 5)) == "05/01/2027"
    assert document_number(report(number="5")) == "Số: 05/BC-SNV"
    assert document_number(report(number="58/KH-UBND")) == "Số: 58/KH-UBND"
    assert document_number(report(kind_code="KH", kind_title="Kế hoạch")) == "Số: 12/KH-SNV"
    assert document_number(letter(drafting_unit="VP", number="7")) == "Số: 07/SNV-VP"


# --- Title, subject, addressees ----------------------------------------------------------------


def test_title_and_subject_of_a_report(report_docx: bytes) -> None:
    document = reopen(report_docx)
    order = texts(document)
    title = find(document, "BÁO CÁO")
    subject = find(document, SUBJECT_BC)
    assert order.index("BÁO CÁO") + 1 == order.index(SUBJECT_BC)
    for paragraph in (title, subject):
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert paragraph.runs[0].font.bold
        assert 13 <= paragraph.runs[0].font.size.pt <= 14
    rule = paragraphs(document)[order.index(SUBJECT_BC) + 1]
    width = _rule_width_cm(rule, 16.5)
    assert 16.5 / 3 <= width <= 16.5 / 2  # the subject fills a line: 1/3 to 1/2 of it
    addressee = find(document, "Kính gửi: Bộ Nội vụ")
    assert order.index("Kính gửi: Bộ Nội vụ") > order.index(SUBJECT_BC)
    assert run_sizes(addressee) == {14}
    assert "V/v" not in "\n".join(order)


def test_subject_of_a_congvan_goes_under_the_number(letter_docx: bytes) -> None:
    document = reopen(letter_docx)
    number_cell = [p for p in header_table(document).cell(1, 0).paragraphs if p.text]
    assert number_cell[0].text == "Số:      /SNV"
    subject = number_cell[1]
    assert subject.text == "V/v đôn đốc gửi báo cáo kết quả thực hiện công tác bình đẳng giới năm 2026"
    assert subject.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert 12 <= subject.runs[0].font.size.pt <= 13
    assert "BÁO CÁO" not in texts(document)
    kinh_gui = find(document, "Kính gửi: Các cơ quan, đơn vị, địa phương có tên tại danh sách kèm theo.")
    assert kinh_gui.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert reopen(letter_docx).core_properties.title == subject.text


def test_several_addressees_are_listed_under_kinh_gui() -> None:
    document = reopen(render_docx(report(addressees=["Bộ Nội vụ", "UBND tỉnh", "Sở Y tế"])))
    order = texts(document)
    start = order.index("Kính gửi:\t- Bộ Nội vụ;")
    assert order[start + 1 : start + 3] == ["- UBND tỉnh;", "- Sở Y tế."]


# --- Closing: Nơi nhận and signature ------------------------------------------------------------


def test_recipients_and_signature(letter_docx: bytes) -> None:
    table = closing_table(reopen(letter_docx))
    left = [p for p in table.cell(0, 0).paragraphs if p.text]
    label = left[0]
    assert label.text == "Nơi nhận:"
    assert label.runs[0].font.bold and label.runs[0].font.italic and label.runs[0].font.size.pt == 12
    assert label.alignment == WD_ALIGN_PARAGRAPH.LEFT
    items = [p.text for p in left[1:]]
    assert items == ["- Như trên;", "- Lãnh đạo Sở (để b/c);", "- Lưu: VT, SNV."]
    assert all(run_sizes(p) == {11} for p in left[1:])

    right = table.cell(0, 1).paragraphs
    assert [p.text for p in right[:2]] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert [p.text for p in right[2:-1]] == [""] * writer.SIGNING_SPACE_LINES
    assert 4 <= writer.SIGNING_SPACE_LINES <= 5
    assert right[-1].text == "Nguyễn Quốc Hữu"
    for paragraph in right[:2] + right[-1:]:
        assert paragraph.runs[0].font.bold
        assert 13 <= paragraph.runs[0].font.size.pt <= 14
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_signature_lines() -> None:
    assert PROVINCIAL.lines == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert DEPUTY_DIRECTOR.lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    assert Signature("TM.", "Chủ tịch", "A", "Ủy ban nhân dân").lines == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert Signature("Q", "GIÁM ĐỐC", "A").lines == ["Q. GIÁM ĐỐC"]
    assert Signature(None, "GIÁM ĐỐC", "A").lines == ["GIÁM ĐỐC"]


def test_three_line_provincial_signature_is_printed(report_docx: bytes) -> None:
    right = [p.text for p in closing_table(reopen(report_docx)).cell(0, 1).paragraphs if p.text]
    assert right == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Dương Văn Lượng"]


# --- Tables ------------------------------------------------------------------------------------


def test_late_units_table(letter_docx: bytes) -> None:
    document = reopen(letter_docx)
    table = next(t for t in document.tables if t.cell(0, 0).text == "STT")
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Tên cơ quan, đơn vị",
        "Loại",
        "Tình trạng",
        "Liên hệ",
    ]
    assert [row.cells[1].text for row in table.rows[1:]] == [unit.name for unit in UNITS]
    assert [row.cells[0].text for row in table.rows[1:]] == ["1", "2", "3"]
    assert all(row.cells[0].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER for row in table.rows[1:])
    # A telephone number is not a quantity: it stays left-aligned.
    assert table.cell(1, 4).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    assert all(run.font.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}


def test_number_cells_are_right_aligned(report_docx: bytes) -> None:
    document = reopen(report_docx)
    table = next(t for t in document.tables if t.cell(0, 1).text == "Chỉ tiêu" and len(t.columns) == 5)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    assert table.cell(1, 4).text == "36,5" and table.cell(1, 4).paragraphs[0].alignment == right
    assert table.cell(2, 3).text == "1.200" and table.cell(2, 3).paragraphs[0].alignment == right
    assert table.cell(1, 1).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.LEFT
    total = table.rows[-1]
    assert total.cells[1].text == "Tổng cộng"
    assert all(run.font.bold for cell in total.cells for run in cell.paragraphs[0].runs)
    assert total.cells[4].paragraphs[0].alignment == right
    widths = [Cm(w) for w in [1.2] + [3.825] * 4]
    assert all(abs(cell.width - w) < Cm(0.02) for cell, w in zip(table.rows[1].cells, widths, strict=True))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234", True),
        ("1.234.567,5", True),
        ("12,5", True),
        ("12.5", True),
        ("-3", True),
        ("45%", True),
        ("0", True),
        ("0,5", True),
        ("05", True),
        ("", False),
        ("Tổng cộng", False),
        ("0912345678", False),
        ("15/12/2026", False),
        ("1 234", False),
        ("12,5 ha", False),
    ],
)
def test_is_number(text: str, expected: bool) -> None:
    assert is_number(text) is expected


def test_a_row_longer_than_the_header_is_refused() -> None:
    with pytest.raises(ValueError, match="cells for 2 columns"):
        render_docx(report(body=[Table(["A", "B"], [["1", "2", "3"]])]))
    with pytest.raises(ValueError, match="level"):
        render_docx(report(body=[Heading("Điểm", 4)]))


# --- Text fidelity -----------------------------------------------------------------------------


def test_diacritics_round_trip_exactly_in_nfc() -> None:
    decomposed = [
        LateUnit(unicodedata.normalize("NFD", MTTQ), "Tổ chức CT-XH", "Chưa gửi", "—"),
        LateUnit(unicodedata.normalize("NFD", HLHPN), "Tổ chức CT-XH", "Bị trả lại", "—"),
    ]
    data = render_docx(letter(late_units=decomposed))
    all_text = "\n".join(texts(reopen(data)))
    assert MTTQ in all_text
    assert HLHPN in all_text
    assert "Nguyễn Quốc Hữu" in all_text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert unicodedata.is_normalized("NFC", xml)
    assert MTTQ in xml and HLHPN in xml


def test_control_characters_do_not_break_the_file() -> None:
    document = reopen(render_docx(report(subject="Báo cáo\x0b kết quả\x00")))
    assert "Báo cáo kết quả" in texts(document)


# --- Page numbers and properties ---------------------------------------------------------------


@pytest.mark.parametrize("which", ["letter_docx", "report_docx"])
def test_page_numbers_from_page_two(which: str, request: pytest.FixtureRequest) -> None:
    document = reopen(request.getfixturevalue(which))
    section = document.sections[0]
    assert section._sectPr.find(qn("w:titlePg")) is not None
    assert section.different_first_page_header_footer
    default = section.header
    assert not default.is_linked_to_previous
    instructions = [node.text for node in default._element.iter(qn("w:instrText"))]
    assert [text.strip() for text in instructions] == ["PAGE"]
    number = default.paragraphs[0]
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert run_sizes(number) <= {13, 14}
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(qn("w:instrText")))
    assert not any(p.text for p in first.paragraphs)


def test_core_properties(report_docx: bytes) -> None:
    properties = reopen(report_docx).core_properties
    assert properties.title == SUBJECT_BC
    assert properties.author == "Sở Nội vụ"
    assert properties.language == "vi-VN"
    assert properties.identifier == "12/BC-SNV"
    assert "python-docx" not in (properties.comments or "")
    with zipfile.ZipFile(io.BytesIO(report_docx)) as archive:
        assert not [name for name in archive.namelist() if "thumbnail" in name]


# --- Appendices --------------------------------------------------------------------------------


def test_appendix_on_a_new_page(report_docx: bytes) -> None:
    document = reopen(report_docx)
    order = texts(document)
    title = find(document, "Phụ lục I")
    assert title.paragraph_format.page_break_before
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.runs[0].font.bold and title.runs[0].font.size.pt == 14
    subtitle = paragraphs(document)[order.index("Phụ lục I") + 1]
    assert subtitle.text == "Số liệu thống kê giới năm 2026" and subtitle.runs[0].font.bold
    note = paragraphs(document)[order.index("Phụ lục I") + 2]
    assert note.text.startswith("(Kèm theo Báo cáo số 12/BC-SNV")
    assert note.runs[0].font.italic
    assert order.index("Phụ lục I") > order.index("Dương Văn Lượng")
    appendix_table = document.tables[-1]
    assert appendix_table.cell(1, 2).text == "650.123"
    assert appendix_table.cell(1, 2).paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_landscape_appendix_gets_its_own_section() -> None:
    wide = Appendix(
        "Phụ lục II",
        "Biểu tổng hợp",
        "Kèm theo Báo cáo số 12/BC-SNV",
        [Table(["STT"] + [f"Cột {i}" for i in range(12)], [["1"] + [str(i * 100) for i in range(12)]])],
        landscape=True,
    )
    document = reopen(render_docx(report(appendices=[*report().appendices, wide])))
    first, second = document.sections
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert second.orientation == WD_ORIENT.LANDSCAPE
    assert abs(second.page_width.mm - 297) < 1 and abs(second.page_height.mm - 210) < 1
    assert second._sectPr.find(qn("w:titlePg")) is None  # the page number shows on its first page
    assert second.header.is_linked_to_previous
    assert "(Kèm theo Báo cáo số 12/BC-SNV)" in texts(document)
    assert abs(sum(c.width for c in document.tables[-1].rows[0].cells) - Cm(25.2)) < Cm(0.1)


# --- The reminder letter's content -------------------------------------------------------------


def test_reminder_letter_content(letter_docx: bytes) -> None:
    document = reopen(letter_docx)
    text = "\n".join(texts(document))
    assert "Thực hiện Kế hoạch" in text
    assert "về UBND tỉnh (qua Sở Nội vụ) chậm nhất ngày 15/12/2026" in text
    assert "trước ngày 20/12/2026" in text
    assert "Đến ngày 17/12/2026, còn 03 cơ quan, đơn vị, địa phương chưa gửi báo cáo" in text
    assert "trong thời hạn 02 ngày làm việc" in text
    assert CONTACT in text
    body = [p for p in paragraphs(document) if p.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY]
    assert body[-1].text.endswith("./.")
    assert body[-1].paragraph_format.keep_with_next


def test_reminder_letter_options() -> None:
    doc = letter(
        late_units=UNITS[1:2],
        reply_by=datetime.date(2026, 12, 19),
        plan_reference="Kế hoạch số 58/KH-UBND ngày 10/4/2026 của UBND tỉnh",
        drafting_unit="CTTN&BĐG",
        period_name="Năm 2026",
        contact=None,
    )
    assert doc.addressees == [HLHPN]
    assert doc.recipients[-1] == "Lưu: VT, CTTN&BĐG"
    assert doc.subject.endswith("công tác bình đẳng giới năm 2026")
    document = reopen(render_docx(doc))
    text = "\n".join(texts(document))
    assert f"Kính gửi: {HLHPN}" in text
    assert "Thực hiện Kế hoạch số 58/KH-UBND ngày 10/4/2026 của UBND tỉnh," in text
    assert "(tình trạng: bị trả lại)" in text
    assert "chậm nhất ngày 19/12/2026" in text
    assert "liên hệ" not in text
    assert "Số:      /SNV-CTTN&BĐG" in text
    assert not [t for t in document.tables if t.cell(0, 0).text == "STT"]  # one unit: no list
    with pytest.raises(ValueError, match="late unit"):
        letter(late_units=[])


# --- PDF -----------------------------------------------------------------------------------------


def test_pdf_without_libreoffice(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(pdf_module, "find_libreoffice", lambda: None)
    with caplog.at_level(logging.WARNING, logger="binhdang.documents.pdf"):
        assert render_pdf(b"PK") is None
    assert "LibreOffice is not installed" in caplog.text


def test_pdf_with_libreoffice(letter_docx: bytes, tmp_path) -> None:
    if pdf_module.find_libreoffice() is None:
        pytest.skip(
            "LibreOffice is not installed: apt-get install libreoffice-writer-nogui fonts-liberation2 "
            "to check the PDF conversion."
        )
    pdf = render_pdf(letter_docx)
    assert pdf is not None and pdf.startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Nguyễn Quốc Hữu" in text
    words = " ".join(text.split())  # table cells wrap: compare with the line breaks folded
    assert HLHPN in words
    assert "Ủy ban Mặt trận Tổ quốc Việt" in words


def test_failed_conversion_raises(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A converter that exits with an error (a stand-in script) gives PdfConversionError."""
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\necho broken >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_libreoffice", lambda: str(fake))
    with pytest.raises(pdf_module.PdfConversionError):
        render_pdf(b"PK")


def test_conversion_timeout_kills_the_converter(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    monkeypatch.setattr(pdf_module, "find_libreoffice", lambda: str(fake))
    with pytest.raises(pdf_module.PdfConversionError):
        render_pdf(b"PK", timeout=0.5)


# --- Well-formed for Word ------------------------------------------------------------------------

# Word refuses a file whose property elements are out of the schema's order (ECMA-376 sequences).
SEQUENCES = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "ins del moveFrom moveTo rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow "
    "emboss imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath",
    "tblPr": "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription",
    "trPr": "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader tblCellSpacing "
    "jc hidden ins del trPrChange",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
    "hideMark",
    "sectPr": "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter docGrid "
    "printerSettings sectPrChange",
}


def test_property_elements_are_in_schema_order(report_docx: bytes) -> None:
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(io.BytesIO(report_docx)) as archive:
        parts = [name for name in archive.namelist() if name.startswith("word/") and name.endswith(".xml")]
        checked = 0
        for name in parts:
            root = etree.fromstring(archive.read(name))
            for kind, sequence in SEQUENCES.items():
                order = {tag: i for i, tag in enumerate(sequence.split())}
                for element in root.iter(f"{w}{kind}"):
                    tags = [child.tag.removeprefix(w) for child in element if child.tag.startswith(w)]
                    positions = [order.get(tag, -1) for tag in tags]
                    assert -1 not in positions, (name, kind, tags)
                    assert positions == sorted(positions), (name, kind, tags)
                    checked += 1
    assert checked > 100
