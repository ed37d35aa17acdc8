# ruff: noqa: E501  (inline WordprocessingML is clearer on one line)
"""Plans as offices hold them: Word with automatic numbering, .doc, a text PDF, a scan, a commune's
plan; hostile files refused with a clear message and nothing left behind; linear-time parsing."""

import io
import os
import shutil
import struct
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path
from unittest import mock

import docx
import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from binhdang.core.jobs import MAX_ATTEMPTS
from binhdang.core.models import AuditEvent, Job
from binhdang.core.tests.helpers import PersonaTestCase
from binhdang.orgunits.choices import OrgUnitKind
from binhdang.plans import pending_uploads, services
from binhdang.plans.importer.convert import OLE2_MAGIC
from binhdang.plans.importer.documents import read_upload
from binhdang.plans.importer.errors import PlanParseError
from binhdang.plans.importer.layout import Paragraph
from binhdang.plans.importer.ocr import mend_markers, tesseract
from binhdang.plans.importer.parser import parse_plan
from binhdang.plans.importing import (
    OCR_JOB_KIND,
    PlanImportError,
    import_plan,
    run_ocr_import,
    start_ocr_import,
)
from binhdang.plans.models import Plan, Task
from binhdang.plans.tasks import ocr_import_task
from binhdang.plans.tests.documents import (
    HEADER,
    convert,
    page_images,
    plain_docx,
    scanned_pdf,
    soffice,
    word_plan,
)

FOOTNOTE = "Theo Nghị định số 48/2009/NĐ-CP ngày 19/5/2009 của Chính phủ quy định các biện pháp bảo đảm bình đẳng giới."
SEED = Path(__file__).resolve().parents[1] / "importer" / "samples" / "kh_thai_nguyen_2026.txt"
COMMUNE = Path(__file__).resolve().parent / "data" / "kh_xa_dai_tu_2026.txt"
PASSWORD_EXPORT = (
    'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
    '"DocumentOpenPassword":{"type":"string","value":"bi-mat"}}'
)
needs_soffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) is not installed")
needs_ocr = pytest.mark.skipif(
    soffice() is None or shutil.which("pdftoppm") is None or tesseract() is None,
    reason="OCR needs LibreOffice, poppler's pdftoppm and Tesseract with its Vietnamese model",
)


def summary(text: str) -> dict:
    """What the coordinator checks: sections, addressees, task counts, deadlines and windows."""
    plan = parse_plan(text)
    return {
        "issuer": (plan.issuer_name, plan.province_name, plan.commune_name),
        "year": plan.year,
        "sections": [(s.number, s.title, len(s.tasks)) for s in plan.sections],
        "addressees": [(a.name, a.requested, len(a.tasks)) for a in plan.addressees],
        "deadlines": [(d.date, d.addressee) for d in plan.deadlines],
        "windows": [(w.start, w.end) for w in plan.windows],
    }


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed_docx(seed_text: str) -> bytes:
    return word_plan(seed_text, HEADER["province"], footnote=FOOTNOTE)


@pytest.fixture(scope="module")
def seed_pdf(seed_docx: bytes) -> bytes:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    return convert(seed_docx, ".docx", "pdf")


def test_word_automatic_numbering_gives_the_plain_text_result(seed_text: str, seed_docx: bytes) -> None:
    # The markers are only in numbering.xml, a heading style carries level 1, a footnote hangs on
    # a task and the header is a two-column table: what a reader sees, the parser sees.
    body = zipfile.ZipFile(io.BytesIO(seed_docx)).read("word/document.xml").decode()
    assert "II. NỘI DUNG" not in body and "1. Sở Nội vụ" not in body
    read = read_upload(seed_docx, "ke-hoach.docx")
    assert read.kind == "docx"
    assert read.text.startswith("ỦY BAN NHÂN DÂN\n\nTỈNH THÁI NGUYÊN\n\nSố: /KH-UBND\n\nCỘNG HÒA")
    assert "II. NỘI DUNG THỰC HIỆN" in read.text and "a) Các cơ quan" in read.text
    assert FOOTNOTE not in read.text  # the footnote stays out
    assert summary(read.text) == summary(seed_text)


