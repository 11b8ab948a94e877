"""The access matrix (issue 10): every URL of the project, every role, the
status each role gets.

The URL resolver is walked (namespaces included) and every pattern must have
a row in ``MATRIX``: a new URL without a row fails its own test, and so does a
row whose URL no longer exists. Object URLs are filled with candidate A's
objects (A's registration, A's course, A's threads, A's export...), so
"another candidate", "another tutor" or "another centre's coordinator" try A's
ids and must get a 404 (never reveal existence); a 403 is only for a visible
object with a forbidden action. POST-only views are tried with an empty POST,
in a savepoint rolled back afterwards, so roles do not see each other's writes.
Each role logs in once per module (``force_login``); a test swaps session
cookies.

The same responses are read for their caching headers: a page shown to a
logged-in role, or through a personal token, must say ``no-store`` (issue
21, ``may_be_stored``).

Statuses: 200, 403, 404, 405, ``LOGIN`` (302 to the login page) and ``REDIRECT``
(302 anywhere else, e.g. a form that sends back to its page). When a row is
missing, the failure message gives the statuses observed, ready to review and
paste.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections, transaction
from django.http import FileResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.middleware import PERSONAL_URL_NAMES
from tests.security.world import ROLES, world_fixture

pytestmark = pytest.mark.django_db

LOGIN = "login"  # 302 to the login page
REDIRECT = "redirect"  # 302 elsewhere

# Third-party internals left out of the matrix (the admin is checked below on
# a handful of pages; the bench views exist only with BENCH on).
EXCLUDED_NAMESPACES = {"admin", "bench"}
EXCLUDED_NAMES = {
    # allauth's OAuth2 / OpenID Connect hand-shakes with Sygefor and Sésame:
    # they redirect to, or are called back by, the identity provider
    # (tested with a real IdP in tests/accounts/test_sso.py).
    "sygefor_login",
    "sygefor_callback",
    "openid_connect_login",
    "openid_connect_callback",
}


def expect(default, **overrides):
    """The status of every role: ``default`` unless overridden."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {role: overrides.get(role, default) for role in ROLES}


PUBLIC = expect(200)
LOGGED_IN = expect(200, anonymous=LOGIN)
ANONYMOUS_ONLY = expect(REDIRECT, anonymous=200)  # the login page sends users on


@dataclass(frozen=True)
class Url:
    expect: dict | None
    kwargs: Callable | None = None  # world -> reverse() kwargs
    method: str = "GET"
    path: str | None = None  # for unnamed patterns


# Shapes shared by several rows (role -> status).
OWNER_ONLY = expect(404, anonymous=LOGIN, candidate=200)  # A's own registration, export
# A's course ("Devenir bibliothécaire", national): its candidates (A, B and
# centre B's candidate, all for the external exam), their tutors, its trainer,
# producer, admins. Coordinators manage through the admin, not course pages.
A_COURSE = expect(200, anonymous=LOGIN, other_trainer=404, coordinator=404, other_coordinator=404)
# Centre A's preparation forum (docs/decisions/0008): its candidates and their
# tutors, coordinators of centre A, the trainers teaching its candidates
# (Les Ateliers' trainer too), admins.
A_FORUM = expect(
    200, anonymous=LOGIN, candidate_other_centre=404, other_coordinator=404, producer=404
)
# The same forum, a page or action for moderators only (a visible object: 403).
A_FORUM_MODERATORS = {
    **A_FORUM,
    "candidate": 403,
    "other_candidate": 403,
    "tutor": 403,
    "other_tutor": 403,
}
# A's tutoring file: A's tutor, the coordinators of A's centre, admins (never
# A: it holds interview notes and the risk assessment).
A_TUTORING = expect(404, anonymous=LOGIN, tutor=200, coordinator=200, admin=200)
# A's tutoring thread: A, A's tutor, and those who read (coordinator, admin).
A_TUTORING_THREAD = {**A_TUTORING, "candidate": 200}

# A's course, its producers (quizzes, glossary, media, review) or its trainers
# (assignments); the course's other people see it (403), others get 404.
A_COURSE_PRODUCERS = {
    **A_COURSE,
    **dict.fromkeys(ROLES[1:8], 403),
    "other_trainer": 404,
    "producer": 200,
    "admin": 200,
}
A_COURSE_PRODUCERS_POST = {**A_COURSE_PRODUCERS, "producer": REDIRECT, "admin": REDIRECT}
A_COURSE_TRAINERS = {**A_COURSE_PRODUCERS, "trainer": 200, "producer": 403}
A_COURSE_TRAINERS_POST = {**A_COURSE_TRAINERS, "trainer": REDIRECT, "admin": REDIRECT}
# An action for the course's candidates (each on their own behalf).
A_COURSE_CANDIDATES_POST = {
    **A_COURSE,
    **dict.fromkeys(ROLES[1:4], REDIRECT),
    **dict.fromkeys(ROLES[4:8], 403),
    "other_trainer": 404,
    "producer": 403,
    "admin": 403,
}
# Centre A's preparation (its events, its PDF calendar): its candidates and
# tutors, its coordinators, admins; not trainers or producers.
A_PREPARATION = expect(
    200,
    anonymous=LOGIN,
    candidate_other_centre=404,
    trainer=404,
    other_trainer=404,
    other_coordinator=404,
    producer=404,
)
# A's copy: A, A's tutor, the course's trainer, A's coordinator, admins.
A_COPY = expect(
    404, anonymous=LOGIN, candidate=200, tutor=200, trainer=200, coordinator=200, admin=200
)
# Grading A's copy: trainer and admin; those who see the copy get 403.
A_COPY_GRADERS_POST = {
    **A_COPY,
    **dict.fromkeys(("candidate", "tutor", "coordinator"), 403),
    "trainer": REDIRECT,
    "admin": REDIRECT,
}

