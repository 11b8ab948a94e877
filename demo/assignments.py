# ruff: noqa: RUF001 - French prose uses the typographic apostrophe
"""Demo assignments (see DESIGN.md, "Demo"): two per exam course followed by
the demo candidates, with handed-in, late, graded and returned copies made
of small generated PDFs and the completions they give; every assignment
with its subject, a multi-page PDF dossier (``demo.assignment_subjects``). Idempotent.

History (past due dates, late copies) is written directly rather than
through the services, which only accept what is possible *now*."""

import datetime
import hashlib
import io
import uuid
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.api import Centre, User
from assignments.models import (
    Assignment,
    CriterionMark,
    ExamPaper,
    Feedback,
    GradingGrid,
    Marking,
    Report,
    SubjectFile,
    Submission,
    SubmissionFile,
)
from courses.api import (
    Activity,
    Course,
    Enrolment,
    Exam,
    Preparation,
    complete_activity,
    enrol_staff,
    staff_role_ensure,
    tracking_registration,
)

NOTE = "Note de synthèse : la médiation numérique en bibliothèque"
DISSERTATION = "Dissertation de culture générale : « Lire, est-ce encore un plaisir ? »"
NOTE_2 = "Note de synthèse : les bibliothèques « troisième lieu »"

# The épreuves and their grading grids (criteria, maximum points).
GRIDS = {
    "Note de synthèse": (
        "Grille de la note de synthèse",
        [
            ("Compréhension et sélection des informations", 6,
             "Les idées essentielles du dossier, sans contresens ni ajout personnel."),
            ("Plan et problématique", 6, "Une problématique claire, un plan en deux parties."),
            ("Expression écrite", 4, "Style neutre, orthographe, syntaxe."),
            ("Respect de la forme", 4, "Titre, annonce du plan, longueur (quatre pages au plus)."),
        ],
    ),
    "Dissertation de culture générale": (
        "Grille de la dissertation",
        [
            ("Compréhension du sujet", 10, "Les termes du sujet définis et discutés."),
            ("Problématique et plan", 10, "Une question qui organise la réflexion."),
            ("Argumentation et culture", 12, "Des exemples précis et variés."),
            ("Expression écrite", 8, "Clarté, correction de la langue."),
        ],
    ),
}  # fmt: skip


def pdf_bytes(text: str) -> bytes:
    """A one-page valid PDF showing ``text`` (ASCII)."""
    safe = text.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    content = b"BT /F1 14 Tf 72 720 Td (" + safe + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _store(folder: str, data: bytes) -> str:
    return default_storage.save(f"{folder}/{uuid.uuid4().hex}.pdf", ContentFile(data))


def _ensure_candidates(formateur):
    """The demo candidates' exam courses. Uses the preparations and
    registrations of ``demo.courses`` when it ran; otherwise registers
    ``candidat`` in a small Callisto preparation of its own."""
    from courses.api import register_candidate

    candidat = User.objects.filter(username="candidat").first()
    if candidat is None:
        return []
    exam = Exam.objects.filter(slug="bibliothecaire-externe").select_related("family").first()
    family = exam.family if exam is not None else None
    course = Course.objects.filter(kind=Course.Kind.EXAM, family=family).first()
    if course is None and family is not None:
        course, _ = Course.objects.get_or_create(
            slug="devenir-bibliothecaire",
            defaults={
                "title": "Devenir bibliothécaire",
                "kind": Course.Kind.EXAM,
                "family": family,
            },
        )
    if course is not None and tracking_registration(candidat, course) is None:
        centre = Centre.objects.filter(code="mediadix").first()
        if centre is not None:
            preparation, _ = Preparation.objects.get_or_create(
                centre=centre,
                name="Préparation Callisto 2027",
                defaults={
                    "session_year": 2027,
                    "mode": Preparation.Mode.CALLISTO,
                    "opens_on": datetime.date(2026, 9, 1),
                    "closes_on": datetime.date(2027, 6, 30),
                },
            )
            tutor = User.objects.filter(username="tuteur").first()
            if tutor is not None:
                staff_role_ensure(user=tutor, role="tutor", centre=centre)
            register_candidate(
                actor=None,
                candidate=candidat,
                preparation=preparation,
                exams=[exam],
                tutor=tutor,
            )
    courses = list(
        Course.objects.filter(
            kind=Course.Kind.EXAM,
            enrolments__user__username__in=["candidat", "candidat-regional"],
            enrolments__role=Enrolment.Role.CANDIDATE,
        ).distinct()
    )
    centre = Centre.objects.filter(code="mediadix").first()
    for exam_course in courses:
        if centre is not None:
            # The trainer's grant for their centre, with its enrolment.
            staff_role_ensure(user=formateur, role="trainer", centre=centre, course=exam_course)
        else:
            enrol_staff(user=formateur, course=exam_course, role=Enrolment.Role.TRAINER)
    return courses


