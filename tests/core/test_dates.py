import datetime

from django.template import Context, Template
from django.utils import translation

from core.dates import format_date
from tests.calendar_app.factories import paris


def test_first_of_the_month_is_1er_in_french_only():
    with translation.override("fr"):
        assert format_date(datetime.date(2027, 4, 1), "l j F Y") == "jeudi 1er avril 2027"
        assert format_date(datetime.date(2027, 4, 11), "j F") == "11 avril"
        # An escaped "j" stays a letter.
        assert format_date(datetime.date(2027, 4, 1), "\\j j F") == "j 1er avril"
        # An aware time is shown in Paris: 31 March 23:30 UTC is 1 April.
        late = datetime.datetime(2027, 3, 31, 23, 30, tzinfo=datetime.UTC)
        assert format_date(late, "j F Y, H:i") == "1er avril 2027, 01:30"
        rendered = Template('{% load dates %}{{ d|fr_date:"j F" }}').render(
            Context({"d": paris(2026, 10, 1, 18, 0)})
        )
        assert rendered == "1er octobre"
    with translation.override("en"):
        assert format_date(datetime.date(2027, 4, 1), "j F") == "1 April"