# Grade reports: whoever follows candidates (trainers, tutors, coordinators,
# admins) sees the page, each with their own rows; the others hold none.
GRADE_REPORTS = expect(
    200,
    anonymous=LOGIN,
    candidate=403,
    other_candidate=403,
    candidate_other_centre=403,
    producer=403,
)

MATRIX = {
    # --- core -------------------------------------------------------------
    "home": Url(ANONYMOUS_ONLY),  # users go on to their dashboard
    "dashboard": Url(LOGGED_IN),
    "health": Url(PUBLIC),
    # For the inside only: the test client connects from 127.0.0.1 without a
    # proxy; refusals from outside are in tests/core/test_operations.py.
    "metrics": Url(PUBLIC),
    "sitemap": Url(PUBLIC),
    "my_data": Url(LOGGED_IN),
    "my_data_download": Url(OWNER_ONLY, lambda w: {"pk": w.data_export.pk}),
    "legal_notice": Url(PUBLIC),
    "terms": Url(PUBLIC),
    "privacy": Url(PUBLIC),
    "help": Url(PUBLIC),
    "accessibility": Url(PUBLIC),
    # --- accounts -----------------------------------------------------------
    "login": Url(ANONYMOUS_ONLY),
    "logout": Url(expect(REDIRECT, anonymous=LOGIN), method="POST"),
    # A bad activation link: a page saying so, to everyone.
    "password_reset_confirm": Url(PUBLIC, lambda w: {"uidb64": "MQ", "token": "bad-token"}),
    "password_reset_complete": Url(PUBLIC),
    # No public sign-up: allauth's sign-up pages send to the login page.
    "compte/signup/": Url(expect(LOGIN), path="/compte/signup/"),
    "compte/3rdparty/signup/": Url(expect(LOGIN), path="/compte/3rdparty/signup/"),
    "accounts:settings": Url(LOGGED_IN),
    # A bad address-confirmation link: a page saying so, to everyone (a good
    # one is for whoever holds it: tests/accounts/test_email_change.py).
    "accounts:email_confirm": Url(PUBLIC, lambda w: {"token": "bad-token"}),
    # No terms published in tests: nothing to accept, on to the dashboard.
    "accounts:terms": Url(expect(REDIRECT, anonymous=LOGIN)),
    # --- courses ------------------------------------------------------------
    "courses:my_courses": Url(LOGGED_IN),
    "courses:withdraw": Url(OWNER_ONLY, lambda w: {"registration_id": w.registration.pk}),
    "courses:support_request": Url(OWNER_ONLY, lambda w: {"registration_id": w.registration.pk}),
    "courses:course": Url(A_COURSE, lambda w: {"slug": w.course.slug}),
    "courses:activity": Url(
        A_COURSE, lambda w: {"slug": w.course.slug, "activity_id": w.activity.pk}
    ),
    "courses:activity_file": Url(
        A_COURSE, lambda w: {"slug": w.course.slug, "activity_id": w.activities["file"].pk}
    ),
    # Candidates of the course tick (for themselves); its staff see but may not.
    "courses:activity_tick": Url(
        A_COURSE_CANDIDATES_POST,
        lambda w: {"slug": w.course.slug, "activity_id": w.activity.pk},
        "POST",
    ),
    # The centre's team (decision 0017): coordinators (their one centre) and
    # admins (the choice of the centre); nobody else has a team (403).
    "courses:staff_home": Url(
        expect(403, anonymous=LOGIN, coordinator=200, other_coordinator=200, admin=200)
    ),
    "courses:staff": Url(
        expect(403, anonymous=LOGIN, coordinator=200, other_coordinator=404, admin=200),
        lambda w: {"centre_id": w.centre.pk},
    ),
    # An empty form, or withdrawing the grant of a tutor who still tutors A:
    # the page again with the reason (400), nothing changed.
    "courses:staff_grant": Url(
        expect(403, anonymous=LOGIN, coordinator=400, other_coordinator=404, admin=400),
        lambda w: {"centre_id": w.centre.pk},
        "POST",
    ),
    "courses:staff_withdraw": Url(
        expect(403, anonymous=LOGIN, coordinator=400, other_coordinator=404, admin=400),
        lambda w: {"centre_id": w.centre.pk, "grant_id": w.tutor_grant.pk},
        "POST",
    ),
    # --- tutoring -------------------------------------------------------------
    # Candidates are sent to their questions; other staff see an empty board.
    "tutoring:board": Url(
        expect(
            200,
            anonymous=LOGIN,
            candidate=REDIRECT,
            other_candidate=REDIRECT,
            candidate_other_centre=REDIRECT,
        )
    ),
    "tutoring:candidate": Url(A_TUTORING, lambda w: {"registration_id": w.registration.pk}),
    # Reminders and the first interview: A's tutor only (readers get 403).
    "tutoring:reminder_new": Url(
        {**A_TUTORING, "tutor": REDIRECT, "coordinator": REDIRECT, "admin": REDIRECT},
        lambda w: {"registration_id": w.registration.pk},
        "POST",
    ),
    "tutoring:interview": Url(
        {**A_TUTORING, "coordinator": 403, "admin": 403},
        lambda w: {"registration_id": w.registration.pk},
    ),
    "tutoring:my_threads": Url(LOGGED_IN),
    # Asking: candidates of a Callisto preparation with a tutor (not centre B's
    # regional preparation).
    "tutoring:thread_new": Url(expect(403, anonymous=LOGIN, candidate=200, other_candidate=200)),
    "tutoring:thread": Url(A_TUTORING_THREAD, lambda w: {"pk": w.tutoring_thread.pk}),
    # A hands the question to the trainers; the tutor and readers may not.
    "tutoring:thread_escalate": Url(
        {**A_TUTORING, "candidate": REDIRECT, "tutor": 403, "coordinator": 403, "admin": 403},
        lambda w: {"pk": w.tutoring_thread.pk},
        "POST",
    ),
    "tutoring:attachment": Url(A_TUTORING_THREAD, lambda w: {"pk": w.tutoring_attachment.pk}),
    # A's request to the trainers: A, those who follow A, the trainer asked,
    # the coordinator in copy, admins.
    "tutoring:trainer_request": Url(
        {**A_TUTORING_THREAD, "trainer": 200}, lambda w: {"pk": w.trainer_request.pk}
    ),
    # --- notifications ---------------------------------------------------------
    # Each person's own list (nobody reads another's).
    "notifications:list": Url(LOGGED_IN),
    # --- forums ---------------------------------------------------------------
    "forums:index": Url(LOGGED_IN),
    "forums:forum": Url(A_FORUM, lambda w: {"forum_id": w.forum.pk}),
    "forums:thread_create": Url(A_FORUM, lambda w: {"forum_id": w.forum.pk}),
    "forums:mark_read": Url(
        {**A_FORUM, **{r: REDIRECT for r in ROLES if A_FORUM[r] == 200}},
        lambda w: {"forum_id": w.forum.pk},
        "POST",
    ),
    "forums:thread": Url(A_FORUM, lambda w: {"thread_id": w.forum_thread.pk}),
    "forums:reply": Url(A_FORUM, lambda w: {"thread_id": w.forum_thread.pk}),
    "forums:first_unread": Url(
        {**A_FORUM, **{r: REDIRECT for r in ROLES if A_FORUM[r] == 200}},
        lambda w: {"thread_id": w.forum_thread.pk},
    ),
    "forums:thread_moderate": Url(
        {**A_FORUM_MODERATORS, **{r: REDIRECT for r in ROLES if A_FORUM_MODERATORS[r] == 200}},
        lambda w: {"thread_id": w.forum_thread.pk},
        "POST",
    ),
    "forums:thread_move": Url(A_FORUM_MODERATORS, lambda w: {"thread_id": w.forum_thread.pk}),
    "forums:post": Url(
        {**A_FORUM, **{r: REDIRECT for r in ROLES if A_FORUM[r] == 200}},
        lambda w: {"post_id": w.forum_post.pk},
    ),
    # A edits A's post (written 5 minutes ago); moderators edit any post.
    "forums:post_edit": Url(
        {**A_FORUM_MODERATORS, "candidate": 200}, lambda w: {"post_id": w.forum_post.pk}
    ),
    "forums:post_hide": Url(
        {**A_FORUM_MODERATORS, **{r: REDIRECT for r in ROLES if A_FORUM_MODERATORS[r] == 200}},
        lambda w: {"post_id": w.forum_post.pk},
        "POST",
    ),
    "forums:attachment": Url(A_FORUM, lambda w: {"attachment_id": w.forum_attachment.pk}),
    "forums:subscriptions": Url(LOGGED_IN),
    # One-click unsubscribe from an email (RFC 8058): the signed token is the key.
    "forums:unsubscribe": Url(PUBLIC, lambda w: {"token": w.unsubscribe_token}),
    "forums:search": Url(LOGGED_IN),
    # --- assignments ------------------------------------------------------------
    "assignments:mine": Url(LOGGED_IN),
    # The grading queue: trainers (Les Ateliers' one has an empty queue), admins.
    "assignments:grading_queue": Url(
        expect(403, anonymous=LOGIN, trainer=200, other_trainer=200, admin=200)
    ),
    "assignments:create": Url(A_COURSE_TRAINERS, lambda w: {"course_slug": w.course.slug}),
    "assignments:detail": Url(A_COURSE, lambda w: {"pk": w.assignment.pk}),
    "assignments:edit": Url(A_COURSE_TRAINERS, lambda w: {"pk": w.assignment.pk}),
    "assignments:upload": Url(
        A_COURSE_CANDIDATES_POST, lambda w: {"pk": w.assignment.pk}, method="POST"
    ),
    # The hand-in step: candidates with a copy of their own (A, B); C has none.
    "assignments:hand_in": Url(
        expect(404, anonymous=LOGIN, candidate=200, other_candidate=200),
        lambda w: {"pk": w.assignment.pk},
    ),
    "assignments:remove_file": Url(
        expect(404, anonymous=LOGIN, candidate=REDIRECT),
        lambda w: {"pk": w.assignment.pk, "file_id": w.submission_file.pk},
        method="POST",
    ),
    "assignments:subject_file": Url(
        A_COURSE, lambda w: {"pk": w.assignment.pk, "file_id": w.subject_file.pk}
    ),
    "assignments:release": Url(
        A_COURSE_TRAINERS_POST, lambda w: {"pk": w.assignment.pk}, method="POST"
    ),
    "assignments:extension": Url(
        A_COURSE_TRAINERS_POST, lambda w: {"pk": w.assignment.pk}, method="POST"
    ),
    "assignments:report": Url(
        A_COURSE_TRAINERS_POST, lambda w: {"pk": w.assignment.pk}, method="POST"
    ),
    "assignments:zip": Url(A_COURSE_TRAINERS, lambda w: {"pk": w.assignment.pk}),
    "assignments:archive": Url(
        A_COURSE_TRAINERS, lambda w: {"pk": w.assignment.pk, "archive_id": w.archive.pk}
    ),
    # Grade reports: trainers (every candidate of their courses), tutors
    # (theirs), coordinators (their centre's), admins; candidates hold none.
    "assignments:grade_report": Url(GRADE_REPORTS),
    "assignments:grade_report_export": Url(GRADE_REPORTS, lambda w: {"fmt": "csv"}),
    "assignments:submission": Url(A_COPY, lambda w: {"pk": w.submission.pk}),
    # A's copy graded with a grid: A's assignment has none (404 for graders).
    "assignments:grid_grade": Url(
        expect(404, anonymous=LOGIN, candidate=403, tutor=403, coordinator=403),
        lambda w: {"pk": w.submission.pk},
        method="POST",
    ),
    "assignments:grade": Url(A_COPY_GRADERS_POST, lambda w: {"pk": w.submission.pk}, method="POST"),
    "assignments:return": Url(
        A_COPY_GRADERS_POST, lambda w: {"pk": w.submission.pk}, method="POST"
    ),
    "assignments:file": Url(
        A_COPY, lambda w: {"pk": w.submission.pk, "file_id": w.submission_file.pk}
    ),
    # A's annotated copy, graded but not returned yet: graders only.
    "assignments:annotated": Url(
        expect(404, anonymous=LOGIN, trainer=200, admin=200),
        lambda w: {"pk": w.submission.pk, "feedback_id": w.feedback.pk},
    ),
    # --- calendar ----------------------------------------------------------------
    "calendar_app:month calendrier/": Url(LOGGED_IN),
    "calendar_app:month calendrier/<int:year>/<int:month>/": Url(
        LOGGED_IN, lambda w: {"year": w.event.starts_at.year, "month": w.event.starts_at.month}
    ),
    "calendar_app:list calendrier/liste/": Url(LOGGED_IN),
    "calendar_app:list calendrier/liste/<int:year>/<int:month>/": Url(
        LOGGED_IN, lambda w: {"year": w.event.starts_at.year, "month": w.event.starts_at.month}
    ),
    "calendar_app:event": Url(A_PREPARATION, lambda w: {"pk": w.event.pk}),
    "calendar_app:event_ics": Url(A_PREPARATION, lambda w: {"pk": w.event.pk}),
    # The workshop belongs to Les Ateliers (``other_trainer`` teaches it; A is
    # registered): every candidate of the course may register, its staff see it.
    "calendar_app:register": Url(
        expect(
            403,
            anonymous=LOGIN,
            candidate=REDIRECT,
            other_candidate=REDIRECT,
            candidate_other_centre=REDIRECT,
            trainer=404,
            coordinator=404,
            other_coordinator=404,
        ),
        lambda w: {"pk": w.workshop.pk},
        method="POST",
    ),
    "calendar_app:unregister": Url(
        expect(REDIRECT, anonymous=LOGIN, trainer=404, coordinator=404, other_coordinator=404),
        lambda w: {"pk": w.workshop.pk},
        method="POST",
    ),
    "calendar_app:attendance": Url(
        expect(
            403,
            anonymous=LOGIN,
            trainer=404,
            other_trainer=200,
            coordinator=404,
            other_coordinator=404,
            admin=200,
        ),
        lambda w: {"pk": w.workshop.pk},
    ),
    "calendar_app:attach": Url(
        expect(
            403,
            anonymous=LOGIN,
            trainer=404,
            other_trainer=200,
            coordinator=404,
            other_coordinator=404,
            admin=200,
        ),
        lambda w: {"pk": w.workshop.pk},
    ),
    "calendar_app:slides": Url(
        expect(200, anonymous=LOGIN, trainer=404, coordinator=404, other_coordinator=404),
        lambda w: {"pk": w.workshop.pk},
    ),
    "calendar_app:recording": Url(
        expect(200, anonymous=LOGIN, trainer=404, coordinator=404, other_coordinator=404),
        lambda w: {"pk": w.workshop.pk},
    ),
    # The trainers' pages: the workshops one runs (Les Ateliers' trainer for
    # this one, admins); everyone else a 404, as for a page that does not
    # exist. Listing and scheduling: whoever teaches a course.
    "calendar_app:workshops": Url(
        expect(404, anonymous=LOGIN, trainer=200, other_trainer=200, admin=200)
    ),
    "calendar_app:workshop_create": Url(
        expect(404, anonymous=LOGIN, trainer=200, other_trainer=200, admin=200)
    ),
    "calendar_app:workshop_edit": Url(
        expect(404, anonymous=LOGIN, other_trainer=200, admin=200), lambda w: {"pk": w.workshop.pk}
    ),
    "calendar_app:workshop_cancel": Url(
        expect(404, anonymous=LOGIN, other_trainer=200, admin=200), lambda w: {"pk": w.workshop.pk}
    ),
    "calendar_app:registrants": Url(
        expect(404, anonymous=LOGIN, other_trainer=200, admin=200), lambda w: {"pk": w.workshop.pk}
    ),
    "calendar_app:feed_settings": Url(LOGGED_IN),
    "calendar_app:feed_regenerate": Url(expect(REDIRECT, anonymous=LOGIN), method="POST"),
    "calendar_app:feed_revoke": Url(expect(REDIRECT, anonymous=LOGIN), method="POST"),
    # The personal iCalendar feed: the secret token is the key.
    "calendar_app:feed": Url(expect(200), lambda w: {"token": w.feed_token}),
    # PDF calendars are built in the background: 202 with a page to wait on.
    "calendar_app:pdf": Url(
        expect(
            202,
            anonymous=LOGIN,
            candidate_other_centre=404,
            trainer=404,
            other_trainer=404,
            other_coordinator=404,
            producer=404,
        ),
        lambda w: {"preparation_id": w.preparation.pk},
    ),
    "calendar_app:pdf_mine": Url(
        expect(
            404,
            anonymous=LOGIN,
            candidate=202,
            other_candidate=202,
            tutor=403,
            other_tutor=403,
            coordinator=403,
            admin=403,
        ),
        lambda w: {"preparation_id": w.preparation.pk},
    ),
    # --- content ------------------------------------------------------------------
    "content:quiz": Url(A_COURSE, lambda w: {"quiz_id": w.quiz.pk}),
    "content:attempt_start": Url(
        A_COURSE_CANDIDATES_POST, lambda w: {"quiz_id": w.quiz.pk}, method="POST"
    ),
    # A's quiz attempt: A, A's tutor, the course's trainer and producer, admins;
    # only A answers.
    "content:attempt": Url(
        expect(
            404, anonymous=LOGIN, candidate=200, tutor=200, trainer=200, producer=200, admin=200
        ),
        lambda w: {"quiz_id": w.quiz.pk, "attempt_id": w.attempt.pk},
    ),
    "content:attempt_autosave": Url(
        expect(
            404, anonymous=LOGIN, candidate=200, tutor=403, trainer=403, producer=403, admin=403
        ),
        lambda w: {"quiz_id": w.quiz.pk, "attempt_id": w.attempt.pk},
        method="POST",
    ),
    "content:quiz_settings": Url(A_COURSE_PRODUCERS, lambda w: {"activity_id": w.quiz.activity_id}),
    "content:bank": Url(A_COURSE_PRODUCERS, lambda w: {"bank_id": w.quiz.bank_id}),
    "content:question_create": Url(A_COURSE_PRODUCERS, lambda w: {"bank_id": w.quiz.bank_id}),
    "content:question_edit": Url(
        A_COURSE_PRODUCERS, lambda w: {"bank_id": w.quiz.bank_id, "question_id": w.question.pk}
    ),
    "content:question_retire": Url(
        A_COURSE_PRODUCERS_POST,
        lambda w: {"bank_id": w.quiz.bank_id, "question_id": w.question.pk},
        method="POST",
    ),
    # "Mes résultats": the person's own scores and grades, whoever they are.
    "content:grades": Url(LOGGED_IN),
    "content:results": Url(LOGGED_IN),
    "content:my_results": Url(A_COURSE, lambda w: {"course_slug": w.course.slug}),
    "content:glossary": Url(A_COURSE, lambda w: {"course_slug": w.course.slug}),
    # Proposing a glossary entry: active candidates of the course; producers edit.
    "content:glossary_create": Url(
        expect(
            200,
            anonymous=LOGIN,
            tutor=403,
            other_tutor=403,
            trainer=403,
            other_trainer=404,
            coordinator=404,
            other_coordinator=404,
        ),
        lambda w: {"course_slug": w.course.slug},
    ),
    "content:glossary_proposals": Url(A_COURSE_PRODUCERS, lambda w: {"course_slug": w.course.slug}),
    # The entry A proposed: A sees it (403 to edit), producers moderate.
    "content:glossary_edit": Url(
        expect(404, anonymous=LOGIN, candidate=403, producer=200, admin=200),
        lambda w: {"course_slug": w.course.slug, "entry_id": w.glossary_entry.pk},
    ),
    "content:glossary_moderate": Url(
        expect(404, anonymous=LOGIN, candidate=403, producer=REDIRECT, admin=REDIRECT),
        lambda w: {"course_slug": w.course.slug, "entry_id": w.glossary_entry.pk},
        method="POST",
    ),
    "content:audio_edit": Url(
        A_COURSE_PRODUCERS, lambda w: {"activity_id": w.audio_media.activity_id}
    ),
    "content:audio_file": Url(A_COURSE, lambda w: {"activity_id": w.audio_media.activity_id}),
    "content:review_list": Url(expect(403, anonymous=LOGIN, producer=200, admin=200)),
    "content:review_mark": Url(
        A_COURSE_PRODUCERS_POST, lambda w: {"activity_id": w.activity.pk}, method="POST"
    ),
    "content:report_create": Url(A_COURSE, lambda w: {"activity_id": w.activity.pk}),
    "content:report_list": Url(LOGGED_IN),
    # A's error report: A and the course's producers.
    "content:report": Url(
        expect(404, anonymous=LOGIN, candidate=200, producer=200, admin=200),
        lambda w: {"report_id": w.error_report.pk},
    ),
    # The course studio: the course's producers and admins; its other people
    # see the course (403); others get 404.
    "content:studio": Url(expect(403, anonymous=LOGIN, producer=200, admin=200)),
    "content:studio_course": Url(A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug}),
    "content:studio_course_preview": Url(A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug}),
    "content:studio_section_create": Url(A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug}),
    "content:studio_section_edit": Url(
        A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug, "section_id": w.section.pk}
    ),
    "content:studio_section_move": Url(
        A_COURSE_PRODUCERS_POST,
        lambda w: {"slug": w.course.slug, "section_id": w.section.pk},
        method="POST",
    ),
    # Refused (the section holds activities): back to the outline with a message.
    "content:studio_section_delete": Url(
        A_COURSE_PRODUCERS_POST,
        lambda w: {"slug": w.course.slug, "section_id": w.section.pk},
        method="POST",
    ),
    "content:studio_section_revisions": Url(
        A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug, "section_id": w.section.pk}
    ),
    "content:studio_activity_create": Url(
        A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug, "section_id": w.section.pk}
    ),
    "content:studio_activity_edit": Url(
        A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug, "activity_id": w.activity.pk}
    ),
    "content:studio_activity_move": Url(
        A_COURSE_PRODUCERS_POST,
        lambda w: {"slug": w.course.slug, "activity_id": w.activity.pk},
        method="POST",
    ),
    "content:studio_activity_preview": Url(
        A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug, "activity_id": w.activity.pk}
    ),
    "content:studio_activity_revisions": Url(
        A_COURSE_PRODUCERS, lambda w: {"slug": w.course.slug, "activity_id": w.activity.pk}
    ),
    "content:studio_revision_restore": Url(
        A_COURSE_PRODUCERS_POST,
        lambda w: {"slug": w.course.slug, "revision_id": w.revision.pk},
        method="POST",
    ),
    # --- allauth pages a user reaches (login, password, e-mail, 2FA, sessions) --
    "account_login": Url(ANONYMOUS_ONLY),
    "account_logout": Url(expect(200, anonymous=REDIRECT)),
    "account_inactive": Url(PUBLIC),
    "account_signup": Url(expect(LOGIN)),  # shadowed: no public sign-up
    "account_reauthenticate": Url(LOGGED_IN),
    "account_email": Url(LOGGED_IN),
    "account_email_verification_sent": Url(PUBLIC),
    "account_change_password": Url(LOGGED_IN),
    "account_set_password": Url(expect(REDIRECT, anonymous=LOGIN)),  # all have one
    "account_reset_password": Url(PUBLIC),
    "account_confirm_login_code": Url(expect(REDIRECT)),  # no code pending
    "account_confirm_email": Url(PUBLIC, lambda w: {"key": "not-a-key"}),  # "invalid link"
    "account_reset_password_from_key_done": Url(PUBLIC),
    "account_reset_password_from_key": Url(PUBLIC, lambda w: {"uidb36": "1", "key": "bad"}),
    "account_reset_password_done": Url(PUBLIC),
    "mfa_index": Url(LOGGED_IN),
    "mfa_authenticate": Url(expect(REDIRECT)),  # no login stage pending
    "mfa_reauthenticate": Url(
        expect(REDIRECT, anonymous=LOGIN, coordinator=200, other_coordinator=200, admin=200)
    ),
    "mfa_activate_totp": Url(expect(REDIRECT, anonymous=LOGIN)),  # reauthenticate first
    # Only staff have a TOTP authenticator in the tests (conftest gives them one).
    "mfa_deactivate_totp": Url(
        expect(
            404, anonymous=LOGIN, coordinator=REDIRECT, other_coordinator=REDIRECT, admin=REDIRECT
        )
    ),
    "mfa_view_recovery_codes": Url(expect(404, anonymous=LOGIN)),  # none generated
    "mfa_generate_recovery_codes": Url(expect(REDIRECT, anonymous=LOGIN)),
    "mfa_download_recovery_codes": Url(expect(404, anonymous=LOGIN)),
    "socialaccount_login_cancelled": Url(PUBLIC),
    "socialaccount_login_error": Url(expect(401, anonymous=LOGIN)),
    "socialaccount_signup": Url(expect(LOGIN)),  # shadowed: no public sign-up
    "socialaccount_connections": Url(LOGGED_IN),
    # allauth's old addresses, permanently redirected to the new ones.
    "compte/social/login/cancelled/": Url(
        expect(301, anonymous=LOGIN), path="/compte/social/login/cancelled/"
    ),
    "compte/social/login/error/": Url(
        expect(301, anonymous=LOGIN), path="/compte/social/login/error/"
    ),
    "compte/social/signup/": Url(expect(301, anonymous=LOGIN), path="/compte/social/signup/"),
    "compte/social/connections/": Url(
        expect(301, anonymous=LOGIN), path="/compte/social/connections/"
    ),
    # Imports and exports (question banks, glossaries, Moodle backups).
    "content:bank_import": Url(A_COURSE_PRODUCERS, lambda w: {"bank_id": w.quiz.bank_id}),
    "content:bank_export": Url(
        A_COURSE_PRODUCERS, lambda w: {"bank_id": w.quiz.bank_id, "fmt": "gift"}
    ),
    "content:glossary_import": Url(A_COURSE_PRODUCERS, lambda w: {"course_slug": w.course.slug}),
    "content:glossary_export": Url(
        A_COURSE_PRODUCERS, lambda w: {"course_slug": w.course.slug, "fmt": "csv"}
    ),
    # Producers (of some course) and admins; the page does not exist for others.
    "content:moodle_upload": Url(expect(404, anonymous=LOGIN, producer=200, admin=200)),
    "content:moodle_import": Url(
        expect(404, anonymous=LOGIN, producer=200, admin=200),
        lambda w: {"import_id": w.moodle_import.pk},
    ),
    "content:embedded_file": Url(
        A_COURSE, lambda w: {"file_id": w.embedded_file.pk, "name": w.embedded_file.name}
    ),
    "usersessions_list": Url(LOGGED_IN),
}