def _activity(course, title, rule):
    section = course.sections.order_by("-is_essential", "position", "pk").last()
    if section is None:
        section = course.sections.create(title="Devoirs", position=50)
    activity, _ = Activity.objects.get_or_create(
        course=course,
        kind=Activity.Kind.ASSIGNMENT,
        title=title,
        defaults={"section": section, "completion_rule": rule, "position": 90},
    )
    return activity


def _copy(assignment, candidate, *, status, handed_in_at, late=False, grade=None,
          comment="", returned=False, grader=None):  # fmt: skip
    registration = tracking_registration(candidate, assignment.course)
    if registration is None:
        return None
    submission = Submission.objects.filter(assignment=assignment, candidate=candidate).first()
    if submission is not None:
        return submission
    number = (Submission.objects.filter(assignment=assignment).count() or 0) + 1
    submission = Submission.objects.create(
        assignment=assignment,
        candidate=candidate,
        registration=registration,
        status=status,
        is_late=late,
        blind_number=number,
        handin=1 if status != Submission.Status.DRAFT else 0,
        submitted_at=handed_in_at if status != Submission.Status.DRAFT else None,
        authorship_statement="J'atteste que cette copie est mon travail personnel."
        if status != Submission.Status.DRAFT
        else "",
        receipt_sent_for=1,
    )
    data = pdf_bytes(f"{assignment.title[:40]} - copie de {candidate.get_display_name()}")
    SubmissionFile.objects.create(
        submission=submission,
        number=1,
        file=_store(f"assignments/{assignment.pk}", data),
        original_name=f"{candidate.last_name or candidate.username}-copie.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_at=handed_in_at - datetime.timedelta(hours=2),
        uploaded_by=candidate,
        handin=1 if status != Submission.Status.DRAFT else None,
    )
    if grade is not None:
        annotated = pdf_bytes("Copie annotee par la formatrice")
        feedback = Feedback.objects.create(
            submission=submission,
            handin=1,
            grade=Decimal(grade),
            comment=comment,
            annotated_file=_store(f"assignments/{assignment.pk}/feedback", annotated),
            annotated_name="copie-annotee.pdf",
            annotated_sha256=hashlib.sha256(annotated).hexdigest(),
            graded_by=grader,
            graded_at=handed_in_at + datetime.timedelta(days=3),
            returned_at=handed_in_at + datetime.timedelta(days=4) if returned else None,
            return_email_sent=returned,
        )
        if returned:
            # In the candidate's notifications, unread (and, on the tutor
            # board, the copy's feedback is unread until they open it).
            from assignments.services import _notify_returned

            _notify_returned(submission, feedback)
    return submission


def _complete(submission) -> None:
    """The completion a handed-in or returned copy gives its activity, as
    the services record it (on submission; on grade when returned)."""
    if submission is None or submission.status == Submission.Status.DRAFT:
        return
    activity = submission.assignment.activity
    if activity is None:
        return
    rule = activity.completion_rule
    if rule == Activity.CompletionRule.SUBMISSION or (
        rule == Activity.CompletionRule.GRADE and submission.status == Submission.Status.RETURNED
    ):
        complete_activity(user=submission.candidate, activity=activity, source=rule)


