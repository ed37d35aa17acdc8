from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from binhdang.indicators.choices import DIMENSIONS, Aggregation, ValueType


class BilingualName(models.Model):
    name = models.CharField(_("name (Vietnamese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        """The name in the user's language, Vietnamese when there is no English one."""
        return self.name_en if (get_language() or "vi").startswith("en") and self.name_en else self.name


class Dimension(BilingualName):
    """A disaggregation: sex, age band, ethnicity, area, funding source."""

    code = models.CharField(_("code"), max_length=20, unique=True, choices=[(d, d) for d in DIMENSIONS])
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.TextField(_("source"), blank=True)

    class Meta:
        verbose_name = _("dimension")
        verbose_name_plural = _("dimensions")
        ordering = ["order"]

    def __str__(self) -> str:
        return self.label


class DimensionOption(BilingualName):
    """One category of a dimension, e.g. nữ; Tày (02); 16–59."""

    dimension = models.ForeignKey(
        Dimension, verbose_name=_("dimension"), on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("code"), max_length=20)
    group = models.CharField(
        _("group"), max_length=60, blank=True, help_text=_("e.g. Kinh / ethnic minority, for grouped totals")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("dimension option")
        verbose_name_plural = _("dimension options")
        ordering = ["dimension", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="%(app_label)s_%(class)s_unique_code"),
        ]

    def __str__(self) -> str:
        return self.label


class DataElement(BilingualName):
    """One figure to report (chỉ tiêu), e.g. the number of people trained, by sex."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    value_type = models.CharField(
        _("value type"), max_length=10, choices=ValueType.choices, default=ValueType.INTEGER
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    dimensions = models.JSONField(
        _("broken down by"),
        default=list,
        blank=True,
        help_text=_("Dimension codes, in the order the form shows them."),
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("data element")
        verbose_name_plural = _("data elements")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        unknown = [d for d in self.dimensions if d not in DIMENSIONS]
        if unknown:
            raise ValidationError(
                {"dimensions": _("Unknown dimensions: %(names)s") % {"names": ", ".join(unknown)}}
            )
        if len(set(self.dimensions)) != len(self.dimensions):
            raise ValidationError({"dimensions": _("A dimension is listed twice.")})
