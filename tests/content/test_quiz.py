"""Taking a quiz: draws, saving as you go, scoring, completion, caps, time
limit, and tampered requests (refused, logged, never scored)."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from content import services
from content.models import Attempt, AttemptQuestion, QuizIncident
from courses.models import Completion
from courses.selectors import progress_by_course

from .factories import QuizFactory, add_question, as_post, fill_bank, right_answers, wrong_answers

pytestmark = pytest.mark.django_db


def _paper(response) -> str:
    html = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _start(user, quiz, **kwargs):
    return services.attempt_start(actor=user, quiz=quiz, **kwargs)


def test_attempt_stores_its_draw_and_a_reload_shows_the_same_paper(client, candidate, quiz):
    quiz.draw_count = 3
    quiz.shuffle = True
    quiz.save()
    attempt = _start(candidate, quiz)
    slots = list(attempt.slots.values_list("question_id", "choice_order"))
    assert len(slots) == 3
    client.force_login(candidate)
    first = _paper(client.get(attempt.get_absolute_url()))
    second = _paper(client.get(attempt.get_absolute_url()))
    assert first == second and "Question" in first
    assert _start(candidate, quiz) == attempt  # resumes, no new draw
    assert list(attempt.slots.values_list("question_id", "choice_order")) == slots


def test_random_draws_differ_between_attempts(candidate, exam_course, quiz_section):
    quiz = QuizFactory(
        activity__section=quiz_section, activity__course=exam_course, draw_count=5, shuffle=True
    )
    fill_bank(quiz.bank, 40)
    draws = set()
    for _ in range(4):
        attempt = _start(candidate, quiz)
        draws.add(tuple(attempt.slots.values_list("question_id", flat=True)))
        services.attempt_submit(actor=candidate, attempt=attempt)
    assert len(draws) > 1


def test_answers_saved_as_you_go_survive_a_reload(client, candidate, quiz):
    client.force_login(candidate)
    client.post(reverse("content:attempt_start", args=[quiz.pk]))
    attempt = Attempt.objects.get(user=candidate)
    answers = right_answers(attempt)
    response = client.post(attempt.get_absolute_url(), as_post(answers, "save"))
    assert response.status_code == 302
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "checked" in page and 'value=" desherbage "' in page
    assert attempt.slots.filter(response__isnull=False).count() == 5
    attempt.refresh_from_db()
    assert attempt.state == "in_progress" and attempt.score is None


def test_autosave_endpoint_saves_and_answers_json(client, candidate, quiz):
    client.force_login(candidate)
    attempt = _start(candidate, quiz)
    url = reverse("content:attempt_autosave", args=[quiz.pk, attempt.pk])
    response = client.post(url, as_post(right_answers(attempt)))
    assert response.status_code == 200
    assert response.json()["ok"] is True and response.json()["changed"] == 5


def test_emptied_answer_is_saved_empty(candidate, quiz):
    attempt = _start(candidate, quiz)
    services.attempt_save(actor=candidate, attempt=attempt, answers=right_answers(attempt))
    empty = {str(s.pk): {"values": [], "pairs": {}} for s in attempt.slots.all()}
    services.attempt_save(actor=candidate, attempt=attempt, answers=empty)
    assert not attempt.slots.filter(response__isnull=False).exists()


def test_perfect_paper_passes_completes_the_activity_and_moves_progress(
    client, candidate, quiz, exam_course
):
    before = progress_by_course(candidate, [exam_course.pk])[exam_course.pk]
    client.force_login(candidate)
    attempt = _start(candidate, quiz)
    response = client.post(attempt.get_absolute_url(), as_post(right_answers(attempt), "submit"))
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (
        "submitted",
        5,
        5,
        100,
        True,
    )
    completion = Completion.objects.get(user=candidate, activity=quiz.activity)
    assert completion.source == "quiz"
    after = progress_by_course(candidate, [exam_course.pk])[exam_course.pk]
    assert after.done == before.done + 1
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "Score\xa0: 5 / 5 (100 %)" in page
    assert "Explication" in page and "Parce que." in page


def test_failed_paper_shows_right_answers_and_does_not_complete(client, candidate, quiz):
    client.force_login(candidate)
    attempt = _start(candidate, quiz)
    client.post(attempt.get_absolute_url(), as_post(wrong_answers(attempt), "submit"))
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.score == 0
    assert not Completion.objects.filter(user=candidate, activity=quiz.activity).exists()
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "bonne réponse" in page
    assert "Non, Lyon n&#x27;est pas la capitale." in page  # the chosen choice's feedback
    assert "Réponses acceptées\xa0: Désherbage\u202f; Sudoc" in page


def test_points_weigh_questions(candidate, exam_course, quiz_section):
    quiz = QuizFactory(activity__section=quiz_section, activity__course=exam_course, pass_mark=75)
    add_question(quiz.bank, "single", position=1, points=3)
    add_question(quiz.bank, "true_false", position=2, points=1)
    attempt = _start(candidate, quiz)
    answers = right_answers(attempt)
    tf_slot = attempt.slots.get(question__kind="true_false")
    answers[str(tf_slot.pk)] = wrong_answers(attempt)[str(tf_slot.pk)]
    attempt = services.attempt_submit(actor=candidate, attempt=attempt, answers=answers)
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == (3, 4, 75, True)


def test_attempt_cap_refuses_a_further_attempt(client, candidate, quiz):
    quiz.max_attempts = 2
    quiz.save()
    for _ in range(2):
        services.attempt_submit(actor=candidate, attempt=_start(candidate, quiz))
    with pytest.raises(ValidationError):
        _start(candidate, quiz)
    client.force_login(candidate)
    response = client.post(reverse("content:attempt_start", args=[quiz.pk]), follow=True)
    assert "Vous avez utilisé toutes les tentatives" in response.content.decode()
    assert Attempt.objects.filter(user=candidate).count() == 2


@pytest.mark.parametrize(("grading", "kept_percent"), [("best", 100), ("last", 0)])
def test_best_or_last_attempt_counts(candidate, quiz, grading, kept_percent):
    from content.selectors import attempts_of, kept_attempt

    quiz.grading = grading
    quiz.save()
    first = _start(candidate, quiz)
    services.attempt_submit(actor=candidate, attempt=first, answers=right_answers(first))
    second = _start(candidate, quiz)
    services.attempt_submit(actor=candidate, attempt=second, answers=wrong_answers(second))
    assert kept_attempt(quiz, list(attempts_of(candidate, quiz))).percent == kept_percent
    # Passing once completed the activity for good.
    assert Completion.objects.filter(user=candidate, activity=quiz.activity).exists()


def test_time_limited_attempt_shows_its_deadline_for_the_countdown(client, candidate, quiz):
    quiz.time_limit = datetime.timedelta(minutes=10)
    quiz.save()
    attempt = _start(candidate, quiz)
    client.force_login(candidate)
    html = client.get(attempt.get_absolute_url()).content.decode()
    assert f'data-deadline="{timezone.localtime(attempt.deadline).isoformat()}"' in html
    assert "Temps restant\xa0:" in html and "À rendre avant" in html


def test_time_limit_closes_the_attempt_with_the_answers_saved_in_time(client, candidate, quiz):
    quiz.time_limit = datetime.timedelta(minutes=10)
    quiz.save()
    start = timezone.now() - datetime.timedelta(minutes=11)
    attempt = _start(candidate, quiz, now=start)
    services.attempt_save(
        actor=candidate,
        attempt=attempt,
        answers=right_answers(attempt),
        now=start + datetime.timedelta(minutes=5),
    )
    client.force_login(candidate)
    response = client.get(attempt.get_absolute_url())
    assert response.status_code == 302
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.timed_out and attempt.percent == 100


def test_submitting_after_the_time_limit_is_refused_logged_and_not_scored(candidate, quiz):
    quiz.time_limit = datetime.timedelta(minutes=10)
    quiz.save()
    start = timezone.now() - datetime.timedelta(minutes=30)
    attempt = _start(candidate, quiz, now=start)
    with pytest.raises(services.QuizRefused):
        services.attempt_submit(actor=candidate, attempt=attempt, answers=right_answers(attempt))
    attempt.refresh_from_db()
    assert attempt.state == "submitted" and attempt.timed_out
    assert attempt.score == 0  # the late answers were never saved
    assert not attempt.slots.filter(response__isnull=False).exists()
    assert QuizIncident.objects.filter(attempt=attempt, reason="past_deadline").exists()


def test_answers_sent_just_after_the_deadline_are_still_taken(candidate, quiz):
    quiz.time_limit = datetime.timedelta(minutes=10)
    quiz.save()
    start = timezone.now() - datetime.timedelta(minutes=10, seconds=10)
    attempt = _start(candidate, quiz, now=start)
    attempt = services.attempt_submit(
        actor=candidate, attempt=attempt, answers=right_answers(attempt)
    )
    assert attempt.percent == 100 and not QuizIncident.objects.exists()


def test_choice_of_another_question_is_refused_logged_and_nothing_saved(client, candidate, quiz):
    attempt = _start(candidate, quiz)
    slots = list(attempt.slots.select_related("question").order_by("position"))
    single = next(s for s in slots if s.question.kind == "single")
    multiple = next(s for s in slots if s.question.kind == "multiple")
    foreign = multiple.question.choices.filter(is_correct=True).first()
    answers = right_answers(attempt)
    answers[str(single.pk)] = {"values": [str(foreign.pk)], "pairs": {}}
    client.force_login(candidate)
    response = client.post(attempt.get_absolute_url(), as_post(answers, "submit"), follow=True)
    assert "Cette réponse n’appartient pas à la question." in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == "in_progress" and attempt.score is None
    assert not attempt.slots.filter(response__isnull=False).exists()
    incident = QuizIncident.objects.get(attempt=attempt)
    assert incident.reason == "foreign_choice" and incident.user == candidate


def test_question_outside_the_attempt_is_refused(candidate, other_candidate, quiz):
    mine = _start(candidate, quiz)
    theirs = _start(other_candidate, quiz)
    their_slot = theirs.slots.first()
    with pytest.raises(services.QuizRefused):
        services.attempt_save(
            actor=candidate,
            attempt=mine,
            answers={str(their_slot.pk): {"values": ["1"], "pairs": {}}},
        )
    assert QuizIncident.objects.filter(reason="foreign_question", user=candidate).exists()
    assert not AttemptQuestion.objects.filter(response__isnull=False).exists()


def test_malformed_ids_are_refused(candidate, quiz):
    attempt = _start(candidate, quiz)
    slot = attempt.slots.get(question__kind="single")
    with pytest.raises(services.QuizRefused):
        services.attempt_save(
            actor=candidate,
            attempt=attempt,
            answers={str(slot.pk): {"values": ["1 OR 1=1"], "pairs": {}}},
        )
    with pytest.raises(services.QuizRefused):
        services.attempt_save(
            actor=candidate, attempt=attempt, answers={"abc": {"values": [], "pairs": {}}}
        )
    assert QuizIncident.objects.filter(user=candidate).count() == 2


def test_submitting_twice_is_refused_and_the_score_stays(client, candidate, quiz):
    client.force_login(candidate)
    attempt = _start(candidate, quiz)
    client.post(attempt.get_absolute_url(), as_post(wrong_answers(attempt), "submit"))
    response = client.post(
        attempt.get_absolute_url(), as_post(right_answers(attempt), "submit"), follow=True
    )
    assert "déjà rendue" in response.content.decode()
    attempt.refresh_from_db()
    assert attempt.score == 0
    assert QuizIncident.objects.filter(attempt=attempt, reason="already_submitted").exists()


def test_answering_a_closed_attempt_through_autosave_is_refused(client, candidate, quiz):
    client.force_login(candidate)
    attempt = _start(candidate, quiz)
    services.attempt_submit(actor=candidate, attempt=attempt)
    url = reverse("content:attempt_autosave", args=[quiz.pk, attempt.pk])
    response = client.post(url, as_post(right_answers(attempt)))
    assert response.status_code == 409 and response.json()["ok"] is False
    assert not attempt.slots.filter(response__isnull=False).exists()
    assert QuizIncident.objects.filter(attempt=attempt, reason="already_submitted").exists()


def test_another_candidate_cannot_see_nor_answer_my_attempt(
    client, candidate, other_candidate, quiz
):
    attempt = _start(candidate, quiz)
    client.force_login(other_candidate)
    assert client.get(attempt.get_absolute_url()).status_code == 404
    assert (
        client.post(attempt.get_absolute_url(), as_post(right_answers(attempt))).status_code == 404
    )
    url = reverse("content:attempt_autosave", args=[quiz.pk, attempt.pk])
    assert client.post(url, as_post(right_answers(attempt))).status_code == 404
    assert not attempt.slots.filter(response__isnull=False).exists()


def test_trainer_sees_an_attempt_but_cannot_answer_it(client, candidate, trainer, quiz):
    attempt = _start(candidate, quiz)
    client.force_login(trainer)
    assert client.get(attempt.get_absolute_url()).status_code == 200
    assert (
        client.post(attempt.get_absolute_url(), as_post(right_answers(attempt))).status_code == 403
    )


def test_only_active_candidates_attempt(trainer, producer, admin_user, candidate, quiz):
    for user in (trainer, producer, admin_user):
        with pytest.raises(PermissionDenied):
            _start(user, quiz)
    registration = candidate.registrations.get()
    registration.status = "withdrawn"
    registration.save()
    with pytest.raises(PermissionDenied):
        _start(candidate, quiz)


def test_withdrawn_candidate_cannot_finish_an_attempt(candidate, quiz):
    attempt = _start(candidate, quiz)
    candidate.registrations.update(status="withdrawn")
    with pytest.raises(services.QuizRefused):
        services.attempt_submit(actor=candidate, attempt=attempt, answers=right_answers(attempt))
    attempt.refresh_from_db()
    assert attempt.state == "in_progress"
    assert QuizIncident.objects.filter(reason="not_allowed").exists()


def test_withdrawn_candidate_reads_an_unfinished_attempt_without_a_form(client, candidate, quiz):
    attempt = _start(candidate, quiz)
    candidate.registrations.update(status="withdrawn")
    client.force_login(candidate)
    page = client.get(attempt.get_absolute_url()).content.decode()
    assert "Votre inscription est close" in page and "<form" not in page.split("</header>")[1]


def test_trainer_previews_the_bank_with_answers(client, trainer, quiz):
    client.force_login(trainer)
    page = client.get(quiz.get_absolute_url()).content.decode()
    assert "aperçu avec les réponses" in page and "bonne réponse" in page
    assert "Commencer" not in page


def test_empty_bank_cannot_start(candidate, exam_course, quiz_section):
    quiz = QuizFactory(activity__section=quiz_section, activity__course=exam_course)
    with pytest.raises(ValidationError):
        _start(candidate, quiz)
