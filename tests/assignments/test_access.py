"""Every page, every role → status. A copy is never shown to the wrong
person: what a user may not see is a 404, a visible forbidden action a 403."""

import pytest
from django.urls import URLPattern, reverse

from assignments import permissions, selectors
from assignments.models import Assignment, Submission
from assignments.urls import urlpatterns
from tests.assignments.conftest import ROLES

pytestmark = pytest.mark.django_db

C, OC, CO, T, OT, TR, OTR, CD, OCD, A, AN = ROLES
LOGIN = "login"


def close_file(response):
    """Read a file response to its end: the test client then closes it
    (and its file) safely."""
    if response.streaming:
        b"".join(response.streaming_content)


def expect(default, **overrides):
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = LOGIN
    for role, status in overrides.items():
        table[role] = status
    return table


# (url name, kwargs builder, method, {role: status})
MATRIX = [
    ("mine", lambda w: {}, "get", expect(200)),
    (
        "grading_queue",
        lambda w: {},
        "get",
        expect(403, trainer=200, other_trainer=200, admin_user=200),
    ),
    (
        "detail",
        lambda w: {"pk": w.assignment.pk},
        "get",
        expect(200, other_trainer=404, coordinator=404, other_coordinator=404),
    ),
    (
        "create",
        lambda w: {"course_slug": w.assignment.course.slug},
        "get",
        expect(403, other_trainer=404, coordinator=404, other_coordinator=404, trainer=200,
               admin_user=200),
    ),
    (
        "edit",
        lambda w: {"pk": w.assignment.pk},
        "get",
        expect(403, other_trainer=404, coordinator=404, other_coordinator=404, trainer=200,
               admin_user=200),
    ),
    (
        "zip",
        lambda w: {"pk": w.assignment.pk},
        "get",
        expect(403, other_trainer=404, coordinator=404, other_coordinator=404, trainer=200,
               admin_user=200),
    ),
    (
        "archive",
        lambda w: {"pk": w.assignment.pk, "archive_id": w.archive.pk},
        "get",
        expect(403, other_trainer=404, coordinator=404, other_coordinator=404, trainer=200,
               admin_user=200),
    ),
    (
        "subject_file",
        lambda w: {"pk": w.assignment.pk, "file_id": w.subject.pk},
        "get",
        expect(200, other_trainer=404, coordinator=404, other_coordinator=404),
    ),
    (
        "hand_in",
        lambda w: {"pk": w.assignment.pk},
        "get",
        # Only a candidate with a copy has a confirmation page (theirs).
        expect(404, candidate=200, other_candidate=200),
    ),
    (
        "submission",
        lambda w: {"pk": w.submission.pk},
        "get",
        expect(404, candidate=200, tutor=200, trainer=200, coordinator=200, admin_user=200),
    ),
    (
        "file",
        lambda w: {"pk": w.submission.pk, "file_id": w.file.pk},
        "get",
        expect(404, candidate=200, tutor=200, trainer=200, coordinator=200, admin_user=200),
    ),
    (
        # Graded but not returned: only the trainers see the annotated copy.
        "annotated",
        lambda w: {"pk": w.submission.pk, "feedback_id": w.feedback.pk},
        "get",
        expect(404, trainer=200, admin_user=200),
    ),
    (
        "grade",
        lambda w: {"pk": w.submission.pk},
        "post",
        expect(404, candidate=403, tutor=403, coordinator=403, trainer=302, admin_user=302),
    ),
    (
        "return",
        lambda w: {"pk": w.submission.pk},
        "post",
        expect(404, candidate=403, tutor=403, coordinator=403, trainer=302, admin_user=302),
    ),
    (
        "release",
        lambda w: {"pk": w.assignment.pk},
        "post",
        expect(403, other_trainer=404, coordinator=404, other_coordinator=404, trainer=302,
               admin_user=302),
    ),
    (
        "extension",
        lambda w: {"pk": w.assignment.pk},
        "post",
        expect(403, other_trainer=404, coordinator=404, other_coordinator=404, trainer=302,
               admin_user=302),
    ),
    (
        "report",
        lambda w: {"pk": w.assignment.pk},
        "post",
        expect(403, other_trainer=404, coordinator=404, other_coordinator=404, trainer=302,
               admin_user=302),
    ),
    (
        "upload",
        lambda w: {"pk": w.assignment.pk},
        "post",
        # Active candidates of the course (their own copy); nobody else.
        expect(403, candidate=302, other_candidate=302, candidate_other_centre=302,
               other_trainer=404, coordinator=404, other_coordinator=404),
    ),
    (
        "remove_file",
        lambda w: {"pk": w.assignment.pk, "file_id": w.file.pk},
        "post",
        # Only the owner finds their file (then it is refused: handed in).
        expect(404, candidate=302, other_trainer=404),
    ),
    (
        # A's assignment is graded with a single grade: no grid to post to.
        "grid_grade",
        lambda w: {"pk": w.submission.pk},
        "post",
        expect(404, candidate=403, tutor=403, coordinator=403),
    ),
    (
        # Whoever follows candidates (each sees their own rows); candidates: none.
        "grade_report",
        lambda w: {},
        "get",
        expect(200, candidate=403, other_candidate=403, candidate_other_centre=403),
    ),
    (
        "grade_report_export",
        lambda w: {"fmt": "ods"},
        "get",
        expect(200, candidate=403, other_candidate=403, candidate_other_centre=403),
    ),
]  # fmt: skip

