"""calendar_app.api: what the dashboard and the course pages use."""

from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser

from assignments.api import Deadline
from calendar_app.api import calendar_links_for, upcoming_for
from tests.calendar_app.factories import paris

pytestmark = pytest.mark.django_db

NOW = paris(2026, 11, 1, 9, 0)


def test_upcoming_merges_events_and_deadlines_in_date_order(candidate, prep_event, workshop):
    deadline = Deadline(
        title="Note de synthèse n° 1",
        due_at=paris(2026, 11, 15, 23, 59),
        course_id=workshop.course_id,
        course_title="Les Ateliers",
        url="/devoirs/3/",
        assignment_id=3,
    )
    with (
        mock.patch("django.utils.timezone.now", return_value=NOW),
        mock.patch("assignments.api.deadlines_for", return_value=[deadline]) as deadlines_for,
    ):
        upcoming = upcoming_for(candidate, limit=5)
    assert [(u.title, u.kind_label) for u in upcoming] == [
        ("Réunion de rentrée", "Réunion de rentrée"),
        ("Note de synthèse n° 1", "Échéance de devoir"),
        ("Atelier : l'actualité culturelle", "Atelier"),
    ]
    assert upcoming[1].url == "/devoirs/3/"
    assert deadlines_for.call_args.args[0] == candidate


def test_upcoming_keeps_the_limit_and_skips_past_events(candidate, prep_event, workshop):
    with mock.patch("django.utils.timezone.now", return_value=paris(2026, 11, 15, 9, 0)):
        assert [u.title for u in upcoming_for(candidate, limit=1)] == [
            "Atelier : l'actualité culturelle"
        ]
    assert upcoming_for(AnonymousUser()) == []


@pytest.mark.parametrize(
    ("role", "labels"),
    [
        ("candidate", ["Mon calendrier", "Calendrier de la formation"]),
        ("tutor", ["Calendrier de la formation"]),
        ("coordinator", ["Calendrier de la formation"]),
        ("other_coordinator", ["Calendrier de la formation"]),
        ("trainer", []),
        ("user", []),
    ],
)
def test_calendar_links_by_role(roles, role, labels):
    links = calendar_links_for(roles[role])
    assert [link.label.split(" (PDF)")[0] for link in links] == labels
