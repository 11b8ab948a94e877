from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grade(value):
    """A grade as French readers write it: 14,5 — 20 — 7,25."""
    if value is None or value == "":
        return ""
    value = Decimal(value)
    whole = value == value.to_integral_value()
    value = value.quantize(Decimal(1)) if whole else value.normalize()
    return number_format(value)
