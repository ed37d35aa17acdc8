"""The register's figures once consolidated: which cells of the GBV elements may be published.

The register fills the GBV elements of each unit's report with exact counts (report_fill); adding
them up over a province (analytics.engine) would publish small counts of survivors by sex, age band,
kind of unit and unit. `protect_consolidated()` takes every consolidated cell of those elements —
the total, each option of each dimension, each kind of unit, each child unit and the previous
period's total — with the additive relations publishing them reveals (each group of parts adds up
to the total, when it does exactly) and protects them together with `suppression.protect`: counts
1 … threshold−1 are shown "<threshold", and enough other cells "x" that no hidden one can be
recovered from the rest (the same audit by linear programming). Every consolidated output renders
the marks (analytics.report.Suppressed), never the number.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal

from django.conf import settings

from binhdang.gbv.report_fill import GBV_ELEMENTS
from binhdang.gbv.suppression import PRIMARY, SECONDARY, Relation, protect

PROTECTED_ELEMENTS = frozenset(GBV_ELEMENTS)  # the elements whose consolidated figures are protected
TOTAL_KEY = ("total", "")
PREVIOUS_KEY = ("previous", "")


def threshold() -> int:
    return int(settings.GBV_SUPPRESSION_THRESHOLD)


def mark(state: str, limit: int | None = None) -> str:
    return f"<{limit or threshold()}" if state == PRIMARY else "x"


def protect_consolidated(
    elements: Mapping[str, tuple[Decimal | None, Mapping[str, Mapping[str, Decimal | None]], Decimal | None]],
    limit: int | None = None,
) -> dict[str, dict[tuple[str, str], str]]:
    """`elements`: code → (total, {group: {part: value}}, previous total). Groups are "dimension:sex",
    "dimension:age_band", "kind", "unit" …, each a partition of the total. Returns code → {(group,
    part) or TOTAL_KEY / PREVIOUS_KEY: "primary" | "secondary"} for the cells to hide."""
    limit = limit or threshold()
    hidden: dict[str, dict[tuple[str, str], str]] = {}
    for code, (total, groups, _previous) in elements.items():
        if total is None:
            continue
        # The elements share no cell (each is its own table), so each is protected on its own.
        values: dict[Hashable, int] = {TOTAL_KEY: int(total)}
        relations: list[Relation] = []
        for group, parts in groups.items():
            known = {part: int(value) for part, value in parts.items() if value is not None}
            for part, value in known.items():
                values[(group, part)] = value
            if known and len(known) == len(parts) and sum(known.values()) == int(total):
                relations.append(Relation(TOTAL_KEY, tuple((group, p) for p in sorted(known))))
        for key, state in protect(values, relations, limit).status.items():
            if state in (PRIMARY, SECONDARY):
                hidden.setdefault(code, {})[key] = state
    for code, (_total, _groups, previous) in elements.items():  # the previous period: a count alone
        if previous is not None and 0 < previous < limit:
            hidden.setdefault(code, {})[PREVIOUS_KEY] = PRIMARY
    return hidden
