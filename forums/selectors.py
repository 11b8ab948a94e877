"""Reads about forums. Every queryset returns only what ``user`` may see.

Who sees what (docs/decisions/0008-forums-access-and-delivery.md):
- a preparation's forums: its candidates (any status: withdrawn and finished
  ones keep read access), the tutors of its active candidates, the
  coordinators of its centre, the trainers teaching its candidates, admins;
- a course's forum: whoever may read the course (``courses_visible_to``);
- in a reports forum ("Signalements") a non-moderator sees only the threads
  they started."""

import datetime
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.postgres.aggregates import JSONBAgg
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, JSONObject
from django.utils import timezone

from core import fragments
from core.prepared import Prepared
from courses import api as courses_api
from courses.api import (
    Enrolment,
    Registration,
    coordinator_q,
    courses_visible_to,
    trained_course_ids,
    tutor_q,
)

from .models import Attachment, Forum, ForumRead, Post, Subscription, Thread, ThreadRead

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 20
# Authors may edit their message this long after posting it.
EDIT_WINDOW = datetime.timedelta(minutes=30)


def _taught_courses(user):
    return trained_course_ids(user)


def _preparations_taught_by(user):
    """Preparations whose candidates follow a course ``user`` teaches."""
    return courses_api.preparations_of_trainer(user)


def _preparations_moderated_by(user):
    return courses_api.preparations_coordinated_or_taught_by(user)


def _preparations_visible_to(user):
    return courses_api.preparations_of_member(user, or_among=_preparations_moderated_by(user))


def forums_visible_to(user):
    """Forums ``user`` may open."""
    if not user.is_authenticated:
        return Forum.objects.none()
    if user.is_superuser:
        return Forum.objects.all()
    return Forum.objects.filter(
        Q(preparation__in=_preparations_visible_to(user).values("pk"))
        | Q(course__in=courses_visible_to(user).values("pk"))
    )


def forums_moderated_by(user):
    """Forums ``user`` moderates (and may post announcements in): the
    coordinators of the preparation's centre and the trainers of its
    candidates; the trainers of a course; admins everywhere."""
    if not user.is_authenticated:
        return Forum.objects.none()
    if user.is_superuser:
        return Forum.objects.all()
    return Forum.objects.filter(
        Q(preparation__in=_preparations_moderated_by(user).values("pk"))
        | Q(course__in=_taught_courses(user))
    )


def forums_open_to(user):
    """Forums where ``user`` may take part (start a thread, reply) besides
    moderators: active candidates and their tutors, course staff. Withdrawn
    and finished candidates only read (docs/decisions/0001)."""
    if not user.is_authenticated:
        return Forum.objects.none()
    preparations = courses_api.preparations_acted_in_by(user)
    courses = courses_api.courses_acted_in_by(user)
    return Forum.objects.filter(
        Q(preparation__in=preparations.values("pk")) | Q(course__in=courses.values("pk"))
    )


# One field for every boolean expression below (Django's own aggregates share
# their output field too): building a field each time shows in the profile.
_BOOLEAN = BooleanField()


def _bool(condition: Q) -> ExpressionWrapper:
    return ExpressionWrapper(condition, _BOOLEAN)


def _in(field, forums):
    # Non-correlated "IN (subquery)": PostgreSQL hashes it once per query.
    return _bool(Q(**{f"{field}__in": forums.values("pk")}))


def _with_rights(forums, user):
    return forums.annotate(
        is_moderator=_in("pk", forums_moderated_by(user)),
        is_open=_in("pk", forums_open_to(user)),
    )


def _thread_visibility(user, prefix="", moderated_ids=None):
    """Q hiding other people's report threads from non-moderators (the ids
    of the forums ``user`` moderates may be given when already known)."""
    moderated = forums_moderated_by(user).values("pk") if moderated_ids is None else moderated_ids
    return (
        ~Q(**{f"{prefix}forum__kind": Forum.Kind.REPORTS})
        | Q(**{f"{prefix}author": user})
        | Q(**{f"{prefix}forum__in": moderated})
    )


def threads_visible_to(user):
    """Threads ``user`` may open."""
    if not user.is_authenticated:
        return Thread.objects.none()
    threads = Thread.objects.filter(forum__in=forums_visible_to(user).values("pk"))
    if user.is_superuser:
        return threads
    return threads.filter(_thread_visibility(user))


def posts_visible_to(user):
    """Posts ``user`` may see (hidden ones show as a placeholder except to
    moderators)."""
    return Post.objects.filter(thread__in=threads_visible_to(user).values("pk"))


