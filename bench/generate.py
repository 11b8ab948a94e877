"""Production-size data set for the benchmark (not ``seed_demo``).

2 centres, 1,500 candidates in 4 preparations (3 Callisto, 1 regional),
30 tutors (40 candidates each), 7 courses of 60 activities (each candidate
is in 3 or 4 of them), 60,000 completions; the other apps add their part
(submissions, forum posts, events) through the ``EXTRA`` steps below.
Everything is bulk-inserted; the whole run takes about a minute."""

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import Centre
from courses.models import (
    Activity,
    Completion,
    Course,
    Enrolment,
    Exam,
    Preparation,
    Registration,
    Section,
    StaffRole,
)

PASSWORD = "bench-password-not-secret"  # noqa: S105 - bench data only
CANDIDATES = 1500
TUTORS = 30
CANDIDATES_PER_TUTOR = 40
ACTIVITIES_PER_COURSE = 60
SECTIONS_PER_COURSE = 5
COMPLETIONS = 60_000
EXAM_SLUGS = [
    "bibliothecaire-externe",
    "bibas-externe",
    "conservateur-etat-externe",
    "bibliothecaire-interne",
]

# Steps added by the other apps: callables (data: dict) -> None, run in order.
EXTRA: list[Callable[[dict], None]] = []


def _users(prefix: str, count: int, password: str, **fields) -> list:
    User = get_user_model()
    users = [
        User(
            username=f"{prefix}{i:04d}",
            email=f"{prefix}{i:04d}@bench.callisto.example.fr",
            first_name=prefix.capitalize(),
            last_name=f"N° {i}",
            password=password,
            **fields,
        )
        for i in range(count)
    ]
    return User.objects.bulk_create(users)


def _courses() -> list[Course]:
    exams = {
        exam.slug: exam
        for exam in Exam.objects.filter(slug__in=EXAM_SLUGS).select_related("family")
    }
    # One "Devenir X" course per family of the bench's exams.
    families = list({exams[slug].family_id: exams[slug].family for slug in EXAM_SLUGS}.values())
    specs = [
        ("Les Fondamentaux", "bench-fondamentaux", Course.Kind.FONDAMENTAUX, None),
        ("Les Ateliers", "bench-ateliers", Course.Kind.ATELIERS, None),
        ("RAEP", "bench-raep", Course.Kind.RAEP, None),
    ] + [
        (f"Devenir {family.name}", f"bench-{family.slug}", Course.Kind.EXAM, family)
        for family in families
    ]
    courses = Course.objects.bulk_create(
        Course(title=title, slug=slug, kind=kind, family=family, position=i)
        for i, (title, slug, kind, family) in enumerate(specs)
    )
    sections = Section.objects.bulk_create(
        Section(
            course=course,
            title="Les incontournables" if s == 0 else f"Thème {s}",
            position=s,
            is_essential=s == 0,
        )
        for course in courses
        for s in range(SECTIONS_PER_COURSE)
    )
    per_section = ACTIVITIES_PER_COURSE // SECTIONS_PER_COURSE
    kinds = [Activity.Kind.SHEET, Activity.Kind.LINK, Activity.Kind.FILE, Activity.Kind.SHEET]
    Activity.objects.bulk_create(
        Activity(
            course_id=section.course_id,
            section=section,
            kind=kinds[a % len(kinds)],
            title=f"Fiche {section.position}.{a + 1}",
            body="<p>" + "Texte de la fiche de révision. " * 40 + "</p>",
            url="https://www.enssib.fr/" if kinds[a % len(kinds)] == Activity.Kind.LINK else "",
            position=a,
            completion_rule=Activity.CompletionRule.MANUAL,
            last_reviewed_on=datetime.date(2026, 6, 1),
        )
        for section in sections
        for a in range(per_section)
    )
    return courses


