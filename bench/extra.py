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
    # Every candidate is in Les Fondamentaux: its forum's threads are the
    # ones every simulated candidate may read.
    fondamentaux = next(c.pk for c in data["courses"] if c.kind == "fondamentaux")
    data.setdefault("extra_out", {})["thread_urls"] = [
        f"/forums/sujets/{t.pk}/" for t in threads if t.forum.course_id == fondamentaux
    ][:200]
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


SUBMISSIONS = 6_000
EVENTS = 300


def assignments(data: dict) -> None:
    """Two assignments per exam course and the RAEP course, copies handed in
    and graded for 6,000 (candidate, assignment) pairs, and one open
    assignment in Les Fondamentaux for the deadline spike."""
    from assignments.models import Assignment, Feedback, Submission
    from courses.models import Course, Enrolment

    now = timezone.now()
    courses = [c for c in data["courses"] if c.kind in (Course.Kind.EXAM, Course.Kind.RAEP)]
    made = []
    for course in courses:
        for n in (1, 2):
            made.append(
                Assignment.objects.create(
                    course=course,
                    title=f"Devoir n° {n} — {course.title}",
                    instructions="<p>Rédigez une note de synthèse à partir du dossier.</p>",
                    opens_at=now - datetime.timedelta(days=40),
                    due_at=now - datetime.timedelta(days=10 * n),
                    cutoff_at=now - datetime.timedelta(days=10 * n - 3),
                )
            )
    for assignment, trainer in zip(made, data["trainers"] * 2, strict=False):
        assignment.trainers.add(trainer)
    enrolled = {}
    for enrolment in Enrolment.objects.filter(role="candidate").values("user_id", "course_id"):
        enrolled.setdefault(enrolment["course_id"], []).append(enrolment["user_id"])
    submissions, number = [], {}
    for assignment in made:
        for user_id in enrolled.get(assignment.course_id, []):
            if len(submissions) >= SUBMISSIONS:
                break
            number[assignment.pk] = number.get(assignment.pk, 0) + 1
            submissions.append(
                Submission(
                    assignment=assignment,
                    candidate_id=user_id,
                    registration_id=data["registration_of"][user_id],
                    status=("returned", "submitted", "graded")[number[assignment.pk] % 3],
                    blind_number=number[assignment.pk],
                    handin=1,
                    submitted_at=assignment.due_at - datetime.timedelta(hours=5),
                )
            )
    submissions = Submission.objects.bulk_create(submissions, batch_size=2000)
    trainer_of = {a.pk: t for a, t in zip(made, data["trainers"] * 2, strict=False)}
    Feedback.objects.bulk_create(
        (
            Feedback(
                submission=s,
                handin=1,
                grade=10 + (s.blind_number % 10),
                comment="Bon travail de synthèse ; soignez l'introduction.",
                graded_by=trainer_of[s.assignment_id],
                returned_at=now - datetime.timedelta(days=2) if s.status == "returned" else None,
            )
            for s in submissions
            if s.status in ("returned", "graded")
        ),
        batch_size=2000,
    )
    fondamentaux = next(c for c in data["courses"] if c.kind == Course.Kind.FONDAMENTAUX)

    def open_until_tomorrow(title: str, max_files: int) -> Assignment:
        return Assignment.objects.create(
            course=fondamentaux,
            title=title,
            instructions="<p>Déposez votre copie.</p>",
            opens_at=now - datetime.timedelta(days=1),
            due_at=now + datetime.timedelta(days=1),
            cutoff_at=now + datetime.timedelta(days=2),
            max_files=max_files,
            max_size_mb=5,
        )

    spike = open_until_tomorrow("Devoir de la veille de l'échéance", 10)
    # The upload phase: one file per copy, so that each upload replaces the
    # candidate's current file with a new version (never refused as one
    # file too many, however many times the phase uploads).
    single = open_until_tomorrow("Note de synthèse, copie unique", 1)
    data["counts"]["submissions"] = len(submissions)
    out = data.setdefault("extra_out", {})
    out["upload_urls"] = [f"/devoirs/{single.pk}/deposer/"]
    out["upload_assignment"] = single.pk
    out["upload_field"] = "files"
    out["spike_assignment"] = spike.pk


def calendar(data: dict) -> None:
    from zoneinfo import ZoneInfo

    from calendar_app.models import Event

    paris = ZoneInfo("Europe/Paris")
    start = timezone.now().astimezone(paris).replace(hour=9, minute=0, second=0, microsecond=0)
    kinds = ["methodology", "workshop", "other", "written_exam"]
    Event.objects.bulk_create(
        Event(
            preparation=data["preparations"][i % len(data["preparations"])],
            kind=kinds[i % len(kinds)],
            title=f"Séance n° {i + 1}",
            starts_at=start + datetime.timedelta(days=i % 60 - 20, hours=i % 5),
            ends_at=start + datetime.timedelta(days=i % 60 - 20, hours=i % 5 + 1),
            place="Visioconférence",
        )
        for i in range(EVENTS)
    )
    data["counts"]["events"] = EVENTS


EXTRA.extend([assignments, calendar])