def _unread_posts(user, moderated_ids=None):
    """Posts unread by ``user``, forum visibility left to the caller: not
    theirs, not hidden, after their read mark of the thread and of the forum."""
    thread_read = ThreadRead.objects.filter(user=user, thread=OuterRef("thread_id"))
    forum_read = ForumRead.objects.filter(user=user, forum=OuterRef("thread__forum_id"))
    floor = Greatest(
        Coalesce(Subquery(thread_read.values("read_at")[:1]), Value(EPOCH)),
        Coalesce(Subquery(forum_read.values("read_at")[:1]), Value(EPOCH)),
        output_field=DateTimeField(),
    )
    posts = (
        Post.objects.filter(is_hidden=False)
        .exclude(author=user)
        .alias(read_floor=floor)
        .filter(created_at__gt=F("read_floor"))
    )
    if not user.is_superuser:
        posts = posts.filter(_thread_visibility(user, "thread__", moderated_ids))
    return posts


def _counts(queryset, group) -> dict[int, int]:
    rows = queryset.order_by().values(group).annotate(n=Count("pk")).values_list(group, "n")
    return dict(rows)


def forum_index(user) -> list[Forum]:
    """Forums ``user`` may open, with their preparation or course, their
    unread count, thread count and rights. Three queries: the forums, the
    thread counts, the unread counts."""
    forums = list(
        _with_rights(forums_visible_to(user), user)
        .select_related("preparation__centre", "course")
        .order_by("course__position", "course__title", "preparation__name", "position", "kind")
    )
    ids = [f.pk for f in forums]
    moderated = [f.pk for f in forums if f.is_moderator]
    threads = Thread.objects.filter(forum__in=ids)
    if not user.is_superuser:
        threads = threads.filter(_thread_visibility(user, "", moderated))
    thread_totals = _counts(threads, "forum_id")
    unread = _counts(
        _unread_posts(user, moderated).filter(thread__forum__in=ids), "thread__forum_id"
    )
    for forum in forums:
        forum.thread_total = thread_totals.get(forum.pk, 0)
        forum.unread = unread.get(forum.pk, 0)
    return forums


def forum_for(user, forum_id: int) -> Forum | None:
    """The forum ``forum_id`` annotated with ``is_moderator`` and
    ``is_open``, or None when ``user`` may not see it. One query."""
    return (
        _with_rights(forums_visible_to(user), user)
        .select_related("preparation", "course")
        .filter(pk=forum_id)
        .first()
    )


def threads_of(user, forum: Forum):
    """Threads of ``forum`` shown to ``user`` (pinned first, latest activity
    first) with their author."""
    threads = forum.threads.all()
    if not (user.is_superuser or getattr(forum, "is_moderator", False)):
        known = [] if hasattr(forum, "is_moderator") else None
        threads = threads.filter(_thread_visibility(user, "", known))
    return threads.select_related("author")


def with_unread(user, threads, forum: Forum | None = None) -> list[Thread]:
    """``threads`` (a page of ``forum``) with their unread count, in one query."""
    threads = list(threads)
    known = None
    if forum is not None and hasattr(forum, "is_moderator"):
        known = [forum.pk] if forum.is_moderator else []
    unread = _counts(
        _unread_posts(user, known).filter(thread__in=[t.pk for t in threads]), "thread_id"
    )
    for thread in threads:
        thread.unread = unread.get(thread.pk, 0)
    return threads


