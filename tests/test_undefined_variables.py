"""A page that renders an undefined template variable fails its test
(tests/undefined_variables.py), where production would show nothing, or
ignore the ``default`` filter's fallback."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.template import engines
from django.test import override_settings
from django.urls import include, path

from tests.undefined_variables import UndefinedTemplateVariable

pytestmark = pytest.mark.django_db


def _render(source):
    @login_not_required
    def view(request):
        template = engines["django"].from_string(source)
        return HttpResponse(template.render({"title": "Agenda"}, request))

    return view


urlpatterns = [
    path("complete/", _render("<h1>{{ title }}</h1>{% if missing %}hidden{% endif %}")),
    path("typo/", _render("<h1>{{ titel }}</h1>")),
    path("fallback/", _render("<p>{{ subtitle|default:'Sans sous-titre' }}</p>")),
    path(
        "text/",
        login_not_required(
            lambda request: HttpResponse("INVALID[x]", content_type="text/plain; charset=utf-8")
        ),
    ),
    path("", include("config.urls")),  # the layout's links and the middleware's
]


@override_settings(ROOT_URLCONF=__name__)
def test_a_page_with_every_variable_renders(client):
    response = client.get("/complete/")
    assert response.status_code == 200
    assert b"<h1>Agenda</h1>" in response.content


@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("url", "name"), [("/typo/", "titel"), ("/fallback/", "subtitle")])
def test_an_undefined_variable_fails_the_request(client, url, name):
    with pytest.raises(UndefinedTemplateVariable, match=f"{url} rendered .*{name}"):
        client.get(url)


@override_settings(ROOT_URLCONF=__name__)
def test_only_html_pages_are_checked(client):
    assert client.get("/text/").status_code == 200
