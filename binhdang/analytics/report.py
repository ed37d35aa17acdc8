"""The consolidated report as one typed object: the dashboard, the documents and the JSON all
render this, and nothing else, so they cannot disagree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from binhdang.orgunits.choices import kind_label


@dataclass(frozen=True)
class Suppressed:
    """A cell withheld to protect survivors (the GBV elements, gbv.disclosure): it holds no number,
    only its mark — "<5" (a small count) or "x" (hidden so the others cannot be recovered). Every
    renderer shows the mark; anything computed from it is withheld too ("x")."""

    mark: str

    def __str__(self) -> str:
        return self.mark

    def _absorb(self, _other: object = None) -> Suppressed:
        return WITHHELD

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _absorb
    __truediv__ = __rtruediv__ = _absorb

    def __neg__(self) -> Suppressed:
        return WITHHELD


WITHHELD = Suppressed("x")


@dataclass
class OptionTotal:
    code: str
    label: str
    total: Decimal


@dataclass
class DimensionTotals:
    code: str
    label: str
    options: list[OptionTotal]

    def as_dict(self) -> dict[str, Decimal]:
        return {option.code: option.total for option in self.options}


@dataclass
class ElementTotal:
    code: str
    label: str
    unit: str
    value_type: str
    aggregation: str
    total: Decimal | None  # None: nobody reported it
    reporting_units: int
    by_dimension: list[DimensionTotals] = field(default_factory=list)
    # Keyed by OrgUnitKind code ("commune"); a renderer adds the label (orgunits.choices).
    by_kind: dict[str, Decimal] = field(default_factory=dict)  # kind -> total
    by_kind_units: dict[str, int] = field(default_factory=dict)  # kind -> units with a figure
    # The root's child (a unit, or for the country a province) -> its total; None: not added up.
    by_unit: dict[str, Decimal | None] = field(default_factory=dict)
    previous: Decimal | None = None

    # Whether some of its cells are withheld (Suppressed): a GBV element (gbv.disclosure).
    protected: bool = False

    def dimension(self, code: str) -> DimensionTotals | None:
        return next((d for d in self.by_dimension if d.code == code), None)

    @property
    def change(self) -> Decimal | None:
        """None when either side is withheld: the change would give it away."""
        if self.total is None or self.previous is None:
            return None
        if isinstance(self.total, Suppressed) or isinstance(self.previous, Suppressed):
            return None
        return self.total - self.previous


@dataclass
class SectionTotals:
    number: str
    title: str
    elements: list[ElementTotal]


@dataclass
class IndicatorResult:
    code: str
    label: str
    unit: str
    formula: str
    value: Decimal | None
    target_year: int | None
    target_value: Decimal | None
    direction: str
    status: str  # achieved | on_track | behind | no_data
    status_label: str
    source: str


@dataclass
class UnitStatus:
    code: str
    name: str
    status: str
    note: str


@dataclass
class TaskSummary:
    code: str
    text: str
    counts: dict[str, int]  # status -> number of units
    units: list[UnitStatus]


@dataclass
class PlanSectionSummary:
    number: str
    title: str
    tasks: list[TaskSummary]
    theme: str | None = None  # the area's theme (plans.classify), to place the form's figures


@dataclass
class CompletenessSummary:
    expected: int
    sent: int
    accepted: int
    on_time: int
    late: int
    missing: int
    returned: int
    rate: float


@dataclass
class UnitInfo:
    code: str
    name: str
    kind: str  # OrgUnitKind

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


@dataclass
class KindCount:
    kind: str  # OrgUnitKind
    expected: int  # units of this kind that must report
    reporting: int  # of them, units whose report in the consolidation holds figures

    @property
    def label(self) -> str:
        return kind_label(self.kind)


@dataclass
class ConsolidatedReport:
    period_code: str
    period_name: str
    covers_from: datetime.date
    covers_to: datetime.date
    due_date: datetime.date
    consolidation_due: datetime.date | None
    root_code: str
    root_name: str
    provisional: bool
    generated_at: datetime.datetime
    completeness: CompletenessSummary
    sections: list[SectionTotals]
    indicators: list[IndicatorResult]
    plan_title: str
    plan_number: str
    plan_sections: list[PlanSectionSummary]
    # The units listed one by one: the root's children (for a province its units, for the country
    # its provinces), in order; `ElementTotal.by_unit` is keyed by their codes.
    units: list[UnitInfo]
    kinds: list[KindCount] = field(default_factory=list)
    previous_period_name: str = ""
    # What the root is (OrgUnitKind: "country", "province", "department" …) and, below the country,
    # its province's name ("Tỉnh Thái Nguyên", "Thành phố Hà Nội"): the documents choose the issuer.
    root_kind: str = ""
    province_name: str = ""
    # The plan reported on is the root's province's own (issued by its People's Committee for the
    # period's year); "" when it has none, and always for the country.
    plan_issuer: str = ""
    plan_issued_on: datetime.date | None = None
    # The template sections' numbers -> the area of work (a theme, as in plans.classify) they report
    # on, from analytics/data/areas.json — never guessed from their titles.
    section_areas: dict[str, str] = field(default_factory=dict)
    previous_covers_to: datetime.date | None = None

    def kind_counts(self) -> list[KindCount]:
        """Per kind of unit, how many must report and how many have figures; derived from the
        listed units when the report was built without them (a province's units are its children)."""
        if self.kinds:
            return self.kinds
        with_data = {code for element in self.elements() for code in element.by_unit}
        counts: dict[str, KindCount] = {}
        for unit in self.units:
            row = counts.setdefault(unit.kind, KindCount(unit.kind, 0, 0))
            row.expected += 1
            row.reporting += unit.code in with_data
        return list(counts.values())

    def elements(self) -> list[ElementTotal]:
        return [element for section in self.sections for element in section.elements]

    def element(self, code: str) -> ElementTotal | None:
        return next((e for e in self.elements() if e.code == code), None)

    def totals_json(self) -> dict[str, Any]:
        """The shape `manage.py consolidate --json` prints."""
        return {
            "period": self.period_code,
            "unit": self.root_code,
            "provisional": self.provisional,
            "completeness": vars(self.completeness),
            "elements": {
                e.code: {
                    "total": number(e.total),
                    "by": {d.code: {o.code: number(o.total) for o in d.options} for d in e.by_dimension},
                    "by_kind": {kind: number(value) for kind, value in e.by_kind.items()},
                    "units": e.reporting_units,
                }
                for e in self.elements()
            },
            "indicators": {
                i.code: {"value": number(i.value), "target": number(i.target_value), "status": i.status}
                for i in self.indicators
            },
        }


def number(value: Decimal | Suppressed | None) -> int | float | str | None:
    if value is None:
        return None
    if isinstance(value, Suppressed):
        return value.mark
    return int(value) if value == value.to_integral_value() else float(value)
