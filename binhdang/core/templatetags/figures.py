"""Figures as Vietnamese offices write them: 12.345 and 1.234,5 — no trailing zeros from the database."""

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def num(value: object, decimals: int = 2) -> str:
    if value is None or value == "":
        return ""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except ArithmeticError:
            return str(value)
    if value == value.to_integral_value():
        return number_format(value.quantize(Decimal(1)), decimal_pos=0, use_l10n=True, force_grouping=True)
    rounded = round(value, decimals).normalize()
    places = max(0, -rounded.as_tuple().exponent)
    return number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)
