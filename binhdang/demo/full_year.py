"""The demo's province at work: besides the demo accounts and their reports in every state, a full
year of every other unit of Thái Nguyên and the year before (the synthetic generator), so the
dashboard, the indicators and the report have figures and "Kỳ trước" a value."""

from __future__ import annotations

from typing import Any

from binhdang.demo.personas import personas
from binhdang.orgunits.models import OrgUnit
from binhdang.synthetic.generator import LATEST_YEAR, SyntheticResult, existing_reports, generate_synthetic

DEMO_PROVINCE = "19"
DEMO_YEARS = 2  # the current year and the one before, for the change column


def fill_demo_province(acting_user: Any = None) -> SyntheticResult | None:
    """Reports for the units of the demo province nobody has touched, for this year and last.

    The demo accounts' own units are left alone, and a unit that already has a report for a year
    keeps it (the demo's reports keep their states). Once the year before has reports, it has run:
    running `load_demo` again adds nothing (None)."""
    if existing_reports([DEMO_PROVINCE], [str(LATEST_YEAR - DEMO_YEARS + 1)]):
        return None
    own = set(
        OrgUnit.objects.filter(code__in=[p.unit_code for p in personas()])
        .exclude(code=DEMO_PROVINCE)
        .values_list("pk", flat=True)
    )
    return generate_synthetic(
        provinces=[DEMO_PROVINCE],
        years=DEMO_YEARS,
        keep_existing=True,
        leave_alone=own,
        acting_user=acting_user,
    )
