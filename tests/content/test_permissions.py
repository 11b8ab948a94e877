"""URL by role → status for every page of the content app. Invisible is 404,
visible but forbidden is 403, anonymous goes to the login page."""

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from content import permissions, selectors, services
from content.models import AudioMedia, EmbeddedFile, MoodleImport
from content.urls import urlpatterns
from courses.models import Activity
from tests.core.upload_samples import PDF_BYTES
from tests.factories import ActivityFactory

from .factories import ErrorReportFactory, GlossaryEntryFactory
from .test_media import close_stream, tiny_wav

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "candidate",
    "other_candidate",
    "candidate_other_centre",
    "tutor",
    "other_tutor",
    "trainer",
    "other_trainer",
    "producer",
    "coordinator",
    "other_coordinator",
    "admin_user",
]

# status per role, in ROLES order
SEE_COURSE = [302, 200, 200, 200, 200, 404, 200, 404, 200, 404, 404, 200]
PRODUCERS_ONLY = [302, 403, 403, 403, 403, 404, 403, 404, 200, 404, 404, 200]
CANDIDATES_AND_PRODUCERS = [302, 200, 200, 200, 403, 404, 403, 404, 200, 404, 404, 200]
OWN_ATTEMPT = [302, 200, 404, 404, 200, 404, 200, 404, 200, 404, 404, 200]
OWN_REPORT = [302, 200, 404, 404, 404, 404, 404, 404, 200, 404, 404, 200]
REVIEWERS = [302, 403, 403, 403, 403, 403, 403, 403, 200, 403, 403, 200]
LOGGED_IN = [302, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200]
# Moodle imports: producers (of some course) and admins; nobody else knows the page.
IMPORTERS = [302, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404, 200]


