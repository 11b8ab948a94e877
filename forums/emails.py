"""Forum emails: one post, or the daily digest. Each carries a signed
one-click unsubscribe link and the RFC 8058 headers. They are written as
``core.mail`` rows (the keyword arguments of ``mail.send_rendered``), sent by
the one email task."""

from itertools import groupby

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from core.text import one_line

from .services import unsubscribe_token


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _unsubscribe_url(user_id: int, forum_id: int | None) -> str:
    token = unsubscribe_token(user_id=user_id, forum_id=forum_id)
    return _absolute(reverse("forums:unsubscribe", kwargs={"token": token}))


def _message(subject, template, context, recipient, unsubscribe_url) -> dict:
    context = {
        **context,
        "unsubscribe_url": unsubscribe_url,
        "settings_url": _absolute(reverse("forums:subscriptions")),
    }
    return {
        "template": f"forums/emails/{template}",
        "subject": one_line(subject),
        "body": render_to_string(f"forums/emails/{template}.txt", context),
        "html": render_to_string(f"forums/emails/{template}.html", context),
        "to": [recipient.email],
        "headers": {
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    }


def post_message(post, recipient) -> dict:
    thread = post.thread
    forum = thread.forum
    context = {
        "post": post,
        "thread": thread,
        "forum": forum,
        "recipient": recipient,
        "post_url": _absolute(post.get_absolute_url()),
    }
    subject = render_to_string("forums/emails/post_subject.txt", context)
    return _message(subject, "post", context, recipient, _unsubscribe_url(recipient.pk, forum.pk))


def digest_message(recipient, posts) -> dict:
    """``posts`` ordered by forum and thread."""
    forums = []
    for forum, forum_posts in groupby(posts, key=lambda p: p.thread.forum):
        threads = [
            {"thread": thread, "url": _absolute(thread.get_absolute_url()), "posts": list(tp)}
            for thread, tp in groupby(forum_posts, key=lambda p: p.thread)
        ]
        forums.append({"forum": forum, "threads": threads})
    context = {"recipient": recipient, "forums": forums, "count": len(posts)}
    subject = render_to_string("forums/emails/digest_subject.txt", context)
    return _message(subject, "digest", context, recipient, _unsubscribe_url(recipient.pk, None))
