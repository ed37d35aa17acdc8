"""Tests of the plan importer. Pure Python: runs with ``-p no:django``.

The reference document is the Thái Nguyên 2026 plan kept in ``importer/samples``; the other
plans are written here to cover other layouts (commune, other province and year, a decision
wrapping a plan) and the refusals of ``read_document``.
"""

from __future__ import annotations

import io
import json
import sys
import textwrap
import unicodedata
import zipfile
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:  # run from anywhere, with or without the Django skeleton
    sys.path.insert(0, str(ROOT))

from binhdang.plans.importer.addressees import group_kind, looks_like_unit, split_joint_names  # noqa: E402
from binhdang.plans.importer.dates import find_dates, find_ranges, parse_date  # noqa: E402
from binhdang.plans.importer.legal import parse_reference  # noqa: E402
from binhdang.plans.importer.parser import ParsedPlan, PlanParseError, parse_plan, read_document  # noqa: E402

SEED = ROOT / "binhdang" / "plans" / "importer" / "samples" / "kh_thai_nguyen_2026.txt"
MIB = 1024 * 1024
NOT_A_PLAN = (
    "Không nhận ra cấu trúc kế hoạch: không tìm thấy các phần (I, II, ...) hoặc mục Tổ chức thực hiện."
)
EMPTY = "Tệp rỗng: không có nội dung để nhập."
CORRUPT = "Tệp .docx bị hỏng hoặc không đọc được."
NO_DB = settings(database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def seed_text() -> str:
    return read_document(SEED)


@pytest.fixture(scope="module")
def seed(seed_text: str) -> ParsedPlan:
    return parse_plan(seed_text)


def summary(plan: ParsedPlan) -> dict[str, object]:
    """The facts every rendering of the seed must give."""
    return {
        "year": plan.year,
        "number_code": plan.number_code,
        "issuer": plan.issuer_name,
        "legal": [(b.kind, b.number, b.date) for b in plan.legal_bases],
        "parts": [(p.numeral, p.role) for p in plan.parts],
        "sections": [(s.number, len(s.tasks)) for s in plan.sections],
        "addressees": [(a.name, len(a.tasks), a.requested, a.group) for a in plan.addressees],
        "deadlines": [d.date for d in plan.deadlines],
        "windows": [(w.start, w.end) for w in plan.windows],
    }


# The seed: Thái Nguyên 2026 -------------------------------------------------------------------


def test_seed_front_matter(seed: ParsedPlan) -> None:
    assert seed.kind == "KH"
    assert seed.number is None
    assert seed.number_code == "KH-UBND"
    assert seed.issuer_name == "UBND tỉnh Thái Nguyên"
    assert seed.issuer_level == "province"
    assert seed.province_name == "Thái Nguyên"
    assert seed.commune_name is None
    assert seed.place == "Thái Nguyên"
    assert seed.issued_on is None  # "ngày tháng năm 2026"
    assert seed.year == 2026
    assert seed.title == (
        "Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ năm 2026 trên địa bàn tỉnh Thái Nguyên"
    )
    assert seed.wrapper is None
    assert "Số kế hoạch đang để trống (“Số: /KH-UBND”)." in seed.warnings
    assert any("ngày ban hành" in warning for warning in seed.warnings)


def test_seed_legal_bases(seed: ParsedPlan) -> None:
    found = [(b.kind, b.number, b.date, b.year) for b in seed.legal_bases]
    assert found == [
        ("law", None, None, 2006),
        ("decree", "70/2008/NĐ-CP", date(2008, 6, 4), 2008),
        ("decree", "48/2009/NĐ-CP", date(2009, 5, 19), 2009),
        ("resolution", "28/NQ-CP", date(2021, 3, 3), 2021),
        ("official_letter", "2855/BNV-CTTN&BDG", date(2026, 3, 27), 2026),
    ]
    law = seed.legal_bases[0]
    assert law.title == "Luật Bình đẳng giới năm 2006"
    assert seed.legal_bases[2].title.startswith("Nghị định 48/2009/NĐ-CP ngày 19/5/2009")
    assert seed.legal_bases[4].number_code == "BNV-CTTN&BDG"
    assert all("UBND tỉnh ban hành" not in b.title for b in seed.legal_bases)


def test_seed_parts_found_by_title(seed: ParsedPlan) -> None:
    assert [(p.numeral, p.title, p.role) for p in seed.parts] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU", "purpose"),
        ("II", "NỘI DUNG THỰC HIỆN", "content"),
        ("III", "KINH PHÍ THỰC HIỆN", "funding"),
        ("IV", "TỔ CHỨC THỰC HIỆN", "organisation"),
    ]
    assert seed.part("funding").text.startswith("1. Nguồn tài chính")
    assert "Trên đây là" not in seed.part("organisation").text
    assert "Nơi nhận" not in seed.part("organisation").text


def test_seed_sections_of_the_content_part(seed: ParsedPlan) -> None:
    assert [s.number for s in seed.sections] == ["1", "2", "3", "4", "5", "6", "7"]
    assert all(s.part_numeral == "II" and s.tasks for s in seed.sections)
    assert [len(s.tasks) for s in seed.sections] == [4, 4, 3, 6, 3, 2, 2]
    first = seed.sections[0]
    assert first.title.startswith("Xây dựng, ban hành, tổ chức thực hiện văn bản quy phạm pháp luật")
    assert first.tasks[0].startswith("Tổ chức triển khai thực hiện các văn bản")
    assert seed.sections[3].title == "Công tác thông tin, tuyên truyền, giáo dục về bình đẳng giới"
    funding = seed.sections[6]
    # The footnote is neither a task nor glued to the task that cites it.
    assert not any(task.startswith(("¹", "Kinh phí cho hoạt động")) for task in funding.tasks)
    assert funding.tasks[0].endswith("giai đoạn 2026-2030.")
    # Items of the purpose and funding parts are not areas of work.
    assert not any(s.title in ("Mục đích", "Yêu cầu") for s in seed.sections)


