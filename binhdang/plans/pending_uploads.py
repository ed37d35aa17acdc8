"""A plan upload kept aside between two steps: while OCR runs in the background, or while the
coordinator confirms a second plan for the same issuer and year. The file lives in the default
storage under ``plan-imports/`` (outside the web root, like evidence) under a random name, and is
removed when it has been used (core.pending_uploads, which also purges it daily when never used)."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest

from binhdang.core import pending_uploads as kept

FOLDER = kept.PLAN_IMPORTS
_SESSION_KEY = "plans.pending_upload"


def store(data: bytes, name: str) -> str:
    """Keep ``data``; returns the storage name to read it back with."""
    return kept.store(FOLDER, data, name)


def read(key: str) -> bytes:
    return kept.read(key)


def remove(key: str) -> None:
    kept.remove(FOLDER, key)


def keep(request: HttpRequest, data: bytes, name: str) -> None:
    """Keep this user's upload until he confirms (one at a time: a newer one replaces it)."""
    kept.keep(request, _SESSION_KEY, FOLDER, data, name)


def current(request: HttpRequest) -> dict[str, str] | None:
    return kept.current(request, _SESSION_KEY)


def take(request: HttpRequest) -> tuple[bytes, str] | None:
    """The kept upload, removed from storage and from the session; None when it is gone (purged)."""
    return kept.take(request, _SESSION_KEY, FOLDER)


def purge(*, older_than: timedelta = kept.KEPT_FOR) -> int:
    """Remove plan uploads kept aside and never used; returns how many (the daily purge,
    core.pending_uploads.purge_all, covers this folder and the others)."""
    return kept.purge(FOLDER, older_than=older_than)
