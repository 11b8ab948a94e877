"""The demo has nothing fake in it (issue 16): after ``seed_demo``, each demo
role walks its courses and every activity they list, and what the activity
leads to (quiz, assignment, glossary, forum, workshop). Every page answers,
none shows a placeholder, each subject file is a PDF of several pages, each
podcast plays, each quiz can be taken, and ``candidat`` can bring a course to
100 % in the browser."""

import re
import shutil
import subprocess
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.middleware import MFA_SESSION_KEY
from accounts.models import User
from assignments.models import Assignment
from content.models import Attempt, Question, Quiz
from courses.models import Activity, Completion, Course
from courses.selectors import progress_by_course
from courses.views import _external_url

pytestmark = pytest.mark.django_db

# Roles of the demo that read courses (candidat-nouveau first accepts the terms).
ROLES = [
    "candidat",
    "candidat-regional",
    "tuteur",
    "formateur",
    "formateur-regional",
    "producteur",
    "responsable",
]

# What a demo user must never meet: the French of the site's own "not yet"
# messages (looked up in the catalogue, so a rewording keeps the test
# meaningful) and the words of the issue.
PLACEHOLDER_MSGIDS = [
    "This activity opens soon.",
    "The recording is not online yet.",
    "The recording is not available yet.",
    "The file is not available yet.",
    "This quiz has no question yet.",
]
PLACEHOLDER_WORDS = [
    "bientôt disponible",
    "ouvre bientôt",
    "pas encore en ligne",
    "lorem ipsum",
    "TODO",
]


def placeholders() -> list[str]:
    with translation.override("fr"):
        found = [str(translation.gettext(msgid)) for msgid in PLACEHOLDER_MSGIDS]
    return found + PLACEHOLDER_WORDS


def login(client, username):
    client.force_login(User.objects.get(username=username))
    session = client.session
    session[MFA_SESSION_KEY] = True  # the TOTP step is tested in accounts
    session.save()


def links(html: str, pattern: str) -> list[str]:
    hrefs = re.findall(r'(?:href|src)="([^"]+)"', html)
    return sorted({unescape(h) for h in hrefs if re.match(pattern, h)})


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def pdf_pages(data: bytes, tmp_path) -> int:
    path = tmp_path / "subject.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


def check_page(client, url, where, bad):
    response = client.get(url)
    assert response.status_code == 200, (where, url, response.status_code)
    text = unescape(response.content.decode())
    for words in bad:
        assert words not in text, (where, url, words)
    return text


