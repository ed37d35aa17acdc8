"""The provincial report's renderers: the .docx in the decree's format, the PDF and the .xlsx annex
show the same numbers as the ConsolidatedReport they are given. No database: the report is built
by hand."""

from __future__ import annotations

import datetime
import io
import re
import shutil
import subprocess
import time
import unicodedata
from decimal import Decimal

import docx
import openpyxl
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph as DocxParagraph

from binhdang.analytics.report import (
    CompletenessSummary,
    ConsolidatedReport,
    DimensionTotals,
    ElementTotal,
    IndicatorResult,
    OptionTotal,
    PlanSectionSummary,
    SectionTotals,
    TaskSummary,
    UnitInfo,
    UnitStatus,
)
from binhdang.documents import formatting
from binhdang.documents.annex import render_report_xlsx
from binhdang.documents.formatting import vn_change, vn_number
from binhdang.documents.pdf import find_libreoffice
from binhdang.documents.provincial_report import (
    kind_group_totals,
    render_report_docx,
    render_report_pdf,
)

D = Decimal
INJECTION = "=cmd|' /C calc'!A0"
AREA_1 = (
    "Xây dựng, ban hành, tổ chức thực hiện văn bản quy phạm pháp luật về bình đẳng giới; thực hiện "
    "lồng ghép vấn đề bình đẳng giới trong xây dựng và triển khai chính sách, kế hoạch phát triển "
    "kinh tế - xã hội"
)
AREA_2 = (
    "Triển khai hiệu quả các chương trình, đề án về bình đẳng giới; công tác phòng ngừa, ứng phó với "
    "bạo lực trên cơ sở giới"
)
AREA_4 = "Công tác thông tin, tuyên truyền, giáo dục về bình đẳng giới"
SUBJECT = (
    "Kết quả thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2026 "
    "trên địa bàn tỉnh Thái Nguyên"
)
# An NFD unit name: the documents must print it in NFC.
NFD_COMMUNE = unicodedata.normalize("NFD", "UBND xã Đại Phúc")

UNITS = [
    UnitInfo("SNV", "Sở Nội vụ", "department"),
    UnitInfo("SYT", "Sở Y tế", "department"),
    UnitInfo("HLHPN", "Hội Liên hiệp Phụ nữ tỉnh", "mass_org"),
    UnitInfo("X01", NFD_COMMUNE, "commune"),
    UnitInfo("X02", "UBND xã Phú Lạc", "commune"),
    UnitInfo("X03", "UBND xã Yên Trạch", "commune"),
    UnitInfo("P01", "UBND phường Phan Đình Phùng", "ward"),
    UnitInfo("P02", "UBND phường Gia Sàng", "ward"),
]


def sex(male: str, female: str) -> DimensionTotals:
    return DimensionTotals(
        "sex", "Giới tính", [OptionTotal("M", "Nam", D(male)), OptionTotal("F", "Nữ", D(female))]
    )


def element(code: str, label: str, unit: str, total: str | None, **kwargs) -> ElementTotal:
    arguments = {
        "code": code,
        "label": label,
        "unit": unit,
        "value_type": "integer",
        "aggregation": "sum",
        "total": None if total is None else D(total),
        "reporting_units": 8,
    } | kwargs
    return ElementTotal(**arguments)


