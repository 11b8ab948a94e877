"""The month and list pages keep their body (entries and PDF links) in the
cache (core/fragments.py), through the real Redis: whatever staff or a user
change shows on the next load, each person gets their own calendar, and the
filter (which checks the course asked for) runs on every request."""

import datetime
import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assignments import services as assignments_services
from core import fragments
from courses.models import Enrolment
from tests.assignments.factories import AssignmentFactory
from tests.calendar_app.factories import EventFactory, paris

pytestmark = pytest.mark.django_db

MONTH = reverse("calendar_app:month", kwargs={"year": 2026, "month": 11})
LIST = reverse("calendar_app:list", kwargs={"year": 2026, "month": 11})


def page(client, url=MONTH, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("url", [MONTH, LIST])
def test_the_cached_page_is_the_page_built_afresh_for_every_role(
    roles, prep_event, other_prep_event, workshop, url
):
    for role, user in roles.items():
        client = logged_in(user)
        first = page(client, url)
        again = page(client, url)
        with fragments.bypass():
            fresh = page(client, url)
        assert again == first == fresh, role


@pytest.mark.parametrize("url", [MONTH, LIST])
def test_a_new_changed_or_deleted_event_shows_at_once(client, candidate, preparation, url):
    client.force_login(candidate)
    assert "Conférence de méthode" not in page(client, url)
    event = EventFactory(
        preparation=preparation,
        title="Conférence de méthode",
        starts_at=paris(2026, 11, 18, 14, 0),
        ends_at=paris(2026, 11, 18, 16, 0),
    )
    assert "Conférence de méthode" in page(client, url)
    event.title = "Conférence de méthode (salle 4)"
    event.save()
    assert "Conférence de méthode (salle 4)" in page(client, url)
    december = url.replace("/2026/11/", "/2026/12/")
    assert "Conférence de méthode" not in page(client, december)
    event.starts_at, event.ends_at = paris(2026, 12, 10, 14, 0), paris(2026, 12, 10, 16, 0)
    event.save()
    assert "Conférence de méthode" not in page(client, url)
    assert "Conférence de méthode" in page(client, december)
    event.delete()
    assert "Conférence de méthode" not in page(client, december)


def test_a_deadline_its_extension_and_its_hidden_activity_show_at_once(
    client, candidate, trainer, exam_course
):
    due = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(
        hour=12, minute=0, second=0, microsecond=0
    )
    later = due + datetime.timedelta(days=40)
    this_month = reverse("calendar_app:month", kwargs={"year": due.year, "month": due.month})
    later_month = reverse("calendar_app:month", kwargs={"year": later.year, "month": later.month})
    client.force_login(candidate)
    as_trainer = logged_in(trainer)
    assert "Commentaire de texte" not in page(client, this_month)
    page(as_trainer, this_month)
    assignment = AssignmentFactory(course=exam_course, title="Commentaire de texte", due_at=due)
    assert "Commentaire de texte" in page(client, this_month)
    assert "Commentaire de texte" in page(as_trainer, this_month)
    page(client, later_month)
    # An extension moves the candidate's own deadline, not the trainer's.
    assignments_services.extension_grant(
        actor=trainer, assignment=assignment, candidate=candidate, due_at=later
    )
    assert "Commentaire de texte" not in page(client, this_month)
    assert "Commentaire de texte" in page(client, later_month)
    assert "Commentaire de texte" in page(as_trainer, this_month)
    # Hiding the activity behind it hides the deadline from candidates only.
    assignment.activity.is_visible = False
    assignment.activity.save()
    assert "Commentaire de texte" not in page(client, later_month)
    assert "Commentaire de texte" in page(as_trainer, this_month)


def test_a_new_tutor_or_coordinator_sees_the_calendar_at_once(
    tutor, coordinator, candidate_other_centre, other_centre, other_prep_event
):
    as_tutor, as_coordinator = logged_in(tutor), logged_in(coordinator)
    assert "Réunion de rentrée du centre B" not in page(as_tutor)
    assert "Réunion de rentrée du centre B" not in page(as_coordinator)
    registration = candidate_other_centre.registrations.get()
    registration.tutor = tutor
    registration.save()
    assert "Réunion de rentrée du centre B" in page(as_tutor)
    other_centre.coordinators.add(coordinator)
    assert "Réunion de rentrée du centre B" in page(as_coordinator)
    other_centre.coordinators.remove(coordinator)
    assert "Réunion de rentrée du centre B" not in page(as_coordinator)


def test_losing_a_course_empties_its_events_and_refuses_its_filter_at_once(
    other_trainer, workshop, courses
):
    client = logged_in(other_trainer)
    ateliers = courses["ateliers"].pk
    assert "actualité culturelle" in page(client)
    assert "actualité culturelle" in page(client, cours=ateliers)
    enrolment = Enrolment.objects.get(user=other_trainer, course=courses["ateliers"])
    enrolment.status = Enrolment.Status.SUSPENDED
    enrolment.save()
    assert "actualité culturelle" not in page(client)
    response = client.get(MONTH, {"cours": ateliers})
    assert response.status_code == 400
    assert "Sélectionnez un choix valide" in response.content.decode()


def test_each_person_and_each_filter_has_their_own_calendar(
    candidate, candidate_other_centre, prep_event, other_prep_event, workshop
):
    mine = logged_in(candidate)
    assert "Réunion de rentrée</a>" in page(mine)
    theirs = page(logged_in(candidate_other_centre))
    assert "Réunion de rentrée du centre B" in theirs and "Réunion de rentrée</a>" not in theirs
    workshops = page(mine, type="workshop")
    assert "actualité culturelle" in workshops and "Réunion de rentrée</a>" not in workshops
    assert "Réunion de rentrée</a>" in page(mine)
    assert page(mine, LIST) != page(mine)


def test_today_moves_at_midnight(client, candidate):
    client.force_login(candidate)
    today = r'aria-current="date">\s*<time class="calendar-day-number" datetime="{}"'
    with mock.patch("django.utils.timezone.now", return_value=paris(2026, 11, 10, 23, 59)):
        assert re.search(today.format("2026-11-10"), page(client))
    with mock.patch("django.utils.timezone.now", return_value=paris(2026, 11, 11, 0, 1)):
        content = page(client)
    assert re.search(today.format("2026-11-11"), content)
    assert not re.search(today.format("2026-11-10"), content)


def test_a_pdf_built_in_the_background_keeps_everyone_s_cached_pages(
    client, candidate, preparation
):
    """No cached page shows the PDF files (only links to them): rebuilding
    one after a tick or an event change must not renew every page."""
    from calendar_app.models import CalendarPdf

    client.force_login(candidate)
    assert "Mon calendrier (PDF)" in page(client)
    scopes = [fragments.CONTENT, fragments.user_scope(candidate)]
    before = fragments.generations(scopes)
    pdf = CalendarPdf.objects.create(preparation=preparation, candidate=candidate)
    pdf.inputs_hash = "abc"
    pdf.save()
    assert fragments.generations(scopes) == before
    assert "Mon calendrier (PDF)" in page(client)
