"""Load the dimensions and the report form (biểu mẫu) from their JSON files.

`indicators/data/dimensions.json` holds the five disaggregations and their options;
`reporting/data/template_2026.json` one template: its data elements, sections, placements
(which kinds of unit fill each element) and validation rules. Both are data an administrator
edits; this module brings the database in line with them.

Loading is idempotent: run it again and nothing is duplicated. Rows are matched by code
(a template by code and version, a section by number, a placement by section and element, a
rule by code), updated where the file changed, and sections, placements and rules that are no
longer in the file are deleted. A data element that drops out of the template is deleted too,
unless it already has values or is used elsewhere: PROTECT refuses, and it is kept and reported.
Dimension options that values still use are kept in the same way.

The whole file is checked before anything is written, and each load is one transaction, so a
bad file changes nothing. Problems are raised as `TemplateDataError`, naming the item.
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils.translation import gettext as _

from binhdang.core import audit
from binhdang.indicators.choices import DIMENSIONS, Aggregation, ValueType
from binhdang.indicators.models import DataElement, Dimension, DimensionOption
from binhdang.orgunits.choices import OrgUnitKind
from binhdang.reporting.choices import Operator, PeriodType, Severity
from binhdang.reporting.models import (
    DataValue,
    ReportTemplate,
    TemplateElement,
    TemplateSection,
    ValidationRule,
)

DIMENSIONS_FILE = Path(__file__).resolve().parents[1] / "indicators" / "data" / "dimensions.json"
TEMPLATE_FILE = Path(__file__).resolve().parent / "data" / "template_2026.json"

CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
# E(CODE) or E(CODE, sex=F, age_band=LT16): one term of a rule's expression.
TERM_RE = re.compile(r"E\(\s*([^,()\s]*)\s*((?:,[^,()]*)*)\)")
FILTER_RE = re.compile(r"^\s*([a-z_]+)\s*=\s*([^\s=]+)\s*$")
ARITHMETIC_RE = re.compile(r"^[0-9.\s+\-*/()]+$")

TEMPLATE_KEYS = {
    "about",
    "code",
    "version",
    "period_type",
    "name",
    "name_en",
    "unit_kinds",
    "task_results",
    "elements",
    "sections",
    "rules",
}
ELEMENT_KEYS = {
    "code",
    "name",
    "name_en",
    "value_type",
    "unit_of_measure",
    "aggregation",
    "dimensions",
    "description",
}
SECTION_KEYS = {"number", "name", "name_en", "elements"}
PLACEMENT_KEYS = {"code", "unit_kinds", "units", "help_text"}
RULE_KEYS = {"code", "left", "operator", "right", "severity", "message", "message_en"}
DIMENSION_KEYS = {"code", "name", "name_en", "order", "source", "options"}
OPTION_KEYS = {"code", "name", "name_en", "group", "order"}


class TemplateDataError(Exception):
    """A dimensions or template file that cannot be loaded. `message` is for the person who edits
    the file, in their language; `errors` lists every problem found, one sentence each."""

    def __init__(self, errors: list[str] | str) -> None:
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        self.message = "\n".join(self.errors)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


@dataclass
class LoadResult:
    """What a load did. `totals` counts the objects that now match the file, so it is the same
    every time the same file is loaded; the other counts say what changed."""

    totals: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: list[str] = field(default_factory=list)


# Reading and checking --------------------------------------------------------------------------


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        error = getattr(exc, "strerror", None) or exc
        raise TemplateDataError(
            _("The file %(path)s cannot be read: %(error)s") % {"path": path, "error": error}
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateDataError(
            _("The file %(path)s is not valid JSON (line %(line)d, column %(column)d): %(error)s")
            % {"path": path, "line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc


class _Checker:
    """Collects every problem of a file, so that one run names them all."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, message: str) -> None:
        self.errors.append(message)

    def keys(self, item: Any, allowed: set[str], required: set[str], where: str) -> bool:
        if not isinstance(item, dict):
            self.add(_("%(where)s must be an object.") % {"where": where})
            return False
        for key in sorted(set(item) - allowed):
            self.add(_("%(where)s has an unknown field “%(field)s”.") % {"where": where, "field": key})
        for key in sorted(required - set(item)):
            self.add(_("%(where)s lacks the field “%(field)s”.") % {"where": where, "field": key})
        return not (required - set(item))

    def text(
        self, item: dict[str, Any], key: str, max_length: int, where: str, *, required: bool = False
    ) -> None:
        value = item.get(key, "")
        if not isinstance(value, str):
            self.add(_("%(where)s: “%(field)s” must be text.") % {"where": where, "field": key})
        elif required and not value.strip():
            self.add(_("%(where)s: “%(field)s” is empty.") % {"where": where, "field": key})
        elif len(value) > max_length:
            self.add(
                _("%(where)s: “%(field)s” is longer than %(max)d characters.")
                % {"where": where, "field": key, "max": max_length}
            )

    def kinds(self, value: Any, where: str, allowed: set[str]) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(kind, str) for kind in value):
            self.add(_("%(where)s: “unit_kinds” must be a list of unit kinds.") % {"where": where})
            return []
        for kind in value:
            if kind not in OrgUnitKind.values:
                self.add(_("%(where)s: unknown unit kind “%(kind)s”.") % {"where": where, "kind": kind})
            elif kind not in allowed:
                self.add(
                    _("%(where)s: the unit kind “%(kind)s” does not report this template.")
                    % {"where": where, "kind": kind}
                )
        if len(set(value)) != len(value):
            self.add(_("%(where)s: a unit kind is listed twice.") % {"where": where})
        return value

    def raise_if_any(self) -> None:
        if self.errors:
            raise TemplateDataError(self.errors)


