"""The register fills the GBV elements of a unit's annual report (reporting/data/template_2026.json).

The unit's own consented, de-duplicated cases of the period (stats.counted_cases, de-duplicated across
the whole province) become the cells of GBV_CASES and GBV_SUPPORT_ANY (sex × age band) and of
GBV_SUPPORT_HEALTH/LEGAL/COUNSEL/SHELTER/POLICE (sex), every part written, zeros too, with
`source=gbv_register`: the entry page shows them read-only, marked as coming from the register. The
report to the province carries exact figures (as the form asks); everything published from the
register itself is suppressed (stats.statistics).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from binhdang.gbv.stats import CountedCase, counted_cases, report_counts
from binhdang.indicators.choices import DIMENSIONS
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.models import ReportingPeriod
from binhdang.reporting.queries import build_form_spec
from binhdang.reporting.services import RegisterWrite, open_submission, write_register_cells_in_transaction
from binhdang.reporting.spec import TOTAL, Key

GBV_ELEMENTS = (
    "GBV_CASES",
    "GBV_SUPPORT_ANY",
    "GBV_SUPPORT_HEALTH",
    "GBV_SUPPORT_LEGAL",
    "GBV_SUPPORT_COUNSEL",
    "GBV_SUPPORT_SHELTER",
    "GBV_SUPPORT_POLICE",
)


def _province(unit: OrgUnit) -> OrgUnit:
    path = unit.province_path
    return OrgUnit.objects.get(path=path) if path != unit.path else unit


def province_cases(period: ReportingPeriod, unit: OrgUnit) -> list[CountedCase]:
    """The counted cases of the unit's province for the period (what every unit's cells come from)."""
    return counted_cases(_province(unit), period.covers_from, period.covers_to)


def register_cells(
    period: ReportingPeriod, unit: OrgUnit, counted: list[CountedCase] | None = None
) -> dict[tuple[str, tuple[str, ...]], int]:
    """The cells the register writes into the unit's report: (element, key) → count. `counted`: the
    province's counted cases when the caller has them already (a province filled unit by unit)."""
    if counted is None:
        counted = province_cases(period, unit)
    counts = report_counts(counted, unit)
    spec = build_form_spec(period, unit)
    cells: dict[tuple[str, tuple[str, ...]], int] = {}
    for section in spec.sections:
        for element in section.elements:
            if element.code not in GBV_ELEMENTS:
                continue
            for key in element.part_keys():
                fields = dict(zip(DIMENSIONS, key, strict=True))
                cells[(element.code, key)] = counts.get((element.code, fields["sex"], fields["age_band"]), 0)
    return cells


def fill_report(
    period: ReportingPeriod, unit: OrgUnit, *, acting_user: Any, counted: list[CountedCase] | None = None
) -> RegisterWrite:
    """Write the register's counts into the unit's report, in its own transaction: every part of
    the GBV elements, zeros too; a total typed before the register filled an element is cleared
    (the parts add up to it), its note kept. A report already sent, or whose entry closed, is left
    as it is: the result says why (`refused`)."""
    with transaction.atomic(durable=True):
        # The report locked first, so that two fills count one after the other.
        open_submission(period, unit, lock=True)
        counts = register_cells(period, unit, counted)
        cells: dict[tuple[str, Key], int | None] = dict(counts)
        for code in {code for code, _key in counts}:
            cells[(code, TOTAL)] = None
        return write_register_cells_in_transaction(
            period, unit, cells, source=ValueSource.GBV_REGISTER, acting_user=acting_user
        )


def do_fill_report(period: ReportingPeriod, unit: OrgUnit, *, acting_user: Any) -> int:
    """`fill_report` for the statistics page: the number of cells changed; a refusal is a
    ValidationError carrying its message."""
    result = fill_report(period, unit, acting_user=acting_user)
    if result.refused:
        raise ValidationError(result.refused)
    return result.changed


def fill_province(
    period: ReportingPeriod, province: OrgUnit, *, acting_user: Any
) -> dict[str, RegisterWrite]:
    """Fill the report of every unit of the province that has cases in the register, the province's
    cases counted once; unit code → what was done (a report that can no longer change is refused)."""
    counted = province_cases(period, province)
    units = (
        OrgUnit.objects.filter(pk__in={case.unit_id for case in counted})
        .filter(Q(pk=province.pk) | Q(path__startswith=province.path + "/"))
        .order_by("code")
    )
    return {unit.code: fill_report(period, unit, acting_user=acting_user, counted=counted) for unit in units}


def counted_units(period: ReportingPeriod, province: OrgUnit) -> set[int]:
    return {case.unit_id for case in counted_cases(province, period.covers_from, period.covers_to)}
