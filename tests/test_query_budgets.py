"""Query budgets (issue 9): every page that answers HTML to some role (the
URLs the access matrix expects a 200 for) stays under a fixed number of
queries, for every such role, at a small and at a large data size. The bound
is the same at both sizes: a page whose count grows with the data (an N+1)
fails at the large size.

``size`` multiplies what the pages list (tests/security/world.py): courses,
activities and completions, forum threads and posts, candidates followed by
A's tutor, assignments and handed-in copies, events, quiz questions, glossary
entries, error reports. The world is built once per size. Each page is asked
once before counting (the session then comes from the cache, as it does in
production after the first request). The counted request builds every cached
fragment afresh (``fragments.bypass()``): the budget is that of a first visit,
or of the first visit after a change, so an N+1 inside a cached part fails
here too.
"""

import pytest
from django.conf import settings

from core import fragments
from tests.security.test_access_matrix import MATRIX, ROLES, url_of
from tests.security.world import world_fixture

pytestmark = pytest.mark.django_db

SIZES = {"small": 1, "large": 5}

# Pages that answer something else than HTML (files, JSON): no budget here.
NOT_HTML = {
    "health",  # JSON for load balancers
    "metrics",  # Prometheus text, for the inside
    "my_data_download",
    "courses:activity_file",
    "forums:attachment",
    "tutoring:attachment",
    "assignments:subject_file",
    "assignments:file",
    "assignments:annotated",
    "assignments:zip",
    "assignments:archive",
    "assignments:grade_report_export",
    "calendar_app:event_ics",
    "calendar_app:feed",
    "calendar_app:slides",
    "calendar_app:recording",
    "content:audio_file",
    "content:bank_export",
    "content:glossary_export",
    "content:embedded_file",
}

