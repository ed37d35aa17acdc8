"""Rendering the provincial report as a job: progress, then the file — the same numbers everywhere."""

import io
import json
import tempfile
from io import StringIO
from pathlib import Path
from unittest import mock

import docx
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from binhdang.analytics.engine import consolidate
from binhdang.core.models import AuditEvent, Job
from binhdang.documents import jobs
from binhdang.documents.pdf import find_libreoffice
from binhdang.documents.tasks import render_report_task
from binhdang.reporting.models import Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import make_key
from binhdang.reporting.tests.helpers import ReportTestCase

MM = 36000  # EMU per millimetre


@override_settings(MEDIA_ROOT="/tmp/binhdang-test-media")
class RenderJobTests(ReportTestCase):
    def setUp(self) -> None:
        for unit, women, men in ((self.commune_a, "1234", "567"), (self.commune_b, "5", "2")):
            do_save_cells(
                self.period,
                unit,
                [
                    CellChange("OFFICIALS", make_key(sex="F"), women, None, None),
                    CellChange("OFFICIALS", make_key(sex="M"), men, None, None),
                ],
                acting_user=self.coordinator,
            )
        Submission.objects.update(status="accepted")

    def render(self, fmt: str) -> Job:
        self.login(self.coordinator)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("documents:render", args=[self.period.pk]), {"format": fmt})
        job = Job.objects.latest("pk")
        self.assertRedirects(response, reverse("documents:job", args=[job.pk]))
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress), ("done", 100), job.message)
        return job

    def download(self, job: Job) -> bytes:
        response = self.client.get(reverse("documents:job_download", args=[job.pk]))
        self.assertEqual(response.status_code, 200)
        return b"".join(response.streaming_content)

    def test_a_failed_render_says_so_in_plain_words_not_the_programs_error(self) -> None:
        self.login(self.coordinator)
        with (
            mock.patch.dict(jobs.RENDERERS, {"xlsx": mock.Mock(side_effect=KeyError("ELEMENT_CODE_X"))}),
            self.captureOnCommitCallbacks(execute=True),
        ):
            self.client.post(reverse("documents:render", args=[self.period.pk]), {"format": "xlsx"})
        job = Job.objects.latest("pk")
        self.assertEqual(job.status, "failed")
        self.assertNotIn("ELEMENT_CODE_X", job.message)
        page = self.client.get(reverse("documents:job", args=[job.pk]))
        self.assertContains(page, "Không tạo được tài liệu")
        self.assertTrue(AuditEvent.objects.filter(event_type="documents.render_failed").exists())

    def test_the_docx_is_in_the_official_format_and_carries_the_consolidated_numbers(self) -> None:
        data = self.download(self.render("docx"))
        document = docx.Document(io.BytesIO(data))
        section = document.sections[0]
        self.assertAlmostEqual(section.page_width / MM, 210, delta=1)
        self.assertAlmostEqual(section.page_height / MM, 297, delta=1)
        # Word stores margins in twentieths of a point: allow the rounding (0.1 mm).
        self.assertTrue(
            19.9 <= section.top_margin / MM <= 25.1 and 19.9 <= section.bottom_margin / MM <= 25.1
        )
        self.assertTrue(
            29.9 <= section.left_margin / MM <= 35.1 and 14.9 <= section.right_margin / MM <= 20.1
        )
        normal = document.styles["Normal"].font
        self.assertEqual(normal.name, "Times New Roman")
        self.assertTrue(13 <= normal.size.pt <= 14)
        text = "\n".join(p.text for p in document.paragraphs)
        cells = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
        everything = text + "\n" + cells
        for line in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "BÁO CÁO",
            "/BC-UBND",
            "Nơi nhận:",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
        ):
            self.assertIn(line, everything)
        for heading in ("I. ", "II. ", "III. ", "IV. "):
            self.assertTrue(any(p.text.startswith(heading) for p in document.paragraphs), heading)
        total = consolidate(self.period, self.province).element("OFFICIALS").total
        self.assertEqual(total, 1808)
        self.assertIn("1.808", everything)  # the same number, written the Vietnamese way
        self.assertIn("1.239", everything)  # women
        self.assertIn("569", everything)  # men

    def test_the_xlsx_annex_and_the_json_carry_the_same_numbers(self) -> None:
        workbook = load_workbook(io.BytesIO(self.download(self.render("xlsx"))))
        values = [cell.value for row in workbook.worksheets[0].iter_rows() for cell in row]
        self.assertIn(1808, values)
        self.assertIn(1239, values)
        out = StringIO()
        call_command("consolidate", "--period", "2026", "--unit", "19", "--json", stdout=out)
        data = json.loads(out.getvalue())
        self.assertEqual(data["elements"]["OFFICIALS"]["total"], 1808)
        self.assertEqual(data["elements"]["OFFICIALS"]["by"]["sex"], {"M": 569, "F": 1239})

    def test_the_dashboard_shows_the_same_numbers(self) -> None:
        self.login(self.coordinator)
        page = self.client.get(reverse("analytics:dashboard", args=[self.period.pk]))
        self.assertContains(page, '<td class="text-end" data-total>1.808</td>', html=False)
        self.assertContains(page, '<td class="text-end">1.239</td>', html=False)

    def test_the_pdf_converts_with_libreoffice(self) -> None:
        if find_libreoffice() is None:
            pytest.skip("LibreOffice is not installed: apt-get install libreoffice-writer-nogui")
        data = self.download(self.render("pdf"))
        self.assertTrue(data.startswith(b"%PDF"))

    def test_the_render_command_writes_the_file(self) -> None:
        out = Path(self.enterContext(tempfile.TemporaryDirectory())) / "bc.docx"
        call_command(
            "render_report",
            "--period",
            "2026",
            "--unit",
            "19",
            "--format",
            "docx",
            "--out",
            str(out),
            stdout=StringIO(),
        )
        self.assertIn(
            "1.808",
            "\n".join(c.text for t in docx.Document(str(out)).tables for r in t.rows for c in r.cells),
        )

    def test_someone_elses_job_answers_404(self) -> None:
        job = self.render("xlsx")
        self.login(self.viewer)
        self.assertEqual(self.client.get(reverse("documents:job", args=[job.pk])).status_code, 404)
        self.assertEqual(self.client.get(reverse("documents:job_download", args=[job.pk])).status_code, 404)


def test_the_task_keeps_its_registered_name() -> None:
    """Jobs queued by a worker before the move to documents still find their task."""
    assert render_report_task.name == "analytics.render_report"