# --- The resolver ---------------------------------------------------------------


def _walk(patterns, prefix="", namespaces=()):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            spaces = namespaces + ((pattern.namespace,) if pattern.namespace else ())
            yield from _walk(pattern.url_patterns, route, spaces)
        elif isinstance(pattern, URLPattern):
            yield namespaces, pattern.name, route


def project_urls() -> list[str]:
    """Every URL of the project: ``namespace:name``, or the route of an
    unnamed pattern, or ``namespace:name route`` for a name given to several
    patterns; exclusions above left out."""
    found = []
    for namespaces, name, route in _walk(get_resolver().url_patterns):
        if set(namespaces) & EXCLUDED_NAMESPACES or name in EXCLUDED_NAMES:
            continue
        found.append((":".join((*namespaces, name)) if name else route, route))
    names = Counter(key for key, _route in found)
    return sorted({key if names[key] == 1 else f"{key} {route}" for key, route in found})


def url_of(key: str, row: Url, world) -> str:
    if row.path:
        return row.path
    name = key.split(" ")[0]
    return reverse(name, kwargs=row.kwargs(world) if row.kwargs else None)


# --- Requests -------------------------------------------------------------------


def log_in_once(people) -> dict:
    """The session key of each role (logged in once per module; the sessions
    live in the database, inside the module's transaction)."""
    keys = {}
    for role, user in people.items():
        if user is not None:
            client = Client()
            client.force_login(user)
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def status_of(client, session_key, method: str, url: str):
    """The status the holder of ``session_key`` (None: anonymous) gets, the
    request's writes rolled back."""
    return _status(response_of(client, session_key, method, url))


