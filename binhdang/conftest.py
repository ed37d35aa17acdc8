"""Test-wide set-up: the browser journeys run in Debian's Chromium through Playwright; every test
starts with an empty cache; passwords are hashed with MD5 (fast) in tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from binhdang.core.tests.helpers import PASSWORD
from binhdang.demo.personas import create_personas
from binhdang.orgunits.loader import load_register

# Playwright's sync API keeps an event loop in the main thread; the ORM calls that the
# journeys make to set up data are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_configure(config: pytest.Config) -> None:
    # Fast password hashing in tests only (MD5: PBKDF2's million rounds cost ~0.3 s per persona's
    # set_password and per real login); the settings, and so every deployment, keep Django's default.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM:
        return
    skip = pytest.mark.skip(
        reason="Chromium is not installed: run 'sudo apt-get install chromium' to run the browser journeys."
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def personas(transactional_db: None) -> dict[str, Any]:
    """Thái Nguyên's register and its people, for journeys against the live server."""

    load_register(province_codes={"19", "01"})
    return create_personas(password=PASSWORD)


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: the country's partial sums are keyed by report ids,
    which a rolled-back test hands out again."""

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the site's language: a request in English leaves English active in the
    thread, and the next test would read English messages."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
