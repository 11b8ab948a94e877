"""Forum test data: threads and posts written directly (no email, no rights
check), and bulk helpers for the query budgets."""

import datetime

from django.utils import timezone

from forums.models import Forum, Post, Subscription, Thread


def forum_of(preparation, kind=Forum.Kind.GENERAL) -> Forum:
    return Forum.objects.get(preparation=preparation, kind=kind)


def course_forum(course) -> Forum:
    return Forum.objects.get(course=course, kind=Forum.Kind.GENERAL, activity=None)


def make_thread(forum, author, title="Un sujet", body="Premier message.", *, posts=1, at=None):
    at = at or timezone.now() - datetime.timedelta(hours=2)
    thread = Thread.objects.create(
        forum=forum, title=title, author=author, created_at=at, last_post_at=at, post_count=posts
    )
    Post.objects.bulk_create(
        [
            Post(
                thread=thread,
                author=author,
                body=f"<p>{body} ({i})</p>",
                body_text=f"{body} ({i})",
                created_at=at + datetime.timedelta(seconds=i),
            )
            for i in range(posts)
        ]
    )
    return thread


def subscribe(user, forum, mode=Subscription.Mode.IMMEDIATE):
    subscription, _ = Subscription.objects.update_or_create(
        user=user, forum=forum, defaults={"mode": mode}
    )
    return subscription
