"""Uploads kept aside between two steps are removed by the daily purge (purge_drafts and its beat
task), the Excel reports waiting for a confirmation as well as the plan documents."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from io import StringIO
from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase, override_settings

from binhdang.core import pending_uploads
from binhdang.plans.tasks import purge_abandoned_drafts_task


class PurgeTests(TestCase):
    def setUp(self) -> None:
        media = tempfile.mkdtemp(prefix="pending-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))

    def kept(self, folder: str, *, days_old: float) -> str:
        key = pending_uploads.store(folder, b"PK\x03\x04...", "bao-cao.xlsx")
        stamp = time.time() - days_old * 86400
        os.utime(default_storage.path(key), (stamp, stamp))
        return key

    def check_purge(self, run: object) -> None:
        old = [self.kept(folder, days_old=2) for folder in pending_uploads.FOLDERS]
        fresh = [self.kept(folder, days_old=0.1) for folder in pending_uploads.FOLDERS]
        self.assertIn("imports/pending/", old[1])
        run()
        self.assertFalse(any(default_storage.exists(key) for key in old))
        self.assertTrue(all(default_storage.exists(key) for key in fresh))

    def test_the_daily_command_purges_plan_and_report_uploads(self) -> None:
        self.check_purge(lambda: call_command("purge_drafts", stdout=StringIO()))

    def test_the_daily_beat_task_purges_plan_and_report_uploads(self) -> None:
        self.check_purge(purge_abandoned_drafts_task)

    def test_an_upload_keeps_its_suffix_and_a_random_name_in_its_folder(self) -> None:
        key = pending_uploads.store(pending_uploads.REPORT_IMPORTS, b"x", "Báo cáo quý 1.XLSX")
        self.assertRegex(key, r"^imports/pending/[0-9a-f]{32}\.xlsx$")
        self.assertEqual(pending_uploads.read(key), b"x")
        pending_uploads.remove(pending_uploads.PLAN_IMPORTS, key)  # not its folder: left alone
        self.assertTrue(default_storage.exists(key))
        pending_uploads.remove(pending_uploads.REPORT_IMPORTS, key)
        self.assertFalse(Path(default_storage.path(key)).exists())
        self.assertEqual(pending_uploads.purge_all(), 0)
