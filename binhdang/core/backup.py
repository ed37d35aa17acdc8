"""Backups of the whole system: the database and the uploaded files, in one .tar.gz.

* SQLite: SQLite's online backup API copies the database page by page while the site runs, and a
  restore copies a backup back into the live database the same way (no file is swapped under an
  open connection).
* PostgreSQL: ``pg_dump --format=custom``; a restore empties the ``public`` schema and replays the
  backup (``pg_restore`` into ``psql --single-transaction``): a failed restore changes nothing. The
  database user must own the schema (as when it created the database).
* Uploaded files (evidence, rendered documents): every file under MEDIA_ROOT. A restore first moves
  the current files aside (``MEDIA_ROOT`` + ``.before-restore-<time>``), then unpacks the backup's.

The archive's ``manifest.json`` counts the rows of every table and lists the files with their size;
a restore checks the database it restored against those counts and refuses a backup of another
engine. The archive names nothing but relative paths (a member escaping MEDIA_ROOT is refused).
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

FORMAT = "binhdang-backup/1"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
PG_MEMBER = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why."""


@dataclass
class Summary:
    path: Path
    tables: dict[str, int]
    files: int


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def table_counts() -> dict[str, int]:
    """Rows of every table of the project's models (and Django's own), by table name."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.managed and not model._meta.proxy:
            counts[model._meta.db_table] = model._base_manager.using("default").count()
    return dict(sorted(counts.items()))


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> list[Path]:
    root = _media_root()
    if not root.exists():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def _pg_env() -> tuple[list[str], dict[str, str]]:
    options = connection.settings_dict
    args = ["--dbname", options["NAME"]]
    if options.get("HOST"):
        args += ["--host", str(options["HOST"])]
    if options.get("PORT"):
        args += ["--port", str(options["PORT"])]
    if options.get("USER"):
        args += ["--username", str(options["USER"])]
    env = dict(os.environ)
    if options.get("PASSWORD"):
        env["PGPASSWORD"] = str(options["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    """The full path of a PostgreSQL client program."""
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client)")
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    """A PostgreSQL client program; its error (the first 500 characters) if it fails."""
    program = Path(command[0]).name
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    except FileNotFoundError as exc:
        raise BackupError(f"{program} is not installed (apt-get install postgresql-client)") from exc
    if done.returncode != 0:
        raise BackupError(f"{program} failed: {done.stderr.strip()[:500]}")


def _dump_database(work: Path) -> Path:
    if engine() == "sqlite":
        target = work / SQLITE_MEMBER
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # the online backup API: consistent, while in use
        finally:
            destination.close()
        return target
    target = work / PG_MEMBER
    args, env = _pg_env()
    _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args], env)
    return target


def backup(out: Path) -> Summary:
    """Write the backup archive ``out`` (.tar.gz); what it holds."""
    vendor = engine()
    tables = table_counts()
    files = _media_files()
    media = _media_root()
    manifest = {
        "format": FORMAT,
        "engine": vendor,
        "created_at": timezone.now().isoformat(),
        "tables": tables,
        "files": {str(path.relative_to(media)): path.stat().st_size for path in files},
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        dump = _dump_database(Path(scratch))
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=dump.name)
            for path in files:
                archive.add(path, arcname="media/" + str(path.relative_to(media)))
        partial.replace(out)  # a backup interrupted half-way never looks complete
    return Summary(out, tables, len(files))


def read_manifest(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))  # type: ignore[arg-type]
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError("not a backup of this system: its manifest is missing or damaged") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    return manifest


def _restore_database(vendor: str, dump: Path) -> None:
    if vendor == "sqlite":
        connection.close()
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return
    connection.close()
    args, env = _pg_env()
    # One transaction: the schema emptied and the backup's SQL replayed (psql -1), so that a failed
    # restore leaves the database as it was. (pg_restore --clean cannot drop partitions' constraints.)
    # The SQL goes through a file beside the dump, never through memory: a dump can be gigabytes.
    with tempfile.TemporaryDirectory(prefix="binhdang-restore-") as folder:
        prefix, sql = Path(folder) / "0-empty.sql", Path(folder) / "1-restore.sql"
        prefix.write_text("DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n", encoding="utf-8")
        _run([_tool("pg_restore"), "--no-owner", "--file", str(sql), str(dump)], env)
        _run(
            [_tool("psql"), "--quiet", "--single-transaction", "--set", "ON_ERROR_STOP=1",
             "--file", str(prefix), "--file", str(sql), "--output", os.devnull, *args],  # fmt: skip
            env,
        )


def _restore_media(archive: tarfile.TarFile) -> int:
    media = _media_root()
    if media.exists() and any(media.iterdir()):
        aside = media.with_name(f"{media.name}.before-restore-{timezone.now():%Y%m%d-%H%M%S}")
        shutil.move(str(media), str(aside))
    media.mkdir(parents=True, exist_ok=True)
    count = 0
    for member in archive.getmembers():
        if not member.name.startswith("media/") or not member.isfile():
            continue
        relative = Path(member.name[len("media/") :])
        target = (media / relative).resolve()
        if relative.is_absolute() or media.resolve() not in target.parents:
            raise BackupError(f"the backup names a file outside the media folder: {member.name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with archive.extractfile(member) as source, open(target, "wb") as written:  # type: ignore[union-attr]
            shutil.copyfileobj(source, written)
        count += 1
    return count


def restore(path: Path) -> Summary:
    """Put the database and the files of backup ``path`` in place of the current ones, then check the
    restored tables against the backup's counts."""
    vendor = engine()
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"cannot read {path}: {exc}") from exc
    with archive, tempfile.TemporaryDirectory() as scratch:
        manifest = read_manifest(archive)
        if manifest["engine"] != vendor:
            raise BackupError(
                f"this is a backup of a {manifest['engine']} database; this site runs on {vendor}"
            )
        member = SQLITE_MEMBER if vendor == "sqlite" else PG_MEMBER
        try:
            source = archive.extractfile(member)
        except KeyError as exc:
            raise BackupError(f"the backup holds no {member}") from exc
        dump = Path(scratch) / member
        with source, open(dump, "wb") as written:  # type: ignore[union-attr]
            shutil.copyfileobj(source, written)
        _restore_database(vendor, dump)
        files = _restore_media(archive)
    tables = table_counts()
    wrong = {
        table: (count, tables.get(table))
        for table, count in manifest["tables"].items()
        if tables.get(table) != count
    }
    if wrong:
        raise BackupError(f"the restored database differs from the backup: {wrong}")
    if files != len(manifest["files"]):
        raise BackupError(f"{len(manifest['files'])} files in the backup, {files} restored")
    return Summary(path, tables, files)
