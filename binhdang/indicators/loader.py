"""Load the indicators and their targets from `indicators/data/indicators.json`.

The file is data an administrator edits: each indicator has a code, names, a numerator and
an optional denominator (expressions over the report form's data elements, e.g.
``E(STAT_ENTERPRISES_WOMEN)``, in the language of `binhdang.lib.expressions`), a factor, a unit,
a direction, decimals, a description and its legal source, and a list of targets (scope, year,
value, optional baseline, source, and for a provincial target the province code). Its shape is
`schemas.IndicatorsFile`.

Loading is an upsert, idempotent: indicators are matched by code and targets by (indicator,
scope, province code, year); they are created or updated, and only what changed is saved.
Nothing is deleted, so targets an administrator added (e.g. a province's own) stay.

The whole file is checked first, against its schema and then against the data elements and
dimension options in the database (so the report template must be loaded before), and the load
is one transaction: a bad file changes nothing. Problems are raised as `DataError`,
naming the path in the file and the indicator.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from binhdang.core.loading import DataError, LoadResult, Problems, path_of, read_json, record, save
from binhdang.indicators.choices import SYSTEM_ELEMENTS
from binhdang.indicators.models import Indicator, Target, known_elements, known_options
from binhdang.indicators.schemas import IndicatorSchema, IndicatorsFile
from binhdang.lib import expressions

INDICATORS_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"


def check_indicators(data: Any) -> IndicatorsFile:
    """The file as its model; DataError listing every problem when it is not sound."""
    elements, options = known_elements(), known_options()
    if not set(elements) - set(SYSTEM_ELEMENTS):
        raise DataError(
            _("No data elements are loaded yet: load the report template first (manage.py load_template).")
        )
    problems = Problems()
    parsed = problems.validate(IndicatorsFile, data)
    if parsed is not None:
        items = list(enumerate(parsed.indicators))
    else:  # still check the indicators that are sound, so that one run names every problem
        raw = data.get("indicators") if isinstance(data, dict) else None
        items = [
            (index, item)
            for index, value in enumerate(raw if isinstance(raw, list) else [])
            if (item := Problems.valid(IndicatorSchema, value)) is not None
        ]
    codes: set[str] = set()
    for index, item in items:
        if item.code in codes:
            problems.add(
                path_of(("indicators", index, "code"), data),
                _("The indicator code %(code)s is used twice.") % {"code": item.code},
            )
        codes.add(item.code)
        for side in ("numerator", "denominator"):
            expression = getattr(item, side)
            if not expression:
                continue
            for problem in expressions.reference_errors(expression, elements, options, needs_term=True):
                problems.add(path_of(("indicators", index, side), data), problem)
        seen: set[tuple[str, str, int]] = set()
        for number, target in enumerate(item.targets):
            key = (target.scope, target.province_code, target.year)
            if key in seen:
                problems.errors.append(
                    _("%(where)s: there is already a target for %(year)d here.")
                    % {"where": path_of(("indicators", index, "targets", number), data), "year": target.year}
                )
            seen.add(key)
    problems.raise_if_any()
    assert parsed is not None
    return parsed


@transaction.atomic
def load_indicators(path: Path | str | None = None, *, acting_user: Any = None) -> LoadResult:
    """Create or update the indicators and their targets from the file; nothing is deleted.

    `totals` counts the file's indicators and targets."""
    path = Path(path) if path else INDICATORS_FILE
    data = check_indicators(read_json(path, decimals=True))
    result = LoadResult(totals={"indicators": len(data.indicators), "targets": 0})
    existing = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=[item.code for item in data.indicators])
    }
    first: Indicator | None = None
    for order, item in enumerate(data.indicators, start=1):
        values = {
            "name": item.name,
            "name_en": item.name_en,
            "numerator": item.numerator,
            "denominator": item.denominator,
            "factor": item.factor,
            "unit_of_measure": item.unit_of_measure,
            "direction": item.direction,
            "decimals": item.decimals,
            "description": item.description,
            "source": item.source,
            "order": item.order if item.order is not None else order,
        }
        indicator = existing.get(item.code)
        if indicator is None:
            indicator = Indicator.objects.create(code=item.code, **values)
            result.created += 1
        else:
            save(indicator, values, result)
        first = first or indicator
        targets = {(t.scope, t.province_code, t.year): t for t in indicator.targets.all()}
        for spec in item.targets:
            key = (spec.scope, spec.province_code, spec.year)
            target_values = {
                "value": spec.value,
                "baseline_year": spec.baseline_year,
                "baseline_value": spec.baseline_value,
                "source": spec.source,
            }
            target = targets.get(key)
            if target is None:
                Target.objects.create(
                    indicator=indicator, scope=key[0], province_code=key[1], year=key[2], **target_values
                )
                result.created += 1
            else:
                save(target, target_values, result)
            result.totals["targets"] += 1
    assert first is not None  # the schema refuses an empty file
    record(
        "indicators.loaded",
        first,
        result,
        acting_user=acting_user,
        file=path.name,
        indicators=result.totals["indicators"],
        targets=result.totals["targets"],
    )
    return result
