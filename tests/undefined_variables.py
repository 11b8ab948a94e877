"""Undefined template variables fail the tests.

In the test profile the template engine renders a variable it cannot
resolve as ``INVALID[name]`` (``string_if_invalid``, config/settings.py),
where production renders "". This middleware, added to ``MIDDLEWARE`` in the
test profile only, turns any HTML page carrying such a marker into an error
naming the variables, so a template that reads a variable its view does not
give (a typo, a renamed context key, ``{{ missing|default:"…" }}``, which
shows the marker instead of the default) fails the test that renders it,
with the Django test client (the exception is re-raised in the test) as in
the browser journeys (a 500 page).

Django's own admin templates read optional variables on purpose (``is_popup``,
``to_field``...), which Django documents as incompatible with
``string_if_invalid``: pages under the admin's templates are left out.
"""

import re

from django.core.exceptions import ImproperlyConfigured

MARKER = b"INVALID["
NAMES = re.compile(rb"INVALID\[([^\]]*)\]")


class UndefinedTemplateVariable(ImproperlyConfigured):
    pass


def _is_admin_page(request) -> bool:
    match = getattr(request, "resolver_match", None)
    return bool(match and "admin" in match.namespaces)


class UndefinedVariableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith("text/html")
            and MARKER in response.content
            and not _is_admin_page(request)
        ):
            names = sorted({name.decode() for name in NAMES.findall(response.content)})
            raise UndefinedTemplateVariable(
                f"{request.path} rendered undefined template variables: {', '.join(names)}"
            )
        return response