SECTIONS = [
    SectionTotals(
        "1",
        "Chỉ đạo, điều hành; lồng ghép vấn đề bình đẳng giới trong văn bản, chính sách",
        [
            element(
                "DIR_DOCS",
                "Số văn bản chỉ đạo, điều hành về bình đẳng giới đã ban hành",
                "văn bản",
                "1234",
                by_kind={
                    "department": D(34),
                    "mass_org": D(200),
                    "commune": D(700),
                    "ward": D(300),
                },
                by_unit={
                    "SNV": D(20),
                    "SYT": D(14),
                    "HLHPN": D(200),
                    "X01": D(300),
                    "X02": D(400),
                    "P01": D(300),
                },
                previous=D(1000),
            ),
            element(
                "DIR_LEGAL_MAINSTREAMED",
                "Trong đó: số dự thảo có lồng ghép vấn đề bình đẳng giới",
                "văn bản",
                "5",
                by_kind={"department": D(5)},
                by_unit={"SNV": D(5)},
            ),
            element("DIR_LEGAL_GIA", "Trong đó: số dự thảo có đánh giá tác động giới", "văn bản", None),
        ],
    ),
    SectionTotals(
        "5",
        "Thông tin, truyền thông, giáo dục về bình đẳng giới",
        [
            element(
                "COMM_CONFERENCES",
                "Số hội nghị, tọa đàm, buổi nói chuyện chuyên đề về bình đẳng giới",
                "cuộc",
                "245",
                by_kind={"department": D(45), "commune": D(150), "ward": D(50)},
                by_unit={"SNV": D(45), "X01": D(100), "X02": D(50), "P01": D(50)},
            ),
            element(
                "COMM_PARTICIPANTS",
                "Số lượt người tham gia các hoạt động truyền thông trực tiếp",
                "lượt người",
                "12345",
                by_dimension=[sex("4455", "7890")],
                by_kind={"department": D(2345), "commune": D(8000), "ward": D(2000)},
                by_unit={"SNV": D(2345), "X01": D(8000), "P02": D(2000)},
                previous=D(13000),
            ),
            element(
                "CMT_EXISTS",
                "Đơn vị có Ban Vì sự tiến bộ của phụ nữ đã được thành lập, kiện toàn",
                "",
                "6",
                value_type="boolean",
                by_kind={"department": D(2), "commune": D(3), "ward": D(1)},
                by_unit={"SNV": D(1), "SYT": D(1), "X01": D(1), "X02": D(1), "X03": D(1), "P01": D(1)},
            ),
        ],
    ),
    SectionTotals(
        "8",
        "Phòng ngừa, ứng phó với bạo lực trên cơ sở giới; hỗ trợ nạn nhân",
        [
            element(
                "GBV_CASES",
                "Số người bị bạo lực gia đình, bạo lực trên cơ sở giới được phát hiện",
                "người",
                "87",
                by_dimension=[sex("12", "70"), DimensionTotals("age_band", "Nhóm tuổi", [])],
                by_kind={"commune": D(60), "ward": D(27)},
                by_unit={"X01": D(60), "P01": D(27)},
            ),
        ],
    ),
    SectionTotals(
        "12",
        "Kinh phí cho hoạt động bình đẳng giới và vì sự tiến bộ của phụ nữ",
        [
            element(
                "BUDGET_SPENT",
                "Kinh phí đã thực hiện (chi) cho công tác bình đẳng giới",
                "đồng",
                "1500000000",
                value_type="money",
                by_kind={"department": D(1500000000)},
                by_unit={"SNV": D(1500000000)},
            ),
        ],
    ),
    SectionTotals(
        "13",
        "Số liệu thống kê của ngành y tế (Sở Y tế)",
        [
            element(
                "STAT_SRB",
                "Tỷ số giới tính khi sinh",
                "bé trai/100 bé gái",
                "112.35",
                value_type="decimal",
                aggregation="average",
                by_kind={"department": D("112.35")},
                by_kind_units={"department": 1},
                by_unit={"SYT": D("112.35")},
            ),
            element(
                "STAT_BIRTHS",
                "Số trẻ sinh sống trong năm",
                "trẻ",
                "15000",
                by_dimension=[sex("7900", "7000")],
                by_kind={"department": D(15000)},
                by_unit={"SYT": D(15000)},
                previous=D(15500),
            ),
        ],
    ),
]

INDICATORS = [
    IndicatorResult(
        "NQ28_MT3_2A",
        "Tỷ lệ người bị bạo lực được tiếp cận ít nhất một dịch vụ hỗ trợ cơ bản",
        "%",
        "E(GBV_SUPPORT_ANY) / E(GBV_CASES) × 100 = 76 / 87 × 100",
        D("87.4"),
        2030,
        D(90),
        "higher",
        "behind",
        "Chưa đạt",
        "Nghị quyết 28/NQ-CP ngày 03/3/2021",
    ),
    IndicatorResult(
        "NQ28_MT4_1",
        "Tỷ số giới tính khi sinh",
        "bé trai/100 bé gái",
        "E(STAT_BIRTHS, sex=M) / E(STAT_BIRTHS, sex=F) × 100",
        D("112.9"),
        2030,
        D(109),
        "lower",
        "behind",
        "Chưa đạt",
        "Nghị quyết 28/NQ-CP ngày 03/3/2021",
    ),
    IndicatorResult(
        "QD2282_PIPELINE",
        "Tỷ lệ nữ trong quy hoạch lãnh đạo, quản lý các cấp",
        "%",
        "E(STAT_PIPELINE, sex=F) / E(STAT_PIPELINE) × 100",
        D("52.5"),
        2030,
        D(50),
        "higher",
        "achieved",
        "Đạt",
        "Quyết định 2282/QĐ-TTg ngày 31/12/2020",
    ),
    IndicatorResult(
        "NQ28_MT2_3",
        "Tỷ lệ nữ giám đốc/chủ doanh nghiệp, hợp tác xã",
        "%",
        "(E(STAT_ENTERPRISES_WOMEN) + E(STAT_COOPS_WOMEN)) / (E(STAT_ENTERPRISES) + E(STAT_COOPS)) × 100",
        None,
        2030,
        D(30),
        "higher",
        "no_data",
        "Chưa có số liệu",
        "Nghị quyết 28/NQ-CP ngày 03/3/2021",
    ),
]


