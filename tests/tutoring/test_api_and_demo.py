import io

import pytest

from tests.factories import UserFactory, register
from tutoring import api
from tutoring.models import Interview, Reminder, Thread
from tutoring.services import message_post

pytestmark = pytest.mark.django_db


def test_open_questions_count(
    thread, other_thread, candidate, tutor, other_tutor, coordinator, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert api.open_questions_count(tutor) == 1
    assert api.open_questions_count(other_tutor) == 1
    assert api.open_questions_count(candidate) == 1
    assert api.open_questions_count(coordinator) == 0
    message_post(actor=tutor, thread=thread, body="Réponse")
    assert api.open_questions_count(tutor) == 0
    assert api.open_questions_count(candidate) == 1  # still open for a second exchange


def test_open_questions_count_for_anonymous():
    from django.contrib.auth.models import AnonymousUser

    assert api.open_questions_count(AnonymousUser()) == 0


def test_demo_seed_is_idempotent_and_closes_one_theme(preparation, courses):
    from demo.tutoring import seed

    candidat = UserFactory(username="candidat", first_name="Camille", last_name="Durand")
    register(candidat, preparation, tutor=UserFactory(username="tuteur"))
    seed(io.StringIO())
    seed(io.StringIO())
    assert Thread.objects.count() == 2
    closed = Thread.objects.get(status="closed")
    assert closed.exchanges == 2 and closed.messages.count() == 4
    assert Reminder.objects.count() == 1
    assert Interview.objects.count() == 1


def test_demo_seed_skips_without_the_courses_demo():
    from demo.tutoring import seed

    out = io.StringIO()
    seed(out)
    assert "skipped" in out.getvalue()
    assert not Thread.objects.exists()
