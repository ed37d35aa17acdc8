"""Reads for reports: the form a unit fills, its values, the rules. Renderers take what these return."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language

from binhdang.indicators.models import Dimension
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.models import DataValue, ReportingPeriod, Submission, TemplateElement
from binhdang.reporting.spec import Dim, Element, FormSpec, Key, Option, Section, Values
from binhdang.reporting.validation import RuleSpec


def dimension_specs() -> dict[str, Dim]:
    return {
        d.code: Dim(d.code, d.label, tuple(Option(o.code, o.label, o.group) for o in d.options.all()))
        for d in Dimension.objects.prefetch_related("options")
    }


def build_form_spec(period: ReportingPeriod, unit: OrgUnit) -> FormSpec:
    """The sections and elements this unit reports in this period (only those for its kind)."""
    template = period.template
    dims = dimension_specs()
    placements = (
        TemplateElement.objects.filter(section__template=template)
        .select_related("section", "element")
        .order_by("section__order", "order")
    )
    sections: dict[int, tuple[object, list[Element]]] = {}
    for placement in placements:
        if not placement.applies_to(unit):
            continue
        element = placement.element
        entry = sections.setdefault(placement.section_id, (placement.section, []))
        entry[1].append(
            Element(
                code=element.code,
                label=element.label,
                value_type=element.value_type,
                unit=element.unit_of_measure,
                dims=tuple(dims[code] for code in element.dimensions if code in dims),
                help_text=placement.help_text,
            )
        )
    return FormSpec(
        template_code=template.code,
        template_version=template.version,
        period_code=period.code,
        unit_code=unit.code,
        unit_name=unit.name,
        title=template.label,
        sections=tuple(
            Section(section.number, section.label, tuple(elements)) for section, elements in sections.values()
        ),
    )


def stored_value(row: DataValue, value_type: str) -> Decimal | str | bool | None:
    if value_type == "text":
        return row.text or None
    if row.value is None:
        return None
    if value_type == "boolean":
        return row.value != 0
    return row.value


def submission_values(submission: Submission | None) -> tuple[Values, dict[tuple[str, Key], DataValue]]:
    """The values of a report, and the rows behind them (for comments and versions)."""
    if submission is None or submission.pk is None:
        return {}, {}
    values: Values = {}
    rows: dict[tuple[str, Key], DataValue] = {}
    for row in DataValue.objects.filter(submission=submission, period_id=submission.period_id).select_related(
        "element"
    ):
        cell = (row.element.code, row.key)
        rows[cell] = row
        value = stored_value(row, row.element.value_type)
        if value is not None:
            values[cell] = value
    return values, rows


def previous_values(period: ReportingPeriod, unit: OrgUnit) -> Values:
    """The same unit's values of the template's previous period, for the outlier check."""
    previous = period.previous()
    if previous is None:
        return {}
    submission = Submission.objects.filter(period=previous, unit=unit).first()
    return submission_values(submission)[0]


def rule_specs(period: ReportingPeriod) -> list[RuleSpec]:

    english = (get_language() or "vi").startswith("en")
    return [
        RuleSpec(
            r.code,
            r.left,
            r.operator,
            r.right,
            r.severity,
            (r.message_en if english and r.message_en else r.message),
        )
        for r in period.template.rules.all()
    ]
