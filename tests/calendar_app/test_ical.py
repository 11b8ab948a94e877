"""The per-event .ics download and the private iCalendar feed, parsed back
with the ``icalendar`` package."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from icalendar import Calendar

from assignments.api import Deadline
from calendar_app.models import FeedToken
from calendar_app.services import feed_token_for
from tests.calendar_app.factories import PARIS, EventFactory, WorkshopRegistrationFactory, paris

pytestmark = pytest.mark.django_db


def _events(content: bytes):
    cal = Calendar.from_ical(content)
    return cal, list(cal.walk("VEVENT"))


def _feed_url(user) -> str:
    return reverse("calendar_app:feed", kwargs={"token": feed_token_for(user).token})


def test_event_ics_download_is_a_valid_calendar_in_paris_time(client, candidate, prep_event):
    client.force_login(candidate)
    response = client.get(reverse("calendar_app:event_ics", kwargs={"pk": prep_event.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    cal, (event,) = _events(response.content)
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(event["SUMMARY"]) == "Réunion de rentrée"
    assert event.decoded("DTSTART") == paris(2026, 11, 10, 9, 30)
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert str(event["UID"]) == f"event-{prep_event.uid}@callisto.example.fr"


def test_feed_works_without_a_session_and_lists_events_and_deadlines(
    client, candidate, prep_event, workshop, other_prep_event
):
    deadline = Deadline(
        title="Note de synthèse n° 1",
        due_at=paris(2026, 12, 4, 23, 59),
        course_id=workshop.course_id,
        course_title="Devenir bibliothécaire",
        url="/devoirs/1/",
        assignment_id=41,
    )
    with (
        mock.patch("calendar_app.views.assignments_api.deadlines_for", return_value=[deadline]),
        mock.patch("django.utils.timezone.now", return_value=paris(2026, 11, 1, 12, 0)),
    ):
        response = client.get(_feed_url(candidate))
    assert response.status_code == 200
    _cal, events = _events(response.content)
    summaries = {str(e["SUMMARY"]) for e in events}
    assert summaries == {
        "Réunion de rentrée",
        "Atelier : l'actualité culturelle",
        "Échéance de devoir : Note de synthèse n° 1",
    }
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT1H" in response.content.decode()
    uids = {str(e["UID"]) for e in events}
    assert "deadline-41@callisto.example.fr" in uids
    due = next(e for e in events if "Note de synthèse" in str(e["SUMMARY"]))
    assert due.decoded("DTSTART") == paris(2026, 12, 4, 23, 59)


def test_uid_is_stable_between_two_downloads(client, candidate, prep_event):
    url = _feed_url(candidate)
    first = {str(e["UID"]) for e in _events(client.get(url).content)[1]}
    prep_event.title = "Réunion de rentrée (salle changée)"
    prep_event.save()
    second = {str(e["UID"]) for e in _events(client.get(url).content)[1]}
    assert first == second


def test_another_users_token_gives_another_feed(
    client, candidate, candidate_other_centre, prep_event, other_prep_event
):
    mine = {str(e["SUMMARY"]) for e in _events(client.get(_feed_url(candidate)).content)[1]}
    theirs = {
        str(e["SUMMARY"]) for e in _events(client.get(_feed_url(candidate_other_centre)).content)[1]
    }
    assert "Réunion de rentrée" in mine and "Réunion de rentrée du centre B" not in mine
    assert "Réunion de rentrée du centre B" in theirs and "Réunion de rentrée" not in theirs


def test_unknown_old_or_revoked_token_is_a_plain_404(client, candidate, prep_event):
    old_url = _feed_url(candidate)
    client.force_login(candidate)
    client.post(reverse("calendar_app:feed_regenerate"))
    client.logout()
    new_url = _feed_url(candidate)
    assert new_url != old_url
    assert client.get(old_url).status_code == 404
    assert client.get(new_url).status_code == 200
    assert client.get("/calendrier/flux/nimporte-quoi.ics").status_code == 404
    client.force_login(candidate)
    client.post(reverse("calendar_app:feed_revoke"))
    client.logout()
    response = client.get(new_url)
    assert response.status_code == 404
    assert "Réunion".encode() not in response.content


def test_inactive_users_feed_is_404(client, candidate):
    url = _feed_url(candidate)
    candidate.is_active = False
    candidate.save()
    assert client.get(url).status_code == 404


def test_feed_settings_page_creates_and_shows_the_address(client, candidate):
    client.force_login(candidate)
    response = client.get(reverse("calendar_app:feed_settings"))
    assert "Créer mon adresse privée" in response.content.decode()
    client.post(reverse("calendar_app:feed_regenerate"))
    token = FeedToken.objects.get(user=candidate).token
    content = client.get(reverse("calendar_app:feed_settings")).content.decode()
    assert f"http://testserver/calendrier/flux/{token}.ics" in content


def test_feed_settings_need_a_login_and_post(client, candidate):
    assert client.get(reverse("calendar_app:feed_settings")).status_code == 302
    assert client.post(reverse("calendar_app:feed_regenerate")).status_code == 302
    client.force_login(candidate)
    assert client.get(reverse("calendar_app:feed_regenerate")).status_code == 405
    assert client.get(reverse("calendar_app:feed_revoke")).status_code == 405


@pytest.mark.parametrize(
    ("local_start", "utc_start"),
    [
        # The night of the spring change (last Sunday of March 2027).
        (datetime.datetime(2027, 3, 28, 1, 30), datetime.datetime(2027, 3, 28, 0, 30)),
        (datetime.datetime(2027, 3, 28, 10, 0), datetime.datetime(2027, 3, 28, 8, 0)),
        # The autumn change (last Sunday of October 2026).
        (datetime.datetime(2026, 10, 25, 1, 30), datetime.datetime(2026, 10, 24, 23, 30)),
        (datetime.datetime(2026, 10, 25, 10, 0), datetime.datetime(2026, 10, 25, 9, 0)),
    ],
)
def test_ics_times_are_right_across_daylight_saving_changes(
    client, candidate, preparation, local_start, utc_start
):
    event = EventFactory(
        preparation=preparation,
        starts_at=local_start.replace(tzinfo=PARIS),
        ends_at=local_start.replace(tzinfo=PARIS) + datetime.timedelta(hours=1),
    )
    client.force_login(candidate)
    response = client.get(reverse("calendar_app:event_ics", kwargs={"pk": event.pk}))
    cal, (vevent,) = _events(response.content)
    assert f"DTSTART;TZID=Europe/Paris:{local_start:%Y%m%dT%H%M%S}" in response.content.decode()
    assert vevent.decoded("DTSTART").astimezone(datetime.UTC).replace(tzinfo=None) == utc_start
    # The VTIMEZONE rules say so too, for clients that do not know the zone.
    tz = cal.walk("VTIMEZONE")[0].to_tz()
    assert tz.utcoffset(local_start) == local_start - utc_start


def test_workshop_link_is_in_the_feed_only_for_registered_candidates(
    client, candidate, other_candidate, workshop
):
    WorkshopRegistrationFactory(event=workshop, user=candidate)
    with mock.patch("django.utils.timezone.now", return_value=paris(2026, 11, 1, 12, 0)):
        too_early = client.get(_feed_url(candidate)).content.decode()
    with mock.patch("django.utils.timezone.now", return_value=paris(2026, 11, 20, 17, 50)):
        registered = client.get(_feed_url(candidate)).content.decode()
        other = client.get(_feed_url(other_candidate)).content.decode()
    assert "visio.example.fr" not in too_early
    assert f"/calendrier/evenements/{workshop.pk}/" in too_early.replace("\r\n ", "")
    assert "https://visio.example.fr/atelier" in registered
    assert "visio.example.fr" not in other
