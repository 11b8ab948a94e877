"""Writes about forums: forums and subscriptions on enrolment, threads and
posts, moderation (audited), read marks, subscriptions and email delivery.

Every function is keyword-only and atomic; emails go out from Celery tasks
queued with ``transaction.on_commit``. Access is checked here with
``forums.permissions`` (PermissionDenied) on objects the caller fetched
through ``forums.selectors`` (so an invisible object was already a 404)."""

import datetime
import logging

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import fragments, outbox, uploads
from courses.api import Course, Preparation, Registration
from notifications import api as notifications_api

from . import permissions
from .models import (
    Attachment,
    Delivery,
    Forum,
    ForumRead,
    ModerationAction,
    Post,
    Subscription,
    Thread,
    ThreadRead,
)
from .richtext import sanitise, to_text

# Attachments of a message: kinds, size and count (checked by core.uploads).
ATTACHMENT_MAX_SIZE = 5 * 1024 * 1024
ATTACHMENT_MAX_FILES = 3

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
# The first digest after subscribing never reaches further back than this.
DIGEST_LOOKBACK = datetime.timedelta(days=2)
UNSUBSCRIBE_SALT = "forums.unsubscribe"

# Default email mode of the subscriptions made on enrolment: announcements
# and one's own reports at once, discussions in the daily digest.
DEFAULT_MODES = {
    Forum.Kind.ANNOUNCEMENTS: Subscription.Mode.IMMEDIATE,
    Forum.Kind.REPORTS: Subscription.Mode.IMMEDIATE,
    Forum.Kind.GENERAL: Subscription.Mode.DIGEST,
}


# --- Forums and subscriptions on enrolment -----------------------------------


def _preparation_titles(preparation: Preparation) -> dict[str, tuple[str, str]]:
    name = preparation.name
    return {
        Forum.Kind.GENERAL: (
            _("Discussion — %(name)s") % {"name": name},
            _("Share your experience and ask the group and the trainers."),
        ),
        Forum.Kind.ANNOUNCEMENTS: (
            _("Announcements — %(name)s") % {"name": name},
            _("Important information from the training team."),
        ),
        Forum.Kind.REPORTS: (
            _("Reports — %(name)s") % {"name": name},
            _(
                "Report an error in the content or a malfunction. Only you and the "
                "training team see your reports."
            ),
        ),
    }


@transaction.atomic
def forums_ensure_for_preparation(*, preparation: Preparation) -> list[Forum]:
    """Create the general, announcements and reports forums of
    ``preparation`` when missing (idempotent). Returns the three forums."""
    existing = {f.kind: f for f in Forum.objects.filter(preparation=preparation)}
    with translation.override(settings.LANGUAGE_CODE):
        titles = _preparation_titles(preparation)
    for position, kind in enumerate(
        [Forum.Kind.ANNOUNCEMENTS, Forum.Kind.GENERAL, Forum.Kind.REPORTS]
    ):
        if kind not in existing:
            title, description = titles[kind]
            existing[kind], _created = Forum.objects.get_or_create(
                preparation=preparation,
                kind=kind,
                defaults={"title": title, "description": description, "position": position},
            )
    return list(existing.values())


@transaction.atomic
def forums_ensure_for_courses(*, course_ids) -> list[Forum]:
    """Create the general forum of each course when missing (idempotent)."""
    course_ids = set(course_ids)
    existing = {
        f.course_id: f
        for f in Forum.objects.filter(
            course_id__in=course_ids, kind=Forum.Kind.GENERAL, activity=None
        )
    }
    missing = Course.objects.filter(pk__in=course_ids - set(existing))
    with translation.override(settings.LANGUAGE_CODE):
        for course in missing:
            existing[course.pk], _created = Forum.objects.get_or_create(
                course=course,
                kind=Forum.Kind.GENERAL,
                activity=None,
                defaults={
                    "title": _("Course forum — %(title)s") % {"title": course.title},
                    "description": _("Questions and discussion about this course."),
                },
            )
    return list(existing.values())


@transaction.atomic
def subscriptions_on_enrolment(*, registration: Registration, course_ids) -> int:
    """Subscribe ``registration``'s candidate to the forums of its
    preparation and of the newly activated courses, creating those forums
    when missing. An existing subscription (maybe turned off by the
    candidate) is kept as it is. Returns the number of new subscriptions."""
    forums = forums_ensure_for_preparation(preparation=registration.preparation)
    forums += forums_ensure_for_courses(course_ids=course_ids)
    modes = _modes_chosen(registration.candidate_id)
    created = Subscription.objects.bulk_create(
        [
            Subscription(user_id=registration.candidate_id, forum=f, mode=modes[f.kind])
            for f in forums
        ],
        ignore_conflicts=True,
    )
    return len(created)


