"""The công văn đôn đốc: its text from a `ReminderInput`, and the download from the progress page
built from live completeness."""

import datetime
import io
import zoneinfo

import docx
import pytest
from django.urls import reverse

from binhdang.documents.pdf import find_libreoffice, render_pdf
from binhdang.documents.reminder_letter import (
    LateReport,
    PlanReference,
    ReminderInput,
    late_unit,
    reminder_letter_for,
)
from binhdang.reporting.models import Submission
from binhdang.reporting.tests.helpers import ReportTestCase

HCM = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def at(*parts: int) -> datetime.datetime:
    return datetime.datetime(*parts, tzinfo=HCM)


def facts(**changes) -> ReminderInput:
    arguments = {
        "province_name": "Tỉnh Thái Nguyên",
        "place": "Thái Nguyên",
        "period_year": 2026,
        "due_date": datetime.date(2026, 12, 15),
        "consolidation_due": datetime.date(2026, 12, 20),
        "plan": PlanReference(
            "58/KH-UBND", datetime.date(2026, 4, 10), "UBND tỉnh Thái Nguyên", "Thực hiện …"
        ),
        "late": [
            LateReport("Xã Đại Từ", "commune", "missing", "Bà Hoa · 0912345678"),
            LateReport("Hội Liên hiệp Phụ nữ tỉnh", "mass_org", "returned", ""),
        ],
        "today": datetime.date(2026, 12, 17),
    } | changes
    return ReminderInput(**arguments)


def test_the_labels_come_from_the_codes() -> None:
    unit = late_unit(LateReport("Xã Đại Từ", "commune", "draft", "—"))
    assert unit.status_label == "Đang nhập"  # the state's one name (ReportState), as every page has it
    assert unit.kind_label in {"Xã", "Commune"}  # the kind's label in the active language
    assert late_unit(LateReport("X", "unknown", "returned", "")).kind_label == "unknown"


def test_the_letter_from_its_input() -> None:
    document = reminder_letter_for(facts())
    assert document.issuer.parent == "UBND TỈNH THÁI NGUYÊN"
    assert document.issuer_code == "SNV" and document.date is None and document.year == 2026
    assert document.subject.endswith("năm 2026")
    text = " ".join(block.text for block in document.body if hasattr(block, "text"))
    assert "Kế hoạch số 58/KH-UBND ngày 10/4/2026 của UBND tỉnh Thái Nguyên về thực hiện …" in text
    assert "15/12/2026" in text and "20/12/2026" in text
    city = reminder_letter_for(facts(province_name="Thành phố Hà Nội", place="Hà Nội", plan=None))
    assert city.issuer.parent == "UBND THÀNH PHỐ HÀ NỘI"
    city_text = " ".join(block.text for block in city.body if hasattr(block, "text"))
    assert "về UBND thành phố (qua Sở Nội vụ)" in city_text
    assert "báo cáo UBND thành phố, Bộ Nội vụ" in city_text
    assert "tỉnh" not in city_text  # a centrally-run city is never called a province


class ReminderLetterTests(ReportTestCase):
    def test_the_coordinator_downloads_the_letter_listing_the_late_units(self) -> None:
        Submission.objects.create(
            period=self.period, unit=self.commune_b, status="submitted", delivered_at=at(2026, 12, 10)
        )
        self.login(self.coordinator)
        response = self.client.get(reverse("documents:reminder_letter", args=[self.period.pk]))
        self.assertEqual(response.status_code, 200)
        document = docx.Document(io.BytesIO(response.content))
        text = "\n".join(p.text for p in document.paragraphs)
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "\n".join(cells) + text)
        self.assertIn("Xã Đại Từ", cells)
        self.assertNotIn("Xã Phú Lương", cells)
        self.assertIn("15/12/2026", text)

    def test_the_letter_keeps_its_path(self) -> None:
        url = reverse("documents:reminder_letter", args=[self.period.pk])
        self.assertEqual(url, f"/reports/{self.period.pk}/progress/letter.docx")

    def test_the_letter_opens_in_libreoffice(self) -> None:
        if find_libreoffice() is None:
            pytest.skip("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
        self.login(self.coordinator)
        data = self.client.get(reverse("documents:reminder_letter", args=[self.period.pk])).content
        pdf = render_pdf(data)
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_a_commune_reporter_cannot_download_it(self) -> None:
        self.login(self.reporter_a)
        self.assertEqual(
            self.client.get(reverse("documents:reminder_letter", args=[self.period.pk])).status_code, 404
        )
