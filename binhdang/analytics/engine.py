"""consolidate(period, root): every element aggregated by its rule over the root's subtree, live
from the fact table — in total, by each dimension, by kind of unit and per unit — plus
completeness, the previous period, the indicators and the plan's task results.

One query reads the values, one the previous period's; nothing is precomputed, so a figure is
in the report the moment a report is accepted.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.analytics.report import (
    CompletenessSummary,
    ConsolidatedReport,
    DimensionTotals,
    ElementTotal,
    IndicatorResult,
    OptionTotal,
    PlanSectionSummary,
    SectionTotals,
    TaskSummary,
    UnitInfo,
    UnitStatus,
)
from binhdang.indicators.models import DataElement, Dimension
from binhdang.orgunits.choices import OrgUnitKind
from binhdang.orgunits.models import OrgUnit
from binhdang.reporting.choices import SubmissionStatus as S
from binhdang.reporting.completeness import completeness, expected_units
from binhdang.reporting.models import DataValue, ReportingPeriod, TemplateElement
from binhdang.reporting.spec import DIMENSION_ORDER, TOTAL

FINAL = (S.ACCEPTED,)
# The columns of a value row as _value_rows reads them (tuples: far cheaper than dicts at 10⁵ rows).
ELEMENT, UNIT, VALUE, FIRST_DIMENSION = 0, 1, 2, 3
DIMENSION_COLUMN = {name: FIRST_DIMENSION + index for index, name in enumerate(DIMENSION_ORDER)}
PROVISIONAL = (S.SUBMITTED, S.APPROVED, S.ACCEPTED)


def _subtree(root: OrgUnit, lookup: str = "unit") -> Q:
    return Q(**{f"{lookup}__path__startswith": root.path + "/"}) | Q(**{lookup: root})


def unit_totals(rows: list[tuple]) -> dict[int, Decimal]:
    """Each unit's total of one element: its total cell when entered, else the sum of its parts."""
    totals: dict[int, Decimal] = {}
    parts: dict[int, Decimal] = defaultdict(Decimal)
    for row in rows:
        value = row[VALUE]
        if value is None:
            continue
        if not any(row[FIRST_DIMENSION:]):
            totals[row[UNIT]] = value
        else:
            parts[row[UNIT]] += value
    for unit_id, value in parts.items():
        totals.setdefault(unit_id, value)
    return totals


def aggregate(values: list[tuple[Decimal, Any]], rule: str) -> Decimal | None:
    """Combine the units' values by the element's rule. `values` are (value, updated_at)."""
    if not values:
        return None
    if rule == "average":
        return sum((v for v, _ in values), Decimal(0)) / len(values)
    if rule == "latest":
        return max(values, key=lambda item: item[1])[0]
    if rule == "none":
        return None
    return sum((v for v, _ in values), Decimal(0))


def _value_rows(period: ReportingPeriod, root: OrgUnit, statuses: tuple[str, ...]) -> list[tuple]:
    return list(
        DataValue.objects.filter(_subtree(root), period=period, submission__status__in=statuses)
        .values_list("element_id", "unit_id", "value", *DIMENSION_ORDER)
        .order_by()
    )


def _latest_times(
    period: ReportingPeriod, root: OrgUnit, statuses: tuple[str, ...], element_ids: set[int]
) -> dict[int, dict[int, Any]]:
    """When each unit last changed each "latest"-aggregated element (read only for those elements:
    converting every row's timestamp would cost more than the whole sum)."""
    times: dict[int, dict[int, Any]] = defaultdict(dict)
    if not element_ids:
        return times
    rows = DataValue.objects.filter(
        _subtree(root), period=period, submission__status__in=statuses, element_id__in=element_ids
    ).values_list("element_id", "unit_id", "updated_at")
    for element_id, unit_id, updated in rows:
        known = times[element_id].get(unit_id)
        times[element_id][unit_id] = updated if known is None or updated > known else known
    return times