# "Mon compte" (notifications' channels) -> the email mode of subscriptions.
_MODE_OF_CHANNEL = {
    notifications_api.IN_SITE: Subscription.Mode.NONE,
    notifications_api.IMMEDIATE: Subscription.Mode.IMMEDIATE,
    notifications_api.DIGEST: Subscription.Mode.DIGEST,
}
_FORUM_KIND_OF = {
    notifications_api.FORUM: Forum.Kind.GENERAL,
    notifications_api.ANNOUNCEMENT: Forum.Kind.ANNOUNCEMENTS,
}


def _mode_of(kind: str, channel: str) -> str:
    mode = _MODE_OF_CHANNEL[channel]
    if kind == notifications_api.ANNOUNCEMENT and mode == Subscription.Mode.NONE:
        return Subscription.Mode.IMMEDIATE  # announcements always by email
    return mode


def _modes_chosen(user_id: int) -> dict[str, str]:
    """The email mode of new subscriptions, per forum kind: the person's
    channels for discussions and announcements ("Mon compte"). One query."""
    channels = notifications_api.channels_of(user_id)
    modes: dict[str, str] = {str(kind): str(mode) for kind, mode in DEFAULT_MODES.items()}
    for kind, forum_kind in _FORUM_KIND_OF.items():
        modes[forum_kind] = _mode_of(kind, channels[kind])
    return modes


def subscriptions_apply_channels(*, user_id: int, changed: dict[str, str]) -> int:
    """A person chose a new channel for forum discussions or announcements in
    "Mon compte": every subscription of theirs to forums of that kind takes
    it (each forum can be set again on the subscriptions page). Returns how
    many subscriptions changed."""
    count = 0
    for kind, channel in changed.items():
        forum_kind = _FORUM_KIND_OF.get(kind)
        if forum_kind is None:
            continue
        mode = _mode_of(kind, channel)
        count += (
            Subscription.objects.filter(user_id=user_id, forum__kind=forum_kind)
            .exclude(mode=mode)
            .update(mode=mode)
        )
    if count:
        fragments.bump(fragments.user_scope(user_id))  # update() sends no signal
    return count


@transaction.atomic
def subscription_set_mode(*, actor, forum: Forum, mode: str) -> Subscription:
    """Set ``actor``'s email mode for ``forum`` (a forum they may see).
    Announcements cannot be turned off."""
    if mode not in Subscription.Mode.values:
        raise ValidationError(_("Unknown choice."))
    if forum.is_announcements and mode == Subscription.Mode.NONE:
        raise ValidationError(_("Announcements cannot be turned off."))
    subscription, _created = Subscription.objects.update_or_create(
        user=actor, forum=forum, defaults={"mode": mode}
    )
    return subscription


