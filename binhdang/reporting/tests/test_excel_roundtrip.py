"""The Excel round trip through the pages and the commands, against the database."""

import io
import json
import zipfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from openpyxl import load_workbook

from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.queries import submission_values
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import TOTAL, make_key
from binhdang.reporting.tests.helpers import ReportTestCase

ENTERED = [
    ("OFFICIALS", make_key(sex="M"), "2"),
    ("OFFICIALS", make_key(sex="F"), "3"),
    ("PARTICIPANTS", make_key(sex="F", ethnicity="02"), "12"),
    ("PARTICIPANTS", make_key(sex="M", ethnicity="01"), "7"),
    ("SPENT", TOTAL, "1.500.000"),
    ("NOTE", TOTAL, "=Thiếu kinh phí cho Tháng hành động"),
]


def fill(data: bytes, entries: list[tuple[str, dict, object]]) -> bytes:
    """Type into the cells of a workbook, found by the codes the file carries (element, key)."""
    workbook = load_workbook(io.BytesIO(data))
    for code, key, value in entries:
        done = False
        for sheet in workbook.worksheets:
            for row in range(1, sheet.max_row + 1):
                raw = sheet.cell(row, 1).value
                if not isinstance(raw, str) or not raw.startswith("{"):
                    continue
                meta = json.loads(raw)
                if meta.get("e") != code:
                    continue
                fixed = {k: v for k, v in key.items() if k != meta.get("d")}
                if meta.get("k", {}) != fixed:
                    continue
                columns = meta.get("c") or ["*"]
                wanted = key.get(meta.get("d"), "*") if meta.get("d") else "*"
                if wanted in columns:
                    sheet.cell(row, 3 + columns.index(wanted)).value = value
                    done = True
        assert done, (code, key)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class ExcelRoundTripTests(ReportTestCase):
    def enter(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [CellChange(c, k, v, None, 0) for c, k, v in ENTERED],
            acting_user=self.reporter_a,
        )

    def download(self) -> bytes:
        self.login(self.reporter_a)
        response = self.client.get(
            reverse("reporting:export_xlsx", args=[self.period.pk, self.commune_a.code])
        )
        self.assertEqual(response.status_code, 200)
        return response.content

    def upload(self, data: bytes, name: str = "bao-cao.xlsx"):  # noqa: ANN201
        return self.client.post(
            reverse("reporting:import_xlsx", args=[self.period.pk, self.commune_a.code]),
            {"file": SimpleUploadedFile(name, data)},
        )

    def confirm(self, preview, *, keep_all: bool = False, clear_empty: bool = False):  # noqa: ANN001, ANN201
        """Confirm the import a preview shows, keeping the file's value of every conflict if asked."""
        self.assertEqual(preview.status_code, 200)
        plan = preview.context["plan"]
        data = {"token": preview.context["token"], "plan": plan.fingerprint(), "apply": "1"}
        if keep_all:
            data["keep"] = [f"{cell.ident}:{cell.version}" for cell in plan.conflicts]
        if clear_empty:
            data["clear_empty"] = "1"
        return self.client.post(
            reverse("reporting:import_confirm", args=[self.period.pk, self.commune_a.code]), data
        )

    def test_download_fill_upload_equals_the_same_values_entered_in_the_form(self) -> None:
        self.enter()
        from_form = submission_values(Submission.objects.get())[0]
        data = self.download()
        DataValue.objects.all().delete()  # gone online since the download: each cell is a conflict
        preview = self.upload(data)
        self.assertEqual(len(preview.context["plan"].conflicts), len(from_form))
        self.assertRedirects(
            self.confirm(preview, keep_all=True),
            reverse("reporting:entry", args=[self.period.pk, self.commune_a.code]),
        )
        self.assertEqual(submission_values(Submission.objects.get())[0], from_form)
        self.assertEqual(from_form[("NOTE", TOTAL)], "=Thiếu kinh phí cho Tháng hành động")

    def test_values_typed_in_excel_arrive_in_the_report(self) -> None:
        data = fill(
            self.download(),
            [
                ("OFFICIALS", {"sex": "F"}, 4),
                ("SPENT", {}, "2.000.000"),
                ("PARTICIPANTS", {"sex": "M", "ethnicity": "09"}, 5),
            ],
        )
        self.confirm(self.upload(data))
        values = submission_values(Submission.objects.get())[0]
        self.assertEqual(
            values,
            {
                ("OFFICIALS", make_key(sex="F")): Decimal(4),
                ("SPENT", TOTAL): Decimal(2000000),
                ("PARTICIPANTS", make_key(sex="M", ethnicity="09")): Decimal(5),
            },
        )

    def test_a_bad_file_gets_cell_level_errors_and_changes_nothing(self) -> None:
        self.enter()
        before = submission_values(Submission.objects.get())[0]
        data = fill(
            self.download(),
            [("OFFICIALS", {"sex": "F"}, "mười"), ("OFFICIALS", {"sex": "M"}, -2), ("SPENT", {}, 99)],
        )
        response = self.upload(data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "mười&#x27; không phải là số", status_code=400)
        self.assertContains(response, "2 lỗi", status_code=400)
        self.assertEqual(submission_values(Submission.objects.get())[0], before)

    def test_another_units_file_is_refused(self) -> None:
        self.login(self.reporter_b)
        other = self.client.get(
            reverse("reporting:export_xlsx", args=[self.period.pk, self.commune_b.code])
        ).content
        self.login(self.reporter_a)
        response = self.upload(other)
        self.assertContains(response, self.commune_b.code, status_code=400)
        self.assertFalse(DataValue.objects.exists())

    def test_a_zip_bomb_and_a_corrupt_file_are_refused(self) -> None:
        self.login(self.reporter_a)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("xl/worksheets/sheet1.xml", b"0" * (120 * 1024 * 1024))
        self.assertEqual(self.upload(buffer.getvalue()).status_code, 400)
        self.assertEqual(self.upload(b"not a workbook at all").status_code, 400)
        self.assertFalse(DataValue.objects.exists())

    @override_settings(UPLOAD_MAX_BYTES=2000)
    def test_an_oversized_file_is_refused(self) -> None:
        data = self.download()
        self.assertContains(
            self.upload(data), "Tệp quá lớn: dung lượng tối đa là 2,0\u00a0KB", status_code=400
        )

    def test_commune_b_cannot_download_or_upload_commune_as_report(self) -> None:
        self.login(self.reporter_b)
        url = reverse("reporting:export_xlsx", args=[self.period.pk, self.commune_a.code])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.upload(b"x").status_code, 404)


