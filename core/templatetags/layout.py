"""Tags of the base layout (templates/base.html), which every page renders:
the addresses it always shows, computed once per process instead of at each
page (``{% static %}`` asks the storage and joins URLs, ``{% url %}``
reverses, both for the same few names every time)."""

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static

from core.navigation import urls_key

register = template.Library()

_ASSETS: dict[str, str] = {}
_URLS: dict[tuple, str] = {}
# Settings the addresses depend on (a test may change them).
_SETTINGS = frozenset({"STATIC_URL", "STATIC_ROOT", "STORAGES", "STATICFILES_DIRS", "DEBUG"})


@register.simple_tag
def asset(path: str) -> str:
    """``{% static path %}``, once per process: the storage's address of a
    file (hashed in production) does not change while the process runs."""
    url = _ASSETS.get(path)
    if url is None:
        url = _ASSETS[path] = static(path)
    return url


@register.simple_tag(takes_context=True)
def page_url(context, name: str) -> str:
    """``{% url name %}`` for a page without arguments, once per URLconf and
    script prefix (read once per page by core.context_processors.Navigation)."""
    from django.urls import reverse

    navigation = context.get("navigation")
    key = (name, *(navigation.urls if navigation is not None else urls_key()))
    url = _URLS.get(key)
    if url is None:
        if len(_URLS) > 256:
            _URLS.clear()
        url = _URLS[key] = reverse(name)
    return url


@receiver(setting_changed)
def _forget(setting, **kwargs):
    if setting in _SETTINGS:
        _ASSETS.clear()
