"""The unit-total rule: the total cell when entered, else the sum of the parts; and its SQL form
gives what the Python form gives, on random cells."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from binhdang.lib.expressions import Missing
from binhdang.lib.totals import cell_sum, element_totals, totals_by, unit_total, unit_total_sql

DIMS = ("sex", "age_band")
TOTAL = ("", "")


def test_the_total_cell_wins_over_the_parts() -> None:
    assert unit_total(Decimal(8), [Decimal(3), Decimal(4)]) == 8
    assert unit_total(None, [Decimal(3), Decimal(4)]) == 7
    assert unit_total(None, []) is None
    cells = {("A", TOTAL): Decimal(8), ("A", ("F", "")): Decimal(3), ("B", ("F", "")): Decimal(2)}
    assert element_totals(cells) == {"A": Decimal(8), "B": Decimal(2)}
    assert cell_sum(cells, "A", None, DIMS) == 8
    assert cell_sum(cells, "A", {"sex": "F"}, DIMS) == 3


def test_nothing_entered_is_missing_not_zero() -> None:
    try:
        cell_sum({("A", TOTAL): "text"}, "A", None, DIMS)
    except Missing:
        pass
    else:
        raise AssertionError("a text cell is not a number")


rows = st.lists(
    st.tuples(
        st.integers(1, 4),  # unit
        st.sampled_from([TOTAL, ("F", ""), ("M", ""), ("F", "16_59")]),
        st.integers(0, 50),
    ),
    max_size=25,
    unique_by=lambda row: (row[0], row[1]),
)


@settings(max_examples=60, deadline=None)
@given(rows)
def test_the_sql_form_gives_what_the_python_form_gives(cells: list[tuple[int, tuple[str, str], int]]) -> None:
    python = totals_by((unit, Decimal(value), key == TOTAL) for unit, key, value in cells)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE v (unit INTEGER, sex TEXT, age_band TEXT, value INTEGER)")
    db.executemany("INSERT INTO v VALUES (?, ?, ?, ?)", [(u, *key, value) for u, key, value in cells])
    sql = f"SELECT unit, {unit_total_sql('v', DIMS)} FROM v GROUP BY unit"  # noqa: S608 (no input)
    assert {unit: Decimal(total) for unit, total in db.execute(sql)} == python
