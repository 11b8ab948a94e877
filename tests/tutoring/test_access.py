"""Tutoring access beyond the status of each URL, on the world of the access
matrix (tests/security/world.py), built once for the module.

The status every role gets on every tutoring URL is asserted by the global
matrix (tests/security/test_access_matrix.py, candidate A's thread, file and
attachment); here: what the pages show each role, an attachment's
revalidation, a reminder actually sent (a valid form, where the matrix posts
an empty one), a withdrawn candidate, and who follows which candidate and
theme from the rules. Tests that write do it inside the savepoint
pytest-django's ``db`` opens for each test."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from courses.models import Registration
from tests.security.test_access_matrix import A_TUTORING, LOGIN, REDIRECT, log_in_once
from tests.security.world import ROLES, world_fixture

pytestmark = pytest.mark.django_db

_world = pytest.fixture(scope="module", name="_world")(world_fixture)


@pytest.fixture(scope="module")
def world(_world, django_db_blocker):
    with django_db_blocker.unblock():
        _world.sessions = log_in_once(_world.people)
    return _world


@pytest.fixture(autouse=True)
def _media_root():
    """The world's files stay where it wrote them (tests/tutoring/conftest.py
    moves MEDIA_ROOT per test; nothing here writes a file)."""


def _as(client, world, role):
    client.cookies.clear()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    return client


def _status(response):
    """The status as the matrix writes it: LOGIN or REDIRECT for a 302."""
    if response.status_code != 302:
        return response.status_code
    target = urlsplit(response["Location"]).path
    return LOGIN if target == resolve_url(settings.LOGIN_URL) else REDIRECT


def _b_thread(world):
    """Candidate B's own theme (the world has none), in this test's savepoint."""
    from tutoring.services import thread_open

    return thread_open(
        actor=world.people["other_candidate"], title="Oral", body="Comment préparer l'oral ?"
    )


def test_the_board_lists_whom_each_follows(client, world):
    a = world.people["candidate"].get_display_name()
    b = world.people["other_candidate"].get_display_name()
    board = reverse("tutoring:board")
    content = _as(client, world, "tutor").get(board).content.decode()
    assert a in content and b not in content
    content = _as(client, world, "coordinator").get(board).content.decode()
    assert a in content and b in content
    assert a not in _as(client, world, "other_coordinator").get(board).content.decode()


@pytest.mark.parametrize("role", ["candidate", "tutor", "coordinator", "admin"])
def test_an_attachment_is_the_file_for_those_who_see_the_thread(client, world, role):
    url = reverse("tutoring:attachment", args=[world.tutoring_attachment.pk])
    response = _as(client, world, role).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ROLES)
def test_an_attachment_revalidates_only_for_those_who_see_the_thread(client, world, role):
    """A 304 only after the access checks: the candidate's ETag and date
    give anyone who may not see the thread its usual status, never a 304."""
    url = reverse("tutoring:attachment", args=[world.tutoring_attachment.pk])
    first = _as(client, world, "candidate").get(url)
    b"".join(first.streaming_content)
    expected = {**A_TUTORING, "candidate": 200}[role]
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        response = _as(client, world, role).get(url, headers=headers)
        assert _status(response) == (304 if expected == 200 else expected)
        if expected == 200:
            assert response.content == b""
            assert response["Cache-Control"] == "private, no-store"


def test_my_threads_lists_only_ones_own(client, world):
    _b_thread(world)
    content = _as(client, world, "candidate").get(reverse("tutoring:my_threads")).content.decode()
    assert "Note de synthèse" in content
    assert "Oral" not in content


# A valid reminder: sent by A's tutor only; the readers (coordinator, admin)
# are refused (403), the others do not see A (404).
REMINDER = {**A_TUTORING, "tutor": REDIRECT, "coordinator": 403, "admin": 403}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_tutor_sends_a_reminder(client, world, role, mailoutbox):
    registration = world.registration
    before = registration.tutoring_reminders.count()
    url = reverse("tutoring:reminder_new", args=[registration.pk])
    response = _as(client, world, role).post(url, {"template": "inactive"})
    assert _status(response) == REMINDER[role]
    assert registration.tutoring_reminders.count() - before == (1 if role == "tutor" else 0)


def test_a_withdrawn_candidate_leaves_the_board(client, world):
    a = world.people["candidate"].get_display_name()
    _as(client, world, "tutor")
    assert a in client.get(reverse("tutoring:board")).content.decode()
    Registration.objects.filter(pk=world.registration.pk).update(status="withdrawn")
    assert a not in client.get(reverse("tutoring:board")).content.decode()
    # Still readable from its page.
    url = reverse("tutoring:candidate", args=[world.registration.pk])
    assert client.get(url).status_code == 200


def test_coordinator_picks_a_tutor_of_their_centre_only(client, world):
    tutor = world.people["tutor"]
    response = _as(client, world, "coordinator").get(
        reverse("tutoring:board"), {"tuteur": tutor.pk}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert world.people["candidate"].get_display_name() in content
    assert world.people["other_candidate"].get_display_name() not in content
    response = _as(client, world, "other_coordinator").get(
        reverse("tutoring:board"), {"tuteur": tutor.pk}
    )
    assert response.status_code == 404


# Who follows which candidate and reads which theme, from the rules (the
# tutor, a coordinator of the centre, an administrator; never the candidate
# for the candidate page; the candidate reads their own themes), not from the
# selectors. Centre B's preparation is regional: no tutoring there.
CANDIDATE_PAGES = {
    "tutor": {"registration"},
    "other_tutor": {"other_registration"},
    "coordinator": {"registration", "other_registration"},
    "admin": {"registration", "other_registration"},
}
THEMES = {
    "candidate": {"thread"},
    "other_candidate": {"other_thread"},
    "tutor": {"thread"},
    "other_tutor": {"other_thread"},
    "coordinator": {"thread", "other_thread"},
    "admin": {"thread", "other_thread"},
}


@pytest.mark.parametrize("role", ROLES[1:])
def test_who_follows_which_candidate_and_theme(world, role):
    from tutoring.permissions import can_view_candidate, can_view_thread
    from tutoring.selectors import threads_visible_to, tutored_registrations_visible_to

    user = world.people[role]
    registrations = {
        "registration": world.registration,
        "other_registration": world.other_registration,
        "regional_registration": Registration.objects.get(
            candidate=world.people["candidate_other_centre"]
        ),
    }
    expected = CANDIDATE_PAGES.get(role, set())
    assert {n for n, r in registrations.items() if can_view_candidate(user, r)} == expected
    listed = set(tutored_registrations_visible_to(user))
    assert {n for n, r in registrations.items() if r in listed} == expected
    threads = {"thread": world.tutoring_thread, "other_thread": _b_thread(world)}
    expected = THEMES.get(role, set())
    assert {n for n, t in threads.items() if can_view_thread(user, t)} == expected
    listed_threads = set(threads_visible_to(user))
    assert {n for n, t in threads.items() if t in listed_threads} == expected
