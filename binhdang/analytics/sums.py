"""The consolidation's sums, added up by the database: per element, the units' totals by kind of
unit and by the root's child, and the broken-down cells per option. The engine reads them for one
subtree, the country's partial sums (partials.py) for each province."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import connection

from binhdang.indicators.choices import DIMENSIONS
from binhdang.lib.totals import is_total_sql, unit_total_sql
from binhdang.orgunits.models import PATH_SEPARATOR, OrgUnit
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission

FOUR_PLACES = Decimal("0.0001")


def _subtree_sql(root: OrgUnit, *, only_self: bool = False) -> tuple[str, list]:
    """A derived table of the root's subtree: each unit's id, kind and child (the code of the root's
    child it lies under), computed once per unit rather than once per value; and its parameters.
    Queries put it first in a CROSS JOIN, which SQLite takes as the order to follow: unit by unit
    through the (unit, period) index, so that a province reads its own values and not the country's
    (PostgreSQL plans a CROSS JOIN like any join)."""
    prefix = root.path + PATH_SEPARATOR
    rest = f"substr(path, {len(prefix) + 1})"
    position = ("strpos" if connection.vendor == "postgresql" else "instr") + f"({rest}, '{PATH_SEPARATOR}')"
    child = (
        f"CASE WHEN id = %s THEN code WHEN {position} > 0 THEN substr({rest}, 1, {position} - 1) "
        f"ELSE {rest} END"
    )
    units = f"SELECT id, kind, {child} AS child FROM {OrgUnit._meta.db_table}"  # noqa: S608 (no input)
    if only_self:
        return f"({units} WHERE id = %s)", [root.pk, root.pk]
    if root.parent_id is None:  # the top of the tree: every unit (and a planner that knows how many)
        return f"({units})", [root.pk]
    return f"({units} WHERE substr(path, 1, {len(prefix)}) = %s OR id = %s)", [root.pk, prefix, root.pk]


def unit_groups(
    period: ReportingPeriod, root: OrgUnit, statuses: tuple[str, ...], *, only_self: bool = False
) -> dict[int, list[tuple]]:
    """Per element: (unit kind, root's child, sum of the units' totals, number of units) — in one
    query, added up by the database. A unit's total is its total cell when entered, else the sum
    of its parts."""
    source, params = _subtree_sql(root, only_self=only_self)
    marks = ", ".join(["%s"] * len(statuses))
    sql = (
        "SELECT element_id, kind, child, SUM(total), COUNT(total) FROM ("  # noqa: S608 (no input)
        "SELECT v.element_id AS element_id, u.kind AS kind, u.child AS child, "
        f"{unit_total_sql('v', DIMENSIONS)} AS total "
        f"FROM {source} u CROSS JOIN {DataValue._meta.db_table} v "
        f"JOIN {Submission._meta.db_table} s ON s.id = v.submission_id "
        f"WHERE v.unit_id = u.id AND v.period_id = %s AND s.status IN ({marks}) "
        "GROUP BY v.element_id, v.unit_id, u.kind, u.child"
        ") t WHERE total IS NOT NULL GROUP BY element_id, kind, child"
    )
    result: dict[int, list[tuple]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, period.pk, *statuses])
        for element_id, kind, child, value, units in cursor.fetchall():
            result[element_id].append((kind, child, decimal_of(value), units))
    return result


def option_sums(
    period: ReportingPeriod,
    root: OrgUnit,
    statuses: tuple[str, ...],
    *,
    only_self: bool = False,
    by_child: bool = False,
) -> dict[int, list[tuple]]:
    """Per element: (sex, age band, ethnicity, area, funding source, sum) over the broken-down cells;
    `by_child`: (root's child, sex, …, sum)."""
    source, params = _subtree_sql(root, only_self=only_self)
    columns = ", ".join(["u.child"] * by_child + [f"v.{name}" for name in DIMENSIONS])
    marks = ", ".join(["%s"] * len(statuses))
    sql = (
        f"SELECT v.element_id, {columns}, SUM(v.value) "  # noqa: S608 (table names, no input)
        f"FROM {source} u CROSS JOIN {DataValue._meta.db_table} v "
        f"JOIN {Submission._meta.db_table} s ON s.id = v.submission_id "
        f"WHERE v.unit_id = u.id AND v.period_id = %s AND s.status IN ({marks}) AND v.value IS NOT NULL "
        f"AND NOT ({is_total_sql('v', DIMENSIONS)}) GROUP BY v.element_id, {columns}"
    )
    result: dict[int, list[tuple]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, period.pk, *statuses])
        for element_id, *key, value in cursor.fetchall():
            result[element_id].append((*key, decimal_of(value)))
    return result


def decimal_of(value: Any) -> Decimal:
    """SQLite hands back sums of decimals as floats or ints: back to the column's 4 places."""
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(FOUR_PLACES) if isinstance(value, float) else Decimal(value)
