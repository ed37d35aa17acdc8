"""The harness's data, built once for the package inside a transaction that is rolled back at its end;
each test runs in a savepoint of it (pytest-django's `db`), so what a request writes is undone."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from django.test import TestCase, override_settings
from pytest_django import DjangoDbBlocker

from binhdang.config.tests.harness import World, build_world


@pytest.fixture(scope="package")
def world(
    django_db_setup: None,
    django_db_blocker: DjangoDbBlocker,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("media")))
    media.enable()
    with django_db_blocker.unblock():
        # TestCase's own atomic blocks: the services' durable transactions run inside them as they
        # do inside a TestCase.
        atomics = TestCase._enter_atomics()
        try:
            started = time.perf_counter()
            data = build_world()
            print(f"\nharness data built in {time.perf_counter() - started:.1f} s")
            yield data
        finally:
            TestCase._rollback_atomics(atomics)
            media.disable()
