"""Small-cell protection of published counts: primary and secondary suppression, with an audit.

Tables are described as cells (any hashable key → a count) and the linear relations that publishing
them reveals (a total equals the sum of its parts). Several tables that share cells (the totals by sex
appear in the table by age band, by type of violence and by commune) are protected together, so that
one table cannot undo another's suppression.

1. Primary: every count 1 … threshold−1 is suppressed (shown "<5"). Zeros are published.
2. Secondary, greedy: while a relation has exactly one suppressed cell, the smallest published
   non-zero cell of that relation is suppressed too (shown "x"): a lone hidden cell of a sum is the
   sum minus the rest.
3. Audit: for every suppressed cell, the smallest and the largest value it can take given everything
   published is computed by linear programming (HiGHS through scipy.optimize.linprog), with what an
   attacker knows: "<5" cells lie in 1 … threshold−1, "x" cells are ≥ 0. A cell whose range is a single
   value is recoverable; one more cell of one of its relations is suppressed and the audit repeats.
   In a two-way table with totals this is the classical condition that every suppressed cell lies on a
   cycle of suppressed cells; the audit checks it for any set of linked tables.

This is not optimal suppression (the fewest or smallest cells hidden), which τ-ARGUS solves; it is
safe against exact recovery and cheap for the tables of a province. docs/architecture.md records the
evaluation of pytauargus.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linprog

PUBLISHED, PRIMARY, SECONDARY = "published", "primary", "secondary"


@dataclass(frozen=True)
class Relation:
    total: Hashable
    parts: tuple[Hashable, ...]

    @property
    def cells(self) -> tuple[Hashable, ...]:
        return (self.total, *self.parts)


@dataclass
class Protection:
    status: dict[Hashable, str]
    audited_ranges: dict[Hashable, tuple[float, float]] = field(default_factory=dict)

    def shown(self, key: Hashable, value: int, threshold: int) -> str:
        status = self.status.get(key, PUBLISHED)
        if status == PRIMARY:
            return f"<{threshold}"
        if status == SECONDARY:
            return "x"
        return str(value)


def feasible_range(
    values: dict[Hashable, int],
    relations: Iterable[Relation],
    bounds: dict[Hashable, tuple[float, float | None]],
    target: Hashable,
) -> tuple[float, float]:
    """The smallest and largest value `target` can take, given the published cells (those not in
    `bounds`), the relations and the bounds of the hidden ones."""
    hidden = sorted(bounds, key=repr)
    index = {key: i for i, key in enumerate(hidden)}
    rows, rhs = [], []
    for relation in relations:
        coefficients = np.zeros(len(hidden))
        constant = 0.0
        touched = False
        for key, sign in [(relation.total, -1.0)] + [(part, 1.0) for part in relation.parts]:
            if key in index:
                coefficients[index[key]] += sign
                touched = True
            else:
                constant += sign * values[key]
        if touched:
            rows.append(coefficients)
            rhs.append(-constant)
    a_eq = np.array(rows) if rows else None
    b_eq = np.array(rhs) if rows else None
    box = [bounds[key] for key in hidden]
    objective = np.zeros(len(hidden))
    objective[index[target]] = 1.0
    low = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=box, method="highs")
    high = linprog(-objective, A_eq=a_eq, b_eq=b_eq, bounds=box, method="highs")
    lo = low.fun if low.status == 0 else float("-inf")
    hi = -high.fun if high.status == 0 else float("inf")
    if high.status == 3:  # unbounded above
        hi = float("inf")
    return lo, hi


def attacker_bounds(
    status: dict[Hashable, str], threshold: int
) -> dict[Hashable, tuple[float, float | None]]:
    return {
        key: ((1.0, float(threshold - 1)) if state == PRIMARY else (0.0, None))
        for key, state in status.items()
        if state != PUBLISHED
    }


def protect(values: dict[Hashable, int], relations: list[Relation], threshold: int) -> Protection:
    status = {key: (PRIMARY if 0 < value < threshold else PUBLISHED) for key, value in values.items()}
    by_cell: dict[Hashable, list[Relation]] = {}
    for relation in relations:
        for key in relation.cells:
            by_cell.setdefault(key, []).append(relation)

    def hide_one_more(relation: Relation, besides: Hashable) -> bool:
        candidates = [k for k in relation.cells if k != besides and status[k] == PUBLISHED and values[k] > 0]
        if not candidates:
            return False
        # Prefer a part over the total, then the smallest count (least information lost).
        candidates.sort(key=lambda k: (k == relation.total, values[k], repr(k)))
        status[candidates[0]] = SECONDARY
        return True

    ranges: dict[Hashable, tuple[float, float]] = {}
    for _round in range(len(values) + 1):
        changed = True
        while changed:  # the cheap rule first: no relation with a single hidden cell
            changed = False
            for relation in relations:
                hidden = [k for k in relation.cells if status[k] != PUBLISHED]
                if len(hidden) == 1 and hide_one_more(relation, hidden[0]):
                    changed = True
        bounds = attacker_bounds(status, threshold)
        exposed = None
        ranges = {}
        for key in sorted(bounds, key=repr):
            lo, hi = feasible_range(values, relations, bounds, key)
            ranges[key] = (lo, hi)
            if hi - lo < 0.5:
                exposed = key
                break
        if exposed is None:
            return Protection(status, ranges)
        if not any(hide_one_more(relation, exposed) for relation in by_cell.get(exposed, [])):
            # Nothing left to hide around it (every cell of its relations is hidden): hide a total above.
            for relation in by_cell.get(exposed, []):
                if status[relation.total] == PUBLISHED:
                    status[relation.total] = SECONDARY
                    break
            else:
                break
    return Protection(status, ranges)
