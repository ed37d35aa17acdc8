"""consolidate(period, root): every element aggregated by its rule over the root's subtree, live
from the fact table — in total, by each dimension, by kind of unit and per child of the root (a
province's units; the country's provinces) — plus completeness, the previous period, the
indicators and the plan's task results.

The database adds up: one query gives the units' totals grouped by element, kind and child, one
the broken-down cells grouped by option, so only a few thousand sums reach Python whatever the
number of values. The country adds up its provinces' partial sums, each kept in the cache under an
exact fingerprint of its counted reports (`partials`): a report sent, accepted or returned is in
the next reading. Nothing is computed overnight.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from binhdang.analytics.partials import child_code, country_sums, kinds_together, units_with_figures
from binhdang.analytics.report import (
    CompletenessSummary,
    ConsolidatedReport,
    DimensionTotals,
    ElementTotal,
    IndicatorResult,
    KindCount,
    OptionTotal,
    PlanSectionSummary,
    SectionTotals,
    Suppressed,
    TaskSummary,
    UnitInfo,
    UnitStatus,
)
from binhdang.analytics.sums import option_sums, unit_groups
from binhdang.gbv.disclosure import PREVIOUS_KEY, PROTECTED_ELEMENTS, TOTAL_KEY, mark, protect_consolidated
from binhdang.indicators import scoring
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import DataElement, Dimension
from binhdang.lib.totals import totals_by
from binhdang.orgunits.choices import LOCAL_KINDS, OrgUnitKind, kind_rank
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.choices import PartRole, PlanStatus, TaskStatus
from binhdang.plans.classify import theme_of_title
from binhdang.plans.models import Plan, TaskProgress
from binhdang.reporting.choices import SubmissionStatus as S
from binhdang.reporting.completeness import completeness
from binhdang.reporting.models import DataValue, ReportingPeriod, TemplateElement
from binhdang.reporting.spec import TOTAL

FINAL = (S.ACCEPTED,)
# Rules that need each unit's own figure: their (few) elements are added up in Python, row by row.
ROW_RULES = ("average", "latest")
# The columns of a value row as _value_rows reads them (tuples: far cheaper than dicts at 10⁵ rows).
ELEMENT, UNIT, VALUE, FIRST_DIMENSION = 0, 1, 2, 3
DIMENSION_COLUMN = {name: FIRST_DIMENSION + index for index, name in enumerate(DIMENSIONS)}
PROVISIONAL = (S.SUBMITTED, S.APPROVED, S.ACCEPTED)
AREAS_FILE = Path(__file__).resolve().parent / "data" / "areas.json"


@cache
def areas_data() -> dict[str, Any]:
    """The areas of work of a report and which form sections report on which (analytics/data)."""
    return json.loads(AREAS_FILE.read_text(encoding="utf-8"))


def report_plan(period: ReportingPeriod, root: OrgUnit) -> Plan | None:
    """The plan a report on `root` reports on: the one its province's People's Committee issued
    for the period's year (the period's own plan when it is that province's). The country, and a
    province without a plan of its own, report on none: never on another province's plan."""
    if root.parent_id is None:
        return None
    province_code = root.province_code()
    if period.plan is not None and period.plan.issuer.code == province_code:
        return period.plan
    return (
        Plan.objects.filter(
            issuer__code=province_code, year=period.covers_to.year, status=PlanStatus.PUBLISHED
        )
        .order_by("-published_at", "-pk")
        .first()
    )


def unit_totals(rows: list[tuple]) -> dict[int, Decimal]:
    """Each unit's total of one element from its value rows, by the one rule of lib.totals."""
    return totals_by((row[UNIT], row[VALUE], not any(row[FIRST_DIMENSION:])) for row in rows)


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


