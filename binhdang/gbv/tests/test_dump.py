"""A raw copy of the database (the SQLite file, a pg_dump) holds none of the demo survivors' names,
telephones, addresses or ID numbers, nor a shelter's location."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.db import connection
from django.test import TransactionTestCase

from binhdang.core.tests.helpers import PASSWORD
from binhdang.demo.personas import create_personas
from binhdang.gbv.loading import DEMO_FILE, load_demo_cases
from binhdang.gbv.models import Case
from binhdang.orgunits.loader import load_register

DEMO = json.loads(DEMO_FILE.read_text(encoding="utf-8"))


def secrets_of_the_demo() -> list[str]:
    values = [
        row["identity"][f] for row in DEMO["cases"] for f in ("full_name", "phone", "address", "id_number")
    ]
    values += [p["location"] for p in DEMO["providers"] if p["kind"] in ("shelter", "trusted_address")]
    return [v for v in values if v]


class DumpTests(TransactionTestCase):
    def load(self) -> None:
        load_register(province_codes={"19", "01"})
        users = create_personas(password=PASSWORD)
        load_demo_cases(acting_user=users["gbv_worker"])
        self.assertEqual(Case.objects.count(), len(DEMO["cases"]))

    def assert_clean(self, raw: bytes) -> None:
        leaks = [v for v in secrets_of_the_demo() if v.encode() in raw]
        self.assertFalse(leaks)
        # The check itself can see plain text: the units' names are in the same dump.
        self.assertIn("Xã Đại Từ".encode(), raw)

    @pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite file")
    def test_sqlite_file_holds_no_identity(self):
        self.load()
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / "copy.sqlite3"
            target = sqlite3.connect(copy)
            connection.ensure_connection()
            connection.connection.backup(target)
            target.close()
            self.assert_clean(copy.read_bytes())

    @pytest.mark.skipif(
        connection.vendor != "postgresql" or not shutil.which("pg_dump"),
        reason="PostgreSQL and pg_dump (run with DATABASE_URL=postgres://…)",
    )
    def test_pg_dump_holds_no_identity(self):
        self.load()
        settings = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
        command = [
            "pg_dump",
            "-h",
            settings.get("HOST") or "127.0.0.1",
            "-p",
            str(settings.get("PORT") or 5432),
            "-U",
            settings.get("USER") or "postgres",
            settings["NAME"],
        ]
        dump = subprocess.run(command, env=env, capture_output=True, check=True, timeout=300).stdout
        self.assert_clean(dump)