@pytest.mark.skipif(shutil.which("pdfinfo") is None, reason="poppler-utils (pdfinfo) missing")
def test_every_role_walks_every_activity_and_finds_it_real(client, demo, tmp_path):
    bad = placeholders()
    with translation.override("fr"):
        transcript = str(translation.gettext("Transcript"))
    seen = {"subjects": set(), "audio": set(), "quizzes": set(), "workshops": set()}
    for username in ROLES:
        login(client, username)
        my_courses = check_page(client, reverse("courses:my_courses"), username, bad)
        courses = links(my_courses, r"/cours/")
        course_urls = sorted({re.match(r"/cours/[^/]+/", u).group(0) for u in courses})
        # The coordinator follows candidates, not courses.
        assert course_urls or username == "responsable", username
        for course_url in course_urls:
            outline = check_page(client, course_url, username, bad)
            for activity_url in links(outline, re.escape(course_url) + r"activites/\d+/$"):
                where = f"{username} {activity_url}"
                page = check_page(client, activity_url, where, bad)
                activity = Activity.objects.get(pk=int(activity_url.rstrip("/").split("/")[-1]))
                if activity.kind == "sheet":
                    continue
                if activity.kind == "audio":
                    sources = re.findall(r'<source src="([^"]+)"', page)
                    assert sources, where
                    audio = client.get(sources[0])
                    assert audio.status_code == 200, where
                    assert audio["Content-Type"].startswith("audio/"), where
                    assert len(body(audio)) > 10_000, where
                    assert transcript in page, where
                    seen["audio"].add(activity.pk)
                    continue
                if activity.kind in ("link", "video"):
                    continue
                # Quiz, glossary, assignment, forum, workshop: the page it leads to.
                target_url = _external_url(activity)
                assert target_url and f'href="{target_url}"' in page, (where, activity.kind)
                target = check_page(client, target_url, where, bad)
                if activity.kind == "assignment":
                    subjects = links(target, r"/devoirs/\d+/sujet/\d+/$")
                    assert subjects, where
                    for subject in subjects:
                        response = client.get(subject)
                        assert response.status_code == 200, where
                        data = body(response)
                        assert data.startswith(b"%PDF-"), where
                        assert pdf_pages(data, tmp_path) >= 2, where
                        seen["subjects"].add(subject)
                elif activity.kind == "quiz":
                    seen["quizzes"].add(activity.pk)
                elif activity.kind == "workshop":
                    seen["workshops"].add(activity.pk)
        client.logout()
    # The walk met every kind the demo has, for every one of them.
    assert len(seen["subjects"]) >= 3
    assert not Assignment.objects.filter(subject_files__isnull=True).exists()
    assert seen["audio"] == set(Activity.objects.filter(kind="audio").values_list("pk", flat=True))
    assert seen["quizzes"] == set(Activity.objects.filter(kind="quiz").values_list("pk", flat=True))
    assert seen["workshops"]


def test_every_quiz_a_candidate_sees_has_questions_and_can_be_taken(client, demo):
    from content.permissions import can_attempt_quiz

    candidates = list(User.objects.filter(username__in=["candidat", "candidat-regional"]))
    taken = set()
    for activity in Activity.objects.filter(kind="quiz", is_visible=True):
        quiz = Quiz.objects.get(activity=activity)  # no quiz activity without its quiz
        assert Question.objects.filter(bank=quiz.bank).count() >= quiz.draw_count
        for candidate in candidates:
            if not can_attempt_quiz(candidate, quiz):
                continue
            login(client, candidate.username)
            response = client.post(reverse("content:attempt_start", args=[quiz.pk]))
            attempt = Attempt.objects.filter(quiz=quiz, user=candidate).latest("number")
            assert response.status_code == 302 and response.url == attempt.get_absolute_url()
            page = client.get(attempt.get_absolute_url()).content.decode()
            slots = re.findall(r'name="slot" value="(\d+)"', page)
            assert len(slots) == quiz.draw_count, activity.title
            response = client.post(attempt.get_absolute_url(), {"slot": slots, "action": "submit"})
            assert response.status_code == 302
            attempt.refresh_from_db()
            assert attempt.state == "submitted" and attempt.percent == 0, activity.title
            taken.add(activity.title)
    assert {"Quiz : les institutions culturelles", "Auto-évaluation : culture professionnelle"} <= (
        taken
    )


def _correct_answers(attempt) -> dict:
    data = {"slot": [], "action": "submit"}
    for slot in attempt.slots.select_related("question").prefetch_related("question__choices"):
        data["slot"].append(str(slot.pk))
        choices = list(slot.question.choices.all())
        if slot.question.kind == Question.Kind.MATCHING:
            for choice in choices:
                data[f"a-{slot.pk}-{choice.pk}"] = str(choice.pk)
        elif slot.question.kind == Question.Kind.SHORT:
            data[f"a-{slot.pk}"] = choices[0].text
        else:
            data[f"a-{slot.pk}"] = [str(c.pk) for c in choices if c.is_correct]
    return data


