"""What a row of the tutor board shows: names, links, dates, copies, grades,
questions, progress and risk (the table is built from values, not model
instances, and its widgets are written by tutoring_tags)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from assignments import api as assignments_api
from assignments.models import Feedback, Submission
from core.dates import format_date
from courses.models import Registration
from tests.assignments.factories import AssignmentFactory
from tests.factories import CompletionFactory, UserFactory, register
from tutoring.models import Interview, Thread
from tutoring.risk import Risk
from tutoring.selectors import CourseProgress

pytestmark = pytest.mark.django_db

TUTOR_COLUMN = '<th scope="col">Tuteur ou tutrice</th>'
# A tutor's cell, named after its column for the card layout on phones.
TUTOR_CELL = '<td data-label="Tuteur ou tutrice">{}</td>'


def _board(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("tutoring:board"), params)
    assert response.status_code == 200
    return response.content.decode()


def _returned_grades(candidate, registration, course, grades):
    """One returned copy per grade, returned a day apart (the last newest)."""
    now = timezone.now()
    submissions = []
    for n, grade in enumerate(grades):
        assignment = AssignmentFactory(course=course, title=f"Devoir {n}")
        submission = Submission.objects.create(
            assignment=assignment,
            candidate=candidate,
            registration=registration,
            status=Submission.Status.RETURNED,
            blind_number=1,
            submitted_at=now,
        )
        Feedback.objects.create(
            submission=submission,
            handin=1,
            grade=Decimal(grade),
            returned_at=now - datetime.timedelta(days=len(grades) - n),
        )
        submissions.append(submission)
    return submissions


def test_a_row_names_links_and_dates_its_candidate(client, tutor, candidate):
    registration = Registration.objects.get(candidate=candidate)
    # Late in the evening in UTC is already the next day in Paris.
    candidate.last_login = datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    candidate.display_name = "Léa <Durand>"
    candidate.save()
    completion = CompletionFactory(
        user=candidate, activity=registration.enrolments.first().course.activities.first()
    )
    page = _board(client, tutor)
    url = reverse("tutoring:candidate", args=[registration.pk])
    assert f'<a href="{url}">Léa &lt;Durand&gt;</a>' in page
    assert "Pas encore de premier entretien" in page
    assert "Connexion\xa0: 1er décembre 2026" in page
    with translation.override("fr"):
        activity_day = format_date(completion.completed_at, "j F Y")
    assert f"Activité\xa0: {activity_day}" in page
    # The tutor looks at their own candidates: no tutor column, no picker.
    assert TUTOR_COLUMN not in page
    assert 'name="tuteur"' not in page

    Interview.objects.create(registration=registration, tutor=tutor, held_on=timezone.localdate())
    candidate.display_name = ""
    candidate.last_login = None
    candidate.save()
    page = _board(client, tutor)
    assert f'<a href="{url}">{candidate.get_full_name()}</a>' in page
    assert "Pas encore de premier entretien" not in page
    assert "Connexion\xa0: jamais" in page


def test_a_row_counts_copies_and_shows_the_three_latest_grades(
    client, tutor, candidate, exam_course
):
    registration = Registration.objects.get(candidate=candidate)
    _returned_grades(candidate, registration, exam_course, ["11", "12.5", "14", "15.25"])
    AssignmentFactory(
        course=exam_course,
        opens_at=timezone.now() - datetime.timedelta(days=9),
        due_at=timezone.now() - datetime.timedelta(days=1),
        cutoff_at=None,
    )
    page = _board(client, tutor)
    assert "4 rendues, 1 attendue, 1 en retard" in page
    assert "Devoir 3\xa0: 15,25 / 20" in page
    assert page.index("Devoir 3\xa0: 15,25 / 20") < page.index("Devoir 2\xa0: 14 / 20")
    assert page.index("Devoir 2\xa0: 14 / 20") < page.index("Devoir 1\xa0: 12,5 / 20")
    assert "Devoir 0\xa0:" not in page


def test_the_latest_grades_link_to_the_copy(candidate, exam_course):
    registration = Registration.objects.get(candidate=candidate)
    (submission,) = _returned_grades(candidate, registration, exam_course, ["13"])
    (grade,) = assignments_api.candidate_submission_stats([candidate.pk])[
        candidate.pk
    ].latest_grades
    assert grade.url == submission.get_absolute_url()
    assert (grade.assignment_title, grade.grade, grade.scale) == ("Devoir 0", Decimal(13), 20)


def test_a_row_lists_the_questions_waiting_for_an_answer(client, tutor, candidate):
    registration = Registration.objects.get(candidate=candidate)
    today = timezone.localdate()
    late = Thread.objects.create(
        registration=registration,
        candidate=candidate,
        title="Oral <blanc>",
        awaiting_since=timezone.now() - datetime.timedelta(days=6),
        due_on=today - datetime.timedelta(days=2),
    )
    waiting = Thread.objects.create(
        registration=registration,
        candidate=candidate,
        title="Note de synthèse",
        awaiting_since=timezone.now(),
        due_on=today + datetime.timedelta(days=2),
    )
    Thread.objects.create(
        registration=registration, candidate=candidate, title="Répondue", awaiting_since=None
    )
    page = _board(client, tutor)
    with translation.override("fr"):
        late_day = format_date(late.due_on, "j F")
        waiting_day = format_date(waiting.due_on, "l j F")
    late_url = reverse("tutoring:thread", args=[late.pk])
    waiting_url = reverse("tutoring:thread", args=[waiting.pk])
    assert (
        f'<a href="{late_url}">Oral &lt;blanc&gt;</a> — '
        f"<strong>en retard depuis le {late_day}</strong>"
    ) in page
    assert f'<a href="{waiting_url}">Note de synthèse</a> — attendue le {waiting_day}' in page
    assert page.index(late_url) < page.index(waiting_url)
    assert "Répondue" not in page
    assert "Aucune en attente" not in page


def test_a_coordinator_sees_the_tutors_and_picks_one(
    client, coordinator, tutor, other_tutor, candidate, other_candidate
):
    tutor.display_name = "Tuteur A"
    tutor.save()
    other_tutor.display_name = "Tuteur B"
    other_tutor.save()
    page = _board(client, coordinator)
    assert TUTOR_COLUMN in page
    assert TUTOR_CELL.format("Tuteur A") in page and TUTOR_CELL.format("Tuteur B") in page
    assert f'<option value="{tutor.pk}">Tuteur A</option>' in page
    assert f'<option value="{other_tutor.pk}">Tuteur B</option>' in page
    picked = _board(client, coordinator, tuteur=other_tutor.pk)
    assert f'<option value="{other_tutor.pk}" selected>Tuteur B</option>' in picked
    assert other_candidate.get_display_name() in picked
    assert candidate.get_display_name() not in picked


def test_a_coordinator_who_also_tutors_sees_their_own_candidates_first(
    client, coordinator, preparation, candidate, other_candidate
):
    mine = UserFactory(username="candidate-c")
    register(mine, preparation, tutor=coordinator)
    page = _board(client, coordinator)
    assert mine.get_display_name() in page
    assert candidate.get_display_name() not in page
    assert 'name="tuteur"' in page  # other tutors of their centre to pick
    assert TUTOR_COLUMN not in page


def _render(source, **context):
    with translation.override("fr"):
        return Template("{% load tutoring_tags %}" + source).render(Context(context))


def test_a_progress_bar_says_its_value_aloud():
    html = _render("{% progress_bar c %}", c=CourseProgress(1, "Droit & <culture>", 1, 3))
    assert 'role="progressbar" aria-label="Droit &amp; &lt;culture&gt;"' in html
    assert 'aria-valuenow="33" aria-valuemin="0" aria-valuemax="100"' in html
    assert 'style="width: 33%"' in html
    assert '<span class="small">Droit &amp; &lt;culture&gt; : 33 % (1/3)</span>' in html


@pytest.mark.parametrize(
    ("score", "level", "badge"),
    [
        (0, "none", '<span class="badge text-bg-success">Dans les temps</span>'),
        (2, "watch", '<span class="badge text-bg-warning">À surveiller</span>'),
        (4, "high", '<span class="badge text-bg-danger">⚠ Risque d’abandon</span>'),
    ],
)
def test_a_risk_badge_gives_its_level_and_reasons(score, level, badge):
    reasons = ["Aucune connexion <depuis> 20 jours."] if score else []
    html = _render("{% risk_badge r %}", r=Risk(score=score, reasons=reasons))
    assert html.startswith(f'<div class="tutoring-risk tutoring-risk-{level}">')
    assert badge in html
    if reasons:
        assert (
            '<ul class="small mb-0 ps-3"><li>Aucune connexion &lt;depuis&gt; 20 jours.</li>' in html
        )
    else:
        assert "<ul" not in html


def test_long_date_is_the_french_date_filter_in_paris():
    moments = [
        datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2026, 3, 29, 0, 30, tzinfo=datetime.UTC),
        datetime.datetime(2027, 1, 1, 12, 0, tzinfo=datetime.UTC),
        datetime.date(2026, 7, 14),
    ]
    for moment in moments:
        # The site's French date: « 1er décembre 2026 » for 30 November 23:30 UTC.
        expected = _render('{% load dates %}{{ d|fr_date:"j F Y" }}', d=moment)
        assert _render("{{ d|long_date }}", d=moment) == expected
    assert _render("{{ d|long_date }}", d=None) == ""
    assert _render("{{ d|long_date }}", d=moments[0]) == "1er décembre 2026"
