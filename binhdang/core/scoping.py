"""`restrict(user, action)`: the one place every list, page, export and API starts from.

A membership (user × unit × role) grants the role's actions on the unit and its whole
subtree. Units carry a materialised path ("VN/19/05374"), so "this unit and everything
under it" is one indexed prefix test on SQLite and PostgreSQL. An object outside the result
answers 404, exactly like one that does not exist.

Which roles may do which action is the accounts layer's business: a user object answers
`user.scope_paths(action)` (`binhdang.accounts.models.User`), and this module only turns those
paths into filters. `Action` is the vocabulary both sides share, kept here so that every layer
above core can name an action without importing accounts.
"""

from __future__ import annotations

from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """What a user wants to do with objects of a unit's subtree."""

    VIEW = "view", _("View")
    CHANGE = "change", _("Enter and edit")
    APPROVE = "approve", _("Approve")
    REVIEW = "review", _("Review, accept and return")
    MANAGE = "manage", _("Manage plans, periods and units")
    GBV = "gbv", _("Work on GBV cases")
    GBV_SUPERVISE = "gbv_supervise", _("Supervise GBV cases")
    GBV_PROVIDE = "gbv_provide", _("Provide a service on referred GBV cases")
    GBV_AUDIT = "gbv_audit", _("Audit access to GBV cases")
    FEEDBACK = "feedback", _("Handle feedback")


# The GBV register's actions. Being a superuser opens none of them: an administrator who works on
# cases does so through a GBV membership, as anybody does (accounts.User.scope_paths).
CONFIDENTIAL_ACTIONS = frozenset({Action.GBV, Action.GBV_SUPERVISE, Action.GBV_PROVIDE, Action.GBV_AUDIT})


def scope_paths(user: Any, action: str = Action.VIEW) -> list[str] | None:
    """The unit paths whose subtrees the user may act on; None means everything; [] nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return user.scope_paths(action)


def acts_anywhere(user: Any, action: str) -> bool:
    """Whether the user may do `action` on at least one unit (from the cached paths, no query)."""
    paths = scope_paths(user, action)
    return paths is None or bool(paths)


def subtree_q(lookup: str, paths: list[str]) -> Q:
    """Q matching any unit path equal to or under one of `paths` (via `lookup`)."""
    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(**{lookup: path}) | Q(**{f"{lookup}__startswith": path + "/"})
    return condition


def covers(paths: list[str] | None, path: str) -> bool:
    """Whether `path` is one of `paths` or under one of them (None covers everything)."""
    if paths is None:
        return True
    return any(path == kept or path.startswith(kept + "/") for kept in paths)


class ScopedQuerySet(models.QuerySet):
    """Base queryset of every model that belongs to a unit.

    Subclasses name the path of their unit with `unit_path_lookup`, e.g. "unit__path"
    for a model with a `unit` foreign key, or "path" for OrgUnit itself.
    """

    unit_path_lookup = "unit__path"

    def within(self, unit: Any) -> Self:
        """The rows of `unit` and of every unit under it."""
        return self.filter(subtree_q(self.unit_path_lookup, [unit.path]))

    def restrict(self, user: Any, action: str = Action.VIEW) -> Self:
        paths = scope_paths(user, action)
        if paths is None:
            return self
        if not paths:
            return self.none()
        return self.filter(subtree_q(self.unit_path_lookup, paths))


def get_scoped_or_404(queryset: ScopedQuerySet, user: Any, action: str = Action.VIEW, **lookup: Any):
    """Fetch one object the user may act on, or 404 as if it did not exist."""
    try:
        return queryset.restrict(user, action).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404 from exc