def test_numbering_restarts_overrides_and_formats() -> None:
    document = docx.Document()
    numbering = document.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    numbering.append(
        docx.oxml.parse_xml(
            f"""<w:abstractNum {docx.oxml.ns.nsdecls("w")} w:abstractNumId="5">
            <w:lvl w:ilvl="0"><w:start w:val="4"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="PHẦN %1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2."/><w:isLgl/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
            </w:abstractNum>"""
        )
    )
    for num_id, override in (("7", ""), ("8", '<w:lvlOverride w:ilvl="1"><w:startOverride w:val="9"/></w:lvlOverride>')):
        numbering.append(
            docx.oxml.parse_xml(
                f'<w:num {docx.oxml.ns.nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="5"/>{override}</w:num>'
            )
        )
    rows = [("7", 0, "A"), ("7", 1, "B"), ("7", 2, "C"), ("7", 2, "D"), ("7", 1, "E"), ("7", 2, "F"),
            ("7", 0, "G"), ("7", 1, "H"), ("8", 1, "I")]  # fmt: skip
    for num_id, ilvl, text in rows:
        paragraph = document.add_paragraph(text)
        paragraph._p.get_or_add_pPr().append(
            docx.oxml.parse_xml(
                f'<w:numPr {docx.oxml.ns.nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
            )
        )
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_upload(buffer.getvalue(), "x.docx").text
    assert text.split("\n\n") == [
        "PHẦN IV. A", "4.1. B", "a) C", "b) D", "4.2. E", "a) F", "PHẦN V. G", "5.1. H", "5.9. I",
    ]  # fmt: skip


@needs_soffice
def test_the_same_plan_as_doc(seed_text: str, seed_docx: bytes) -> None:
    doc = convert(seed_docx, ".docx", "doc")
    assert doc.startswith(OLE2_MAGIC)
    read = read_upload(doc, "ke-hoach.doc")
    assert summary(read.text) == summary(seed_text)


@needs_soffice
def test_the_same_plan_as_a_text_pdf(seed_text: str, seed_pdf: bytes) -> None:
    read = read_upload(seed_pdf, "ke-hoach.pdf")
    assert read.kind == "pdf"
    # Running header and page numbers gone, the header read left block then right block, the
    # wrapped lines joined (with "kinh tế - xã hội" kept whole), the footnote out of the tasks.
    assert "Kế hoạch bình đẳng giới năm 2026\n" not in read.text
    assert "\n\n2\n\n" not in read.text
    assert read.text.index("Số: /KH-UBND") < read.text.index("CỘNG HÒA")
    assert "phát triển kinh tế - xã hội của ngành" in read.text and "giai đoạn 2018-2027”" in read.text
    assert read.text.endswith("¹ " + FOOTNOTE)  # set aside, whole, where no task reads it
    assert summary(read.text) == summary(seed_text)


@needs_ocr
def test_a_scanned_commune_plan_is_read_by_ocr() -> None:
    text = COMMUNE.read_text(encoding="utf-8")
    pdf = convert(word_plan(text, HEADER["commune"]), ".docx", "pdf")
    read = read_upload(scanned_pdf(pdf, 300), "ban-quet.pdf", ocr=True, progress=lambda done, of: None)
    assert read.kind == "ocr"
    assert summary(read.text) == summary(text)
    photo = page_images(pdf, 300, "png", pages=1)[0]  # a photo of the first page
    assert "KẾ HOẠCH" in read_upload(photo, "anh.png", ocr=True).text


def test_forty_thousand_paragraphs_parse_in_seconds_within_a_memory_budget(seed_text: str) -> None:
    filler = "\n\n".join(f"- Nhiệm vụ bổ sung số {i} của cơ quan." for i in range(40_000))
    text = seed_text.replace("5. Tổ chức thanh tra", filler + "\n\n5. Tổ chức thanh tra", 1)
    for data, name in ((text.encode(), "dai.txt"), (plain_docx(text.split("\n\n")), "dai.docx")):
        tracemalloc.start()
        started = time.perf_counter()
        plan = parse_plan(read_upload(data, name).text)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert sum(len(s.tasks) for s in plan.sections) > 40_000
        assert elapsed < 60, f"{name}: {elapsed:.1f} s"
        assert peak < 300 * 1024 * 1024, f"{name}: {peak / 2**20:.0f} MB"


