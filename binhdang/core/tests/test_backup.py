"""Backup → wipe → restore: every report, value, evidence file and audit row comes back.

On SQLite (make test) always; on PostgreSQL (DATABASE_URL=postgres://…) when pg_dump is installed."""

from __future__ import annotations

import io
import shutil
import tarfile
import tempfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from binhdang.core.models import AuditEvent
from binhdang.demo.personas import create_personas
from binhdang.orgunits.loader import load_register
from binhdang.plans.importing import import_plan
from binhdang.plans.models import Evidence, Task
from binhdang.plans.services import do_add_evidence, do_publish_plan
from binhdang.plans.tests.helpers import SEED
from binhdang.reporting.models import DataValue, Submission
from binhdang.reporting.services import CellChange, do_save_cells
from binhdang.reporting.spec import TOTAL, make_key
from binhdang.reporting.tests.helpers import make_form

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 40


def snapshot() -> dict:
    return {
        "reports": sorted(Submission.objects.values_list("pk", "unit__code", "status", "version")),
        "values": sorted(
            (element, key, str(value), text)
            for element, *key, value, text in DataValue.objects.values_list(
                "element__code", "sex", "age_band", "ethnicity", "area", "funding_source", "value", "text"
            )
        ),
        "audit": sorted(AuditEvent.objects.values_list("pk", "event_type", "object_id")),
        "evidence": sorted(Evidence.objects.values_list("pk", "original_name", "sha256")),
    }


class BackupRoundTripTests(TransactionTestCase):
    def setUp(self) -> None:
        if connection.vendor == "postgresql" and shutil.which("pg_dump") is None:
            pytest.skip("pg_dump is not installed: the PostgreSQL backup cannot be tested here")
        self.media = Path(self.enterContext(tempfile.TemporaryDirectory())) / "media"
        self.enterContext(override_settings(MEDIA_ROOT=str(self.media)))

    def test_backup_wipe_restore_finds_everything(self) -> None:
        load_register(province_codes={"19", "01"})
        users = create_personas()
        coordinator, reporter = users["coordinator"], users["reporter_a"]
        unit = reporter.memberships.get().unit
        period = make_form()
        do_save_cells(
            period,
            unit,
            [
                CellChange("OFFICIALS", make_key(sex="F"), "3", None, 0),
                CellChange("SPENT", TOTAL, "1.500.000", None, 0),
                CellChange("NOTE", TOTAL, "Ghi chú có dấu: Đại Từ", None, 0),
            ],
            acting_user=reporter,
        )
        plan = import_plan(SEED.read_bytes(), SEED.name, acting_user=coordinator).plan
        do_publish_plan(plan, acting_user=coordinator)
        task = Task.objects.get(plan=plan, addressee__name="UBND các xã, phường")
        evidence = do_add_evidence(
            task, unit, SimpleUploadedFile("bien-ban.pdf", PDF), acting_user=reporter, max_bytes=10**7
        )
        before = snapshot()
        self.assertTrue(all(before.values()))

        archive = self.media.parent / "backup.tar.gz"
        call_command("backup", "--out", str(archive), stdout=io.StringIO())
        with tarfile.open(archive) as opened:
            names = opened.getnames()
        self.assertIn("manifest.json", names)
        self.assertIn("media/" + evidence.file.name, names)

        # Wipe: the database emptied, the files gone.
        call_command("flush", "--noinput", verbosity=0)
        shutil.rmtree(self.media)
        self.assertEqual(Submission.objects.count() + AuditEvent.objects.count(), 0)

        call_command("restore", str(archive), "--yes", stdout=io.StringIO())
        self.assertEqual(snapshot(), before)
        restored = Evidence.objects.get(pk=evidence.pk)
        with restored.file.open("rb") as stored:
            self.assertEqual(stored.read(), PDF)

    def test_a_file_that_is_not_a_backup_is_refused(self) -> None:
        bogus = self.media.parent / "bogus.tar.gz"
        bogus.write_bytes(b"not a backup")
        with pytest.raises(CommandError, match="cannot read"):
            call_command("restore", str(bogus), "--yes")