def test_seed_addressees_in_order(seed: ParsedPlan) -> None:
    got = [(a.number, a.name, len(a.tasks), a.requested, a.group) for a in seed.addressees]
    assert got == [
        ("1", "Sở Nội vụ", 4, False, False),
        ("2", "Sở Văn hóa, Thể thao và Du lịch", 4, False, False),
        ("3", "Sở Giáo dục và Đào tạo", 2, False, False),
        ("4", "Sở Y tế", 2, False, False),
        ("5", "Sở Khoa học và Công nghệ", 2, False, False),
        ("6", "Sở Tư pháp", 2, False, False),
        ("7", "Sở Tài chính", 2, False, False),
        ("8", "Thanh tra tỉnh", 1, False, False),
        ("9", "Công an tỉnh", 2, False, False),
        ("10", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức thành viên", 1, True, False),
        ("10", "Hội Liên hiệp Phụ nữ tỉnh", 3, True, False),
        ("10", "Liên đoàn Lao động tỉnh", 1, True, False),
        ("11", "Các sở, ban, ngành, cơ quan Trung ương trên địa bàn tỉnh", 2, False, True),
        ("12", "Báo và phát thanh, truyền hình Thái Nguyên, Trung tâm thông tin tỉnh", 2, False, False),
        ("13", "Thống kê tỉnh", 1, False, False),
        ("14", "UBND các xã, phường", 1, False, True),
    ]


def test_seed_addressee_details(seed: ParsedPlan) -> None:
    by_name = {a.name: a for a in seed.addressees}
    front = by_name["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức thành viên"]
    assert front.names == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]
    assert front.tasks[0].startswith("Chỉ đạo các đơn vị trực thuộc")
    women = by_name["Hội Liên hiệp Phụ nữ tỉnh"]
    assert women.parent == front.name
    assert women.tasks[1].startswith("Triển khai kế hoạch thực hiện công tác bình đẳng giới")
    labour = by_name["Liên đoàn Lao động tỉnh"]
    assert labour.tasks == [
        "Chỉ đạo các tổ chức công đoàn cơ sở triển khai các hoạt động tuyên truyền, nâng cao nhận thức về "
        "công tác bình đẳng giới và vì sự tiến bộ của phụ nữ; tăng cường phối hợp kiểm tra, giám sát việc "
        "thực hiện các chế độ chính sách đối với người lao động nữ tại các doanh nghiệp theo quy định của "
        "Bộ luật Lao động."
    ]
    media = by_name["Báo và phát thanh, truyền hình Thái Nguyên, Trung tâm thông tin tỉnh"]
    assert media.names == ["Báo và phát thanh, truyền hình Thái Nguyên", "Trung tâm thông tin tỉnh"]
    assert by_name["Các sở, ban, ngành, cơ quan Trung ương trên địa bàn tỉnh"].group_kind == (
        "departments_and_central_agencies"
    )
    assert by_name["UBND các xã, phường"].group_kind == "communes"
    assert by_name["Thống kê tỉnh"].tasks[0].startswith("Chủ trì, phối hợp các ngành liên quan thống kê")
    assert by_name["Thanh tra tỉnh"].tasks[0].startswith("Chủ trì, phối hợp với các cơ quan liên quan")
    assert by_name["Sở Nội vụ"].group_kind is None
    names = {name for a in seed.addressees for name in a.names}
    assert not any(name.startswith(("Chế độ", "Chủ trì", "Phối hợp")) for name in names)


def test_seed_reporting_regime_is_not_an_addressee(seed: ParsedPlan) -> None:
    assert len(seed.reporting) == 2
    assert "chậm nhất ngày 15/12/2026" in seed.reporting[0]
    assert "**" not in seed.reporting[1]


def test_seed_deadlines_and_window(seed: ParsedPlan) -> None:
    assert [d.date for d in seed.deadlines] == [date(2026, 12, 15), date(2026, 12, 20)]
    assert seed.deadlines[0].what.startswith("Các cơ quan, đơn vị, địa phương tổ chức đánh giá")
    assert "chậm nhất ngày 15/12/2026" in seed.deadlines[0].what
    assert all(len(d.what) <= 200 and "**" not in d.what for d in seed.deadlines)
    assert [(w.start, w.end) for w in seed.windows] == [(date(2026, 11, 15), date(2026, 12, 15))]
    assert "Tháng hành động" in seed.windows[0].what


def test_seed_to_dict_is_json(seed: ParsedPlan) -> None:
    data = seed.to_dict()
    text = json.dumps(data, ensure_ascii=False)
    assert json.loads(text) == data
    assert data["legal_bases"][1]["date"] == "2008-06-04"
    assert data["windows"][0] == {"start": "2026-11-15", "end": "2026-12-15", "what": seed.windows[0].what}
    assert data["addressees"][0]["tasks"] == seed.addressees[0].tasks
    assert data["issued_on"] is None


# The seed in other clothes ---------------------------------------------------------------------


def _docx_bytes(paragraphs: list[str], header_rows: list[tuple[str, str]] | None = None) -> bytes:
    document = docx.Document()
    if header_rows:
        table = document.add_table(rows=len(header_rows) + 1, cols=2)
        for row, (left, right) in enumerate(header_rows):
            table.cell(row, 0).text = left
            table.cell(row, 1).text = right
        # A merged cell is returned once per grid position by python-docx.
        merged = table.cell(len(header_rows), 0).merge(table.cell(len(header_rows), 1))
        merged.text = "KẾ HOẠCH"
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_seed_from_docx(tmp_path: Path, seed_text: str, seed: ParsedPlan) -> None:
    path = tmp_path / "ke_hoach.docx"
    path.write_bytes(_docx_bytes([line for line in seed_text.split("\n") if line.strip()]))
    plan = parse_plan(read_document(path))
    assert summary(plan) == summary(seed)
    assert plan.addressees[10].tasks == seed.addressees[10].tasks