def consolidate(
    period: ReportingPeriod, root: OrgUnit, *, provisional: bool = False, now: Any = None
) -> ConsolidatedReport:
    now = now or timezone.now()
    statuses = PROVISIONAL if provisional else FINAL
    placements = list(
        TemplateElement.objects.filter(section__template=period.template)
        .select_related("section", "element")
        .order_by("section__order", "order")
    )
    dimensions = {d.code: d for d in Dimension.objects.prefetch_related("options")}
    units = {u.pk: u for u in expected_units(period, root).only("id", "code", "name", "kind", "sort_key")}
    rows = _value_rows(period, root, statuses)
    by_element: dict[int, list[tuple]] = defaultdict(list)
    for row in rows:
        by_element[row[ELEMENT]].append(row)
    previous_period = (
        ReportingPeriod.objects.filter(template__code=period.template.code, covers_to__lt=period.covers_from)
        .order_by("-covers_to")
        .first()
    )
    previous_rows: dict[int, list[tuple]] = defaultdict(list)
    if previous_period is not None:
        for row in _value_rows(previous_period, root, FINAL):
            previous_rows[row[ELEMENT]].append(row)
    extra_units = {row[UNIT] for row in rows} - set(units)
    if extra_units:  # e.g. a unit merged away since: its figures still count
        units.update({u.pk: u for u in OrgUnit.objects.filter(pk__in=extra_units)})
    kind_labels = dict(OrgUnitKind.choices)
    unit_kind = {pk: str(kind_labels.get(unit.kind, unit.kind)) for pk, unit in units.items()}
    latest = _latest_times(
        period, root, statuses, {p.element_id for p in placements if p.element.aggregation == "latest"}
    )

    sections: dict[str, SectionTotals] = {}
    for placement in placements:
        element: DataElement = placement.element
        element_rows = by_element.get(element.pk, [])
        per_unit = unit_totals(element_rows)
        updated = latest.get(element.pk, {})
        total = aggregate([(v, updated.get(u)) for u, v in per_unit.items()], element.aggregation)
        by_kind_values: dict[str, list[tuple[Decimal, Any]]] = defaultdict(list)
        for unit_id, value in per_unit.items():
            by_kind_values[unit_kind[unit_id]].append((value, updated.get(unit_id)))
        by_dimension = []
        for code in element.dimensions:
            dimension = dimensions.get(code)
            if dimension is None:
                continue
            position = DIMENSION_COLUMN[code]
            option_totals: dict[str, list[tuple[Decimal, Any]]] = defaultdict(list)
            per_unit_option: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
            for row in element_rows:
                if row[VALUE] is not None and row[position]:
                    per_unit_option[(row[UNIT], row[position])] += row[VALUE]
            for (unit_id, option), value in per_unit_option.items():
                option_totals[option].append((value, updated.get(unit_id)))
            by_dimension.append(
                DimensionTotals(
                    code,
                    dimension.label,
                    [
                        OptionTotal(
                            o.code,
                            o.label,
                            aggregate(option_totals[o.code], element.aggregation) or Decimal(0),
                        )
                        for o in dimension.options.all()
                        if o.code in option_totals
                    ],
                )
            )
        previous_total = None
        if previous_rows.get(element.pk):
            prev_units = unit_totals(previous_rows[element.pk])
            previous_total = aggregate(
                [(v, None) for v in prev_units.values()],
                element.aggregation if element.aggregation != "latest" else "sum",
            )
        section = sections.setdefault(
            placement.section.number, SectionTotals(placement.section.number, placement.section.label, [])
        )
        section.elements.append(
            ElementTotal(
                code=element.code,
                label=element.label,
                unit=element.unit_of_measure,
                value_type=element.value_type,
                aggregation=element.aggregation,
                total=total,
                reporting_units=len(per_unit),
                by_dimension=by_dimension,
                by_kind={
                    k: aggregate(v, element.aggregation) or Decimal(0) for k, v in by_kind_values.items()
                },
                by_unit={units[u].code: v for u, v in per_unit.items()},
                previous=previous_total,
            )
        )

    counts = completeness(period, root, now=now, with_rows=False).total
    report = ConsolidatedReport(
        period_code=period.code,
        period_name=period.name,
        covers_from=period.covers_from,
        covers_to=period.covers_to,
        due_date=period.due_date,
        consolidation_due=period.consolidation_due,
        root_code=root.code,
        root_name=root.name,
        provisional=provisional,
        generated_at=now,
        completeness=CompletenessSummary(
            counts.expected,
            counts.sent,
            counts.accepted,
            counts.on_time,
            counts.late,
            counts.missing,
            counts.returned,
            counts.rate,
        ),
        sections=list(sections.values()),
        indicators=[],
        plan_title=period.plan.title if period.plan else "",
        plan_number=period.plan.number if period.plan else "",
        plan_sections=_plan_sections(period, root, units),
        units=[
            UnitInfo(u.code, u.name, u.kind, str(kind_labels.get(u.kind, u.kind)))
            for u in sorted(
                units.values(), key=lambda u: (u.kind in ("commune", "ward", "special_zone"), u.sort_key)
            )
        ],
        previous_period_name=previous_period.name if previous_period else "",
    )
    report.indicators = _indicators(report, period, root)
    return report


