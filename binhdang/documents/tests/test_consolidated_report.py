"""The consolidated report as a reader reads it, on synthetic data for a province with its plan
(Thái Nguyên), a province without one (Tuyên Quang), a centrally-run city (Huế) and the country:
who issues it and where, no other province's name or plan, every area of work in order, no phrase
said twice, no code, the same numbers in the text, the tables, the workbook and the dashboard; and
the PDF (LibreOffice) has no page holding only a signature block, "Nơi nhận" or a lone heading."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import docx
import openpyxl
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import translation

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.analytics.engine import areas_data, consolidate
from binhdang.analytics.report import number as plain_number
from binhdang.documents.annex import render_report_xlsx
from binhdang.documents.formatting import vn_number
from binhdang.documents.pdf import find_libreoffice, render_pdf
from binhdang.documents.provincial_report import provincial_report, render_report_docx
from binhdang.documents.reminder_letter import reminder_letter_docx
from binhdang.documents.views import reminder_input
from binhdang.indicators.loader import load_indicators
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Plan
from binhdang.reporting.models import ReportingPeriod
from binhdang.synthetic.generator import generate_synthetic

THAI_NGUYEN, TUYEN_QUANG, HUE = "19", "08", "46"
NAMES = {THAI_NGUYEN: "Thái Nguyên", TUYEN_QUANG: "Tuyên Quang", HUE: "Huế"}
# Anything that looks like a program's code: FOO_BAR, _UNITS, 19-SNV, E(…).
CODE_LIKE = re.compile(r"\b[A-Z]{2,}_[A-Z0-9_]+\b|\b_[A-Z]+\b|\b\d{2}-[A-Z]{2,}\b|\bE\(")
REPEAT_WORDS = 7  # a run of this many words said twice in one paragraph is a repetition


def docx_paragraphs(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            texts.extend(cell.text for cell in row.cells)
    return [t for t in texts if t.strip()]


def repeated_run(text: str) -> str | None:
    words = text.split()
    seen: set[tuple[str, ...]] = set()
    for i in range(len(words) - REPEAT_WORDS + 1):
        run = tuple(w.lower().strip(",.;:") for w in words[i : i + REPEAT_WORDS])
        if run in seen:
            return " ".join(run)
        seen.add(run)
    return None


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.skip += tag in ("script", "style", "template")

    def handle_endtag(self, tag: str) -> None:
        self.skip -= tag in ("script", "style", "template")

    def handle_data(self, data: str) -> None:
        if not self.skip and data.strip():
            self.parts.append(data.strip())


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)


class ConsolidatedReportTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        generate_synthetic(provinces=[THAI_NGUYEN, TUYEN_QUANG, HUE], years=2, seed=7)
        load_indicators()
        cls.period = ReportingPeriod.objects.select_related("template", "plan").get(code="2026")
        cls.units = {code: OrgUnit.objects.get(code=code) for code in [*NAMES, "VN"]}
        cls.reports, cls.documents, cls.texts = {}, {}, {}
        with translation.override("vi"):
            for code, unit in cls.units.items():
                report = consolidate(cls.period, unit)
                data = render_report_docx(report)
                cls.reports[code], cls.documents[code] = report, data
                cls.texts[code] = docx_paragraphs(data)

    def test_the_issuer_follows_the_root_unit(self) -> None:
        expected = {
            THAI_NGUYEN: ("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "Thái Nguyên, ngày", "Kính gửi: Bộ Nội vụ."),
            TUYEN_QUANG: ("ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG", "Tuyên Quang, ngày", "Kính gửi: Bộ Nội vụ."),
            HUE: ("ỦY BAN NHÂN DÂN THÀNH PHỐ HUẾ", "Huế, ngày", "Kính gửi: Bộ Nội vụ."),
            "VN": ("BỘ NỘI VỤ", "Hà Nội, ngày", "Kính gửi: Chính phủ."),
        }
        for code, (issuer, place, addressee) in expected.items():
            text = "\n".join(self.texts[code])
            with self.subTest(code):
                self.assertIn(issuer, text)
                self.assertIn(place, text)
                self.assertIn(addressee, text)
        self.assertNotIn("tỉnh Huế", "\n".join(self.texts[HUE]))
        self.assertIn("trên địa bàn thành phố Huế", "\n".join(self.texts[HUE]))
        self.assertIn("trên phạm vi toàn quốc", "\n".join(self.texts["VN"]))
        self.assertNotIn("ỦY BAN NHÂN DÂN TỈNH VIỆT NAM", "\n".join(self.texts["VN"]))
        self.assertIn("KT. BỘ TRƯỞNG", "\n".join(self.texts["VN"]))
        self.assertIn("TM. ỦY BAN NHÂN DÂN", "\n".join(self.texts[HUE]))

    def test_a_report_uses_only_its_own_provinces_plan(self) -> None:
        plan = Plan.objects.get()
        self.assertEqual(plan.issuer.code, THAI_NGUYEN)
        thai_nguyen = "\n".join(self.texts[THAI_NGUYEN])
        self.assertIn("(sau đây gọi là Kế hoạch)", thai_nguyen)
        first_task = plan.tasks.filter(part="organisation").order_by("order").first().text[:60]
        for code in (TUYEN_QUANG, HUE, "VN"):
            text = "\n".join(self.texts[code])
            with self.subTest(code):
                self.assertEqual(self.reports[code].plan_title, "")
                self.assertNotIn("Thái Nguyên", text)
                self.assertNotIn(first_task, text)
                self.assertNotIn("Nhiệm vụ “", text)
        for code in (TUYEN_QUANG, HUE):
            self.assertIn("Chưa có kế hoạch", "\n".join(self.texts[code]))
            with self.subTest(letter=code), translation.override("vi"):
                letter = docx_paragraphs(reminder_letter_docx(reminder_input(self.period, self.units[code])))
                self.assertNotIn("Thái Nguyên", "\n".join(letter))
                self.assertIn(NAMES[code], "\n".join(letter))
                local = "thành phố" if code == HUE else "tỉnh"
                self.assertIn(f"về UBND {local} (qua Sở Nội vụ)", "\n".join(letter))
                self.assertNotIn("tỉnh Huế", "\n".join(letter))
        for code, name in NAMES.items():
            others = [other for other in NAMES.values() if other != name]
            for other in others:
                self.assertNotIn(other, "\n".join(self.texts[code]), (code, other))

    def test_every_area_of_part_two_in_order(self) -> None:
        plan = Plan.objects.get()
        areas = {
            THAI_NGUYEN: [s.title for s in plan.sections.all()],
            TUYEN_QUANG: [a["title"] for a in areas_data()["default_areas"]],
            "VN": [a["title"] for a in areas_data()["default_areas"]],
        }
        for code, titles in areas.items():
            positions = []
            for index, title in enumerate(titles, start=1):
                heading = f"{index}. {title.strip()}"
                found = [i for i, text in enumerate(self.texts[code]) if text.strip() == heading]
                with self.subTest(code=code, area=index):
                    self.assertTrue(found, heading)
                positions.append(found[0] if found else -1)
            self.assertEqual(positions, sorted(positions), code)
        # The staff and training figures (form sections 3 and 4) are under area 3 of the plan,
        # international cooperation (section 11) under area 6: no area is skipped.
        text = self.texts[THAI_NGUYEN]
        staff = next(i for i, t in enumerate(text) if t.startswith("- Số cán bộ, công chức được phân công"))
        area3 = text.index(f"3. {plan.sections.all()[2].title.strip()}")
        area4 = text.index(f"4. {plan.sections.all()[3].title.strip()}")
        self.assertLess(area3, staff)
        self.assertLess(staff, area4)

    def test_no_phrase_said_twice_and_the_subject_from_the_period(self) -> None:
        for code, texts in self.texts.items():
            for text in texts:
                with self.subTest(code=code, text=text[:60]):
                    self.assertIsNone(repeated_run(text))
            subject = next(t for t in texts if t.startswith("Kết quả thực hiện công tác"))
            self.assertIn("năm 2026", subject)
            self.assertNotIn("Báo cáo kết quả", subject)
            self.assertEqual(sum(1 for t in texts if "Căn cứ" in t and "28/NQ-CP ngày" in t), 0)
            notes = "\n".join(t for t in texts if t.startswith("("))
            self.assertLessEqual(notes.count("28/NQ-CP ngày 03/3/2021"), 1, code)

    def test_no_code_reaches_the_reader(self) -> None:
        for code, texts in self.texts.items():
            for text in texts:
                with self.subTest(code=code, text=text[:60]):
                    self.assertIsNone(CODE_LIKE.search(text))
            workbook = openpyxl.load_workbook(io.BytesIO(render_report_xlsx(self.reports[code])))
            for sheet in workbook.worksheets:
                self.assertNotIn("Mã", [cell.value for cell in sheet[1]], sheet.title)
                for row in sheet.iter_rows(values_only=True):
                    for value in row:
                        if isinstance(value, str):
                            self.assertIsNone(CODE_LIKE.search(value), (sheet.title, value))
        html = self._dashboard(THAI_NGUYEN)
        self.assertIsNone(CODE_LIKE.search(visible_text(html)))
        self.assertIn("số đơn vị phải báo cáo", visible_text(html))

    def _dashboard(self, code: str) -> str:
        user = get_user_model().objects.create_user(f"dieuphoi{code}", password="x-Long-enough-1")
        Membership.objects.create(user=user, unit=self.units[code], role=Role.COORDINATOR)
        self.client.force_login(user)
        with translation.override("vi"):
            response = self.client.get(
                reverse("analytics:dashboard", args=[self.period.pk]) + f"?unit={code}",
                HTTP_ACCEPT_LANGUAGE="vi",
            )
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_same_numbers_in_the_text_the_tables_the_workbook_and_the_dashboard(self) -> None:
        report = self.reports[THAI_NGUYEN]
        texts = self.texts[THAI_NGUYEN]
        workbook = openpyxl.load_workbook(io.BytesIO(render_report_xlsx(report)))
        summary = {row[1]: row for row in workbook["Tổng hợp"].iter_rows(min_row=2, values_only=True)}
        html = self._dashboard(THAI_NGUYEN)
        checked = 0
        for element in report.elements():
            if element.total is None or element.value_type in ("text", "boolean") or not element.total:
                continue
            shown = vn_number(element.total)
            # the text (part I) …
            line = next((t for t in texts if t.startswith(("- ", "+ ")) and element.label[:40] in t), None)
            if line is not None:
                self.assertIn(f": {shown} ", line + " ")
            # … Phụ lục I …
            rows = [t for t in texts if t == shown]
            self.assertTrue(rows, element.label)
            # … the workbook …
            self.assertEqual(summary[element.label][3], plain_number(element.total))
            # … and the dashboard (its table by sex).
            match = re.search(rf'data-element="{element.code}".*?data-total>([^<]*)<', html)
            if match:
                self.assertEqual(match.group(1).strip(), shown)
                checked += 1
        self.assertGreater(checked, 5)
        # A yes/no fact said once, the same way: "49/113 đơn vị phải báo cáo (43,4%)" and the
        # indicator built on it.
        month = next(i for i in report.indicators if i.code == "QD1790_ACTION_MONTH")
        line = next(t for t in texts if "Tháng hành động" in t and "đơn vị phải báo cáo (" in t)
        self.assertIn(f"({vn_number(month.value)}%)", line)

    def test_year_on_year(self) -> None:
        report = self.reports[THAI_NGUYEN]
        self.assertTrue(any(e.previous is not None for e in report.elements()))
        text = "\n".join(self.texts[THAI_NGUYEN])
        self.assertRegex(text, r"(tăng|giảm) [\d.,]+ [^;]* so với năm 2025")
        self.assertIn("Năm 2025", self.texts[THAI_NGUYEN])  # Phụ lục I's column
        workbook = openpyxl.load_workbook(io.BytesIO(render_report_xlsx(report)))
        header = [cell.value for cell in workbook["Tổng hợp"][1]]
        self.assertIn("Năm 2025", header)

    def test_the_persons_text_replaces_the_computed_one(self) -> None:
        written = {"assessment": "1. Ưu điểm\n- Các ngành phối hợp chặt chẽ.\nĐoạn do cán bộ viết."}
        texts = docx_paragraphs(render_report_docx(self.reports[THAI_NGUYEN], narrative=written))
        self.assertIn("- Các ngành phối hợp chặt chẽ.", texts)
        self.assertIn("Đoạn do cán bộ viết.", texts)
        self.assertIn("1. Ưu điểm", texts)
        self.assertNotIn("2. Tồn tại, hạn chế", texts)  # the computed part III is replaced …
        self.assertIn("V. ĐỀ XUẤT, KIẾN NGHỊ", texts)  # … the parts nobody wrote are computed

    def test_the_reminder_letter_cites_the_plan_by_its_peoples_committee(self) -> None:
        with translation.override("vi"):
            facts = reminder_input(self.period, self.units[THAI_NGUYEN])
            letter = "\n".join(docx_paragraphs(reminder_letter_docx(facts)))
        self.assertIn("của UBND tỉnh Thái Nguyên về", letter)
        self.assertNotIn("Tỉnh Thái Nguyên", letter)

    def test_pdf_pages_never_hold_only_a_signature_a_recipients_list_or_a_heading(self) -> None:
        if find_libreoffice() is None or shutil.which("pdftotext") is None:
            self.skipTest("LibreOffice and poppler are needed")
        closing = set()
        with translation.override("vi"):
            document = provincial_report(self.reports[THAI_NGUYEN])
            letter = reminder_letter_docx(reminder_input(self.period, self.units[THAI_NGUYEN]))
        closing |= {line.strip() for line in document.signature.lines}
        for pdf in (
            render_pdf(self.documents[THAI_NGUYEN]),
            render_pdf(letter),
            render_pdf(self.documents["VN"]),
        ):
            pages = pdf_pages(pdf)
            self.assertGreater(len(pages), 1)
            for page, lines in enumerate(pages, start=1):
                content = [line for line in lines if not line.isdigit()]
                with self.subTest(page=page, first=content[:2]):
                    self.assertGreater(len(content), 3)
                    self.assertFalse(content[0].startswith(("Nơi nhận", "KT.", "TM.")))
                    self.assertFalse(all(line in closing or line.startswith("-") for line in content))


def pdf_pages(pdf: bytes) -> list[list[str]]:
    """Each page's non-empty lines, read with pdftotext."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    pages = result.stdout.decode("utf-8").split("\f")
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pages if page.strip()]
