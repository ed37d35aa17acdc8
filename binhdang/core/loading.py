"""What the data-file loaders share: reading a JSON file, checking it against a pydantic model with
messages in the user's language that name the path in the file, and saving with counts.

A loader reads the file (`read_json`), validates it (`Problems.validate`), checks what a schema
cannot (references between items, the database), raises `DataError` with every problem found,
and only then writes, in one transaction, through `save` and `delete`, ending with an audit row
(`record`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pydantic
from django.db import transaction
from django.db.models import Model, ProtectedError
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from binhdang.core import audit
from binhdang.lib import expressions

M = TypeVar("M", bound=BaseModel)
CODE_RE = re.compile(r"^[A-Z][A-Z0-9_]*$")


class DataError(Exception):
    """A data file that cannot be loaded. `errors` lists every problem found, one sentence each, for
    the person who edits the file, in their language; `message` is them one a line."""

    def __init__(self, errors: Iterable[str] | str) -> None:
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        self.message = "\n".join(self.errors)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


@dataclass
class LoadResult:
    """What a load did. `totals` counts the objects that now match the file, so it is the same
    every time the same file is loaded; the other counts say what changed."""

    totals: dict[str, int] = field(default_factory=dict)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: list[str] = field(default_factory=list)


# Reading -----------------------------------------------------------------------------------------


def read_json(path: Path, *, decimals: bool = False) -> Any:
    """The file's data; DataError when it cannot be read or is not JSON. With `decimals`, numbers
    with a fraction are read as Decimal, exactly as written."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        error = getattr(exc, "strerror", None) or exc
        raise DataError(
            _("The file %(path)s cannot be read: %(error)s") % {"path": path, "error": error}
        ) from exc
    try:
        return json.loads(text, parse_float=Decimal if decimals else None)
    except json.JSONDecodeError as exc:
        raise DataError(
            _("The file %(path)s is not valid JSON (line %(line)d, column %(column)d): %(error)s")
            % {"path": path, "line": exc.lineno, "column": exc.colno, "error": exc.msg}
        ) from exc


# Checking ----------------------------------------------------------------------------------------


