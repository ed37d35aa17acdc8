"""Check a report's values: parts against totals, the template's rules, and last period's figures.

Rules are data (ValidationRule) in the expression language of `binhdang.lib.expressions`:
``E(CODE)`` is an element's total (its total cell if entered, else the sum of its parts);
``E(CODE, sex=F)`` the sum of the cells with that option; numbers, + - * / and parentheses.
A rule with a term that is not entered is skipped: "where both are entered".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import partial

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from binhdang.indicators.choices import DIMENSIONS
from binhdang.lib import expressions
from binhdang.lib.totals import cell_sum
from binhdang.reporting.spec import TOTAL, FormSpec, Key, Values

ERROR, WARNING = "error", "warning"
OPERATORS = {
    "<=": lambda a, b: a <= b,
    ">=": lambda a, b: a >= b,
    "==": lambda a, b: a == b,
    "<": lambda a, b: a < b,
    ">": lambda a, b: a > b,
}
OUTLIER_FACTOR = Decimal(3)
OUTLIER_MARGIN = Decimal(10)


@dataclass(frozen=True)
class Issue:
    severity: str  # error | warning
    element_code: str
    message: str
    key: Key = TOTAL
    rule_code: str = ""
    label: str = ""  # the element's label, as a person reads it (never its code); set by validate()
    labels: tuple[str, ...] = ()  # every element a rule names, by label, first the one it is filed under

    @property
    def anchor(self) -> str:
        """The id of the place on the entry page the message links to."""
        return "el-" + self.element_code

    @property
    def note_anchor(self) -> str:
        """The id of the element's note on the entry page, where a warning is explained."""
        return "note-" + self.element_code


@dataclass(frozen=True)
class RuleSpec:
    code: str
    left: str
    operator: str
    right: str
    severity: str
    message: str


def element_sum(values: Values, code: str, filters: Mapping[str, str] | None = None) -> Decimal:
    """The total of an element, or of its cells matching `filters`.

    Raises expressions.Missing when nothing of it is entered.
    """
    return cell_sum(values, code, filters, DIMENSIONS)


def evaluate(expression: str, values: Values) -> Decimal | None:
    """The value of an expression, or None when one of its terms is not entered."""
    return expressions.evaluate(expression, partial(element_sum, values))


def check_totals(spec: FormSpec, values: Values) -> list[Issue]:
    """Where both a total and its parts are entered, the parts must add up to the total."""
    issues = []
    for section in spec.sections:
        for element in section.elements:
            if not element.dims or element.value_type not in ("integer", "money", "decimal"):
                continue
            total = values.get((element.code, TOTAL))
            parts = [
                values[(element.code, key)] for key in element.part_keys() if (element.code, key) in values
            ]
            if isinstance(total, Decimal) and parts and sum(parts, Decimal(0)) != total:
                issues.append(
                    Issue(
                        ERROR,
                        element.code,
                        _("The total (%(total)s) is not the sum of the detailed cells (%(sum)s).")
                        % {"total": _shown(total), "sum": _shown(sum(parts, Decimal(0)))},
                    )
                )
    return issues


def check_rules(rules: Iterable[RuleSpec], values: Values, present: set[str]) -> list[Issue]:
    issues = []
    for rule in rules:
        codes = [term.code for term in expressions.terms(rule.left) + expressions.terms(rule.right)]
        if any(code not in present for code in codes):
            continue  # an element this unit does not report
        left, right = evaluate(rule.left, values), evaluate(rule.right, values)
        if left is None or right is None:
            continue
        if not OPERATORS[rule.operator](left, right):
            message = (
                rule.message
                + " "
                + _("(%(left)s and %(right)s)") % {"left": _shown(left), "right": _shown(right)}
            )
            issues.append(
                Issue(
                    rule.severity,
                    codes[0] if codes else "",
                    message,
                    rule_code=rule.code,
                    labels=tuple(dict.fromkeys(codes)),  # codes for now: validate() puts the labels
                )
            )
    return issues


def check_outliers(spec: FormSpec, values: Values, previous: Values) -> list[Issue]:
    """A warning when an element's total is far from the same unit's last period."""
    issues = []
    for section in spec.sections:
        for element in section.elements:
            if element.value_type not in ("integer", "money", "decimal"):
                continue
            try:
                now = element_sum(values, element.code)
                before = element_sum(previous, element.code)
            except expressions.Missing:
                continue
            if (
                now > before * OUTLIER_FACTOR + OUTLIER_MARGIN
                or now * OUTLIER_FACTOR + OUTLIER_MARGIN < before
            ):
                issues.append(
                    Issue(
                        WARNING,
                        element.code,
                        _(
                            "%(now)s is far from last period's %(before)s: "
                            "check it, or explain it in a comment."
                        )
                        % {"now": _shown(now), "before": _shown(before)},
                        rule_code="outlier",
                    )
                )
    return issues


def validate(
    spec: FormSpec, values: Values, rules: Iterable[RuleSpec] = (), previous: Values | None = None
) -> list[Issue]:
    labels = {element.code: element.label for section in spec.sections for element in section.elements}
    issues = check_totals(spec, values) + check_rules(rules, values, set(labels))
    if previous:
        issues += check_outliers(spec, values, previous)
    # Messages name elements as the form shows them: by label, never by code.
    return [
        replace(
            issue,
            label=labels.get(issue.element_code, ""),
            labels=tuple(labels.get(code, "") for code in (issue.labels or (issue.element_code,))),
        )
        for issue in issues
    ]


def _shown(number: Decimal) -> str:
    normalized = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return number_format(normalized, use_l10n=True, force_grouping=True)
