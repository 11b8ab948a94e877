"""The second template engine: Jinja2 through Django's own backend, for the
few templates a page renders once per row of a long list (decision 0020).

Django's engine stays the default for every page and email; a template under
an app's ``jinja2/`` folder, named ``*.jinja``, is rendered by this one with
``core.jinja.render``. What it offers mirrors what those templates use in
Django's language, so a row reads the same in both:

- ``_("…")`` and ``gettext``/``ngettext``/``pgettext`` from Django's catalogue
  (``jinja2.ext.i18n``, new style: ``_("%(n)s copies", n=3)``); strings are
  collected by ``make messages`` like a Django template's ``{{ _("…") }}``;
- ``url(name, *args)``, ``static(path)``, ``csrf_input`` (Django's backend);
- the filters ``date``, ``time``, ``fr_date``, ``floatformat`` and ``fr_number``
  with Django's French formats, after the conversion to local time Django's
  own filters get;
- undefined names raise in the test profile (as ``string_if_invalid`` makes a
  Django template fail its test) and render empty elsewhere.
"""

import jinja2
from django.conf import settings
from django.template import defaultfilters, engines
from django.templatetags.static import static
from django.urls import reverse
from django.utils import formats, timezone, translation

from core.dates import format_date


def _local(value):
    """What Django's ``expects_localtime`` filters receive."""
    return timezone.template_localtime(value)


def _date(value, fmt=None):
    return defaultfilters.date(_local(value), fmt)


def _time(value, fmt=None):
    return defaultfilters.time(_local(value), fmt)


def _fr_date(value, fmt="DATE_FORMAT"):
    try:
        return format_date(_local(value), fmt)
    except (AttributeError, TypeError, ValueError):
        return ""


def _fr_number(value, decimals=None):
    """A number as French pages write it (13,5; 1 234), Django's ``localize``."""
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True)


def _url(name, *args, **kwargs):
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> jinja2.Environment:
    """Called by Django's Jinja2 backend (settings.TEMPLATES)."""
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    options["undefined"] = jinja2.StrictUndefined if settings.TESTING else jinja2.Undefined
    options.pop("autoescape", None)  # Django's backend sets it; always on here
    env = jinja2.Environment(autoescape=True, **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        gettext=translation.gettext,
        ngettext=translation.ngettext,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
        newstyle=True,
    )
    env.globals.update(url=_url, static=static)
    env.filters.update(
        date=_date,
        time=_time,
        fr_date=_fr_date,
        floatformat=defaultfilters.floatformat,
        fr_number=_fr_number,
    )
    return env


def render(name: str, context: dict, request=None) -> str:
    """Render ``name`` (a ``.jinja`` template under an app's ``jinja2/``)."""
    return engines["jinja2"].get_template(name).render(context, request)