class Schema(BaseModel):
    """A file's object: no unknown key, no type converted behind the editor's back."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


def _stripped_expression(value: str) -> str:
    try:
        return expressions.check(value.strip())
    except expressions.ExpressionError as exc:
        raise ValueError(
            _("“%(expression)s” is not an expression of E(…) terms, numbers and + - * / (%(error)s).")
            % {"expression": value, "error": exc}
        ) from exc


def _optional_expression(value: str) -> str:
    return _stripped_expression(value) if value.strip() else ""


def _unique(items: list[Any]) -> list[Any]:
    seen = set()
    for item in items:
        if item in seen:
            raise ValueError(_("“%(item)s” is listed twice.") % {"item": item})
        seen.add(item)
    return items


def _filled(value: str) -> str:
    if not value.strip():
        raise ValueError(_("is empty."))
    return value


def text(max_length: int, *, required: bool = False) -> Any:
    """A text field of at most `max_length` characters; a `required` one may not be blank."""
    if required:
        return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_filled)]
    return Annotated[str, StringConstraints(max_length=max_length)]


def _code(value: str) -> str:
    if not CODE_RE.match(value) or len(value) > 40:
        raise ValueError(_("the code must be capital letters, digits and _, at most 40 characters."))
    return value


Name = text(300, required=True)  # a name in Vietnamese
NameEn = text(300)  # its English, optional
LongText = text(10_000)
Source = text(10_000, required=True)  # the legal text something comes from

# A code of an element or an indicator, e.g. GBV_CASES.
Code = Annotated[str, AfterValidator(_code)]
# A number written as a whole number, a decimal or a text ("0.5"), never true/false or infinite,
# and one the database keeps as written: at most 10 digits before the point and 4 after it (the
# indicators' DecimalField(max_digits=14, decimal_places=4)).
Number = Annotated[Decimal, Field(strict=False, allow_inf_nan=False, max_digits=14, decimal_places=4)]
# An expression of lib.expressions, stored without surrounding spaces; the empty one only optional.
Expression = Annotated[str, StringConstraints(max_length=500), AfterValidator(_stripped_expression)]
OptionalExpression = Annotated[str, StringConstraints(max_length=500), AfterValidator(_optional_expression)]
UniqueList = AfterValidator(_unique)


# Our words for pydantic's error types (https://docs.pydantic.dev/latest/errors/validation_errors/),
# translated when an error is shown.
MESSAGES: dict[str, Promise] = {
    "missing": gettext_lazy("the field is missing."),
    "extra_forbidden": gettext_lazy("unknown field."),
    "string_type": gettext_lazy("must be text."),
    "string_too_short": gettext_lazy("must have at least %(min_length)s characters."),
    "string_too_long": gettext_lazy("is longer than %(max_length)s characters."),
    "string_pattern_mismatch": gettext_lazy("does not have the expected form."),
    "int_type": gettext_lazy("must be a whole number."),
    "bool_type": gettext_lazy("must be true or false."),
    "list_type": gettext_lazy("must be a list."),
    "too_short": gettext_lazy("must have at least %(min_length)s items."),
    "dict_type": gettext_lazy("must be an object."),
    "model_type": gettext_lazy("must be an object."),
    "model_attributes_type": gettext_lazy("must be an object."),
    "literal_error": gettext_lazy("“%(input)s” is not one of %(expected)s."),
    "greater_than_equal": gettext_lazy("must be at least %(ge)s."),
    "less_than_equal": gettext_lazy("must be at most %(le)s."),
    "greater_than": gettext_lazy("must be greater than %(gt)s."),
    "decimal_type": gettext_lazy("must be a number."),
    "decimal_parsing": gettext_lazy("must be a number."),
    "finite_number": gettext_lazy("must be a number."),
    "decimal_max_digits": gettext_lazy("has too many digits: at most %(max_digits)s."),
    "decimal_max_places": gettext_lazy("has too many decimals: at most %(decimal_places)s."),
    "decimal_whole_digits": gettext_lazy("has too many digits before the decimal point."),
}


def path_of(location: Iterable[int | str], data: Any) -> str:
    """A location as written in the file, e.g. sections[3].elements[2].code, then the code (or
    number) of the innermost item on the way, which is what the editor searches for."""
    path, label, item = "", "", data
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
        item = item[part] if isinstance(item, list | dict) and _has(item, part) else None
        if isinstance(item, dict):
            found = item.get("code", item.get("number"))
            label = found if isinstance(found, str) and found else label
    return f"{path} ({label})" if label else path


def _has(container: list[Any] | dict[str, Any], part: int | str) -> bool:
    if isinstance(container, list):
        return isinstance(part, int) and 0 <= part < len(container)
    return part in container


def error_text(error: Any) -> str:
    """One pydantic error as a sentence of ours, without its place."""
    context = dict(error.get("ctx") or {})
    if error["type"] == "value_error" and "error" in context:
        return str(context["error"])
    message = MESSAGES.get(error["type"])
    if message is None:  # a kind of mistake without a sentence of ours: never pydantic's English
        return _("This value is not accepted here.")
    if "expected" in context:
        context["expected"] = str(context["expected"]).replace(" or ", ", ")
    context.setdefault("input", error.get("input"))
    return str(message) % context


class Problems:
    """Collects every problem of a file, so that one run names them all."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def add(self, where: str, problem: str) -> None:
        self.errors.append(_("%(where)s: %(problem)s") % {"where": where, "problem": problem})

    def validate(self, model: type[M], data: Any) -> M | None:
        """The data as `model`, or None with its problems added, each named by its path."""
        try:
            return model.model_validate(data)
        except pydantic.ValidationError as exc:
            for error in exc.errors(include_url=False):
                self.add(path_of(error["loc"], data) or _("The file"), error_text(error))
            return None

    @staticmethod
    def valid(model: type[M], data: Any) -> M | None:
        """The data as `model`, or None, adding no problem (for checking what did validate)."""
        try:
            return model.model_validate(data)
        except pydantic.ValidationError:
            return None

    def raise_if_any(self) -> None:
        if self.errors:
            raise DataError(self.errors)


# Writing -----------------------------------------------------------------------------------------


def save(obj: Model, values: dict[str, Any], result: LoadResult) -> None:
    """Set `values` on an existing object and save it only if something changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        result.updated += 1
    else:
        result.unchanged += 1


def delete(obj: Model, label: str, result: LoadResult) -> None:
    """Delete, or keep and report when something still points at it (PROTECT)."""
    try:
        with transaction.atomic():  # a savepoint, so a refusal leaves the load's transaction usable
            obj.delete()
    except ProtectedError:
        result.kept.append(label)
    else:
        result.deleted += 1


def record(event_type: str, obj: Model, result: LoadResult, *, acting_user: Any = None, **extra: Any) -> None:
    """The audit row of a load: what was loaded and what changed."""
    audit.record(
        event_type,
        obj,
        acting_user=acting_user,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        deleted=result.deleted,
        kept=result.kept,
        **extra,
    )
