"""schemathesis against the OpenAPI schema of /api/schema/: every operation, a bounded number of
generated requests, as a commune's reporter and as the province's coordinator (with their API tokens).
Checked: no server error, every response's status, content type and body as the schema declares."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = 5  # generated requests per operation and persona: bounded, so that make test stays short

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", get_wsgi_application())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.mark.parametrize("persona", ["reporter_a", "coordinator"])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case: Any, persona: str, tokens: dict[str, str], db: None) -> None:
    case.call_and_validate(headers={"Authorization": f"ApiToken {tokens[persona]}"}, checks=CHECKS)
