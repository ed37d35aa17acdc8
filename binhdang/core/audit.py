"""The audit trail. Service functions call `record()` inside their transaction."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import models

from binhdang.core.models import AuditEvent

# Details every audit row written in the current context carries besides its own, e.g. the API
# token a request came with ({"via": "api", "token": "…"}): set by `attributed()`, read by `record()`.
_ATTRIBUTION: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
    "audit_attribution", default=None
)


@contextlib.contextmanager
def attributed(details: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Within the block, every `record()` adds `details` (a dict the caller may still fill)."""
    reset = _ATTRIBUTION.set(details)
    try:
        yield details
    finally:
        _ATTRIBUTION.reset(reset)


def record(
    event_type: str,
    obj: models.Model,
    *,
    acting_user: Any = None,
    unit_path: str = "",
    **extra_data: Any,
) -> AuditEvent:
    return AuditEvent.objects.create(
        acting_user=acting_user if getattr(acting_user, "pk", None) else None,
        event_type=event_type,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        unit_path=unit_path,
        extra_data={**(_ATTRIBUTION.get() or {}), **extra_data},
    )
