import pytest

from courses.models import Activity
from tests.calendar_app.factories import EventFactory, paris
from tests.factories import ActivityFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def workshop_activity(courses):
    ateliers = courses["ateliers"]
    return ActivityFactory(
        section=ateliers.sections.first(),
        kind=Activity.Kind.WORKSHOP,
        title="Atelier : l'actualité culturelle",
        completion_rule=Activity.CompletionRule.ATTENDANCE,
    )


@pytest.fixture
def prep_event(preparation):
    return EventFactory(
        preparation=preparation,
        kind="welcome",
        title="Réunion de rentrée",
        starts_at=paris(2026, 11, 10, 9, 30),
        ends_at=paris(2026, 11, 10, 12, 0),
    )


@pytest.fixture
def other_prep_event(other_preparation):
    return EventFactory(
        preparation=other_preparation,
        kind="welcome",
        title="Réunion de rentrée du centre B",
        starts_at=paris(2026, 11, 10, 14, 0),
        ends_at=paris(2026, 11, 10, 16, 0),
    )


@pytest.fixture
def workshop(courses, workshop_activity):
    return EventFactory(
        workshop=True,
        course=courses["ateliers"],
        activity=workshop_activity,
        title="Atelier : l'actualité culturelle",
        starts_at=paris(2026, 11, 20, 18, 0),
        ends_at=paris(2026, 11, 20, 19, 0),
        capacity=2,
    )


@pytest.fixture
def roles(
    admin_user,
    coordinator,
    other_coordinator,
    candidate,
    other_candidate,
    candidate_other_centre,
    tutor,
    other_tutor,
    trainer,
    other_trainer,
    producer,
    user,
):
    return {
        "admin": admin_user,
        "coordinator": coordinator,
        "other_coordinator": other_coordinator,
        "candidate": candidate,
        "other_candidate": other_candidate,
        "candidate_other_centre": candidate_other_centre,
        "tutor": tutor,
        "other_tutor": other_tutor,
        "trainer": trainer,
        "other_trainer": other_trainer,
        "producer": producer,
        "user": user,
    }
