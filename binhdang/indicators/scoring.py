"""Indicators: their values from a report's figures, and how far they are from their targets.

`compute()` and `assess()` touch no database: they work on plain `IndicatorSpec`s, the
consolidated values (``{(element_code, key): Decimal}``, keys in DIMENSIONS, read through
`binhdang.lib.expressions`) and a dict of targets by year. `specs_from_db()`, `specs_with_targets()` and
`element_names()` are the helpers that read those from the database.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, partial
from pathlib import Path

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from binhdang.indicators.choices import DIMENSIONS, SYSTEM_ELEMENT_NAMES
from binhdang.indicators.models import DataElement, DimensionOption, Indicator, Target
from binhdang.lib.expressions import ExpressionError, evaluate, tokenize
from binhdang.lib.numbers import format_number
from binhdang.lib.totals import cell_sum

logger = logging.getLogger(__name__)

HIGHER, LOWER = "higher", "lower"  # Indicator.Direction values
DIMENSIONS_FILE = Path(__file__).resolve().parent / "data" / "dimensions.json"


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind schedule")
    NO_DATA = "no_data", _("No data")
    NO_TARGET = "no_target", _("No target")


@dataclass(frozen=True)
class IndicatorSpec:
    """An indicator as plain data: value = numerator ÷ denominator × factor, rounded to `decimals`."""

    code: str
    label: str
    numerator: str
    denominator: str = ""
    factor: Decimal = Decimal(1)
    decimals: int = 1
    unit: str = ""
    direction: str = HIGHER


@dataclass
class IndicatorValue:
    code: str
    label: str
    unit: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    formula: str  # in words, e.g. "Số doanh nghiệp có giám đốc là nữ ÷ số doanh nghiệp × 100"


@dataclass
class Achievement:
    status: str  # achieved | on_track | behind | no_data (| no_target: the indicator has no target)
    target_year: int | None
    target_value: Decimal | None
    expected_value: Decimal | None = None  # where the straight path to the target stands this year

    @property
    def label(self) -> str:
        """The status in the active language (Vietnamese in the documents, which are made under "vi")."""
        return str(Status(self.status).label)


# Computing ---------------------------------------------------------------------------------------


def compute(spec: IndicatorSpec, values: Mapping, names: Mapping[str, str]) -> IndicatorValue:
    """The indicator's value from the values, rounded half up to `spec.decimals`.

    The value is None when a term of the numerator or denominator is not entered, or when the
    denominator is 0. `names` gives the elements' names by code (and, optionally, options' names
    by "dimension=option", e.g. "sex=F"), for the formula in words.
    """
    numerator = _evaluate(spec, spec.numerator, values)
    denominator = _evaluate(spec, spec.denominator, values) if spec.denominator.strip() else None
    value: Decimal | None = None
    if numerator is not None:
        if not spec.denominator.strip():
            value = numerator * spec.factor
        elif denominator is not None and denominator != 0:
            value = numerator / denominator * spec.factor
    if value is not None:
        value = value.quantize(Decimal(1).scaleb(-spec.decimals), rounding=ROUND_HALF_UP)
    return IndicatorValue(
        code=spec.code,
        label=spec.label,
        unit=spec.unit,
        value=value,
        numerator=numerator,
        denominator=denominator,
        formula=formula_text(spec, names),
    )


def _evaluate(spec: IndicatorSpec, expression: str, values: Mapping) -> Decimal | None:
    try:
        return evaluate(expression, partial(cell_sum, values, dimension_order=DIMENSIONS))
    except (ExpressionError, ValueError) as exc:  # checked on loading; never break a whole report
        logger.warning("Indicator %s: cannot evaluate %r: %s", spec.code, expression, exc)
        return None


def formula_text(spec: IndicatorSpec, names: Mapping[str, str]) -> str:
    """The formula in words: "(A + B) ÷ (C + D) × 100", with the elements' names."""
    numerator = _words(spec.numerator, names)
    text = _bracketed(numerator, spec.numerator, "+-") if spec.denominator.strip() else numerator
    if spec.denominator.strip():
        denominator = _words(spec.denominator, names)
        text += " ÷ " + _bracketed(denominator, spec.denominator, "+-*/")
    if spec.factor != 1:
        text += " × " + _number(spec.factor)
    text = _share_of_whole(text)
    first = next((i for i, char in enumerate(text) if char.isalpha()), 0)
    return text[:first] + text[first : first + 1].upper() + text[first + 1 :]


_SHARE = re.compile(r"^(?P<whole>[^÷()]+?) \((?P<part>[^()÷]+)\) ÷ (?P<again>[^÷()]+?)(?P<rest> × .*)?$")


