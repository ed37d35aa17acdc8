"""Reads of the API: where each list starts for a user (always `restrict`, or a published plan read
under its issuer: plans.services.visible_plans, as the plan pages read it)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from binhdang.plans.models import Assignment, Task
from binhdang.plans.services import visible_plans


def visible_tasks(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(plan__in=visible_plans(user)).select_related("section")


def visible_assignments(user: Any) -> QuerySet[Assignment]:
    return Assignment.objects.filter(task__plan__in=visible_plans(user)).select_related("unit", "group")