def response_of(client, session_key, method: str, url: str):
    """The response the holder of ``session_key`` (None: anonymous) gets, the
    request's writes rolled back, a file response's file closed."""
    client.cookies.clear()
    if session_key:
        client.cookies[settings.SESSION_COOKIE_NAME] = session_key
    if method == "POST":
        with transaction.atomic():
            response = client.post(url, {})
            transaction.set_rollback(True)
    else:
        response = client.get(url)
    if isinstance(response, FileResponse):
        _close(response)
    return response


def _status(response):
    if response.status_code == 302:
        target = urlsplit(response["Location"]).path
        return LOGIN if target == resolve_url(settings.LOGIN_URL) else REDIRECT
    return response.status_code


def _close(response):
    """Close a file response's file without closing the database connection
    (as the test client does, request_finished must not reach it)."""
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def observed(client, world, key, row) -> dict:
    """Each role's response to the row's URL."""
    url = url_of(key, row, world)
    return {role: response_of(client, world.sessions.get(role), row.method, url) for role in ROLES}


def may_be_stored(key: str, row: Url, responses: dict) -> list[str]:
    """The roles shown this page as HTML without ``Cache-Control: no-store``
    (issue 21: a personal page is never stored by a cache; core.middleware.
    PersonalPagesNoStoreMiddleware): every logged-in role shown the page,
    and anonymous visitors of a page reached through a personal token. A
    download is core.uploads.protect_response's (tests/trust)."""
    personal_token_page = key.split(" ")[0] in PERSONAL_URL_NAMES
    stored = []
    for role, response in responses.items():
        if row.method != "GET" or row.expect is None or row.expect[role] != 200:
            continue
        if role == "anonymous" and not personal_token_page:
            continue
        if response.status_code != 200:
            continue  # the status mismatch is reported on its own
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        if "no-store" not in response.get("Cache-Control", ""):
            stored.append(f"  {role} may be stored by a cache: {response.get('Cache-Control')!r}")
    return stored


