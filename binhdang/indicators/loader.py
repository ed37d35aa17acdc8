"""Load the indicators and their targets from `indicators/data/indicators.json`.

The file is data an administrator edits: each indicator has a code, names, a numerator and
an optional denominator (expressions over the report form's data elements, e.g.
``E(STAT_ENTERPRISES_WOMEN)``), a factor, a unit, a direction, decimals, a description and its
legal source, and a list of targets (scope, year, value, optional baseline, source, and for a
provincial target the province code).

Loading is an upsert, idempotent: indicators are matched by code and targets by (indicator,
scope, province code, year); they are created or updated, and only what changed is saved.
Nothing is deleted, so targets an administrator added (e.g. a province's own) stay.

The whole file is checked first, against the data elements and dimension options in the
database (so the report template must be loaded before), and the load is one transaction: a bad
file changes nothing. Problems are raised as `IndicatorDataError`, naming the indicator.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from binhdang.core import audit
from binhdang.indicators.models import DataElement, DimensionOption, Indicator, Target
from binhdang.reporting.spec import DIMENSION_ORDER
from binhdang.reporting.validation import ExpressionError, _Missing, _Parser

INDICATORS_FILE = Path(__file__).resolve().parent / "data" / "indicators.json"

CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")
FILE_KEYS = {"about", "indicators"}
INDICATOR_KEYS = {
    "code",
    "name",
    "name_en",
    "numerator",
    "denominator",
    "factor",
    "unit_of_measure",
    "direction",
    "decimals",
    "description",
    "source",
    "order",
    "targets",
}
TARGET_KEYS = {"scope", "province_code", "year", "value", "baseline_year", "baseline_value", "source"}
MAX_DECIMALS = 6
SIDES = {"numerator": gettext_lazy("numerator"), "denominator": gettext_lazy("denominator")}


class IndicatorDataError(Exception):
    """An indicators file that cannot be loaded; `errors` lists every problem, one sentence each."""

    def __init__(self, errors: list[str] | str) -> None:
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        self.message = "\n".join(self.errors)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


@dataclass
class IndicatorLoadResult:
    """What a load did: how many indicators and targets the file has, and what changed."""

    indicators: int = 0
    targets: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0


# Expressions -------------------------------------------------------------------------------------


class _Terms(_Parser):
    """Reads an expression as `evaluate()` does, collecting its E(CODE, dim=option) terms."""

    def __init__(self, expression: str) -> None:
        super().__init__(expression, {})
        self.terms: list[tuple[str, dict[str, str]]] = []

    def element(self) -> Decimal:
        self.take("(")
        kind, code = self.take()
        if kind != "name":
            raise ExpressionError(f"{code!r} is not an element code")
        filters: dict[str, str] = {}
        while self.peek() and self.peek()[1] == ",":  # type: ignore[index]
            self.take(",")
            dimension = self.take()[1]
            self.take("=")
            filters[dimension] = self.take()[1]
        self.take(")")
        self.terms.append((code, filters))
        return Decimal(1)


def expression_terms(expression: str) -> list[tuple[str, dict[str, str]]]:
    """The E(…) terms of an expression; ExpressionError when it is not well formed."""
    reader = _Terms(expression)
    try:
        reader.parse()
    except _Missing:  # a division by zero among the stand-in 1s: the form is still right
        pass
    return reader.terms


def expression_errors(
    expression: Any,
    elements: dict[str, list[str]] | None = None,
    options: dict[str, set[str]] | None = None,
) -> list[str]:
    """What is wrong with an expression, one sentence each; `elements` maps each data element
    code to its dimensions, `options` each dimension to its option codes (default: the database's).
    """
    if elements is None:
        elements = known_elements()
    if options is None:
        options = known_options()
    if not isinstance(expression, str) or not expression.strip():
        return [_("The expression is empty.")]
    if len(expression) > 500:
        return [_("The expression is longer than 500 characters.")]
    try:
        terms = expression_terms(expression)
    except ExpressionError as exc:
        return [
            _("“%(expression)s” is not an expression of E(…) terms, numbers and + - * / (%(error)s).")
            % {"expression": expression, "error": exc}
        ]
    errors = []
    if not terms:
        errors.append(_("“%(expression)s” uses no data element.") % {"expression": expression})
    for code, filters in terms:
        if code not in elements:
            errors.append(_("“%(code)s” is not a data element of the report form.") % {"code": code})
            continue
        for dimension, option in filters.items():
            if dimension not in DIMENSION_ORDER or dimension not in elements[code]:
                errors.append(
                    _("The element %(code)s is not broken down by “%(dimension)s”.")
                    % {"code": code, "dimension": dimension}
                )
            elif option not in options.get(dimension, set()):
                errors.append(
                    _("“%(option)s” is not an option of the dimension “%(dimension)s”.")
                    % {"option": option, "dimension": dimension}
                )
    return errors


# Figures the consolidation provides besides the elements: _UNITS is the number of units
# expected to report in the consolidated subtree (analytics.engine.consolidated_values).
SYSTEM_ELEMENTS: dict[str, list[str]] = {"_UNITS": []}


def known_elements() -> dict[str, list[str]]:
    return dict(DataElement.objects.values_list("code", "dimensions")) | SYSTEM_ELEMENTS


def known_options() -> dict[str, set[str]]:
    options: dict[str, set[str]] = {}
    for dimension, code in DimensionOption.objects.values_list("dimension__code", "code"):
        options.setdefault(dimension, set()).add(code)
    return options


# Checking ----------------------------------------------------------------------------------------


def _read(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise IndicatorDataError(
            _("The file %(path)s cannot be read: %(error)s")
            % {"path": path, "error": getattr(exc, "strerror", None) or exc}
        ) from exc
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise IndicatorDataError(
            _("The file %(path)s is not valid JSON (line %(line)d, column %(column)d): %(error)s")
            % {"path": path, "line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _year(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 2000 <= value <= 2100


def check_indicators(data: Any) -> None:
    """Raise IndicatorDataError listing every problem of the file; return when it is sound."""
    errors: list[str] = []
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), list):
        raise IndicatorDataError(_("The file must be an object with a list “indicators”."))
    unknown = set(data) - FILE_KEYS
    if unknown:
        errors.append(_("Unknown keys in the file: %(keys)s.") % {"keys": ", ".join(sorted(unknown))})
    if not data["indicators"]:
        errors.append(_("The file has no indicator."))
    elements, options = known_elements(), known_options()
    if not elements:
        raise IndicatorDataError(
            _("No data elements are loaded yet: load the report template first (manage.py load_template).")
        )
    codes: set[str] = set()
    for index, item in enumerate(data["indicators"], start=1):
        code = item.get("code") if isinstance(item, dict) else None
        where = _("Indicator %(code)s") % {"code": code or f"#{index}"}
        if not isinstance(item, dict):
            errors.append(_("%(where)s must be an object.") % {"where": where})
            continue
        unknown = set(item) - INDICATOR_KEYS
        if unknown:
            errors.append(
                _("%(where)s: unknown keys %(keys)s.") % {"where": where, "keys": ", ".join(sorted(unknown))}
            )
        if not isinstance(code, str) or not CODE_RE.match(code) or len(code) > 40:
            errors.append(
                _("%(where)s: the code must be capital letters, digits and _, at most 40 characters.")
                % {"where": where}
            )
        elif code in codes:
            errors.append(_("The indicator code %(code)s is used twice.") % {"code": code})
        else:
            codes.add(code)
        for key, limit, required in (
            ("name", 300, True),
            ("name_en", 300, False),
            ("unit_of_measure", 40, False),
            ("description", 10_000, False),
            ("source", 10_000, True),
        ):
            text = item.get(key, "")
            if not isinstance(text, str) or len(text) > limit or (required and not text.strip()):
                errors.append(
                    _("%(where)s: “%(key)s” must be text of %(least)d to %(most)d characters.")
                    % {"where": where, "key": key, "least": 1 if required else 0, "most": limit}
                )
        for side in ("numerator", "denominator"):
            expression = item.get(side, "")
            if side == "denominator" and expression == "":
                continue
            for problem in expression_errors(expression, elements, options):
                errors.append(
                    _("%(where)s, %(side)s: %(problem)s")
                    % {"where": where, "side": SIDES[side], "problem": problem}
                )
        if item.get("direction", Indicator.Direction.HIGHER) not in Indicator.Direction.values:
            errors.append(
                _("%(where)s: unknown direction “%(value)s”; use %(known)s.")
                % {
                    "where": where,
                    "value": item.get("direction"),
                    "known": ", ".join(Indicator.Direction.values),
                }
            )
        factor = _decimal(item.get("factor", 1))
        if factor is None or factor <= 0:
            errors.append(_("%(where)s: the factor must be a positive number.") % {"where": where})
        decimals = item.get("decimals", 1)
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= MAX_DECIMALS:
            errors.append(
                _("%(where)s: “decimals” must be a whole number from 0 to %(most)d.")
                % {"where": where, "most": MAX_DECIMALS}
            )
        order = item.get("order", index)
        if not isinstance(order, int) or isinstance(order, bool) or order < 0:
            errors.append(_("%(where)s: “order” must be a whole number.") % {"where": where})
        targets = item.get("targets", [])
        if not isinstance(targets, list):
            errors.append(_("%(where)s: “targets” must be a list.") % {"where": where})
            continue
        errors += _check_targets(targets, where)
    if errors:
        raise IndicatorDataError(errors)


def _check_targets(targets: list[Any], where: str) -> list[str]:
    errors: list[str] = []
    keys: set[tuple[str, str, int]] = set()
    for index, target in enumerate(targets, start=1):
        place = _("%(where)s, target %(number)d") % {"where": where, "number": index}
        if not isinstance(target, dict):
            errors.append(_("%(where)s must be an object.") % {"where": place})
            continue
        unknown = set(target) - TARGET_KEYS
        if unknown:
            errors.append(
                _("%(where)s: unknown keys %(keys)s.") % {"where": place, "keys": ", ".join(sorted(unknown))}
            )
        scope = target.get("scope", Target.Scope.NATIONAL)
        province = target.get("province_code", "")
        if scope not in Target.Scope.values:
            errors.append(
                _("%(where)s: unknown scope “%(value)s”; use %(known)s.")
                % {"where": place, "value": scope, "known": ", ".join(Target.Scope.values)}
            )
        elif not isinstance(province, str) or len(province) > 10:
            errors.append(_("%(where)s: the province code must be text.") % {"where": place})
        elif scope == Target.Scope.NATIONAL and province:
            errors.append(_("%(where)s: a national target has no province code.") % {"where": place})
        elif scope == Target.Scope.PROVINCIAL and not province:
            errors.append(_("%(where)s: a provincial target needs the province code.") % {"where": place})
        year = target.get("year")
        if not _year(year):
            errors.append(_("%(where)s: the year must be a year such as 2030.") % {"where": place})
        elif (scope, province, year) in keys:
            errors.append(
                _("%(where)s: there is already a target for %(year)d here.") % {"where": place, "year": year}
            )
        else:
            keys.add((scope, province, year))
        if _decimal(target.get("value")) is None:
            errors.append(_("%(where)s: the value must be a number.") % {"where": place})
        has_year, has_value = "baseline_year" in target, "baseline_value" in target
        if has_year != has_value:
            errors.append(
                _("%(where)s: give both the baseline year and the baseline value, or neither.")
                % {"where": place}
            )
        elif has_year and (not _year(target["baseline_year"]) or _decimal(target["baseline_value"]) is None):
            errors.append(_("%(where)s: the baseline must be a year and a number.") % {"where": place})
        source = target.get("source", "")
        if not isinstance(source, str) or not source.strip():
            errors.append(_("%(where)s: the source is missing.") % {"where": place})
    return errors


# Writing -----------------------------------------------------------------------------------------


def _save(obj: Model, values: dict[str, Any], result: IndicatorLoadResult) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1


@transaction.atomic
def load_indicators(path: Path | str | None = None, *, acting_user: Any = None) -> IndicatorLoadResult:
    """Create or update the indicators and their targets from the file; nothing is deleted."""
    path = Path(path) if path else INDICATORS_FILE
    data = _read(path)
    check_indicators(data)
    result = IndicatorLoadResult(indicators=len(data["indicators"]))
    existing = {
        indicator.code: indicator
        for indicator in Indicator.objects.filter(code__in=[item["code"] for item in data["indicators"]])
    }
    first: Indicator | None = None
    for order, item in enumerate(data["indicators"], start=1):
        values = {
            "name": item["name"],
            "name_en": item.get("name_en", ""),
            "numerator": item["numerator"].strip(),
            "denominator": item.get("denominator", "").strip(),
            "factor": _decimal(item.get("factor", 1)),
            "unit_of_measure": item.get("unit_of_measure", ""),
            "direction": item.get("direction", Indicator.Direction.HIGHER),
            "decimals": item.get("decimals", 1),
            "description": item.get("description", ""),
            "source": item["source"],
            "order": item.get("order", order),
        }
        indicator = existing.get(item["code"])
        if indicator is None:
            indicator = Indicator.objects.create(code=item["code"], **values)
            result.created += 1
        else:
            _save(indicator, values, result)
        first = first or indicator
        targets = {(t.scope, t.province_code, t.year): t for t in indicator.targets.all()}
        for spec in item.get("targets", []):
            key = (spec.get("scope", Target.Scope.NATIONAL), spec.get("province_code", ""), spec["year"])
            target_values = {
                "value": _decimal(spec["value"]),
                "baseline_year": spec.get("baseline_year"),
                "baseline_value": _decimal(spec["baseline_value"]) if "baseline_value" in spec else None,
                "source": spec["source"],
            }
            target = targets.get(key)
            if target is None:
                Target.objects.create(
                    indicator=indicator, scope=key[0], province_code=key[1], year=key[2], **target_values
                )
                result.created += 1
            else:
                _save(target, target_values, result)
            result.targets += 1
    assert first is not None  # check_indicators refuses an empty file
    audit.record(
        "indicators.loaded",
        first,
        acting_user=acting_user,
        file=path.name,
        indicators=result.indicators,
        targets=result.targets,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
    )
    return result
