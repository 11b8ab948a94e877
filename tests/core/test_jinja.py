"""The second template engine (core/jinja.py): French strings from Django's
catalogue, French dates and numbers, escaping, and undefined names failing
a test as they do in Django's templates."""

import datetime

import jinja2
import pytest
from django.template import engines
from django.utils import translation
from django.utils.translation.template import templatize


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def test_strings_come_from_django_s_french_catalogue(french):
    assert render('{{ _("Your progress") }}') == "Votre progression"
    assert render('{{ ngettext("%(num)s day", "%(num)s days", 1) }}') == "1 day"


def test_dates_are_written_in_french_in_local_time(french):
    # 23:30 UTC on 31 October is 1 November in Paris.
    value = datetime.datetime(2026, 10, 31, 23, 30, tzinfo=datetime.UTC)
    assert render('{{ d|fr_date("j F Y") }}', d=value) == "1er novembre 2026"
    assert render('{{ d|time("H:i") }}', d=value) == "00:30"
    assert render("{{ n|fr_number(1) }}", n=13.5) == "13,5"


def test_values_are_escaped():
    assert render("{{ v }}", v="<script>") == "&lt;script&gt;"


def test_an_undefined_name_fails_under_test():
    with pytest.raises(jinja2.UndefinedError):
        render("{{ missing.attribute }}")


def test_make_messages_collects_the_strings_of_a_jinja_template():
    source = '{% for a in rows %}{{ _("Hidden") }}{% set x = _("Done") %}{% endfor %}'
    collected = templatize(source)
    assert '_("Hidden")' in collected and '_("Done")' in collected


def test_url_and_static_helpers():
    assert render('{{ url("dashboard") }}') == "/tableau-de-bord/"
    assert render('{{ static("css/callisto.css") }}').endswith(".css")
