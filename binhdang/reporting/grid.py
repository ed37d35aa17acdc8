"""Lay an element out as a grid for the entry page: a narrow dimension across, the others down.

A dimension with few options (sex, age band, area) goes across; one with many (the 54 ethnic groups,
the funding sources) goes down, one row per option, so that a grid fits a phone's width whatever
the element. Rows of a long list (ethnic groups) are shown when filled, the others are added by the
user ("add the groups present in this commune"), the common ones offered first. Each row and the
whole grid carry their sums, so that a read-only report shows its totals without JavaScript.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

from django.utils.translation import gettext as _

from binhdang.lib.numbers import format_number
from binhdang.reporting.spec import DIMENSIONS, TOTAL, Dim, Element, Key, Values, make_key
from binhdang.reporting.values import format_value

MAX_ACROSS = 3  # a dimension with more options than this goes down, so the grid fits 390 px
SPARSE_DIMENSIONS = frozenset({"ethnicity"})  # long lists: only the rows present are shown
COMMON_SHOWN = 8  # options offered first in "add a row", after those the unit entered before


def cell_name(code: str, key: Key) -> str:
    return "v:" + code + ":" + ":".join(key)


def parse_cell_name(name: str) -> tuple[str, Key] | None:
    parts = name.split(":")
    if len(parts) != 7 or parts[0] != "v":
        return None
    return parts[1], tuple(parts[2:])  # type: ignore[return-value]


@dataclass
class CellState:
    """What the page knows of a stored cell besides its value."""

    version: int = 0
    comment: str = ""
    source: str = ""  # the ValueSource label when the figure is not typed (read-only), else ""


@dataclass
class GridCell:
    name: str
    key: Key
    value: str
    version: int
    comment: str = ""
    source: str = ""  # read-only: the figure comes from a register; this says which

    @property
    def filled(self) -> bool:
        return bool(self.value)


@dataclass
class GridRow:
    label: str
    cells: list[GridCell]
    hidden: bool = False
    option_code: str = ""
    sum: str = ""  # the row's sum, as shown ("" when nothing numeric is entered)


@dataclass
class Grid:
    element: Element
    columns: list[str]
    rows: list[GridRow]
    total: GridCell
    addable: list[tuple[str, str]] = field(default_factory=list)  # hidden rows the user may reveal
    common: list[tuple[str, str]] = field(default_factory=list)  # the first of them, offered first
    sum: str = "0"  # the sum of every part, as shown

    @property
    def cells(self) -> list[GridCell]:
        return [self.total, *(c for row in self.rows for c in row.cells)]

    @property
    def filled(self) -> bool:
        return any(c.filled for c in self.cells)

    @property
    def labelled(self) -> bool:
        """Whether the rows have labels (a grid of one unlabelled row needs no label column)."""
        return any(row.label for row in self.rows)


def _shown_sum(numbers: Iterable[object]) -> tuple[Decimal, bool]:
    found = [n for n in numbers if isinstance(n, Decimal)]
    return sum(found, Decimal(0)), bool(found)


def build_grid(
    element: Element,
    values: Values,
    states: dict[tuple[str, Key], CellState],
    previous: Values | None = None,
) -> Grid:
    """The element's grid; the rows the unit filled in `previous` (its last period's values) are
    offered first when adding rows."""

    def cell(key: Key) -> GridCell:
        state = states.get((element.code, key), CellState())
        return GridCell(
            cell_name(element.code, key),
            key,
            format_value(element, values.get((element.code, key))),
            state.version,
            state.comment,
            state.source,
        )

    total = cell(TOTAL)
    if not element.dims:
        return Grid(element, [], [], total)
    across: Dim | None = next((d for d in element.dims if len(d.options) <= MAX_ACROSS), None)
    down = [d for d in element.dims if d is not across]
    rows: list[GridRow] = []
    combos = list(product(*(d.options for d in down))) if down else [()]
    sparse = any(d.code in SPARSE_DIMENSIONS for d in down)
    column_options = across.options if across else (None,)
    for combo in combos:
        label = " · ".join(option.label for option in combo)
        fixed = {d.code: o.code for d, o in zip(down, combo, strict=True)}
        keys = [make_key(**fixed, **({across.code: o.code} if across and o else {})) for o in column_options]
        row_cells = [cell(key) for key in keys]
        row_sum, any_number = _shown_sum(values.get((element.code, key)) for key in keys)
        filled = any(c.value or c.comment for c in row_cells)
        hidden = sparse and not filled and not (combo and combo[0].group == "kinh")
        rows.append(
            GridRow(
                label,
                row_cells,
                hidden,
                "|".join(o.code for o in combo),
                format_number(row_sum) if any_number else "",
            )
        )
    grand, _any = _shown_sum(values.get((element.code, key)) for key in element.part_keys())
    addable = [(row.option_code, row.label) for row in rows if row.hidden]
    positions = [DIMENSIONS.index(d.code) for d in down]
    wanted = list(
        dict.fromkeys(
            "|".join(key[i] for i in positions)
            for (code, key) in (previous or {})
            if code == element.code and key != TOTAL
        )
    )
    order = {code: i for i, code in enumerate(wanted)}
    entered_before = sorted((a for a in addable if a[0] in order), key=lambda a: order[a[0]])
    shown = max(COMMON_SHOWN, len(entered_before))
    common = (entered_before + [a for a in addable if a[0] not in order])[:shown]
    rest = [a for a in addable if a not in common]
    columns = [o.label for o in across.options] if across else [element.unit or _("Value")]
    return Grid(element, columns, rows, total, rest, common, format_number(grand))
