"""Load the dimensions and the report form (biểu mẫu) from their JSON files.

`indicators/data/dimensions.json` holds the five disaggregations and their options;
`reporting/data/template_2026.json` one template: its data elements, sections, placements
(which kinds of unit fill each element) and validation rules (expressions of
`binhdang.lib.expressions`). Both are data an administrator edits; this module brings the
database in line with them. Their shapes are `indicators.schemas.DimensionsFile` and
`TemplateFile` below.

Loading is idempotent: run it again and nothing is duplicated. Rows are matched by code
(a template by code and version, a section by number, a placement by section and element, a
rule by code), updated where the file changed, and sections, placements and rules that are no
longer in the file are deleted. A data element that drops out of the template is deleted too,
unless it already has values or is used elsewhere: PROTECT refuses, and it is kept and reported.
Dimension options that values still use are kept in the same way.

The whole file is checked before anything is written, its schema first and then what refers to
what, and each load is one transaction, so a bad file changes nothing. Problems are raised as
`core.loading.DataError`, naming the path in the file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from django.db import transaction
from django.utils.translation import gettext as _
from pydantic import AfterValidator, Field, StringConstraints

from binhdang.core.loading import (
    Code,
    DataError,
    Expression,
    LoadResult,
    LongText,
    Name,
    NameEn,
    Problems,
    Schema,
    UniqueList,
    delete,
    path_of,
    read_json,
    record,
    save,
    text,
)
from binhdang.indicators.choices import DIMENSIONS, Aggregation, ValueType
from binhdang.indicators.models import DataElement, Dimension, DimensionOption, known_options
from binhdang.indicators.schemas import DimensionsFile
from binhdang.lib import expressions
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


# The template file's schema --------------------------------------------------------------------


def _unit_code(value: str) -> str:
    if not value or "-" in value:
        raise ValueError(_("must be a unit code without the province part, e.g. SYT."))
    return value


UnitKinds = Annotated[list[Literal[tuple(OrgUnitKind.values)]], UniqueList]  # type: ignore[misc]
ShortText = text(40)
TemplateCode = text(40, required=True)
Message = text(500, required=True)  # a rule's message, shown to the unit when the rule fails
MessageEn = text(500)


class ElementSchema(Schema):
    code: Code
    name: Name
    name_en: NameEn = ""
    value_type: Literal[tuple(ValueType.values)]  # type: ignore[valid-type]
    unit_of_measure: ShortText = ""
    aggregation: Literal[tuple(Aggregation.values)] = Aggregation.SUM.value  # type: ignore[valid-type]
    dimensions: Annotated[list[Literal[DIMENSIONS]], UniqueList] = []  # type: ignore[valid-type]
    description: LongText = ""


class PlacementSchema(Schema):
    code: str
    unit_kinds: UnitKinds = []
    units: list[Annotated[str, AfterValidator(_unit_code)]] = []
    help_text: LongText = ""


class SectionSchema(Schema):
    number: Annotated[str, StringConstraints(min_length=1, max_length=10, pattern=r"\S")]
    name: Name
    name_en: NameEn = ""
    elements: list[PlacementSchema]


class RuleSchema(Schema):
    code: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    left: Expression
    operator: Literal[tuple(Operator.values)]  # type: ignore[valid-type]
    right: Expression
    severity: Literal[tuple(Severity.values)] = Severity.ERROR.value  # type: ignore[valid-type]
    message: Message
    message_en: MessageEn = ""


class TemplateFile(Schema):
    about: str = ""
    code: TemplateCode
    version: Annotated[int, Field(ge=1)]
    period_type: Literal[tuple(PeriodType.values)] = PeriodType.ANNUAL.value  # type: ignore[valid-type]
    name: Name
    name_en: NameEn = ""
    unit_kinds: UnitKinds = []
    task_results: bool = True
    elements: list[ElementSchema]
    sections: list[SectionSchema]
    rules: list[RuleSchema] = []


# Checking --------------------------------------------------------------------------------------


def _known_options() -> dict[str, set[str]]:
    """Option codes per dimension: those in the database and those in the dimensions file."""
    known: dict[str, set[str]] = {code: set() for code in DIMENSIONS} | known_options()
    try:
        data = Problems.valid(DimensionsFile, read_json(DIMENSIONS_FILE))
    except DataError:
        data = None  # the file is checked when it is loaded; here it only widens what rules may name
    for dimension in data.dimensions if data else []:
        known[dimension.code].update(option.code for option in dimension.options)
    return known


def check_dimensions(data: Any) -> DimensionsFile:
    """The dimensions file as its model; DataError listing every problem when it is not sound."""
    problems = Problems()
    parsed = problems.validate(DimensionsFile, data)
    problems.raise_if_any()
    assert parsed is not None
    seen: set[str] = set()
    for index, dimension in enumerate(parsed.dimensions):
        if dimension.code in seen:
            problems.add(
                path_of(("dimensions", index, "code"), data),
                _("The dimension %(code)s is listed twice.") % {"code": dimension.code},
            )
        seen.add(dimension.code)
        codes: set[str] = set()
        for number, option in enumerate(dimension.options):
            if option.code in codes:
                problems.add(
                    path_of(("dimensions", index, "options", number, "code"), data),
                    _("The option %(option)s of the dimension %(code)s is listed twice.")
                    % {"option": option.code, "code": dimension.code},
                )
            codes.add(option.code)
    problems.raise_if_any()
    return parsed


def check_template(data: Any) -> TemplateFile:
    """The template file as its model; DataError listing every problem when it is not sound."""
    problems = Problems()
    parsed = problems.validate(TemplateFile, data)
    problems.raise_if_any()
    assert parsed is not None
    options = _known_options()

    elements: dict[str, list[str]] = {}
    for index, element in enumerate(parsed.elements):
        if element.code in elements:
            problems.add(
                path_of(("elements", index, "code"), data),
                _("The element code %(code)s is used twice.") % {"code": element.code},
            )
        elements[element.code] = list(element.dimensions)

    numbers: set[str] = set()
    placed: dict[str, str] = {}
    template_kinds = set(parsed.unit_kinds) or set(OrgUnitKind.values)
    for index, section in enumerate(parsed.sections):
        if section.number in numbers:
            problems.add(
                path_of(("sections", index, "number"), data),
                _("The section number %(number)s is used twice.") % {"number": section.number},
            )
        numbers.add(section.number)
        for place, placement in enumerate(section.elements):
            where = path_of(("sections", index, "elements", place), data)
            if placement.code not in elements:
                problems.add(
                    where,
                    _("Section %(number)s lists the unknown element “%(code)s”.")
                    % {"number": section.number, "code": placement.code},
                )
                continue
            if placement.code in placed:
                problems.add(
                    where,
                    _("The element %(code)s is placed twice (sections %(first)s and %(second)s).")
                    % {"code": placement.code, "first": placed[placement.code], "second": section.number},
                )
                continue
            placed[placement.code] = section.number
            for kind in placement.unit_kinds:
                if kind not in template_kinds:
                    problems.errors.append(
                        _("%(where)s: the unit kind “%(kind)s” does not report this template.")
                        % {
                            "where": path_of(("sections", index, "elements", place, "unit_kinds"), data),
                            "kind": kind,
                        }
                    )
    for code in elements:
        if code not in placed:
            problems.errors.append(_("The element %(code)s is not placed in any section.") % {"code": code})

    codes: set[str] = set()
    for index, rule in enumerate(parsed.rules):
        if rule.code in codes:
            problems.add(
                path_of(("rules", index, "code"), data),
                _("The rule code %(code)s is used twice.") % {"code": rule.code},
            )
        codes.add(rule.code)
        for side in ("left", "right"):
            for problem in expressions.reference_errors(getattr(rule, side), elements, options):
                problems.add(path_of(("rules", index, side), data), problem)
    problems.raise_if_any()
    return parsed


# Writing ---------------------------------------------------------------------------------------


@transaction.atomic
def load_dimensions(path: Path | str | None = None) -> LoadResult:
    """Create or update the dimensions and their options from the dimensions file."""
    data = check_dimensions(read_json(Path(path) if path else DIMENSIONS_FILE))
    result = LoadResult()
    option_total = 0
    for order, spec in enumerate(data.dimensions, start=1):
        values = {
            "name": spec.name,
            "name_en": spec.name_en,
            "order": spec.order if spec.order is not None else order,
            "source": spec.source,
        }
        dimension = Dimension.objects.filter(code=spec.code).first()
        if dimension is None:
            dimension = Dimension.objects.create(code=spec.code, **values)
            result.created += 1
        else:
            save(dimension, values, result)
        existing = {option.code: option for option in dimension.options.all()}
        for option_order, option_spec in enumerate(spec.options, start=1):
            option_values = {
                "name": option_spec.name,
                "name_en": option_spec.name_en,
                "group": option_spec.group,
                "order": option_spec.order if option_spec.order is not None else option_order,
            }
            option = existing.pop(option_spec.code, None)
            if option is None:
                DimensionOption.objects.create(dimension=dimension, code=option_spec.code, **option_values)
                result.created += 1
            else:
                save(option, option_values, result)
        option_total += len(spec.options)
        for code, option in existing.items():
            # Values store option codes as text, not as keys: keep an option that values still use.
            if DataValue.objects.filter(**{dimension.code: code}).exists():
                result.kept.append(f"{dimension.code}={code}")
            else:
                option.delete()
                result.deleted += 1
    result.totals = {"dimensions": len(data.dimensions), "options": option_total}
    return result


@transaction.atomic
def load_template(path: Path | str | None = None, *, acting_user: Any = None) -> LoadResult:
    """Create or update one report template, its elements, sections, placements and rules."""
    data = check_template(read_json(Path(path) if path else TEMPLATE_FILE))
    result = LoadResult()

    template_values = {
        "name": data.name,
        "name_en": data.name_en,
        "period_type": data.period_type,
        "unit_kinds": list(data.unit_kinds),
        "task_results": data.task_results,
    }
    template = ReportTemplate.objects.filter(code=data.code, version=data.version).first()
    if template is None:
        template = ReportTemplate.objects.create(code=data.code, version=data.version, **template_values)
        result.created += 1
    else:
        save(template, template_values, result)

    # Data elements, by code.
    existing_elements = {
        element.code: element
        for element in DataElement.objects.filter(code__in=[spec.code for spec in data.elements])
    }
    elements: dict[str, DataElement] = {}
    for spec in data.elements:
        values = {
            "name": spec.name,
            "name_en": spec.name_en,
            "value_type": spec.value_type,
            "unit_of_measure": spec.unit_of_measure,
            "aggregation": spec.aggregation,
            "dimensions": list(spec.dimensions),
            "description": spec.description,
        }
        element = existing_elements.get(spec.code)
        if element is None:
            element = DataElement.objects.create(code=spec.code, **values)
            result.created += 1
        else:
            save(element, values, result)
        elements[spec.code] = element
    placed_before = set(
        TemplateElement.objects.filter(section__template=template).values_list("element_id", flat=True)
    )

    # Sections, by number; their placements, by element.
    existing_sections = {section.number: section for section in template.sections.all()}
    wanted_numbers = {spec.number for spec in data.sections}
    for number, section in existing_sections.items():
        if number not in wanted_numbers:
            section.delete()  # its placements go with it
            result.deleted += 1
    placement_total = 0
    for order, spec in enumerate(data.sections, start=1):
        values = {"name": spec.name, "name_en": spec.name_en, "order": order}
        section = existing_sections.get(spec.number)
        if section is None:
            section = TemplateSection.objects.create(template=template, number=spec.number, **values)
            result.created += 1
        else:
            save(section, values, result)
        existing_placements = {placement.element_id: placement for placement in section.elements.all()}
        wanted = {elements[item.code].pk for item in spec.elements}
        for element_id, placement in existing_placements.items():
            if element_id not in wanted:
                placement.delete()
                result.deleted += 1
        for item_order, item in enumerate(spec.elements, start=1):
            element = elements[item.code]
            values = {
                "order": item_order,
                "unit_kinds": list(item.unit_kinds),
                "units": list(item.units),
                "help_text": item.help_text,
            }
            placement = existing_placements.get(element.pk)
            if placement is None:
                TemplateElement.objects.create(section=section, element=element, **values)
                result.created += 1
            else:
                save(placement, values, result)
        placement_total += len(spec.elements)

    # Rules, by code.
    rule_specs = data.rules
    existing_rules = {rule.code: rule for rule in template.rules.all()}
    wanted_rules = {spec.code for spec in rule_specs}
    for code, rule in existing_rules.items():
        if code not in wanted_rules:
            rule.delete()
            result.deleted += 1
    for spec in rule_specs:
        values = {
            "left": spec.left,
            "operator": spec.operator,
            "right": spec.right,
            "severity": spec.severity,
            "message": spec.message,
            "message_en": spec.message_en,
        }
        rule = existing_rules.get(spec.code)
        if rule is None:
            ValidationRule.objects.create(template=template, code=spec.code, **values)
            result.created += 1
        else:
            save(rule, values, result)

    # Elements this template no longer places: delete them, unless values (or another template)
    # still use them. Elements the template never placed are not this file's to delete.
    dropped = placed_before - {element.pk for element in elements.values()}
    for element in DataElement.objects.filter(pk__in=dropped).order_by("code"):
        delete(element, element.code, result)

    result.totals = {
        "elements": len(data.elements),
        "sections": len(data.sections),
        "placements": placement_total,
        "rules": len(rule_specs),
    }
    record(
        "reporting.template_loaded",
        template,
        result,
        acting_user=acting_user,
        code=template.code,
        version=template.version,
    )
    return result
