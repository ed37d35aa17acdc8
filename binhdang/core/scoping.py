"""`restrict(user, action)`: the one place that decides which units' data a user reaches.

A membership (user × unit × role) grants the role's actions on the unit and its whole
subtree. Units carry a materialised path ("VN/19/05374"), so "this unit and everything
under it" is one indexed prefix test on SQLite and PostgreSQL. Every list, page, export
and API that serves a user starts from `Model.objects.restrict(user, action)`; an object
outside the result answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q
from django.http import Http404

from binhdang.accounts.choices import ACTION_ROLES, Action

if TYPE_CHECKING:
    from binhdang.accounts.models import User


def scope_paths(user: User | Any, action: str = Action.VIEW) -> list[str] | None:
    """The unit paths whose subtrees the user may act on; None means everything.

    Nested paths are collapsed ("VN/19" covers "VN/19/05374"). Cached on the user object
    for the request.
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    if user.is_superuser:
        return None
    if action not in ACTION_ROLES:
        raise ValueError(f"unknown action {action!r}")
    cache: dict[str, list[str]] = user.__dict__.setdefault("_scope_cache", {})
    if action not in cache:
        paths = sorted(
            set(user.memberships.filter(role__in=ACTION_ROLES[action]).values_list("unit__path", flat=True))
        )
        collapsed: list[str] = []
        for path in paths:  # sorted, so a parent comes before its descendants
            if not any(path == kept or path.startswith(kept + "/") for kept in collapsed):
                collapsed.append(path)
        cache[action] = collapsed
    return cache[action]


def subtree_q(lookup: str, paths: list[str]) -> Q:
    """Q matching any unit path equal to or under one of `paths` (via `lookup`)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{lookup: path}) | Q(**{f"{lookup}__startswith": path + "/"})
    return condition


class ScopedQuerySet(models.QuerySet):
    """Base queryset of every model that belongs to a unit.

    Subclasses name the path of their unit with `unit_path_lookup`, e.g. "unit__path"
    for a model with a `unit` foreign key, or "path" for OrgUnit itself.
    """

    unit_path_lookup = "unit__path"

    def within(self, unit: Any) -> Self:
        """The rows of `unit` and of every unit under it."""
        return self.filter(subtree_q(self.unit_path_lookup, [unit.path]))

    def restrict(self, user: User | Any, action: str = Action.VIEW) -> Self:
        paths = scope_paths(user, action)
        if paths is None:
            return self
        if not paths:
            return self.none()
        return self.filter(subtree_q(self.unit_path_lookup, paths))


def get_scoped_or_404(queryset: ScopedQuerySet, user: User | Any, action: str = Action.VIEW, **lookup: Any):
    """Fetch one object the user may act on, or 404 as if it did not exist."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
