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


@register.filter
def rich_text(value):
    """Trainer-written HTML, cleaned again when shown (it may have been
    edited in admin, which does not go through the services)."""
    from django.utils.safestring import mark_safe

    from assignments.services import sanitise_html

    return mark_safe(sanitise_html(value))  # noqa: S308 - cleaned by nh3 just above
