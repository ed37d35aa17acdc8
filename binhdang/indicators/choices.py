from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueType(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    PERCENT = "percent", _("Percent")
    MONEY = "money", _("Money (VND)")
    BOOLEAN = "boolean", _("Yes/no")
    TEXT = "text", _("Text")


NUMERIC_TYPES = frozenset({ValueType.INTEGER, ValueType.DECIMAL, ValueType.PERCENT, ValueType.MONEY})


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    LATEST = "latest", _("Latest")
    NONE = "none", _("Not aggregated")


# The disaggregations a data element can use. Each is a column of the fact table.
# The dimensions, in the order of the dimension columns of a value's key (reporting.spec.Key).
DIMENSIONS = ("sex", "age_band", "ethnicity", "area", "funding_source")

# Figures the consolidation provides besides the elements, which indicators may use: _UNITS is the
# number of units expected to report in the consolidated subtree (analytics.engine.consolidated_values).
SYSTEM_ELEMENTS: dict[str, list[str]] = {"_UNITS": []}
# Their names in a formula a person reads (never the code).
SYSTEM_ELEMENT_NAMES = {"_UNITS": _("the number of units that must report")}