def _value_rows(
    period: ReportingPeriod, root: OrgUnit, statuses: tuple[str, ...], element_ids: set[int]
) -> list[tuple]:
    return list(
        DataValue.objects.within(root)
        .filter(period=period, submission__status__in=statuses, element_id__in=element_ids)
        .values_list("element_id", "unit_id", "value", *DIMENSIONS)
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
    rows = (
        DataValue.objects.within(root)
        .filter(period=period, submission__status__in=statuses, element_id__in=element_ids)
        .values_list("element_id", "unit_id", "updated_at")
    )
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
    in_python = {p.element_id for p in placements if p.element.aggregation in ROW_RULES}
    if root.parent_id is None:  # the country: its provinces' partial sums, each kept until it changes
        groups, options, reporting = country_sums(period, root, statuses)
    else:
        groups, options = unit_groups(period, root, statuses), option_sums(period, root, statuses)
        reporting = kinds_together(units_with_figures(period, root, statuses))
    previous_period = period.previous()
    previous_groups = {}
    if previous_period is not None:
        previous_groups = (
            country_sums(previous_period, root, FINAL)[0]
            if root.parent_id is None
            else unit_groups(previous_period, root, FINAL)
        )
    # "average" and "latest" need each unit's own figure: those few elements are added up here.
    rows: dict[int, list[tuple]] = defaultdict(list)
    previous_rows: dict[int, list[tuple]] = defaultdict(list)
    if in_python:
        for row in _value_rows(period, root, statuses, in_python):
            rows[row[ELEMENT]].append(row)
        if previous_period is not None:
            for row in _value_rows(previous_period, root, FINAL, in_python):
                previous_rows[row[ELEMENT]].append(row)
    latest = _latest_times(
        period, root, statuses, {p.element_id for p in placements if p.element.aggregation == "latest"}
    )

    progress = completeness(period, root, now=now, with_rows=False)
    expected_by_kind = {kind: counts.expected for kind, counts in progress.by_kind.items()}
    listed, kinds = _listed_units(period, root, groups, reporting, expected_by_kind)
    child_of_unit = {}
    if in_python:
        unit_ids = {row[UNIT] for element_rows in rows.values() for row in element_rows}
        child_of_unit = {
            pk: (child_code(root, path, code), kind)
            for pk, path, code, kind in OrgUnit.objects.filter(pk__in=unit_ids).values_list(
                "pk", "path", "code", "kind"
            )
        }

    sections: dict[str, SectionTotals] = {}
    for placement in placements:
        element: DataElement = placement.element
        if element.pk in in_python:
            totals = _element_from_rows(
                element,
                rows.get(element.pk, []),
                previous_rows.get(element.pk, []),
                latest.get(element.pk, {}),
                dimensions,
                child_of_unit,
            )
        else:
            totals = _element_from_groups(
                element,
                groups.get(element.pk, []),
                previous_groups.get(element.pk, []),
                options.get(element.pk, []),
                dimensions,
            )
        section = sections.setdefault(
            placement.section.number, SectionTotals(placement.section.number, placement.section.label, [])
        )
        section.elements.append(totals)
    protect_gbv([e for section in sections.values() for e in section.elements])

    counts = progress.total
    plan = report_plan(period, root)
    province = root if root.depth <= 1 else OrgUnit.objects.filter(code=root.province_code()).first()
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
        plan_title=plan.title if plan else "",
        plan_number=plan.number if plan else "",
        plan_sections=_plan_sections(plan, root),
        units=listed,
        kinds=kinds,
        previous_period_name=previous_period.name if previous_period else "",
        root_kind=root.kind,
        province_name=province.name if province is not None and root.parent_id else "",
        plan_issuer=plan.issuer.name if plan else "",
        plan_issued_on=plan.issued_on if plan else None,
        section_areas=dict(areas_data()["sections"].get(period.template.code, {})),
        previous_covers_to=previous_period.covers_to if previous_period else None,
    )
    report.indicators = _indicators(report, period, root)
    return report


def _element_from_groups(
    element: DataElement,
    groups: list[tuple],
    previous: list[tuple],
    options: list[tuple],
    dimensions: dict[str, Dimension],
) -> ElementTotal:
    """An element added up in SQL ("sum" and "none"): `groups` are (kind, child, sum, units)."""
    rule = element.aggregation
    total_sum, total_units = Decimal(0), 0
    by_kind: dict[str, list] = {}
    by_child: dict[str, Decimal | None] = {}
    for kind, child, value, units in groups:
        total_sum += value
        total_units += units
        entry = by_kind.setdefault(kind, [Decimal(0), 0])
        entry[0] += value
        entry[1] += units
        if rule == "none":  # not added up: a figure only where it is one unit's own
            by_child[child] = value if units == 1 and child not in by_child else None
        else:
            by_child[child] = by_child.get(child, Decimal(0)) + value

    def sums_by_option(code: str) -> dict[str, Decimal]:
        position = DIMENSIONS.index(code)
        sums: dict[str, Decimal] = defaultdict(Decimal)
        for key in options:
            if key[position]:
                sums[key[position]] += key[-1]
        return {option: (value if rule != "none" else Decimal(0)) for option, value in sums.items()}

    by_dimension = _dimension_totals(element, dimensions, sums_by_option)
    previous_total = sum((value for _k, _c, value, _u in previous), Decimal(0)) if previous else None
    return ElementTotal(
        code=element.code,
        label=element.label,
        unit=element.unit_of_measure,
        value_type=element.value_type,
        aggregation=rule,
        total=(total_sum if rule != "none" else None) if total_units else None,
        reporting_units=total_units,
        by_dimension=by_dimension,
        by_kind={kind: (v if rule != "none" else Decimal(0)) for kind, (v, _n) in by_kind.items()},
        by_kind_units={kind: n for kind, (_v, n) in by_kind.items()},
        by_unit=by_child,
        previous=previous_total if rule != "none" else None,
    )


