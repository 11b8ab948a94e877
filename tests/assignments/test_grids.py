"""Grading grids per épreuve: a trainer grades each criterion, the total is
computed (scaled to the assignment's scale), the candidate sees each
criterion with the feedback; double marking keeps the two correctors blind
of each other and the candidate sees the final grade only."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments import grids, services
from assignments.models import (
    CriterionMark,
    ExamPaper,
    Feedback,
    GradingGrid,
    Marking,
    Submission,
)
from tests.assignments.factories import pdf_upload
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def grid():
    paper = ExamPaper.objects.create(name="Note de synthèse")
    grid = GradingGrid.objects.create(exam_paper=paper, title="Grille du jury")
    grid.criteria.create(label="Compréhension du dossier", max_points=Decimal(16), position=1)
    grid.criteria.create(label="Plan et problématique", max_points=Decimal(16), position=2)
    grid.criteria.create(label="Expression écrite", max_points=Decimal(8), position=3)
    return grid  # out of 40: grades are scaled to /20


@pytest.fixture
def copy(assignment, grid, candidate):
    assignment.exam_paper = grid.exam_paper
    assignment.grid = grid
    assignment.save()
    (file,) = services.submission_upload(
        actor=candidate, assignment=assignment, uploads=[pdf_upload("copie.pdf")]
    )
    return services.submission_hand_in(actor=candidate, submission=file.submission, statement="oui")


@pytest.fixture
def second_trainer(exam_course):
    from courses.services import enrol_staff

    user = UserFactory(username="trainer-a2", first_name="Paul", last_name="Second")
    enrol_staff(user=user, course=exam_course, role="trainer")
    return user


@pytest.fixture
def third_trainer(exam_course):
    from courses.services import enrol_staff

    user = UserFactory(username="trainer-a3")
    enrol_staff(user=user, course=exam_course, role="trainer")
    return user


def _post(grid, values, comments=None, **extra):
    data = {}
    for criterion, value in zip(grid.criteria.all(), values, strict=True):
        data[f"points_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = (comments or {}).get(criterion.label, "")
    data.update(extra)
    return data


def test_a_trainer_grades_with_the_grid_and_the_candidate_sees_each_criterion(
    client, copy, grid, trainer, candidate
):
    client.force_login(trainer)
    page = client.get(reverse("assignments:submission", kwargs={"pk": copy.pk})).content.decode()
    assert "Compréhension du dossier" in page
    assert 'name="grade"' not in page  # no single grade: the grid gives it
    response = client.post(
        reverse("assignments:grid_grade", kwargs={"pk": copy.pk}),
        _post(
            grid,
            ["12,5", "13", "6"],
            {"Plan et problématique": "Problématique bien posée."},
            comment="Bon travail.",
            **{"return": "1"},
        ),
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get(submission=copy)
    # 31,5 points out of 40 -> 15,75 / 20
    assert feedback.grade == Decimal("15.75")
    assert feedback.returned_at is not None
    assert Submission.objects.get(pk=copy.pk).status == "returned"
    client.force_login(candidate)
    page = client.get(reverse("assignments:submission", kwargs={"pk": copy.pk})).content.decode()
    assert "Compréhension du dossier" in page
    assert "12,5 / 16" in page
    assert "Problématique bien posée." in page
    assert "15,75 / 20" in page


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (["17", "10", "5"], "entre 0 et 16"),
        (["-1", "10", "5"], "entre 0 et 16"),
        (["99999999999999999999999", "10", "5"], "entre 0 et 16"),
        (["1e999", "10", "5"], "entre 0 et 16"),
        (["NaN", "10", "5"], "entre 0 et 16"),
        (["", "10", "5"], "Indiquez les points"),
        (["douze", "10", "5"], "doivent être un nombre"),
        (["3,333", "10", "5"], "deux décimales"),
    ],
)
def test_bad_points_are_refused_in_french_and_nothing_is_saved(
    client, copy, grid, trainer, values, message
):
    client.force_login(trainer)
    response = client.post(
        reverse("assignments:grid_grade", kwargs={"pk": copy.pk}),
        _post(grid, values, **{"return": "1"}),
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Marking.objects.exists()
    assert not CriterionMark.objects.exists()
    assert not Feedback.objects.filter(grade__isnull=False).exists()
    assert Submission.objects.get(pk=copy.pk).status == "submitted"


def test_a_single_grade_is_refused_when_the_assignment_has_a_grid(copy, trainer):
    with pytest.raises(ValidationError):
        services.feedback_save(actor=trainer, submission=copy, grade="12")
    assert not Feedback.objects.filter(grade__isnull=False).exists()


def test_the_candidate_cannot_post_a_marking(client, copy, grid, candidate, other_trainer):
    client.force_login(candidate)
    url = reverse("assignments:grid_grade", kwargs={"pk": copy.pk})
    assert client.post(url, _post(grid, ["10", "10", "5"])).status_code == 403
    client.force_login(other_trainer)  # trains another course: does not see the copy
    assert client.post(url, _post(grid, ["10", "10", "5"])).status_code == 404
    assert not Marking.objects.exists()


def test_a_grid_out_of_twenty_gives_its_points_as_the_grade():
    assert grids.scaled_grade(Decimal("14.5"), Decimal(20), 20) == Decimal("14.5")
    assert grids.scaled_grade(Decimal("29"), Decimal(40), 20) == Decimal("14.5")
    assert grids.scaled_grade(Decimal("10"), Decimal(30), 20) == Decimal("6.67")


def test_double_marking_is_blind_and_reconciled_by_the_first_corrector(
    client, copy, grid, trainer, second_trainer, third_trainer, candidate, assignment
):
    assignment.double_marking = True
    assignment.save()
    url = reverse("assignments:grid_grade", kwargs={"pk": copy.pk})
    page_url = reverse("assignments:submission", kwargs={"pk": copy.pk})
    client.force_login(trainer)
    assert (
        client.post(
            url, _post(grid, ["10", "12", "6"], {"Expression écrite": "Style A"})
        ).status_code
        == 302
    )
    assert not Feedback.objects.filter(grade__isnull=False).exists()
    client.force_login(second_trainer)
    page = client.get(page_url).content.decode()
    assert "Style A" not in page  # blind: the first corrector's marks are hidden
    assert (
        client.post(
            url, _post(grid, ["14", "12", "4"], {"Expression écrite": "Style B"})
        ).status_code
        == 302
    )
    # Both done: each sees both; the second corrector may not reconcile.
    page = client.get(page_url).content.decode()
    assert "Style A" in page and "Style B" in page
    response = client.post(url, _post(grid, ["12", "12", "5"]))
    assert response.status_code == 400
    assert "premier correcteur" in response.content.decode()
    # A direct single grade does not bypass the reconciliation either.
    with pytest.raises(ValidationError):
        services.feedback_save(actor=second_trainer, submission=copy, grade="12")
    # The first corrector reconciles, starting from the mean.
    client.force_login(trainer)
    page = client.get(page_url).content.decode()
    assert 'value="12"' in page  # (10 + 14) / 2
    response = client.post(
        url, _post(grid, ["12", "12", "5"], comment="Note finale harmonisée.", **{"return": "1"})
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get(submission=copy)
    assert feedback.grade == Decimal("14.5")  # 29 / 40
    assert feedback.returned_at is not None
    # The candidate sees the final marking only.
    client.force_login(candidate)
    page = client.get(page_url).content.decode()
    assert "14,5 / 20" in page
    assert "Style A" not in page and "Style B" not in page
    assert "Second" not in page


def test_a_third_corrector_is_refused_while_both_are_marking(
    copy, grid, trainer, second_trainer, third_trainer, assignment
):
    assignment.double_marking = True
    assignment.save()
    points = {c.pk: "5" for c in grid.criteria.all()}
    grids.marking_save(actor=trainer, submission=copy, points=points)
    grids.marking_save(actor=second_trainer, submission=copy, points=points)
    # Both done: the first markings are locked.
    with pytest.raises(ValidationError):
        grids.marking_save(actor=second_trainer, submission=copy, points=points)
    final = grids.marking_save(actor=third_trainer, submission=copy, points=points)
    assert final.role == "final"
    assert Marking.objects.filter(submission=copy).count() == 3


def test_release_returns_reconciled_copies_only(
    copy, grid, trainer, second_trainer, assignment, candidate
):
    assignment.double_marking = True
    assignment.save()
    points = {c.pk: "5" for c in grid.criteria.all()}
    grids.marking_save(actor=trainer, submission=copy, points=points)
    assert services.assignment_release_grades(actor=trainer, assignment=assignment) == 0
    grids.marking_save(actor=second_trainer, submission=copy, points=points)
    grids.marking_save(actor=trainer, submission=copy, points=points)
    assignment.refresh_from_db()
    assignment.grades_released = False
    assignment.save()
    assert services.assignment_release_grades(actor=trainer, assignment=assignment) == 1


def _grid_with(n, paper_name):
    paper = ExamPaper.objects.create(name=paper_name)
    grid = GradingGrid.objects.create(exam_paper=paper, title=f"Grille {n}")
    for i in range(n):
        grid.criteria.create(label=f"Critère {i}", max_points=Decimal(2), position=i)
    return grid


# The copy page graded with a grid: the plain page's (8 at most), plus the
# grid with its criteria (2), the round's markings with their marks (2), the
# final markings of the returned rounds with their marks (2).
GRID_PAGE_BUDGET = 13


def test_grid_page_budget_with_3_and_15_criteria_and_double_marking(
    client, exam_course, trainer, second_trainer, candidate, other_candidate
):
    from tests.assignments.factories import AssignmentFactory

    counts = []
    for n, who in ((3, candidate), (15, other_candidate)):
        grid = _grid_with(n, f"Épreuve {n}")
        assignment = AssignmentFactory(
            course=exam_course, exam_paper=grid.exam_paper, grid=grid, double_marking=True
        )
        (file,) = services.submission_upload(
            actor=who, assignment=assignment, uploads=[pdf_upload("copie.pdf")]
        )
        copy = services.submission_hand_in(actor=who, submission=file.submission, statement="x")
        points = {c.pk: "1,5" for c in grid.criteria.all()}
        grids.marking_save(actor=trainer, submission=copy, points=points)
        grids.marking_save(actor=second_trainer, submission=copy, points=points)
        grids.marking_save(actor=trainer, submission=copy, points=points, return_now=True)
        client.force_login(trainer)
        url = reverse("assignments:submission", kwargs={"pk": copy.pk})
        client.get(url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
        assert response.status_code == 200
        assert "Critère 2" in response.content.decode()
        counts.append(len(context.captured_queries))
    assert counts[0] == counts[1] <= GRID_PAGE_BUDGET, counts


def test_an_assignment_takes_a_grid_of_its_exam_paper_only(assignment, grid, copy, trainer):
    other = GradingGrid.objects.create(
        exam_paper=ExamPaper.objects.create(name="Dissertation"), title="Autre"
    )
    assignment.grid = other
    with pytest.raises(ValidationError) as refused:
        assignment.full_clean()
    assert "grid" in refused.value.message_dict
    assignment.grid = None
    assignment.double_marking = True
    with pytest.raises(ValidationError) as refused:
        assignment.full_clean()
    assert "double_marking" in refused.value.message_dict
    # Once copies are graded with the grid, it stays.
    grids.marking_save(
        actor=trainer, submission=copy, points={c.pk: "1" for c in grid.criteria.all()}
    )
    assignment.refresh_from_db()
    assignment.exam_paper = other.exam_paper
    assignment.grid = other
    with pytest.raises(ValidationError):
        assignment.full_clean()


def test_the_admin_edits_grids_with_their_criteria(admin_client, grid):
    response = admin_client.get(reverse("admin:assignments_gradinggrid_change", args=[grid.pk]))
    assert response.status_code == 200
    assert "Compréhension du dossier" in response.content.decode()
    assert admin_client.get(reverse("admin:assignments_exampaper_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:assignments_marking_changelist")).status_code == 200


def test_coordinators_do_not_see_the_grids_admin(client, coordinator, grid):
    from tests.factories import give_totp

    give_totp(coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("admin:assignments_gradinggrid_changelist"))
    assert response.status_code == 403
