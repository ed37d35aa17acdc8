"""The plan importer through its command and upload page: results, atomicity, duplicates, bad files."""

import io
import json
import zipfile
from io import StringIO
from pathlib import Path

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse

from binhdang.accounts.choices import Role
from binhdang.accounts.models import Membership
from binhdang.core.models import AuditEvent
from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.plans.models import Addressee, Assignment, Milestone, Plan, Task

SEED = Path(__file__).resolve().parents[1] / "importer" / "samples" / "kh_thai_nguyen_2026.txt"

EXPECTED_ADDRESSEES = [
    ("Sở Nội vụ", ["19-SNV"], False, 4),
    ("Sở Văn hóa, Thể thao và Du lịch", ["19-SVHTTDL"], False, 4),
    ("Sở Giáo dục và Đào tạo", ["19-SGDDT"], False, 2),
    ("Sở Y tế", ["19-SYT"], False, 2),
    ("Sở Khoa học và Công nghệ", ["19-SKHCN"], False, 2),
    ("Sở Tư pháp", ["19-STP"], False, 2),
    ("Sở Tài chính", ["19-STC"], False, 2),
    ("Thanh tra tỉnh", ["19-TTRA"], False, 1),
    ("Công an tỉnh", ["19-CA"], False, 2),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các tổ chức thành viên", ["19-MTTQ"], True, 1),
    ("Hội Liên hiệp Phụ nữ tỉnh", ["19-HLHPN"], True, 3),
    ("Liên đoàn Lao động tỉnh", ["19-LDLD"], True, 1),
]


def seed_as_docx() -> bytes:
    document = docx.Document()
    for line in SEED.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class ImportCommandTests(PersonaTestCase):
    def run_json(self, path: Path, *flags: str) -> dict:
        out = StringIO()
        call_command("import_plan", str(path), "--json", *flags, stdout=out)
        return json.loads(out.getvalue())

    def assert_seed_report(self, report: dict) -> None:
        self.assertEqual(report["year"], 2026)
        self.assertEqual(report["issuer"], {"name": "Tỉnh Thái Nguyên", "code": "19"})
        self.assertEqual(
            [(b["kind"], b["number"], b["date"]) for b in report["legal_bases"]],
            [
                ("law", None, None),
                ("decree", "70/2008/NĐ-CP", "2008-06-04"),
                ("decree", "48/2009/NĐ-CP", "2009-05-19"),
                ("resolution", "28/NQ-CP", "2021-03-03"),
                ("official_letter", "2855/BNV-CTTN&BDG", "2026-03-27"),
            ],
        )
        self.assertEqual([s["number"] for s in report["sections"]], ["1", "2", "3", "4", "5", "6", "7"])
        self.assertTrue(all(s["tasks"] >= 1 for s in report["sections"]))
        got = [(a["name"], a["unit_codes"], a["requested"], a["tasks"]) for a in report["assignments"][:12]]
        self.assertEqual(got, EXPECTED_ADDRESSEES)
        departments, media, statistics, communes = report["assignments"][12:]
        self.assertTrue(departments["group"])
        self.assertIn("19-SYT", departments["unit_codes"])
        self.assertIn("19-TK", departments["unit_codes"])
        self.assertNotIn("19-HLHPN", departments["unit_codes"])
        self.assertEqual(media["unit_codes"], ["19-BPTTH", "19-TTTT"])
        self.assertEqual((statistics["unit_codes"], statistics["tasks"]), (["19-TK"], 1))
        self.assertTrue(communes["group"])
        self.assertEqual(len(communes["unit_codes"]), 92)
        self.assertIn(self.commune_a.code, communes["unit_codes"])
        self.assertEqual([d["date"] for d in report["deadlines"]], ["2026-12-15", "2026-12-20"])
        self.assertEqual([(w["start"], w["end"]) for w in report["windows"]], [("2026-11-15", "2026-12-15")])
        self.assertEqual(report["unmatched"], [])

    def test_the_seed_dry_run_reports_everything_and_saves_nothing(self) -> None:
        self.assert_seed_report(self.run_json(SEED, "--dry-run"))
        self.assertFalse(Plan.objects.exists())
        self.assertFalse(Task.objects.exists())
        self.assertFalse(AuditEvent.objects.filter(event_type="plans.imported").exists())

    def test_the_same_plan_from_a_docx_gives_the_same_result(self) -> None:
        path = Path(self.enterContext(__import__("tempfile").TemporaryDirectory())) / "ke-hoach.docx"
        path.write_bytes(seed_as_docx())
        from_docx = self.run_json(path, "--dry-run")
        from_text = self.run_json(SEED, "--dry-run")
        self.assertEqual(from_docx, from_text)
        self.assert_seed_report(from_docx)

    def test_importing_the_same_document_twice_does_not_duplicate(self) -> None:
        first = self.run_json(SEED)
        second = self.run_json(SEED)
        self.assertEqual(first["id"], second["id"])
        self.assertEqual(Plan.objects.count(), 1)
        self.assertEqual(Addressee.objects.count(), 16)

    def test_publish_gives_every_unit_its_assignments(self) -> None:
        report = self.run_json(SEED, "--publish")
        plan = Plan.objects.get(pk=report["id"])
        self.assertEqual(plan.status, "published")
        requested = Assignment.objects.filter(task__plan=plan, unit__code="19-HLHPN")
        self.assertEqual(requested.count(), 3)
        self.assertTrue(all(a.role == "requested" for a in requested))
        self.assertEqual({a.due_date.isoformat() for a in requested}, {"2026-12-15"})
        self.assertEqual(Milestone.objects.filter(plan=plan).count(), 3)

    def test_bad_files_get_a_clear_message_and_leave_nothing_behind(self) -> None:
        tmp = Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))
        cases = {
            "empty.txt": (b"", "Tệp rỗng"),
            "not-a-plan.txt": (
                "Biên bản họp chi bộ tháng 11.\nNội dung: bàn về việc sửa mái nhà.".encode(),
                "không giống một kế hoạch",
            ),
            "broken.docx": (b"PK\x03\x04 this is not really a word file", "bị hỏng"),
            "photo.jpg": (b"\xff\xd8\xff\xe0", "Tệp ảnh bị hỏng"),
            "plan.odt": (b"PK\x03\x04", "không được hỗ trợ"),
        }
        for name, (content, message) in cases.items():
            (tmp / name).write_bytes(content)
            with self.subTest(name), self.assertRaisesMessage(CommandError, message):
                call_command("import_plan", str(tmp / name), stdout=StringIO())
        self.assertFalse(Plan.objects.exists())

    @override_settings(UPLOAD_MAX_BYTES=1000)
    def test_an_oversized_file_is_refused_with_the_limit(self) -> None:
        with self.assertRaisesMessage(CommandError, "quá lớn"):
            call_command("import_plan", str(SEED), stdout=StringIO())
        self.assertFalse(Plan.objects.exists())

    def test_a_zip_bomb_docx_is_refused(self) -> None:
        tmp = Path(self.enterContext(__import__("tempfile").TemporaryDirectory()))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024))
        (tmp / "bomb.docx").write_bytes(buffer.getvalue())
        with self.assertRaisesMessage(CommandError, "độc hại"):
            call_command("import_plan", str(tmp / "bomb.docx"), stdout=StringIO())
        self.assertFalse(Plan.objects.exists())