def task(
    code: str, text: str, statuses: list[tuple[str, str]], notes: dict[str, str] | None = None
) -> TaskSummary:
    names = {unit.code: unit.name for unit in UNITS}
    units = [UnitStatus(c, names[c], status, (notes or {}).get(c, "")) for c, status in statuses]
    counts = {"not_started": 0, "in_progress": 0, "done": 0, "not_applicable": 0}
    for _code, status in statuses:
        counts[status] += 1
    return TaskSummary(code, text, counts, units)


LONG_NOTE = "Tổ chức hội nghị tuyên truyền Luật Bình đẳng giới cho cán bộ, hội viên và nhân dân. " * 8
ALL_UNITS_DONE = [(unit.code, "done") for unit in UNITS]
PLAN_SECTIONS = [
    PlanSectionSummary(
        "1",
        AREA_1,
        [
            task(
                "IV.6.1",
                "Tham gia góp ý, thẩm định dự thảo các văn bản quy phạm pháp luật của địa phương có nội dung "
                "liên quan đến bình đẳng giới",
                [("SNV", "done"), ("SYT", "in_progress"), ("X01", "not_started")],
                {"SNV": "Đã thẩm định 05 dự thảo có lồng ghép giới.", "SYT": "Đang góp ý 02 dự thảo."},
            )
        ],
    ),
    PlanSectionSummary(
        "2",
        AREA_2,
        [task("IV.4.2", "Chỉ đạo triển khai các dịch vụ chăm sóc sức khỏe sinh sản", [("SYT", "done")])],
    ),
    PlanSectionSummary(
        "4",
        AREA_4,
        [
            task(
                "IV.18",
                "Tổ chức tuyên truyền về bình đẳng giới trên hệ thống thông tin cơ sở",
                ALL_UNITS_DONE[:-1] + [("P02", "not_applicable")],
                {
                    "SNV": "Phát hành 2.000 tờ gấp.",
                    "X01": LONG_NOTE,
                    "X02": INJECTION,
                    "X03": "Tổ chức 03 buổi sinh hoạt\ncâu lạc bộ.",
                    "P01": "Treo 10 băng rôn.",
                    "HLHPN": "Tổ chức 12 hội nghị.",
                },
            ),
            task("IV.19", "Tổ chức Tháng hành động vì bình đẳng giới", []),
        ],
    ),
    PlanSectionSummary("", "Other tasks", [task("IV.20", "Nhiệm vụ khác", [("SNV", "done")])]),
]


def make_report(**changes) -> ConsolidatedReport:
    arguments = {
        "period_code": "2026",
        "period_name": "Năm 2026",
        "covers_from": datetime.date(2026, 1, 1),
        "covers_to": datetime.date(2026, 12, 15),
        "due_date": datetime.date(2026, 12, 15),
        "consolidation_due": datetime.date(2026, 12, 20),
        "root_code": "19",
        "root_name": "Tỉnh Thái Nguyên",
        "provisional": False,
        "generated_at": datetime.datetime(2026, 12, 18, 2, 30, tzinfo=datetime.UTC),
        "completeness": CompletenessSummary(
            expected=8, sent=6, accepted=5, on_time=4, late=3, missing=2, returned=1, rate=75.0
        ),
        "sections": SECTIONS,
        "indicators": INDICATORS,
        "plan_title": SUBJECT.replace("Kết quả thực hiện", "Thực hiện"),
        "plan_number": "58/KH-UBND",
        "plan_sections": PLAN_SECTIONS,
        "units": UNITS,
        "previous_period_name": "Năm 2025",
    } | changes
    return ConsolidatedReport(**arguments)


