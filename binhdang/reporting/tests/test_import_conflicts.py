"""An Excel upload never overwrites silently: a preview first, conflicts with both values, clears only
when confirmed, and a report changed between the preview and the confirmation saves nothing."""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import time
import zipfile
from decimal import Decimal
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from binhdang.core.models import AuditEvent
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.queries import submission_values
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import TOTAL, make_key
from binhdang.reporting.tests.helpers import ReportTestCase
from binhdang.reporting.tests.test_excel_roundtrip import fill

F, M = make_key(sex="F"), make_key(sex="M")


class ImportConflictTests(ReportTestCase):
    def setUp(self) -> None:
        do_save_cells(
            self.period,
            self.commune_a,
            [
                CellChange("OFFICIALS", F, "3", None, 0),
                CellChange("OFFICIALS", M, "2", None, 0),
                CellChange("SPENT", TOTAL, "1000", None, 0),
            ],
            acting_user=self.reporter_a,
        )
        self.login(self.reporter_a)

    def url(self, name: str) -> str:
        return reverse(f"reporting:{name}", args=[self.period.pk, self.commune_a.code])

    def download(self) -> bytes:
        return self.client.get(self.url("export_xlsx")).content

    def upload(self, data: bytes):  # noqa: ANN201
        return self.client.post(self.url("import_xlsx"), {"file": SimpleUploadedFile("r.xlsx", data)})

    def confirm(self, preview, **fields):  # noqa: ANN001, ANN003, ANN201
        plan = preview.context["plan"].fingerprint()
        return self.client.post(
            self.url("import_confirm"), {"token": preview.context["token"], "plan": plan, **fields}
        )

    def values(self) -> dict:
        return submission_values(Submission.objects.get())[0]

    def online_edit(self, changes: list[CellChange]) -> None:
        """Another person (the unit's head) saves cells on the web."""
        result = do_save_cells(self.period, self.commune_a, changes, acting_user=self.head_a)
        assert all(cell.status == "saved" for cell in result.cells), result

    def test_a_stale_upload_shows_both_values_and_changes_nothing_until_confirmed(self) -> None:
        data = fill(self.download(), [("OFFICIALS", {"sex": "F"}, 9), ("SPENT", {}, 2000)])
        self.online_edit([CellChange("OFFICIALS", F, "5", None, 1)])  # after the download
        before = self.values()
        preview = self.upload(data)
        self.assertEqual(preview.status_code, 200)
        plan = preview.context["plan"]
        self.assertEqual([cell.label for cell in plan.conflicts], [plan.conflicts[0].label])
        conflict = plan.conflicts[0]
        self.assertEqual((conflict.element_code, conflict.key), ("OFFICIALS", F))
        self.assertEqual((conflict.mine, conflict.online), ("9", "5"))
        self.assertContains(preview, "Đã thay đổi trên hệ thống từ khi bạn tải tệp về")
        self.assertContains(preview, str(self.head_a))
        self.assertEqual([(c.element_code, c.mine) for c in plan.changes], [("SPENT", "2000")])
        self.assertEqual(self.values(), before)  # nothing yet

        # Confirmed without "keep mine": the change is written, the other person's figure stays.
        self.assertRedirects(self.confirm(preview, apply="1"), self.url("entry"))
        after = self.values()
        self.assertEqual(after[("OFFICIALS", F)], Decimal(5))
        self.assertEqual(after[("SPENT", TOTAL)], Decimal(2000))

    def test_keep_mine_writes_the_files_value_over_the_online_one(self) -> None:
        data = fill(self.download(), [("OFFICIALS", {"sex": "F"}, 9)])
        self.online_edit([CellChange("OFFICIALS", F, "5", None, 1)])
        preview = self.upload(data)
        conflict = preview.context["plan"].conflicts[0]
        self.confirm(preview, apply="1", keep=f"{conflict.ident}:{conflict.version}")
        self.assertEqual(self.values()[("OFFICIALS", F)], Decimal(9))
        event = AuditEvent.objects.filter(event_type="reporting.values_imported").get()
        self.assertIn(
            {"e": "OFFICIALS", "k": list(F), "old": "5", "new": "9", "v": 3}, event.extra_data["values"]
        )

    def test_an_empty_cell_clears_a_figure_only_when_confirmed(self) -> None:
        data = fill(self.download(), [("OFFICIALS", {"sex": "M"}, None), ("OFFICIALS", {"sex": "F"}, 4)])
        preview = self.upload(data)
        plan = preview.context["plan"]
        self.assertEqual([(c.element_code, c.key, c.online) for c in plan.clears], [("OFFICIALS", M, "2")])
        self.confirm(preview, apply="1")
        self.assertEqual(self.values()[("OFFICIALS", M)], Decimal(2))  # kept: not confirmed
        self.assertEqual(self.values()[("OFFICIALS", F)], Decimal(4))

        data = fill(self.download(), [("OFFICIALS", {"sex": "M"}, None)])
        preview = self.upload(data)
        self.confirm(preview, apply="1", clear_empty="1")
        self.assertNotIn(("OFFICIALS", M), self.values())

    def test_a_change_between_the_preview_and_the_confirmation_saves_nothing(self) -> None:
        data = fill(self.download(), [("OFFICIALS", {"sex": "F"}, 9), ("SPENT", {}, 2000)])
        preview = self.upload(data)
        self.assertEqual(len(preview.context["plan"].changes), 2)
        self.online_edit([CellChange("SPENT", TOTAL, "1500", None, 1)])
        again = self.confirm(preview, apply="1")
        self.assertEqual(again.status_code, 200)
        self.assertTrue(again.context["stale"])
        self.assertEqual([c.online for c in again.context["plan"].conflicts], ["1500"])
        values = self.values()
        self.assertEqual((values[("OFFICIALS", F)], values[("SPENT", TOTAL)]), (Decimal(3), Decimal(1500)))

    def test_a_workbook_without_its_versions_shows_every_difference_as_a_conflict(self) -> None:
        data = fill(self.download(), [("OFFICIALS", {"sex": "F"}, 9), ("OFFICIALS", {"sex": "M"}, 2)])
        source = zipfile.ZipFile(io.BytesIO(data))
        names = dict(zip(source.namelist(), range(100), strict=False))
        workbook_xml = source.read("xl/workbook.xml").decode()
        stripped = io.BytesIO()
        with zipfile.ZipFile(stripped, "w", zipfile.ZIP_DEFLATED) as target:
            for name in names:
                content = source.read(name)
                if name == "xl/workbook.xml":
                    # drop the _versions sheet from the workbook: as a file from before the versions
                    start = workbook_xml.rindex("<sheet ", 0, workbook_xml.index('name="_versions"'))
                    end = workbook_xml.index("/>", start) + 2
                    content = (workbook_xml[:start] + workbook_xml[end:]).encode()
                target.writestr(name, content)
        preview = self.upload(stripped.getvalue())
        plan = preview.context["plan"]
        self.assertFalse(plan.versions_known)
        self.assertEqual([(c.key, c.mine, c.online) for c in plan.conflicts], [(F, "9", "3")])
        self.assertEqual(plan.changes, [])

    def test_the_same_figures_import_nothing_and_cancel_changes_nothing(self) -> None:
        response = self.upload(self.download())
        self.assertRedirects(response, self.url("entry"))
        preview = self.upload(fill(self.download(), [("OFFICIALS", {"sex": "F"}, 9)]))
        self.assertRedirects(self.confirm(preview, cancel="1"), self.url("entry"))
        self.assertEqual(self.values()[("OFFICIALS", F)], Decimal(3))
        # the token is spent: confirming it again is refused
        self.assertRedirects(self.confirm(preview, apply="1"), self.url("entry"))
        self.assertEqual(self.values()[("OFFICIALS", F)], Decimal(3))
        self.assertEqual(DataValue.objects.count(), 3)

    def test_another_persons_token_is_unknown(self) -> None:
        preview = self.upload(fill(self.download(), [("OFFICIALS", {"sex": "F"}, 9)]))
        self.login(self.head_a)
        self.assertRedirects(self.confirm(preview, apply="1"), self.url("entry"))
        self.assertEqual(self.values()[("OFFICIALS", F)], Decimal(3))

    def test_an_upload_purged_before_the_confirmation_asks_for_the_file_again(self) -> None:
        media = tempfile.mkdtemp(prefix="report-media-")  # its own storage: the purge touches only it
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        preview = self.upload(fill(self.download(), [("OFFICIALS", {"sex": "F"}, 9)]))
        kept = self.client.session["pending_imports"][preview.context["token"]]["key"]
        self.assertRegex(kept, r"^imports/pending/[0-9a-f]{32}\.xlsx$")
        os.utime(default_storage.path(kept), (time.time() - 2 * 86400, time.time() - 2 * 86400))
        call_command("purge_drafts", stdout=io.StringIO())  # the night's purge, the preview still open
        self.assertFalse(default_storage.exists(kept))
        response = self.confirm(preview, apply="1")
        self.assertRedirects(response, self.url("entry"), fetch_redirect_response=False)
        with translation.override("vi"):
            self.assertContains(
                self.client.get(response.url), gettext("The file has expired; please upload it again.")
            )
        self.assertEqual(self.values()[("OFFICIALS", F)], Decimal(3))
        self.assertEqual(self.client.session["pending_imports"], {})

    def test_a_confirmed_upload_leaves_no_file_behind(self) -> None:
        media = tempfile.mkdtemp(prefix="report-media-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        preview = self.upload(fill(self.download(), [("OFFICIALS", {"sex": "F"}, 9)]))
        self.assertEqual(len(list(Path(media, "imports", "pending").iterdir())), 1)
        self.assertRedirects(self.confirm(preview, apply="1"), self.url("entry"))
        self.assertEqual(self.values()[("OFFICIALS", F)], Decimal(9))
        self.assertEqual(list(Path(media, "imports", "pending").iterdir()), [])