def test_lines_that_join_into_one_endless_paragraph_are_refused(seed_text: str) -> None:
    filler = "\n".join(f"dòng thứ {i} của một đoạn không dứt" for i in range(40_000))
    started = time.perf_counter()
    with pytest.raises(PlanParseError, match="dài quá"):
        parse_plan(seed_text.replace("5. Tổ chức thanh tra", filler + "\n5. Tổ chức thanh tra", 1))
    assert time.perf_counter() - started < 30


def test_a_cell_spanning_400_million_columns_is_read_once(seed_text: str) -> None:
    document = docx.Document()
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Ghi chú"
    tc_pr = table.cell(0, 0)._tc.get_or_add_tcPr()
    tc_pr.append(docx.oxml.parse_xml(f'<w:gridSpan {docx.oxml.ns.nsdecls("w")} w:val="400000000"/>'))
    for line in seed_text.split("\n\n"):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    tracemalloc.start()
    started = time.perf_counter()
    text = read_upload(buffer.getvalue(), "span.docx").text
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert text.startswith("Ghi chú") and time.perf_counter() - started < 10
    assert peak < 100 * 1024 * 1024
    assert summary(text) == summary(seed_text)


class ImportOfOtherLevelsAndCareTests(PersonaTestCase):
    def test_a_commune_plan_never_matches_provincial_units(self) -> None:
        outcome = import_plan(COMMUNE.read_bytes(), COMMUNE.name, acting_user=self.coordinator)
        plan = outcome.plan
        self.assertEqual(plan.issuer.code, "05830")
        addressees = {a.name: a for a in plan.addressees.prefetch_related("units")}
        for name in ("Công an xã", "Trạm y tế xã", "Hội Liên hiệp Phụ nữ xã"):
            self.assertEqual(list(addressees[name].units.all()), [], name)
            self.assertEqual(addressees[name].unmatched, [name])
        self.assertFalse(
            Task.objects.filter(plan=plan, assignments__unit__path__startswith="VN/19/19-").exists()
        )
        created = services.do_create_commune_bodies(addressees["Công an xã"], acting_user=self.coordinator)
        self.assertEqual([(u.name, u.kind, u.parent.code) for u in created],
                         [("Công an xã", OrgUnitKind.COMMUNE_BODY, "05830")])  # fmt: skip
        self.assertEqual(
            set(Task.objects.filter(addressee__name="Công an xã").values_list("assignments__unit__code", flat=True)),
            {created[0].code},
        )
        # The body is now in the register under the commune: the next commune plan finds it.
        again = COMMUNE.read_text(encoding="utf-8").replace("Số: 12/KH-UBND", "Số: 13/KH-UBND")
        second = import_plan(again.encode(), "lan-2.txt", acting_user=self.coordinator).plan
        self.assertEqual(list(second.addressees.get(name="Công an xã").units.all()), created)

    def test_a_second_plan_for_the_same_issuer_and_year_asks_first(self) -> None:
        first = import_plan(SEED.read_bytes(), SEED.name, acting_user=self.coordinator).plan
        changed = SEED.read_text(encoding="utf-8").replace("Số: /KH-UBND", "Số: 77/KH-UBND")
        with self.assertRaises(PlanImportError) as caught:
            import_plan(changed.encode(), "bo-sung.txt", acting_user=self.coordinator, same_year_confirmed=False)
        self.assertEqual(caught.exception.code, "same_year")
        self.assertIn(first.title, caught.exception.message)
        self.assertEqual(Plan.objects.count(), 1)
        import_plan(changed.encode(), "bo-sung.txt", acting_user=self.coordinator, same_year_confirmed=True)
        self.assertEqual(Plan.objects.count(), 2)

    def test_areas_are_the_coordinators_call_even_after_publishing(self) -> None:
        plan = import_plan(SEED.read_bytes(), SEED.name, acting_user=self.coordinator).plan
        task = Task.objects.get(plan=plan, addressee__name="UBND các xã, phường")
        self.assertRegex(task.area_reason, r"^Từ khóa trong nội dung: “[^”]+”.* → mục \d")
        with translation.override("en"):  # the reason is data, said in the reader's language
            self.assertRegex(task.area_reason, r"^Keywords in the task: “[^”]+”.* → area \d")
        written = Task.objects.filter(plan=plan, part="content").first()
        self.assertEqual(written.area_reason, "Nhiệm vụ ghi trong mục này của kế hoạch.")
        services.do_publish_plan(plan, acting_user=self.coordinator)
        first, fourth = plan.sections.get(number="1"), plan.sections.get(number="4")
        services.do_set_task_areas(task, [fourth, first], acting_user=self.coordinator)
        task.refresh_from_db()
        self.assertEqual(task.section, first)  # the primary area, which reports and documents read
        self.assertEqual(set(task.areas.all()), {first, fourth})
        self.assertEqual(task.area_reason, f"Do {self.coordinator.username} chọn.")
        event = self.audit_events("plans.task_areas_changed").get()
        self.assertEqual(event.extra_data["new"], ["1", "4"])

    def audit_events(self, kind: str):
        return AuditEvent.objects.filter(event_type=kind)


