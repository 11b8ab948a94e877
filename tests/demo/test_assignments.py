import pytest

from assignments.models import Assignment, Submission, SubmissionFile

pytestmark = pytest.mark.django_db


def test_seed_demo_gives_the_candidate_a_returned_and_a_pending_copy(client, demo):
    assert Assignment.objects.count() >= 2
    statuses = set(
        Submission.objects.filter(candidate__username="candidat").values_list("status", flat=True)
    )
    assert statuses == {"returned", "submitted"}
    file = SubmissionFile.objects.filter(submission__candidate__username="candidat").first()
    with file.file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert client.login(username="formateur", password="callisto-demo")
    assert client.get("/devoirs/a-corriger/").status_code == 200
    assert client.login(username="candidat", password="callisto-demo")
    html = client.get("/devoirs/").content.decode()
    assert "13,5 / 20" in html


def test_demo_a_trainer_grades_with_a_grid_and_the_candidate_sees_each_criterion(client, demo):
    """Issue 20's "Done when": the demo's dissertation is graded with its
    grid (out of 40, given out of 20); the candidate sees each criterion."""
    from assignments.models import GradingGrid

    copy = Submission.objects.get(
        candidate__username="candidat", assignment__title__startswith="Dissertation"
    )
    grid = GradingGrid.objects.get(title="Grille de la dissertation")
    assert copy.assignment.grid == grid
    assert client.login(username="formateur", password="callisto-demo")
    page = client.get(f"/devoirs/copies/{copy.pk}/").content.decode()
    assert "Compréhension du sujet" in page
    data = {"comment": "Bonne copie.", "return": "1"}
    for criterion, points in zip(grid.criteria.all(), ["7", "8", "9,5", "6"], strict=True):
        data[f"points_{criterion.pk}"] = points
        data[f"comment_{criterion.pk}"] = f"Remarque sur {criterion.label}"
    assert client.post(f"/devoirs/copies/{copy.pk}/grille/", data).status_code == 302
    assert client.login(username="candidat", password="callisto-demo")
    page = client.get(f"/devoirs/copies/{copy.pk}/").content.decode()
    for criterion in grid.criteria.all():
        assert criterion.label in page
        assert f"Remarque sur {criterion.label}" in page
    assert "30,5" in page and "15,25 / 20" in page  # 30,5 / 40


def test_demo_candidate_sees_both_graded_copies_and_the_quizzes_in_my_grades(client, demo):
    assert client.login(username="candidat", password="callisto-demo")
    page = client.get("/mes-notes/").content.decode()
    assert "13,5 / 20" in page
    assert "14,5 / 20" in page
    assert "Quiz" in page
    assert "<svg" in page
    # The grid of the second note is shown with its feedback.
    copy = Submission.objects.get(
        candidate__username="candidat", assignment__title__contains="troisième lieu"
    )
    page = client.get(f"/devoirs/copies/{copy.pk}/").content.decode()
    assert "Plan et problématique" in page and "4,5 / 6" in page