def _element_from_rows(
    element: DataElement,
    element_rows: list[tuple],
    previous_rows: list[tuple],
    updated: dict[int, Any],
    dimensions: dict[str, Dimension],
    child_of_unit: dict[int, tuple[str, str]],
) -> ElementTotal:
    """An element whose rule needs each unit's own figure ("average", "latest"), from its rows."""
    rule = element.aggregation
    per_unit = unit_totals(element_rows)
    total = aggregate([(v, updated.get(u)) for u, v in per_unit.items()], rule)
    by_kind_values: dict[str, list[tuple[Decimal, Any]]] = defaultdict(list)
    by_child_values: dict[str, list[tuple[Decimal, Any]]] = defaultdict(list)
    for unit_id, value in per_unit.items():
        child, kind = child_of_unit[unit_id]
        by_kind_values[kind].append((value, updated.get(unit_id)))
        by_child_values[child].append((value, updated.get(unit_id)))

    def option_values(code: str) -> dict[str, Decimal]:
        position = DIMENSION_COLUMN[code]
        option_totals: dict[str, list[tuple[Decimal, Any]]] = defaultdict(list)
        per_unit_option: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for row in element_rows:
            if row[VALUE] is not None and row[position]:
                per_unit_option[(row[UNIT], row[position])] += row[VALUE]
        for (unit_id, option), value in per_unit_option.items():
            option_totals[option].append((value, updated.get(unit_id)))
        return {option: aggregate(found, rule) or Decimal(0) for option, found in option_totals.items()}

    by_dimension = _dimension_totals(element, dimensions, option_values)
    previous_total = None
    if previous_rows:
        prev_units = unit_totals(previous_rows)
        previous_total = aggregate(
            [(v, None) for v in prev_units.values()], rule if rule != "latest" else "sum"
        )
    return ElementTotal(
        code=element.code,
        label=element.label,
        unit=element.unit_of_measure,
        value_type=element.value_type,
        aggregation=rule,
        total=total,
        reporting_units=len(per_unit),
        by_dimension=by_dimension,
        by_kind={k: aggregate(v, rule) or Decimal(0) for k, v in by_kind_values.items()},
        by_kind_units={k: len(v) for k, v in by_kind_values.items()},
        by_unit={child: aggregate(v, rule) for child, v in by_child_values.items()},
        previous=previous_total,
    )


def _dimension_totals(
    element: DataElement, dimensions: dict[str, Dimension], totals_of: Any
) -> list[DimensionTotals]:
    """The element's totals by each of its dimensions, options in the dimension's order;
    `totals_of(dimension code)` gives {option code: total}."""
    result = []
    for code in element.dimensions:
        dimension = dimensions.get(code)
        if dimension is None:
            continue
        totals = totals_of(code)
        options = [
            OptionTotal(o.code, o.label, totals[o.code]) for o in dimension.options.all() if o.code in totals
        ]
        result.append(DimensionTotals(code, dimension.label, options))
    return result


def _listed_units(
    period: ReportingPeriod,
    root: OrgUnit,
    groups: dict[int, list[tuple]],
    reporting: dict[str, int],
    expected: dict[str, int],
) -> tuple[list[UnitInfo], list[KindCount]]:
    """The units the report lists — the root's children that must report, hold units that must, or
    have figures (or the root alone) — and per kind of unit how many must report and how many have
    figures in the report."""
    kinds_to_report = set(period.template.unit_kinds or OrgUnitKind.values)
    with_values = {child for element_groups in groups.values() for _k, child, _v, _n in element_groups}
    candidates = (
        OrgUnit.objects.filter(Q(parent=root) | Q(pk=root.pk) | Q(code__in=with_values))
        .annotate(has_children=Exists(OrgUnit.objects.filter(parent=OuterRef("pk"))))
        .only("code", "name", "kind", "sort_key", "parent_id", "valid_from", "valid_to")
    )
    listed_units = []
    for unit in candidates:
        if unit.code in with_values:
            listed_units.append(unit)
        elif not unit.is_valid_on(period.covers_to):
            continue
        elif unit.pk == root.pk:  # a commune's own report (a province's is among its children's)
            if unit.kind in kinds_to_report and not unit.has_children:
                listed_units.append(unit)
        elif unit.kind in kinds_to_report or unit.has_children:
            listed_units.append(unit)
    kinds = [
        KindCount(kind, expected.get(kind, 0), reporting.get(kind, 0))
        for kind in sorted(set(expected) | set(reporting), key=kind_rank)
    ]
    listed = [
        UnitInfo(u.code, u.name, u.kind)
        for u in sorted(listed_units, key=lambda u: (u.kind in LOCAL_KINDS, u.sort_key))
    ]
    return listed, kinds


