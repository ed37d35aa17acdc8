from __future__ import annotations

import datetime
from typing import Any, Self

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.core.models import TimeStampedModel
from binhdang.core.scoping import ScopedQuerySet
from binhdang.lib.text import fold_vi, normalize, search_terms, sort_key_vi
from binhdang.orgunits.choices import OrgUnitKind

PATH_SEPARATOR = "/"


def ancestor_paths(path: str) -> list[str]:
    """ "VN/19/05830" → ["VN", "VN/19"]: the paths of the units above, the top first."""
    parts = path.split(PATH_SEPARATOR)
    return [PATH_SEPARATOR.join(parts[:i]) for i in range(1, len(parts))]


def province_path(path: str) -> str:
    """ "VN/19/05830" → "VN/19": the province's path of a unit path (the country stays "VN")."""
    return PATH_SEPARATOR.join(path.split(PATH_SEPARATOR)[:2])


class OrgUnitQuerySet(ScopedQuerySet):
    unit_path_lookup = "path"

    def subtree(self, unit: OrgUnit, *, include_self: bool = True) -> Self:
        below = Q(path__startswith=unit.path + PATH_SEPARATOR)
        return self.filter(below | Q(pk=unit.pk) if include_self else below)

    def valid_on(self, day: datetime.date | None = None) -> Self:
        day = day or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def search(self, query: str) -> Self:
        """Accent- and case-insensitive: "dai tu" and "Đại Từ" both find "Xã Đại Từ"."""
        result = self
        for term in search_terms(query):
            result = result.filter(search_text__contains=term)
        return result

    def alphabetical(self) -> Self:
        return self.order_by("sort_key", "code")


class OrgUnit(TimeStampedModel):
    """A unit that plans, reports or receives reports: the country, a province, a department,
    an organisation, a commune or ward. Units form one tree, addressed by `path`."""

    code = models.CharField(
        _("code"),
        max_length=32,
        unique=True,
        help_text=_("National statistics code for provinces and communes; own codes for agencies."),
    )
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgUnitKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("level"), default=0, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("predecessors"),
        symmetrical=False,
        blank=True,
        related_name="successors",
        help_text=_("Former units merged into this one, so that history can be re-aggregated."),
    )
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("Abbreviations and other names, one per line.")
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telephone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    head_name = models.CharField(
        _("head of the unit"),
        max_length=120,
        blank=True,
        help_text=_("Name and title, e.g. Chủ tịch UBND xã."),
    )
    contact_person = models.CharField(
        _("reporter (contact person)"),
        max_length=120,
        blank=True,
        help_text=_("The person who prepares the unit's reports."),
    )
    # Derived from name and aliases on save: ASCII, so that search and order agree on every database.
    search_text = models.TextField(editable=False, default="")
    sort_key = models.CharField(max_length=600, editable=False, default="", db_index=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["sort_key", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_range",
                violation_error_message=_("The end of validity cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name = normalize(self.name)
        self.refresh_derived()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"path", "depth", "search_text", "sort_key"}
        super().save(*args, **kwargs)

    def refresh_derived(self) -> None:
        if PATH_SEPARATOR in self.code:
            raise ValueError(f"a unit code cannot contain {PATH_SEPARATOR!r}: {self.code!r}")
        if self.parent_id:
            parent = self.parent
            self.path = f"{parent.path}{PATH_SEPARATOR}{self.code}"
            self.depth = parent.depth + 1
        else:
            self.path, self.depth = self.code, 0
        self.search_text = fold_vi(" ".join([self.name, self.code, *self.alias_list]))
        self.sort_key = sort_key_vi(self.name)

    @property
    def alias_list(self) -> list[str]:
        return [normalize(line) for line in self.aliases.splitlines() if line.strip()]

    @property
    def ancestor_paths(self) -> list[str]:
        return ancestor_paths(self.path)

    def is_valid_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    def is_in_subtree_of(self, other: OrgUnit) -> bool:
        return self.path == other.path or self.path.startswith(other.path + PATH_SEPARATOR)

    @property
    def province_path(self) -> str:
        """The path of the province the unit lies in (its own for a province or the country)."""
        return province_path(self.path)

    def province_code(self) -> str | None:
        parts = self.path.split(PATH_SEPARATOR)
        return parts[1] if len(parts) > 1 else None
