from io import StringIO

import pytest

from calendar_app.models import Event
from demo import calendar_app as demo
from tests.factories import PreparationFactory

pytestmark = pytest.mark.django_db


def test_demo_calendar_is_believable_and_idempotent(courses, centre):
    regional = PreparationFactory(centre=centre, mode="regional", name="Préparation régionale")
    remote = PreparationFactory(centre=centre, name="Préparation Callisto")
    demo.seed(StringIO())
    count = Event.objects.count()
    demo.seed(StringIO())
    assert Event.objects.count() == count
    for preparation in (regional, remote):
        kinds = set(Event.objects.filter(preparation=preparation).values_list("kind", flat=True))
        assert {"welcome", "methodology", "written_exam", "oral_exam"} <= kinds
        welcome = Event.objects.get(preparation=preparation, kind="welcome")
        assert welcome.starts_at.month == 9
    workshops = Event.objects.filter(kind="workshop", course=courses["ateliers"])
    assert workshops.count() == 9
    assert {w.activity.section.title for w in workshops} == {"Les ateliers du mois"}
    assert all(w.activity and w.activity.kind == "workshop" for w in workshops)
    assert Event.objects.get(preparation=regional, kind="welcome").place
    assert Event.objects.get(preparation=remote, kind="welcome").video_url
