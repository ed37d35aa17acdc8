"""Reads of the API: where each list starts for a user (always `restrict`, or a published plan read
under its issuer as the plan pages read it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from binhdang.core.scoping import Action, scope_paths
from binhdang.plans.choices import PlanStatus
from binhdang.plans.models import Assignment, Plan, Task


def _ancestors(path: str) -> list[str]:
    parts = path.split("/")
    return ["/".join(parts[:n]) for n in range(1, len(parts))]


def visible_plans(user: Any) -> QuerySet[Plan]:
    """The plans in the user's scope, and the published plans of the units above it (a published
    plan is read by every unit under its issuer: plans.services.access_plan)."""
    paths = scope_paths(user, Action.VIEW)
    plans = Plan.objects.select_related("issuer")
    if paths is None:
        return plans
    above = sorted({ancestor for path in paths for ancestor in _ancestors(path)})
    own = Plan.objects.restrict(user, Action.VIEW).values("pk")
    return plans.filter(Q(pk__in=own) | Q(status=PlanStatus.PUBLISHED, issuer__path__in=above))


def visible_tasks(user: Any) -> QuerySet[Task]:
    return Task.objects.filter(plan__in=visible_plans(user)).select_related("section")


def visible_assignments(user: Any) -> QuerySet[Assignment]:
    return Assignment.objects.filter(task__plan__in=visible_plans(user)).select_related("unit", "group")