def _share_of_whole(text: str) -> str:
    """ "Số người … (nữ) ÷ số người … × 100" says its element twice: "Số nữ ÷ tổng số người … × 100"."""
    match = _SHARE.match(text)
    if match is None or match["whole"].strip().lower() != match["again"].strip().lower():
        return text
    whole = match["whole"].strip()
    share = _("the number of %(part)s ÷ the total %(whole)s") % {
        "part": match["part"].strip().lower(),
        "whole": whole[:1].lower() + whole[1:],
    }
    return share + (match["rest"] or "")


def _bracketed(words: str, expression: str, operators: str) -> str:
    """Brackets round a side of ÷ that has one of `operators` outside any bracket."""
    depth = 0
    try:
        tokens = tokenize(expression)
    except ExpressionError:
        return words
    for kind, value in tokens:
        depth += (value == "(") - (value == ")")
        if kind == "op" and depth == 0 and value in operators:
            return f"({words})"
    return words


def _words(expression: str, names: Mapping[str, str]) -> str:
    try:
        tokens = tokenize(expression)
    except ExpressionError:
        return expression
    parts: list[str] = []
    i = 0
    while i < len(tokens):
        kind, value = tokens[i]
        if kind == "name" and value == "E" and i + 1 < len(tokens) and tokens[i + 1][1] == "(":
            end = i + 2
            while end < len(tokens) and tokens[end][1] != ")":
                end += 1
            inner = [token[1] for token in tokens[i + 2 : end]]
            parts.append(_term(inner, names))
            i = end + 1
            continue
        if kind == "num":
            parts.append(_number(Decimal(value)))
        else:
            parts.append({"*": "×", "/": "÷"}.get(value, value))
        i += 1
    text = " ".join(parts)
    return text.replace("( ", "(").replace(" )", ")")


def _term(inner: list[str], names: Mapping[str, str]) -> str:
    """E(CODE, sex=F) in words: the element's name, then the option's in brackets."""
    code = inner[0] if inner else "?"
    name = _tidy(names.get(code) or str(SYSTEM_ELEMENT_NAMES.get(code, code)))
    options = []
    # inner is CODE , dim = option , dim = option ...
    for position in range(1, len(inner) - 3, 4):
        dimension, option = inner[position + 1], inner[position + 3]
        label = names.get(f"{dimension}={option}") or _option_name(dimension, option)
        options.append(_lower_first(label))
    return f"{name} ({', '.join(options)})" if options else name


def _tidy(name: str) -> str:
    """An element's name as a term: without "Trong đó:", and in lower case unless an acronym."""
    stripped = name.strip()
    if stripped.lower().startswith("trong đó:"):
        stripped = stripped[len("trong đó:") :].strip()
    return _lower_first(stripped)


def _lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text  # UBND, HĐND...
    return text[:1].lower() + text[1:]


def _number(number: Decimal) -> str:
    """A number written the Vietnamese way: 100.000; 0,5."""
    return format_number(number)


def _option_name(dimension: str, option: str) -> str:
    """An option's name from the dimensions file in the active language (Vietnamese without an
    English one), when the caller gives none; the option's code when the file does not name it."""
    vi, en = _option_names().get((dimension, option), (option, ""))
    return en if en and (translation.get_language() or "vi").startswith("en") else vi


