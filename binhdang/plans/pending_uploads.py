"""A plan upload kept aside between two steps: while OCR runs in the background, or while the
coordinator confirms a second plan for the same issuer and year. The file lives in the default
storage under ``plan-imports/`` (outside the web root, like evidence) under a random name, and is
removed when it has been used."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest
from django.utils import timezone

FOLDER = "plan-imports"
_SESSION_KEY = "plans.pending_upload"


def store(data: bytes, name: str) -> str:
    """Keep ``data``; returns the storage name to read it back with."""
    suffix = PurePath(name).suffix.lower()[:8]
    return default_storage.save(f"{FOLDER}/{secrets.token_hex(16)}{suffix}", ContentFile(data))


def read(key: str) -> bytes:
    with default_storage.open(key, "rb") as handle:
        return handle.read()


def remove(key: str) -> None:
    if key.startswith(f"{FOLDER}/") and default_storage.exists(key):
        default_storage.delete(key)


def keep(request: HttpRequest, data: bytes, name: str) -> None:
    """Keep this user's upload until he confirms (one at a time: a newer one replaces it)."""
    previous = request.session.get(_SESSION_KEY)
    if previous:
        remove(previous["key"])
    request.session[_SESSION_KEY] = {"key": store(data, name), "name": name[:255]}


def current(request: HttpRequest) -> dict[str, str] | None:
    return request.session.get(_SESSION_KEY)


def take(request: HttpRequest) -> tuple[bytes, str]:
    """The kept upload, removed from storage and from the session."""
    pending = request.session.pop(_SESSION_KEY)
    try:
        return read(pending["key"]), pending["name"]
    finally:
        remove(pending["key"])


def purge(*, older_than: timedelta = timedelta(days=1)) -> int:
    """Remove uploads kept aside and never used (a confirmation not given, a job that died);
    returns how many. Run with the daily purge of abandoned drafts."""
    if not default_storage.exists(FOLDER):
        return 0
    cutoff = timezone.now() - older_than
    removed = 0
    for name in default_storage.listdir(FOLDER)[1]:
        key = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(key) < cutoff:
            default_storage.delete(key)
            removed += 1
    return removed