@needs_ocr
class OcrJobTests(PersonaTestCase):
    def test_a_scan_is_read_in_a_job_and_its_lines_wait_for_a_check(self) -> None:
        text = COMMUNE.read_text(encoding="utf-8")
        scan = scanned_pdf(convert(word_plan(text, HEADER["commune"]), ".docx", "pdf"), 300)
        with self.assertRaises(PlanImportError) as caught:
            import_plan(scan, "ban-quet.pdf", acting_user=self.coordinator)
        self.assertEqual(caught.exception.code, "needs_ocr")
        with self.captureOnCommitCallbacks(execute=True):
            job = start_ocr_import(self.coordinator, scan, "ban-quet.pdf", enqueue=run_ocr_import)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.DONE, job.message)
        self.assertFalse(default_storage.exists(job.params["file"]))  # the kept scan is gone
        plan = Plan.objects.get(pk=job.params["plan"])
        self.assertEqual(plan.source_kind, "ocr")
        self.assertTrue(plan.tasks.exists() and not plan.tasks.filter(needs_check=False).exists())
        with self.assertRaises(ValidationError):
            services.do_publish_plan(plan, acting_user=self.coordinator)
        services.do_confirm_read(plan, acting_user=self.coordinator)
        self.assertFalse(plan.tasks.filter(needs_check=True).exists())

    def test_a_photo_of_something_that_is_not_a_plan(self) -> None:
        menu = "THỰC ĐƠN TUẦN 12\n\nThứ hai: cơm, canh cải, thịt kho.\n\nThứ ba: bún chả, rau sống."
        photo = page_images(convert(word_plan(menu), ".docx", "pdf"), 300, "png", pages=1)[0]
        with self.captureOnCommitCallbacks(execute=True):
            job = start_ocr_import(self.coordinator, photo, "anh.png", enqueue=run_ocr_import)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertIn("không giống một kế hoạch", job.message)
        self.assertFalse(Plan.objects.exists())
        self.assertFalse(default_storage.exists(job.params["file"]))