def expression_terms(expression: str) -> list[tuple[str, dict[str, str]]]:
    """The E(...) terms of a rule's side: [(element code, {dimension: option}), ...]."""
    terms = []
    for match in TERM_RE.finditer(expression):
        filters = {}
        for part in match.group(2).split(",")[1:]:
            found = FILTER_RE.match(part)
            if found:
                filters[found.group(1)] = found.group(2)
        terms.append((match.group(1), filters))
    return terms


def _check_expression(
    check: _Checker,
    expression: Any,
    where: str,
    elements: dict[str, dict[str, Any]],
    options: dict[str, set[str]],
) -> None:
    if not isinstance(expression, str) or not expression.strip():
        check.add(_("%(where)s: the expression is empty.") % {"where": where})
        return
    if len(expression) > 500:
        check.add(_("%(where)s: the expression is longer than 500 characters.") % {"where": where})
    for match in TERM_RE.finditer(expression):
        code = match.group(1)
        element = elements.get(code)
        if element is None:
            check.add(
                _("%(where)s refers to the unknown element “%(code)s”.") % {"where": where, "code": code}
            )
            continue
        for part in match.group(2).split(",")[1:]:
            found = FILTER_RE.match(part)
            if not found:
                check.add(
                    _("%(where)s: “%(term)s” is not of the form E(CODE, dimension=option).")
                    % {"where": where, "term": match.group(0)}
                )
                continue
            dimension, option = found.groups()
            if dimension not in element.get("dimensions", []):
                check.add(
                    _("%(where)s: the element %(code)s is not broken down by “%(dimension)s”.")
                    % {"where": where, "code": code, "dimension": dimension}
                )
            elif option not in options.get(dimension, set()):
                check.add(
                    _("%(where)s: “%(option)s” is not an option of the dimension “%(dimension)s”.")
                    % {"where": where, "option": option, "dimension": dimension}
                )
    if not _is_arithmetic(TERM_RE.sub("0", expression)):
        check.add(
            _("%(where)s: “%(expression)s” is not an expression of E(…) terms, numbers and + - * /.")
            % {"where": where, "expression": expression}
        )


def _is_arithmetic(text: str) -> bool:
    """Numbers, + - * / and brackets only, well formed (parsed, never evaluated)."""
    if not ARITHMETIC_RE.match(text) or "**" in text or "//" in text:
        return False
    try:
        ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        return False
    return True