POST_DATA = {
    "grade": {"grade": "15", "comment": "Bien."},
    "report": {"body": "<p>Compte rendu.</p>"},
}


def test_every_url_is_in_the_matrix():
    names = {p.name for p in urlpatterns if isinstance(p, URLPattern)}
    assert names == {row[0] for row in MATRIX}


@pytest.mark.parametrize("row", MATRIX, ids=[row[0] for row in MATRIX])
def test_status_by_role(row, world, client, login_as):
    """One URL, every role (a fresh world per URL: POSTs change it)."""
    name, kwargs, method, table = row
    url = reverse(f"assignments:{name}", kwargs=kwargs(world))
    wrong = []
    for role in ROLES:
        login_as(role)
        data = POST_DATA.get(name, {})
        response = client.get(url) if method == "get" else client.post(url, data)
        expected = table[role]
        if expected == LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
        else:
            ok = response.status_code == expected
            if expected == 302:
                ok = ok and not response["Location"].startswith(reverse("login"))
            if name in ("file", "annotated", "subject_file", "zip", "archive") and expected == 200:
                assert response["Content-Disposition"].startswith("attachment")
                assert response["X-Content-Type-Options"] == "nosniff"
                assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
                assert response["Cache-Control"] == (
                    "private, no-cache" if name == "subject_file" else "private, no-store"
                )
        close_file(response)
        if not ok:
            wrong.append((role, expected, response.status_code))
    assert not wrong, f"{name}: (role, expected, got) {wrong}"


# Stored files (the inline ZIP is built per request and carries no validators).
STORED_DOWNLOADS = ("file", "annotated", "subject_file", "archive")