# Maximum number of queries per page, whoever the role (the largest count
# observed, measured at both sizes).
# fmt: off
BUDGETS = {
    # core and legal pages
    "accessibility": 2,
    # dashboard: +1 since issue 18, the coordinators of the candidate's
    # centres (their contacts, one prefetch whatever the number of courses).
    "dashboard": 9,
    "help": 2,
    "home": 0,
    "legal_notice": 2,
    "my_data": 3,
    "privacy": 2,
    "sitemap": 1,
    "terms": 2,
    # accounts
    # One more with the notification channels (notifications.api.PreferencesForm).
    "accounts:settings": 6,
    "login": 1,
    "password_reset_complete": 1,
    "password_reset_confirm": 2,
    # A bad link: nothing read but the visitor (the good one: tests/accounts).
    "accounts:email_confirm": 1,
    # courses
    # One more than before the course studio: the reader's own error reports on
    # the activity, with the production group's answers.
    "courses:activity": 11,
    # user, the course (access check, with the edit flag), the candidate's
    # enrolments, the activities with their sections and the candidate's
    # completions (progress counted from them: issue 23, 9 -> 6), the PDF
    # calendars shown in "Les incontournables" (calendar_links_for), the
    # dates of the workshop sessions when the outline lists workshop
    # activities (calendar_app.api.workshop_dates_for, one query).
    "courses:course": 6,
    "courses:my_courses": 5,  # +1 (issue 18): the centres' coordinators, one prefetch
    "courses:withdraw": 2,
    # user, authenticator, the centres, the grants (with people and courses),
    # the form's people and courses: 7 whatever the size of the team
    "courses:staff": 7,
    "courses:staff_home": 7,
    "courses:support_request": 3,
    # tutoring
    # 11 (12 before issue 23): the picker's tutors and the candidates shown
    # are one query (tutoring.selectors.board_scope).
    "tutoring:board": 11,
    "tutoring:candidate": 16,
    "tutoring:interview": 3,
    "tutoring:my_threads": 4,
    "tutoring:thread": 5,
    "tutoring:thread_new": 3,
    # user, the request (visible to the viewer, with theme, candidate and
    # course), the trainers asked, those in copy; the trainers' answer check
    # (asked? still a trainer of the course?).
    "tutoring:trainer_request": 6,
    # notifications: user, the person's latest notifications (the read mark
    # of the new ones: one UPDATE on a first visit, none after).
    "notifications:list": 2,
    # forums
    "forums:forum": 5,
    "forums:index": 4,
    # reply, edit, thread and move: one of them is the user's forum rights,
    # a cached value read from Redis on later visits.
    "forums:post_edit": 4,
    "forums:reply": 3,
    "forums:search": 1,
    "forums:subscriptions": 3,
    "forums:thread": 6,
    "forums:thread_create": 2,
    "forums:thread_move": 5,
    "forums:unsubscribe": 1,
    # assignments
    "assignments:create": 5,
    "assignments:detail": 13,
    "assignments:edit": 7,
    # Grading queue (issue 23: 7 before): user, the courses trained with their
    # assignments, the progress aggregate, the page rows.
    "assignments:grading_queue": 4,
    # Grade report: user, the courses followed, the report check, the rows,
    # assignments, copies, grades, the coordinated centres (blind marking).
    "assignments:grade_report": 8,
    "assignments:hand_in": 6,
    "assignments:mine": 7,
    "assignments:submission": 7,
    # calendar
    "calendar_app:attach": 3,
    "calendar_app:attendance": 4,
    "calendar_app:event": 3,
    "calendar_app:feed_settings": 2,
    "calendar_app:list calendrier/liste/": 5,
    "calendar_app:list calendrier/liste/<int:year>/<int:month>/": 5,
    "calendar_app:month calendrier/": 5,
    "calendar_app:month calendrier/<int:year>/<int:month>/": 5,
    # Trainers' workshop pages, after the user:
    # list: the courses taught, the workshops run with their places taken.
    "calendar_app:workshops": 3,
    # create: the courses taught, their workshop activities.
    "calendar_app:workshop_create": 3,
    # edit and cancel: the workshop (with its course and series), and for a
    # session of a series the sessions left in it (not the world's workshop:
    # one more in a series); cancel also counts the registrants.
    "calendar_app:workshop_edit": 3,
    "calendar_app:workshop_cancel": 4,
    # registrants: the workshop, its registrations with their people.
    "calendar_app:registrants": 3,
    # content
    "content:attempt": 5,
    "content:audio_edit": 4,
    "content:bank": 6,
    # user, the bank or the course (access check), the producer check (twice: the
    # page's and the import's own).
    "content:bank_import": 4,
    "content:glossary_import": 4,
    # user, the import with its course (limited to the courses one produces).
    "content:moodle_import": 2,
    # user, "produces some course?", the form's courses, the past imports.
    "content:moodle_upload": 5,
    "content:glossary": 7,
    "content:glossary_create": 5,
    "content:glossary_edit": 6,
    "content:glossary_proposals": 4,
    "content:my_results": 3,
    # user, the person's submitted attempts (with quiz, activity, course),
    # their returned grades.
    # "Mes notes": user, the returned grades, the quiz attempts.
    "content:grades": 3,
    "content:results": 3,
    "content:question_create": 3,
    "content:question_edit": 5,
    "content:quiz": 8,
    "content:quiz_settings": 6,
    "content:report": 3,
    "content:report_create": 2,
    "content:report_list": 3,
    "content:review_list": 3,
    # The course studio. Each page: user, the course (readable), the
    # producer check; then studio: the courses with their counts (the
    # producer check is the list itself); studio_course: sections, their
    # activities with open reports; preview: sections, activities; section
    # pages: the section (+ its revisions); activity pages: the activity,
    # its recording and quiz, the sections of the course (+ the banks of a
    # quiz, its revisions and section titles); activity preview: the
    # activity, neighbours, the reader's reports.
    "content:studio": 2,
    "content:studio_activity_create": 6,
    "content:studio_activity_edit": 8,
    "content:studio_activity_preview": 6,
    "content:studio_activity_revisions": 6,
    "content:studio_course": 5,
    "content:studio_course_preview": 5,
    "content:studio_section_create": 3,
    "content:studio_section_edit": 4,
    "content:studio_section_revisions": 5,
    # allauth pages
    "account_change_password": 1,
    "account_confirm_email": 1,
    "account_email": 5,
    "account_email_verification_sent": 1,
    "account_inactive": 1,
    "account_login": 1,
    "account_logout": 1,
    "account_reauthenticate": 7,
    "account_reset_password": 1,
    "account_reset_password_done": 1,
    "account_reset_password_from_key": 2,
    "account_reset_password_from_key_done": 1,
    "mfa_index": 3,
    "mfa_reauthenticate": 7,
    "socialaccount_connections": 4,
    "socialaccount_login_cancelled": 1,
    "usersessions_list": 2,
}
# fmt: on


def html_pages() -> dict[str, list[str]]:
    """URL name -> roles for which the access matrix expects a 200 on GET."""
    pages = {}
    for key, row in MATRIX.items():
        if row.method != "GET" or key in NOT_HTML:
            continue
        roles = [role for role in ROLES if row.expect[role] == 200]
        if roles:
            pages[key] = roles
    return pages


PAGES = html_pages()


@pytest.fixture(scope="module", params=SIZES.values(), ids=SIZES.keys(), name="world")
def _world(request, django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import Client

    world = world_fixture(request, django_db_setup, django_db_blocker, tmp_path_factory)
    built = next(world)
    with django_db_blocker.unblock():
        built.sessions = {}
        for role, user in built.people.items():
            if user is not None:
                client = Client()
                client.force_login(user)
                built.sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    yield built
    next(world, None)


def test_every_html_page_has_a_budget():
    assert sorted(set(PAGES) - set(BUDGETS)) == []
    assert sorted(set(BUDGETS) - set(PAGES)) == []


@pytest.mark.parametrize("key", sorted(PAGES))
def test_page_stays_within_its_budget(key, world, client, django_assert_max_num_queries):
    url = url_of(key, MATRIX[key], world)
    for role in PAGES[key]:
        client.cookies.clear()
        if role != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
        client.get(url)  # warm: session in the cache, per-process memos
        with (
            fragments.bypass(),
            django_assert_max_num_queries(BUDGETS.get(key, 0), info=f"{key} as {role}"),
        ):
            response = client.get(url)
        assert response.status_code == 200, f"{key} as {role}"
        assert response["Content-Type"].startswith("text/html"), f"{key} is not HTML"
