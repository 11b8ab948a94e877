"""iCalendar (RFC 5545) documents built with the ``icalendar`` package:
one event, or a user's whole feed. Times are written in Europe/Paris with
its VTIMEZONE (the rules in force since 1996), UIDs are stable."""

import datetime

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as VEvent

from .models import Event
from .selectors import PARIS

PRODID = "-//Callisto//Calendrier des préparations//FR"
UID_DOMAIN = "callisto.example.fr"


def _vtimezone() -> Timezone:
    tz = Timezone()
    tz.add("tzid", "Europe/Paris")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add_component(_vtimezone())
    return cal


def _paris(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value, PARIS)


def event_component(event: Event, *, show_link: bool, now=None) -> VEvent:
    item = VEvent()
    item.add("uid", f"event-{event.uid}@{UID_DOMAIN}")
    item.add("dtstamp", (now or timezone.now()).astimezone(datetime.UTC))
    item.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    item.add("dtstart", _paris(event.starts_at))
    item.add("dtend", _paris(max(event.ends_at, event.starts_at)))
    item.add("summary", event.title)
    item.add("categories", [str(event.get_kind_display())])
    description = event.description
    if show_link and event.video_url:
        description = f"{description}\n\n{event.video_url}".strip()
    if description:
        item.add("description", description)
    location = event.place or (event.video_url if show_link else "")
    if location:
        item.add("location", location)
    item.add("url", settings.SITE_URL + event.get_absolute_url())
    return item


def deadline_component(deadline, *, now=None) -> VEvent:
    item = VEvent()
    item.add("uid", f"deadline-{deadline.assignment_id}@{UID_DOMAIN}")
    item.add("dtstamp", (now or timezone.now()).astimezone(datetime.UTC))
    due = _paris(deadline.due_at)
    item.add("dtstart", due)
    item.add("dtend", due)
    item.add("summary", str(Event.Kind.DEADLINE.label) + " : " + deadline.title)
    item.add("categories", [str(Event.Kind.DEADLINE.label)])
    item.add("description", deadline.course_title)
    url = deadline.url if deadline.url.startswith("http") else settings.SITE_URL + deadline.url
    item.add("url", url)
    return item


def single_event(event: Event, *, show_link: bool) -> bytes:
    cal = _calendar(event.title)
    cal.add_component(event_component(event, show_link=show_link))
    return cal.to_ical()


def feed(name: str, events, deadlines, *, show_link) -> bytes:
    """``show_link(event) -> bool`` tells whether the videoconference link may
    be written in the event."""
    now = timezone.now()
    cal = _calendar(name)
    # Ask subscribed clients to refresh hourly (RFC 7986, and Outlook's name).
    cal.add("refresh-interval", datetime.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    for event in events:
        cal.add_component(event_component(event, show_link=show_link(event), now=now))
    for deadline in deadlines:
        cal.add_component(deadline_component(deadline, now=now))
    return cal.to_ical()