REPORT = make_report()


@pytest.fixture(scope="module")
def report_docx() -> bytes:
    return render_report_docx(REPORT)


@pytest.fixture(scope="module")
def document(report_docx: bytes):
    return docx.Document(io.BytesIO(report_docx))


@pytest.fixture(scope="module")
def workbook():
    return openpyxl.load_workbook(io.BytesIO(render_report_xlsx(REPORT)))


def paragraphs(document) -> list[DocxParagraph]:
    """Every paragraph in document order, table cells included."""
    return [DocxParagraph(p, document._body) for p in document.element.body.iter(qn("w:p"))]


def texts(document) -> list[str]:
    return [p.text for p in paragraphs(document)]


def find(document, text: str) -> DocxParagraph:
    matches = [p for p in paragraphs(document) if p.text == text]
    assert matches, f"no paragraph {text!r}"
    return matches[0]


def table_with_header(document, first: str, second: str):
    for table in document.tables:
        header = [cell.text for cell in table.rows[0].cells]
        if header[:2] == [first, second]:
            return table
    raise AssertionError(f"no table headed {first!r}, {second!r}")


def rows_of(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows[1:]]


def all_text(document) -> str:
    return "\n".join(texts(document))


# --- Numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D(0), "0"),
        (D(12), "12"),
        (D(1234), "1.234"),
        (D("1234.5"), "1.234,5"),
        (D("1234567.891"), "1.234.567,89"),
        (D("0.25"), "0,25"),
        (D("-1234"), "-1.234"),
        (D("12.00"), "12"),
        (D("2.999"), "3"),
        (75.0, "75"),
        (87.6, "87,6"),
        (None, ""),
    ],
)
def test_vietnamese_numbers(value, expected: str) -> None:
    assert vn_number(value) == expected


def test_signed_changes() -> None:
    assert vn_change(D(1234)) == "+1.234"
    assert vn_change(D(-56)) == "-56"
    assert vn_change(D(0)) == "0"
    assert vn_change(None) == ""
    assert formatting.is_number("+1.234") and formatting.is_number("1.234,5")


def test_kind_groups_use_the_units_kinds() -> None:
    docs = REPORT.element("DIR_DOCS")
    assert kind_group_totals(docs) == {"Sở, ban, ngành": D(234), "Xã, phường": D(1000)}
    # An average is recomputed from the units' own figures, not summed.
    srb = REPORT.element("STAT_SRB")
    assert kind_group_totals(srb) == {"Sở, ban, ngành": D("112.35"), "Xã, phường": None}
    # Communes averaging 10 over two units and wards 40 over one: the group's average is 20, not 25.
    mixed = element(
        "AVG",
        "Trung bình",
        "",
        "20",
        aggregation="average",
        by_kind={"commune": D(10), "ward": D(40)},
        by_kind_units={"commune": 2, "ward": 1},
    )
    assert kind_group_totals(mixed) == {"Sở, ban, ngành": None, "Xã, phường": D(20)}


# --- The .docx in the decree's format ----------------------------------------------------------


def test_page_and_font(document) -> None:
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 1 and abs(section.page_height.mm - 297) < 1
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert 20 <= round(section.top_margin.mm, 1) <= 25
    assert 20 <= round(section.bottom_margin.mm, 1) <= 25
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    # Phụ lục I is landscape, Phụ lục II portrait again; every section keeps the margins.
    orientations = [s.orientation for s in document.sections]
    assert orientations == [WD_ORIENT.PORTRAIT, WD_ORIENT.LANDSCAPE, WD_ORIENT.PORTRAIT]
    for part in document.sections:
        assert 30 <= round(part.left_margin.mm, 1) <= 35


def test_header_lines(document) -> None:
    header = document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = [p.text for p in header.cell(0, 1).paragraphs if p.text]
    assert left == ["ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN"]
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number = [p.text for p in header.cell(1, 0).paragraphs if p.text]
    assert len(number) == 1 and number[0].startswith("Số:") and number[0].endswith("/BC-UBND")
    assert re.fullmatch(r"Số:\s+/BC-UBND", number[0])  # left blank for the clerk
    date = [p.text for p in header.cell(1, 1).paragraphs if p.text]
    assert date == ["Thái Nguyên, ngày     tháng     năm 2026"]