@pytest.mark.parametrize(
    "row",
    [row for row in MATRIX if row[0] in STORED_DOWNLOADS],
    ids=[row[0] for row in MATRIX if row[0] in STORED_DOWNLOADS],
)
def test_revalidation_is_a_304_only_for_those_who_may_download(row, world, client, login_as):
    """Access is checked before the validators: a role that may download
    gets a 304 for its own ETag and for the Last-Modified; every other role
    sent the ETag and Last-Modified of someone who may still gets exactly
    its status of the matrix, never a 304."""
    name, kwargs, _method, table = row
    url = reverse(f"assignments:{name}", kwargs=kwargs(world))
    readers = [role for role in ROLES if table[role] == 200]
    login_as(readers[0])
    first = client.get(url)
    close_file(first)
    known = {"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]}
    wrong = []
    for role in ROLES:
        login_as(role)
        if role in readers:
            own = client.get(url)
            close_file(own)
            attempts = [
                ({"If-None-Match": own["ETag"]}, 304),
                ({"If-Modified-Since": own["Last-Modified"]}, 304),
            ]
        else:
            expected = 302 if table[role] == LOGIN else table[role]
            attempts = [(known, expected), ({"If-None-Match": known["If-None-Match"]}, expected)]
        for headers, expected in attempts:
            response = client.get(url, headers=headers)
            close_file(response)
            if expected == 304:
                assert response.content == b""
                # The subject is course material: kept and revalidated;
                # copies, annotated copies and archives are never kept.
                assert response["Cache-Control"] == (
                    "private, no-cache" if name == "subject_file" else "private, no-store"
                )
            if response.status_code != expected:
                wrong.append((role, headers, expected, response.status_code))
    assert not wrong, f"{name}: (role, headers, expected, got) {wrong}"


def test_a_new_annotated_copy_has_a_new_etag(world, client, trainer):
    from assignments import services
    from tests.assignments.factories import pdf_upload

    client.force_login(trainer)
    url = reverse(
        "assignments:annotated",
        kwargs={"pk": world.submission.pk, "feedback_id": world.feedback.pk},
    )
    first = client.get(url)
    close_file(first)
    assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304
    services.feedback_save(
        actor=trainer,
        submission=world.submission,
        grade="15",
        annotated=pdf_upload("annotee-v2.pdf", "Annotations, seconde lecture"),
    )
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"seconde lecture" in b"".join(again.streaming_content)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_predicates_agree_with_selectors(role, world, request):
    user = request.getfixturevalue(role)
    visible = set(selectors.submissions_visible_to(user).values_list("pk", flat=True))
    for submission in Submission.objects.all():
        assert permissions.can_view_submission(user, submission) == (submission.pk in visible)
    visible = set(selectors.assignments_visible_to(user).values_list("pk", flat=True))
    managed = set(selectors.assignments_managed_by(user).values_list("pk", flat=True))
    for assignment in Assignment.objects.all():
        assert permissions.can_view_assignment(user, assignment) == (assignment.pk in visible)
        assert permissions.can_manage_assignment(user, assignment) == (assignment.pk in managed)


def test_who_sees_which_copy(world, request):
    def visible(role):
        user = request.getfixturevalue(role)
        return set(selectors.submissions_visible_to(user))

    both = {world.submission, world.other_submission}
    assert visible("candidate") == {world.submission}
    assert visible("other_candidate") == {world.other_submission}
    assert visible("candidate_other_centre") == set()
    assert visible("tutor") == {world.submission}
    assert visible("other_tutor") == {world.other_submission}
    assert visible("trainer") == both
    assert visible("other_trainer") == set()
    assert visible("coordinator") == both
    assert visible("other_coordinator") == set()
    assert visible("admin_user") == both


def test_a_candidate_cannot_reach_another_copy_by_tampering_ids(world, client, candidate):
    client.force_login(candidate)
    other, other_file = world.other_submission, world.other_file.pk
    urls = [
        reverse("assignments:submission", kwargs={"pk": other.pk}),
        reverse("assignments:file", kwargs={"pk": other.pk, "file_id": other_file}),
        # Their own copy's URL with the other candidate's file id.
        reverse("assignments:file", kwargs={"pk": world.submission.pk, "file_id": other_file}),
        reverse(
            "assignments:remove_file", kwargs={"pk": world.assignment.pk, "file_id": other_file}
        ),
    ]
    for url in urls:
        assert client.get(url).status_code in (404, 405)
        assert client.post(url).status_code == 404


def test_withdrawn_candidate_reads_but_cannot_upload(world, client, candidate):
    from courses.models import Registration
    from tests.assignments.factories import pdf_upload

    Registration.objects.filter(candidate=candidate).update(status="withdrawn")
    client.force_login(candidate)
    page = client.get(reverse("assignments:detail", kwargs={"pk": world.assignment.pk}))
    assert page.status_code == 200
    assert "Votre inscription est close" in page.content.decode()
    response = client.post(
        reverse("assignments:upload", kwargs={"pk": world.assignment.pk}),
        {"files": pdf_upload()},
    )
    assert response.status_code == 403
    assert (
        client.get(
            reverse("assignments:submission", kwargs={"pk": world.submission.pk})
        ).status_code
        == 200
    )


def test_a_trainer_not_in_charge_cannot_grade(world, client, courses):
    from courses.services import enrol_staff
    from tests.factories import UserFactory

    colleague = UserFactory(username="trainer-colleague")
    enrol_staff(user=colleague, course=world.assignment.course, role="trainer")
    world.assignment.trainers.set(
        [
            world.submission.assignment.course.enrolments.filter(role="trainer")
            .exclude(user=colleague)
            .get()
            .user
        ]
    )
    client.force_login(colleague)
    # They see the copy (trainer of the course) but may not grade or release it.
    assert (
        client.get(
            reverse("assignments:submission", kwargs={"pk": world.submission.pk})
        ).status_code
        == 200
    )
    response = client.post(
        reverse("assignments:grade", kwargs={"pk": world.submission.pk}), {"grade": "3"}
    )
    assert response.status_code == 403
    response = client.post(reverse("assignments:release", kwargs={"pk": world.assignment.pk}))
    assert response.status_code == 403
    world.feedback.refresh_from_db()
    assert str(world.feedback.grade) == "14.50"


def test_draft_versions_are_the_candidate_s_own(world, client, candidate, trainer, tutor):
    from assignments import services
    from tests.assignments.factories import pdf_upload

    services.submission_return(actor=trainer, submission=world.submission)
    world.assignment.allow_resubmission = True
    world.assignment.save()
    (draft,) = services.submission_upload(
        actor=candidate, assignment=world.assignment, uploads=[pdf_upload("brouillon.pdf")]
    )
    url = reverse("assignments:file", kwargs={"pk": world.submission.pk, "file_id": draft.pk})
    page = reverse("assignments:submission", kwargs={"pk": world.submission.pk})
    client.force_login(candidate)
    response = client.get(url)
    assert response.status_code == 200
    close_file(response)
    assert "brouillon.pdf" in client.get(page).content.decode()
    for user in (trainer, tutor):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert "brouillon.pdf" not in client.get(page).content.decode()


def test_an_assignment_behind_a_hidden_activity_is_for_its_trainers_only(
    assignment, client, candidate, trainer, producer
):
    assignment.activity.is_visible = False
    assignment.activity.save()
    url = assignment.get_absolute_url()
    client.force_login(candidate)
    assert client.get(url).status_code == 404
    assert assignment.title not in client.get(reverse("assignments:mine")).content.decode()
    for user in (trainer, producer):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_an_assignment_not_yet_available_is_not_in_my_assignments(assignment, client, candidate):
    import datetime

    from django.utils import timezone

    assignment.activity.available_from = timezone.now() + datetime.timedelta(days=2)
    assignment.activity.save()
    client.force_login(candidate)
    assert assignment.title not in client.get(reverse("assignments:mine")).content.decode()
