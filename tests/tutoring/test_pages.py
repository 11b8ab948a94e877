"""Every tutoring URL x every role → status; query budgets."""

import datetime

import pytest
from django.urls import reverse

from courses.models import Registration
from tests.factories import (
    ActivityFactory,
    CompletionFactory,
    SectionFactory,
    UserFactory,
    register,
)
from tutoring.services import message_post, reminder_send, thread_open

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "candidate",
    "other_candidate",
    "candidate_other_centre",
    "tutor",
    "other_tutor",
    "trainer",
    "coordinator",
    "other_coordinator",
    "admin_user",
]


def _client(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


BOARD = {
    "anonymous": 302,
    "candidate": 302,  # to "my questions"
    "other_candidate": 302,
    "candidate_other_centre": 302,
    "tutor": 200,
    "other_tutor": 200,
    "trainer": 200,  # empty board
    "coordinator": 200,
    "other_coordinator": 200,
    "admin_user": 200,
}
CANDIDATE_PAGE = {
    "anonymous": 302,
    "candidate": 404,
    "other_candidate": 404,
    "candidate_other_centre": 404,
    "tutor": 200,
    "other_tutor": 404,
    "trainer": 404,
    "coordinator": 200,
    "other_coordinator": 404,
    "admin_user": 200,
}
THREAD_PAGE = {**CANDIDATE_PAGE, "candidate": 200}
INTERVIEW_PAGE = {**CANDIDATE_PAGE, "coordinator": 403, "admin_user": 403}
MY_THREADS = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
THREAD_NEW = {
    **dict.fromkeys(ROLES, 403),
    "anonymous": 302,
    "candidate": 200,
    "other_candidate": 200,
}


@pytest.mark.parametrize("role", ROLES)
def test_board(client, request, role, candidate, other_candidate, candidate_other_centre):
    response = _client(client, request, role).get(reverse("tutoring:board"))
    assert response.status_code == BOARD[role]
    if role == "tutor":
        content = response.content.decode()
        assert candidate.get_display_name() in content
        assert other_candidate.get_display_name() not in content
    if role == "coordinator":
        content = response.content.decode()
        assert candidate.get_display_name() in content
        assert other_candidate.get_display_name() in content
    if role == "other_coordinator":
        assert candidate.get_display_name() not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_candidate_page(client, request, role, registration, other_candidate, thread):
    url = reverse("tutoring:candidate", args=[registration.pk])
    assert _client(client, request, role).get(url).status_code == CANDIDATE_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_thread_page(client, request, role, thread, other_candidate, candidate_other_centre):
    url = reverse("tutoring:thread", args=[thread.pk])
    assert _client(client, request, role).get(url).status_code == THREAD_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_attachment(client, request, role, candidate, registration, other_candidate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    thread = thread_open(
        actor=candidate,
        title="Copie",
        body="Voici mon plan.",
        attachment=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    attachment = thread.messages.get().attachments.get()
    url = reverse("tutoring:attachment", args=[attachment.pk])
    response = _client(client, request, role).get(url)
    assert response.status_code == THREAD_PAGE[role]
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("role", ROLES)
def test_an_attachment_revalidates_only_for_those_who_see_the_thread(
    client, request, role, candidate, registration, other_candidate
):
    """A 304 only after the access checks: the candidate's ETag and date
    give anyone who may not see the thread its usual status, never a 304."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    thread = thread_open(
        actor=candidate,
        title="Copie",
        body="Voici mon plan.",
        attachment=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    attachment = thread.messages.get().attachments.get()
    url = reverse("tutoring:attachment", args=[attachment.pk])
    client.force_login(candidate)
    first = client.get(url)
    b"".join(first.streaming_content)
    client.logout()
    expected = THREAD_PAGE[role]
    for headers in (
        {"If-None-Match": first["ETag"]},
        {"If-Modified-Since": first["Last-Modified"]},
    ):
        response = _client(client, request, role).get(url, headers=headers)
        assert response.status_code == (304 if expected == 200 else expected)
        if expected == 200:
            assert response.content == b""
            assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("role", ROLES)
def test_interview_page(client, request, role, registration, other_candidate):
    url = reverse("tutoring:interview", args=[registration.pk])
    assert _client(client, request, role).get(url).status_code == INTERVIEW_PAGE[role]


@pytest.mark.parametrize("role", ROLES)
def test_my_threads(client, request, role, thread, other_thread, candidate_other_centre):
    response = _client(client, request, role).get(reverse("tutoring:my_threads"))
    assert response.status_code == MY_THREADS[role]
    if role == "candidate":
        assert "Note de synthèse" in response.content.decode()
        assert "Oral" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_thread_new_page(client, request, role, candidate, other_candidate, candidate_other_centre):
    response = _client(client, request, role).get(reverse("tutoring:thread_new"))
    assert response.status_code == THREAD_NEW[role]


@pytest.mark.parametrize("role", ROLES)
def test_reminder_post(client, request, role, registration, other_candidate, mailoutbox):
    url = reverse("tutoring:reminder_new", args=[registration.pk])
    response = _client(client, request, role).post(url, {"template": "inactive"})
    expected = {**CANDIDATE_PAGE, "tutor": 302, "coordinator": 403, "admin_user": 403}[role]
    assert response.status_code == expected
    assert registration.tutoring_reminders.count() == (1 if role == "tutor" else 0)


@pytest.mark.parametrize("role", ROLES)
def test_escalate_post(client, request, role, thread, other_candidate, candidate_other_centre):
    url = reverse("tutoring:thread_escalate", args=[thread.pk])
    response = _client(client, request, role).post(url)
    expected = {
        **THREAD_PAGE,
        "candidate": 302,
        "tutor": 403,
        "coordinator": 403,
        "admin_user": 403,
    }
    assert response.status_code == expected[role]


def test_every_tutoring_url_is_in_a_matrix():
    from tutoring.urls import urlpatterns

    tested = {
        "board",
        "candidate",
        "reminder_new",
        "interview",
        "my_threads",
        "thread_new",
        "thread",
        "thread_escalate",
        "trainer_request",
        "attachment",
    }
    assert {p.name for p in urlpatterns} == tested


def test_withdrawn_candidate_leaves_the_board(client, tutor, candidate, registration):
    client.force_login(tutor)
    assert candidate.get_display_name() in client.get(reverse("tutoring:board")).content.decode()
    Registration.objects.filter(pk=registration.pk).update(status="withdrawn")
    assert (
        candidate.get_display_name() not in client.get(reverse("tutoring:board")).content.decode()
    )
    # Still readable from its page.
    assert client.get(reverse("tutoring:candidate", args=[registration.pk])).status_code == 200


def test_coordinator_picks_a_tutor_of_their_centre_only(
    client, coordinator, other_coordinator, tutor, candidate, other_candidate
):
    client.force_login(coordinator)
    response = client.get(reverse("tutoring:board"), {"tuteur": tutor.pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert candidate.get_display_name() in content
    assert other_candidate.get_display_name() not in content
    client.force_login(other_coordinator)
    assert client.get(reverse("tutoring:board"), {"tuteur": tutor.pk}).status_code == 404


# --- Query budgets ---------------------------------------------------------------


def _populate(preparation, tutor, courses, count):
    """``count`` candidates of ``tutor``, with completions, threads and reminders."""
    for course in courses.values():
        section = SectionFactory(course=course)
        for _ in range(10):
            ActivityFactory(section=section)
    for i in range(count):
        user = UserFactory(username=f"budget-{count}-{i}")
        registration = register(user, preparation, tutor=tutor)
        for activity in courses["fondamentaux"].activities.all()[: i % 5]:
            CompletionFactory(user=user, activity=activity)
        if i % 2:
            thread = thread_open(actor=user, title=f"Thème {i}", body="Question ?")
            message_post(actor=tutor, thread=thread, body="Réponse.")
        if i % 3 == 0:
            reminder_send(actor=tutor, registration=registration, template="inactive")


# Board queries (11 measured at 3 and 40 candidates, the table built afresh):
# user, the registrations the viewer follows (the picker's tutors, whether
# the viewer tutors anyone, the candidates shown: one query); then the
# table: one head per row (candidate, tutor, preparation, latest completion,
# visit and reminder, interview), enrolled courses, progress (2: totals,
# done), submission stats (4, assignments api), open threads.
BOARD_BUDGET = 11


@pytest.mark.parametrize("count", [3, 40])
def test_board_query_budget(
    client, preparation, tutor, courses, count, django_assert_max_num_queries
):
    _populate(preparation, tutor, courses, count)
    client.force_login(tutor)
    with django_assert_max_num_queries(BOARD_BUDGET):
        response = client.get(reverse("tutoring:board"), {"tri": "risk"})
    assert response.status_code == 200
    assert response.content.decode().count('href="/tutorat/candidats/') == count


# Candidate page (16 measured at both sizes): user, registration, board row
# (head, enrolled courses, progress x2, submission stats x4, open threads),
# sections (1 aggregate), threads, reminders, interview, grades (1,
# assignments api).
CANDIDATE_BUDGET = 16


@pytest.mark.parametrize("size", [1, 12])
def test_candidate_page_query_budget(
    client, tutor, candidate, registration, courses, size, django_assert_max_num_queries
):
    for course in courses.values():
        for _ in range(size):
            section = SectionFactory(course=course)
            for activity in [ActivityFactory(section=section) for _ in range(3)]:
                CompletionFactory(user=candidate, activity=activity)
    for i in range(size):
        thread = thread_open(actor=candidate, title=f"Thème {i}", body="Question ?")
        message_post(actor=tutor, thread=thread, body="Réponse.")
        reminder_send(actor=tutor, registration=registration, template="free", message="Alors ?")
    client.force_login(tutor)
    with django_assert_max_num_queries(CANDIDATE_BUDGET):
        response = client.get(reverse("tutoring:candidate", args=[registration.pk]))
    assert response.status_code == 200
    assert response.content.decode().count('role="progressbar"') >= size


@pytest.mark.parametrize("size", [1, 10])
def test_thread_page_query_budget(
    client, tutor, candidate, registration, size, django_assert_max_num_queries
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    thread = thread_open(actor=candidate, title="Thème", body="Question ?")
    for i in range(size):
        from tutoring.models import Attachment, Message

        message = Message.objects.create(thread=thread, author=tutor, body=f"Message {i}")
        attachment = Attachment(
            message=message, name="a.pdf", content_type="application/pdf", size=9
        )
        attachment.file.save("a.pdf", SimpleUploadedFile("a.pdf", b"%PDF-1.4\n"), save=True)
    client.force_login(candidate)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("tutoring:thread", args=[thread.pk]))
    assert response.status_code == 200


def _populate_in_bulk(preparation, tutor, courses, count):
    """The issue's sizes: ``count`` candidates, 3 courses each with 50
    activities, some completions, a waiting question and a reminder each."""
    from courses.models import Activity, Completion, Enrolment
    from tutoring.models import Reminder, Thread

    chosen = [courses["fondamentaux"], courses["ateliers"], courses["bibliothecaire"]]
    for course in chosen:
        section = course.sections.first()
        Activity.objects.bulk_create(
            Activity(course=course, section=section, kind="sheet", title=f"Fiche {n}")
            for n in range(48)
        )
    users = UserFactory._meta.model.objects.bulk_create(
        UserFactory.build(username=f"bulk-{count}-{i}") for i in range(count)
    )
    registrations = Registration.objects.bulk_create(
        Registration(candidate=user, preparation=preparation, tutor=tutor) for user in users
    )
    Enrolment.objects.bulk_create(
        Enrolment(user_id=r.candidate_id, course=c, role="candidate", registration=r)
        for r in registrations
        for c in chosen
    )
    activities = list(courses["fondamentaux"].activities.all()[:10])
    Completion.objects.bulk_create(
        Completion(user=user, activity=activity, source="manual")
        for i, user in enumerate(users)
        for activity in activities[: i % 10]
    )
    Thread.objects.bulk_create(
        Thread(
            registration=r,
            candidate_id=r.candidate_id,
            title="Question",
            awaiting_since=r.created_at,
            due_on=datetime.date(2026, 12, 1),
        )
        for r in registrations
    )
    Reminder.objects.bulk_create(
        Reminder(
            registration=r,
            candidate_id=r.candidate_id,
            kind="manual",
            template="inactive",
            subject="Relance",
            body="…",
        )
        for r in registrations
    )


@pytest.mark.parametrize("count", [8, 300])
def test_board_query_budget_at_the_issue_sizes(
    client, preparation, tutor, courses, count, django_assert_max_num_queries
):
    _populate_in_bulk(preparation, tutor, courses, count)
    client.force_login(tutor)
    with django_assert_max_num_queries(BOARD_BUDGET):
        response = client.get(reverse("tutoring:board"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/tutorat/candidats/') == count


# Who follows which candidate and reads which theme, from the rules (the
# tutor, a coordinator of the centre, an administrator; never the candidate
# for the candidate page; the candidate reads their own themes), not from the
# selectors. Centre B's preparation is regional: no tutoring there.
CANDIDATE_PAGES = {
    "tutor": {"registration"},
    "other_tutor": {"other_registration"},
    "coordinator": {"registration", "other_registration"},
    "admin_user": {"registration", "other_registration"},
}
THEMES = {
    "candidate": {"thread"},
    "other_candidate": {"other_thread"},
    "tutor": {"thread"},
    "other_tutor": {"other_thread"},
    "coordinator": {"thread", "other_thread"},
    "admin_user": {"thread", "other_thread"},
}


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_who_follows_which_candidate_and_theme(
    request, role, registration, other_registration, thread, other_thread, candidate_other_centre
):
    from tutoring.permissions import can_view_candidate, can_view_thread
    from tutoring.selectors import threads_visible_to, tutored_registrations_visible_to

    user = request.getfixturevalue(role)
    registrations = {
        "registration": registration,
        "other_registration": other_registration,
        "regional_registration": Registration.objects.get(candidate=candidate_other_centre),
    }
    expected = CANDIDATE_PAGES.get(role, set())
    assert {n for n, r in registrations.items() if can_view_candidate(user, r)} == expected
    listed = set(tutored_registrations_visible_to(user))
    assert {n for n, r in registrations.items() if r in listed} == expected
    threads = {"thread": thread, "other_thread": other_thread}
    expected = THEMES.get(role, set())
    assert {n for n, t in threads.items() if can_view_thread(user, t)} == expected
    listed_threads = set(threads_visible_to(user))
    assert {n for n, t in threads.items() if t in listed_threads} == expected
