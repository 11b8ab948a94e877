"""One object of every kind, owned by candidate A, for the access matrix and
the query budgets.

The people are the role fixtures of tests/conftest.py (same usernames, same
links), built here as plain functions so that a module-scoped fixture can
create them once: ``candidate`` (A) and ``other_candidate`` (B) in centre A's
preparation, ``tutor`` follows A only, ``trainer`` teaches "Devenir
bibliothécaire", ``other_trainer`` only "Les Ateliers", ``producer`` every
course. ``size`` multiplies what the pages list (courses, activities, posts,
candidates, submissions) for the query budgets."""

import datetime
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import (
    ActivityFactory,
    CentreFactory,
    CompletionFactory,
    CourseFactory,
    PreparationFactory,
    SectionFactory,
    UserFactory,
    give_totp,
    grant_role,
    register,
    standard_courses,
)

ROLES = (
    "anonymous",
    "candidate",
    "other_candidate",
    "candidate_other_centre",
    "tutor",
    "other_tutor",
    "trainer",
    "other_trainer",
    "coordinator",
    "other_coordinator",
    "producer",
    "admin",
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _staff(username, **traits):
    user = UserFactory(username=username, **traits)
    give_totp(user)  # staff must have MFA (tests/conftest.py gives it per test)
    return user


def build_people():
    """The role fixtures of tests/conftest.py."""
    from courses.services import enrol_staff

    centre = CentreFactory(code="centre-a", name="CRFCB A")
    other_centre = CentreFactory(code="centre-b", name="CRFCB B")
    courses = standard_courses()
    preparation = PreparationFactory(centre=centre, name="Préparation Callisto 2027")
    other_preparation = PreparationFactory(
        centre=other_centre, name="Préparation régionale B", mode="regional"
    )
    people = {"anonymous": None}
    people["admin"] = _staff("admin-national", admin=True)
    people["coordinator"] = _staff("coordinator-a", staff=True)
    centre.coordinators.add(people["coordinator"])
    people["other_coordinator"] = _staff("coordinator-b", staff=True)
    other_centre.coordinators.add(people["other_coordinator"])
    people["tutor"] = UserFactory(username="tutor-a")
    people["other_tutor"] = UserFactory(username="tutor-b")
    people["candidate"] = UserFactory(username="candidate-a", centre=centre)
    register(people["candidate"], preparation, tutor=people["tutor"])
    people["other_candidate"] = UserFactory(username="candidate-b", centre=centre)
    register(people["other_candidate"], preparation, tutor=people["other_tutor"])
    people["candidate_other_centre"] = UserFactory(username="candidate-c", centre=other_centre)
    register(people["candidate_other_centre"], other_preparation)
    people["trainer"] = UserFactory(username="trainer-a")
    enrol_staff(user=people["trainer"], course=courses["bibliothecaire"], role="trainer")
    people["other_trainer"] = UserFactory(username="trainer-b")
    enrol_staff(user=people["other_trainer"], course=courses["ateliers"], role="trainer")
    people["producer"] = UserFactory(username="producer-a")
    for course in courses.values():
        enrol_staff(user=people["producer"], course=course, role="producer")
    return SimpleNamespace(
        people=people,
        centre=centre,
        other_centre=other_centre,
        courses=courses,
        course=courses["bibliothecaire"],
        preparation=preparation,
        other_preparation=other_preparation,
    )


def build_world(size: int = 1):
    """The people, then one object of each kind belonging to candidate A
    (A's registration, A's course, A's threads...)."""
    from core.models import DataExport
    from courses.models import Activity, Registration, StaffRole
    from forums.models import Attachment, Forum
    from forums.services import unsubscribe_token
    from tests.forums.factories import forum_of, make_thread
    from tutoring.models import Attachment as TutoringAttachment
    from tutoring.services import thread_open

    w = build_people()
    p = w.people
    candidate, course = p["candidate"], w.course
    w.registration = Registration.objects.get(candidate=candidate)
    w.other_registration = Registration.objects.get(candidate=p["other_candidate"])
    w.tutor_grant = StaffRole.objects.get(
        user=p["tutor"], role=StaffRole.Role.TUTOR, centre=w.centre, withdrawn_at=None
    )
    # The centre's team grows with size (the staff page lists it).
    for n in range(3 * size):
        grant_role(UserFactory(username=f"equipe-{n}", centre=w.centre), "tutor", w.centre)

    # Activities of each kind in A's course (completions for A on half of them).
    section = SectionFactory(course=course, title="Toutes les sortes")
    w.activities = {}
    for kind in Activity.Kind.values:
        extra = {}
        if kind in (Activity.Kind.FILE, Activity.Kind.AUDIO):
            extra["file"] = SimpleUploadedFile(f"{kind}.pdf", PDF)
        if kind == Activity.Kind.LINK:
            extra["url"] = "https://www.enssib.fr/"
        w.activities[kind] = ActivityFactory(
            section=section, kind=kind, title=f"Activité {kind}", **extra
        )
    w.activity = w.activities[Activity.Kind.SHEET]
    _grow_courses(w, size)

    # Forums: a thread by A in the preparation forum, a reply with a file.
    w.forum = forum_of(w.preparation)
    w.forum_thread = make_thread(
        w.forum,
        candidate,
        "Organisation des révisions",
        posts=2 * size,
        at=timezone.now() - datetime.timedelta(minutes=5),  # A may still edit
    )
    w.forum_post = w.forum_thread.posts.order_by("pk").first()
    w.forum_attachment = Attachment(
        post=w.forum_post, name="plan.pdf", content_type="application/pdf", size=len(PDF)
    )
    w.forum_attachment.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", PDF), save=True)
    for n in range(3 * size):
        make_thread(w.forum, p["other_candidate"], f"Sujet n° {n}", posts=2)
    w.course_forum = Forum.objects.get(course=course, kind=Forum.Kind.GENERAL, activity=None)
    w.unsubscribe_token = unsubscribe_token(user_id=candidate.pk, forum_id=w.forum.pk)

    # Tutoring: A's question to the tutor, with an attached file.
    w.tutoring_thread = thread_open(
        actor=candidate, title="Note de synthèse", body="Combien de documents ?", course=course
    )
    w.tutoring_message = w.tutoring_thread.messages.get()
    w.tutoring_attachment = TutoringAttachment(
        message=w.tutoring_message, name="brouillon.pdf", content_type="application/pdf", size=3
    )
    w.tutoring_attachment.file.save("brouillon.pdf", SimpleUploadedFile("b.pdf", PDF), save=True)
    # A's closed theme handed to the course's trainer, centre A's coordinator
    # in copy ("Solliciter un formateur").
    from tutoring.models import Thread as TutoringThread
    from tutoring.services import thread_escalate

    asked = TutoringThread.objects.create(
        registration=w.tutoring_thread.registration,
        candidate=candidate,
        title="Dissertation",
        course=course,
        status=TutoringThread.Status.CLOSED,
        exchanges=2,
    )
    # The trainer is told in their notifications; the others reach it from
    # A's threads.
    w.trainer_request = thread_escalate(
        actor=candidate, thread=asked, message="Pouvez-vous m’aider ?"
    )

    # RGPD: A's ready export.
    w.data_export = DataExport.objects.create(
        user=candidate,
        status=DataExport.Status.READY,
        file="exports/a.zip",
        finished_at=timezone.now() - datetime.timedelta(hours=1),
    )
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    default_storage.save("exports/a.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))

    _add_assignments(w, size)
    _add_calendar(w, size)
    _add_content(w, size)
    return w


def _add_assignments(w, size):
    """An assignment of A's course with a subject; A's copy handed in, graded
    with an annotated copy; B's copy handed in; a ZIP of the copies."""
    from assignments import services
    from tests.assignments.factories import AssignmentFactory, pdf_upload

    p = w.people
    AssignmentFactory.create_batch(2 * size, course=w.course)  # more deadlines
    w.assignment = AssignmentFactory(course=w.course)
    w.subject_file = services.assignment_save(
        actor=p["trainer"],
        course=w.course,
        assignment=w.assignment,
        data={},
        subject_files=[pdf_upload("sujet.pdf", "Sujet")],
    ).subject_files.get()
    extra = list(w.extra_candidates[: 2 * size])
    copies = {}
    for user in [p["candidate"], p["other_candidate"], *extra]:
        (file,) = services.submission_upload(
            actor=user, assignment=w.assignment, uploads=[pdf_upload(f"{user.username}.pdf")]
        )
        services.submission_hand_in(actor=user, submission=file.submission, statement="oui")
        copies[user.pk] = file
    w.submission_file = copies[p["candidate"].pk]
    w.submission = w.submission_file.submission
    w.other_submission = copies[p["other_candidate"].pk].submission
    w.feedback = services.feedback_save(
        actor=p["trainer"],
        submission=w.submission,
        grade="14,5",
        comment="Bonne problématique.",
        annotated=pdf_upload("annotee.pdf", "Annotations"),
    )
    w.archive = services.archive_request(actor=p["trainer"], assignment=w.assignment)
    services.archive_build(archive_id=w.archive.pk)


def _add_calendar(w, size):
    """An event of A's preparation, a workshop of Les Ateliers A registered
    to (with slides), A's feed token."""
    from calendar_app import services
    from courses.models import Activity
    from tests.calendar_app.factories import EventFactory, paris

    ateliers = w.courses["ateliers"]
    # Dated from today: the month view shows this month's events, and the
    # workshop must not be over for A to register to it.
    today = timezone.localdate()
    month, soon = today.replace(day=1), today + datetime.timedelta(days=7)
    for n in range(3 * size):
        day = month + datetime.timedelta(days=1 + n % 25)
        EventFactory(
            preparation=w.preparation,
            title=f"Méthodologie n° {n}",
            starts_at=paris(day.year, day.month, day.day, 9, 30),
            ends_at=paris(day.year, day.month, day.day, 12, 0),
        )
    w.event = EventFactory(
        preparation=w.preparation,
        kind="welcome",
        title="Réunion de rentrée",
        starts_at=paris(month.year, month.month, 10, 9, 30),
        ends_at=paris(month.year, month.month, 10, 12, 0),
    )
    w.workshop = EventFactory(
        workshop=True,
        course=ateliers,
        activity=ActivityFactory(
            section=ateliers.sections.first(),
            kind=Activity.Kind.WORKSHOP,
            title="Atelier : l'actualité culturelle",
            completion_rule=Activity.CompletionRule.ATTENDANCE,
        ),
        starts_at=paris(soon.year, soon.month, soon.day, 18, 0),
        ends_at=paris(soon.year, soon.month, soon.day, 19, 0),
        capacity=100,
    )
    w.workshop.slides.save("diaporama.pdf", SimpleUploadedFile("d.pdf", PDF), save=True)
    w.workshop.recording.save("seance.mp3", SimpleUploadedFile("s.mp3", b"ID3" + b"\0" * 64))
    w.workshop.recording_content_type = "audio/mpeg"
    w.workshop.save()
    services.workshop_register(actor=w.people["candidate"], event=w.workshop)
    # The trainer's pages list more workshops and registrants as size grows
    # (some registrations cancelled).
    for index, extra in enumerate(w.extra_candidates):
        services.workshop_register(actor=extra, event=w.workshop)
        if index % 3 == 0:
            services.workshop_unregister(actor=extra, event=w.workshop)
    for n in range(3 * size):
        day = soon + datetime.timedelta(days=n + 1)
        EventFactory(
            workshop=True,
            course=ateliers,
            title=f"Atelier n° {n}",
            starts_at=paris(day.year, day.month, day.day, 18, 0),
            ends_at=paris(day.year, day.month, day.day, 19, 0),
        )
    w.feed_token = services.feed_token_for(w.people["candidate"]).token


def _add_content(w, size):
    """A quiz of A's course with A's attempt, a glossary entry A proposed,
    the audio activity's media, A's error report."""
    from content import services
    from content.models import AudioMedia, GlossaryEntry
    from courses.models import Activity
    from tests.content.factories import (
        ErrorReportFactory,
        GlossaryEntryFactory,
        QuizFactory,
        fill_bank,
    )

    p = w.people
    w.quiz = QuizFactory(
        activity__section=w.course.sections.order_by("pk").last(), activity__course=w.course
    )
    fill_bank(w.quiz.bank, 5 * size)
    w.question = w.quiz.bank.questions.order_by("pk").first()
    w.attempt = services.attempt_start(actor=p["candidate"], quiz=w.quiz)
    GlossaryEntryFactory.create_batch(5 * size, course=w.course)
    w.glossary_entry = GlossaryEntryFactory(
        course=w.course,
        term="Désherbage",
        status=GlossaryEntry.Status.PROPOSED,
        proposed_by=p["candidate"],
    )
    w.audio_media = AudioMedia.objects.create(
        activity=w.activities[Activity.Kind.AUDIO], transcript="Transcription."
    )
    w.audio_media.file.save("cours.mp3", SimpleUploadedFile("cours.mp3", b"ID3" + b"\0" * 64))
    w.audio_media.content_type = "audio/mpeg"
    w.audio_media.save()
    from django.core.files.base import ContentFile

    from content.models import EmbeddedFile, MoodleImport

    w.embedded_file = EmbeddedFile.objects.create(
        activity=w.activity,
        file=ContentFile(PDF, name="schema.pdf"),
        name="schéma.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    for n in range(size):
        w.moodle_import = MoodleImport.objects.create(
            course=w.course,
            created_by=p["producer"],
            filename=f"cours-{n}.mbz",
            sha256="0" * 64,
            site="abc",
            moodle_course_id=6,
            report=[
                {"kind": "sheet", "title": f"Fiche {i}", "status": "imported", "reason": "",
                 "notes": []}
                for i in range(10 * size)
            ],
        )  # fmt: skip
    w.error_report = ErrorReportFactory(activity=w.activity, reporter=p["candidate"])
    # The sheet as saved in the course studio: a revision to restore.
    from content.models import Revision
    from content.studio import services as studio

    w.section = w.activity.section
    studio.activity_save(
        actor=p["producer"],
        section=w.section,
        activity=w.activity,
        data={"body": "<p>Première version.</p>"},
    )
    w.revision = Revision.objects.get(object_id=w.activity.pk)
    for activity in list(w.activities.values())[: 2 * size]:
        ErrorReportFactory(activity=activity, reporter=p["candidate"])


def _grow_courses(w, size):
    """More courses, activities, completions and candidates (A's tutor gets
    them too) as ``size`` grows."""
    p = w.people
    from courses.models import Enrolment
    from courses.services import enrol_staff

    for n in range(size - 1):
        extra = CourseFactory(title=f"Cours complémentaire {n}", slug=f"complement-{n}")
        section = SectionFactory(course=extra)
        ActivityFactory.create_batch(3, section=section)
        for role in ("trainer", "producer"):
            enrol_staff(user=p[role], course=extra, role=role)
        for registration in (w.registration, w.other_registration):
            Enrolment.objects.create(
                user=registration.candidate,
                course=extra,
                role=Enrolment.Role.CANDIDATE,
                registration=registration,
            )
    section = SectionFactory(course=w.course, title="Approfondissements")
    for activity in ActivityFactory.create_batch(5 * size, section=section):
        CompletionFactory(user=p["candidate"], activity=activity)
    w.extra_candidates = []
    for n in range(4 * size):
        extra_candidate = UserFactory(username=f"candidat-{size}-{n}", centre=w.centre)
        register(extra_candidate, w.preparation, tutor=p["tutor"])
        w.extra_candidates.append(extra_candidate)


def world_fixture(request, django_db_setup, django_db_blocker, tmp_path_factory):
    """Module-scoped fixture body: the world is built once, inside a
    transaction rolled back at the end; each test runs in a savepoint of it
    (pytest-django's ``db``). ``request.param`` is the size, 1 by default.
    Register it with ``pytest.fixture(scope="module", name="world")``."""
    from django.db import transaction
    from django.test import override_settings

    size = getattr(request, "param", 1)
    media = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=str(media)),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        _restore_migrated_rows()
        yield build_world(size)
        transaction.set_rollback(True)


def _restore_migrated_rows():
    """Browser and worker tests flush the database: put back the exams and
    legal pages the migrations create (tests/conftest.py also does it after
    each such flush; this keeps the world right if a run was interrupted)."""
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site

    from core.legal_content import ensure_pages
    from courses.catalogue import ensure_exams
    from courses.models import Exam

    ensure_pages(Site, FlatPage)
    ensure_exams(Exam)
