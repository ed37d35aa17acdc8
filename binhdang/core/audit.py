"""The audit trail. Service functions call `record()` inside their transaction."""

from __future__ import annotations

from typing import Any

from django.db import models

from binhdang.core.models import AuditEvent


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
        extra_data=extra_data,
    )