class OcrTaskClaimTests(PersonaTestCase):
    """The worker's task takes the job up through core.jobs.claim: a task delivered again (the broker
    hands an unacknowledged task to another worker) never runs a finished job a second time, and a
    job interrupted too often is failed with a message instead of being run for ever."""

    def test_a_job_delivered_again_after_it_finished_is_not_run_again(self) -> None:
        with mock.patch.dict(os.environ, {"PATH": "/nonexistent"}):  # no tesseract: the job fails fast
            with self.captureOnCommitCallbacks(execute=True):
                job = start_ocr_import(
                    self.coordinator, pypdfium_blank(), "quet.pdf", enqueue=ocr_import_task
                )
            job.refresh_from_db()
            self.assertEqual((job.status, job.attempts), (Job.Status.FAILED, 1))
            said = job.message
            ocr_import_task(job.pk)  # delivered again
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, job.message), (Job.Status.FAILED, 1, said))
        self.assertEqual(AuditEvent.objects.filter(event_type="plans.ocr_failed").count(), 1)

    def test_a_job_interrupted_too_often_is_failed_not_run(self) -> None:
        key = pending_uploads.store(pypdfium_blank(), "quet.pdf")
        self.addCleanup(pending_uploads.remove, key)
        job = Job.objects.create(
            user=self.coordinator,
            kind=OCR_JOB_KIND,
            status=Job.Status.RUNNING,
            attempts=MAX_ATTEMPTS,
            params={"file": key, "name": "quet.pdf", "language": "vi"},
        )
        ocr_import_task(job.pk)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertIn("hai lần", job.message)
        self.assertEqual(job.attempts, MAX_ATTEMPTS)
        self.assertFalse(AuditEvent.objects.filter(event_type="plans.ocr_failed").exists())  # never run
        failed = AuditEvent.objects.get(event_type="core.job_failed")
        self.assertEqual(failed.extra_data["reason"], "attempts")

    def test_a_job_that_is_gone_is_ignored(self) -> None:
        ocr_import_task(987654)  # no error: the job was deleted meanwhile


class BadInputTests(PersonaTestCase):
    def assert_refused(self, data: bytes, name: str, code: str, words: str) -> None:
        before = set(Path(default_storage.location).rglob("*")) if Path(default_storage.location).exists() else set()
        with self.assertRaises(PlanImportError) as caught:
            import_plan(data, name, acting_user=self.coordinator)
        self.assertEqual(caught.exception.code, code, caught.exception.message)
        self.assertIn(words, caught.exception.message)
        self.assertFalse(Plan.objects.exists())
        after = set(Path(default_storage.location).rglob("*")) if Path(default_storage.location).exists() else set()
        self.assertEqual(after, before)

    @needs_soffice
    def test_a_password_protected_pdf(self) -> None:
        data = word_plan(COMMUNE.read_text(encoding="utf-8"))
        locked = convert(data, ".docx", "pdf", options=PASSWORD_EXPORT)
        self.assert_refused(locked, "mat-khau.pdf", "password", "mật khẩu")

    def test_a_pdf_with_no_text_and_no_ocr(self) -> None:
        blank = pypdfium_blank()
        self.assert_refused(blank, "trang-trang.pdf", "needs_ocr", "bản quét")

    def test_a_pdf_with_no_text_when_ocr_is_not_installed(self) -> None:
        with mock.patch.dict(os.environ, {"PATH": "/nonexistent"}):  # no tesseract on this PATH
            with self.captureOnCommitCallbacks(execute=True):
                job = start_ocr_import(self.coordinator, pypdfium_blank(), "quet.pdf", enqueue=run_ocr_import)
        job.refresh_from_db()
        self.assertEqual(job.status, Job.Status.FAILED)
        self.assertIn("chưa cài Tesseract", job.message)
        self.assertFalse(Plan.objects.exists())
        self.assertFalse(default_storage.exists(job.params["file"]))

    def test_an_image_declaring_too_many_pixels(self) -> None:
        header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + struct.pack(">II", 100_000, 100_000) + b"\x08\x00\x00\x00\x00"
        self.assert_refused(header + b"\x00" * 100, "anh.png", "image_too_large", "Ảnh quá lớn")

    @needs_soffice
    def test_a_doc_libreoffice_cannot_open(self) -> None:
        self.assert_refused(OLE2_MAGIC + b"\x00" * 600, "hong.doc", "corrupt_doc", ".doc")

    def test_a_doc_that_is_no_word_file(self) -> None:
        self.assert_refused(b"just text", "gia.doc", "corrupt_doc", "Word 97-2003")

    def test_a_zip_bomb_disguised_as_docx(self) -> None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024))
        self.assert_refused(buffer.getvalue(), "bom.docx", "zip_bomb", "độc hại")

    def test_a_limit_the_file_exceeds_is_said_in_the_screens_language(self) -> None:
        too_many = plain_docx(["x"] * 50_001)
        self.assert_refused(too_many, "dai.docx", "too_complex", "quá nhiều đoạn (hơn 50.000)")
        with translation.override("en"):
            self.assert_refused(too_many, "dai.docx", "too_complex", "too many paragraphs (more than 50,000)")


