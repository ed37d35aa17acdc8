"""Lay an element out as a grid: the first dimension across, the others down, the total last.

The entry page and the Excel workbook use the same layout, so a form looks the same in both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from binhdang.reporting.spec import TOTAL, Element, Key, Values, make_key
from binhdang.reporting.values import format_value


def cell_name(code: str, key: Key) -> str:
    return "v:" + code + ":" + ":".join(key)


def parse_cell_name(name: str) -> tuple[str, Key] | None:
    parts = name.split(":")
    if len(parts) != 7 or parts[0] != "v":
        return None
    return parts[1], tuple(parts[2:])  # type: ignore[return-value]


@dataclass
class GridCell:
    name: str
    key: Key
    value: str
    version: int
    comment: str = ""


@dataclass
class GridRow:
    label: str
    cells: list[GridCell]
    hidden: bool = False
    option_code: str = ""


@dataclass
class Grid:
    element: Element
    columns: list[str]
    rows: list[GridRow]
    total: GridCell
    addable: list[tuple[str, str]] = field(default_factory=list)  # hidden rows the user may reveal


def build_grid(element: Element, values: Values, versions: dict[tuple[str, Key], tuple[int, str]]) -> Grid:
    def cell(key: Key) -> GridCell:
        version, comment = versions.get((element.code, key), (0, ""))
        return GridCell(
            cell_name(element.code, key),
            key,
            format_value(element, values.get((element.code, key))),
            version,
            comment,
        )

    total = cell(TOTAL)
    if not element.dims:
        return Grid(element, [], [], total)
    across, *down = element.dims
    rows: list[GridRow] = []
    combos = list(product(*(d.options for d in down))) if down else [()]
    sparse = any(d.code == "ethnicity" for d in down)
    for combo in combos:
        label = " · ".join(option.label for option in combo)
        row_cells = [
            cell(
                make_key(
                    **{across.code: option.code}, **{d.code: o.code for d, o in zip(down, combo, strict=True)}
                )
            )
            for option in across.options
        ]
        filled = any(c.value or c.comment for c in row_cells)
        hidden = sparse and not filled and not (combo and combo[0].group == "kinh")
        rows.append(GridRow(label, row_cells, hidden, "|".join(o.code for o in combo)))
    addable = [(row.option_code, row.label) for row in rows if row.hidden]
    return Grid(element, [o.label for o in across.options], rows, total, addable)
