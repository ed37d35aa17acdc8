"""The mapping of our cells and periods onto DHIS2's, read from the database: the derived defaults
(ids.py) overlaid with the rows of the mapping table (api.Dhis2Mapping, editable in the admin)."""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

from binhdang.api.dhis2.ids import DEFAULT_COMBO, Key, combo_code, uid
from binhdang.api.models import Dhis2Mapping, Dhis2PeriodMapping
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import DataElement, Dimension
from binhdang.reporting.choices import PeriodType
from binhdang.reporting.models import ReportingPeriod
from binhdang.reporting.spec import TOTAL

Dhis2Cell = tuple[str, str, str]  # dataElement, categoryOptionCombo, attributeOptionCombo (codes)


@dataclass
class Catalog:
    """Every cell of every element, both ways, with the names DHIS2 shows."""

    cells: dict[tuple[str, Key], Dhis2Cell] = field(default_factory=dict)
    reverse: dict[Dhis2Cell, tuple[str, Key]] = field(default_factory=dict)
    elements: dict[str, DataElement] = field(default_factory=dict)  # our code -> element
    combo_names: dict[str, str] = field(default_factory=dict)  # coc code -> name
    data_elements: dict[str, str] = field(default_factory=dict)  # DHIS2 dataElement code -> our code
    uids: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> uid -> code

    def code_of(self, kind: str, text: str) -> str:
        """A DHIS2 identifier as its code: a UID we derived is turned back, a code stays as it is."""
        return self.uids.get(kind, {}).get(text, text)

    def _remember(self, kind: str, code: str) -> None:
        self.uids.setdefault(kind, {})[uid(kind, code)] = code


def element_keys(element: DataElement, options: dict[str, list[str]]) -> list[Key]:
    """The cells of an element: its total, then every full combination of its dimensions' options."""
    dims = [d for d in element.dimensions if d in options]
    if not dims:
        return [TOTAL]
    keys: list[Key] = [TOTAL]
    for combo in product(*(options[d] for d in dims)):
        chosen = dict(zip(dims, combo, strict=True))
        keys.append(tuple(chosen.get(d, "") for d in DIMENSIONS))  # type: ignore[arg-type]
    return keys


def build_catalog() -> Catalog:
    catalog = Catalog()
    dimensions = list(Dimension.objects.prefetch_related("options"))
    options = {d.code: [o.code for o in d.options.all()] for d in dimensions}
    labels = {(d.code, o.code): o.label for d in dimensions for o in d.options.all()}
    explicit = {(row.element_id, row.key): row for row in Dhis2Mapping.objects.all()}
    for element in DataElement.objects.order_by("code"):
        catalog.elements[element.code] = element
        for key in element_keys(element, options):
            row = explicit.get((element.pk, key))
            if row is not None:
                cell = (row.data_element, row.category_option_combo, row.attribute_option_combo)
            else:
                cell = (element.code, combo_code(key), DEFAULT_COMBO)
            if cell in catalog.reverse:  # a default taken by an explicit row elsewhere: keep the first
                continue
            catalog.cells[(element.code, key)] = cell
            catalog.reverse[cell] = (element.code, key)
            catalog.data_elements.setdefault(cell[0], element.code)
            if cell[1] not in catalog.combo_names:
                parts = [labels.get((d, o), o) for d, o in zip(DIMENSIONS, key, strict=True) if o]
                catalog.combo_names[cell[1]] = ", ".join(parts) if parts else DEFAULT_COMBO
            catalog._remember("DE", cell[0])
            catalog._remember("COC", cell[1])
            catalog._remember("AOC", cell[2])
    return catalog


# --- Periods ------------------------------------------------------------------------------------


def dhis2_period(period: ReportingPeriod, mapped: dict[int, str] | None = None) -> str:
    """Our period as DHIS2's: the mapping table's, else an annual period's year (that of its last day:
    our 2026 runs 15/12/2025–14/12/2026 and is DHIS2's "2026"), else our own code."""
    if mapped is None:
        mapped = dict(Dhis2PeriodMapping.objects.values_list("period_id", "dhis2_period"))
    if period.pk in mapped:
        return mapped[period.pk]
    if period.template.period_type == PeriodType.ANNUAL:
        return str(period.covers_to.year)
    return period.code


def period_from_dhis2(text: str) -> ReportingPeriod | None:
    """The period a DHIS2 period names: the mapping table's row, our period of that code, else the one
    annual period whose year it is; None when none or several."""
    text = (text or "").strip()
    if not text or len(text) > 20:
        return None
    periods = ReportingPeriod.objects.select_related("template")
    row = Dhis2PeriodMapping.objects.select_related("period__template").filter(dhis2_period=text).first()
    if row is not None:
        return row.period
    mapped = set(Dhis2PeriodMapping.objects.values_list("period_id", flat=True))
    own = periods.filter(code=text).exclude(pk__in=mapped).first()
    if own is not None and dhis2_period(own, {}) == text:
        return own
    if text.isdigit() and len(text) == 4:
        annual = [
            p
            for p in periods.filter(covers_to__year=int(text), template__period_type=PeriodType.ANNUAL)
            if p.pk not in mapped
        ]
        if len(annual) == 1:
            return annual[0]
    return own