def test_the_demo_candidate_brings_les_fondamentaux_to_100_percent_in_the_browser(client, demo):
    candidate = User.objects.get(username="candidat")
    course = Course.objects.get(slug="les-fondamentaux")
    login(client, "candidat")
    before = progress_by_course(candidate, [course.pk])[course.pk]
    assert 0 < before.done < before.total
    for activity in Activity.objects.filter(course=course, is_visible=True).exclude(
        completion_rule="none"
    ):
        page_url = reverse("courses:activity", args=[course.slug, activity.pk])
        assert client.get(page_url).status_code == 200  # "on view" completes here
        if (
            activity.completion_rule == "manual"
            and not Completion.objects.filter(user=candidate, activity=activity).exists()
        ):
            tick = reverse("courses:activity_tick", args=[course.slug, activity.pk])
            assert client.post(tick, {"done": "1", "next": page_url}).status_code in (200, 302)
        elif activity.completion_rule == "quiz_pass":
            quiz = Quiz.objects.get(activity=activity)
            client.post(reverse("content:attempt_start", args=[quiz.pk]))
            attempt = Attempt.objects.filter(quiz=quiz, user=candidate).latest("number")
            client.post(attempt.get_absolute_url(), _correct_answers(attempt))
            attempt.refresh_from_db()
            assert attempt.passed, activity.title
    after = progress_by_course(candidate, [course.pk])[course.pk]
    assert after.done == after.total
    page = client.get(reverse("courses:course", args=[course.slug])).content.decode()
    assert 'aria-valuenow="100"' in page


def test_past_workshops_are_completed_and_the_outline_dates_the_next_session(client, demo):
    candidate = User.objects.get(username="candidat")
    ateliers = Course.objects.get(slug="les-ateliers")
    from calendar_app.models import Event

    past = Event.objects.filter(course=ateliers, kind="workshop", ends_at__lt=_now())
    assert past.exists()
    for event in past:
        assert Completion.objects.filter(user=candidate, activity=event.activity).exists()
    progress = progress_by_course(candidate, [ateliers.pk])[ateliers.pk]
    assert progress.done > past.count()
    login(client, "candidat")
    page = unescape(client.get(reverse("courses:course", args=[ateliers.slug])).content.decode())
    upcoming = Event.objects.filter(course=ateliers, kind="workshop", ends_at__gte=_now())
    from core.dates import format_date

    with translation.override("fr"):
        first = upcoming.order_by("starts_at").first()
        assert f"Prochaine séance\u00a0: {format_date(first.starts_at, 'l j F Y')}" in page
        held = past.order_by("-starts_at").first()
        assert f"Séance du {format_date(held.starts_at, 'l j F Y')}" in page


def test_seeded_copies_complete_their_activities(demo):
    from assignments.models import Submission

    for submission in Submission.objects.exclude(status="draft").select_related(
        "assignment__activity"
    ):
        activity = submission.assignment.activity
        if activity is None or activity.completion_rule not in ("submission", "grade"):
            continue
        if activity.completion_rule == "grade" and submission.status != "returned":
            continue
        assert Completion.objects.filter(user=submission.candidate, activity=activity).exists()


def _now():
    from django.utils import timezone

    return timezone.now()


def test_audio_and_subjects_are_served_under_their_own_urls(client, demo):
    """The recording answers byte ranges (players seek) with its type."""
    activity = Activity.objects.filter(kind="audio").first()
    login(client, "candidat")
    url = reverse("content:audio_file", args=[activity.pk])
    response = client.get(url, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 206
    assert response["Content-Type"] == "audio/mpeg"
    assert len(response.content) == 100


def test_every_fiche_is_a_real_page_of_content(demo):
    """Fiches of several paragraphs or list items, with headings; no two-line stub."""
    for activity in Activity.objects.filter(kind="sheet", is_visible=True):
        blocks = re.findall(r"<(?:p|li)>", activity.body)
        words = len(re.sub(r"<[^>]+>", " ", activity.body).split())
        assert len(blocks) >= 4 and "<h2>" in activity.body, activity.title
        assert words >= 120, (activity.title, words)