@transaction.atomic
def generate(*, seed: int = 2027, stdout=None) -> dict:
    rng = random.Random(seed)
    say = stdout.write if stdout else (lambda _msg: None)
    password = make_password(PASSWORD)

    centres = Centre.objects.bulk_create(
        [
            Centre(name="CRFCB Bench Nord", code="bench-nord", region="Hauts-de-France"),
            Centre(name="CRFCB Bench Sud", code="bench-sud", region="Occitanie"),
        ]
    )
    coordinators = _users("coordo", 2, password, is_staff=True)
    for centre, coordinator in zip(centres, coordinators, strict=True):
        centre.coordinators.add(coordinator)
    today = timezone.localdate()
    preparations = Preparation.objects.bulk_create(
        Preparation(
            centre=centres[i % 2],
            name=f"Préparation bench {i + 1}",
            session_year=today.year + 1,
            mode=Preparation.Mode.REGIONAL if i == 3 else Preparation.Mode.CALLISTO,
            opens_on=today - datetime.timedelta(days=60),
            closes_on=today + datetime.timedelta(days=240),
        )
        for i in range(4)
    )
    courses = _courses()
    by_kind = {c.kind: c for c in courses if c.kind != Course.Kind.EXAM}
    exam_courses = {c.family_id: c for c in courses if c.kind == Course.Kind.EXAM}
    exams = list(Exam.objects.filter(slug__in=EXAM_SLUGS))
    say(f"  courses: {len(courses)} × {ACTIVITIES_PER_COURSE} activities\n")

    tutors = _users("tuteur", TUTORS, password)
    trainers = _users("formateur", len(courses), password)
    Enrolment.objects.bulk_create(
        Enrolment(user=trainer, course=course, role=Enrolment.Role.TRAINER)
        for trainer, course in zip(trainers, courses, strict=True)
    )
    candidates = _users("candidat", CANDIDATES, password)
    registrations = []
    for i, candidate in enumerate(candidates):
        preparation = preparations[min(i // 375, 3)]
        tutor = tutors[i // CANDIDATES_PER_TUTOR] if preparation.has_tutors else None
        registrations.append(
            Registration(candidate=candidate, preparation=preparation, tutor=tutor)
        )
    registrations = Registration.objects.bulk_create(registrations)
    # Roles are grants (decision 0017): each tutor in the centres they tutor
    # in, each trainer for their course in both centres, each coordinator.
    tutor_centres = {
        (r.tutor.pk, r.preparation.centre_id) for r in registrations if r.tutor is not None
    }
    StaffRole.objects.bulk_create(
        [
            *(
                StaffRole(user_id=user_id, role=StaffRole.Role.TUTOR, centre_id=centre_id)
                for user_id, centre_id in sorted(tutor_centres)
            ),
            *(
                StaffRole(user=trainer, role=StaffRole.Role.TRAINER, centre=centre, course=course)
                for trainer, course in zip(trainers, courses, strict=True)
                for centre in centres
            ),
            *(
                StaffRole(user=coordinator, role=StaffRole.Role.COORDINATOR, centre=centre)
                for centre, coordinator in zip(centres, coordinators, strict=True)
            ),
        ]
    )
    exam_links, enrolments = [], []
    for registration in registrations:
        exam = exams[rng.randrange(len(exams))]
        exam_links.append(
            Registration.exams.through(registration_id=registration.pk, exam_id=exam.pk)
        )
        wanted = [by_kind["fondamentaux"], by_kind["ateliers"], exam_courses[exam.family_id]]
        if exam.needs_raep:
            wanted.append(by_kind["raep"])
        enrolments.extend(
            Enrolment(
                user_id=registration.candidate_id,
                course=course,
                role=Enrolment.Role.CANDIDATE,
                registration=registration,
            )
            for course in wanted
        )
    Registration.exams.through.objects.bulk_create(exam_links)
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    say(f"  candidates: {len(candidates)}, enrolments: {len(enrolments)}\n")

    activities_by_course: dict[int, list[int]] = {}
    for activity_id, course_id in Activity.objects.values_list("pk", "course_id"):
        activities_by_course.setdefault(course_id, []).append(activity_id)
    per_candidate = COMPLETIONS // CANDIDATES
    completions, now = [], timezone.now()
    enrolled_courses: dict[int, list[int]] = {}
    for enrolment in enrolments:
        enrolled_courses.setdefault(enrolment.user_id, []).append(enrolment.course.pk)
    for candidate in candidates:
        pool = [a for cid in enrolled_courses[candidate.pk] for a in activities_by_course[cid]]
        for activity_id in rng.sample(pool, per_candidate):
            completions.append(
                Completion(
                    user_id=candidate.pk,
                    activity_id=activity_id,
                    source=Completion.Source.MANUAL,
                    completed_at=now - datetime.timedelta(minutes=rng.randrange(60 * 24 * 60)),
                )
            )
    Completion.objects.bulk_create(completions, batch_size=5000)
    say(f"  completions: {len(completions)}\n")

    data = {
        "counts": {"completions": len(completions), "enrolments": len(enrolments)},
        "prep_of": {r.candidate_id: r.preparation_id for r in registrations},
        "registration_of": {r.candidate_id: r.pk for r in registrations},
        "rng": rng,
        "password": password,
        "centres": centres,
        "coordinators": coordinators,
        "preparations": preparations,
        "courses": courses,
        "tutors": tutors,
        "trainers": trainers,
        "candidates": candidates,
        "registrations": registrations,
        "activities_by_course": activities_by_course,
        "enrolled_courses": enrolled_courses,
    }
    from . import extra  # noqa: F401 - registers the other apps' steps

    for step in EXTRA:
        step(data)
        say(f"  {step.__name__}: done\n")
    return data
