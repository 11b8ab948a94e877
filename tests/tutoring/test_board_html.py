"""The tutor board's table and the candidate page, byte for byte, against
copies saved before issue 23's work on the board: whatever makes them
cheaper must not change what they show.

The clock is stopped (``timezone.now``) so that dates, overdue answers and
risks read the same every day; ids in attributes change from run to run
and are replaced by ``#``. To save new copies after a deliberate change of
the page: ``BOARD_GOLDEN=write``."""

import datetime
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from assignments.models import Extension, Feedback, Submission
from courses.models import Completion, LastVisit, Registration
from tests.assignments.factories import AssignmentFactory
from tests.factories import UserFactory, register
from tutoring.models import Interview, Reminder, Thread, TrainerRequest

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden"
# Friday 4 December 2026, 10:00 in Paris.
NOW = datetime.datetime(2026, 12, 4, 9, 0, tzinfo=datetime.UTC)
MAIN = re.compile(r"<main\b.*?</main>", re.S)
IDS = re.compile(r'((?:href|action|id|value|for|aria-labelledby|data-[a-z-]+)="[^"]*?)\d+')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _ago(**delta) -> datetime.datetime:
    return NOW - datetime.timedelta(**delta)


def _normalised(html: str) -> str:
    main = CSRF.sub('name="csrfmiddlewaretoken" value="…"', MAIN.search(html).group(0))
    previous = None
    while previous != main:  # several numbers in one attribute
        previous, main = main, IDS.sub(r"\1#", main)
    return main


@pytest.fixture
def stopped_clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


def _named(user, first, last, display=""):
    user.first_name, user.last_name, user.display_name = first, last, display
    user.save()
    return user


def _copy(candidate, registration, assignment, status, *, is_late=False, grade=None, **feedback):
    submission = Submission.objects.create(
        assignment=assignment,
        candidate=candidate,
        registration=registration,
        status=status,
        is_late=is_late,
        blind_number=Submission.objects.filter(assignment=assignment).count() + 1,
        submitted_at=_ago(days=20),
        created_at=_ago(days=20),
    )
    if grade is not None:
        Feedback.objects.create(submission=submission, handin=1, grade=Decimal(grade), **feedback)
    return submission


