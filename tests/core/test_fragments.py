"""Cached page fragments (core/fragments.py), through the real Redis cache:
a page served from the cache costs fewer queries, and whatever a user does
(or staff change) shows on the next page load, never someone else's."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import fragments
from courses.models import Activity, Completion
from forums.models import Post
from tests.forums.factories import forum_of, make_thread

pytestmark = pytest.mark.django_db


def html(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(page: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def tick(client, activity, done="1"):
    url = reverse("courses:activity_tick", args=[activity.course.slug, activity.pk])
    return client.post(url, {"done": done})


def first_activity(course) -> Activity:
    return course.activities.order_by("pk").first()


# --- The mechanism ----------------------------------------------------------------


def test_the_cache_is_the_real_redis(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("RedisCache")
    assert settings.FRAGMENT_CACHE_SECONDS > 0


def test_a_value_is_built_once_until_its_scope_changes():
    calls = []

    def build():
        calls.append(1)
        return {"n": len(calls)}

    assert fragments.cached_value("t", ["user:1"], build) == {"n": 1}
    assert fragments.cached_value("t", ["user:1"], build) == {"n": 1}
    fragments.bump("user:2")  # another person's change
    assert fragments.cached_value("t", ["user:1"], build) == {"n": 1}
    fragments.bump("user:1")
    assert fragments.cached_value("t", ["user:1"], build) == {"n": 2}
    assert fragments.cached_value("t", ["user:1"], build, vary=["page 2"]) == {"n": 3}


def test_an_evicted_generation_only_costs_a_rebuild():
    calls = []
    fragments.cached_value("t", ["content"], lambda: calls.append(1) or "x")
    cache.delete("fragments:gen:content")
    fragments.cached_value("t", ["content"], lambda: calls.append(1) or "x")
    assert len(calls) == 2


def test_a_bump_is_repeated_when_the_transaction_commits(django_capture_on_commit_callbacks):
    before = fragments.generations(["user:7"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        fragments.bump("user:7")
    after_save = fragments.generations(["user:7"])
    assert after_save != before and len(callbacks) == 1
    # A request reading the old rows before the commit may have stored them
    # under the new generation: the commit renews it once more.
    callbacks[0]()
    assert fragments.generations(["user:7"]) != after_save


def test_turned_off_it_builds_every_time(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    calls = []
    for _ in range(2):
        fragments.cached_value("t", ["user:1"], lambda: calls.append(1) or "x")
    assert len(calls) == 2


def test_a_request_reads_each_generation_once_and_sees_its_own_bumps():
    """Within a request (``RequestGenerations``), a scope's generation is read
    once; a write in that request renews it for the rest of the request."""
    from unittest import mock

    calls = []

    def build():
        calls.append(1)
        return len(calls)

    def view(request):
        with mock.patch.object(cache, "get_many", wraps=cache.get_many) as get_many:
            first = fragments.cached_value("a", ["user:1", "content"], build)
            again = fragments.cached_value("b", ["content", "user:1"], build)
            assert get_many.call_count == 1  # both fragments, one read of the generations
            fragments.bump("user:1")  # a write in this request
            after = fragments.cached_value("a", ["user:1", "content"], build)
            assert get_many.call_count == 1  # the bump told the request
        return first, again, after

    assert fragments.RequestGenerations(view)(None) == (1, 2, 3)
    # The next request reads the generations again and finds the new one.
    assert fragments.cached_value("a", ["user:1", "content"], build) == 3


def test_a_bypassed_block_builds_afresh_and_leaves_the_cache_as_it_was():
    calls = []

    def build():
        calls.append(1)
        return len(calls)

    assert fragments.cached_value("t", ["user:1"], build) == 1
    with fragments.bypass():
        assert fragments.cached_value("t", ["user:1"], build) == 2
        assert fragments.cached_value("t", ["user:1"], build) == 3
    assert fragments.cached_value("t", ["user:1"], build) == 1  # what was stored before


def test_a_bypassed_page_costs_a_first_visit(client, candidate):
    client.force_login(candidate)
    client.get(reverse("dashboard"))
    with CaptureQueriesContext(connection) as cold, fragments.bypass():
        html(client.get(reverse("dashboard")))
    with CaptureQueriesContext(connection) as warm:
        html(client.get(reverse("dashboard")))
    assert len(warm) < len(cold)


# --- Dashboard and course page -----------------------------------------------------


def test_dashboard_from_the_cache_costs_fewer_queries_and_shows_the_same(
    client, candidate, django_assert_max_num_queries
):
    client.force_login(candidate)
    first = html(client.get(reverse("dashboard")))
    with django_assert_max_num_queries(3):  # session user, messages... no selector
        again = html(client.get(reverse("dashboard")))
    assert without_tokens(again) == without_tokens(first)


def test_course_page_and_tutor_board_from_the_cache_cost_fewer_queries(
    client, candidate, tutor, exam_course, django_assert_max_num_queries
):
    client.force_login(candidate)
    first = html(client.get(exam_course.get_absolute_url()))
    with django_assert_max_num_queries(2):  # user, the course's access check
        again = html(client.get(exam_course.get_absolute_url()))
    assert without_tokens(again) == without_tokens(first)
    client.force_login(tutor)
    first = html(client.get(reverse("tutoring:board")))
    # user, tutor picker, "is a tutor", the candidates shown
    with django_assert_max_num_queries(4):
        again = html(client.get(reverse("tutoring:board")))
    assert without_tokens(again) == without_tokens(first)


def test_a_tick_shows_at_once_on_the_dashboard_and_the_course_page(client, candidate, exam_course):
    client.force_login(candidate)
    assert 'aria-valuenow="0"' in html(client.get(reverse("dashboard")))
    assert 'aria-valuenow="0"' in html(client.get(exam_course.get_absolute_url()))
    tick(client, first_activity(exam_course))
    assert 'aria-valuenow="50"' in html(client.get(reverse("dashboard")))
    page = html(client.get(exam_course.get_absolute_url()))
    assert 'aria-valuenow="50"' in page and "Marquer comme non terminé" in page
    tick(client, first_activity(exam_course), done="0")
    assert 'aria-valuenow="0"' in html(client.get(exam_course.get_absolute_url()))


def test_staff_edits_show_at_once(client, candidate, exam_course):
    client.force_login(candidate)
    html(client.get(reverse("dashboard")))
    html(client.get(exam_course.get_absolute_url()))
    exam_course.title = "Devenir bibliothécaire — session 2027"
    exam_course.save()
    activity = first_activity(exam_course)
    activity.title = "Bienvenue, nouvelle version"
    activity.save()
    assert "session 2027" in html(client.get(reverse("dashboard")))
    assert "Bienvenue, nouvelle version" in html(client.get(exam_course.get_absolute_url()))
    activity.is_visible = False
    activity.save()
    assert "Bienvenue, nouvelle version" not in html(client.get(exam_course.get_absolute_url()))


def test_each_candidate_sees_their_own_progress(client, candidate, other_candidate, exam_course):
    Completion.objects.create(user=candidate, activity=first_activity(exam_course))
    client.force_login(candidate)
    assert 'aria-valuenow="50"' in html(client.get(exam_course.get_absolute_url()))
    other = Client()
    other.force_login(other_candidate)
    page = html(other.get(exam_course.get_absolute_url()))
    assert 'aria-valuenow="0"' in page and 'aria-valuenow="50"' not in page
    assert 'aria-valuenow="50"' not in html(other.get(reverse("dashboard")))


def test_the_tick_form_still_works_after_logging_in_again(candidate, exam_course):
    """The course outline holds the tick forms: a new login (new CSRF
    secret) must not be served the forms of the previous session."""
    browser = Client(enforce_csrf_checks=True)
    for _ in range(2):
        browser.force_login(candidate)
        page = html(browser.get(exam_course.get_absolute_url()))
        browser.logout()
    browser.force_login(candidate)
    page = html(browser.get(exam_course.get_absolute_url()))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    activity = first_activity(exam_course)
    url = reverse("courses:activity_tick", args=[exam_course.slug, activity.pk])
    response = browser.post(url, {"done": "1", "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Completion.objects.filter(user=candidate, activity=activity).exists()


def test_a_withdrawal_shows_at_once(client, candidate, exam_course):
    from courses.services import withdraw_registration

    client.force_login(candidate)
    assert 'name="done"' in html(client.get(exam_course.get_absolute_url()))
    registration = candidate.registrations.get()
    withdraw_registration(actor=candidate, registration=registration, reason="Reprise d’un emploi.")
    page = html(client.get(exam_course.get_absolute_url()))
    assert "vous pouvez encore relire ce cours" in page
    assert 'name="done"' not in page  # no tick form any more


# --- Tutor board -------------------------------------------------------------------


def test_the_tutor_board_follows_its_candidates(client, tutor, candidate, exam_course):
    client.force_login(tutor)
    board = html(client.get(reverse("tutoring:board")))
    assert "0 / 2" in board or "0 %" in board
    Completion.objects.create(user=candidate, activity=first_activity(exam_course))
    board = html(client.get(reverse("tutoring:board")))
    assert "50 %" in board


def test_losing_or_gaining_a_course_takes_effect_at_once(
    client, candidate, trainer, other_trainer, exam_course, courses
):
    """Course pages check access against a cached map of the user's readable
    courses: every change to it shows on the next request."""
    from courses.models import Enrolment

    url = exam_course.get_absolute_url()
    activity = first_activity(exam_course)
    client.force_login(candidate)
    assert client.get(url).status_code == 200  # (opening an activity would renew the map)
    exam_course.is_visible = False  # hidden by its staff
    exam_course.save()
    assert client.get(url).status_code == 404
    assert client.get(activity.get_absolute_url()).status_code == 404
    assert tick(client, activity).status_code == 404
    client.force_login(trainer)  # its staff still read it, hidden activities too
    assert client.get(url).status_code == 200
    exam_course.is_visible = True
    exam_course.save()
    client.force_login(candidate)
    assert client.get(url).status_code == 200
    enrolment = Enrolment.objects.get(user=candidate, course=exam_course)
    enrolment.status = Enrolment.Status.SUSPENDED  # the exam was taken off
    enrolment.save()
    assert client.get(url).status_code == 404
    # Nobody gets another person's map: right after the trainer's was built,
    # a trainer of another course only gets a 404 for this one.
    client.force_login(trainer)
    assert client.get(url).status_code == 200
    client.force_login(other_trainer)
    assert client.get(url).status_code == 404
    assert client.get(courses["ateliers"].get_absolute_url()).status_code == 200


# --- Forum thread ------------------------------------------------------------------


@pytest.fixture
def forum_thread(preparation, candidate):
    return make_thread(forum_of(preparation), candidate, "Révisions", "Comment faites-vous ?")


def test_a_reply_shows_at_once_to_every_reader(client, candidate, other_candidate, forum_thread):
    reader = Client()
    reader.force_login(other_candidate)
    assert "Je relis mes fiches" not in html(reader.get(forum_thread.get_absolute_url()))
    client.force_login(candidate)
    client.post(reverse("forums:reply", args=[forum_thread.pk]), {"body": "Je relis mes fiches."})
    assert "Je relis mes fiches" in html(reader.get(forum_thread.get_absolute_url()))


def test_only_the_author_gets_the_edit_button_of_a_recent_message(
    client, candidate, other_candidate, forum_thread
):
    client.force_login(candidate)
    client.post(reverse("forums:reply", args=[forum_thread.pk]), {"body": "Mon plan."})
    post = Post.objects.get(body_text__contains="Mon plan")
    edit_url = reverse("forums:post_edit", args=[post.pk])
    reader = Client()
    reader.force_login(other_candidate)
    assert edit_url not in html(reader.get(forum_thread.get_absolute_url()))
    assert edit_url in html(client.get(forum_thread.get_absolute_url()))
    assert edit_url not in html(reader.get(forum_thread.get_absolute_url()))


def test_a_hidden_message_is_hidden_at_once(client, coordinator, other_candidate, forum_thread):
    reader = Client()
    reader.force_login(other_candidate)
    assert "Comment faites-vous ?" in html(reader.get(forum_thread.get_absolute_url()))
    client.force_login(coordinator)
    post = forum_thread.posts.get()
    client.post(reverse("forums:post_hide", args=[post.pk]), {"hidden": "1"})
    page = html(reader.get(forum_thread.get_absolute_url()))
    assert "Comment faites-vous ?" not in page and "masqué par la modération" in page
    # The moderator keeps seeing it, with its "show again" form.
    assert "Comment faites-vous ?" in html(client.get(forum_thread.get_absolute_url()))


def test_losing_a_forum_right_takes_effect_at_once(client, trainer, candidate, forum_thread):
    """A trainer moderates the preparation's forums through the candidates
    they teach; when that ends, the cached rights end with it."""
    from courses.models import Enrolment

    client.force_login(trainer)
    assert client.get(forum_thread.get_absolute_url()).status_code == 200
    enrolment = Enrolment.objects.get(user=trainer, role="trainer")
    enrolment.status = Enrolment.Status.SUSPENDED
    enrolment.save()
    assert client.get(forum_thread.get_absolute_url()).status_code == 404


def test_an_erasure_shows_at_once_in_the_threads_the_person_wrote_in(
    candidate, other_candidate, admin_user, forum_thread
):
    """Anonymisation rewrites rows with QuerySet.update (no signal): it
    renews every cached part itself, so no reader sees the name again."""
    from core.models import ErasureRequest
    from core.privacy import anonymise_user

    name = candidate.get_display_name()
    reader = Client()
    reader.force_login(other_candidate)
    assert name in html(reader.get(forum_thread.get_absolute_url()))
    anonymise_user(actor=admin_user, request=ErasureRequest.objects.create(user=candidate))
    page = html(reader.get(forum_thread.get_absolute_url()))
    assert name not in page
    assert "Personne anonymisée" in page