def pypdfium_blank() -> bytes:
    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class ReviewPageTests(PersonaTestCase):
    def upload(self, name: str, content: bytes, **extra: str):
        return self.client.post(
            reverse("plans:plan_import"), {"document": SimpleUploadedFile(name, content), **extra}
        )

    def test_a_second_plan_for_the_year_is_confirmed_on_the_page(self) -> None:
        self.login(self.coordinator)
        first = import_plan(SEED.read_bytes(), SEED.name, acting_user=self.coordinator).plan
        changed = SEED.read_text(encoding="utf-8").replace("Số: /KH-UBND", "Số: 77/KH-UBND").encode()
        response = self.upload("bo-sung.txt", changed)
        self.assertContains(response, "đã có kế hoạch năm 2026")
        self.assertContains(response, first.title)
        self.assertEqual(Plan.objects.count(), 1)
        kept = list(Path(default_storage.location, "plan-imports").iterdir())
        self.assertEqual(len(kept), 1)
        response = self.client.post(reverse("plans:plan_import"), {"confirm": "1"})
        second = Plan.objects.exclude(pk=first.pk).get()
        self.assertRedirects(response, reverse("plans:plan_detail", args=[second.pk]))
        self.assertEqual(second.number, "77/KH-UBND")
        self.assertFalse(any(Path(default_storage.location, "plan-imports").iterdir()))

    def test_a_kept_upload_purged_before_the_confirmation_asks_for_the_file_again(self) -> None:
        media = tempfile.mkdtemp(prefix="plan-media-")  # its own storage: the purge touches only it
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        self.login(self.coordinator)
        import_plan(SEED.read_bytes(), SEED.name, acting_user=self.coordinator)
        changed = SEED.read_text(encoding="utf-8").replace("Số: /KH-UBND", "Số: 77/KH-UBND").encode()
        self.assertContains(self.upload("bo-sung.txt", changed), "đã có kế hoạch năm 2026")
        kept = self.client.session["plans.pending_upload"]["key"]
        os.utime(default_storage.path(kept), (time.time() - 2 * 86400, time.time() - 2 * 86400))
        call_command("purge_drafts", stdout=io.StringIO())  # the night's purge, the page still open
        self.assertFalse(default_storage.exists(kept))
        response = self.client.post(reverse("plans:plan_import"), {"confirm": "1"})
        self.assertEqual(response.status_code, 200)
        with translation.override("vi"):
            self.assertContains(response, gettext("The file has expired; please upload it again."))
        self.assertContains(response, 'name="document"')  # the upload form, to give the file again
        self.assertEqual(Plan.objects.count(), 1)
        self.assertNotIn("plans.pending_upload", self.client.session)

    def test_an_upload_kept_for_a_confirmation_never_given_is_purged(self) -> None:
        key = pending_uploads.store(b"abc", "x.txt")
        path = Path(default_storage.path(key))
        os.utime(path, (time.time() - 2 * 86400, time.time() - 2 * 86400))
        fresh = pending_uploads.store(b"def", "y.txt")
        self.assertEqual(pending_uploads.purge(), 1)
        self.assertFalse(default_storage.exists(key))
        self.assertTrue(default_storage.exists(fresh))
        pending_uploads.remove(fresh)

    def test_deleting_a_draft_asks_first(self) -> None:
        self.login(self.coordinator)
        plan = import_plan(SEED.read_bytes(), SEED.name, acting_user=self.coordinator).plan
        page = self.client.get(reverse("plans:plan_delete", args=[plan.pk]))
        self.assertContains(page, "Xóa dự thảo?")
        self.assertContains(page, f"{plan.tasks.count()} nhiệm vụ")
        self.assertTrue(Plan.objects.filter(pk=plan.pk).exists())
        detail = self.client.get(reverse("plans:plan_detail", args=[plan.pk]))
        self.assertContains(detail, f'href="{reverse("plans:plan_delete", args=[plan.pk])}"')
        self.client.post(reverse("plans:plan_delete", args=[plan.pk]))
        self.assertFalse(Plan.objects.filter(pk=plan.pk).exists())

    def test_the_review_shows_the_text_as_read_beside_the_tree_and_the_areas_can_be_changed(self) -> None:
        self.login(self.coordinator)
        plan = import_plan(SEED.read_bytes(), SEED.name, acting_user=self.coordinator).plan
        task = Task.objects.get(plan=plan, addressee__name="UBND các xã, phường")
        page = self.client.get(reverse("plans:plan_detail", args=[plan.pk]))
        self.assertContains(page, "Văn bản như đã đọc")
        self.assertContains(page, "Thực hiện Luật Bình đẳng giới năm 2006")
        self.assertContains(page, task.area_reason)
        sections = list(plan.sections.filter(number__in=["1", "6"]))
        self.client.post(reverse("plans:task_areas", args=[task.pk]), {"sections": [s.pk for s in sections]})
        task.refresh_from_db()
        self.assertEqual(set(task.areas.all()), set(sections))
        self.assertEqual(task.section.number, "1")

    def test_an_ocr_job_page_is_its_users_only(self) -> None:
        job = Job.objects.create(user=self.coordinator, kind="plan_ocr", params={"file": "x", "name": "scan.pdf"})
        job.step(40, "Đang đọc trang 2/5…")
        self.login(self.coordinator)
        self.assertContains(self.client.get(reverse("plans:import_job", args=[job.pk])), "Đang đọc trang 2/5")
        self.login(self.outsider)
        self.assertEqual(self.client.get(reverse("plans:import_job", args=[job.pk])).status_code, 404)


