"""Exam families (issue 18): one "Devenir X" course per family for every
variant of its exams, RAEP for internal and professional exams only, and
enrolments that follow every change, suspended rather than deleted."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from core.models import AuditEntry
from courses.catalogue import EXAMS, FAMILIES
from courses.models import Completion, Course, Enrolment, Exam, ExamFamily
from courses.services import complete_activity
from tests.factories import (
    ActivityFactory,
    CentreFactory,
    CourseFactory,
    PreparationFactory,
    SectionFactory,
    UserFactory,
    exam,
    family,
    register,
)

pytestmark = pytest.mark.django_db

FAMILY_TITLES = {
    "conservateur": "Devenir conservateur",
    "bibliothecaire": "Devenir bibliothécaire",
    "bibas": "Devenir BIBAS",
    "assistant-conservation": "Devenir assistant de conservation",
    "magasinier": "Devenir magasinier",
    "adjoint-patrimoine": "Devenir adjoint du patrimoine",
}


@pytest.fixture
def every_family_course(db):
    shared = {
        kind: CourseFactory(slug=f"cours-{kind}", kind=kind)
        for kind in (Course.Kind.FONDAMENTAUX, Course.Kind.ATELIERS, Course.Kind.RAEP)
    }
    exam_courses = {
        slug: CourseFactory(title=title, slug=f"devenir-{slug}", kind="exam", family=family(slug))
        for slug, title in FAMILY_TITLES.items()
    }
    return shared, exam_courses


def active_titles(registration):
    return set(
        registration.enrolments.filter(status=Enrolment.Status.ACTIVE).values_list(
            "course__slug", flat=True
        )
    )


def test_every_exam_of_the_catalogue_has_a_family():
    assert set(ExamFamily.objects.values_list("slug", flat=True)) == {f[0] for f in FAMILIES}
    assert not Exam.objects.filter(family=None).exists()
    assert exam("bibliothecaire-interne").family == exam("bibliothecaire-externe").family
    assert exam("bibliothecaire-territorial-interne").family == family("bibliothecaire")
    assert exam("conservateur-territorial-externe").family == family("conservateur")
    assert exam("bibas-examen-professionnel").family == family("bibas")
    assert exam("magasinier-principal-externe").family == family("magasinier")


@pytest.mark.parametrize(("slug", "name", "kind", "category"), EXAMS, ids=[e[0] for e in EXAMS])
def test_each_exam_gets_its_family_course_and_raep_iff_internal_or_professional(
    every_family_course, slug, name, kind, category
):
    the_exam = exam(slug)
    registration = register(UserFactory(), PreparationFactory(), slug)
    expected = {
        "cours-fondamentaux",
        "cours-ateliers",
        f"devenir-{the_exam.family.slug}",
    }
    if kind in ("internal", "professional"):
        expected.add("cours-raep")
    assert active_titles(registration) == expected


def test_one_course_per_family_is_enforced(courses):
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseFactory(slug="devenir-bibliothecaire-bis", kind="exam", family=family())
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseFactory(slug="devenir-sans-famille", kind="exam", family=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseFactory(slug="fondamentaux-bis", kind="fondamentaux", family=family())


def test_changing_exams_suspends_and_reactivates_keeping_completions(courses, preparation):
    user = UserFactory()
    registration = register(user, preparation, "conservateur-etat-interne")
    activity = courses["conservateur"].activities.first()
    complete_activity(user=user, activity=activity, source="manual")
    assert active_titles(registration) == {
        "les-fondamentaux",
        "les-ateliers",
        "devenir-conservateur",
        "raep",
    }
    register(user, preparation, "bibliothecaire-externe")
    assert active_titles(registration) == {
        "les-fondamentaux",
        "les-ateliers",
        "devenir-bibliothecaire",
    }
    suspended = registration.enrolments.get(course=courses["conservateur"])
    assert suspended.status == Enrolment.Status.SUSPENDED
    assert Completion.objects.filter(user=user, activity=activity).exists()
    register(user, preparation, "conservateur-etat-externe")
    assert registration.enrolments.get(course=courses["conservateur"]).status == "active"
    # Nothing was deleted: one row per course ever enrolled.
    assert registration.enrolments.count() == 5


def test_a_course_given_a_family_in_admin_enrols_its_candidates(
    client, admin_user, courses, preparation
):
    registration = register(UserFactory(), preparation, "bibas-externe")
    assert "devenir-bibas" not in active_titles(registration)
    client.force_login(admin_user)
    response = client.post(
        "/admin/courses/course/add/",
        {
            "title": "Devenir BIBAS",
            "slug": "devenir-bibas",
            "kind": "exam",
            "family": family("bibas").pk,
            "position": 3,
            "is_visible": "on",
            "sections-TOTAL_FORMS": 0,
            "sections-INITIAL_FORMS": 0,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "devenir-bibas" in active_titles(registration)
    assert "1 inscription à un cours ajoutée" in response.content.decode()

    course = Course.objects.get(slug="devenir-bibas")
    response = client.post(
        f"/admin/courses/course/{course.pk}/change/",
        {
            "title": "Devenir magasinier",
            "slug": "devenir-bibas",
            "kind": "exam",
            "family": family("magasinier").pk,
            "position": 3,
            "is_visible": "on",
            "sections-TOTAL_FORMS": 0,
            "sections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert "devenir-bibas" not in active_titles(registration)
    assert registration.enrolments.get(course=course).status == "suspended"


def test_resync_command_reports_in_french_and_is_idempotent(courses, preparation):
    registration = register(UserFactory(), preparation, "bibliothecaire-interne")
    # A change made behind the services' back: the enrolment is gone missing.
    registration.enrolments.filter(course=courses["raep"]).update(status="suspended")
    registration.enrolments.filter(course=courses["bibliothecaire"]).delete()
    out = StringIO()
    call_command("resync_enrolments", "--dry-run", stdout=out)
    assert "Simulation, rien n’a été modifié" in out.getvalue()
    assert "1 inscription à un cours ajoutée" in out.getvalue()
    assert "1 inscription à un cours réactivée" in out.getvalue()
    assert "devenir-bibliothecaire" not in active_titles(registration)

    out = StringIO()
    call_command("resync_enrolments", f"--preparation={preparation.pk}", stdout=out)
    assert "1 inscription à un cours ajoutée" in out.getvalue()
    assert active_titles(registration) == {
        "les-fondamentaux",
        "les-ateliers",
        "devenir-bibliothecaire",
        "raep",
    }
    out = StringIO()
    call_command("resync_enrolments", stdout=out)
    assert "0 inscription à un cours ajoutée" in out.getvalue()


def test_resync_command_refuses_an_unknown_preparation():
    with pytest.raises(CommandError, match="Aucune préparation"):
        call_command("resync_enrolments", "--preparation=99999999999999999999", stdout=StringIO())


def test_admin_action_resyncs_own_centre_only(
    client, coordinator, courses, preparation, other_preparation
):
    mine = register(UserFactory(), preparation, "bibliothecaire-interne")
    theirs = register(UserFactory(), other_preparation, "bibliothecaire-interne")
    for registration in (mine, theirs):
        registration.enrolments.filter(course=courses["raep"]).delete()
    client.force_login(coordinator)
    response = client.post(
        "/admin/courses/preparation/",
        {
            "action": "resync_enrolments",
            "_selected_action": [preparation.pk, other_preparation.pk],
        },
        follow=True,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 inscription à un cours ajoutée" in page
    assert "raep" in active_titles(mine)
    assert "raep" not in active_titles(theirs)  # another centre's: out of scope
    assert AuditEntry.objects.filter(
        action="courses.enrolments.resynced", actor=coordinator
    ).exists()


# --- The data migration ---------------------------------------------------------


def _migrate(target):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([target])
    return executor.loader.project_state([target]).apps


@pytest.mark.django_db(transaction=True)
def test_migration_gives_each_exam_course_its_family_and_keeps_everything():
    """Rows written as before families (an exam course tied to the external
    exam, a candidate of the internal one, an enrolment, a completion; an
    exam added by hand), then migrated: the course keeps its id, its
    enrolments and completions, and gets the family of its exam."""
    old = _migrate(("courses", "0004_exam_families"))
    try:
        Exam = old.get_model("courses", "Exam")
        Course = old.get_model("courses", "Course")
        Exam.objects.update(family=None)
        external = Exam.objects.get(slug="bibliothecaire-externe")
        for kind in ("external", "internal"):
            Exam.objects.create(
                name="Chargé d’études documentaires", slug=f"ced-{kind}", kind=kind, category="A"
            )
        course = Course.objects.create(
            title="Devenir bibliothécaire",
            slug="devenir-bibliothecaire",
            kind="exam",
            exam=external,
        )
        section = old.get_model("courses", "Section").objects.create(course=course, title="S")
        activity = old.get_model("courses", "Activity").objects.create(
            course=course, section=section, kind="sheet", title="Fiche"
        )
        # accounts is not migrated back: its current models are its rows.
        user = UserFactory(username="ancien")
        centre = CentreFactory(code="c", name="C")
        preparation = old.get_model("courses", "Preparation").objects.create(
            centre_id=centre.pk,
            name="P",
            session_year=2027,
            mode="callisto",
            opens_on="2026-09-01",
            closes_on="2027-06-30",
        )
        registration = old.get_model("courses", "Registration").objects.create(
            candidate_id=user.pk, preparation=preparation
        )
        enrolment = old.get_model("courses", "Enrolment").objects.create(
            user_id=user.pk, course=course, role="candidate", registration=registration
        )
        old.get_model("courses", "Completion").objects.create(
            user_id=user.pk, activity=activity, source="manual"
        )
    finally:
        new = _migrate(("courses", "0007_support_requests"))

    Course = new.get_model("courses", "Course")
    Exam = new.get_model("courses", "Exam")
    migrated = Course.objects.get(pk=course.pk)
    assert migrated.family.slug == "bibliothecaire"
    assert not Exam.objects.filter(family=None).exists()
    assert {e.family.name for e in Exam.objects.filter(slug__startswith="ced-")} == {
        "Chargé d’études documentaires"
    }
    Enrolment = new.get_model("courses", "Enrolment")
    assert Enrolment.objects.filter(pk=enrolment.pk, course=migrated, status="active").exists()
    assert new.get_model("courses", "Completion").objects.filter(user_id=user.pk).count() == 1


def test_sections_and_activities_of_the_family_course_serve_every_variant(courses, preparation):
    section = SectionFactory(course=courses["bibliothecaire"], title="Épreuve orale")
    ActivityFactory(section=section, title="Se présenter en cinq minutes")
    internal = UserFactory()
    register(internal, preparation, "bibliothecaire-territorial-interne")
    assert internal.enrolments.filter(course=courses["bibliothecaire"], status="active").exists()


def test_an_exam_moved_to_another_family_in_admin_moves_its_candidates(
    client, admin_user, courses, preparation
):
    registration = register(UserFactory(), preparation, "bibliothecaire-territorial-externe")
    assert "devenir-bibliothecaire" in active_titles(registration)
    moved = exam("bibliothecaire-territorial-externe")
    client.force_login(admin_user)
    response = client.post(
        f"/admin/courses/exam/{moved.pk}/change/",
        {
            "name": moved.name,
            "slug": moved.slug,
            "kind": moved.kind,
            "category": moved.category,
            "family": family("conservateur").pk,
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "1 inscription à un cours suspendue" in response.content.decode()
    assert active_titles(registration) == {
        "les-fondamentaux",
        "les-ateliers",
        "devenir-conservateur",
    }
    assert registration.enrolments.get(course=courses["bibliothecaire"]).status == "suspended"
