"""Uploads kept aside between two steps (a preview and its confirmation, a file waiting for a
background job), in the default storage outside the web root, under a random name in a folder of
their own. Only the session (or the job) of the user who uploaded one knows its name; it is removed
when it has been used, and :func:`purge_all`, run daily with the purge of abandoned drafts, removes
those never used (a confirmation not given, a session ended, a job that died).

Every folder used for this is listed in :data:`FOLDERS`, so that the daily purge covers it.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.utils import timezone

PLAN_IMPORTS = "plan-imports"  # plans: a plan document waiting for OCR or for a confirmation
REPORT_IMPORTS = "imports/pending"  # reporting: an Excel report waiting for its confirmation
FOLDERS = (PLAN_IMPORTS, REPORT_IMPORTS)
KEPT_FOR = timedelta(days=1)


def store(folder: str, data: bytes, name: str) -> str:
    """Keep ``data`` in ``folder``; returns the storage name to read it back with."""
    suffix = PurePath(name).suffix.lower()[:8]
    return default_storage.save(f"{folder}/{secrets.token_hex(16)}{suffix}", ContentFile(data))


def read(key: str) -> bytes:
    """The kept bytes; FileNotFoundError when they are gone (purged, or already used)."""
    with default_storage.open(key, "rb") as handle:
        return handle.read()


def remove(folder: str, key: str) -> None:
    if key.startswith(f"{folder}/") and default_storage.exists(key):
        default_storage.delete(key)


def keep(request: HttpRequest, session_key: str, folder: str, data: bytes, name: str) -> None:
    """Keep this user's upload until he confirms (one at a time: a newer one replaces it)."""
    previous = request.session.get(session_key)
    if previous:
        remove(folder, previous["key"])
    request.session[session_key] = {"key": store(folder, data, name), "name": name[:255]}


def current(request: HttpRequest, session_key: str) -> dict[str, str] | None:
    return request.session.get(session_key)


def take(request: HttpRequest, session_key: str, folder: str) -> tuple[bytes, str] | None:
    """The kept upload, removed from storage and from the session; None when the session names
    none, or names one that is gone (the daily purge removed it): the user uploads it again."""
    pending = request.session.pop(session_key, None)
    if pending is None:
        return None
    try:
        return read(pending["key"]), pending["name"]
    except FileNotFoundError:
        return None
    finally:
        remove(folder, pending["key"])


def purge(folder: str, *, older_than: timedelta = KEPT_FOR) -> int:
    """Remove the uploads of ``folder`` kept longer than ``older_than``; returns how many."""
    if not default_storage.exists(folder):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in default_storage.listdir(folder)[1]:
        key = f"{folder}/{name}"
        try:
            if default_storage.get_modified_time(key) < cutoff:
                default_storage.delete(key)
                removed += 1
        except FileNotFoundError:  # used (and removed) while the purge ran
            continue
    return removed


def purge_all(*, older_than: timedelta = KEPT_FOR) -> int:
    """The daily purge: every folder of :data:`FOLDERS`; returns how many uploads were removed."""
    return sum(purge(folder, older_than=older_than) for folder in FOLDERS)