class MinistryPlanTests(PersonaTestCase):
    def test_a_ministry_plan_matches_provinces_and_ministries_not_their_departments(self) -> None:
        path = Path(__file__).resolve().parent / "data" / "kh_bo_noi_vu_2026.txt"
        plan = import_plan(path.read_bytes(), path.name, acting_user=self.admin).plan
        self.assertEqual(plan.issuer.code, "BNV")
        units = {a.name: [u.code for u in a.units.all()] for a in plan.addressees.all()}
        self.assertEqual(units["Tỉnh Thái Nguyên"], ["19"])
        # A provincial department is not the ministry's addressee to guess: left for the coordinator.
        self.assertEqual(units["Sở Nội vụ tỉnh Thái Nguyên"], [])


def test_hostile_word_structure_is_refused_with_a_reason() -> None:
    too_many = plain_docx(["x"] * 50_001)
    with pytest.raises(PlanParseError, match="quá nhiều đoạn"):
        read_upload(too_many, "dai.docx")
    nested = "<w:p><w:r><w:t>sâu</w:t></w:r></w:p>"
    for _ in range(6):
        nested = f"<w:tbl><w:tr><w:tc>{nested}</w:tc></w:tr></w:tbl>"
    with zipfile.ZipFile(io.BytesIO(plain_docx(["KẾ HOẠCH"]))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["word/document.xml"] = parts["word/document.xml"].replace(b"</w:body>", nested.encode() + b"</w:body>")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    with pytest.raises(PlanParseError, match="lồng nhau quá sâu"):
        read_upload(buffer.getvalue(), "long.docx")


def test_misread_list_markers_are_put_right_from_their_neighbours() -> None:
    read = ["II. NỘI DUNG", "3. Ba", "4. Sở Y tế", "S. Sở Khoa học", "6, Sở Tư pháp", "II. TỔ CHỨC THỰC HIỆN",
            "1. Sở Nội vụ", "l. Không liền mạch", "S. Cũng không"]  # fmt: skip
    paragraphs = [Paragraph(text) for text in read]
    mend_markers(paragraphs)
    assert [p.text for p in paragraphs] == [
        "II. NỘI DUNG", "3. Ba", "4. Sở Y tế", "5. Sở Khoa học", "6. Sở Tư pháp", "III. TỔ CHỨC THỰC HIỆN",
        "1. Sở Nội vụ", "l. Không liền mạch", "S. Cũng không",
    ]  # fmt: skip