def _rights_rows(user):
    """One row (forum id, sees it, moderates it, takes part in it) per rule
    that gives ``user`` a right on a forum; ``forum_rights`` merges them.

    The rules of ``forums_visible_to``, ``forums_moderated_by`` and
    ``forums_open_to`` (tests/forums/test_rights.py checks that they agree
    for every role), written as a few flat row sets instead of nested
    subqueries: building those nested querysets cost several times what
    PostgreSQL then spends on them."""
    yes, no = Value(True, _BOOLEAN), Value(False, _BOOLEAN)
    active = Registration.Status.ACTIVE
    forums = Forum.objects.order_by()
    # A preparation's forums: its candidates (any status) and the tutors of
    # its active candidates read them; they take part while the
    # registration is active.
    members = forums.filter(
        Q(preparation__registrations__candidate=user)
        | tutor_q(user, via="preparation__registrations__")
    ).values_list("pk", yes, no, _bool(Q(preparation__registrations__status=active)))
    # A course's forum: its trainers moderate it; its staff and its active
    # candidates take part (who reads it is the course's rule, below).
    course_staff = forums.filter(
        course__enrolments__user=user, course__enrolments__status=Enrolment.Status.ACTIVE
    ).values_list(
        "pk",
        no,
        _bool(Q(course__enrolments__role=Enrolment.Role.TRAINER)),
        _bool(
            Q(course__enrolments__role__in=[Enrolment.Role.TRAINER, Enrolment.Role.PRODUCER])
            | Q(
                course__enrolments__role=Enrolment.Role.CANDIDATE,
                course__enrolments__registration__status=active,
            )
        ),
    )
    if user.is_superuser:
        # Admins read and moderate every forum (and take part as anyone).
        readers = [forums.values_list("pk", yes, yes, no)]
    else:
        readers = [
            # A preparation's forums: the coordinators of its centre and
            # the trainers of its candidates moderate them.
            forums.filter(
                coordinator_q(user, via="preparation__centre__")
                | Q(
                    preparation_id__in=Enrolment.objects.filter(
                        role=Enrolment.Role.CANDIDATE,
                        status=Enrolment.Status.ACTIVE,
                        course_id__in=_taught_courses(user),
                    ).values("registration__preparation_id")
                )
            ).values_list("pk", yes, yes, no),
            # A course's forum: whoever may read the course reads it.
            forums.filter(course_id__in=courses_visible_to(user).values("pk")).values_list(
                "pk", yes, no, no
            ),
        ]
    return members.union(*readers, course_staff, all=True)


# A stand-in user id (core.prepared.Prepared): nothing else in these queries is
# a negative number.
_ANY_USER = -7_340_033


def _stand_in_user(is_superuser: bool, pk: int = _ANY_USER):
    """An unsaved user for compiling the queries of any user of this kind
    (the rules branch on ``is_superuser`` only)."""
    return get_user_model()(pk=pk, is_superuser=is_superuser)


_RIGHTS = Prepared(
    lambda is_superuser, user_id: _rights_rows(_stand_in_user(is_superuser, user_id)),
    [_ANY_USER],
)


def forum_rights(user) -> dict[int, tuple[bool, bool]]:
    """{forum id: (moderates it, takes part in it)} for every forum ``user``
    may open. One query, kept in the cache until the user's rows or the
    content change (core/fragments.py): enrolments, registrations, centres
    and forums all renew it."""
    if not user.is_authenticated:
        return {}

    def build():
        rights: dict[int, tuple[bool, bool]] = {}
        seen = set()
        for pk, sees, moderates, takes_part in _RIGHTS.rows(user.is_superuser, user.pk):
            if sees:
                seen.add(pk)
            was_moderator, was_open = rights.get(pk, (False, False))
            rights[pk] = (was_moderator or bool(moderates), was_open or bool(takes_part))
        return {pk: rights[pk] for pk in sorted(seen)}

    return fragments.cached_value(
        "forums.rights", [fragments.user_scope(user), fragments.CONTENT], build, vary=[user.pk]
    )


_ANY_THREAD = -7_340_034
_ANY_MOMENT = datetime.datetime(1901, 2, 3, 4, 5, 6, tzinfo=datetime.UTC)
_THREAD_FIELDS = [f.attname for f in Thread._meta.concrete_fields]
_FORUM_FIELDS = [f.attname for f in Forum._meta.concrete_fields]


def _thread_row(_key, thread_id, user_id, since):
    """The thread, its forum's columns, the user's read mark and whether
    they posted since ``since``. The thread id is known: the subqueries name
    it rather than refer to the outer row."""
    read = ThreadRead.objects.filter(user_id=user_id, thread_id=thread_id).values("read_at")
    return (
        Thread.objects.filter(pk=thread_id)
        .annotate(
            read_at=Subquery(read[:1]),
            has_own_recent_post=Exists(
                Post.objects.filter(thread_id=thread_id, author_id=user_id, created_at__gte=since)
            ),
        )
        .order_by()
        .values_list(
            *_THREAD_FIELDS,
            *[f"forum__{name}" for name in _FORUM_FIELDS],
            "read_at",
            "has_own_recent_post",
        )
    )


_THREAD = Prepared(_thread_row, [_ANY_THREAD, _ANY_USER, _ANY_MOMENT])


