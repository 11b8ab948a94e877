"""The grading queue's HTML, byte for byte (issue 23): the page is rewritten
for speed, what a trainer reads must not move. Each case renders the page's
``<main>`` for a fixed world and compares it with a file saved from the page
as it was before the rewrite (tests/assignments/snapshots/). Row ids in the
HTML (links, filter values, the query string) are swapped for names, each
checked against its row first, so the files do not depend on the database's
sequences.

``QUEUE_SNAPSHOTS=write`` rewrites the files (only when the HTML is meant to
change)."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils.html import escape

from assignments.models import Feedback, Submission
from courses.models import Registration
from courses.services import enrol_staff
from tests.assignments.factories import AssignmentFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SNAPSHOTS = Path(__file__).parent / "snapshots"
START = datetime.datetime(2026, 11, 1, 8, 5, tzinfo=datetime.UTC)
STATUSES = ["submitted", "late", "graded", "returned"]


def _copy(assignment, candidate, registration, number, status, *, read=True):
    """A handed-in copy at a fixed date; graded and returned ones have their
    feedback (returned: opened by the candidate when ``read``)."""
    copy = Submission.objects.create(
        assignment=assignment,
        candidate=candidate,
        registration=registration,
        status=status,
        is_late=status == "late" or number % 5 == 0,
        blind_number=number,
        handin=1,
        submitted_at=START + datetime.timedelta(hours=7 * number, minutes=number),
    )
    if status in ("graded", "returned"):
        returned = START + datetime.timedelta(days=20) if status == "returned" else None
        Feedback.objects.create(
            submission=copy,
            handin=1,
            grade=12,
            returned_at=returned,
            read_at=returned if read and returned else None,
        )
    return copy


@pytest.fixture
def queue_world(courses, preparation, other_preparation, trainer, centre_b_trainer, centre):
    """Two courses trained by the national ``trainer`` (three assignments, one
    under blind marking, one without copies), a course they do not train;
    53 Callisto copies (one page and a bit), two regional ones of centre B
    (``centre_b_trainer``'s), a draft."""
    bib, cons, ateliers = courses["bibliothecaire"], courses["conservateur"], courses["ateliers"]
    enrol_staff(user=trainer, course=cons, role="trainer")
    names = {
        "note": AssignmentFactory(course=bib, title="Note de synthèse & commentaire"),
        "blind": AssignmentFactory(course=bib, title="Dissertation <anonyme>", blind_marking=True),
        "empty": AssignmentFactory(course=cons, title="Cas pratique"),
        "foreign": AssignmentFactory(course=ateliers, title="Atelier d’écriture"),
    }
    people = [
        UserFactory(
            username=f"q-candidate-{i}",
            first_name=["Élise", "Jean", "Zoé", "O’Neil"][i % 4],
            last_name=f"Martin-{i} & fils" if i % 7 == 0 else f"Durand{i}",
            display_name="<Marie> « Q »" if i == 3 else "",
            centre=centre,
        )
        for i in range(53)
    ]
    people[4].first_name = people[4].last_name = ""  # the username, then
    people[4].save()
    copies = {}
    for i, person in enumerate(people):
        registration = Registration.objects.create(candidate=person, preparation=preparation)
        assignment = names["blind"] if i % 3 == 2 else names["note"]
        copies[person.username] = _copy(
            assignment, person, registration, i + 1, STATUSES[i % 4], read=i % 8 != 3
        )
    for i in range(2):
        person = UserFactory(username=f"q-regional-{i}", first_name="Luc", last_name=f"Régional{i}")
        registration = Registration.objects.create(candidate=person, preparation=other_preparation)
        copies[person.username] = _copy(names["note"], person, registration, 100 + i, STATUSES[i])
    drafter = UserFactory(username="q-draft", first_name="Paul", last_name="Brouillon")
    Submission.objects.create(
        assignment=names["note"],
        candidate=drafter,
        registration=Registration.objects.create(candidate=drafter, preparation=preparation),
        blind_number=200,
    )
    stranger = UserFactory(username="q-ateliers", first_name="Anne", last_name="Ailleurs")
    _copy(
        names["foreign"],
        stranger,
        Registration.objects.create(candidate=stranger, preparation=preparation),
        1,
        "submitted",
    )
    return {"courses": {"bib": bib, "cons": cons}, "assignments": names, "copies": copies}


def _named(html: str, world) -> str:
    """``html`` with its row ids swapped for names: copy links, filter
    options (each value checked against its option's text), the query
    string of the page links."""
    for username, copy in world["copies"].items():
        html = html.replace(
            f'href="{reverse("assignments:submission", args=[copy.pk])}"',
            f'href="/devoirs/copie/[{username}]/"',
        )
    labels = {}
    for key, course in world["courses"].items():
        labels[escape(course.title)] = (course.pk, f"course:{key}")
    for key, assignment in world["assignments"].items():
        text = f"{escape(assignment.title)} ({escape(assignment.course.title)})"
        labels[text] = (assignment.pk, f"assignment:{key}")

    def option(match):
        value, selected, text = match.groups()
        if text in labels:
            pk, label = labels[text]
            assert value == str(pk), (value, text)
            value = label
        return f'<option value="{value}"{selected}>{text}</option>'

    html = re.sub(r'<option value="([^"]*)"((?: selected)?)>([^<]*)</option>', option, html)
    for name, rows in (("course", world["courses"]), ("assignment", world["assignments"])):
        for key, row in rows.items():
            html = re.sub(rf"([?;]{name})={row.pk}&", rf"\1=[{key}]&", html)
    return html


def _main(client, url, params=None) -> str:
    response = client.get(url, params or {})
    assert response.status_code == 200
    return re.search(r"<main .*?</main>", response.content.decode(), re.S).group(0)


def _cases(world):
    bib, blind = world["courses"]["bib"], world["assignments"]["blind"]
    return {
        "national_page_1": ("trainer", {}),
        "national_course_newest_page_2": (
            "trainer",
            {"course": bib.pk, "order": "newest", "page": "2"},
        ),
        "national_returned_on_time": ("trainer", {"status": "returned", "late": "0"}),
        "national_blind_late": ("trainer", {"assignment": blind.pk, "late": "1"}),
        "national_none": ("trainer", {"course": world["courses"]["cons"].pk}),
        "centre_b": ("centre_b_trainer", {}),
        # Pages out of range: Paginator.get_page's first or last page.
        "national_page_999": ("trainer", {"page": "999", "order": "newest"}),
        "national_page_0": ("trainer", {"page": "0"}),
        "national_page_not_a_number": ("trainer", {"page": "deux", "late": "0"}),
        "national_none_page_3": ("trainer", {"course": world["courses"]["cons"].pk, "page": "3"}),
    }


@pytest.mark.parametrize(
    "case",
    [
        "national_page_1",
        "national_course_newest_page_2",
        "national_returned_on_time",
        "national_blind_late",
        "national_none",
        "centre_b",
        "national_page_999",
        "national_page_0",
        "national_page_not_a_number",
        "national_none_page_3",
    ],
)
def test_the_queue_html_is_unchanged(request, client, queue_world, case):
    role, params = _cases(queue_world)[case]
    client.force_login(request.getfixturevalue(role))
    html = _named(_main(client, reverse("assignments:grading_queue"), params), queue_world)
    path = SNAPSHOTS / f"grading_queue_{case}.html"
    if os.environ.get("QUEUE_SNAPSHOTS") == "write":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(html)
    assert html == path.read_text()