def as_row(statuses: dict) -> str:
    """``expect(...)`` source for observed statuses (to review, then paste)."""
    default = Counter(statuses.values()).most_common(1)[0][0]

    def literal(status):
        return {LOGIN: "LOGIN", REDIRECT: "REDIRECT"}.get(status, repr(status))

    overrides = [f"{r}={literal(s)}" for r, s in statuses.items() if s != default]
    return f"expect({', '.join([literal(default), *overrides])})"


# --- Tests ----------------------------------------------------------------------

_world = pytest.fixture(scope="module", name="_world")(world_fixture)


@pytest.fixture(scope="module")
def world(_world, django_db_blocker):
    with django_db_blocker.unblock():
        _world.sessions = log_in_once(_world.people)
    return _world


@pytest.mark.parametrize("key", project_urls())
def test_every_role_gets_the_expected_status(key, world, client):
    assert key in MATRIX, f"{key} is missing from the access matrix (tests/security)"
    row = MATRIX[key]
    responses = observed(client, world, key, row)
    got = {role: _status(response) for role, response in responses.items()}
    assert row.expect is not None, f"{key}: no expectations yet; observed {as_row(got)}"
    mismatches = [
        f"  {role}: expected {row.expect[role]}, got {got[role]}"
        for role in ROLES
        if got[role] != row.expect[role]
    ]
    # The same responses, read for their caching headers (one walk, two checks).
    mismatches += may_be_stored(key, row, responses)
    if row.method == "POST":  # and a GET is refused whoever asks
        got_get = status_of(client, world.sessions["admin"], "GET", url_of(key, row, world))
        if got_get != 405:
            mismatches.append(f"  GET as admin: expected 405, got {got_get}")
    assert not mismatches, f"{key} ({row.method} {url_of(key, row, world)}):\n" + "\n".join(
        mismatches
    )