@pytest.fixture
def objects(candidate, quiz, exam_course, quiz_section, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    attempt = services.attempt_start(actor=candidate, quiz=quiz)
    entry = GlossaryEntryFactory(course=exam_course)
    audio = ActivityFactory(section=quiz_section, kind=Activity.Kind.AUDIO, title="Podcast")
    media = AudioMedia.objects.create(activity=audio, transcript="Bonjour.")
    media.file.save("podcast.wav", ContentFile(tiny_wav()))
    report = ErrorReportFactory(activity=quiz.activity, reporter=candidate)
    embedded = EmbeddedFile.objects.create(
        activity=quiz.activity,
        file=ContentFile(PDF_BYTES, name="schema.pdf"),
        name="schéma.pdf",
        content_type="application/pdf",
        size=len(PDF_BYTES),
        sha256="0" * 64,
    )
    moodle_import = MoodleImport.objects.create(
        course=exam_course, filename="cours.mbz", sha256="0" * 64, site="abc", moodle_course_id=6
    )
    return {
        "embedded": embedded,
        "moodle_import": moodle_import,
        "quiz": quiz,
        "attempt": attempt,
        "course": exam_course,
        "entry": entry,
        "audio": audio,
        "report": report,
        "question": quiz.bank.questions.first(),
    }


def pages(o):
    """(url name, url, expected statuses) for every GET page."""
    slug = o["course"].slug
    return [
        ("quiz", reverse("content:quiz", args=[o["quiz"].pk]), SEE_COURSE),
        ("attempt", o["attempt"].get_absolute_url(), OWN_ATTEMPT),
        ("my_results", reverse("content:my_results", args=[slug]), SEE_COURSE),
        # "Mes résultats" across courses: everyone's own results only.
        ("results", reverse("content:results"), LOGGED_IN),
        # "Mes notes": everyone's own grades only (copies and quizzes).
        ("grades", reverse("content:grades"), LOGGED_IN),
        ("glossary", reverse("content:glossary", args=[slug]), SEE_COURSE),
        (
            "glossary_create",
            reverse("content:glossary_create", args=[slug]),
            CANDIDATES_AND_PRODUCERS,
        ),
        ("glossary_proposals", reverse("content:glossary_proposals", args=[slug]), PRODUCERS_ONLY),
        (
            "glossary_edit",
            reverse("content:glossary_edit", args=[slug, o["entry"].pk]),
            PRODUCERS_ONLY,
        ),
        ("audio_edit", reverse("content:audio_edit", args=[o["audio"].pk]), PRODUCERS_ONLY),
        ("audio_file", reverse("content:audio_file", args=[o["audio"].pk]), SEE_COURSE),
        ("review_list", reverse("content:review_list"), REVIEWERS),
        (
            "quiz_settings",
            reverse("content:quiz_settings", args=[o["quiz"].activity.pk]),
            PRODUCERS_ONLY,
        ),
        ("bank", reverse("content:bank", args=[o["quiz"].bank.pk]), PRODUCERS_ONLY),
        (
            "question_create",
            reverse("content:question_create", args=[o["quiz"].bank.pk]),
            PRODUCERS_ONLY,
        ),
        (
            "question_edit",
            reverse("content:question_edit", args=[o["quiz"].bank.pk, o["question"].pk]),
            PRODUCERS_ONLY,
        ),
        (
            "report_create",
            reverse("content:report_create", args=[o["quiz"].activity.pk]),
            SEE_COURSE,
        ),
        ("report_list", reverse("content:report_list"), LOGGED_IN),
        ("report", o["report"].get_absolute_url(), OWN_REPORT),
        ("bank_import", reverse("content:bank_import", args=[o["quiz"].bank.pk]), PRODUCERS_ONLY),
        (
            "bank_export",
            reverse("content:bank_export", args=[o["quiz"].bank.pk, "gift"]),
            PRODUCERS_ONLY,
        ),
        ("glossary_import", reverse("content:glossary_import", args=[slug]), PRODUCERS_ONLY),
        (
            "glossary_export",
            reverse("content:glossary_export", args=[slug, "csv"]),
            PRODUCERS_ONLY,
        ),
        ("moodle_upload", reverse("content:moodle_upload"), IMPORTERS),
        ("moodle_import", o["moodle_import"].get_absolute_url(), IMPORTERS),
        ("embedded_file", o["embedded"].get_absolute_url(), SEE_COURSE),
    ]


def posts(o):
    """POST-only endpoints: (url name, url, data, expected statuses)."""
    slug = o["course"].slug
    return [
        ("attempt_start", reverse("content:attempt_start", args=[o["quiz"].pk]), {},
         [302, 302, 302, 302, 403, 404, 403, 404, 403, 404, 404, 403]),
        ("attempt_autosave",
         reverse("content:attempt_autosave", args=[o["quiz"].pk, o["attempt"].pk]),
         {"slot": []}, [302, 200, 404, 404, 403, 404, 403, 404, 403, 404, 404, 403]),
        ("glossary_moderate",
         reverse("content:glossary_moderate", args=[slug, o["entry"].pk]),
         {"decision": "approve"}, [302, 403, 403, 403, 403, 404, 403, 404, 302, 404, 404, 302]),
        ("question_retire",
         reverse("content:question_retire", args=[o["quiz"].bank.pk, o["question"].pk]),
         {}, [302, 403, 403, 403, 403, 404, 403, 404, 302, 404, 404, 302]),
        ("review_mark", reverse("content:review_mark", args=[o["quiz"].activity.pk]),
         {"note": "RAS"}, [302, 403, 403, 403, 403, 404, 403, 404, 302, 404, 404, 302]),
    ]  # fmt: skip


def _log_in(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
def test_every_page_answers_each_role_as_expected(client, request, objects, role, tutor):
    _log_in(client, request, role)
    index = ROLES.index(role)
    got = {}
    for name, url, _ in pages(objects):
        response = client.get(url)
        got[name] = response.status_code
        close_stream(response)
    expected = {name: statuses[index] for name, _, statuses in pages(objects)}
    assert got == expected


@pytest.mark.parametrize("role", ROLES)
def test_the_recording_revalidates_only_for_those_who_see_the_course(
    client, request, objects, role, candidate
):
    """A 304 only after the access checks: a reader's ETag and date give
    anyone who may not see the course its usual status, never a 304."""
    url = reverse("content:audio_file", args=[objects["audio"].pk])
    client.force_login(candidate)
    first = client.get(url)
    close_stream(first)
    client.logout()
    _log_in(client, request, role)
    expected = SEE_COURSE[ROLES.index(role)]
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        response = client.get(url, headers=headers)
        close_stream(response)
        assert response.status_code == (304 if expected == 200 else expected)
        if expected == 200:
            assert response.content == b""
            assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("role", ROLES)
def test_every_action_answers_each_role_as_expected(client, request, objects, role):
    _log_in(client, request, role)
    index = ROLES.index(role)
    got, expected = {}, {}
    for name, url, data, statuses in posts(objects):
        got[name] = client.post(url, data).status_code
        expected[name] = statuses[index]
    assert got == expected


def test_every_url_is_in_a_matrix(objects):
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)}
    covered = {row[0] for row in pages(objects)} | {row[0] for row in posts(objects)}
    assert names == covered


def test_anonymous_goes_to_the_login_page(client, objects):
    response = client.get(reverse("content:glossary", args=[objects["course"].slug]))
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ROLES[1:])
def test_predicates_agree_with_selectors(request, objects, role):
    user = request.getfixturevalue(role)
    attempt, report = objects["attempt"], objects["report"]
    assert permissions.can_view_attempt(user, attempt) == (
        selectors.attempts_visible_to(user).filter(pk=attempt.pk).exists()
    )
    assert permissions.can_view_report(user, report) == (
        selectors.reports_visible_to(user).filter(pk=report.pk).exists()
    )
    assert permissions.can_view_quiz(user, objects["quiz"]) == (
        selectors.quizzes_visible_to(user).filter(pk=objects["quiz"].pk).exists()
    )
    produced = selectors.courses_produced_by(user).filter(pk=objects["course"].pk).exists()
    assert permissions.is_producer_of(user, objects["course"]) == produced