def test_title_subject_and_addressee(document) -> None:
    title = find(document, "BÁO CÁO")
    assert title.runs[0].font.bold
    find(
        document,
        SUBJECT,
    )
    find(document, "Kính gửi: Bộ Nội vụ.")


def test_indicator_table_has_every_value_and_the_formulas(document) -> None:
    table = table_with_header(document, "STT", "Chỉ tiêu")
    assert [cell.text for cell in table.rows[0].cells] == [
        "STT",
        "Chỉ tiêu",
        "Kết quả",
        "Mục tiêu (năm)",
        "Đánh giá",
    ]
    rows = rows_of(table)
    assert len(rows) == len(INDICATORS)
    for row, indicator in zip(rows, INDICATORS, strict=True):
        assert row[2] == vn_number(indicator.value)
        assert row[4] == indicator.status_label
    assert rows[0][2] == "87,4" and rows[0][3] == "≥ 90 (2030)"
    assert rows[1][3] == "≤ 109 (2030)"
    assert rows[3][2] == ""
    text = all_text(document)
    for indicator in INDICATORS:
        assert indicator.formula in text


def test_assessment_is_computed(document) -> None:
    text = all_text(document)
    assert "01/04 chỉ tiêu đạt mục tiêu (chỉ tiêu (3) tại Mục II)" in text
    assert "02/04 chỉ tiêu chưa đạt mục tiêu" in text
    assert "01/04 chỉ tiêu chưa có đủ số liệu để đánh giá" in text
    assert "Còn 02/08 đơn vị chưa gửi báo cáo" in text
    assert "02 đơn vị gửi báo cáo sau thời hạn quy định" in text
    # 13 unit-task results, one not applicable: 10 done of 12.
    assert "10/12 lượt nhiệm vụ được giao đã được các đơn vị báo cáo hoàn thành (83,3%)" in text
    # 87 = 12 + 70 + 5 reported without a split; 15.000 = 7.900 + 7.000 + 100.
    assert "Số liệu phân tách theo giới tính chưa đầy đủ ở 02 chỉ tiêu" in text


def test_recipients_and_signature(document) -> None:
    closing = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    recipients = [p.text for p in closing.cell(0, 0).paragraphs if p.text]
    assert recipients == [
        "Nơi nhận:",
        "- Như trên;",
        "- Thường trực Tỉnh ủy;",
        "- Thường trực HĐND tỉnh;",
        "- Chủ tịch và các PCT UBND tỉnh;",
        "- Sở Nội vụ;",
        "- Lưu: VT, NC.",
    ]
    signature = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signature == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]  # the name is left to sign


def test_appendix_two_completeness(document) -> None:
    find(document, "Phụ lục II")
    table = table_with_header(document, "STT", "Nội dung")
    rows = rows_of(table)
    assert rows[0][1:] == ["Số cơ quan, đơn vị, địa phương phải báo cáo", "8", "100"]
    assert rows[1][1:] == ["Số đơn vị đã gửi báo cáo", "6", "75"]
    assert rows[3][1:] == ["Trong đó: gửi sau thời hạn", "2", "25"]
    kinds = rows_of(table_with_header(document, "STT", "Loại đơn vị"))
    assert kinds[0] == ["1", "Sở, ban, ngành", "2", "2", "100"]
    assert kinds[-1] == ["", "Tổng cộng", "8", "8", "100"]


def test_diacritics_are_nfc(document) -> None:
    for text in texts(document):
        assert unicodedata.is_normalized("NFC", text), text
    text = all_text(document)
    assert "UBND xã Đại Phúc" in text
    assert NFD_COMMUNE not in text
    for word in ("ỦY BAN NHÂN DÂN", "Độc lập - Tự do - Hạnh phúc", "Phụ lục", "Kính gửi", "phường"):
        assert word in text


