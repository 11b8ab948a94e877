"""Access rules about forums, as plain predicates, each paired with the
selector that lists the same rows (``forums.selectors``).

Predicates accept a forum annotated by ``selectors.forum_for`` /
``selectors.thread_for`` (``is_moderator``, ``is_open``) and fall back to a
query otherwise."""

from django.utils import timezone

from .models import Forum, Post, Thread
from .selectors import (
    EDIT_WINDOW,
    forums_moderated_by,
    forums_open_to,
    forums_visible_to,
    threads_visible_to,
)


def can_view_forum(user, forum: Forum) -> bool:
    return forums_visible_to(user).filter(pk=forum.pk).exists()


def can_view_thread(user, thread: Thread) -> bool:
    return threads_visible_to(user).filter(pk=thread.pk).exists()


def can_moderate(user, forum: Forum) -> bool:
    """Trainers and coordinators of the forum's people, and admins."""
    if hasattr(forum, "is_moderator"):
        return bool(forum.is_moderator)
    return forums_moderated_by(user).filter(pk=forum.pk).exists()


def _is_open(user, forum: Forum) -> bool:
    if hasattr(forum, "is_open"):
        return bool(forum.is_open)
    return forums_open_to(user).filter(pk=forum.pk).exists()


def can_start_thread(user, forum: Forum) -> bool:
    """Announcements: moderators only; otherwise moderators and active
    participants."""
    if can_moderate(user, forum):
        return True
    return not forum.is_announcements and _is_open(user, forum)


def can_reply(user, thread: Thread) -> bool:
    """Nobody replies to a locked thread but moderators; in an announcement
    forum only moderators post; in a reports thread the reporter and the
    moderators."""
    forum = thread.forum
    if can_moderate(user, forum):
        return True
    if thread.is_locked or forum.is_announcements or not _is_open(user, forum):
        return False
    return not forum.is_reports or thread.author_id == user.pk


def can_edit_post(user, post: Post, now=None) -> bool:
    """Moderators edit any post; authors theirs during 30 minutes while they
    may still reply."""
    thread = post.thread
    if can_moderate(user, thread.forum):
        return True
    now = now or timezone.now()
    return (
        post.author_id == user.pk
        and not post.is_hidden
        and now - post.created_at <= EDIT_WINDOW
        and can_reply(user, thread)
    )
