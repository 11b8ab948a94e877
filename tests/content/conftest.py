import pytest

from courses.models import Section

from .factories import QuizFactory, fill_bank


@pytest.fixture
def quiz_section(exam_course):
    return Section.objects.filter(course=exam_course).order_by("pk").last()


@pytest.fixture
def quiz(exam_course, quiz_section):
    """A quiz of "Devenir bibliothécaire" with one question of each kind."""
    quiz = QuizFactory(activity__section=quiz_section, activity__course=exam_course)
    fill_bank(quiz.bank, 5)
    return quiz


@pytest.fixture
def real_exams(transactional_db):
    from .factories import restore_real_exams

    restore_real_exams()


@pytest.fixture(autouse=True)
def _exams_present(request):
    """A browser or worker test flushes the exams a migration created; with a
    reused test database the next run would miss them: put them back."""
    uses_db = request.node.get_closest_marker("django_db") or {
        "db",
        "transactional_db",
    } & set(request.fixturenames)
    if not uses_db:
        return
    request.getfixturevalue(
        "db" if "transactional_db" not in request.fixturenames else "transactional_db"
    )
    from courses.models import Exam

    from .factories import restore_real_exams

    if not Exam.objects.exists():
        restore_real_exams()