class UploadPageTests(PersonaTestCase):
    def upload(self, name: str, content: bytes):  # noqa: ANN201

        return self.client.post(reverse("plans:plan_import"), {"document": SimpleUploadedFile(name, content)})

    def test_the_coordinator_uploads_the_seed_and_lands_on_its_review(self) -> None:
        self.login(self.coordinator)
        response = self.upload("kh-2026.docx", seed_as_docx())
        plan = Plan.objects.get()
        self.assertRedirects(response, reverse("plans:plan_detail", args=[plan.pk]))
        page = self.client.get(reverse("plans:plan_detail", args=[plan.pk]))
        self.assertContains(page, "Hội Liên hiệp Phụ nữ tỉnh")
        self.assertContains(page, "UBND các xã, phường (92)")
        self.assertContains(page, "Tháng hành động")

    def test_a_corrupt_upload_is_explained_on_the_page_and_nothing_is_saved(self) -> None:
        self.login(self.coordinator)
        response = self.upload("ke-hoach.docx", b"PK\x03\x04garbage")
        self.assertContains(response, "Tệp .docx bị hỏng hoặc không đọc được")
        self.assertFalse(Plan.objects.exists())

    def test_a_commune_reporter_cannot_import(self) -> None:
        self.login(self.reporter_a)
        self.assertEqual(self.client.get(reverse("plans:plan_import")).status_code, 404)
        self.assertEqual(self.upload("kh.txt", SEED.read_bytes()).status_code, 404)
        self.assertFalse(Plan.objects.exists())

    def test_the_outsider_cannot_import_a_plan_of_another_province(self) -> None:
        Membership.objects.create(
            user=self.outsider, unit=self.outsider.memberships.get().unit.parent, role=Role.COORDINATOR
        )
        self.login(self.outsider)
        response = self.upload("kh.txt", SEED.read_bytes())
        self.assertContains(response, "ngoài phạm vi")
        self.assertFalse(Plan.objects.exists())
