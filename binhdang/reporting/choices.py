from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodType(models.TextChoices):
    ANNUAL = "annual", _("Annual")
    HALF_YEAR = "half_year", _("Half-year")
    QUARTERLY = "quarterly", _("Quarterly")


class SubmissionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved by the unit head")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")


EDITABLE_STATUSES = frozenset({SubmissionStatus.DRAFT, SubmissionStatus.RETURNED})

# The step of a reminder the coordinator sent by hand: "manual-2026-12-01" (one a day for a unit).
MANUAL_STEP_PREFIX = "manual-"


class Severity(models.TextChoices):
    ERROR = "error", _("Error (blocks submission)")
    WARNING = "warning", _("Warning (asks for a comment)")


class Operator(models.TextChoices):
    LE = "<=", "≤"
    GE = ">=", "≥"
    EQ = "==", "="
    LT = "<", "<"
    GT = ">", ">"