def protect_gbv(elements: list[ElementTotal]) -> None:
    """Withhold the cells of the GBV elements that could reveal a survivor (gbv.disclosure): each
    becomes a Suppressed mark, which every renderer shows instead of the number."""
    protected = [e for e in elements if e.code in PROTECTED_ELEMENTS]
    cells = {}
    for element in protected:
        groups = {f"dimension:{d.code}": {o.code: o.total for o in d.options} for d in element.by_dimension}
        groups["kind"] = dict(element.by_kind)
        groups["unit"] = dict(element.by_unit)
        cells[element.code] = (element.total, groups, element.previous)
    hidden = protect_consolidated(cells)
    for element in protected:
        element.protected = True
        withheld = hidden.get(element.code, {})
        if not withheld:
            continue

        def shown(key: tuple[str, str], value: Any, withheld: dict = withheld) -> Any:
            return Suppressed(mark(withheld[key])) if key in withheld else value

        element.total = shown(TOTAL_KEY, element.total)
        element.previous = shown(PREVIOUS_KEY, element.previous)
        for dimension in element.by_dimension:
            for option in dimension.options:
                option.total = shown((f"dimension:{dimension.code}", option.code), option.total)
        element.by_kind = {k: shown(("kind", k), v) for k, v in element.by_kind.items()}
        element.by_unit = {u: shown(("unit", u), v) for u, v in element.by_unit.items()}


def withheld(element: ElementTotal) -> bool:
    """Whether any cell of the element is withheld (its parts then feed no indicator)."""
    if isinstance(element.total, Suppressed):
        return True
    return element.protected and any(
        isinstance(value, Suppressed)
        for value in [
            *(o.total for d in element.by_dimension for o in d.options),
            *element.by_kind.values(),
            *element.by_unit.values(),
        ]
    )


def consolidated_values(report: ConsolidatedReport) -> dict:
    """The report's totals as the Values the rule/indicator expressions read."""
    values: dict = {("_UNITS", TOTAL): Decimal(report.completeness.expected)}
    for element in report.elements():
        if isinstance(element.total, Suppressed):
            continue  # an indicator needing a withheld figure is not computed
        if element.total is not None:
            values[(element.code, TOTAL)] = element.total
        if withheld(element):
            continue  # only its total: a sum of the published parts would be wrong
        for dimension in element.by_dimension:
            index = DIMENSIONS.index(dimension.code)
            for option in dimension.options:
                key = ["", "", "", "", ""]
                key[index] = option.code
                values[(element.code, tuple(key))] = option.total
    return values


def _indicators(report: ConsolidatedReport, period: ReportingPeriod, root: OrgUnit) -> list[IndicatorResult]:
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
                status_label=achievement.label,  # the documents consolidate in Vietnamese
                source=source,
            )
        )
    return results


def _plan_sections(plan: Plan | None, root: OrgUnit) -> list[PlanSectionSummary]:
    """Every area of work of the plan's part II, in order, with its tasks' results (status counts
    and each unit's note); without a plan, the usual areas of a report (analytics/data/areas.json)
    with no tasks."""
    if plan is None:
        return [
            PlanSectionSummary(str(index), area["title"], [], area["theme"])
            for index, area in enumerate(areas_data()["default_areas"], start=1)
        ]
    progress = defaultdict(list)
    for item in TaskProgress.objects.within(root).filter(task__plan=plan).select_related("unit"):
        progress[item.task_id].append(item)
    summaries: dict[int | None, PlanSectionSummary] = {}
    for section in plan.sections.all():
        summaries[section.pk] = PlanSectionSummary(
            section.number, section.title, [], theme_of_title(section.title)
        )
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
    result = list(summaries.values())
    if other.tasks:
        result.append(other)
    return result
