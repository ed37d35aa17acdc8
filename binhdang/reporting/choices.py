from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class ReportState(models.TextChoices):
    """A unit's report as every person reads it, on every page: one name per state. It is derived
    from the stored status and whether the unit's head approves (`completeness.state_of_status`);
    docs/glossary.md lists the names."""

    MISSING = "missing", pgettext_lazy("report state", "Not started")
    DRAFT = "draft", _("Being entered")
    AWAITING_APPROVAL = "awaiting_approval", _("Waiting for the head's approval")
    RECEIVED = "received", _("Sent, waiting for review")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned for correction")


class ValueSource(models.TextChoices):
    """Where a figure came from. Figures filled from a register (the GBV cases, the feedback intake)
    are shown read-only on the entry page with this label and refreshed from their register."""

    ENTERED = "", _("Entered on the form")
    EXCEL = "excel", _("Imported from Excel")
    API = "api", _("Received through the API")
    GBV_REGISTER = "gbv_register", _("From the GBV case register")
    FEEDBACK_INTAKE = "feedback_intake", _("From the feedback intake")


# Sources whose figures the unit does not type: they are read-only on the form.
REGISTER_SOURCES = frozenset({ValueSource.GBV_REGISTER, ValueSource.FEEDBACK_INTAKE})


class Severity(models.TextChoices):
    ERROR = "error", _("Error (blocks submission)")
    WARNING = "warning", _("Warning (asks for a comment)")


class Operator(models.TextChoices):
    LE = "<=", "≤"
    GE = ">=", "≥"
    EQ = "==", "="
    LT = "<", "<"
    GT = ">", ">"
