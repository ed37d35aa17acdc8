"""What the management commands about one period and one unit share."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import ReportingPeriod
from binhdang.reporting.services import find_period


def period_and_unit(period_code: object, unit_code: object) -> tuple[ReportingPeriod, OrgUnit]:
    """The period (by code, or by year) and the unit (by code) a command names, or a CommandError
    that says which one was not found."""
    try:
        period = find_period(str(period_code))
    except ValidationError as exc:
        raise CommandError(" ".join(exc.messages)) from exc
    unit = OrgUnit.objects.filter(code=unit_code).first()
    if unit is None:
        raise CommandError(_("There is no unit with the code “%(code)s”.") % {"code": unit_code})
    return period, unit
