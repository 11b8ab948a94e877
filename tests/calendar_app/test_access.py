"""Access rules: who sees which event and calendar, for every role (a table
written from the rules, that the predicate and the selector must both
match), and every calendar URL is covered by a role matrix."""

import pytest
from django.urls import reverse

from calendar_app import urls
from calendar_app.permissions import can_view_event, can_view_preparation_calendar
from calendar_app.selectors import events_visible_to, preparations_visible_to
from tests.calendar_app.factories import WorkshopRegistrationFactory

pytestmark = pytest.mark.django_db

# URL names and the tests holding their role matrix.
COVERED = {
    "month": "test_pages.test_month_and_list_show_only_the_events_of_the_user",
    "list": "test_pages.test_month_and_list_show_only_the_events_of_the_user",
    "event": "test_pages.test_event_pages_are_404_for_whoever_may_not_see_them",
    "event_ics": "test_pages.test_event_pages_are_404_for_whoever_may_not_see_them",
    "register": "test_workshops.test_only_active_candidates_can_register",
    "unregister": "test_access.test_unregister_by_role",
    "attendance": "test_workshops.test_attendance_and_attach_pages_by_role",
    "attach": "test_workshops.test_attendance_and_attach_pages_by_role",
    "slides": "test_workshops.test_trainer_attaches_recording_and_slides_...",
    "recording": "test_trainer_workshops.test_recording_and_slides_after_the_session_...",
    "workshops": "test_trainer_workshops.test_list_and_create_pages_by_role",
    "workshop_create": "test_trainer_workshops.test_list_and_create_pages_by_role",
    "workshop_edit": "test_trainer_workshops.test_trainer_pages_by_role",
    "workshop_cancel": "test_trainer_workshops.test_trainer_pages_by_role",
    "registrants": "test_trainer_workshops.test_trainer_pages_by_role",
    "feed_settings": "test_ical.test_feed_settings_need_a_login_and_post",
    "feed_regenerate": "test_ical.test_feed_settings_need_a_login_and_post",
    "feed_revoke": "test_ical.test_feed_settings_need_a_login_and_post",
    "feed": "test_ical.test_unknown_old_or_revoked_token_is_a_plain_404",
    "pdf": "test_pdf.test_pdf_download_by_role",
    "pdf_mine": "test_pdf.test_pdf_download_by_role",
}


def test_every_calendar_url_is_in_a_role_matrix():
    names = {pattern.name for pattern in urls.urlpatterns}
    assert names == set(COVERED), f"URLs without a role matrix: {names - set(COVERED)}"


# Who sees what, written from the rules (docs and DESIGN.md), not from the
# selectors: centre A's preparation event, centre B's, and the workshop of
# "Les Ateliers" (read by the candidates enrolled in it, their tutors, its
# trainer and its producer). The predicate and the selector are each checked
# against this table.
EVENTS_SEEN = {
    "admin": {"prep_event", "other_prep_event", "workshop"},
    "coordinator": {"prep_event"},
    "other_coordinator": {"other_prep_event"},
    "candidate": {"prep_event", "workshop"},
    "other_candidate": {"prep_event", "workshop"},
    "candidate_other_centre": {"other_prep_event", "workshop"},
    "tutor": {"prep_event", "workshop"},
    "other_tutor": {"prep_event", "workshop"},
    "trainer": set(),
    "other_trainer": {"workshop"},
    "producer": {"workshop"},
    "user": set(),
}
PREPARATION_CALENDARS_SEEN = {
    "admin": {"preparation", "other_preparation"},
    "coordinator": {"preparation"},
    "other_coordinator": {"other_preparation"},
    "candidate": {"preparation"},
    "other_candidate": {"preparation"},
    "candidate_other_centre": {"other_preparation"},
    "tutor": {"preparation"},
    "other_tutor": {"preparation"},
    "trainer": set(),
    "other_trainer": set(),
    "producer": set(),
    "user": set(),
}


def test_who_sees_which_event(roles, prep_event, other_prep_event, workshop):
    events = {"prep_event": prep_event, "other_prep_event": other_prep_event, "workshop": workshop}
    assert set(roles) == set(EVENTS_SEEN)
    for role, user in roles.items():
        expected = EVENTS_SEEN[role]
        by_predicate = {name for name, event in events.items() if can_view_event(user, event)}
        assert by_predicate == expected, role
        listed = set(events_visible_to(user).values_list("pk", flat=True))
        assert {name for name, event in events.items() if event.pk in listed} == expected, role


def test_who_sees_which_preparation_calendar(roles, preparation, other_preparation):
    preparations = {"preparation": preparation, "other_preparation": other_preparation}
    assert set(roles) == set(PREPARATION_CALENDARS_SEEN)
    for role, user in roles.items():
        expected = PREPARATION_CALENDARS_SEEN[role]
        allowed = {
            name for name, prep in preparations.items() if can_view_preparation_calendar(user, prep)
        }
        assert allowed == expected, role
        listed = set(preparations_visible_to(user).values_list("pk", flat=True))
        assert {name for name, prep in preparations.items() if prep.pk in listed} == expected, role


@pytest.mark.parametrize(
    ("role", "status"),
    [("candidate", 302), ("other_candidate", 302), ("user", 404), ("other_coordinator", 404)],
)
def test_unregister_by_role(client, roles, workshop, role, status):
    from unittest import mock

    from tests.calendar_app.factories import paris

    registration = WorkshopRegistrationFactory(event=workshop, user=roles["candidate"])
    client.force_login(roles[role])
    with mock.patch("django.utils.timezone.now", return_value=paris(2026, 11, 1, 9, 0)):
        response = client.post(reverse("calendar_app:unregister", kwargs={"pk": workshop.pk}))
    assert response.status_code == status
    # Only one's own registration can be cancelled (kept, marked cancelled,
    # for the trainer's list).
    still_there = workshop.registrations.active().filter(pk=registration.pk).exists()
    assert still_there is (role != "candidate")


def test_event_page_queries_do_not_grow_with_registrations(
    client, candidate, workshop, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    client.force_login(candidate)
    url = reverse("calendar_app:event", kwargs={"pk": workshop.pk})
    WorkshopRegistrationFactory(event=workshop, user=UserFactory())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(40):
        WorkshopRegistrationFactory(event=workshop, user=UserFactory())
    # session, user, event (with counts), trainer check, registration check.
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
