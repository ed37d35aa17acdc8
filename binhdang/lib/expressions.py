"""The expression language of validation rules and indicators, read without eval().

``E(CODE)`` is an element's total; ``E(CODE, sex=F, age_band=16_59)`` the sum of its cells with
those options; numbers, + - * /, a leading minus and parentheses. An option code may start with
digits (16_59, 01). `parse()` reads an expression into a small tree (cached: the same rule is
evaluated for every report), `evaluate()` computes it against a lookup of element totals, and
`terms()` lists its E(…) terms, for checking what they refer to.

A term that is not entered (the lookup raises `Missing`) or a division by zero makes the value
None: the rule or indicator is skipped, not broken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from functools import lru_cache

from django.utils.translation import gettext as _


class ExpressionError(ValueError):
    """The expression is not well formed; the message says where."""


class Missing(Exception):
    """A term of the expression is not entered."""


@dataclass(frozen=True)
class Term:
    """One E(…) term: the element's code and its (dimension, option) filters, in order."""

    code: str
    filters: tuple[tuple[str, str], ...] = ()

    @property
    def options(self) -> dict[str, str]:
        return dict(self.filters)


@dataclass(frozen=True)
class Number:
    value: Decimal


@dataclass(frozen=True)
class Negative:
    operand: Node


@dataclass(frozen=True)
class Operation:
    operator: str  # + - * /
    left: Node
    right: Node


Node = Number | Term | Negative | Operation
Lookup = Callable[[str, Mapping[str, str]], Decimal]  # (code, filters) -> total, or raises Missing

# A name may start with digits when it has an underscore or letter later: option codes such as 16_59.
_TOKEN = re.compile(
    r"\s*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*|\d+[A-Za-z_][A-Za-z0-9_]*)|(?P<num>\d+(?:\.\d+)?)|(?P<op>[-+*/(),=]))"
)


def tokenize(expression: str) -> list[tuple[str, str]]:
    """[(kind, text), ...] with kind name, num or op; ExpressionError on a character it cannot read."""
    tokens, position = [], 0
    expression = expression.strip()
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise ExpressionError(_("cannot read %(text)s") % {"text": repr(expression[position:])})
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent: expr := term (('+'|'-') term)*; term := factor (('*'|'/') factor)*;
    factor := number | '-' factor | '(' expr ')' | 'E' '(' code (',' dimension '=' option)* ')'."""

    def __init__(self, expression: str) -> None:
        self.tokens = tokenize(expression)
        self.position = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, value: str | None = None, kinds: tuple[str, ...] = ()) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1] != value):
            raise ExpressionError(_("expected %(what)s") % {"what": value or _("more")})
        if kinds and token[0] not in kinds:
            raise ExpressionError(_("unexpected %(token)s") % {"token": repr(token[1])})
        self.position += 1
        return token

    def parse(self) -> Node:
        result = self.expr()
        token = self.peek()
        if token is not None:
            raise ExpressionError(_("unexpected %(token)s") % {"token": repr(token[1])})
        return result

    def expr(self) -> Node:
        result = self.term()
        while (token := self.peek()) and token[1] in ("+", "-"):
            self.take()
            result = Operation(token[1], result, self.term())
        return result

    def term(self) -> Node:
        result = self.factor()
        while (token := self.peek()) and token[1] in ("*", "/"):
            self.take()
            result = Operation(token[1], result, self.factor())
        return result

    def factor(self) -> Node:
        kind, value = self.take()
        if kind == "num":
            return Number(Decimal(value))
        if value == "-":
            return Negative(self.factor())
        if value == "(":
            result = self.expr()
            self.take(")")
            return result
        if kind == "name" and value == "E":
            return self.element()
        raise ExpressionError(_("unexpected %(token)s") % {"token": repr(value)})

    def element(self) -> Term:
        self.take("(")
        code = self.take(kinds=("name",))[1]
        filters = []
        while (token := self.peek()) and token[1] == ",":
            self.take(",")
            dimension = self.take(kinds=("name",))[1]
            self.take("=")
            filters.append((dimension, self.take(kinds=("name", "num"))[1]))
        self.take(")")
        return Term(code, tuple(filters))


@lru_cache(maxsize=2048)
def parse(expression: str) -> Node:
    """The expression's tree; ExpressionError when it is not well formed."""
    return _Parser(expression).parse()


def check(expression: str) -> str:
    """The expression itself when it is well formed (for validators); ExpressionError otherwise."""
    parse(expression)
    return expression


def terms(expression: str) -> list[Term]:
    """The E(…) terms, left to right; ExpressionError when the expression is not well formed."""
    found: list[Term] = []
    _collect(parse(expression), found)
    return found


def _collect(node: Node, found: list[Term]) -> None:
    if isinstance(node, Term):
        found.append(node)
    elif isinstance(node, Negative):
        _collect(node.operand, found)
    elif isinstance(node, Operation):
        _collect(node.left, found)
        _collect(node.right, found)


def evaluate(expression: str, lookup: Lookup) -> Decimal | None:
    """The value, or None when a term is not entered or a divisor is 0."""
    try:
        return _value(parse(expression), lookup)
    except Missing:
        return None


def _value(node: Node, lookup: Lookup) -> Decimal:
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Term):
        return lookup(node.code, node.options)
    if isinstance(node, Negative):
        return -_value(node.operand, lookup)
    left, right = _value(node.left, lookup), _value(node.right, lookup)
    if node.operator == "+":
        return left + right
    if node.operator == "-":
        return left - right
    if node.operator == "*":
        return left * right
    try:
        return left / right
    except (DivisionByZero, InvalidOperation) as exc:
        raise Missing from exc


def reference_errors(
    expression: str,
    elements: Mapping[str, Sequence[str]],
    options: Mapping[str, set[str]],
    *,
    needs_term: bool = False,
) -> list[str]:
    """What an expression's terms refer to that does not exist, one sentence each: `elements`
    maps each element code to its dimensions, `options` each dimension to its option codes."""
    try:
        found = terms(expression)
    except ExpressionError as exc:
        return [
            _("“%(expression)s” is not an expression of E(…) terms, numbers and + - * / (%(error)s).")
            % {"expression": expression, "error": exc}
        ]
    errors = []
    if needs_term and not found:
        errors.append(_("“%(expression)s” uses no data element.") % {"expression": expression})
    for term in found:
        if term.code not in elements:
            errors.append(_("“%(code)s” is not a data element of the report form.") % {"code": term.code})
            continue
        for dimension, option in term.filters:
            if dimension not in elements[term.code]:
                errors.append(
                    _("The element %(code)s is not broken down by “%(dimension)s”.")
                    % {"code": term.code, "dimension": dimension}
                )
            elif option not in options.get(dimension, set()):
                errors.append(
                    _("“%(option)s” is not an option of the dimension “%(dimension)s”.")
                    % {"option": option, "dimension": dimension}
                )
    return errors
