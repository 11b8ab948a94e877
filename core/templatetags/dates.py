from django import template

from core.dates import format_date

register = template.Library()


@register.filter(expects_localtime=True, is_safe=False)
def fr_date(value, fmt="DATE_FORMAT"):
    """``{{ value|fr_date:"j F Y" }}``: Django's ``date`` filter, with « 1er »
    for the first day of a month (core.dates)."""
    try:
        return format_date(value, fmt)
    except (AttributeError, TypeError, ValueError):
        return ""