def test_docx_header_table_and_merged_cells(seed_text: str) -> None:
    body = seed_text[seed_text.index("Thực hiện công tác") :]
    data = _docx_bytes(
        body.split("\n\n"),
        header_rows=[
            (
                "ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
            ),
            ("Số: 58/KH-UBND", "Thái Nguyên, ngày 10 tháng 4 năm 2026"),
        ],
    )
    text = read_document(data, "ke_hoach.docx")
    assert text.count("KẾ HOẠCH") == 1
    assert text.startswith("ỦY BAN NHÂN DÂN\nTỈNH THÁI NGUYÊN")
    plan = parse_plan(text)
    assert plan.number == "58/KH-UBND"
    assert plan.issued_on == date(2026, 4, 10)
    assert plan.issuer_name == "UBND tỉnh Thái Nguyên"
    assert len(plan.legal_bases) == 5 and len(plan.sections) == 7 and len(plan.addressees) == 16


def test_seed_as_markdown_with_windows_line_breaks(seed_text: str, seed: ParsedPlan) -> None:
    markdown = (
        seed_text.replace("KẾ HOẠCH\n", "# KẾ HOẠCH\n", 1)
        .replace("I. MỤC ĐÍCH, YÊU CẦU", "## **I. MỤC ĐÍCH, YÊU CẦU**")
        .replace("1. Sở Nội vụ\n", "**1. Sở Nội vụ**\n")
        .replace("\n", "\r\n")
    )
    text = read_document(markdown.encode("utf-8-sig"), "ke_hoach.md")
    assert "**" not in text and "\r" not in text and "# " not in text
    assert summary(parse_plan(text)) == summary(seed)
    # parse_plan strips the same decoration from pasted text.
    assert summary(parse_plan(markdown)) == summary(seed)


def test_seed_hard_wrapped(seed_text: str, seed: ParsedPlan) -> None:
    wrapped = "\n\n".join(textwrap.fill(line, 79) for line in seed_text.split("\n") if line.strip())
    assert summary(parse_plan(wrapped)) == summary(seed)


def _cp1258(text: str) -> bytes:
    """Windows-1258 stores most Vietnamese tones as combining marks after the letter."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
            out += (base + "".join(c for c in decomposed if c in tones)).encode("cp1258")
    return bytes(out)


@pytest.mark.parametrize("encoding", ["utf-16", "cp1258"])
def test_seed_in_other_encodings(encoding: str, seed_text: str) -> None:
    text = COMMUNE_PLAN if encoding == "cp1258" else seed_text
    data = _cp1258(text) if encoding == "cp1258" else text.encode("utf-16")
    assert read_document(data, "ke_hoach.txt") == read_document(text.encode(), "ke_hoach.txt")


# Other plans -------------------------------------------------------------------------------------

COMMUNE_PLAN = """\
ỦY BAN NHÂN DÂN
XÃ ĐẠI TỪ
Số: 15/KH-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Đại Từ, ngày 05 tháng 02 năm 2026

KẾ HOẠCH
Thực hiện công tác bình đẳng giới và vì sự tiến bộ của phụ nữ
năm 2026 trên địa bàn xã Đại Từ

Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;
Căn cứ Kế hoạch số 58/KH-UBND ngày 10 tháng 01 năm 2026 của Ủy ban nhân dân tỉnh Thái Nguyên \
về thực hiện công tác bình đẳng giới năm 2026;
Căn cứ tình hình thực tế của địa phương,
Ủy ban nhân dân xã Đại Từ ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2026 như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
Nâng cao nhận thức của cán bộ và Nhân dân về bình đẳng giới.
2. Yêu cầu
Các nhiệm vụ được triển khai đồng bộ, đúng tiến độ.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Công tác tuyên truyền
a) Tuyên truyền về bình đẳng giới trên hệ thống loa truyền thanh của xã.
b) Treo băng rôn hưởng ứng Tháng hành động vì bình đẳng giới từ ngày 15 tháng 11 \
đến ngày 15 tháng 12 năm 2026.
2. Công tác phòng ngừa, ứng phó với bạo lực trên cơ sở giới
a) Duy trì mô hình “Địa chỉ tin cậy” tại các thôn.
b) Kịp thời hỗ trợ, bảo vệ nạn nhân bị bạo lực.

III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội
a) Tham mưu Ủy ban nhân dân xã triển khai Kế hoạch;
b) Tổng hợp báo cáo kết quả gửi Ủy ban nhân dân xã trước ngày 05 tháng 12 năm 2026.
2. Trạm Y tế xã
Tư vấn, chăm sóc sức khỏe sinh sản cho phụ nữ và trẻ em gái.
3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã: Phối hợp tuyên truyền, vận động Nhân dân thực hiện.
4. Các thôn, tổ dân phố
Phối hợp tổ chức các hoạt động tại cộng đồng.
5. Chế độ báo cáo
Các đơn vị báo cáo kết quả về Ủy ban nhân dân xã (qua Phòng Văn hóa - Xã hội) \
chậm nhất ngày 30 tháng 11 năm 2026.

