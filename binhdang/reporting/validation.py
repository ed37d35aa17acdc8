"""Check a report's values: parts against totals, the template's rules, and last period's figures.

Rules are data (ValidationRule) in a small expression language, evaluated here without eval():
``E(CODE)`` is an element's total (its total cell if entered, else the sum of its parts);
``E(CODE, sex=F)`` the sum of the cells with that option; numbers, + - * / and parentheses.
A rule with a term that is not entered is skipped: "where both are entered".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from django.utils.translation import gettext as _

from binhdang.reporting.spec import DIMENSION_ORDER, TOTAL, FormSpec, Key, Values

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


@dataclass(frozen=True)
class RuleSpec:
    code: str
    left: str
    operator: str
    right: str
    severity: str
    message: str


class ExpressionError(ValueError):
    pass


class _Missing(Exception):
    """A term of the expression is not entered."""


# A name may start with digits when it has an underscore or letter later: option codes such as 16_59.
_TOKEN = re.compile(
    r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*|\d+[A-Za-z_][A-Za-z0-9_]*)|(?P<num>\d+(?:\.\d+)?)|(?P<op>[-+*/(),=]))"
)


def tokenize(expression: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    expression = expression.strip()
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise ExpressionError(f"cannot read {expression[position:]!r}")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, expression: str, values: Values) -> None:
        self.tokens = tokenize(expression)
        self.position = 0
        self.values = values

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise ExpressionError(f"expected {value or 'more'}")
        self.position += 1
        return token

    def parse(self) -> Decimal:
        result = self.expr()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected {self.peek()[1]!r}")  # type: ignore[index]
        return result

    def expr(self) -> Decimal:
        result = self.term()
        while (token := self.peek()) and token[1] in "+-":
            self.take()
            right = self.term()
            result = result + right if token[1] == "+" else result - right
        return result

    def term(self) -> Decimal:
        result = self.factor()
        while (token := self.peek()) and token[1] in "*/":
            self.take()
            right = self.factor()
            try:
                result = result * right if token[1] == "*" else result / right
            except (DivisionByZero, InvalidOperation) as exc:
                raise _Missing from exc
        return result

    def factor(self) -> Decimal:
        kind, value = self.take()
        if kind == "num":
            return Decimal(value)
        if value == "-":
            return -self.factor()
        if value == "(":
            result = self.expr()
            self.take(")")
            return result
        if kind == "name" and value == "E":
            return self.element()
        raise ExpressionError(f"unexpected {value!r}")

    def element(self) -> Decimal:
        self.take("(")
        code = self.take()[1]
        filters: dict[str, str] = {}
        while self.peek() and self.peek()[1] == ",":  # type: ignore[index]
            self.take(",")
            dimension = self.take()[1]
            self.take("=")
            filters[dimension] = self.take()[1]
        self.take(")")
        return element_sum(self.values, code, filters)


def element_sum(
    values: Mapping[tuple[str, Key], object], code: str, filters: Mapping[str, str] | None = None
) -> Decimal:
    """The total of an element, or of its cells matching `filters`.

    Raises _Missing when nothing of it is entered.
    """
    filters = filters or {}
    if not filters:
        total = values.get((code, TOTAL))
        if isinstance(total, Decimal):
            return total
    indexes = {DIMENSION_ORDER.index(name): option for name, option in filters.items()}
    found = [
        value
        for (element_code, key), value in values.items()
        if element_code == code
        and key != TOTAL
        and isinstance(value, Decimal | bool)
        and all(key[i] == option for i, option in indexes.items())
    ]
    if not found:
        raise _Missing
    return sum((Decimal(int(v)) if isinstance(v, bool) else v for v in found), Decimal(0))


def evaluate(expression: str, values: Values) -> Decimal | None:
    """The value of an expression, or None when one of its terms is not entered."""
    try:
        return _Parser(expression, values).parse()
    except _Missing:
        return None


def referenced_codes(expression: str) -> list[str]:
    tokens = tokenize(expression)
    return [
        tokens[i + 2][1] for i, t in enumerate(tokens[:-2]) if t == ("name", "E") and tokens[i + 1][1] == "("
    ]


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
        codes = referenced_codes(rule.left) + referenced_codes(rule.right)
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
            issues.append(Issue(rule.severity, codes[0] if codes else "", message, rule_code=rule.code))
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
            except _Missing:
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
    present = {element.code for section in spec.sections for element in section.elements}
    issues = check_totals(spec, values) + check_rules(rules, values, present)
    if previous:
        issues += check_outliers(spec, values, previous)
    return issues


def _shown(number: Decimal) -> str:
    from django.utils.formats import number_format

    normalized = number.quantize(Decimal(1)) if number == number.to_integral_value() else number.normalize()
    return number_format(normalized, use_l10n=True, force_grouping=True)
