"""Dashboard, "Mes cours", course and activity pages: who sees what, and
what a candidate notices when they open and tick activities."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from courses.models import Activity, Completion, LastVisit, Registration, StaffRole
from tests.courses.conftest import ROLES
from tests.factories import ActivityFactory, SectionFactory

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def close_file(response):
    """A file response keeps its file open until it is read to the end (the
    test client then closes it without closing the database connection)."""
    if response.streaming:
        b"".join(response.streaming_content)


def activity_of(course) -> Activity:
    return course.activities.order_by("pk").first()


# --- URL x role matrix -----------------------------------------------------------

# Expected status per role. The exam course "Devenir bibliothécaire" is read by
# its candidates (both centres register for the same exam), their tutors, its
# trainer and producers; RAEP by nobody but producers and admins here.
EXAM_COURSE_READERS = {
    "anonymous": 302,
    "candidate": 200,
    "other_candidate": 200,
    "candidate_other_centre": 200,
    "tutor": 200,
    "other_tutor": 200,
    "trainer": 200,
    "other_trainer": 404,
    "producer": 200,
    "coordinator": 404,
    "other_coordinator": 404,
    "admin_user": 200,
    "user": 404,
}
RAEP_READERS = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": 302,
    "producer": 200,
    "admin_user": 200,
}
EVERYONE = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
# Only candidates with an active registration tick; staff who read the course
# get a 403 (they see it), people who do not see it a 404.
TICKERS = {
    **{role: (403 if code == 200 else code) for role, code in EXAM_COURSE_READERS.items()},
    "candidate": 200,
    "other_candidate": 200,
    "candidate_other_centre": 200,
}
WITHDRAW = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "candidate": 200}
# The centre's team (decision 0017): coordinators and admins; another centre's
# coordinator does not see centre A (404); nobody else has a team (403).
STAFF_HOME = {
    **dict.fromkeys(ROLES, 403),
    "anonymous": 302,
    "coordinator": 200,
    "other_coordinator": 200,
    "admin_user": 200,
}
STAFF_OF_A = {**STAFF_HOME, "other_coordinator": 404}
# An empty grant form, or withdrawing the grant of a tutor who still tutors:
# refused with the page again (400), nothing changed.
STAFF_OF_A_POST = {**STAFF_OF_A, "coordinator": 400, "admin_user": 400}


def matrix_urls(courses, candidate):
    exam_course = courses["bibliothecaire"]
    raep = courses["raep"]
    registration = candidate.registrations.get()
    centre = registration.preparation.centre
    tutor_grant = StaffRole.objects.get(
        user_id=registration.tutor_id, role="tutor", centre=centre, withdrawn_at=None
    )
    return {
        "dashboard": ("get", reverse("dashboard"), EVERYONE),
        "courses:my_courses": ("get", reverse("courses:my_courses"), EVERYONE),
        "courses:course": ("get", exam_course.get_absolute_url(), EXAM_COURSE_READERS),
        "courses:course (raep)": ("get", raep.get_absolute_url(), RAEP_READERS),
        "courses:activity": (
            "get",
            activity_of(exam_course).get_absolute_url(),
            EXAM_COURSE_READERS,
        ),
        "courses:activity (raep)": ("get", activity_of(raep).get_absolute_url(), RAEP_READERS),
        "courses:activity_tick": (
            "post",
            reverse("courses:activity_tick", args=[exam_course.slug, activity_of(exam_course).pk]),
            TICKERS,
        ),
        "courses:activity_file": ("get", "FILE", EXAM_COURSE_READERS),
        "courses:withdraw": (
            "get",
            reverse("courses:withdraw", args=[registration.pk]),
            WITHDRAW,
        ),
        "courses:staff_home": ("get", reverse("courses:staff_home"), STAFF_HOME),
        "courses:staff": ("get", reverse("courses:staff", args=[centre.pk]), STAFF_OF_A),
        "courses:staff_grant": (
            "post",
            reverse("courses:staff_grant", args=[centre.pk]),
            STAFF_OF_A_POST,
        ),
        "courses:staff_withdraw": (
            "post",
            reverse("courses:staff_withdraw", args=[centre.pk, tutor_grant.pk]),
            STAFF_OF_A_POST,
        ),
        # The candidate's support request: their registration only (as the
        # withdrawal).
        "courses:support_request": (
            "get",
            reverse("courses:support_request", args=[registration.pk]),
            WITHDRAW,
        ),
    }


@pytest.mark.parametrize("role", ROLES)
def test_url_role_matrix(client, login, people, courses, role, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    exam_course = courses["bibliothecaire"]
    document = ActivityFactory(
        section=exam_course.sections.first(), kind="file", title="Programme du concours"
    )
    document.file.save("programme.pdf", ContentFile(b"%PDF-1.4 programme"))
    urls = matrix_urls(courses, people["candidate"])
    urls["courses:activity_file"] = (
        "get",
        reverse("courses:activity_file", args=[exam_course.slug, document.pk]),
        EXAM_COURSE_READERS,
    )
    failures = []
    for name, (method, url, expected) in urls.items():
        login(role)
        if method == "post":
            response = client.post(url, {"done": "1"}, HTTP_ACCEPT="application/json")
        else:
            response = client.get(url)
        close_file(response)
        if response.status_code != expected[role]:
            failures.append((name, role, response.status_code, expected[role]))
        if expected[role] == 302:
            assert response.url.startswith(reverse("login"))
    assert failures == []


def _named_urls(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{entry.namespace}:" if entry.namespace else ""
            yield from _named_urls(entry, prefix + namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield prefix + entry.name


def test_every_courses_url_is_in_the_matrix(courses, candidate):
    names = {n for n in _named_urls(get_resolver()) if n.startswith("courses:")} | {"dashboard"}
    assert names <= set(matrix_urls(courses, candidate)) | {"courses:activity_file"}


# --- Course page -------------------------------------------------------------------


def test_course_page_shows_the_essentials_first_and_the_progress(client, candidate, exam_course):
    # A later section with a lower position must still come after the essentials.
    late = SectionFactory(course=exam_course, title="Culture générale", position=0)
    ActivityFactory(section=late, title="La note de synthèse")
    client.force_login(candidate)
    page = html(client.get(exam_course.get_absolute_url()))
    assert page.index("Les incontournables") < page.index("Culture générale")
    assert 'aria-valuenow="0"' in page
    assert "0 % — 0 activité terminée sur 3" in page
    assert "Marquer comme terminé" in page


def test_unknown_course_or_activity_is_a_404(client, candidate, exam_course, courses):
    client.force_login(candidate)
    assert client.get("/cours/nexiste-pas/").status_code == 404
    assert client.get(f"/cours/{exam_course.slug}/activites/999999/").status_code == 404
    # An activity of another course, through this course's address.
    other = activity_of(courses["fondamentaux"])
    assert client.get(f"/cours/{exam_course.slug}/activites/{other.pk}/").status_code == 404


def test_hidden_or_future_activity_is_a_404_for_candidates_not_for_producers(
    client, candidate, producer, exam_course
):
    hidden = ActivityFactory(section=exam_course.sections.first(), is_visible=False)
    future = ActivityFactory(
        section=exam_course.sections.first(),
        available_from=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(candidate)
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get(future.get_absolute_url()).status_code == 404
    assert hidden.title not in html(client.get(exam_course.get_absolute_url()))
    client.force_login(producer)
    assert client.get(hidden.get_absolute_url()).status_code == 200
    assert client.get(future.get_absolute_url()).status_code == 200


def test_hidden_course_is_a_404_for_its_candidates(client, candidate, trainer, exam_course):
    exam_course.is_visible = False
    exam_course.save()
    client.force_login(candidate)
    assert client.get(exam_course.get_absolute_url()).status_code == 404
    assert exam_course.title not in html(client.get(reverse("dashboard")))
    client.force_login(trainer)
    assert client.get(exam_course.get_absolute_url()).status_code == 200


def test_withdrawn_candidate_reads_with_a_banner_and_no_tick_button(client, candidate, exam_course):
    Registration.objects.filter(candidate=candidate).update(status="withdrawn")
    client.force_login(candidate)
    page = html(client.get(exam_course.get_absolute_url()))
    assert "Votre inscription est close" in page
    assert "Marquer comme terminé" not in page


# --- Ticking -----------------------------------------------------------------------


def tick_url(activity):
    return reverse("courses:activity_tick", args=[activity.course.slug, activity.pk])


def test_tick_without_javascript_redirects_back_with_a_message(client, candidate, exam_course):
    activity = activity_of(exam_course)
    client.force_login(candidate)
    response = client.post(
        tick_url(activity), {"done": "1", "next": exam_course.get_absolute_url()}
    )
    assert response.status_code == 302
    assert response.url == exam_course.get_absolute_url()
    assert Completion.objects.filter(user=candidate, activity=activity, source="manual").exists()
    page = html(client.get(response.url))
    assert "est marquée comme terminée" in page
    assert 'aria-valuenow="50"' in page
    assert "Marquer comme non terminé" in page

    client.post(tick_url(activity), {"done": "0"})
    assert not Completion.objects.filter(user=candidate, activity=activity).exists()


def test_tick_ignores_a_next_address_on_another_site(client, candidate, exam_course):
    activity = activity_of(exam_course)
    client.force_login(candidate)
    response = client.post(tick_url(activity), {"done": "1", "next": "https://evil.example/"})
    assert response.url.startswith(exam_course.get_absolute_url())


def test_tick_with_javascript_answers_the_new_progress(client, candidate, exam_course):
    activity = activity_of(exam_course)
    client.force_login(candidate)
    response = client.post(tick_url(activity), {"done": "1"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    data = response.json()
    assert data["done"] is True
    assert data["progress"] == {
        "course": exam_course.pk,
        "done": 1,
        "total": 2,
        "percent": 50,
        "text": "50 % — 1 activité terminée sur 2",
    }
    # Ticking twice changes nothing.
    client.post(tick_url(activity), {"done": "1"}, HTTP_ACCEPT="application/json")
    assert Completion.objects.filter(user=candidate).count() == 1


def test_tick_on_an_activity_with_another_rule_is_refused(client, candidate, exam_course):
    activity = activity_of(exam_course)
    activity.completion_rule = Activity.CompletionRule.SUBMISSION
    activity.save()
    client.force_login(candidate)
    response = client.post(tick_url(activity), {"done": "1"})
    assert response.status_code == 400
    assert "ne peut pas être cochée à la main" in html(response)
    response = client.post(tick_url(activity), {"done": "1"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "cochée à la main" in response.json()["error"]
    assert not Completion.objects.exists()


def test_tick_by_a_withdrawn_candidate_is_refused(client, candidate, exam_course):
    Registration.objects.filter(candidate=candidate).update(status="withdrawn")
    client.force_login(candidate)
    response = client.post(tick_url(activity_of(exam_course)), {"done": "1"})
    assert response.status_code == 403
    assert "inscription active" in html(response)
    assert not Completion.objects.exists()


def test_tick_by_a_tutor_is_refused_and_get_is_not_allowed(client, candidate, tutor, exam_course):
    client.force_login(tutor)
    assert client.post(tick_url(activity_of(exam_course)), {"done": "1"}).status_code == 403
    client.force_login(candidate)
    assert client.get(tick_url(activity_of(exam_course))).status_code == 405
    assert not Completion.objects.exists()


# --- Activity pages ----------------------------------------------------------------


def test_opening_a_view_activity_completes_it_and_feeds_resume(client, candidate, exam_course):
    activity = ActivityFactory(
        section=exam_course.sections.first(),
        title="Le statut de la fonction publique",
        completion_rule=Activity.CompletionRule.VIEW,
    )
    client.force_login(candidate)
    assert client.get(activity.get_absolute_url()).status_code == 200
    assert Completion.objects.filter(user=candidate, activity=activity, source="view").exists()
    assert LastVisit.objects.get(user=candidate, course=exam_course).activity == activity
    page = html(client.get(reverse("dashboard")))
    assert "Reprendre\xa0: Le statut de la fonction publique" in page


def test_withdrawn_candidate_opening_a_view_activity_completes_nothing(
    client, candidate, exam_course
):
    activity = ActivityFactory(section=exam_course.sections.first(), completion_rule="view")
    Registration.objects.filter(candidate=candidate).update(status="withdrawn")
    client.force_login(candidate)
    assert client.get(activity.get_absolute_url()).status_code == 200
    assert not Completion.objects.exists()


def test_sheet_is_sanitised_and_shows_its_review_date(client, candidate, exam_course):
    activity = ActivityFactory(
        section=exam_course.sections.first(),
        body='<h2>Le catalogage</h2><p onclick="steal()">Texte<script>alert(1)</script>'
        '<a href="javascript:alert(1)">piège</a></p>',
        last_reviewed_on=datetime.date(2026, 9, 14),
    )
    client.force_login(candidate)
    page = html(client.get(activity.get_absolute_url()))
    assert "<h2>Le catalogage</h2>" in page
    assert "steal()" not in page
    assert "alert(1)" not in page
    assert "Mis à jour le 14 septembre 2026" in page


def test_file_is_downloaded_as_an_attachment(client, candidate, exam_course, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    activity = ActivityFactory(section=exam_course.sections.first(), kind="file")
    activity.file.save("annales-2025.pdf", ContentFile(b"%PDF-1.4 annales"))
    client.force_login(candidate)
    page = html(client.get(activity.get_absolute_url()))
    url = reverse("courses:activity_file", args=[exam_course.slug, activity.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 annales"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize("role", ROLES)
def test_an_activity_file_revalidates_only_for_its_readers(
    client, login, courses, role, settings, tmp_path
):
    """A 304 only after the access checks: a role that may not read the
    course gets its usual status even with a reader's ETag and date."""
    settings.MEDIA_ROOT = str(tmp_path)
    exam_course = courses["bibliothecaire"]
    document = ActivityFactory(section=exam_course.sections.first(), kind="file")
    document.file.save("programme.pdf", ContentFile(b"%PDF-1.4 programme"))
    url = reverse("courses:activity_file", args=[exam_course.slug, document.pk])
    login("candidate")
    first = client.get(url)
    close_file(first)
    login(role)
    expected = EXAM_COURSE_READERS[role]
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        response = client.get(url, headers=headers)
        close_file(response)
        assert response.status_code == (304 if expected == 200 else expected)
        if expected == 200:
            assert response.content == b""
            assert response["Cache-Control"] == "private, no-cache"