def consolidated_values(report: ConsolidatedReport) -> dict:
    """The report's totals as the Values the rule/indicator expressions read."""
    values: dict = {("_UNITS", TOTAL): Decimal(report.completeness.expected)}
    for element in report.elements():
        if element.total is not None:
            values[(element.code, TOTAL)] = element.total
        for dimension in element.by_dimension:
            index = DIMENSION_ORDER.index(dimension.code)
            for option in dimension.options:
                key = ["", "", "", "", ""]
                key[index] = option.code
                values[(element.code, tuple(key))] = option.total
    return values


def _indicators(report: ConsolidatedReport, period: ReportingPeriod, root: OrgUnit) -> list[IndicatorResult]:
    try:
        from binhdang.indicators import scoring
    except ImportError:  # indicators not installed yet
        return []
    values = consolidated_values(report)
    names = {e.code: e.label for e in report.elements()}
    province = root.province_code()
    results = []
    for spec, targets, source in scoring.specs_with_targets(province_code=province):
        computed = scoring.compute(spec, values, names)
        year = period.covers_to.year
        achievement = scoring.assess(computed.value, spec.direction, targets, year, None)
        results.append(
            IndicatorResult(
                code=spec.code,
                label=spec.label,
                unit=spec.unit,
                formula=computed.formula,
                value=computed.value,
                target_year=achievement.target_year,
                target_value=achievement.target_value,
                direction=spec.direction,
                status=achievement.status,
                status_label=achievement.label_vi,
                source=source,
            )
        )
    return results


def _plan_sections(
    period: ReportingPeriod, root: OrgUnit, units: dict[int, OrgUnit]
) -> list[PlanSectionSummary]:
    """Task results compiled per area of work and task: status counts and each unit's note."""
    from binhdang.plans.choices import PartRole, TaskStatus
    from binhdang.plans.models import TaskProgress

    plan = period.plan
    if plan is None:
        return []
    progress = defaultdict(list)
    for item in TaskProgress.objects.filter(_subtree(root), task__plan=plan).select_related("unit"):
        progress[item.task_id].append(item)
    summaries: dict[int | None, PlanSectionSummary] = {}
    for section in plan.sections.all():
        summaries[section.pk] = PlanSectionSummary(section.number, section.title, [])
    other = PlanSectionSummary("", _("Other tasks"), [])
    for task in plan.tasks.filter(part=PartRole.ORGANISATION).order_by("order"):
        items = progress.get(task.pk, [])
        counts = {status: 0 for status in TaskStatus.values}
        for item in items:
            counts[item.status] += 1
        summary = TaskSummary(
            task.code,
            task.text,
            counts,
            [UnitStatus(item.unit.code, item.unit.name, item.status, item.note) for item in items],
        )
        summaries.get(task.section_id, other).tasks.append(summary)
    result = [s for s in summaries.values() if s.tasks]
    if other.tasks:
        result.append(other)
    return result
