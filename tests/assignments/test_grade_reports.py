"""Grade reports (relevés de notes): candidates by assignments of a course,
each person within their rights (trainers: the candidates of their
courses whose copies they grade; tutors: their candidates; coordinators: their centre's), with
filters and CSV / ODS exports through core.spreadsheets."""

import pytest
from django.urls import reverse

from assignments import services
from assignments.models import ExamPaper
from tests.assignments.factories import AssignmentFactory, pdf_upload
from tests.assignments.test_budgets import count_queries, make_copies

pytestmark = pytest.mark.django_db

URL = reverse("assignments:grade_report")


@pytest.fixture
def graded(world, trainer, centre_b_trainer, candidate_other_centre, assignment):
    """A's copy returned 14,5; C (another centre, regional) handed in, graded
    9 by their centre's trainer, returned."""
    services.submission_return(actor=trainer, submission=world.submission)
    (file,) = services.submission_upload(
        actor=candidate_other_centre, assignment=assignment, uploads=[pdf_upload("c.pdf")]
    )
    copy = services.submission_hand_in(
        actor=candidate_other_centre, submission=file.submission, statement="oui"
    )
    services.feedback_save(actor=centre_b_trainer, submission=copy, grade="9", return_now=True)
    return world


def _names(response):
    return response.content.decode()


def _row_names(user):
    """The report's name cell ("SURNAME First name"): both parts, since the
    factories may give two candidates the same surname."""
    if not user.last_name:
        return user.get_display_name()
    return f"{user.last_name.upper()} {user.first_name}".strip()


@pytest.mark.parametrize(
    ("role", "sees", "hidden"),
    [
        # Trainers: the candidates whose copies they grade (national: the
        # Callisto ones; a centre's trainer: their centre's regional ones).
        ("trainer", ["candidate", "other_candidate"], ["candidate_other_centre"]),
        ("centre_b_trainer", ["candidate_other_centre"], ["candidate", "other_candidate"]),
        ("tutor", ["candidate"], ["other_candidate", "candidate_other_centre"]),
        ("other_tutor", ["other_candidate"], ["candidate", "candidate_other_centre"]),
        ("coordinator", ["candidate", "other_candidate"], ["candidate_other_centre"]),
        ("other_coordinator", ["candidate_other_centre"], ["candidate", "other_candidate"]),
        ("admin_user", ["candidate", "other_candidate", "candidate_other_centre"], []),
    ],
)
def test_each_role_sees_only_the_candidates_it_follows(
    request, client, graded, exam_course, role, sees, hidden
):
    client.force_login(request.getfixturevalue(role))
    response = client.get(URL, {"cours": exam_course.pk})
    assert response.status_code == 200
    html = response.content.decode()
    for name in sees:
        assert _row_names(request.getfixturevalue(name)) in html, name
    for name in hidden:
        assert _row_names(request.getfixturevalue(name)) not in html, name


def test_the_tutor_sees_their_candidates_grade_and_the_average(client, graded, tutor, exam_course):
    client.force_login(tutor)
    html = client.get(URL, {"cours": exam_course.pk}).content.decode()
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    assert ">14,5</a>" in body
    assert ">9</a>" not in body  # C's grade: another centre, another tutor


@pytest.mark.parametrize("role", ["candidate", "other_candidate", "producer"])
def test_people_who_follow_nobody_are_refused(request, client, graded, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(URL).status_code == 403
    assert (
        client.get(reverse("assignments:grade_report_export", kwargs={"fmt": "csv"})).status_code
        == 403
    )


def test_a_candidate_given_a_staff_flag_by_mistake_is_still_refused(client, graded, candidate):
    from tests.factories import give_totp

    candidate.is_staff = True
    candidate.save()
    give_totp(candidate)
    client.force_login(candidate)
    assert client.get(URL).status_code == 403


def test_another_trainer_cannot_open_the_course_report(client, graded, other_trainer, exam_course):
    client.force_login(other_trainer)
    assert client.get(URL, {"cours": exam_course.pk}).status_code == 404


@pytest.mark.parametrize("raw", ["abc", "-3", "0", " "])
def test_odd_filters_never_fail(client, graded, trainer, raw):
    client.force_login(trainer)
    assert client.get(URL, {"cours": raw}).status_code in (200, 404)
    assert client.get(URL, {"preparation": raw, "epreuve": raw}).status_code == 200


def test_a_filter_wider_than_any_id_is_the_french_bad_request_page(graded, trainer):
    """Refused before the view (core.middleware.BoundedQueryMiddleware)."""
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(trainer)
    response = client.get(URL, {"cours": "99999999999999999999999"})
    assert response.status_code == 400
    assert 'lang="fr"' in response.content.decode()


def test_filters_by_preparation_and_exam_paper(
    client, graded, admin_user, exam_course, other_preparation, assignment
):
    paper = ExamPaper.objects.create(name="Dissertation")
    AssignmentFactory(course=exam_course, title="Dissertation blanche", exam_paper=paper)
    client.force_login(admin_user)
    html = client.get(URL, {"cours": exam_course.pk, "epreuve": paper.pk}).content.decode()
    assert "Dissertation blanche" in html
    assert assignment.title not in html.split("<table")[1]
    html = client.get(
        URL, {"cours": exam_course.pk, "preparation": other_preparation.pk}
    ).content.decode()
    body = html.split("<tbody>")[1]
    assert ">14,5</a>" not in body  # A is in centre A's preparation
    assert ">9</a>" in body


def test_csv_export_is_for_the_french_excel(client, graded, coordinator, exam_course, candidate):
    candidate.last_name = "=HYPERLINK(1)"
    candidate.save()
    client.force_login(coordinator)
    response = client.get(
        reverse("assignments:grade_report_export", kwargs={"fmt": "csv"}),
        {"cours": exam_course.pk},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeffCandidat;Préparation;Centre;")
    assert "'=HYPERLINK(1)" in text
    assert "14,50" in text
    assert "Moyenne /20" in text


def test_ods_export(client, graded, trainer, exam_course):
    client.force_login(trainer)
    response = client.get(
        reverse("assignments:grade_report_export", kwargs={"fmt": "ods"}),
        {"cours": exam_course.pk},
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response.content[:2] == b"PK"
    assert (
        client.get(reverse("assignments:grade_report_export", kwargs={"fmt": "xls"})).status_code
        == 404
    )


def test_blind_marked_copies_stay_anonymous_to_trainers_until_release(
    client, graded, trainer, tutor, assignment, exam_course
):
    assignment.blind_marking = True
    assignment.save()
    client.force_login(trainer)
    body = client.get(URL, {"cours": exam_course.pk}).content.decode().split("<tbody>")[1]
    assert "14,5" not in body and "correction anonyme" in body
    client.force_login(tutor)  # the tutor knows whose copy it is
    assert "14,5" in client.get(URL, {"cours": exam_course.pk}).content.decode()


REPORT_BUDGET = 8


def test_report_budget_at_40_and_400_copies(client, trainer, exam_course, preparation):
    client.force_login(trainer)
    url = f"{URL}?cours={exam_course.pk}"
    make_copies(exam_course, preparation, 40, 2)
    small = count_queries(client, url)
    make_copies(exam_course, preparation, 360, 8)
    big = count_queries(client, url)
    assert small == big <= REPORT_BUDGET, (small, big)