def test_matrix_has_no_row_for_a_url_that_no_longer_exists():
    assert sorted(set(MATRIX) - set(project_urls())) == []


# --- The admin (Django's own URLs are left out above; a few pages here) ------------
# A coordinator manages the registrations and accounts of their centre only:
# another centre's object is a 404; users who are not staff are sent to the
# admin's login page (REDIRECT), anonymous visitors to the site's.
ADMIN_NOT_STAFF = {
    **expect(REDIRECT, anonymous=LOGIN),
    **dict.fromkeys(("coordinator", "other_coordinator", "admin")),
}
# fmt: off
ADMIN_MATRIX = {
    "registration list": (
        lambda w: reverse("admin:courses_registration_changelist"),
        {**ADMIN_NOT_STAFF, "coordinator": 200, "other_coordinator": 200, "admin": 200},
    ),
    "A's registration": (
        lambda w: reverse("admin:courses_registration_change", args=[w.registration.pk]),
        {**ADMIN_NOT_STAFF, "coordinator": 200, "other_coordinator": 404, "admin": 200},
    ),
    "user list": (
        lambda w: reverse("admin:accounts_user_changelist"),
        {**ADMIN_NOT_STAFF, "coordinator": 200, "other_coordinator": 200, "admin": 200},
    ),
    "A's account": (
        lambda w: reverse("admin:accounts_user_change", args=[w.people["candidate"].pk]),
        {**ADMIN_NOT_STAFF, "coordinator": 200, "other_coordinator": 404, "admin": 200},
    ),
    "A's preparation": (
        lambda w: reverse("admin:courses_preparation_change", args=[w.preparation.pk]),
        {**ADMIN_NOT_STAFF, "coordinator": 200, "other_coordinator": 404, "admin": 200},
    ),
    "support requests": (
        lambda w: reverse("admin:courses_supportrequest_changelist"),
        {**ADMIN_NOT_STAFF, "coordinator": 200, "other_coordinator": 200, "admin": 200},
    ),
    # From tests/accounts/test_permissions.py: a staff account is no
    # coordinator's; a coordinator edits their own centre; the terms are
    # the administrators' (a visible page, 403 to coordinators).
    "the admin's account": (
        lambda w: reverse("admin:accounts_user_change", args=[w.people["admin"].pk]),
        {**ADMIN_NOT_STAFF, "coordinator": 404, "other_coordinator": 404, "admin": 200},
    ),
    "A's centre": (
        lambda w: reverse("admin:accounts_centre_change", args=[w.centre.pk]),
        {**ADMIN_NOT_STAFF, "coordinator": 200, "other_coordinator": 404, "admin": 200},
    ),
    "terms versions": (
        lambda w: reverse("admin:accounts_termsversion_changelist"),
        {**ADMIN_NOT_STAFF, "coordinator": 403, "other_coordinator": 403, "admin": 200},
    ),
    "terms acceptances": (
        lambda w: reverse("admin:accounts_termsacceptance_changelist"),
        {**ADMIN_NOT_STAFF, "coordinator": 403, "other_coordinator": 403, "admin": 200},
    ),
}
# fmt: on


@pytest.mark.parametrize("page", ADMIN_MATRIX)
def test_admin_pages_keep_each_coordinator_to_their_centre(page, world, client):
    url_for, expected = ADMIN_MATRIX[page]
    url = url_for(world)
    got = {role: status_of(client, world.sessions.get(role), "GET", url) for role in ROLES}
    mismatches = [
        f"  {r}: expected {expected[r]}, got {got[r]}" for r in ROLES if got[r] != expected[r]
    ]
    assert not mismatches, f"{page} ({url}):\n" + "\n".join(mismatches)


def test_the_admin_lists_only_the_coordinators_centre(world, client):
    """Centre B's coordinator finds none of centre A's registrations."""
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["other_coordinator"]
    response = client.get(reverse("admin:courses_registration_changelist"))
    shown = {r.pk for r in response.context["cl"].result_list}
    assert world.registration.pk not in shown and world.other_registration.pk not in shown
