"""The report form as plain data: what the entry page and the Excel round trip both draw.

No database here: `binhdang/reporting/queries.py::build_form_spec` builds a FormSpec from the database, and
`binhdang/reporting/xlsx/` writes and reads workbooks from a FormSpec alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from itertools import product

# The five dimension columns of the fact table, in their fixed order (defined with the dimensions;
# importable from here too, where most of the reporting code reads it). "" means "not broken down".
from binhdang.indicators.choices import DIMENSIONS

Key = tuple[str, str, str, str, str]
TOTAL: Key = ("", "", "", "", "")
Value = Decimal | str | bool
Values = dict[tuple[str, Key], Value]  # (element code, key) -> value


def make_key(**options: str) -> Key:
    """make_key(sex="F", age_band="16_59") -> ("F", "16_59", "", "", "")."""
    unknown = set(options) - set(DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown dimensions {sorted(unknown)}")
    return tuple(options.get(name, "") for name in DIMENSIONS)  # type: ignore[return-value]


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    group: str = ""


@dataclass(frozen=True)
class Dim:
    code: str  # one of DIMENSIONS
    label: str
    options: tuple[Option, ...]


@dataclass(frozen=True)
class Element:
    code: str
    label: str
    value_type: str  # integer | decimal | percent | money | boolean | text
    unit: str = ""
    dims: tuple[Dim, ...] = ()
    help_text: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.value_type in ("integer", "decimal", "percent", "money")

    def part_keys(self) -> list[Key]:
        """Every fully broken-down cell: the cross product of the element's dimensions."""
        if not self.dims:
            return []
        keys = []
        for combo in product(*(dim.options for dim in self.dims)):
            keys.append(
                make_key(**{dim.code: option.code for dim, option in zip(self.dims, combo, strict=True)})
            )
        return keys

    def keys(self) -> list[Key]:
        """The cells a unit may fill: the total, then every part."""
        return [TOTAL, *self.part_keys()]


@dataclass(frozen=True)
class Section:
    number: str
    title: str
    elements: tuple[Element, ...]


@dataclass(frozen=True)
class FormSpec:
    template_code: str
    template_version: int
    period_code: str
    unit_code: str
    unit_name: str
    title: str
    sections: tuple[Section, ...] = field(default_factory=tuple)

    def element(self, code: str) -> Element | None:
        for section in self.sections:
            for element in section.elements:
                if element.code == code:
                    return element
        return None
