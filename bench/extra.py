"""The other apps' part of the benchmark data set: forum threads and posts,
tutoring themes. Registered as ``bench.generate.EXTRA`` steps."""

import datetime

from django.utils import timezone

from .generate import EXTRA

FORUM_POSTS = 20_000
POSTS_PER_THREAD = 25
TUTORING_THREADS = 1_200


def forums(data: dict) -> None:
    from forums.models import Post, Subscription, Thread
    from forums.services import forums_ensure_for_courses, forums_ensure_for_preparation

    rng = data["rng"]
    forums = []
    for preparation in data["preparations"]:
        forums += forums_ensure_for_preparation(preparation=preparation)
    forums += forums_ensure_for_courses(course_ids=[c.pk for c in data["courses"]])
    discussion = [f for f in forums if f.kind == "general"]
    candidates = data["candidates"]
    subscriptions = [
        Subscription(user_id=c.pk, forum=f, mode="digest")
        for c in candidates
        for f in forums
        if f.preparation_id in (None, data["prep_of"][c.pk])
        and (f.course_id is None or f.course_id in data["enrolled_courses"][c.pk])
    ]
    Subscription.objects.bulk_create(subscriptions, batch_size=5000, ignore_conflicts=True)
    now = timezone.now()
    threads = Thread.objects.bulk_create(
        Thread(
            forum=discussion[i % len(discussion)],
            title=f"Question de révision n° {i + 1}",
            author_id=candidates[rng.randrange(len(candidates))].pk,
            created_at=now - datetime.timedelta(days=60),
            last_post_at=now - datetime.timedelta(hours=i),
            post_count=POSTS_PER_THREAD,
        )
        for i in range(FORUM_POSTS // POSTS_PER_THREAD)
    )
    body = "Merci pour ce partage, voici ma fiche de révision sur le sujet. " * 6
    Post.objects.bulk_create(
        (
            Post(
                thread=thread,
                author_id=candidates[rng.randrange(len(candidates))].pk,
                body=f"<p>{body}</p>",
                body_text=body,
                created_at=now - datetime.timedelta(days=59, minutes=-p),
            )
            for thread in threads
            for p in range(POSTS_PER_THREAD)
        ),
        batch_size=5000,
    )
    data.setdefault("extra_out", {})["thread_urls"] = [
        f"/forums/sujets/{t.pk}/" for t in threads[:200]
    ]
    data["counts"]["forum posts"] = len(threads) * POSTS_PER_THREAD


def tutoring(data: dict) -> None:
    from tutoring.models import Message, Thread

    now = timezone.now()
    tutored = [r for r in data["registrations"] if r.tutor_id]
    threads = Thread.objects.bulk_create(
        Thread(
            registration=r,
            candidate_id=r.candidate_id,
            title=f"Méthodologie de la note de synthèse ({i})",
            status="open",
            exchanges=1,
            created_at=now - datetime.timedelta(days=10),
            updated_at=now - datetime.timedelta(days=2),
        )
        for i, r in enumerate(tutored[:TUTORING_THREADS])
    )
    Message.objects.bulk_create(
        Message(
            thread=t,
            author_id=t.candidate_id,
            body="Bonjour, pourriez-vous relire mon plan ?",
            created_at=now - datetime.timedelta(days=2),
        )
        for t in threads
    )
    data["counts"]["tutoring threads"] = len(threads)


EXTRA.extend([forums, tutoring])
