"""The register fills the GBV elements of a unit's annual report (reporting/data/template_2026.json).

The unit's own consented, de-duplicated cases of the period (stats.counted_cases, de-duplicated across
the whole province) become the cells of GBV_CASES and GBV_SUPPORT_ANY (sex × age band) and of
GBV_SUPPORT_HEALTH/LEGAL/COUNSEL/SHELTER/POLICE (sex), every part written, zeros too, with
`source=gbv_register`: the entry page shows them read-only, marked as coming from the register. The
report to the province carries exact figures (as the form asks); everything published from the
register itself is suppressed (stats.statistics).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction

from binhdang.core import audit
from binhdang.gbv.stats import counted_cases, report_counts
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import DataElement
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import ValueSource
from binhdang.reporting.models import DataValue, ReportingPeriod
from binhdang.reporting.queries import build_form_spec
from binhdang.reporting.services import ensure_editable, open_submission

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
    path = "/".join(unit.path.split("/")[:2])
    return OrgUnit.objects.get(path=path) if path != unit.path else unit


def register_cells(period: ReportingPeriod, unit: OrgUnit) -> dict[tuple[str, tuple[str, ...]], int]:
    """The cells the register writes into the unit's report: (element, key) → count."""
    counted = counted_cases(_province(unit), period.covers_from, period.covers_to)
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


@transaction.atomic(durable=True)
def do_fill_report(period: ReportingPeriod, unit: OrgUnit, *, acting_user: Any) -> int:
    """Write the register's counts into the unit's report (a draft or returned report only)."""
    submission = open_submission(period, unit, lock=True)
    ensure_editable(submission)
    cells = register_cells(period, unit)
    if not cells:
        return 0
    elements = {e.code: e for e in DataElement.objects.filter(code__in=GBV_ELEMENTS)}
    existing = {
        (row.element.code, row.key): row
        for row in DataValue.objects.select_for_update(of=("self",))
        .filter(submission=submission, period=period, element__code__in=GBV_ELEMENTS)
        .select_related("element")
    }
    user = acting_user if getattr(acting_user, "pk", None) else None
    changed = 0
    for (code, key), count in cells.items():
        row = existing.pop((code, key), None)
        if row is None:
            row = DataValue(
                submission=submission,
                element=elements[code],
                unit=unit,
                period=period,
                version=0,
                **dict(zip(DIMENSIONS, key, strict=True)),
            )
        if row.pk and row.value == Decimal(count) and row.source == ValueSource.GBV_REGISTER:
            continue
        row.value, row.text, row.source, row.updated_by = Decimal(count), "", ValueSource.GBV_REGISTER, user
        row.version += 1
        row.save()
        changed += 1
    for row in existing.values():  # a total or a cell typed before the register filled the element
        row.delete()
        changed += 1
    if changed:
        submission.version += 1
        submission.updated_by = user
        submission.save(update_fields=["version", "updated_by", "updated_at"])
    audit.record(
        "gbv.report_filled",
        submission,
        acting_user=acting_user,
        unit_path=unit.path,
        period=period.code,
        cells=len(cells),
        changed=changed,
    )
    return changed


def fill_province(period: ReportingPeriod, province: OrgUnit, *, acting_user: Any) -> dict[str, int]:
    """Fill the report of every unit of the province that has cases in the register (and an open report)."""
    units = OrgUnit.objects.filter(pk__in=counted_units(period, province)).order_by("code")
    done = {}
    for unit in units:
        done[unit.code] = do_fill_report(period, unit, acting_user=acting_user)
    return done


def counted_units(period: ReportingPeriod, province: OrgUnit) -> set[int]:
    return {case.unit_id for case in counted_cases(province, period.covers_from, period.covers_to)}