def test_pdf(report_docx: bytes, tmp_path) -> None:
    if find_libreoffice() is None:
        pytest.skip(
            "LibreOffice is not installed: apt-get install libreoffice-writer-nogui to check the PDF."
        )
    started = time.monotonic()
    pdf = render_report_pdf(REPORT)
    elapsed = time.monotonic() - started
    assert pdf is not None and pdf.startswith(b"%PDF")
    print(f"LibreOffice converted the provincial report in {elapsed:.1f} s")
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        return
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run([pdftotext, str(path), "-"], capture_output=True, check=True, text=True).stdout
    assert "BÁO CÁO" in text
    first = REPORT.elements()[0]
    assert vn_number(first.total) in text
    assert "ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN" in " ".join(text.split())


# --- The .xlsx annex ---------------------------------------------------------------------------


def test_xlsx_sheets(workbook) -> None:
    assert workbook.sheetnames == ["Tổng hợp", "Theo đơn vị", "Chỉ tiêu", "Nhiệm vụ", "Gửi báo cáo"]
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes is not None
        assert all(cell.font.bold for cell in sheet[1] if cell.value is not None)


def test_xlsx_summary_holds_the_same_numbers(workbook) -> None:
    sheet = workbook["Tổng hợp"]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["Mục", "Chỉ tiêu", "Đơn vị tính", "Tổng số", "Nam", "Nữ"]  # no code column
    assert header[6:10] == ["Sở, ban, ngành", "Xã, phường", "Năm 2025", "Tăng/giảm"]
    rows = {row[1].value: row for row in sheet.iter_rows(min_row=2)}
    assert set(rows) == {e.label for e in REPORT.elements()}
    for element in REPORT.elements():
        row = rows[element.label][1:]  # the columns after "Mục", as they were before the code left
        row = (None, None, *row)
        total = row[4]
        if element.total is None:
            assert total.value is None
            continue
        assert total.data_type == "n" and isinstance(total.value, int | float)
        assert D(str(total.value)) == element.total
        assert total.number_format in ("#,##0", "#,##0.0#")
        split = element.dimension("sex")
        if split is not None:
            assert row[5].value == split.as_dict()["M"] and row[6].value == split.as_dict()["F"]
        if element.previous is not None:
            assert D(str(row[9].value)) == element.previous
            assert D(str(row[10].value)) == element.change
    label = {e.code: e.label for e in REPORT.elements()}
    assert rows[label["COMM_PARTICIPANTS"]][3].number_format == "#,##0"
    assert rows[label["STAT_SRB"]][3].number_format == "#,##0.0#"
    assert rows[label["DIR_DOCS"]][6].value == 234 and rows[label["DIR_DOCS"]][7].value == 1000


def test_xlsx_by_unit_and_indicators(workbook) -> None:
    sheet = workbook["Theo đơn vị"]
    heads = [cell.value for cell in sheet[1][2:]]  # each figure by its name and unit, never its code
    expected = [e for e in REPORT.elements() if e.total is not None]
    assert heads == [f"{e.label} ({e.unit})" if e.unit else e.label for e in expected]
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert list(rows) == [unit.name for unit in UNITS]
    assert rows["UBND xã Phú Lạc"][1].value == "Xã"
    assert rows["UBND xã Phú Lạc"][2].value == 400 and rows["UBND xã Yên Trạch"][2].value is None
    assert NFD_COMMUNE in rows  # kept as given
    indicators = workbook["Chỉ tiêu"]
    values = [row[3].value for row in indicators.iter_rows(min_row=2)]
    assert values == [87.4, 112.9, 52.5, None]
    assert [row[6].value for row in indicators.iter_rows(min_row=2)] == [i.status_label for i in INDICATORS]


def test_xlsx_completeness(workbook) -> None:
    sheet = workbook["Gửi báo cáo"]
    assert [sheet.cell(row=2, column=c).value for c in (1, 2, 3)] == [
        "Số cơ quan, đơn vị, địa phương phải báo cáo",
        8,
        100,
    ]
    assert [sheet.cell(row=3, column=c).value for c in (1, 2, 3)] == ["Số đơn vị đã gửi báo cáo", 6, 75]


def test_formula_injection_stays_text(workbook) -> None:
    sheet = workbook["Nhiệm vụ"]
    notes = [row[4] for row in sheet.iter_rows(min_row=2) if row[4].value == INJECTION]
    assert len(notes) == 1
    cell = notes[0]
    assert cell.data_type == "s"
    assert cell.quotePrefix
    # Nothing in the workbook is a formula.
    for worksheet in workbook.worksheets:
        for row in worksheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (worksheet.title, cell.coordinate)