def thread_for(user, thread_id: int) -> Thread | None:
    """The thread with its forum annotated with the user's rights, or None
    when ``user`` may not open it (the same rule as ``threads_visible_to``).
    Two queries on a first visit (the rights, then cached; the thread)."""
    rights = forum_rights(user)
    if not rights:
        return None
    rows = _THREAD.rows(None, thread_id, user.pk, timezone.now() - EDIT_WINDOW)
    if not rows:
        return None
    row, split = rows[0], len(_THREAD_FIELDS)
    forum = row[split : split + len(_FORUM_FIELDS)]
    thread = Thread.from_db(Thread.objects.db, _THREAD_FIELDS, row[:split])
    thread.forum = Forum.from_db(Forum.objects.db, _FORUM_FIELDS, forum)
    # The user posted here within the edit window (their own messages then
    # show an "Edit" button: see forums.views).
    thread.read_at, thread.has_own_recent_post = row[-2:]
    if thread.forum_id not in rights:
        return None
    moderates, is_open = rights[thread.forum_id]
    if (
        thread.forum.kind == Forum.Kind.REPORTS
        and not (user.is_superuser or moderates)
        and thread.author_id != user.pk
    ):
        return None
    thread.forum.is_moderator = moderates
    thread.forum.is_open = is_open
    return thread


@dataclass(slots=True)
class QuotedRow:
    """What a message shows of the message it quotes."""

    author_name: str
    is_hidden: bool
    body_text: str


@dataclass(slots=True)
class PostRow:
    """A message of a thread page as plain values: what the page shows and
    what ``permissions.can_edit_post`` reads (no model instance needed)."""

    pk: int
    thread: Thread
    author_id: int
    author_name: str
    created_at: datetime.datetime
    edited_at: datetime.datetime | None
    is_hidden: bool
    body: str
    quoted: QuotedRow | None
    attachments: list[tuple[int, str, int]]  # (id, name, size), in id order


def _name_fields() -> list[str]:
    """The user columns ``get_display_name`` reads, in the model's order
    (``Model.from_db`` expects it); the id first."""
    wanted = {"id", "display_name", "first_name", "last_name", "username"}
    names = [f.attname for f in get_user_model()._meta.concrete_fields if f.attname in wanted]
    assert names[0] == "id", names  # the page's names are keyed on it
    return names


_NAME_FIELDS = _name_fields()