def test_a_replaced_activity_file_has_a_new_etag(
    client, candidate, exam_course, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    activity = ActivityFactory(section=exam_course.sections.first(), kind="file")
    activity.file.save("annales-2025.pdf", ContentFile(b"%PDF-1.4 annales"))
    url = reverse("courses:activity_file", args=[exam_course.slug, activity.pk])
    client.force_login(candidate)
    first = client.get(url)
    close_file(first)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    activity.file.save("annales-2025.pdf", ContentFile(b"%PDF-1.4 annales corrigees"))
    response = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert response.status_code == 200
    assert response["ETag"] != first["ETag"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 annales corrigees"


def test_file_of_a_sheet_or_a_missing_file_is_a_404(client, candidate, exam_course):
    client.force_login(candidate)
    sheet = activity_of(exam_course)
    assert (
        client.get(reverse("courses:activity_file", args=[exam_course.slug, sheet.pk])).status_code
        == 404
    )
    empty = ActivityFactory(section=exam_course.sections.first(), kind="file")
    assert (
        client.get(reverse("courses:activity_file", args=[exam_course.slug, empty.pk])).status_code
        == 404
    )


@pytest.mark.parametrize(
    ("kind", "url", "expected"),
    [
        ("link", "https://www.enssib.fr/", 'href="https://www.enssib.fr/"'),
        ("video", "https://video.example.fr/v/123", 'href="https://video.example.fr/v/123"'),
        ("audio", "", "L’enregistrement n’est pas encore disponible."),
    ],
)
def test_each_kind_of_activity_has_its_page(client, candidate, exam_course, kind, url, expected):
    activity = ActivityFactory(section=exam_course.sections.first(), kind=kind, url=url)
    client.force_login(candidate)
    response = client.get(activity.get_absolute_url())
    assert response.status_code == 200
    assert expected in html(response)


def test_audio_file_plays_in_the_page(client, candidate, exam_course, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    activity = ActivityFactory(section=exam_course.sections.first(), kind="audio")
    activity.file.save("podcast.mp3", ContentFile(b"ID3"))
    client.force_login(candidate)
    assert "<audio controls" in html(client.get(activity.get_absolute_url()))


def test_assignment_opens_the_page_its_app_gives(client, candidate, exam_course, monkeypatch):
    import assignments.api

    activity = ActivityFactory(section=exam_course.sections.first(), kind="assignment")
    client.force_login(candidate)
    assert "Cette activité ouvre bientôt." in html(client.get(activity.get_absolute_url()))
    monkeypatch.setattr(assignments.api, "url_for_activity", lambda a: f"/devoirs/{a.pk}/")
    page = html(client.get(activity.get_absolute_url()))
    assert f'href="/devoirs/{activity.pk}/"' in page


def test_quiz_without_the_content_app_says_it_opens_soon(client, candidate, exam_course):
    activity = ActivityFactory(section=exam_course.sections.first(), kind="quiz")
    client.force_login(candidate)
    assert client.get(activity.get_absolute_url()).status_code == 200


def test_previous_and_next_follow_the_course_order(client, candidate, exam_course):
    first, second = exam_course.activities.order_by("-section__is_essential", "section__position")
    client.force_login(candidate)
    page = html(client.get(first.get_absolute_url()))
    assert f'href="{second.get_absolute_url()}" rel="next"' in page
    assert 'rel="prev"' not in page
    page = html(client.get(second.get_absolute_url()))
    assert f'href="{first.get_absolute_url()}" rel="prev"' in page


# --- Dashboard and Mes cours ---------------------------------------------------------


def test_dashboard_shows_a_progress_bar_per_course(client, candidate, exam_course):
    Completion.objects.create(user=candidate, activity=activity_of(exam_course), source="manual")
    client.force_login(candidate)
    page = html(client.get(reverse("dashboard")))
    assert "Vue d’ensemble des cours" in page
    assert page.count('role="progressbar"') == 3
    assert 'aria-valuenow="50"' in page
    assert "Prochaines échéances et événements" in page


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("tutor", 'href="/tutorat/"'),
        ("trainer", 'href="/devoirs/a-corriger/"'),
        ("coordinator", 'href="/admin/"'),
        ("admin_user", 'href="/admin/"'),
    ],
)
def test_dashboard_of_staff_links_to_their_work(client, login, role, expected):
    login(role)
    page = html(client.get(reverse("dashboard")))
    assert expected in page
    assert "Vue d’ensemble des cours" not in page


def test_dashboard_of_someone_without_courses(client, user):
    client.force_login(user)
    assert "Vous n’êtes inscrit·e à aucun cours" in html(client.get(reverse("dashboard")))


def test_my_courses_groups_by_preparation_and_role(
    client, candidate, courses, other_preparation, trainer
):
    from courses.services import enrol_staff
    from tests.factories import register

    register(candidate, other_preparation, "bibliothecaire-interne")
    enrol_staff(user=candidate, course=courses["ateliers"], role="producer")
    client.force_login(candidate)
    page = html(client.get(reverse("courses:my_courses")))
    assert "Préparation Callisto 2027 (2027)" in page
    assert "Préparation régionale B (2027)" in page
    assert "Mes cours en tant que formateur ou producteur" in page
    assert "Je me désiste" in page


def test_my_courses_of_a_tutor_lists_their_candidates_courses(client, candidate, tutor):
    client.force_login(tutor)
    page = html(client.get(reverse("courses:my_courses")))
    assert "Cours des stagiaires que je suis" in page
    assert "Devenir bibliothécaire" in page


def test_a_stored_javascript_address_never_becomes_a_link(client, candidate, exam_course):
    activity = ActivityFactory(
        section=exam_course.sections.first(), kind="link", url="javascript:alert(1)"
    )
    client.force_login(candidate)
    assert "javascript:" not in html(client.get(activity.get_absolute_url()))


def test_les_incontournables_offer_the_training_calendar(client, candidate, exam_course):
    client.force_login(candidate)
    html = client.get(exam_course.get_absolute_url()).content.decode()
    assert "Mon calendrier (PDF) — Préparation Callisto 2027" in html
    assert "Calendrier de la formation (PDF)" in html