def _attach_subjects(rendered: dict) -> int:
    """Give every demo assignment without a subject file its dossier (a
    multi-page PDF of ``demo.assignment_subjects``, rendered once per seed and
    stored through the upload gate as a trainer's file would be)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from assignments.services import SUBJECT_MAX_SIZE
    from core import uploads
    from demo.assignment_subjects import SUBJECTS, render

    attached = 0
    for assignment in Assignment.objects.filter(
        title__in=list(SUBJECTS), subject_files__isnull=True
    ):
        name, body = SUBJECTS[assignment.title]
        if name not in rendered:
            rendered[name] = render(body, assignment.title)
        upload = SimpleUploadedFile(name, rendered[name], content_type="application/pdf")
        checked = uploads.check_upload(upload, kinds=["pdf"], max_size=SUBJECT_MAX_SIZE)
        SubjectFile.objects.create(
            assignment=assignment,
            file=uploads.store(checked, f"assignments/{assignment.pk}/subject"),
            original_name=checked.name,
            size=checked.size,
        )
        attached += 1
    return attached


def _link_course_activities(formateur, now):
    """Give every assignment activity of the demo courses (written by
    ``demo.courses``) its assignment, open for a few weeks."""
    for activity in Activity.objects.filter(
        kind=Activity.Kind.ASSIGNMENT, assignment__isnull=True
    ).select_related("course"):
        assignment = Assignment.objects.create(
            course=activity.course,
            activity=activity,
            title=activity.title,
            instructions=activity.body,
            opens_at=now - datetime.timedelta(days=3),
            due_at=now + datetime.timedelta(days=20),
            cutoff_at=now + datetime.timedelta(days=23),
            created_by=formateur,
        )
        if Enrolment.objects.filter(
            user=formateur, course=activity.course, role=Enrolment.Role.TRAINER
        ).exists():
            assignment.trainers.add(formateur)


def _grids() -> dict[str, GradingGrid]:
    """The demo épreuves with one grid each (idempotent)."""
    grids = {}
    for position, (paper_name, (title, criteria)) in enumerate(GRIDS.items(), start=1):
        paper, _ = ExamPaper.objects.get_or_create(name=paper_name, defaults={"position": position})
        grid, created = GradingGrid.objects.get_or_create(exam_paper=paper, title=title)
        if created:
            for index, (label, points, description) in enumerate(criteria, start=1):
                grid.criteria.create(
                    label=label, max_points=Decimal(points), description=description, position=index
                )
        grids[paper_name] = grid
    return grids


def _grid_marking(submission, grid, marks, *, grader, comment) -> None:
    """The final marking behind a demo copy's returned grade."""
    feedback = submission.feedbacks.filter(handin=1).first() if submission else None
    if feedback is None or Marking.objects.filter(submission=submission).exists():
        return
    criteria = list(grid.criteria.all())
    points = sum((Decimal(p) for p, _ in marks), Decimal(0))
    marking = Marking.objects.create(
        submission=submission, handin=1, role=Marking.Role.FINAL, marker=grader, grid=grid,
        points=points, grade=points, comment=comment, marked_at=feedback.graded_at,
    )  # fmt: skip
    CriterionMark.objects.bulk_create(
        CriterionMark(marking=marking, criterion=criterion, points=Decimal(p), comment=text)
        for criterion, (p, text) in zip(criteria, marks, strict=True)
    )


