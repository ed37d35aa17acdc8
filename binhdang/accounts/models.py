from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.accounts.choices import ACTION_ROLES, Role
from binhdang.core.models import TimeStampedModel
from binhdang.core.scoping import CONFIDENTIAL_ACTIONS, Action, ScopedQuerySet, covers


class User(AbstractUser):
    """A person who signs in. What they may see comes from their memberships."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name() or self.username

    def scope_paths(self, action: str = Action.VIEW) -> list[str] | None:
        """The unit paths whose subtrees this user may act on; None means everything.

        A superuser may do everything except the GBV register's actions, which follow the
        memberships as for anybody. Nested paths are collapsed ("VN/19" covers "VN/19/05374").
        The memberships are read once per user object (one query for every action), so a request
        asks the database once.
        """
        if not self.is_active:
            return []
        if self.is_superuser and action not in CONFIDENTIAL_ACTIONS:
            return None
        if action not in ACTION_ROLES:
            raise ValueError(f"unknown action {action!r}")
        cache: dict[str, list[str]] = self.__dict__.setdefault("_scope_cache", {})
        if action not in cache:
            held = self.__dict__.get("_role_paths")
            if held is None:
                held = list(self.memberships.values_list("role", "unit__path"))
                self.__dict__["_role_paths"] = held
            paths = sorted({path for role, path in held if role in ACTION_ROLES[action]})
            collapsed: list[str] = []
            for path in paths:  # sorted, so a parent comes before its descendants
                if not covers(collapsed, path):
                    collapsed.append(path)
            cache[action] = collapsed
        return cache[action]

    def can(self, action: str, unit: models.Model) -> bool:
        """Whether this user may do `action` on `unit` (an OrgUnit), from the cached paths."""
        return self.is_authenticated and covers(self.scope_paths(action), unit.path)


class MembershipQuerySet(ScopedQuerySet):
    unit_path_lookup = "unit__path"


class Membership(TimeStampedModel):
    """A user's role in a unit. The role applies to the unit and its whole subtree."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        "orgunits.OrgUnit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["user", "unit__sort_key", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                name="%(app_label)s_%(class)s_unique_user_unit_role",
                violation_error_message=_("This user already has this role in this unit."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"