def _posts_rows(number, thread_id):
    """Page ``number`` of a thread's messages in order, their author's and
    quoted message's names, their attachments (one JSON array) and the
    thread's message count (the same for every row): one query. The page is
    cut among the post ids first, so that PostgreSQL joins the authors of
    these posts only (not a hash of every user)."""
    start = (number - 1) * POSTS_PER_PAGE
    page_ids = (
        Post.objects.filter(thread_id=thread_id)
        .order_by("created_at", "pk")
        .values("pk")[start : start + POSTS_PER_PAGE]
    )
    attachments: Subquery | Value
    if connection.vendor == "postgresql":
        attachments = Subquery(
            Attachment.objects.filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(items=JSONBAgg(JSONObject(id="pk", name="name", size="size"), order_by="pk"))
            .values("items")
        )
    else:  # the embedded demo's SQLite: read by _attachments_of, a second query
        attachments = Value(None, output_field=JSONField())
    total = (
        Post.objects.filter(thread_id=thread_id)
        .order_by()
        .values("thread_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Post.objects.filter(pk__in=page_ids)
        .annotate(attachment_items=attachments, total=Subquery(total))
        .order_by("created_at", "pk")
        .values_list(
            "pk",
            "created_at",
            "edited_at",
            "is_hidden",
            "body",
            "quoted_id",
            "quoted__is_hidden",
            "quoted__body_text",
            "attachment_items",
            "total",
            *[f"author__{name}" for name in _NAME_FIELDS],
            *[f"quoted__author__{name}" for name in _NAME_FIELDS],
        )
    )


# One compiled query per page number (its LIMIT and OFFSET are written in
# the SQL), for the first pages; later ones are compiled when asked.
_POSTS = Prepared(_posts_rows, [_ANY_THREAD], max_keys=20)


def _names() -> Callable[[Sequence], str]:
    """``get_display_name`` of the user whose ``_NAME_FIELDS`` are given,
    once per person of the page (the model's own rule)."""
    model, known = get_user_model(), {}

    def name(values: Sequence) -> str:
        if values[0] not in known:
            known[values[0]] = model.from_db(None, _NAME_FIELDS, values).get_display_name()
        return known[values[0]]

    return name


def _page(total: int, number: int) -> Page:
    """Page ``number`` among ``total`` messages, for the page links."""
    return Paginator(range(total), POSTS_PER_PAGE).page(number)


def posts_page(thread: Thread, number: int) -> tuple[Page, list[PostRow]]:
    """Page ``number`` of ``thread`` (past the end: the last) and its
    messages, in one query (a second only if the thread has fewer messages
    than its ``post_count`` said when ``number`` was chosen)."""
    rows = _POSTS.rows(number, thread.pk)
    if not rows and number > 1:
        # Past the end after all: the last page, as Paginator.get_page does.
        last = max(1, -(-thread.posts.count() // POSTS_PER_PAGE))
        return posts_page(thread, last) if last < number else (_page(0, 1), [])
    page = _page(rows[0][9] if rows else 0, number)
    name, width = _names(), len(_NAME_FIELDS)
    attached = {}
    if connection.vendor != "postgresql":
        attached = _attachments_of([row[0] for row in rows])
    posts = []
    for row in rows:
        author, quoted_author = row[10 : 10 + width], row[10 + width :]
        items = row[8] if not attached else attached.get(row[0])
        if isinstance(items, str):  # Django reads jsonb as text
            items = json.loads(items)
        posts.append(
            PostRow(
                pk=row[0],
                thread=thread,
                author_id=author[0],
                author_name=name(author),
                created_at=row[1],
                edited_at=row[2],
                is_hidden=row[3],
                body=row[4],
                quoted=QuotedRow(name(quoted_author), row[6], row[7]) if row[5] else None,
                attachments=[(a["id"], a["name"], a["size"]) for a in items or ()],
            )
        )
    return page, posts


def _attachments_of(post_ids) -> dict[int, list[dict]]:
    """The attachments of these posts, as the PostgreSQL query gives them
    (on databases without ``jsonb_agg``)."""
    attached: dict[int, list[dict]] = {}
    rows = Attachment.objects.filter(post_id__in=post_ids).order_by("pk")
    for post_id, pk, name, size in rows.values_list("post_id", "pk", "name", "size"):
        attached.setdefault(post_id, []).append({"id": pk, "name": name, "size": size})
    return attached


def first_unread_post(user, thread: Thread) -> Post | None:
    return _unread_posts(user).filter(thread=thread).order_by("created_at", "pk").first()


def post_position(post: Post) -> int:
    """0-based rank of ``post`` in its thread (to find its page)."""
    return (
        Post.objects.filter(thread_id=post.thread_id)
        .filter(Q(created_at__lt=post.created_at) | Q(created_at=post.created_at, pk__lt=post.pk))
        .count()
    )


def unread_total(user) -> int:
    """Unread posts in the forums ``user`` is subscribed to and may see."""
    if not user.is_authenticated:
        return 0
    subscribed = Subscription.objects.filter(user=user).values("forum_id")
    return (
        _unread_posts(user)
        .filter(thread__forum__in=subscribed)
        .filter(thread__forum__in=forums_visible_to(user).values("pk"))
        .count()
    )


def subscriptions_of(user) -> list[tuple[Forum, Subscription | None]]:
    """Every forum ``user`` may open, with their subscription if any."""
    forums = list(
        forums_visible_to(user)
        .select_related("preparation", "course")
        .order_by("course__position", "course__title", "preparation__name", "position", "kind")
    )
    subscriptions = {
        s.forum_id: s
        for s in Subscription.objects.filter(user=user, forum__in=[f.pk for f in forums])
    }
    return [(forum, subscriptions.get(forum.pk)) for forum in forums]


def audience_of(forum: Forum, thread: Thread | None = None):
    """Active users who may read ``forum`` (and ``thread`` in a reports
    forum): the people its emails may go to."""
    users = get_user_model().objects.filter(is_active=True)
    if forum.preparation_id:
        candidates, tutors = courses_api.preparation_member_ids(forum.preparation_id)
        trainers = courses_api.preparation_trainer_ids(forum.preparation_id)
        moderators = Q(coordinated_centres__preparations=forum.preparation_id) | Q(pk__in=trainers)
        members = Q(pk__in=candidates) | Q(pk__in=tutors)
    else:
        trainers, members = courses_api.course_people_ids(forum.course_id)
        moderators = Q(pk__in=trainers)
    moderators |= Q(is_superuser=True)
    if forum.is_reports and thread is not None:
        return users.filter(moderators | Q(pk=thread.author_id)).distinct()
    return users.filter(moderators | members).distinct()
