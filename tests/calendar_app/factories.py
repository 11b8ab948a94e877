import datetime
from zoneinfo import ZoneInfo

import factory

from calendar_app.models import Event, WorkshopRegistration
from tests.factories import PreparationFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")


def paris(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=PARIS)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    preparation = factory.SubFactory(PreparationFactory)
    course = None
    kind = Event.Kind.METHODOLOGY
    title = factory.Sequence(lambda n: f"Méthodologie de la note de synthèse n° {n}")
    starts_at = factory.LazyFunction(lambda: paris(2026, 11, 12, 14, 0))
    ends_at = factory.LazyAttribute(lambda e: e.starts_at + datetime.timedelta(hours=2))
    place = "Salle 2, CRFCB"

    class Params:
        workshop = factory.Trait(
            kind=Event.Kind.WORKSHOP,
            preparation=None,
            theme=Event.Theme.GENERAL_CULTURE,
            title=factory.Sequence(lambda n: f"Atelier de culture générale n° {n}"),
            video_url="https://visio.example.fr/atelier",
            place="",
        )


class WorkshopRegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkshopRegistration

    event = factory.SubFactory(EventFactory, workshop=True)
    user = factory.SubFactory(UserFactory)