def unsubscribe_token(*, user_id: int, forum_id: int | None) -> str:
    """Signed token for the one-click unsubscribe link of an email: one
    forum, or every digest subscription when ``forum_id`` is None."""
    return signing.dumps({"u": user_id, "f": forum_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, int | None]:
    """(user id, forum id or None); raises ValidationError when tampered."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["u"]), (int(data["f"]) if data.get("f") is not None else None)
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise ValidationError(_("This unsubscribe link is not valid.")) from exc


@transaction.atomic
def unsubscribe_with_token(*, token: str) -> list[Forum]:
    """Apply a one-click unsubscribe link (no login): the forum's emails
    stop; an announcements forum, which cannot be turned off, moves to the
    daily digest. A digest link stops every digest but announcements.
    Returns the forums changed."""
    user_id, forum_id = read_unsubscribe_token(token)
    subscriptions = Subscription.objects.select_for_update(of=("self",)).filter(user_id=user_id)
    if forum_id is None:
        subscriptions = subscriptions.filter(mode=Subscription.Mode.DIGEST)
    else:
        subscriptions = subscriptions.filter(forum_id=forum_id)
    changed = []
    for subscription in subscriptions.select_related("forum"):
        if subscription.forum.is_announcements:
            target = Subscription.Mode.DIGEST
        else:
            target = Subscription.Mode.NONE
        if subscription.mode != target:
            subscription.mode = target
            subscription.save(update_fields=["mode"])
        changed.append(subscription.forum)
    return changed


# --- Threads and posts ---------------------------------------------------------


def _clean_body(body: str) -> tuple[str, str]:
    safe = sanitise(body)
    text = to_text(safe)
    if not text:
        raise ValidationError({"body": _("The message is empty.")})
    return safe, text


def _attach(post: Post, files) -> None:
    files = [f for f in files if f]
    if len(files) > ATTACHMENT_MAX_FILES:
        raise ValidationError(
            {
                "attachments": ngettext(
                    "At most %(count)d file per message.",
                    "At most %(count)d files per message.",
                    ATTACHMENT_MAX_FILES,
                )
                % {"count": ATTACHMENT_MAX_FILES}
            }
        )
    try:
        checked = uploads.check_uploads(
            files,
            kinds=uploads.ATTACHMENTS,
            max_size=ATTACHMENT_MAX_SIZE,
            max_count=ATTACHMENT_MAX_FILES,
        )
    except ValidationError as exc:
        raise ValidationError({"attachments": exc.messages}) from exc
    names = uploads.store_all(checked, f"forums/{timezone.now():%Y/%m}")
    try:
        for item, name in zip(checked, names, strict=True):
            Attachment.objects.create(
                post=post, file=name, name=item.name[:200], content_type=item.content_type,
                size=item.size,
            )  # fmt: skip
    except BaseException:
        uploads.delete_quietly(names)
        raise


def _queue_delivery(post: Post) -> None:
    outbox.enqueue("forums.tasks.fan_out_post", post.pk)


@transaction.atomic
def thread_create(*, actor, forum: Forum, title: str, body: str, files=()) -> Thread:
    """Start a thread in ``forum`` with its first post; subscribers are
    emailed after commit."""
    if not permissions.can_start_thread(actor, forum):
        raise PermissionDenied(_("You cannot start a thread in this forum."))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("Give the thread a subject.")})
    safe, text = _clean_body(body)
    now = timezone.now()
    thread = Thread.objects.create(
        forum=forum, title=title[:200], author=actor, created_at=now, last_post_at=now, post_count=1
    )
    post = Post.objects.create(
        thread=thread, author=actor, body=safe, body_text=text, created_at=now
    )
    _attach(post, files)
    _queue_delivery(post)
    if forum.is_announcements:
        _notify_announcement(thread)
    return thread


def _notify_announcement(thread: Thread) -> None:
    """A new announcement in the notifications of the forum's subscribers who
    may read it (its email is the forum's own delivery)."""
    from .selectors import audience_of

    readers = (
        audience_of(thread.forum, thread)
        .filter(forum_subscriptions__forum=thread.forum)
        .exclude(pk=thread.author_id)
        .values_list("pk", flat=True)
    )
    notifications_api.notify(
        user_ids=list(readers),
        kind=notifications_api.ANNOUNCEMENT,
        title=_("Announcement: %(title)s") % {"title": thread.title},
        url=thread.get_absolute_url(),
        target=f"forums.thread:{thread.pk}",
        dedup_key=f"forums.announcement:{thread.pk}",
    )


@transaction.atomic
def post_create(*, actor, thread: Thread, body: str, quoted: Post | None = None, files=()) -> Post:
    """Reply in ``thread`` (optionally quoting one of its posts)."""
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    thread.is_locked = locked.is_locked
    if not permissions.can_reply(actor, thread):
        if locked.is_locked:
            raise PermissionDenied(_("This thread is locked: no new reply."))
        raise PermissionDenied(_("You cannot reply in this thread."))
    if quoted is not None and (quoted.thread_id != thread.pk or quoted.is_hidden):
        quoted = None
    safe, text = _clean_body(body)
    now = timezone.now()
    post = Post.objects.create(
        thread=thread, author=actor, body=safe, body_text=text, quoted=quoted, created_at=now
    )
    _attach(post, files)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, post_count=F("post_count") + 1)
    thread_mark_read(user=actor, thread=thread, up_to=now)
    _queue_delivery(post)
    return post


@transaction.atomic
def post_edit(*, actor, post: Post, body: str) -> Post:
    """Change a post's text: its author within 30 minutes, a moderator at
    any time (audited)."""
    if not permissions.can_edit_post(actor, post):
        raise PermissionDenied(_("This message can no longer be edited."))
    safe, text = _clean_body(body)
    previous = post.body
    post.body, post.body_text = safe, text
    post.edited_at, post.edited_by = timezone.now(), actor
    post.save(update_fields=["body", "body_text", "edited_at", "edited_by"])
    if post.author_id != actor.pk:
        ModerationAction.objects.create(
            actor=actor,
            action=ModerationAction.Action.EDIT,
            thread_id=post.thread_id,
            post=post,
            details={"previous": previous},
        )
    return post


def _require_moderator(actor, forum: Forum) -> None:
    if not permissions.can_moderate(actor, forum):
        raise PermissionDenied(_("Only the forum's moderators can do this."))


@transaction.atomic
def post_set_hidden(*, actor, post: Post, hidden: bool) -> Post:
    """Hide a post from participants (moderators still see it), or show it
    again. Audited."""
    _require_moderator(actor, post.thread.forum)
    if post.is_hidden != hidden:
        post.is_hidden = hidden
        post.save(update_fields=["is_hidden"])
        ModerationAction.objects.create(
            actor=actor,
            action=ModerationAction.Action.HIDE if hidden else ModerationAction.Action.UNHIDE,
            thread_id=post.thread_id,
            post=post,
        )
    return post


@transaction.atomic
def thread_moderate(*, actor, thread: Thread, action: str) -> Thread:
    """Lock, unlock, pin or unpin ``thread``. Audited."""
    _require_moderator(actor, thread.forum)
    changes = {
        ModerationAction.Action.LOCK: ("is_locked", True),
        ModerationAction.Action.UNLOCK: ("is_locked", False),
        ModerationAction.Action.PIN: ("is_pinned", True),
        ModerationAction.Action.UNPIN: ("is_pinned", False),
    }
    if action not in changes:
        raise ValidationError(_("Unknown moderation action."))
    field, value = changes[action]
    if getattr(thread, field) != value:
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        ModerationAction.objects.create(actor=actor, action=action, thread=thread)
    return thread


@transaction.atomic
def thread_move(*, actor, thread: Thread, forum: Forum) -> Thread:
    """Move ``thread`` to another forum; the moderator must moderate both."""
    _require_moderator(actor, thread.forum)
    if not permissions.can_moderate(actor, forum):
        raise PermissionDenied(_("You do not moderate the destination forum."))
    if forum.pk != thread.forum_id:
        origin = thread.forum_id
        thread.forum = forum
        thread.save(update_fields=["forum"])
        ModerationAction.objects.create(
            actor=actor,
            action=ModerationAction.Action.MOVE,
            thread=thread,
            details={"from": origin, "to": forum.pk},
        )
    return thread


# --- Read marks ----------------------------------------------------------------


def thread_mark_read(*, user, thread: Thread, up_to: datetime.datetime) -> None:
    """Posts of ``thread`` up to ``up_to`` are read by ``user`` (never
    moves the mark back)."""
    if not user.is_authenticated:
        return
    # ``read_at`` comes with a thread from ``selectors.thread_for``: then no
    # query when nothing changes, one otherwise.
    known = getattr(thread, "read_at", ...)
    if known is None:
        ThreadRead.objects.bulk_create(
            [ThreadRead(user=user, thread=thread, read_at=up_to)], ignore_conflicts=True
        )
        return
    if known is not ... and known >= up_to:
        return
    updated = ThreadRead.objects.filter(user=user, thread=thread, read_at__lt=up_to).update(
        read_at=up_to
    )
    if not updated and known is ...:
        ThreadRead.objects.get_or_create(user=user, thread=thread, defaults={"read_at": up_to})


@transaction.atomic
def forum_mark_read(*, actor, forum: Forum) -> None:
    """ "Mark all read": every post of ``forum`` until now is read."""
    ForumRead.objects.update_or_create(
        user=actor, forum=forum, defaults={"read_at": timezone.now()}
    )


# --- Email delivery --------------------------------------------------------------


def post_fan_out(*, post_id: int) -> list[list[int]]:
    """Create a pending delivery of ``post`` for each subscriber in
    immediate mode who may read it, and return the pending delivery ids in
    batches. Safe to run twice: the unique (post, recipient) key keeps one
    delivery each."""
    from .selectors import audience_of

    post = Post.objects.select_related("thread__forum").filter(pk=post_id).first()
    if post is None or post.is_hidden:
        return []
    thread = post.thread
    recipients = (
        audience_of(thread.forum, thread)
        .filter(
            forum_subscriptions__forum=thread.forum,
            forum_subscriptions__mode=Subscription.Mode.IMMEDIATE,
        )
        .exclude(pk=post.author_id)
        .exclude(email=None)
        .values_list("pk", flat=True)
    )
    Delivery.objects.bulk_create(
        [
            Delivery(post=post, recipient_id=pk, kind=Delivery.Kind.IMMEDIATE)
            for pk in recipients.iterator()
        ],
        ignore_conflicts=True,
        batch_size=1000,
    )
    pending = list(
        Delivery.objects.filter(post=post, status=Delivery.Status.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [pending[i : i + BATCH_SIZE] for i in range(0, len(pending), BATCH_SIZE)]


def _claim(deliveries) -> list[int]:
    """Pending deliveries moved to "sending" in a committed transaction, so
    that a second run of the task (or a concurrent one) skips them: at most
    once, even if a worker dies mid-way."""
    with transaction.atomic():
        ids = list(
            deliveries.filter(status=Delivery.Status.PENDING)
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Delivery.objects.filter(pk__in=ids).update(
            status=Delivery.Status.SENDING, attempts=F("attempts") + 1
        )
    return ids


@transaction.atomic
def _send_all(messages: list[tuple[list[int], dict]]) -> None:
    """Write the email of each (delivery ids, message) pair (core.mail: sent
    by the one email task, which retries and records the outcome) and mark
    the deliveries sent, in one transaction."""
    from core import mail

    sent = []
    for ids, message in messages:
        mail.send_rendered(**message, dedup_key=f"forums.delivery:{min(ids)}")
        sent += ids
    Delivery.objects.filter(pk__in=sent).update(status=Delivery.Status.SENT, sent_at=timezone.now())


def deliveries_send(*, delivery_ids) -> int:
    """Send the immediate emails of these deliveries (those still pending).
    Returns how many were claimed."""
    from .emails import post_message

    ids = _claim(Delivery.objects.filter(pk__in=list(delivery_ids)))
    rows = Delivery.objects.filter(pk__in=ids).select_related(
        "post__thread__forum", "post__author", "recipient"
    )
    with translation.override(settings.LANGUAGE_CODE):
        _send_all([([d.pk], post_message(d.post, d.recipient)) for d in rows])
    return len(ids)


def digest_recipients() -> list[int]:
    """Ids of the users with at least one digest subscription."""
    return list(
        Subscription.objects.filter(mode=Subscription.Mode.DIGEST, user__is_active=True)
        .exclude(user__email=None)
        .values_list("user_id", flat=True)
        .distinct()
        .order_by("user_id")
    )


def digest_send(*, user_id: int, now=None) -> int:
    """Email ``user_id`` one French digest of the posts of their digest
    forums not yet delivered to them, grouped by forum and thread. Safe to
    run twice: the posts are recorded as deliveries before sending. Returns
    the number of posts in the digest (0: no email)."""
    from django.contrib.auth import get_user_model

    from .emails import digest_message
    from .selectors import threads_visible_to

    now = now or timezone.now()
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        return 0
    with transaction.atomic():
        # Locking the user's digest subscriptions serialises two runs for one user.
        subscriptions = list(
            Subscription.objects.select_for_update()
            .filter(user=user, mode=Subscription.Mode.DIGEST)
            .order_by("pk")
        )
        if not subscriptions:
            return 0
        since = Q()
        for s in subscriptions:
            since |= Q(
                thread__forum_id=s.forum_id,
                created_at__gt=max(s.created_at, now - DIGEST_LOOKBACK),
            )
        posts = list(
            Post.objects.filter(since, is_hidden=False, created_at__lte=now)
            .filter(thread__in=threads_visible_to(user).values("pk"))
            .exclude(author=user)
            .exclude(deliveries__recipient=user)
            .select_related("thread__forum", "author")
            .order_by("thread__forum__title", "thread__forum_id", "thread_id", "created_at")
        )
        if not posts:
            return 0
        Delivery.objects.bulk_create(
            [
                Delivery(
                    post=p,
                    recipient=user,
                    kind=Delivery.Kind.DIGEST,
                    status=Delivery.Status.SENDING,
                    attempts=1,
                    created_at=now,
                )
                for p in posts
            ],
            ignore_conflicts=True,
        )
        ours = set(
            Delivery.objects.filter(
                recipient=user,
                kind=Delivery.Kind.DIGEST,
                created_at=now,
                post__in=[p.pk for p in posts],
            ).values_list("post_id", flat=True)
        )
        posts = [p for p in posts if p.pk in ours]
        ids = list(
            Delivery.objects.filter(recipient=user, post__in=ours).values_list("pk", flat=True)
        )
    if posts:
        with translation.override(settings.LANGUAGE_CODE):
            _send_all([(ids, digest_message(user, posts))])
    return len(posts)
