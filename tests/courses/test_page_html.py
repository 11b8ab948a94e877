"""The dashboard's and the course page's own HTML stays what it was before
issue 23 made them cheaper: each page's ``<main>`` is compared with the
HTML the earlier code rendered (tests/courses/golden/), for the people who
meet them differently (an active candidate with ticks, workshop sessions
and a hidden activity around, a withdrawn candidate, a tutor, a trainer,
a producer, someone without courses).

What changes from one run to the next is normalised: the ids in
attributes (the rows are created anew for each test) and the masked CSRF
token. ``UPDATE_GOLDEN=1`` writes the files anew (only for a deliberate
change of the HTML)."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from calendar_app.models import Event
from courses.models import Completion, LastVisit, Registration
from tests.factories import ActivityFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()

GOLDEN = Path(__file__).parent / "golden"
MAIN = re.compile(r"<main\b.*?</main>", re.S)
# Ids in attributes: hrefs and actions, id/aria/data attributes.
IDS = re.compile(r'((?:href|action|id|aria-labelledby|data-[a-z-]+)="[^"]*?)\d+')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
# The factories number their titles from a sequence that depends on the
# tests run before ("Fiche n° 7" alone, "Fiche n° 838" in a full run).
SEQUENCE = re.compile(r"n° \d+")


def normalised(html: str) -> str:
    main = MAIN.search(html).group(0)
    main = CSRF.sub('name="csrfmiddlewaretoken" value="…"', main)
    previous = None
    while previous != main:  # several numbers in one attribute
        previous, main = main, IDS.sub(r"\1#", main)
    return main


@pytest.fixture
def rich_course(exam_course, candidate, producer, coordinator, centre):
    """The exam course with what an outline can show: a summary, a section
    summary, activities of each completion rule, workshops with a coming
    and a past session, a hidden activity (for its producers), completions
    and a last visit."""
    # A second responsable pédagogique, and an inactive one (not named).
    centre.coordinators.add(
        UserFactory(username="aaa-coordinator"),
        UserFactory(username="zzz-coordinator", display_name="Mme Zoé Durand"),
        UserFactory(username="gone-coordinator", is_active=False),
    )
    exam_course.summary = "Préparer le concours de bibliothécaire."
    exam_course.save()
    section = SectionFactory(course=exam_course, title="Ateliers et exercices", position=30000)
    section.summary = "Les séances de l'année."
    section.save()
    made = {
        "view": ActivityFactory(section=section, title="Fiche lue", completion_rule="view"),
        "none": ActivityFactory(
            section=section, title="Lien libre", kind="link", completion_rule="none"
        ),
        "submission": ActivityFactory(
            section=section, title="Devoir 1", kind="assignment", completion_rule="submission"
        ),
        "coming": ActivityFactory(
            section=section, title="Atelier à venir", kind="workshop", completion_rule="attendance"
        ),
        "past": ActivityFactory(
            section=section, title="Atelier passé", kind="workshop", completion_rule="attendance"
        ),
        "hidden": ActivityFactory(section=section, title="Fiche cachée", is_visible=False),
    }
    for key, day in [
        ("coming", datetime.datetime(2031, 3, 11, 13, 30, tzinfo=datetime.UTC)),
        ("past", datetime.datetime(2020, 3, 10, 13, 30, tzinfo=datetime.UTC)),
    ]:
        Event.objects.create(
            course=exam_course,
            activity=made[key],
            kind=Event.Kind.WORKSHOP,
            title=made[key].title,
            starts_at=day,
            ends_at=day + datetime.timedelta(hours=2),
        )
    first = exam_course.activities.filter(completion_rule="manual").order_by("pk").first()
    for activity in [first, made["view"]]:
        Completion.objects.create(user=candidate, activity=activity, source="manual")
    LastVisit.objects.create(user=candidate, course=exam_course, activity=made["view"])
    LastVisit.objects.filter(user=candidate).update(
        visited_at=datetime.datetime(2026, 11, 3, 10, 0, tzinfo=datetime.UTC)
    )
    return exam_course


@pytest.fixture
def withdrawn(rich_course, preparation, courses):
    from tests.factories import register

    user = UserFactory(username="candidate-w", centre=preparation.centre)
    registration = register(user, preparation)
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.WITHDRAWN)
    return user


def page(client, user, url) -> str:
    # The factories draw names at random: each person is named after their username.
    for person in User.objects.all():
        User.objects.filter(pk=person.pk).update(
            first_name=person.username.title(), last_name="Essai"
        )
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return normalised(response.content.decode())


def check(name: str, html: str) -> None:
    path = GOLDEN / f"{name}.html"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(html)
    html, expected = SEQUENCE.sub("n° #", html), SEQUENCE.sub("n° #", path.read_text())
    assert html == expected, f"{name}: the HTML changed (tests/courses/golden/{name}.html)"


@pytest.mark.parametrize("who", ["candidate", "withdrawn", "tutor", "trainer", "producer"])
def test_course_page_html_is_unchanged(client, request, rich_course, who):
    user = request.getfixturevalue(who)
    check(f"course_{who}", page(client, user, rich_course.get_absolute_url()))


@pytest.mark.parametrize("who", ["candidate", "withdrawn", "tutor", "trainer", "producer", "user"])
def test_dashboard_html_is_unchanged(client, request, rich_course, who):
    user = request.getfixturevalue(who)
    check(f"dashboard_{who}", page(client, user, reverse("dashboard")))


def test_the_golden_files_cover_the_outline_branches():
    candidate = (GOLDEN / "course_candidate.html").read_text()
    for text in [
        "Prochaine séance",
        "Séance du mardi 10 mars 2020",
        "Terminée automatiquement",
        "tick-form",
    ]:
        assert text in candidate, text
    assert "Fiche cachée" not in candidate
    assert "Fiche cachée" in (GOLDEN / "course_producer.html").read_text()
    assert "Votre inscription est close" in (GOLDEN / "course_withdrawn.html").read_text()
