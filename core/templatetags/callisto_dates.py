"""``{{ value|date_fr:"l j F Y" }}``: the ``date`` filter, with "1er" for the
first of the month in French (core/dates.py)."""

from django import template

from core.dates import date_format

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def date_fr(value, arg="DATE_FORMAT"):
    try:
        return date_format(value, arg)
    except (AttributeError, TypeError, ValueError):
        return ""
