import pytest
from django.urls import reverse

from content import api
from courses.models import Activity
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db


def test_url_for_quiz_and_glossary_activities(quiz, exam_course, quiz_section):
    assert api.url_for_activity(quiz.activity) == reverse("content:quiz", args=[quiz.pk])
    glossary = ActivityFactory(section=quiz_section, kind=Activity.Kind.GLOSSARY)
    assert api.url_for_activity(glossary) == f"/glossaire/{exam_course.slug}/"
    bare_quiz = ActivityFactory(section=quiz_section, kind=Activity.Kind.QUIZ)
    assert api.url_for_activity(bare_quiz) is None
    assert api.url_for_activity(ActivityFactory(section=quiz_section)) is None


def test_my_results_chart_and_table(client, candidate, quiz, exam_course):
    from content import services

    from .factories import right_answers, wrong_answers

    for answers in (wrong_answers, right_answers):
        attempt = services.attempt_start(actor=candidate, quiz=quiz)
        services.attempt_submit(actor=candidate, attempt=attempt, answers=answers(attempt))
    client.force_login(candidate)
    html = client.get(reverse("content:my_results", args=[exam_course.slug])).content.decode()
    assert 'role="img"' in html and '<title id="chart-title">' in html
    assert "2 tentatives, de 0 % à 100 % pour la plus récente." in html
    assert "<polyline" in html and "<caption>Données du graphique" in html


def test_my_results_without_attempts(client, candidate, exam_course):
    client.force_login(candidate)
    html = client.get(reverse("content:my_results", args=[exam_course.slug])).content.decode()
    assert "Vous n’avez encore rendu aucun quiz dans ce cours." in html
