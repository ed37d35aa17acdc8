"""The shape of the indicators' data files, as pydantic models: `dimensions.json` (the five
disaggregations and their options) and `indicators.json` (the indicators and their targets).

The models check each field (type, length, allowed values) and name the path of a problem in the
file; what needs more than one item or the database (a code used twice, the elements an
expression names) is checked by the loaders afterwards.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from binhdang.core.loading import (
    Code,
    Expression,
    LongText,
    Name,
    NameEn,
    Number,
    OptionalExpression,
    Schema,
    Source,
    text,
)
from binhdang.indicators.choices import DIMENSIONS
from binhdang.indicators.models import Indicator, Target, target_problems

DimensionCode = Literal[DIMENSIONS]  # type: ignore[valid-type]
Order = Annotated[int, Field(ge=0, le=32767)]
Year = Annotated[int, Field(ge=2000, le=2100)]
Group = text(60)
ProvinceCode = text(10)
UnitOfMeasure = text(40)
MAX_DECIMALS = 6


class OptionSchema(Schema):
    code: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    name: Name
    name_en: NameEn = ""
    group: Group = ""
    order: Order | None = None


class DimensionSchema(Schema):
    code: DimensionCode
    name: Name
    name_en: NameEn = ""
    order: Order | None = None
    source: LongText = ""
    options: Annotated[list[OptionSchema], Field(min_length=1)]


class DimensionsFile(Schema):
    about: str = ""
    dimensions: list[DimensionSchema]


class TargetSchema(Schema):
    scope: Literal[tuple(Target.Scope.values)] = Target.Scope.NATIONAL.value  # type: ignore[valid-type]
    province_code: ProvinceCode = ""
    year: Year
    value: Number
    baseline_year: Year | None = None
    baseline_value: Number | None = None
    source: Source

    @model_validator(mode="after")
    def _consistent(self) -> TargetSchema:
        errors = target_problems(self.scope, self.province_code, self.baseline_year, self.baseline_value)
        if errors:
            raise ValueError(next(iter(errors.values())))
        return self


class IndicatorSchema(Schema):
    code: Code
    name: Name
    name_en: NameEn = ""
    numerator: Expression
    denominator: OptionalExpression = ""
    factor: Annotated[Number, Field(gt=0)] = Decimal(1)
    unit_of_measure: UnitOfMeasure = ""
    direction: Literal[tuple(Indicator.Direction.values)] = Indicator.Direction.HIGHER.value  # type: ignore[valid-type]
    decimals: Annotated[int, Field(ge=0, le=MAX_DECIMALS)] = 1
    description: LongText = ""
    source: Source
    order: Order | None = None
    targets: list[TargetSchema] = []


class IndicatorsFile(Schema):
    about: str = ""
    indicators: Annotated[list[IndicatorSchema], Field(min_length=1)]