@pytest.fixture
def board(stopped_clock, preparation, courses, tutor, other_tutor, coordinator, exam_course):
    """Five candidates of ``tutor`` and one of ``other_tutor``, with what a
    row can show: progress in several courses, logins and activity or none,
    copies handed in, due, late (one with an extension), grades read and
    not, questions waiting (overdue or not), a request to the trainers, a
    reminder not followed by any sign of life, a first interview."""
    from courses.models import Preparation

    Preparation.objects.filter(pk=preparation.pk).update(
        opens_on=datetime.date(2026, 9, 1), closes_on=datetime.date(2027, 6, 30)
    )
    _named(tutor, "Paul", "Tuteur")
    _named(other_tutor, "Anne", "Tutrice", "Mme Anne Tutrice")
    people = {}
    for key, first, last, display, tutor_of in [
        ("busy", "Léa", "Durand", "Léa <Durand> & Cie", tutor),
        ("never", "Marc", "Bernard", "", tutor),
        ("new", "Inès", "Petit", "", tutor),
        ("quiet", "Hugo", "Moreau", "", tutor),
        ("late", "Zoé", "Lambert", "", tutor),
        ("other", "Jules", "Faure", "", other_tutor),
    ]:
        user = _named(UserFactory(username=f"board-{key}"), first, last, display)
        register(user, preparation, tutor=tutor_of)
        people[key] = user
    registrations = {key: Registration.objects.get(candidate=user) for key, user in people.items()}
    # Registered long ago, but "new" only yesterday.
    Registration.objects.filter(pk__in=[r.pk for r in registrations.values()]).update(
        created_at=_ago(days=60)
    )
    Registration.objects.filter(pk=registrations["new"].pk).update(created_at=_ago(days=1))
    for key, login in [
        ("busy", _ago(days=1, hours=11)),  # the evening before, in Paris
        ("quiet", _ago(days=20)),
        ("late", _ago(days=3)),
        ("other", _ago(days=16)),
    ]:
        type(people[key]).objects.filter(pk=people[key].pk).update(last_login=login)

    # Progress: ticks in two courses.
    for key, count in [("busy", 5), ("late", 1), ("other", 2)]:
        activities = [
            a
            for enrolment in registrations[key].enrolments.order_by("course__position")
            for a in enrolment.course.activities.order_by("pk")
        ][:count]
        for n, activity in enumerate(activities):
            Completion.objects.create(
                user=people[key], activity=activity, source="manual", completed_at=_ago(days=4 + n)
            )
    LastVisit.objects.create(
        user=people["busy"],
        course=exam_course,
        activity=exam_course.activities.first(),
        visited_at=_ago(hours=2),
    )

    # Copies.
    def assignment(title, due_days, opens_at=None):
        return AssignmentFactory(
            course=exam_course,
            title=title,
            opens_at=opens_at or _ago(days=40),
            due_at=NOW + datetime.timedelta(days=due_days),
            cutoff_at=None,
        )

    past = [assignment(f"Devoir <{n}>", -30 + n) for n in range(4)]
    overdue = assignment("Note de synthèse", -2)
    coming = assignment("Dissertation", 5)
    assignment("Pas encore ouvert", 30, opens_at=NOW + datetime.timedelta(days=3))
    busy, reg = people["busy"], registrations["busy"]
    for n, item in enumerate(past):
        _copy(
            busy,
            reg,
            item,
            Submission.Status.RETURNED,
            is_late=n == 1,
            grade=["11", "12.5", "14", "15.25"][n],
            returned_at=_ago(days=10 - n),
            read_at=_ago(days=1) if n != 3 else None,
        )
    Extension.objects.create(
        assignment=overdue, candidate=busy, due_at=NOW + datetime.timedelta(days=1)
    )
    _copy(people["late"], registrations["late"], past[0], Submission.Status.LATE, is_late=True)
    _copy(
        people["late"],
        registrations["late"],
        past[1],
        Submission.Status.RETURNED,
        grade="8",
        returned_at=_ago(days=2),
    )
    _copy(people["late"], registrations["late"], coming, Submission.Status.DRAFT)

    # Questions and a request to the trainers.
    def thread(key, title, waiting_days, due_days, **extra):
        return Thread.objects.create(
            registration=registrations[key],
            candidate=people[key],
            title=title,
            awaiting_since=_ago(days=waiting_days) if waiting_days is not None else None,
            due_on=(NOW + datetime.timedelta(days=due_days)).date()
            if due_days is not None
            else None,
            created_at=_ago(days=9),
            updated_at=_ago(days=1),
            **extra,
        )

    thread("busy", "Oral <blanc>", 6, -2)
    thread("busy", "Note & synthèse", 0, 3)
    thread("busy", "Répondue", None, None)
    thread("late", "Fermée", 3, -1, status=Thread.Status.CLOSED)
    asked = thread("late", "Question aux formateurs", None, None)
    request = TrainerRequest.objects.create(
        thread=asked,
        course=exam_course,
        message="Pouvez-vous répondre ?",
        created_at=_ago(days=5),
        due_on=(NOW - datetime.timedelta(days=1)).date(),
    )
    request.trainers.add(other_tutor)
    answered = thread("other", "Répondue par les formateurs", None, None)
    TrainerRequest.objects.create(
        thread=answered,
        course=exam_course,
        message="?",
        created_at=_ago(days=5),
        due_on=(NOW + datetime.timedelta(days=2)).date(),
        answered_at=_ago(days=1),
        answer="Oui.",
    )

    # A reminder ten days ago, without any sign of life since.
    for key, days in [("quiet", 10), ("late", 1)]:
        Reminder.objects.create(
            registration=registrations[key],
            candidate=people[key],
            sender=tutor,
            kind="manual",
            template="inactive",
            subject="Relance",
            body="Bonjour",
            created_at=_ago(days=days),
        )
    Interview.objects.create(
        registration=registrations["busy"], tutor=tutor, held_on=datetime.date(2026, 10, 1)
    )
    return {"people": people, "registrations": registrations}


CASES = [
    ("tutor", "tutor", ""),
    ("tutor-risk", "tutor", "?tri=risk"),
    ("tutor-progress", "tutor", "?tri=progress"),
    ("tutor-login-inactive", "tutor", "?tri=login&inactif=7"),
    ("tutor-at-risk", "tutor", "?risque=on"),
    ("tutor-late-unread", "tutor", "?retard=on&non_lu=on"),
    ("coordinator", "coordinator", ""),
    ("coordinator-other-tutor", "coordinator", "?tuteur={other_tutor}"),
]


@pytest.mark.parametrize(("name", "role", "query"), CASES)
def test_the_board_shows_what_it_showed(client, request, board, name, role, query):
    viewer = request.getfixturevalue(role)
    other_tutor = request.getfixturevalue("other_tutor")
    client.force_login(viewer)
    response = client.get(reverse("tutoring:board") + query.format(other_tutor=other_tutor.pk))
    assert response.status_code == 200
    _compare(f"board-{name}", response.content.decode())


@pytest.mark.parametrize("key", ["busy", "late"])
def test_the_candidate_page_shows_what_it_showed(client, tutor, board, key):
    client.force_login(tutor)
    registration = board["registrations"][key]
    response = client.get(reverse("tutoring:candidate", args=[registration.pk]))
    assert response.status_code == 200
    _compare(f"candidate-{key}", response.content.decode())


def _compare(name: str, html: str) -> None:
    html = _normalised(html)
    path = GOLDEN / f"{name}.html"
    if os.environ.get("BOARD_GOLDEN") == "write":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(html)
    assert html == path.read_text()