Trên đây là Kế hoạch thực hiện công tác bình đẳng giới năm 2026 của Ủy ban nhân dân xã Đại Từ./.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
"""


def test_commune_plan() -> None:
    plan = parse_plan(COMMUNE_PLAN)
    assert (plan.issuer_name, plan.issuer_level, plan.commune_name) == ("UBND xã Đại Từ", "commune", "Đại Từ")
    assert plan.province_name == "Thái Nguyên"  # named by the provincial plan it implements
    assert (plan.number, plan.place, plan.issued_on, plan.year) == (
        "15/KH-UBND",
        "Đại Từ",
        date(2026, 2, 5),
        2026,
    )
    assert plan.title.endswith("năm 2026 trên địa bàn xã Đại Từ")  # two title lines joined
    assert [(b.kind, b.number, b.date) for b in plan.legal_bases] == [
        ("law", None, date(2025, 6, 16)),
        ("law", None, date(2006, 11, 29)),
        ("plan", "58/KH-UBND", date(2026, 1, 10)),
    ]
    assert [p.role for p in plan.parts] == ["purpose", "content", "organisation"]
    assert [(s.title, len(s.tasks)) for s in plan.sections] == [
        ("Công tác tuyên truyền", 2),
        ("Công tác phòng ngừa, ứng phó với bạo lực trên cơ sở giới", 2),
    ]
    assert (
        plan.sections[0].tasks[0] == "Tuyên truyền về bình đẳng giới trên hệ thống loa truyền thanh của xã."
    )
    got = [(a.name, len(a.tasks), a.requested, a.group, a.group_kind) for a in plan.addressees]
    assert got == [
        ("Phòng Văn hóa - Xã hội", 2, False, False, None),
        ("Trạm Y tế xã", 1, False, False, None),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã", 1, True, False, None),
        ("Các thôn, tổ dân phố", 1, False, True, "other"),
    ]
    assert [(d.date, d.addressee) for d in plan.deadlines] == [
        (date(2026, 11, 30), None),
        (date(2026, 12, 5), "Phòng Văn hóa - Xã hội"),
    ]
    assert [(w.start, w.end) for w in plan.windows] == [(date(2026, 11, 15), date(2026, 12, 15))]
    assert plan.warnings == []


LAO_CAI_PLAN = "\r\n".join(
    [
        "UBND TỈNH LÀO CAI",
        "Số: 112/KH-UBND",
        "Lào Cai, ngày 20/01/2027",
        "",
        "KẾ HOẠCH THỰC HIỆN CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2027",
        "",
        "Thực hiện Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ; Quyết định số 1234/QĐ-TTg "
        "ngày 05/10/2023 của Thủ tướng Chính phủ; Thông tư số 10/2024/TT-BLĐTBXH ngày 01/7/2024 của "
        "Bộ Lao động - Thương binh và Xã hội; Chỉ thị số 11-CT/TW ngày 01/6/2026 của Ban Bí thư, "
        "Ủy ban nhân dân tỉnh Lào Cai ban hành Kế hoạch như sau:",
        "",
        "**I - MỤC TIÊU**",
        "Thu hẹp khoảng cách giới trong các lĩnh vực chính trị, kinh tế, lao động.",
        "",
        "**II - TỔ CHỨC THỰC HIỆN**",
        "1) Sở Nội vụ: chủ trì theo dõi, hướng dẫn thực hiện Kế hoạch; tổng hợp báo cáo UBND tỉnh "
        "trước ngày 10/12.",
        "2) Sở Y tế, Sở Giáo dục và Đào tạo và Công an tỉnh",
        "- Phối hợp tuyên truyền phòng, chống bạo lực trên cơ sở giới.",
        "- Phối hợp hỗ trợ nạn nhân.",
        "3) UBND các xã, phường, đặc khu: xây dựng kế hoạch của địa phương.",
        "",
        "**III - NHIỆM VỤ VÀ GIẢI PHÁP**",
        "1) Tuyên truyền, nâng cao nhận thức",
        "a) Tổ chức Tháng hành động từ 15/11 - 15/12/2027.",
        "b) Tổ chức hội thi tìm hiểu pháp luật về bình đẳng giới.",
        "2) Nâng cao năng lực",
        "Tập huấn cho đội ngũ công chức làm công tác bình đẳng giới.",
        "",
        "**IV - CHẾ ĐỘ BÁO CÁO**",
        "Các sở, ngành và UBND các xã gửi báo cáo năm về Sở Nội vụ chậm nhất ngày 30-11-2027.",
        "",
        "**V - KINH PHÍ**",
        "Kinh phí thực hiện từ ngân sách nhà nước theo phân cấp.",
    ]
)


def test_other_province_year_order_and_numbering() -> None:
    plan = parse_plan(LAO_CAI_PLAN)
    assert (plan.issuer_name, plan.province_name, plan.number) == (
        "UBND tỉnh Lào Cai",
        "Lào Cai",
        "112/KH-UBND",
    )
    assert (plan.issued_on, plan.year) == (date(2027, 1, 20), 2027)
    assert plan.title == "THỰC HIỆN CÔNG TÁC BÌNH ĐẲNG GIỚI NĂM 2027"
    assert [(p.numeral, p.role) for p in plan.parts] == [
        ("I", "purpose"),
        ("II", "organisation"),
        ("III", "content"),
        ("IV", "reporting"),
        ("V", "funding"),
    ]
    assert [(b.kind, b.number, b.number_code) for b in plan.legal_bases] == [
        ("resolution", "28/NQ-CP", "NQ-CP"),
        ("decision", "1234/QĐ-TTg", "QĐ-TTg"),
        ("circular", "10/2024/TT-BLĐTBXH", "TT-BLĐTBXH"),
        ("directive", "11-CT/TW", "CT/TW"),
    ]
    assert [(s.number, s.title, len(s.tasks)) for s in plan.sections] == [
        ("1", "Tuyên truyền, nâng cao nhận thức", 2),
        ("2", "Nâng cao năng lực", 1),
    ]
    joint = plan.addressees[1]
    assert joint.names == ["Sở Y tế", "Sở Giáo dục và Đào tạo", "Công an tỉnh"]
    assert [(a.name, a.tasks[0][:20]) for a in plan.addressees] == [
        ("Sở Nội vụ", "chủ trì theo dõi, hư"),
        ("Sở Y tế, Sở Giáo dục và Đào tạo và Công an tỉnh", "Phối hợp tuyên truyề"),
        ("UBND các xã, phường, đặc khu", "xây dựng kế hoạch củ"),
    ]
    assert plan.addressees[2].group_kind == "communes"
    # "trước ngày 10/12" takes the plan's year; "30-11-2027" uses dashes.
    assert [(d.date, d.addressee) for d in plan.deadlines] == [
        (date(2027, 11, 30), None),
        (date(2027, 12, 10), "Sở Nội vụ"),
    ]
    assert [(w.start, w.end) for w in plan.windows] == [(date(2027, 11, 15), date(2027, 12, 15))]
    assert plan.reporting == [
        "Các sở, ngành và UBND các xã gửi báo cáo năm về Sở Nội vụ chậm nhất ngày 30-11-2027."
    ]


WRAPPED_PLAN = """\
ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 123/QĐ-UBND

CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Lào Cai, ngày 05 tháng 3 năm 2027

QUYẾT ĐỊNH
Về việc ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2027

ỦY BAN NHÂN DÂN TỈNH LÀO CAI

Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;
Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;
Theo đề nghị của Giám đốc Sở Nội vụ tại Tờ trình số 45/TTr-SNV ngày 01/3/2027.

QUYẾT ĐỊNH:

Điều 1. Ban hành kèm theo Quyết định này Kế hoạch thực hiện công tác bình đẳng giới năm 2027.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
Điều 3. Chánh Văn phòng UBND tỉnh, Giám đốc các sở chịu trách nhiệm thi hành Quyết định này./.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

ỦY BAN NHÂN DÂN TỈNH LÀO CAI
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM

KẾ HOẠCH
Thực hiện công tác bình đẳng giới năm 2027 trên địa bàn tỉnh Lào Cai
(Ban hành kèm theo Quyết định số 123/QĐ-UBND ngày 05/3/2027 của UBND tỉnh Lào Cai)

I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức về bình đẳng giới.

II. NỘI DUNG
1. Truyền thông về bình đẳng giới
Tổ chức các hoạt động truyền thông trong Tháng hành động.

III. TỔ CHỨC THỰC HIỆN
1. Sở Nội vụ
Theo dõi, đôn đốc, tổng hợp báo cáo UBND tỉnh chậm nhất ngày 15/12/2027.
2. Đề nghị Hội Liên hiệp Phụ nữ tỉnh
Phối hợp triển khai các hoạt động hỗ trợ phụ nữ.
"""


def test_decision_wrapping_a_plan() -> None:
    plan = parse_plan(WRAPPED_PLAN)
    assert plan.wrapper is not None
    assert (plan.wrapper.kind, plan.wrapper.number, plan.wrapper.issued_on) == (
        "QĐ",
        "123/QĐ-UBND",
        date(2027, 3, 5),
    )
    assert plan.wrapper.title == "Về việc ban hành Kế hoạch thực hiện công tác bình đẳng giới năm 2027"
    assert plan.number is None and plan.issued_on == date(2027, 3, 5) and plan.year == 2027
    assert plan.title == "Thực hiện công tác bình đẳng giới năm 2027 trên địa bàn tỉnh Lào Cai"
    assert plan.issuer_name == "UBND tỉnh Lào Cai"
    # The plan cites nothing itself: it inherits the decision's "Căn cứ" (not "Theo đề nghị").
    assert [b.title for b in plan.legal_bases] == [
        "Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
        "Luật Bình đẳng giới ngày 29 tháng 11 năm 2006",
    ]
    # The decision's articles are not parts; the attached plan's parts are.
    assert [p.role for p in plan.parts] == ["purpose", "content", "organisation"]
    assert [(a.name, a.requested) for a in plan.addressees] == [
        ("Sở Nội vụ", False),
        ("Hội Liên hiệp Phụ nữ tỉnh", True),
    ]
    assert [(d.date, d.addressee) for d in plan.deadlines] == [(date(2027, 12, 15), "Sở Nội vụ")]
    assert plan.to_dict()["wrapper"]["issued_on"] == "2027-03-05"


def test_attached_plan_pasted_without_its_decision() -> None:
    attached = WRAPPED_PLAN[WRAPPED_PLAN.index("KẾ HOẠCH\n") :]
    plan = parse_plan(attached)
    assert plan.wrapper is not None
    assert (plan.wrapper.number, plan.wrapper.issued_on) == ("123/QĐ-UBND", date(2027, 3, 5))
    assert plan.issued_on == date(2027, 3, 5)
    assert plan.issuer_name == "UBND tỉnh Lào Cai"  # from the title "… trên địa bàn tỉnh Lào Cai"


def test_addressees_grouped_under_a_heading_with_lettered_units() -> None:
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Thực hiện công tác bình đẳng giới năm 2026",
            "I. NHIỆM VỤ",
            "1. Tuyên truyền về bình đẳng giới.",
            "II. TỔ CHỨC THỰC HIỆN",
            "1. Trách nhiệm của các sở, ngành",
            "a) Sở Nội vụ: hướng dẫn, kiểm tra việc thực hiện Kế hoạch.",
            "b) Uỷ ban nhân dân các xã, phường:",
            "- Xây dựng kế hoạch của địa phương;",
            "- Báo cáo kết quả trước ngày 05/12/2026.",
            "c) Chủ trì, phối hợp các đơn vị tổ chức Tháng hành động.",
        ]
    )
    plan = parse_plan(text)
    assert [(a.name, len(a.tasks), a.group_kind, a.parent) for a in plan.addressees] == [
        ("Sở Nội vụ", 1, None, None),
        ("Uỷ ban nhân dân các xã, phường", 2, "communes", None),
    ]
    assert plan.deadlines[0].addressee == "Uỷ ban nhân dân các xã, phường"
    assert plan.sections[0].tasks == ["Tuyên truyền về bình đẳng giới."]  # a title-only section


BAC_NINH_PLAN = "\n".join(
    [
        "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",  # a two-column header saved as text
        "TỈNH BẮC NINH\tĐộc lập - Tự do - Hạnh phúc",
        "Số: 7/KH-UBND\tBắc Ninh, ngày 3 tháng 1 năm 2027",
        "KẾ HOẠCH",
        "Triển khai Tháng hành động vì bình đẳng giới năm 2027",
        "Căn cứ Luật Bình đẳng giới ngày 29 tháng 11 năm 2006;",
        "Căn cứ Quyết định số 2232/QĐ-TTg ngày 28/12/2020 của Thủ tướng Chính phủ, Thông tư số "
        "01/2021/TT-BLĐTBXH ngày 15/3/2021 của Bộ Lao động - Thương binh và Xã hội;",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:",
        "PHẦN I. Mục đích, yêu cầu",
        "Bảo đảm thiết thực.",
        "PHẦN II. Nội dung hoạt động",
        "1. Truyền thông",
        "1.1. Tổ chức lễ phát động Tháng hành động.",
        "1.2. Truyền thông trên mạng xã hội:",
        "- Đăng tải tin bài;",
        "- Phát sóng phóng sự.",
        "2. Hỗ trợ nạn nhân",
        "Rà soát, hỗ trợ kịp thời.",
        "PHẦN III. Tổ chức thực hiện",
        "1. Sở Nội vụ là cơ quan thường trực, chủ trì tham mưu tổ chức các hoạt động.",
        "2. Đề nghị Tỉnh đoàn, Hội Liên hiệp Phụ nữ tỉnh phối hợp thực hiện.",
        "3. Báo cáo kết quả về Sở Nội vụ trước ngày 20 tháng 12 năm 2027.",
    ]
)


def test_one_line_items_sub_numbering_and_sentence_case_parts() -> None:
    plan = parse_plan(BAC_NINH_PLAN)
    assert (plan.issuer_name, plan.number, plan.issued_on) == (
        "UBND tỉnh Bắc Ninh",
        "7/KH-UBND",
        date(2027, 1, 3),
    )
    assert [b.kind for b in plan.legal_bases] == ["law", "decision", "circular"]  # "," between documents
    assert [p.role for p in plan.parts] == ["purpose", "content", "organisation"]
    assert plan.sections[0].tasks == [
        "Tổ chức lễ phát động Tháng hành động.",
        "Đăng tải tin bài;",  # "1.2. …:" only introduces its bullets
        "Phát sóng phóng sự.",
    ]
    assert [(a.names, a.tasks, a.requested) for a in plan.addressees] == [
        (["Sở Nội vụ"], ["là cơ quan thường trực, chủ trì tham mưu tổ chức các hoạt động."], False),
        (["Tỉnh đoàn", "Hội Liên hiệp Phụ nữ tỉnh"], ["phối hợp thực hiện."], True),
    ]
    assert plan.reporting == ["Báo cáo kết quả về Sở Nội vụ trước ngày 20 tháng 12 năm 2027."]
    assert [d.date for d in plan.deadlines] == [date(2027, 12, 20)]


WARD_PLAN_MARKDOWN = """\
**ỦY BAN NHÂN DÂN**
**PHƯỜNG PHAN ĐÌNH PHÙNG**

