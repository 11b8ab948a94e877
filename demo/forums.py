"""Demo forums (idempotent): for each preparation with candidates, its
forums and subscriptions, a pinned announcement, a lively discussion and a
report thread, in French. Runs after ``demo.courses``; does nothing when
there is no preparation yet."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.api import Registration
from demo.texts import data
from forums import services
from forums.models import Forum, Post, Thread
from forums.richtext import sanitise, to_text

# (title, posts) of each thread: demo/data/forums/threads.json.
_THREADS = data("forums/threads.json")
ANNOUNCEMENT, DISCUSSION, REPORT = (
    (_THREADS[name]["title"], _THREADS[name]["posts"])
    for name in ("announcement", "discussion", "report")
)


def _thread(forum, title, authors, bodies, *, start, pinned=False):
    thread, created = Thread.objects.get_or_create(
        forum=forum,
        title=title,
        defaults={
            "author": authors[0],
            "created_at": start,
            "last_post_at": start,
            "is_pinned": pinned,
        },
    )
    if not created:
        return thread
    when = start
    for i, body in enumerate(bodies):
        safe = sanitise(body)
        Post.objects.create(
            thread=thread,
            author=authors[i % len(authors)],
            body=safe,
            body_text=to_text(safe),
            created_at=when,
        )
        when += datetime.timedelta(hours=5)
    thread.post_count = len(bodies)
    thread.last_post_at = when - datetime.timedelta(hours=5)
    thread.save(update_fields=["post_count", "last_post_at"])
    return thread


def seed(stdout) -> None:
    registrations = list(
        Registration.objects.select_related("preparation__centre", "candidate").order_by("pk")
    )
    if not registrations:
        stdout.write("forums: no preparation yet, no demo forum.")
        return
    for registration in registrations:
        course_ids = registration.enrolments.values_list("course_id", flat=True)
        services.subscriptions_on_enrolment(registration=registration, course_ids=course_ids)
    User = get_user_model()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    demo_trainer = User.objects.filter(username="formateur").first()
    start = timezone.now() - datetime.timedelta(days=6)
    for preparation in {r.preparation for r in registrations}:
        candidates = [r.candidate for r in registrations if r.preparation == preparation]
        staff = preparation.centre.coordinators.order_by("pk").first() or admin
        trainer = demo_trainer or staff
        forums = {f.kind: f for f in Forum.objects.filter(preparation=preparation)}
        people = [*candidates, trainer] if trainer else candidates
        if staff:
            _thread(
                forums[Forum.Kind.ANNOUNCEMENTS],
                ANNOUNCEMENT[0],
                [staff],
                ANNOUNCEMENT[1],
                start=start,
                pinned=True,
            )
        order = [people[0], *(candidates[1:2] or []), *([trainer] if trainer else []), people[0]]
        _thread(
            forums[Forum.Kind.GENERAL],
            DISCUSSION[0],
            order,
            DISCUSSION[1],
            start=start + datetime.timedelta(days=1),
        )
        _thread(
            forums[Forum.Kind.REPORTS],
            REPORT[0],
            [candidates[0], *([staff] if staff else [])],
            REPORT[1],
            start=start + datetime.timedelta(days=2),
        )
    stdout.write("forums: announcements, discussions and reports ready.")