def _known_options() -> dict[str, set[str]]:
    """Option codes per dimension: those in the database and those in the dimensions file."""
    known: dict[str, set[str]] = {code: set() for code in DIMENSIONS}
    for dimension, option in DimensionOption.objects.values_list("dimension__code", "code"):
        known.setdefault(dimension, set()).add(option)
    try:
        data = json.loads(DIMENSIONS_FILE.read_text(encoding="utf-8"))
        for dimension in data.get("dimensions", []):
            for option in dimension.get("options", []):
                known.setdefault(dimension["code"], set()).add(option["code"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # the file is checked when it is loaded; here it only widens what rules may name
    return known


def check_dimensions(data: Any) -> None:
    """Raise TemplateDataError listing every problem of a dimensions file."""
    check = _Checker()
    if not check.keys(data, {"about", "dimensions"}, {"dimensions"}, _("The dimensions file")):
        check.raise_if_any()
    if not isinstance(data["dimensions"], list):
        check.add(_("“dimensions” must be a list."))
        check.raise_if_any()
    seen: set[str] = set()
    for index, dimension in enumerate(data["dimensions"], start=1):
        where = _("Dimension %(code)s") % {
            "code": dimension.get("code", index) if isinstance(dimension, dict) else index
        }
        if not check.keys(dimension, DIMENSION_KEYS, {"code", "name", "options"}, where):
            continue
        code = dimension["code"]
        if code not in DIMENSIONS:
            check.add(
                _("Unknown dimension “%(code)s”: the dimensions are %(known)s.")
                % {"code": code, "known": ", ".join(DIMENSIONS)}
            )
        if code in seen:
            check.add(_("The dimension %(code)s is listed twice.") % {"code": code})
        seen.add(code)
        check.text(dimension, "name", 300, where, required=True)
        check.text(dimension, "name_en", 300, where)
        check.text(dimension, "source", 10_000, where)
        if not isinstance(dimension["options"], list) or not dimension["options"]:
            check.add(_("%(where)s has no options.") % {"where": where})
            continue
        option_codes: set[str] = set()
        for number, option in enumerate(dimension["options"], start=1):
            label = option.get("code", number) if isinstance(option, dict) else number
            option_where = _("Option %(option)s of the dimension %(code)s") % {"option": label, "code": code}
            if not check.keys(option, OPTION_KEYS, {"code", "name"}, option_where):
                continue
            if not isinstance(option["code"], str) or not option["code"] or len(option["code"]) > 20:
                check.add(_("%(where)s: the code must be 1 to 20 characters.") % {"where": option_where})
            elif option["code"] in option_codes:
                check.add(
                    _("The option %(option)s of the dimension %(code)s is listed twice.")
                    % {"option": option["code"], "code": code}
                )
            option_codes.add(option["code"])
            check.text(option, "name", 300, option_where, required=True)
            check.text(option, "name_en", 300, option_where)
            check.text(option, "group", 60, option_where)
    check.raise_if_any()


def check_template(data: Any, known_options: dict[str, set[str]] | None = None) -> None:
    """Raise TemplateDataError listing every problem of a template file."""
    check = _Checker()
    required = {"code", "version", "name", "elements", "sections"}
    if not check.keys(data, TEMPLATE_KEYS, required, _("The template file")):
        check.raise_if_any()
    options = known_options if known_options is not None else _known_options()
    where = _("The template")
    check.text(data, "code", 40, where, required=True)
    check.text(data, "name", 300, where, required=True)
    check.text(data, "name_en", 300, where)
    if not isinstance(data["version"], int) or isinstance(data["version"], bool) or data["version"] < 1:
        check.add(_("The template's version must be a whole number from 1."))
    if data.get("period_type", PeriodType.ANNUAL) not in PeriodType.values:
        check.add(_("Unknown period type “%(value)s”.") % {"value": data.get("period_type")})
    if not isinstance(data.get("task_results", True), bool):
        check.add(_("“task_results” must be true or false."))
    template_kinds = set(check.kinds(data.get("unit_kinds", []), where, set(OrgUnitKind.values)))
    for key in ("elements", "sections", "rules"):
        if not isinstance(data.get(key, []), list):
            check.add(_("“%(field)s” must be a list.") % {"field": key})
            check.raise_if_any()

    # Elements
    elements: dict[str, dict[str, Any]] = {}
    for index, element in enumerate(data["elements"], start=1):
        code = element.get("code") if isinstance(element, dict) else None
        where = _("Element %(code)s") % {"code": code or index}
        if not check.keys(element, ELEMENT_KEYS, {"code", "name", "value_type"}, where):
            continue
        if not isinstance(code, str) or not CODE_RE.match(code) or len(code) > 40:
            check.add(
                _("%(where)s: the code must be capital letters, digits and _, at most 40 characters.")
                % {"where": where}
            )
            continue
        if code in elements:
            check.add(_("The element code %(code)s is used twice.") % {"code": code})
            continue
        elements[code] = element
        check.text(element, "name", 300, where, required=True)
        check.text(element, "name_en", 300, where)
        check.text(element, "unit_of_measure", 40, where)
        check.text(element, "description", 10_000, where)
        if element["value_type"] not in ValueType.values:
            check.add(
                _("%(where)s: unknown value type “%(value)s”.")
                % {"where": where, "value": element["value_type"]}
            )
        if element.get("aggregation", Aggregation.SUM) not in Aggregation.values:
            check.add(
                _("%(where)s: unknown aggregation “%(value)s”.")
                % {"where": where, "value": element.get("aggregation")}
            )
        dimensions = element.get("dimensions", [])
        if not isinstance(dimensions, list):
            check.add(_("%(where)s: “dimensions” must be a list.") % {"where": where})
            element["dimensions"] = []
            continue
        for dimension in dimensions:
            if dimension not in DIMENSIONS:
                check.add(
                    _("%(where)s: unknown dimension “%(dimension)s”.")
                    % {"where": where, "dimension": dimension}
                )
        if len(set(map(str, dimensions))) != len(dimensions):
            check.add(_("%(where)s: a dimension is listed twice.") % {"where": where})

    # Sections and placements
    numbers: set[str] = set()
    placed: dict[str, str] = {}
    for index, section in enumerate(data["sections"], start=1):
        number = section.get("number") if isinstance(section, dict) else None
        where = _("Section %(number)s") % {"number": number or index}
        if not check.keys(section, SECTION_KEYS, {"number", "name", "elements"}, where):
            continue
        if not isinstance(number, str) or not number.strip() or len(number) > 10:
            check.add(_("%(where)s: the number must be text of 1 to 10 characters.") % {"where": where})
        elif number in numbers:
            check.add(_("The section number %(number)s is used twice.") % {"number": number})
        numbers.add(str(number))
        check.text(section, "name", 300, where, required=True)
        check.text(section, "name_en", 300, where)
        if not isinstance(section["elements"], list):
            check.add(_("%(where)s: “elements” must be a list.") % {"where": where})
            continue
        for placement in section["elements"]:
            code = placement.get("code") if isinstance(placement, dict) else None
            place_where = _("Element %(code)s in section %(number)s") % {"code": code, "number": number}
            if not check.keys(placement, PLACEMENT_KEYS, {"code"}, place_where):
                continue
            if code not in elements:
                check.add(
                    _("Section %(number)s lists the unknown element “%(code)s”.")
                    % {"number": number, "code": code}
                )
                continue
            if code in placed:
                check.add(
                    _("The element %(code)s is placed twice (sections %(first)s and %(second)s).")
                    % {"code": code, "first": placed[code], "second": number}
                )
                continue
            placed[code] = str(number)
            check.kinds(
                placement.get("unit_kinds", []), place_where, template_kinds or set(OrgUnitKind.values)
            )
            units = placement.get("units", [])
            if not isinstance(units, list) or not all(
                isinstance(u, str) and u and "-" not in u for u in units
            ):
                check.add(
                    _("%(where)s: “units” must be a list of unit codes without the province part, e.g. SYT.")
                    % {"where": place_where}
                )
            check.text(placement, "help_text", 10_000, place_where)
    for code in elements:
        if code not in placed:
            check.add(_("The element %(code)s is not placed in any section.") % {"code": code})

    # Rules
    rule_codes: set[str] = set()
    for index, rule in enumerate(data.get("rules", []), start=1):
        code = rule.get("code") if isinstance(rule, dict) else None
        where = _("Rule %(code)s") % {"code": code or index}
        if not check.keys(rule, RULE_KEYS, {"code", "left", "operator", "right", "message"}, where):
            continue
        if not isinstance(code, str) or not code or len(code) > 40:
            check.add(_("%(where)s: the code must be 1 to 40 characters.") % {"where": where})
        elif code in rule_codes:
            check.add(_("The rule code %(code)s is used twice.") % {"code": code})
        rule_codes.add(str(code))
        if rule["operator"] not in Operator.values:
            check.add(
                _("%(where)s: unknown operator “%(value)s”; use one of %(known)s.")
                % {"where": where, "value": rule["operator"], "known": " ".join(Operator.values)}
            )
        if rule.get("severity", Severity.ERROR) not in Severity.values:
            check.add(
                _("%(where)s: unknown severity “%(value)s”.")
                % {"where": where, "value": rule.get("severity")}
            )
        check.text(rule, "message", 500, where, required=True)
        check.text(rule, "message_en", 500, where)
        for side in ("left", "right"):
            _check_expression(check, rule[side], where, elements, options)
    check.raise_if_any()


# Writing ---------------------------------------------------------------------------------------


def _save(obj: Model, values: dict[str, Any], result: LoadResult) -> None:
    """Set `values` on an existing object and save it only if something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1


def _delete(obj: Model, label: str, result: LoadResult) -> None:
    """Delete, or keep and report when something still points at it (PROTECT)."""
    try:
        with transaction.atomic():  # a savepoint, so a refusal leaves the load's transaction usable
            obj.delete()
    except ProtectedError:
        result.kept.append(label)
    else:
        result.deleted += 1


@transaction.atomic
def load_dimensions(path: Path | str | None = None) -> LoadResult:
    """Create or update the dimensions and their options from the dimensions file."""
    data = _read_json(Path(path) if path else DIMENSIONS_FILE)
    check_dimensions(data)
    result = LoadResult()
    option_total = 0
    for order, spec in enumerate(data["dimensions"], start=1):
        values = {
            "name": spec["name"],
            "name_en": spec.get("name_en", ""),
            "order": spec.get("order", order),
            "source": spec.get("source", ""),
        }
        dimension = Dimension.objects.filter(code=spec["code"]).first()
        if dimension is None:
            dimension = Dimension.objects.create(code=spec["code"], **values)
            result.created += 1
        else:
            _save(dimension, values, result)
        existing = {option.code: option for option in dimension.options.all()}
        for option_order, option_spec in enumerate(spec["options"], start=1):
            option_values = {
                "name": option_spec["name"],
                "name_en": option_spec.get("name_en", ""),
                "group": option_spec.get("group", ""),
                "order": option_spec.get("order", option_order),
            }
            option = existing.pop(option_spec["code"], None)
            if option is None:
                DimensionOption.objects.create(dimension=dimension, code=option_spec["code"], **option_values)
                result.created += 1
            else:
                _save(option, option_values, result)
        option_total += len(spec["options"])
        for code, option in existing.items():
            # Values store option codes as text, not as keys: keep an option that values still use.
            if DataValue.objects.filter(**{dimension.code: code}).exists():
                result.kept.append(f"{dimension.code}={code}")
            else:
                option.delete()
                result.deleted += 1
    result.totals = {"dimensions": len(data["dimensions"]), "options": option_total}
    return result


@transaction.atomic
def load_template(path: Path | str | None = None, *, acting_user: Any = None) -> LoadResult:
    """Create or update one report template, its elements, sections, placements and rules."""
    data = _read_json(Path(path) if path else TEMPLATE_FILE)
    check_template(data)
    result = LoadResult()

    template_values = {
        "name": data["name"],
        "name_en": data.get("name_en", ""),
        "period_type": data.get("period_type", PeriodType.ANNUAL),
        "unit_kinds": data.get("unit_kinds", []),
        "task_results": data.get("task_results", True),
    }
    template = ReportTemplate.objects.filter(code=data["code"], version=data["version"]).first()
    if template is None:
        template = ReportTemplate.objects.create(
            code=data["code"], version=data["version"], **template_values
        )
        result.created += 1
    else:
        _save(template, template_values, result)

    # Data elements, by code.
    existing_elements = {
        element.code: element
        for element in DataElement.objects.filter(code__in=[spec["code"] for spec in data["elements"]])
    }
    elements: dict[str, DataElement] = {}
    for spec in data["elements"]:
        values = {
            "name": spec["name"],
            "name_en": spec.get("name_en", ""),
            "value_type": spec["value_type"],
            "unit_of_measure": spec.get("unit_of_measure", ""),
            "aggregation": spec.get("aggregation", Aggregation.SUM),
            "dimensions": spec.get("dimensions", []),
            "description": spec.get("description", ""),
        }
        element = existing_elements.get(spec["code"])
        if element is None:
            element = DataElement.objects.create(code=spec["code"], **values)
            result.created += 1
        else:
            _save(element, values, result)
        elements[spec["code"]] = element
    placed_before = set(
        TemplateElement.objects.filter(section__template=template).values_list("element_id", flat=True)
    )

    # Sections, by number; their placements, by element.
    existing_sections = {section.number: section for section in template.sections.all()}
    wanted_numbers = {spec["number"] for spec in data["sections"]}
    for number, section in existing_sections.items():
        if number not in wanted_numbers:
            section.delete()  # its placements go with it
            result.deleted += 1
    placement_total = 0
    for order, spec in enumerate(data["sections"], start=1):
        values = {"name": spec["name"], "name_en": spec.get("name_en", ""), "order": order}
        section = existing_sections.get(spec["number"])
        if section is None:
            section = TemplateSection.objects.create(template=template, number=spec["number"], **values)
            result.created += 1
        else:
            _save(section, values, result)
        existing_placements = {placement.element_id: placement for placement in section.elements.all()}
        wanted = {elements[item["code"]].pk for item in spec["elements"]}
        for element_id, placement in existing_placements.items():
            if element_id not in wanted:
                placement.delete()
                result.deleted += 1
        for item_order, item in enumerate(spec["elements"], start=1):
            element = elements[item["code"]]
            values = {
                "order": item_order,
                "unit_kinds": item.get("unit_kinds", []),
                "units": item.get("units", []),
                "help_text": item.get("help_text", ""),
            }
            placement = existing_placements.get(element.pk)
            if placement is None:
                TemplateElement.objects.create(section=section, element=element, **values)
                result.created += 1
            else:
                _save(placement, values, result)
        placement_total += len(spec["elements"])

    # Rules, by code.
    rule_specs = data.get("rules", [])
    existing_rules = {rule.code: rule for rule in template.rules.all()}
    wanted_rules = {spec["code"] for spec in rule_specs}
    for code, rule in existing_rules.items():
        if code not in wanted_rules:
            rule.delete()
            result.deleted += 1
    for spec in rule_specs:
        values = {
            "left": spec["left"].strip(),
            "operator": spec["operator"],
            "right": spec["right"].strip(),
            "severity": spec.get("severity", Severity.ERROR),
            "message": spec["message"],
            "message_en": spec.get("message_en", ""),
        }
        rule = existing_rules.get(spec["code"])
        if rule is None:
            ValidationRule.objects.create(template=template, code=spec["code"], **values)
            result.created += 1
        else:
            _save(rule, values, result)

    # Elements this template no longer places: delete them, unless values (or another template)
    # still use them. Elements the template never placed are not this file's to delete.
    dropped = placed_before - {element.pk for element in elements.values()}
    for element in DataElement.objects.filter(pk__in=dropped).order_by("code"):
        _delete(element, element.code, result)

    result.totals = {
        "elements": len(data["elements"]),
        "sections": len(data["sections"]),
        "placements": placement_total,
        "rules": len(rule_specs),
    }
    audit.record(
        "reporting.template_loaded",
        template,
        acting_user=acting_user,
        code=template.code,
        version=template.version,
        created=result.created,
        updated=result.updated,
        deleted=result.deleted,
        kept=result.kept,
    )
    return result
