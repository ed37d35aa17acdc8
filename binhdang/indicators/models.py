from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from binhdang.indicators.choices import DIMENSIONS, SYSTEM_ELEMENTS, Aggregation, ValueType
from binhdang.lib import expressions


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
        unknown = [d for d in self.dimensions if d not in DIMENSIONS]
        if unknown:
            raise ValidationError(
                {"dimensions": _("Unknown dimensions: %(names)s") % {"names": ", ".join(unknown)}}
            )
        if len(set(self.dimensions)) != len(self.dimensions):
            raise ValidationError({"dimensions": _("A dimension is listed twice.")})


class Indicator(BilingualName):
    """A computed indicator (chỉ số), e.g. the share of enterprises and co-operatives led by women.

    Its value is `numerator ÷ denominator × factor`, where both are expressions over the report
    form's data elements (``E(CODE)``, ``E(CODE, sex=F)``, numbers, + - * / and brackets; see
    `binhdang.lib.expressions`). Without a denominator the value is `numerator × factor`.
    Its targets (`Target`) say what it should reach, by year.
    """

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better (at least the target)")
        LOWER = "lower", _("Lower is better (at most the target)")

    code = models.CharField(_("code"), max_length=40, unique=True)
    numerator = models.CharField(
        _("numerator"), max_length=500, help_text=_("An expression, e.g. E(STAT_ENTERPRISES_WOMEN).")
    )
    denominator = models.CharField(
        _("denominator"),
        max_length=500,
        blank=True,
        help_text=_("An expression, e.g. E(STAT_ENTERPRISES); leave empty when there is none."),
    )
    factor = models.DecimalField(
        _("factor"),
        max_digits=12,
        decimal_places=4,
        default=1,
        help_text=_("The result is multiplied by it: 100 for a percentage."),
    )
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    decimals = models.PositiveSmallIntegerField(_("decimal places"), default=1)
    description = models.TextField(_("description"), blank=True)
    source = models.TextField(_("source"), help_text=_("The legal text that sets the indicator."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    def clean(self) -> None:
        errors = {}
        elements, options = known_elements(), known_options()
        for field in ("numerator", "denominator"):
            expression = getattr(self, field).strip()
            if not expression:
                continue  # a numerator is required by its field; a denominator is optional
            problems = expressions.reference_errors(expression, elements, options, needs_term=True)
            if problems:
                errors[field] = problems
        if errors:
            raise ValidationError(errors)


class Target(models.Model):
    """What an indicator should reach in a year, nationally or in one province, with its source."""

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National")
        PROVINCIAL = "provincial", _("Provincial")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.NATIONAL)
    province_code = models.CharField(
        _("province code"),
        max_length=10,
        blank=True,
        help_text=_(
            "For a provincial target, the province it applies to (e.g. 19); empty for a national one."
        ),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target value"), max_digits=14, decimal_places=4)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    source = models.TextField(_("source"), help_text=_("The legal text that sets the target."))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "scope", "province_code", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "scope", "province_code", "year"],
                name="%(app_label)s_%(class)s_unique_year",
            ),
            models.CheckConstraint(
                condition=(models.Q(scope="national", province_code=""))
                | (models.Q(scope="provincial") & ~models.Q(province_code="")),
                name="%(app_label)s_%(class)s_province_matches_scope",
            ),
        ]

    def __str__(self) -> str:
        where = self.province_code if self.scope == self.Scope.PROVINCIAL else self.get_scope_display()
        return f"{self.indicator.code} {self.year} ({where}): {self.value.normalize():f}"

    def clean(self) -> None:
        errors = target_problems(self.scope, self.province_code, self.baseline_year, self.baseline_value)
        if errors:
            raise ValidationError(errors)


def target_problems(
    scope: str, province_code: str, baseline_year: Any, baseline_value: Any
) -> dict[str, str]:
    """What is inconsistent in a target, by field: the admin's form and the indicators file both ask."""
    errors = {}
    if scope == Target.Scope.NATIONAL and province_code:
        errors["province_code"] = _("A national target has no province code.")
    if scope == Target.Scope.PROVINCIAL and not province_code:
        errors["province_code"] = _("A provincial target needs the province code.")
    if (baseline_year is None) != (baseline_value is None):
        errors["baseline_value"] = _("Give both the baseline year and the baseline value, or neither.")
    return {field: str(message) for field, message in errors.items()}


def known_elements() -> dict[str, list[str]]:
    """What an indicator's expression may name: each data element's code and its dimensions, and
    the figures the consolidation adds (SYSTEM_ELEMENTS)."""
    return dict(DataElement.objects.values_list("code", "dimensions")) | SYSTEM_ELEMENTS


def known_options() -> dict[str, set[str]]:
    """The option codes of each dimension, from the database."""
    options: dict[str, set[str]] = {}
    for dimension, code in DimensionOption.objects.values_list("dimension__code", "code"):
        options.setdefault(dimension, set()).add(code)
    return options
