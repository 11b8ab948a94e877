"""Browser journey: a trainer grades a copy with the épreuve's grid, the
total is computed and scaled to 20, the candidate reads each criterion with
its comment; accessible pages (axe) on the way."""

from decimal import Decimal

import pytest

from assignments import services
from assignments.models import ExamPaper, GradingGrid
from tests.assignments.factories import AssignmentFactory, pdf_upload
from tests.e2e.conftest import axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def copy(exam_course, trainer, candidate):
    paper = ExamPaper.objects.create(name="Note de synthèse")
    grid = GradingGrid.objects.create(exam_paper=paper, title="Grille du jury")
    grid.criteria.create(label="Compréhension du dossier", max_points=Decimal(16), position=1)
    grid.criteria.create(label="Plan et problématique", max_points=Decimal(16), position=2)
    grid.criteria.create(label="Expression écrite", max_points=Decimal(8), position=3)
    assignment = AssignmentFactory(
        course=exam_course, title="Note de synthèse blanche", exam_paper=paper, grid=grid
    )
    (file,) = services.submission_upload(
        actor=candidate, assignment=assignment, uploads=[pdf_upload("copie.pdf")]
    )
    return services.submission_hand_in(actor=candidate, submission=file.submission, statement="oui")


def test_a_trainer_grades_with_the_grid_and_the_candidate_reads_each_criterion(
    page, copy, trainer, candidate, live_server
):
    log_in(page, trainer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(copy.get_absolute_url())
    page.get_by_role("heading", name="Noter avec la grille « Grille du jury »").wait_for()
    assert axe_violations(page) == []
    # Points above the maximum: a French message, nothing saved.
    page.get_by_label("Compréhension du dossier", exact=True).fill("17")
    page.get_by_label("Plan et problématique", exact=True).fill("12")
    page.get_by_label("Expression écrite", exact=True).fill("6")
    page.get_by_role("button", name="Retourner au candidat").click()
    page.get_by_text("doivent être compris entre 0 et 16").first.wait_for()
    assert axe_violations(page) == []
    # The refused form answers 400, which the browser logs: expected here.
    page.console_errors[:] = [e for e in page.console_errors if "400 (Bad Request)" not in e]
    page.get_by_label("Compréhension du dossier", exact=True).fill("12,5")
    page.get_by_label("Commentaire sur « Plan et problématique »").fill("Plan équilibré.")
    page.get_by_role("button", name="Retourner au candidat").click()
    page.get_by_text("La copie est retournée au candidat.").wait_for()
    page.context.clear_cookies()

    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(copy.get_absolute_url())
    page.get_by_text("15,25 / 20").first.wait_for()  # 30,5 / 40
    table = page.get_by_role("table", name="Grille de correction")
    assert table.get_by_role("rowheader", name="Compréhension du dossier").is_visible()
    assert "12,5 / 16" in table.inner_text()
    assert "Plan équilibré." in table.inner_text()
    assert axe_violations(page) == []
    page.goto("/mes-notes/")
    assert "15,25 / 20" in page.content()
    assert axe_violations(page) == []