def seed(stdout) -> None:
    formateur = User.objects.filter(username="formateur").first()
    if formateur is None:
        return
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    candidat = User.objects.filter(username="candidat").first()
    regional = User.objects.filter(username="candidat-regional").first()
    # Médiat's trainer grades the regional candidate's copies; ``formateur``,
    # national, the Callisto ones (docs/preparations.md, "Regional and Callisto").
    centre_trainer = User.objects.filter(username="formateur-regional").first()
    for course in _ensure_candidates(formateur):
        note, created = Assignment.objects.get_or_create(
            course=course,
            title=NOTE,
            defaults={
                "instructions": "<p>À partir du dossier joint (six documents), rédigez une note "
                "de synthèse de quatre pages au plus à l’attention de la directrice de la "
                "bibliothèque.</p>",
                "opens_at": now - datetime.timedelta(days=30),
                "due_at": now - datetime.timedelta(days=10),
                "cutoff_at": now - datetime.timedelta(days=7),
                "activity": _activity(course, NOTE, Activity.CompletionRule.GRADE),
                "created_by": formateur,
                "grades_released": True,
                "released_at": now - datetime.timedelta(days=2),
            },
        )
        dissertation, _ = Assignment.objects.get_or_create(
            course=course,
            title=DISSERTATION,
            defaults={
                "instructions": "<p>Dissertation en quatre heures. Déposez votre copie en PDF, "
                "DOCX ou ODT.</p>",
                "opens_at": now - datetime.timedelta(days=5),
                "due_at": now + datetime.timedelta(days=12),
                "cutoff_at": now + datetime.timedelta(days=14),
                "activity": _activity(course, DISSERTATION, Activity.CompletionRule.SUBMISSION),
                "created_by": formateur,
                "blind_marking": True,
            },
        )
        note.trainers.add(formateur)
        dissertation.trainers.add(formateur)
        regional_grader = formateur
        regional_course = regional is not None and tracking_registration(regional, course)
        if centre_trainer is not None and regional_course:
            staff_role_ensure(
                user=centre_trainer, role="trainer", centre=centre_trainer.centre, course=course
            )
            note.trainers.add(centre_trainer)
            dissertation.trainers.add(centre_trainer)
            regional_grader = centre_trainer
        grids = _grids()
        note_grid, dissertation_grid = (
            grids["Note de synthèse"],
            grids["Dissertation de culture générale"],
        )
        Assignment.objects.filter(pk=note.pk, exam_paper__isnull=True).update(
            exam_paper=note_grid.exam_paper
        )
        # The dissertation is graded with its grid (out of 40, given out of 20).
        Assignment.objects.filter(pk=dissertation.pk, grid__isnull=True).update(
            exam_paper=dissertation_grid.exam_paper, grid=dissertation_grid
        )
        note_2, _ = Assignment.objects.get_or_create(
            course=course,
            title=NOTE_2,
            defaults={
                "instructions": "<p>À partir du dossier joint, rédigez une note de synthèse sur "
                "les bibliothèques « troisième lieu ».</p>",
                "opens_at": now - datetime.timedelta(days=40),
                "due_at": now - datetime.timedelta(days=25),
                "cutoff_at": now - datetime.timedelta(days=23),
                "activity": _activity(course, NOTE_2, Activity.CompletionRule.GRADE),
                "created_by": formateur,
                "exam_paper": note_grid.exam_paper,
                "grid": note_grid,
                "grades_released": True,
                "released_at": now - datetime.timedelta(days=18),
            },
        )
        note_2.trainers.add(formateur)
        if candidat is not None:
            copy = _copy(note_2, candidat, status=Submission.Status.RETURNED,
                  handed_in_at=now - datetime.timedelta(days=26), grade="14.5",
                  comment="Le dossier est compris, le plan tient. Travaillez la forme.",
                  returned=True, grader=formateur)  # fmt: skip
            _complete(copy)
            marks = [
                ("5", "Les idées essentielles sont là ; un document est sous-exploité."),
                ("4.5", "Problématique pertinente ; la deuxième partie est plus faible."),
                ("2.5", "Quelques lourdeurs et fautes d’accord."),
                ("2.5", "Le titre manque ; la longueur est respectée."),
            ]
            _grid_marking(
                copy, note_grid, marks, grader=formateur,
                comment="Bonne note : le dossier est compris, le plan tient.",
            )  # fmt: skip
        if candidat is not None:
            _complete(_copy(note, candidat, status=Submission.Status.RETURNED,
                  handed_in_at=now - datetime.timedelta(days=11), grade="13.5",
                  comment="Plan clair et problématique bien posée. Attention aux transitions.",
                  returned=True, grader=formateur))  # fmt: skip
            _complete(_copy(dissertation, candidat, status=Submission.Status.SUBMITTED,
                  handed_in_at=now - datetime.timedelta(days=1)))  # fmt: skip
        if regional is not None:
            _complete(_copy(note, regional, status=Submission.Status.RETURNED,
                  handed_in_at=now - datetime.timedelta(days=8), late=True, grade="9",
                  comment="Copie rendue en retard ; synthèse incomplète.", returned=True,
                  grader=regional_grader))  # fmt: skip
            _copy(dissertation, regional, status=Submission.Status.DRAFT,
                  handed_in_at=now - datetime.timedelta(hours=3))  # fmt: skip
        Report.objects.get_or_create(
            assignment=note,
            defaults={
                "body": "<p>Les copies montrent une bonne compréhension du dossier. "
                "Le principal écueil reste la hiérarchisation des informations.</p>",
                "written_by": formateur,
            },
        )
        if created:
            stdout.write(f"  devoirs : {course.title}")
    _link_course_activities(formateur, now)
    attached = _attach_subjects({})
    if attached:
        stdout.write(f"  devoirs : {attached} dossiers joints")