class ExcelCommandTests(ReportTestCase):
    def test_export_and_import_by_command_with_the_year_as_period(self) -> None:
        tmp = Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))
        call_command(
            "export_report_xlsx",
            "--unit",
            self.commune_a.code,
            "--period",
            "2026",
            "--out",
            str(tmp / "r.xlsx"),
            stdout=StringIO(),
        )
        (tmp / "filled.xlsx").write_bytes(
            fill((tmp / "r.xlsx").read_bytes(), [("OFFICIALS", {"sex": "F"}, 6)])
        )
        out = StringIO()
        call_command(
            "import_report_xlsx",
            str(tmp / "filled.xlsx"),
            "--unit",
            self.commune_a.code,
            "--period",
            "2026",
            "--dry-run",
            stdout=out,
        )
        self.assertIn("chạy thử", out.getvalue())
        self.assertFalse(DataValue.objects.exists())
        call_command(
            "import_report_xlsx",
            str(tmp / "filled.xlsx"),
            "--unit",
            self.commune_a.code,
            "--period",
            "2026",
            stdout=StringIO(),
        )
        self.assertEqual(DataValue.objects.get().value, 6)

    def test_a_bad_file_exits_non_zero_with_every_cell_error(self) -> None:
        tmp = Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))
        call_command(
            "export_report_xlsx",
            "--unit",
            self.commune_a.code,
            "--period",
            "2026",
            "--out",
            str(tmp / "r.xlsx"),
            stdout=StringIO(),
        )
        (tmp / "bad.xlsx").write_bytes(
            fill(
                (tmp / "r.xlsx").read_bytes(),
                [("OFFICIALS", {"sex": "F"}, "mười"), ("OFFICIALS", {"sex": "M"}, 1.5)],
            )
        )
        err = StringIO()
        with self.assertRaisesMessage(CommandError, "2 lỗi"):
            call_command(
                "import_report_xlsx",
                str(tmp / "bad.xlsx"),
                "--unit",
                self.commune_a.code,
                "--period",
                "2026",
                stdout=StringIO(),
                stderr=err,
            )
        lines = err.getvalue().strip().splitlines()
        self.assertEqual(len(lines), 2)
        self.assertTrue(all("!" in line for line in lines))
        self.assertFalse(DataValue.objects.exists())

    def test_an_unknown_period_or_unit_is_named(self) -> None:
        with self.assertRaisesMessage(CommandError, "“1999”"):
            call_command("export_report_xlsx", "--unit", "05830", "--period", "1999", "--out", "/tmp/x.xlsx")
        with self.assertRaisesMessage(CommandError, "“NOPE”"):
            call_command("export_report_xlsx", "--unit", "NOPE", "--period", "2026", "--out", "/tmp/x.xlsx")
