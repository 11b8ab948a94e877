"""Browser journey: a copy handed in, graded with an annotated file,
returned, read by the candidate and their tutor; nobody else reaches it."""

import pytest

from tests.assignments.factories import AssignmentFactory, pdf_bytes
from tests.e2e.conftest import axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def assignment(exam_course, trainer):
    return AssignmentFactory(course=exam_course, title="Note de synthèse sur la lecture publique")


def pdf_file(name, text):
    return {"name": name, "mimeType": "application/pdf", "buffer": pdf_bytes(text)}


def log_out(page):
    page.context.clear_cookies()


def test_copy_handed_in_graded_returned_and_seen_by_the_right_people(
    page, assignment, candidate, other_candidate, trainer, tutor, live_server
):
    # The candidate uploads a PDF and hands it in.
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(assignment.get_absolute_url())
    assert axe_violations(page) == []
    page.get_by_label("Fichiers de votre copie").set_input_files(
        pdf_file("ma-copie.pdf", "Ma note de synthese")
    )
    page.get_by_role("button", name="Déposer").click()
    page.get_by_text("Fichier déposé : ma-copie.pdf").wait_for()
    page.get_by_role("link", name="Rendre ma copie").click()
    assert axe_violations(page) == []
    page.get_by_label("J’atteste que cette copie est mon travail personnel").check()
    page.get_by_role("button", name="Confirmer et rendre").click()
    page.get_by_text("Votre copie est rendue.").wait_for()
    assert "rendu (remise 1)" in page.content()
    copy_url = page.get_by_role("link", name="ma-copie.pdf").get_attribute("href")
    log_out(page)

    # The trainer finds it in the queue, grades it with an annotated copy, returns it.
    log_in(page, trainer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto("/devoirs/a-corriger/")
    page.get_by_text("0 / 1 corrigées").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("link", name=candidate.get_display_name()).click()
    page.get_by_role("heading", name="Corriger cette copie").wait_for()
    assert axe_violations(page) == []
    page.get_by_label("Note").fill("15,5")
    page.get_by_label("Commentaire").fill("Problématique claire, plan efficace.")
    page.get_by_label("Copie annotée").set_input_files(pdf_file("annotee.pdf", "Annotations"))
    page.get_by_role("button", name="Retourner au candidat").click()
    page.get_by_text("La copie est retournée au candidat.").wait_for()
    log_out(page)

    # The candidate sees the grade and feedback.
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(assignment.get_absolute_url())
    page.get_by_text("15,5 / 20").wait_for()
    assert "Problématique claire, plan efficace." in page.content()
    assert page.get_by_role("link", name="Télécharger la copie annotée").is_visible()
    assert axe_violations(page) == []
    page.goto("/devoirs/")
    assert "15,5 / 20" in page.content()
    assert axe_violations(page) == []
    submission_url = f"/devoirs/copies/{copy_url.split('/')[3]}/"
    log_out(page)

    # Their tutor reads it too.
    log_in(page, tutor.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    page.goto(submission_url)
    page.get_by_text("15,5 / 20").wait_for()
    assert axe_violations(page) == []
    log_out(page)

    # Another candidate gets a 404 on the copy and its file.
    log_in(page, other_candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    # Asked through the page's own session (cookies), without a navigation
    # whose expected 404 would be reported later as a console error.
    assert page.request.get(live_server.url + submission_url).status == 404
    assert page.request.get(live_server.url + copy_url).status == 404


def test_trainer_pages_and_phone_candidate_pages_without_accessibility_violation(
    page, assignment, candidate, trainer
):
    from assignments import services
    from tests.assignments.factories import pdf_upload
    from tests.e2e.conftest import PHONE

    (file,) = services.submission_upload(
        actor=candidate, assignment=assignment, uploads=[pdf_upload("copie.pdf")]
    )
    services.submission_hand_in(actor=candidate, submission=file.submission, statement="oui")
    services.feedback_save(
        actor=trainer, submission=file.submission, grade="12", comment="Bien.", return_now=True
    )
    services.report_save(actor=trainer, assignment=assignment, body="<p>Bon ensemble.</p>")
    log_in(page, trainer.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    for url in (
        assignment.get_absolute_url(),
        f"/devoirs/nouveau/{assignment.course.slug}/",
        f"/devoirs/{assignment.pk}/modifier/",
        "/devoirs/",
    ):
        page.goto(url)
        assert axe_violations(page) == [], url
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    log_in(page, candidate.username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    for url in (assignment.get_absolute_url(), "/devoirs/", file.submission.get_absolute_url()):
        page.goto(url)
        assert axe_violations(page) == [], url
    assert "12 / 20" in page.content()
