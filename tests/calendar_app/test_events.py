"""Event rules: month grid in Paris time across daylight-saving changes,
the admin form's French errors, deadlines from the assignments app."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from assignments.api import Deadline
from calendar_app.forms import EventForm
from calendar_app.selectors import entries_for, grid_bounds, month_grid
from tests.calendar_app.factories import EventFactory, paris

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "month", "start", "day"),
    [
        # Spring change, Sunday 28 March 2027: 01:30 then 10:00 (UTC+2).
        (2027, 3, paris(2027, 3, 28, 1, 30), 28),
        (2027, 3, paris(2027, 3, 28, 23, 30), 28),
        # Just after midnight on the Monday: 22:30 UTC on the Sunday.
        (2027, 3, paris(2027, 3, 29, 0, 30), 29),
        # Autumn change, Sunday 25 October 2026.
        (2026, 10, paris(2026, 10, 25, 0, 30), 25),
        (2026, 10, paris(2026, 10, 25, 23, 30), 25),
        (2026, 10, paris(2026, 10, 26, 0, 30), 26),
    ],
)
def test_month_grid_puts_events_on_their_paris_day_across_dst(
    client, candidate, preparation, year, month, start, day
):
    EventFactory(
        preparation=preparation,
        title="Épreuve",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=20),
    )
    start_, end_ = grid_bounds(year, month)
    weeks = month_grid(year, month, entries_for(candidate, start_, end_), datetime.date(2026, 1, 1))
    days = [d.date.day for week in weeks for d in week if d.in_month and d.entries]
    assert days == [day]
    client.force_login(candidate)
    content = client.get(
        reverse("calendar_app:month", kwargs={"year": year, "month": month})
    ).content.decode()
    assert f"{start:%H:%M}</span> Épreuve" in content


def test_grid_bounds_are_local_midnights_across_the_change():
    start, end = grid_bounds(2027, 3)
    assert start == paris(2027, 3, 1, 0, 0)
    assert end == paris(2027, 4, 5, 0, 0)
    assert end.utcoffset() == datetime.timedelta(hours=2)
    assert start.utcoffset() == datetime.timedelta(hours=1)


def test_multi_day_event_shows_on_each_day(candidate, preparation):
    EventFactory(
        preparation=preparation,
        kind="written_exam",
        starts_at=paris(2027, 3, 9, 9, 0),
        ends_at=paris(2027, 3, 10, 17, 0),
    )
    start, end = grid_bounds(2027, 3)
    weeks = month_grid(2027, 3, entries_for(candidate, start, end), datetime.date(2027, 3, 1))
    assert [d.date.day for week in weeks for d in week if d.entries] == [9, 10]


def test_deadlines_come_live_from_the_assignments_app(client, candidate, courses):
    deadline = Deadline(
        title="Dissertation n° 2",
        due_at=paris(2026, 11, 27, 23, 59),
        course_id=courses["bibliothecaire"].pk,
        course_title="Devenir bibliothécaire",
        url="/devoirs/7/",
        assignment_id=7,
    )
    client.force_login(candidate)
    with mock.patch("assignments.api.deadlines_for", return_value=[deadline]) as deadlines_for:
        content = client.get("/calendrier/2026/11/").content.decode()
        assert 'href="/devoirs/7/"' in content
        assert "Échéance de devoir" in content
        hidden = client.get("/calendrier/2026/11/", {"type": "workshop"}).content.decode()
        other_course = client.get(
            "/calendrier/liste/2026/11/", {"cours": courses["ateliers"].pk}
        ).content.decode()
    assert "Dissertation n° 2" not in hidden
    assert "Dissertation n° 2" not in other_course
    user, start, end = deadlines_for.call_args.args
    assert user == candidate and start < deadline.due_at < end


def _form(prep, **overrides):
    data = {
        "preparation": prep.pk,
        "kind": "methodology",
        "title": "Méthodologie de la dissertation",
        "starts_at": "2026-11-12 14:00",
        "ends_at": "2026-11-12 16:00",
        "link_opens_minutes": 15,
        "place": "",
        "video_url": "",
    }
    data.update(overrides)
    return EventForm(data=data)


def test_event_form_accepts_a_good_event(preparation):
    form = _form(preparation)
    assert form.is_valid(), form.errors
    event = form.save()
    assert event.starts_at == paris(2026, 11, 12, 14, 0)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": "2026-11-12 10:00"}, "ends_at", "La fin ne peut pas précéder le début."),
        (
            {"starts_at": "2027-08-01 10:00", "ends_at": "2027-08-01 11:00"},
            "starts_at",
            "L’événement doit avoir lieu pendant la préparation (du 01/09/2026 au 30/06/2027).",
        ),
        ({"video_url": "visio"}, "video_url", "Saisissez une URL valide."),
        (
            {"video_url": "http://visio.example.fr/x"},
            "video_url",
            "Le lien de visioconférence doit commencer par https://.",
        ),
        ({"video_url": "javascript:alert(1)"}, "video_url", "Saisissez une URL valide."),
        ({"kind": "workshop"}, "theme", "Un atelier a une thématique."),
        ({"starts_at": "demain"}, "starts_at", "Saisissez une date et une heure valides."),
    ],
)
def test_event_form_errors_in_french(preparation, overrides, field, message):
    form = _form(preparation, **overrides)
    assert not form.is_valid()
    assert message in form.errors[field]


def test_event_needs_a_preparation_or_a_course(preparation):
    form = _form(preparation, preparation="")
    assert not form.is_valid()
    assert "Choisissez la préparation ou le cours auquel appartient l’événement." in (
        form.non_field_errors()
    )


def test_coordinator_admin_sees_only_own_centre_events(
    client, coordinator, prep_event, other_prep_event
):
    client.force_login(coordinator)
    response = client.get(reverse("admin:calendar_app_event_changelist"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Réunion de rentrée" in content
    assert "centre B" not in content
    url = reverse("admin:calendar_app_event_change", args=[other_prep_event.pk])
    assert client.get(url).status_code == 302  # admin's "does not exist" redirect


def test_coordinator_admin_form_error_is_shown_in_french(client, coordinator, preparation):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:calendar_app_event_add"),
        {
            "preparation": preparation.pk,
            "kind": "welcome",
            "title": "Rentrée",
            "starts_at_0": "12/11/2026",
            "starts_at_1": "14:00",
            "ends_at_0": "12/11/2026",
            "ends_at_1": "10:00",
            "link_opens_minutes": 15,
            "registrations-TOTAL_FORMS": 0,
            "registrations-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "La fin ne peut pas précéder le début." in response.content.decode()


def test_event_page_links_back_to_its_paris_month(client, candidate, preparation):
    # 00:30 in Paris on 1 December is still November in UTC.
    event = EventFactory(
        preparation=preparation,
        starts_at=paris(2026, 12, 1, 0, 30),
        ends_at=paris(2026, 12, 1, 1, 30),
    )
    client.force_login(candidate)
    content = client.get(reverse("calendar_app:event", kwargs={"pk": event.pk})).content.decode()
    assert 'href="/calendrier/2026/12/">Calendrier</a>' in content
