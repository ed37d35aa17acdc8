"""The fuzzing's data, built once for this package inside a transaction rolled back at its end (as
the view harness does): two provinces, the personas, the test form with a commune's figures, and an
API token for the reporter and one for the coordinator."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core import signals
from django.db import close_old_connections
from django.test import TestCase
from pytest_django import DjangoDbBlocker

from binhdang.api.services import do_create_token
from binhdang.api.tests.helpers import fill
from binhdang.core.tests.helpers import PASSWORD
from binhdang.demo.personas import create_personas
from binhdang.orgunits.loader import load_register
from binhdang.reporting.tests.helpers import make_form


@pytest.fixture(scope="package")
def tokens(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[dict[str, str]]:
    # schemathesis calls the WSGI application itself, which closes "old" connections at each request's
    # start and end; inside the test's transaction that closes it (PostgreSQL). Django's test client
    # turns this off the same way while it makes a request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
        try:
            load_register(province_codes={"19", "01"})
            users = create_personas(password=PASSWORD)
            period = make_form()
            fill(period, users["reporter_a"].memberships.get().unit, users["reporter_a"])
            yield {
                persona: do_create_token(users[persona], "schemathesis", 1, acting_user=None)[1]
                for persona in ("reporter_a", "coordinator")
            }
        finally:
            TestCase._rollback_atomics(atomics)
            signals.request_started.connect(close_old_connections)
            signals.request_finished.connect(close_old_connections)
