"""The one rule for a unit's total of an element: its total cell when entered, else the sum of its
broken-down cells (a unit that knew only its total counts in the total but not in the split).

Written once, in two forms read from the same definition: `unit_total` for values in Python
(validation, the synthetic generator, the row-by-row rules of the consolidation) and
`unit_total_sql` for the database's GROUP BY (the consolidation's sums).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from binhdang.reporting.spec import DIMENSION_ORDER, TOTAL, Key


def unit_total(total_cell: Decimal | None, parts: Iterable[Decimal]) -> Decimal | None:
    """The total cell when entered, else the sum of the parts; None when neither is entered."""
    if total_cell is not None:
        return total_cell
    entered = [part for part in parts if part is not None]
    return sum(entered, Decimal(0)) if entered else None


def element_totals(values: Mapping[tuple[str, Key], object]) -> dict[str, Decimal]:
    """One unit's cells ({(element, key): value}) → each numeric element's total by the rule."""
    cells: dict[str, Decimal] = {}
    parts: dict[str, list[Decimal]] = defaultdict(list)
    for (code, key), value in values.items():
        if isinstance(value, bool) or not isinstance(value, Decimal):
            continue
        if key == TOTAL:
            cells[code] = value
        else:
            parts[code].append(value)
    totals = {}
    for code in cells.keys() | parts.keys():
        total = unit_total(cells.get(code), parts.get(code, ()))
        if total is not None:
            totals[code] = total
    return totals


def per_unit_totals(rows: Iterable[tuple[int, Decimal | None, bool]]) -> dict[int, Decimal]:
    """(unit id, value, is the total cell) rows of one element → each unit's total by the rule."""
    cells: dict[int, Decimal] = {}
    parts: dict[int, list[Decimal]] = defaultdict(list)
    for unit_id, value, is_total in rows:
        if value is None:
            continue
        if is_total:
            cells[unit_id] = value
        else:
            parts[unit_id].append(value)
    totals = {}
    for unit_id in cells.keys() | parts.keys():
        total = unit_total(cells.get(unit_id), parts.get(unit_id, ()))
        if total is not None:
            totals[unit_id] = total
    return totals


def is_total_sql(alias: str) -> str:
    """SQL true for the total cell of a value row (`alias` is the value table's alias)."""
    return " AND ".join(f"{alias}.{name} = ''" for name in DIMENSION_ORDER)


def unit_total_sql(alias: str) -> str:
    """The rule as an aggregate over one unit's rows of one element (GROUP BY element, unit)."""
    total = is_total_sql(alias)
    return (
        f"COALESCE(MAX(CASE WHEN {total} THEN {alias}.value END), "
        f"SUM(CASE WHEN NOT ({total}) THEN {alias}.value END))"
    )
