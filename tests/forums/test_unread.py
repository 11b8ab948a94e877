"""Unread counts, "mark all read", jump to the first unread message, and
the api other apps call."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import api, selectors
from forums.models import Forum, Post
from tests.factories import ActivityFactory
from tests.forums.factories import make_thread

pytestmark = pytest.mark.django_db


def index_unread(user, forum):
    return next(f.unread for f in selectors.forum_index(user) if f.pk == forum.pk)


def test_unread_counts_change_as_the_user_reads(
    client, candidate, other_candidate, general, thread
):
    make_thread(general, candidate, "Deuxième sujet", posts=3)
    assert index_unread(other_candidate, general) == 4
    assert index_unread(candidate, general) == 0  # one's own posts are read
    client.force_login(other_candidate)
    html = client.get(general.get_absolute_url()).content.decode()
    assert "3 non lus" in html and "1 non lu" in html
    client.get(thread.get_absolute_url())
    assert index_unread(other_candidate, general) == 3
    assert api.unread_count(other_candidate) == 3


def test_mark_all_read(client, candidate, other_candidate, general, thread):
    make_thread(general, candidate, "Deuxième sujet", posts=3)
    client.force_login(other_candidate)
    response = client.post(reverse("forums:mark_read", args=[general.pk]))
    assert response.url == general.get_absolute_url()
    assert index_unread(other_candidate, general) == 0
    Post.objects.create(thread=thread, author=candidate, body="<p>Nouveau</p>", body_text="Nouveau")
    assert index_unread(other_candidate, general) == 1


def test_jump_to_first_unread(client, candidate, other_candidate, general):
    thread = make_thread(general, candidate, "Long sujet", posts=45)
    client.force_login(other_candidate)
    client.get(thread.get_absolute_url())  # page 1: 20 posts read
    first_unread = thread.posts.order_by("created_at")[20]
    response = client.get(reverse("forums:first_unread", args=[thread.pk]))
    assert response.url == f"{thread.get_absolute_url()}?page=2#message-{first_unread.pk}"


def test_hidden_and_other_peoples_reports_are_not_counted(
    candidate, other_candidate, trainer, general, reports, report, thread
):
    Post.objects.filter(thread=thread).update(is_hidden=True)
    assert index_unread(other_candidate, general) == 0
    assert index_unread(other_candidate, reports) == 0
    assert index_unread(trainer, reports) == 1


def test_unread_count_api_only_counts_subscribed_visible_forums(
    candidate, other_candidate, general, exam_forum, django_assert_num_queries
):
    from tests.forums.factories import subscribe

    make_thread(general, candidate, posts=2)
    make_thread(exam_forum, candidate, posts=5)
    subscribe(other_candidate, exam_forum, "none")  # still followed: counted
    with django_assert_num_queries(1):
        assert api.unread_count(other_candidate) == 7
    from forums.models import Subscription

    Subscription.objects.filter(user=other_candidate, forum=exam_forum).delete()
    assert api.unread_count(other_candidate) == 2
    make_thread(general, candidate, posts=30)
    with django_assert_num_queries(1):
        assert api.unread_count(other_candidate) == 32


def test_unread_count_of_anonymous_is_zero():
    from django.contrib.auth.models import AnonymousUser

    assert api.unread_count(AnonymousUser()) == 0


def test_url_for_activity(exam_course, exam_forum):
    activity = ActivityFactory(section=exam_course.sections.first(), kind="forum", title="Forum")
    assert api.url_for_activity(activity) == exam_forum.get_absolute_url()
    linked = Forum.objects.create(
        course=exam_course, kind="general", title="Forum de l'atelier", activity=activity
    )
    assert api.url_for_activity(activity) == linked.get_absolute_url()
    other = ActivityFactory(kind="forum")
    assert api.url_for_activity(other) is None


def test_new_user_sees_recent_posts_as_unread_only_after_thread_read(
    candidate, other_candidate, general
):
    old = make_thread(general, candidate, posts=2, at=timezone.now() - datetime.timedelta(days=3))
    assert index_unread(other_candidate, general) == 2
    from forums.services import thread_mark_read

    thread_mark_read(user=other_candidate, thread=old, up_to=timezone.now())
    thread_mark_read(
        user=other_candidate, thread=old, up_to=timezone.now() - datetime.timedelta(days=5)
    )
    assert index_unread(other_candidate, general) == 0  # the mark never moves back