Số: 03/KH-UBND

Phan Đình Phùng, ngày 12 tháng 01 năm 2026

# KẾ HOẠCH

## Phòng, chống bạo lực trên cơ sở giới năm 2026

Căn cứ Kế hoạch số 58/KH-UBND ngày 10/01/2026 của UBND tỉnh Thái Nguyên;

UBND phường ban hành Kế hoạch như sau:

### 1\\. MỤC ĐÍCH, YÊU CẦU

Nâng cao nhận thức.

### 2\\. NỘI DUNG

a\\) Tuyên truyền tại các tổ dân phố;

b\\) Tổ chức tọa đàm *“Gia đình không bạo lực”* trong tháng 11.

### 3\\. TỔ CHỨC THỰC HIỆN

a\\) Phòng Văn hóa - Xã hội: chủ trì tham mưu; báo cáo kết quả chậm nhất ngày 10/12/2026.

b\\) Công an phường: phối hợp xử lý vi phạm.
"""


def test_ward_plan_in_markdown_with_arabic_parts_and_lettered_items() -> None:
    plan = parse_plan(read_document(io.BytesIO(WARD_PLAN_MARKDOWN.encode()), "ke_hoach.md"))
    assert (plan.issuer_name, plan.issuer_level, plan.commune_name) == (
        "UBND phường Phan Đình Phùng",
        "commune",
        "Phan Đình Phùng",
    )
    assert plan.title == "Phòng, chống bạo lực trên cơ sở giới năm 2026"
    assert [(p.numeral, p.role) for p in plan.parts] == [
        ("1", "purpose"),
        ("2", "content"),
        ("3", "organisation"),
    ]
    assert [s.tasks for s in plan.sections] == [
        ["Tuyên truyền tại các tổ dân phố;"],
        ["Tổ chức tọa đàm “Gia đình không bạo lực” trong tháng 11."],
    ]
    assert [(a.name, a.tasks) for a in plan.addressees] == [
        ("Phòng Văn hóa - Xã hội", ["chủ trì tham mưu; báo cáo kết quả chậm nhất ngày 10/12/2026."]),
        ("Công an phường", ["phối hợp xử lý vi phạm."]),
    ]
    assert [(d.date, d.addressee) for d in plan.deadlines] == [(date(2026, 12, 10), "Phòng Văn hóa - Xã hội")]


# Refusals ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kính gửi: Sở Nội vụ tỉnh Thái Nguyên\n\nỦy ban nhân dân xã Đại Từ đề nghị Sở hướng dẫn thủ tục.",
        "BÁO CÁO\nI. TÌNH HÌNH CHUNG\nNăm 2026 tình hình ổn định.\nII. KẾT QUẢ ĐẠT ĐƯỢC\nĐạt 9/10 chỉ tiêu.",
        "Một đoạn văn bản bất kỳ, không phải kế hoạch.",
    ],
)
def test_text_that_is_not_a_plan(text: str) -> None:
    with pytest.raises(PlanParseError) as error:
        parse_plan(text)
    assert error.value.message == NOT_A_PLAN
    assert str(error.value) == NOT_A_PLAN


def test_empty_inputs(tmp_path: Path) -> None:
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    for call in (
        lambda: read_document(empty),
        lambda: read_document(b"  \r\n\t \n", "rong.md"),
        lambda: read_document(_docx_bytes([]), "rong.docx"),
        lambda: parse_plan("   \n "),
    ):
        with pytest.raises(PlanParseError) as error:
            call()
        assert error.value.message == EMPTY
        assert error.value.code == "empty"


def test_corrupt_docx(tmp_path: Path) -> None:
    random_bytes = bytes((i * 37 + 11) % 256 for i in range(4096))
    not_a_word_zip = io.BytesIO()
    with zipfile.ZipFile(not_a_word_zip, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    truncated = _docx_bytes(["KẾ HOẠCH"])[:2000]
    for data in (random_bytes, not_a_word_zip.getvalue(), truncated):
        path = tmp_path / "hong.docx"
        path.write_bytes(data)
        with pytest.raises(PlanParseError) as error:
            read_document(path)
        assert error.value.message == CORRUPT


def test_oversized_files(tmp_path: Path) -> None:
    with pytest.raises(PlanParseError) as error:
        read_document(b"a" * 2048, "lon.txt", max_bytes=1024)
    assert error.value.message == "Tệp quá lớn: dung lượng tối đa cho phép là 1 KB."
    big = tmp_path / "lon.docx"
    with big.open("wb") as handle:  # sparse: the size is refused before anything is read
        handle.truncate(10 * MIB + 1)
    with pytest.raises(PlanParseError) as error:
        read_document(big)
    assert error.value.message == "Tệp quá lớn: dung lượng tối đa cho phép là 10 MB."
    with pytest.raises(PlanParseError) as error:
        read_document(io.BytesIO(b"x" * 3000), "lon.txt", max_bytes=1536)
    assert error.value.code == "too_large" and "1,5 KB" in error.value.message


def test_zip_bomb_docx(tmp_path: Path) -> None:
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * MIB
            for _ in range(51):
                member.write(chunk)
    assert path.stat().st_size < 1 * MIB
    with pytest.raises(PlanParseError) as error:
        read_document(path)
    assert error.value.code == "zip_bomb"
    assert error.value.message == (
        "Tệp .docx có nội dung giải nén quá lớn (vượt quá 50 MB); từ chối xử lý vì có thể là tệp độc hại."
    )


def test_docx_compressed_like_a_bomb_or_with_too_many_parts() -> None:
    squeezed = io.BytesIO()
    with zipfile.ZipFile(squeezed, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (20 * MIB))  # under 50 MB, but packed 1000:1
    crowded = io.BytesIO()
    with zipfile.ZipFile(crowded, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        for number in range(5000):
            archive.writestr(f"word/media/{number}.xml", "")
    messages = []
    for data in (squeezed.getvalue(), crowded.getvalue()):
        with pytest.raises(PlanParseError) as error:
            read_document(data, "bom.docx")
        assert error.value.code == "zip_bomb"
        messages.append(error.value.message)
    assert messages == [
        "Tệp .docx có nội dung giải nén quá lớn so với dung lượng tệp (tỷ lệ nén vượt quá 100:1); "
        "từ chối xử lý vì có thể là tệp độc hại.",
        "Tệp .docx có quá nhiều thành phần (hơn 5000); từ chối xử lý vì có thể là tệp độc hại.",
    ]


@pytest.mark.parametrize(
    ("filename", "message"),
    [
        (
            "ke_hoach.odt",
            "Định dạng tệp không được hỗ trợ (.odt). "
            "Chỉ nhận tệp .docx, .doc, .pdf, ảnh .jpg/.png, .txt hoặc .md.",
        ),
        ("ke_hoach.doc", "Tệp .doc này không phải văn bản Word 97-2003 (hoặc đã bị hỏng)."),
        (
            "ke_hoach",
            "Định dạng tệp không được hỗ trợ (không có phần mở rộng). "
            "Chỉ nhận tệp .docx, .doc, .pdf, ảnh .jpg/.png, .txt hoặc .md.",
        ),
    ],
)
def test_unsupported_extensions(filename: str, message: str) -> None:
    with pytest.raises(PlanParseError) as error:
        read_document(b"KE HOACH", filename)
    assert error.value.message == message


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,  # bytes undefined in Windows-1258
        b"\x00\x01\x02\x03KH\x00" * 200,  # valid UTF-8 but binary
        bytes([0x01, 0x02, 0x03, 0x1B, 0xC3, 0x41]) * 200,  # control characters whatever the codec
    ],
)
def test_binary_garbage_is_refused(data: bytes) -> None:
    with pytest.raises(PlanParseError) as error:
        read_document(data, "rac.txt")
    assert error.value.code == "undecodable"
    assert error.value.message.startswith("Không đọc được nội dung tệp")


# Helpers -------------------------------------------------------------------------------------------


def test_joint_names_groups_and_units() -> None:
    assert split_joint_names("Sở Văn hóa, Thể thao và Du lịch") == ["Sở Văn hóa, Thể thao và Du lịch"]
    assert split_joint_names("Sở Y tế và Sở Giáo dục và Đào tạo") == ["Sở Y tế", "Sở Giáo dục và Đào tạo"]
    assert split_joint_names("Hội Liên hiệp Phụ nữ tỉnh, Tỉnh đoàn") == [
        "Hội Liên hiệp Phụ nữ tỉnh",
        "Tỉnh đoàn",
    ]
    assert split_joint_names("UBND các xã, phường, Sở Y tế") == ["UBND các xã, phường, Sở Y tế"]  # a group
    assert group_kind("Các sở, ban, ngành") == "departments"
    assert group_kind("UBND các xã, phường, đặc khu") == "communes"
    assert group_kind("Ủy ban nhân dân cấp xã") == "communes"
    assert group_kind("Các tổ chức chính trị - xã hội") == "other"
    assert group_kind("Sở Nội vụ") is None
    assert looks_like_unit("Uỷ ban nhân dân tỉnh")
    for not_a_unit in (
        "Chủ trì, phối hợp với Sở Y tế",
        "Phối hợp thực hiện",
        "Báo cáo kết quả",
        "Ban hành văn bản",
    ):
        assert not looks_like_unit(not_a_unit)


def test_legal_reference_shapes() -> None:
    decree = parse_reference("Nghị định 48/2009/NĐ-CP ngày 19/5/2009 của Chính phủ")
    assert decree is not None and (decree.kind, decree.number, decree.date) == (
        "decree",
        "48/2009/NĐ-CP",
        date(2009, 5, 19),
    )
    letter = parse_reference("chỉ đạo của UBND tỉnh tại Văn bản số 1234/UBND-VX ngày 02/02/2026")
    assert letter is not None and (letter.kind, letter.number) == ("official_letter", "1234/UBND-VX")
    resolution = parse_reference("Nghị quyết số 12/2025/NQ-HĐND ngày 10 tháng 7 năm 2025 của HĐND tỉnh")
    assert resolution is not None and (resolution.kind, resolution.date) == ("resolution", date(2025, 7, 10))
    assert parse_reference("tình hình thực tế của địa phương") is None


# Dates ---------------------------------------------------------------------------------------------

DATES = st.dates(min_value=date(1950, 1, 1), max_value=date(2150, 12, 31))


@NO_DB
@given(DATES, st.sampled_from(["/", "-", "."]), st.booleans(), st.booleans())
def test_short_dates_round_trip(value: date, separator: str, pad_day: bool, pad_month: bool) -> None:
    day = f"{value.day:02d}" if pad_day else str(value.day)
    month = f"{value.month:02d}" if pad_month else str(value.month)
    written = f"{day}{separator}{month}{separator}{value.year}"
    assert parse_date(written) == value
    sentence = f"Gửi báo cáo trước ngày {written} để tổng hợp; xem Nghị định số 70/2008/NĐ-CP."
    assert [found.date for found in find_dates(sentence)] == [value]


@NO_DB
@given(DATES, st.booleans())
def test_long_dates_round_trip(value: date, pad: bool) -> None:
    day = f"{value.day:02d}" if pad else str(value.day)
    month = f"{value.month:02d}" if pad else str(value.month)
    written = f"ngày {day} tháng {month} năm {value.year}"
    assert parse_date(written) == value
    assert parse_date(f"Đại Từ, {written}") == value
    assert parse_date(written.capitalize()) == value


@NO_DB
@given(DATES)
def test_yearless_dates_take_the_context_year(value: date) -> None:
    assert parse_date(f"ngày {value.day}/{value.month}", default_year=value.year) == value
    same_sentence = f"trước ngày {value.day}/{value.month} và chậm nhất ngày 01/01/{value.year}"
    assert find_dates(same_sentence, default_year=1999)[0].date == value
    assert find_dates(f"tỷ lệ {value.day}/{value.month} số xã", default_year=value.year) == []


@NO_DB
@given(DATES, st.integers(min_value=0, max_value=400))
def test_ranges(start: date, length: int) -> None:
    end = min(start + timedelta(days=length), date(2150, 12, 31))
    written = f"(từ ngày {start.day}/{start.month}/{start.year} đến ngày {end.day}/{end.month}/{end.year})"
    assert [(a.date, b.date) for a, b in find_ranges(written)] == [(start, end)]
    if start.year == end.year:
        short = f"từ ngày {start.day}/{start.month} đến {end.day}/{end.month}/{end.year}"
        assert [(a.date, b.date) for a, b in find_ranges(short)] == [(start, end)]


def test_invalid_and_non_dates() -> None:
    assert parse_date("ngày 31/02/2026") is None
    assert parse_date("ngày tháng năm 2026") is None
    assert find_dates("giai đoạn 2021-2030, Nghị định số 70/2008/NĐ-CP") == []
    assert [(a.date, b.date) for a, b in find_ranges("từ ngày 20/12 đến 10/01/2027")] == [
        (date(2026, 12, 20), date(2027, 1, 10))
    ]


PLAN_LINES = [
    "KẾ HOẠCH",
    "I. MỤC ĐÍCH",
    "II. NỘI DUNG",
    "IV. TỔ CHỨC THỰC HIỆN",
    "1. Sở Nội vụ",
    "2. Đề nghị Hội Liên hiệp Phụ nữ tỉnh:",
    "- Đề nghị Tỉnh đoàn: tuyên truyền.",
    "+ Báo cáo trước ngày 15/12.",
    "a) Chủ trì:",
    "Căn cứ Luật Bình đẳng giới năm 2006;",
    "từ ngày 15/11 đến 15/12/2026",
    "Số: /KH-UBND",
    "",
    "**",
    "¹ chú thích",
]


@NO_DB
@given(st.lists(st.one_of(st.sampled_from(PLAN_LINES), st.text(max_size=40)), max_size=25), st.booleans())
def test_parse_plan_never_crashes(lines: list[str], crlf: bool) -> None:
    text = ("\r\n" if crlf else "\n").join(lines)
    try:
        plan = parse_plan(text, default_year=2026)
    except PlanParseError as error:
        assert error.message
    else:
        assert plan.is_plan
        json.dumps(plan.to_dict(), ensure_ascii=False)


def test_a_title_with_a_semicolon_is_the_title_and_the_legal_bases_stay_legal(seed_text: str) -> None:
    title = (
        "Thực hiện công tác bình đẳng giới; vì sự tiến bộ của phụ nữ trên địa bàn tỉnh Thái Nguyên năm 2026"
    )
    plan = parse_plan(seed_text.replace(parse_plan(seed_text).title or "", title, 1))
    assert plan.title == title
    # A sentence citing several documents, separated by ";", is still a legal basis, never the title.
    assert [b.number for b in plan.legal_bases] == [b.number for b in parse_plan(seed_text).legal_bases]
