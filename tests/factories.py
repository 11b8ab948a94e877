"""factory_boy factories shared by every app's tests."""

import factory
from django.contrib.auth import get_user_model

from accounts.models import Centre

DEFAULT_PASSWORD = "un-mot-de-passe-solide"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.fr")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    class Params:
        admin = factory.Trait(is_staff=True, is_superuser=True)
        staff = factory.Trait(is_staff=True)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CentreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Centre
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"CRFCB n° {n}")
    code = factory.Sequence(lambda n: f"crfcb-{n}")
    region = "Île-de-France"
    contact_email = factory.LazyAttribute(lambda c: f"{c.code}@example.fr")


# --- courses -----------------------------------------------------------------

import datetime  # noqa: E402

from courses.models import (  # noqa: E402
    Activity,
    Completion,
    Course,
    Enrolment,
    Exam,
    ExamFamily,
    Preparation,
    Registration,
    Section,
)


def exam(slug: str = "bibliothecaire-externe") -> Exam:
    """One of the real exams created by the migrations."""
    return Exam.objects.get(slug=slug)


def family(slug: str = "bibliothecaire") -> ExamFamily:
    """One of the real exam families created by the migrations."""
    return ExamFamily.objects.get(slug=slug)


class PreparationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preparation
        skip_postgeneration_save = True

    centre = factory.SubFactory(CentreFactory)
    name = factory.Sequence(lambda n: f"Préparation aux concours n° {n}")
    session_year = 2027
    mode = Preparation.Mode.CALLISTO
    opens_on = datetime.date(2026, 9, 1)
    closes_on = datetime.date(2027, 6, 30)


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Cours n° {n}")
    slug = factory.Sequence(lambda n: f"cours-{n}")
    kind = Course.Kind.FONDAMENTAUX
    position = factory.Sequence(lambda n: n)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    course = factory.SubFactory(CourseFactory)
    title = factory.Sequence(lambda n: f"Section {n}")
    position = factory.Sequence(lambda n: n)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    section = factory.SubFactory(SectionFactory)
    course = factory.LazyAttribute(lambda a: a.section.course)
    kind = Activity.Kind.SHEET
    title = factory.Sequence(lambda n: f"Fiche n° {n}")
    body = "<p>Contenu de la fiche.</p>"
    position = factory.Sequence(lambda n: n)
    completion_rule = Activity.CompletionRule.MANUAL


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    user = factory.SubFactory(UserFactory)
    course = factory.SubFactory(CourseFactory)
    role = Enrolment.Role.TRAINER


class CompletionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Completion

    user = factory.SubFactory(UserFactory)
    activity = factory.SubFactory(ActivityFactory)
    source = Completion.Source.MANUAL


def standard_courses() -> dict[str, Course]:
    """Les Fondamentaux, Les Ateliers, RAEP, "Devenir bibliothécaire" (the
    family's one course for its external and internal exams) and "Devenir
    conservateur", each with one section and two manual activities."""
    courses = {
        "fondamentaux": CourseFactory(
            title="Les Fondamentaux", slug="les-fondamentaux", kind=Course.Kind.FONDAMENTAUX
        ),
        "ateliers": CourseFactory(
            title="Les Ateliers", slug="les-ateliers", kind=Course.Kind.ATELIERS
        ),
        "raep": CourseFactory(title="RAEP", slug="raep", kind=Course.Kind.RAEP),
        "bibliothecaire": CourseFactory(
            title="Devenir bibliothécaire",
            slug="devenir-bibliothecaire",
            kind=Course.Kind.EXAM,
            family=family("bibliothecaire"),
        ),
        "conservateur": CourseFactory(
            title="Devenir conservateur",
            slug="devenir-conservateur",
            kind=Course.Kind.EXAM,
            family=family("conservateur"),
        ),
    }
    for course in courses.values():
        essentials = SectionFactory(course=course, title="Les incontournables", is_essential=True)
        ActivityFactory(section=essentials, title=f"Bienvenue — {course.title}")
        ActivityFactory(section=SectionFactory(course=course, title="Méthodologie"))
    return courses


def grant_role(user, role: str, centre, course=None):
    """An active ``StaffRole`` grant (idempotent) with its effect, as the demo
    seeds it (``staff_role_ensure``); tests of granting call ``role_grant``."""
    from courses.services import staff_role_ensure

    grant, _created = staff_role_ensure(user=user, role=role, centre=centre, course=course)
    return grant


def register(candidate, preparation, *exam_slugs, tutor=None) -> Registration:
    """Register ``candidate``; a ``tutor`` is first given the tutor role in
    the preparation's centre (what a coordinator does before naming them)."""
    from courses.services import register_candidate

    if tutor is not None and preparation.has_tutors:
        grant_role(tutor, "tutor", preparation.centre)
    return register_candidate(
        actor=None,
        candidate=candidate,
        preparation=preparation,
        exams=[exam(slug) for slug in exam_slugs or ("bibliothecaire-externe",)],
        tutor=tutor,
    )


# --- Accounts: two-factor authentication for staff ------------------------------
# Coordinators and admins must have a TOTP authenticator (accounts'
# StaffMFAMiddleware); tests/conftest.py gives one to every staff user a test
# creates, with this secret, so that force_login + admin pages just work.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def give_totp(user, secret: str = TOTP_SECRET):
    """Give ``user`` a TOTP authenticator (idempotent)."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    return existing or TOTP.activate(user, secret).instance


def totp_code(secret: str = TOTP_SECRET) -> str:
    """The current TOTP code for ``secret``."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))
