"""The one rule for a unit's total of an element: its total cell when entered, else the sum of its
broken-down cells (a unit that knew only its total counts in the total but not in the split).

Cells are keyed `(element code, key)`, the key holding one option per dimension ("" for a
dimension not broken down), so the total cell's key is all "". The rule is written once, in the
forms its readers need: `unit_total` for values in Python, `cell_sum` for the rule and indicator
expressions (validation, indicators), `element_totals` / `totals_by` for one unit's cells
or many units' rows (the synthetic generator, the consolidation's row-by-row rules), and
`unit_total_sql` for the database's GROUP BY (the consolidation's sums). The dimension columns
are the caller's (`indicators.choices.DIMENSIONS`): lib knows no app.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

from binhdang.lib.expressions import Missing

Cells = Mapping[tuple[str, tuple[str, ...]], object]
K = TypeVar("K")


def unit_total(total_cell: Decimal | None, parts: Iterable[Decimal]) -> Decimal | None:
    """The total cell when entered, else the sum of the parts; None when neither is entered."""
    if total_cell is not None:
        return total_cell
    entered = [part for part in parts if part is not None]
    return sum(entered, Decimal(0)) if entered else None


def _number(value: object) -> Decimal | None:
    """A cell's value as a number: a yes counts 1, a no 0; text and empty cells are not numbers."""
    if isinstance(value, bool):
        return Decimal(int(value))
    return value if isinstance(value, Decimal) else None


def cell_sum(
    values: Cells, code: str, filters: Mapping[str, str] | None, dimension_order: Sequence[str]
) -> Decimal:
    """An element's total by the rule, or the sum of its cells matching `filters`
    ({dimension: option}); raises expressions.Missing when nothing of it is entered."""
    total_key = ("",) * len(dimension_order)
    total_cell = None if filters else values.get((code, total_key))
    if isinstance(total_cell, Decimal):  # the rule's first half: no need to look at the parts
        return total_cell
    indexes = {dimension_order.index(name): option for name, option in (filters or {}).items()}
    parts = [
        number
        for (element_code, key), value in values.items()
        if element_code == code
        and key != total_key
        and (number := _number(value)) is not None
        and all(key[i] == option for i, option in indexes.items())
    ]
    total = unit_total(None, parts)
    if total is None:
        raise Missing
    return total


def totals_by(rows: Iterable[tuple[K, Decimal | None, bool]]) -> dict[K, Decimal]:
    """(whose total, value, is the total cell) rows → each one's total by the rule."""
    cells: dict[K, Decimal] = {}
    parts: dict[K, list[Decimal]] = defaultdict(list)
    for owner, value, is_total in rows:
        if value is None:
            continue
        if is_total:
            cells[owner] = value
        else:
            parts[owner].append(value)
    totals = {}
    for owner in cells.keys() | parts.keys():
        total = unit_total(cells.get(owner), parts.get(owner, ()))
        if total is not None:
            totals[owner] = total
    return totals


def element_totals(values: Cells) -> dict[str, Decimal]:
    """One unit's numeric cells → each element's total by the rule (yes/no and text left out)."""
    return totals_by(
        (code, value, not any(key)) for (code, key), value in values.items() if isinstance(value, Decimal)
    )


def is_total_sql(alias: str, dimension_order: Sequence[str]) -> str:
    """SQL true for the total cell of a value row (`alias` is the value table's alias)."""
    return " AND ".join(f"{alias}.{name} = ''" for name in dimension_order)


def unit_total_sql(alias: str, dimension_order: Sequence[str]) -> str:
    """The rule as an aggregate over one unit's rows of one element (GROUP BY element, unit)."""
    total = is_total_sql(alias, dimension_order)
    return (
        f"COALESCE(MAX(CASE WHEN {total} THEN {alias}.value END), "
        f"SUM(CASE WHEN NOT ({total}) THEN {alias}.value END))"
    )
