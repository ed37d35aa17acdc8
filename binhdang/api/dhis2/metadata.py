"""Enough of DHIS2's metadata API for a DHIS2 tool to find its way: data sets (our report templates),
data elements, category option combos (our cells' breakdowns) and organisation units, in DHIS2's
shapes, with `fields=`, `filter=property:operator:value` and `paging=false`. Pure functions over
objects read by the views."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from binhdang.api.dhis2.ids import DEFAULT_COMBO, uid
from binhdang.api.dhis2.mapping import Catalog
from binhdang.indicators.choices import Aggregation, ValueType
from binhdang.lib.text import fold_vi
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import PeriodType
from binhdang.reporting.models import ReportTemplate

DEFAULT_FIELDS = "id,displayName"
MAX_PAGE_SIZE = 1000
VALUE_TYPES = {
    ValueType.INTEGER: "INTEGER_ZERO_OR_POSITIVE",
    ValueType.DECIMAL: "NUMBER",
    ValueType.PERCENT: "PERCENTAGE",
    ValueType.MONEY: "NUMBER",
    ValueType.BOOLEAN: "BOOLEAN",
    ValueType.TEXT: "LONG_TEXT",
}
AGGREGATIONS = {
    Aggregation.SUM: "SUM",
    Aggregation.AVERAGE: "AVERAGE",
    Aggregation.LATEST: "LAST",
    Aggregation.NONE: "NONE",
}
PERIOD_TYPES = {
    PeriodType.ANNUAL: "Yearly",
    PeriodType.HALF_YEAR: "SixMonthly",
    PeriodType.QUARTERLY: "Quarterly",
}


class QueryError(ValueError):
    """A `fields` or `filter` that cannot be read; the message says which."""


def _named(kind: str, code: str, name: str) -> dict[str, Any]:
    return {"id": uid(kind, code), "code": code, "name": name, "displayName": name, "shortName": name[:50]}


def data_sets(templates: list[ReportTemplate], catalog: Catalog) -> list[dict[str, Any]]:
    objects = []
    for template in templates:
        element_codes = sorted(
            {
                placement.element.code
                for section in template.sections.all()
                for placement in section.elements.all()
            }
        )
        dhis2_codes = sorted(
            {cell[0] for (code, _key), cell in catalog.cells.items() if code in element_codes}
        )
        objects.append(
            {
                **_named("DS", template.code, template.label),
                "periodType": PERIOD_TYPES.get(template.period_type, "Yearly"),
                "version": template.version,
                "dataSetElements": [
                    {"dataElement": {"id": uid("DE", code), "code": code}} for code in dhis2_codes
                ],
            }
        )
    return objects


def data_elements(catalog: Catalog) -> list[dict[str, Any]]:
    objects = []
    for dhis2_code, our_code in sorted(catalog.data_elements.items()):
        element = catalog.elements[our_code]
        combos = sorted({cell[1] for (code, _key), cell in catalog.cells.items() if cell[0] == dhis2_code})
        objects.append(
            {
                **_named("DE", dhis2_code, element.label),
                "valueType": VALUE_TYPES.get(element.value_type, "NUMBER"),
                "aggregationType": AGGREGATIONS.get(element.aggregation, "SUM"),
                "domainType": "AGGREGATE",
                "zeroIsSignificant": True,
                "categoryOptionCombos": [{"id": uid("COC", c), "code": c} for c in combos],
            }
        )
    return objects


def category_option_combos(catalog: Catalog) -> list[dict[str, Any]]:
    combos = {cell[1] for cell in catalog.cells.values()} | {cell[2] for cell in catalog.cells.values()}
    objects = []
    for code in sorted(combos):
        name = catalog.combo_names.get(code, code)
        objects.append(
            {**_named("COC", code, name), "ignoreApproval": False, "default": code == DEFAULT_COMBO}
        )
    return objects


def organisation_units(units: list[OrgUnit]) -> list[dict[str, Any]]:
    objects = []
    for unit in units:
        codes = unit.path.split("/")
        objects.append(
            {
                **_named("OU", unit.code, unit.name),
                "level": unit.depth + 1,
                "path": "/" + "/".join(uid("OU", code) for code in codes),
                "parent": {"id": uid("OU", codes[-2]), "code": codes[-2]} if len(codes) > 1 else None,
                "openingDate": unit.valid_from.isoformat() if unit.valid_from else None,
                "closedDate": unit.valid_to.isoformat() if unit.valid_to else None,
            }
        )
    return objects


# --- fields= ------------------------------------------------------------------------------------


def parse_fields(text: str) -> dict[str, Any]:
    """ "id,name,parent[id,code]" -> {"id": {}, "name": {}, "parent": {"id": {}, "code": {}}};
    "*", ":all" and ":owner" stand for every field."""
    text = (text or DEFAULT_FIELDS).replace(" ", "")
    if len(text) > 500:
        raise QueryError(_("“fields” is too long."))
    stack: list[dict[str, Any]] = [{}]
    name = ""
    for char in text + ",":
        if char in ",[]":
            if name:
                stack[-1][name] = {}
            if char == "[":
                if not name:
                    raise QueryError(_("“fields”: a “[” must follow a field name."))
                stack.append(stack[-1][name])
            elif char == "]":
                if len(stack) == 1:
                    raise QueryError(_("“fields”: a “]” closes nothing."))
                stack.pop()
            name = ""
        else:
            name += char
    if len(stack) != 1:
        raise QueryError(_("“fields”: a “[” is not closed."))
    return stack[0]


def select(obj: Any, fields: dict[str, Any]) -> Any:
    if isinstance(obj, list):
        return [select(item, fields) for item in obj]
    if not isinstance(obj, dict) or not fields:
        return obj
    if any(name in ("*", ":all", ":owner", ":identifiable", ":nameable") for name in fields):
        return obj
    return {name: select(obj[name], inner) for name, inner in fields.items() if name in obj}


# --- filter= ------------------------------------------------------------------------------------

OPERATORS = (
    "eq",
    "!eq",
    "ne",
    "like",
    "!like",
    "ilike",
    "!ilike",
    "in",
    "!in",
    "null",
    "!null",
    "startsWith",
)


def _matches(value: Any, operator: str, argument: str) -> bool:
    text = "" if value is None else str(value)
    folded, wanted = fold_vi(text), fold_vi(argument)
    result = {
        "eq": lambda: text == argument,
        "ne": lambda: text != argument,
        "like": lambda: argument in text,
        "ilike": lambda: wanted in folded,
        "in": lambda: text in [part.strip() for part in argument.strip("[]").split(",")],
        "null": lambda: value is None,
        "startsWith": lambda: text.startswith(argument),
    }
    negated = operator.startswith("!")
    return result[operator.lstrip("!")]() != negated


def parse_filters(texts: list[str]) -> list[tuple[str, str, str]]:
    filters = []
    for text in texts[:10]:
        prop, _sep, rest = text.partition(":")
        operator, _sep, argument = rest.partition(":")
        if not prop or operator not in OPERATORS:
            raise QueryError(
                _("“filter=%(filter)s” is not property:operator:value (operators: %(operators)s).")
                % {"filter": text[:100], "operators": ", ".join(OPERATORS)}
            )
        filters.append((prop, operator, argument))
    return filters


def apply_filters(objects: list[dict[str, Any]], filters: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    for prop, operator, argument in filters:
        objects = [obj for obj in objects if _matches(_lookup(obj, prop), operator, argument)]
    return objects


def _lookup(obj: dict[str, Any], prop: str) -> Any:
    value: Any = obj
    for part in prop.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


# --- paging -------------------------------------------------------------------------------------


def page(
    key: str, objects: list[dict[str, Any]], *, paging: bool, number: int, size: int, fields: dict[str, Any]
) -> dict[str, Any]:
    if not paging:
        return {key: select(objects, fields)}
    size = max(1, min(size, MAX_PAGE_SIZE))
    count = max(1, -(-len(objects) // size))
    number = max(1, min(number, count))
    chosen = objects[(number - 1) * size : number * size]
    return {
        "pager": {"page": number, "pageCount": count, "total": len(objects), "pageSize": size},
        key: select(chosen, fields),
    }