@cache
def _option_names() -> dict[tuple[str, str], tuple[str, str]]:
    """Options' names from the dimensions file: (Vietnamese, English) by (dimension, option)."""
    try:
        data = json.loads(DIMENSIONS_FILE.read_text(encoding="utf-8"))
        return {
            (dimension["code"], option["code"]): (option["name"], option.get("name_en") or "")
            for dimension in data["dimensions"]
            for option in dimension["options"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        return {}


# Assessing ---------------------------------------------------------------------------------------


def assess(
    value: Decimal | None,
    direction: str,
    targets_by_year: Mapping[int, Decimal],
    year: int,
    baseline: tuple[int, Decimal] | None = None,
) -> Achievement:
    """How the value of `year` stands against the targets.

    The rule, as shown to users:

    - **Đạt (achieved)**: the value already meets the target of this year, or of the next year
      that has a target (2025, 2030): at least the target when higher is better, at most the
      target when lower is better. After the last target year, the last target counts.
    - **Đúng tiến độ (on track)**: not yet achieved, but the value meets where a straight line
      would stand this year, drawn from the starting point to the next target. The starting point
      is the baseline (year, value) when there is one, otherwise the previous target (for 2026 to
      2029: the 2025 target, towards the 2030 one). E.g. a 2025 target of 60% and a 2030 target
      of 75% expect 63% in 2026. In a target year itself, and before any starting point, only
      the target counts.
    - **Chậm tiến độ (behind)**: otherwise.
    - **Chưa có số liệu (no data)**: there is no value (a figure is not entered, or the
      denominator is 0).
    - **Chưa có mục tiêu (no target)**: the indicator has no target to compare with.

    Values and targets are compared exactly, as given (the value already rounded).
    """
    targets = {int(y): Decimal(v) for y, v in targets_by_year.items()}
    if not targets:
        status = Status.NO_DATA if value is None else Status.NO_TARGET
        return _achievement(status, None, None)
    later = sorted(y for y in targets if y > year)
    if year in targets:
        target_year = year
    elif later:
        target_year = later[0]
    else:
        target_year = max(targets)
    target = targets[target_year]
    if value is None:
        return _achievement(Status.NO_DATA, target_year, target)

    def meets(number: Decimal, goal: Decimal) -> bool:
        return number <= goal if direction == LOWER else number >= goal

    candidates = [targets[y] for y in ([year] if year in targets else []) + later[:1]]
    if any(meets(value, goal) for goal in candidates) or (not later and meets(value, target)):
        return _achievement(Status.ACHIEVED, target_year, target)

    expected = _expected(targets, year, baseline)
    if expected is not None and meets(value, expected):
        return _achievement(Status.ON_TRACK, target_year, target, expected)
    return _achievement(Status.BEHIND, target_year, target, expected)


def _expected(targets: dict[int, Decimal], year: int, baseline: tuple[int, Decimal] | None) -> Decimal | None:
    """Where the straight path from the starting point to the next target stands in `year`."""
    later = sorted(y for y in targets if y > year)
    if year in targets or not later:
        return None
    end_year = later[0]
    if baseline is not None and baseline[0] < end_year:
        start_year, start = int(baseline[0]), Decimal(baseline[1])
    else:
        earlier = [y for y in targets if y < end_year]
        if not earlier:
            return None
        start_year = max(earlier)
        start = targets[start_year]
    if start_year > year:
        return None
    end = targets[end_year]
    return start + (end - start) * Decimal(year - start_year) / Decimal(end_year - start_year)


def _achievement(
    status: str, target_year: int | None, target: Decimal | None, expected: Decimal | None = None
) -> Achievement:
    return Achievement(status, target_year, target, expected)


# Reading from the database -----------------------------------------------------------------------


def spec_from_model(indicator: object) -> IndicatorSpec:
    return IndicatorSpec(
        code=indicator.code,  # type: ignore[attr-defined]
        label=indicator.label,  # type: ignore[attr-defined]
        numerator=indicator.numerator,  # type: ignore[attr-defined]
        denominator=indicator.denominator,  # type: ignore[attr-defined]
        factor=indicator.factor,  # type: ignore[attr-defined]
        decimals=indicator.decimals,  # type: ignore[attr-defined]
        unit=indicator.unit_of_measure,  # type: ignore[attr-defined]
        direction=indicator.direction,  # type: ignore[attr-defined]
    )


def specs_from_db() -> list[IndicatorSpec]:
    """Every indicator, in display order."""
    return [spec_from_model(indicator) for indicator in Indicator.objects.all()]


def specs_with_targets(
    province_code: str | None = None,
) -> list[tuple[IndicatorSpec, dict[int, Decimal], str]]:
    """Every indicator with the targets that apply, by year, and the sources to cite.

    A province's own target for a year replaces the national one for that year.
    """
    result = []
    for indicator in Indicator.objects.prefetch_related("targets"):
        targets: dict[int, Decimal] = {}
        sources = [indicator.source]
        ordered = sorted(indicator.targets.all(), key=lambda t: t.scope != Target.Scope.NATIONAL)
        for target in ordered:
            if target.scope == Target.Scope.PROVINCIAL and target.province_code != (province_code or None):
                continue
            targets[target.year] = target.value
            sources.append(target.source)
        result.append((spec_from_model(indicator), targets, _join(sources)))
    return result


def element_names() -> dict[str, str]:
    """The names `compute()` writes formulas with: elements by code, options by "sex=F"."""
    names = {element.code: element.label for element in DataElement.objects.all()}
    for option in DimensionOption.objects.select_related("dimension"):
        names[f"{option.dimension.code}={option.code}"] = option.label
    return names


def _join(sources: Iterable[str]) -> str:
    seen: list[str] = []
    for source in sources:
        if source and source.strip() and source.strip() not in seen:
            seen.append(source.strip())
    return "; ".join(seen)
