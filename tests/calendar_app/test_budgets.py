"""Query budgets: the calendar pages cost the same number of queries with 10
or 1,000 events."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from calendar_app.api import calendar_links_for, upcoming_for
from calendar_app.models import Event
from core import fragments
from tests.calendar_app.factories import paris

pytestmark = pytest.mark.django_db

# A first visit (or the first after a change: the body is a cached fragment,
# counted here as built afresh): 1 user (the session comes from the cache),
# 2 courses of the filter (its choices, which also check the course asked
# for, and the courses whose events and deadlines show), 3 preparations
# visible with "is it mine" (their events and the PDF links), 4 events of the
# period, 5 assignment deadlines with the candidate's extensions
# (assignments.api.deadlines_for, given the course ids).
MONTH_BUDGET = 5
# From the cache: the user and the courses of the filter.
MONTH_WARM_BUDGET = 2


def _events(preparation, courses, n):
    """``n`` events spread over November 2026, half of them workshops of
    "Les Ateliers", half methodology classes of the preparation."""
    start = paris(2026, 11, 1, 9, 0)
    Event.objects.bulk_create(
        Event(
            preparation=preparation if i % 2 else None,
            course=None if i % 2 else courses["ateliers"],
            kind="workshop" if i % 2 == 0 else "methodology",
            theme="administration" if i % 2 == 0 else "",
            title=f"Séance n° {i}",
            starts_at=start + datetime.timedelta(hours=(i * 7) % (29 * 24)),
            ends_at=start + datetime.timedelta(hours=(i * 7) % (29 * 24) + 1),
        )
        for i in range(n)
    )


def without_tokens(response) -> str:
    assert response.status_code == 200
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx, fragments.bypass():
        response = client.get(url, params)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


@pytest.mark.parametrize("name", ["calendar_app:month", "calendar_app:list"])
@pytest.mark.parametrize("filters", [{}, {"type": "workshop"}, "course"])
def test_month_and_list_queries_do_not_grow_with_events(
    client, candidate, preparation, courses, django_assert_max_num_queries, name, filters
):
    if filters == "course":
        filters = {"cours": courses["ateliers"].pk}
    url = reverse(name, kwargs={"year": 2026, "month": 11})
    client.force_login(candidate)
    _events(preparation, courses, 10)
    small, response = _count(client, url, **filters)
    assert response.content.decode().count("calendar-entry") >= 5
    _events(preparation, courses, 990)
    with django_assert_max_num_queries(MONTH_BUDGET):
        big, response = _count(client, url, **filters)
    assert big == small
    assert response.content.decode().count("calendar-entry") >= 500


@pytest.mark.parametrize("name", ["calendar_app:month", "calendar_app:list"])
def test_month_and_list_from_the_cache_cost_two_queries_and_show_the_same(
    client, candidate, preparation, courses, django_assert_max_num_queries, name
):
    url = reverse(name, kwargs={"year": 2026, "month": 11})
    client.force_login(candidate)
    _events(preparation, courses, 50)
    first = without_tokens(client.get(url, {"type": "workshop"}))
    with django_assert_max_num_queries(MONTH_WARM_BUDGET):
        again = without_tokens(client.get(url, {"type": "workshop"}))
    assert again == first
    assert again.count("calendar-entry") >= 25


def test_feed_queries_do_not_grow_with_events(client, candidate, preparation, courses):
    from calendar_app.services import feed_token_for

    url = reverse("calendar_app:feed", kwargs={"token": feed_token_for(candidate).token})
    _events(preparation, courses, 10)
    small, _response = _count(client, url)
    _events(preparation, courses, 990)
    big, response = _count(client, url)
    # token + user, events, workshop registrations, 2 for the assignment
    # deadlines and extensions.
    assert big == small <= 5
    assert response.content.count(b"BEGIN:VEVENT") == 1000


def test_upcoming_for_and_links_cost_constant_queries(
    candidate, preparation, courses, django_assert_num_queries
):
    from unittest import mock

    _events(preparation, courses, 30)
    with (
        mock.patch("django.utils.timezone.now", return_value=paris(2026, 10, 30, 9, 0)),
        # the ids of the courses read (for the events and the deadlines),
        # events, deadlines with the candidate's extensions
        django_assert_num_queries(3),
    ):
        upcoming = upcoming_for(candidate, limit=5)
    assert len(upcoming) == 5
    assert upcoming == sorted(upcoming, key=lambda u: u.starts_at)
    assert upcoming[0].kind_label in {"Atelier", "Méthodologie"}
    with django_assert_num_queries(1):  # preparations visible, with "is it mine"
        links = calendar_links_for(candidate)
    assert [link.label for link in links] == [
        "Mon calendrier (PDF) — Préparation Callisto 2027",
        "Calendrier de la formation (PDF) — Préparation Callisto 2027",
    ]


def _trainer_pages(series):
    first = series[0]
    return [
        reverse("calendar_app:workshops"),
        reverse("calendar_app:workshop_create"),
        reverse("calendar_app:workshop_edit", kwargs={"pk": first.pk}),
        reverse("calendar_app:workshop_cancel", kwargs={"pk": first.pk}),
        reverse("calendar_app:registrants", kwargs={"pk": first.pk}),
        reverse("calendar_app:attendance", kwargs={"pk": first.pk}),
    ]


def test_trainer_workshop_pages_cost_the_same_with_3_or_12_sessions_and_many_registrants(
    client, other_trainer, courses, preparation
):
    """After the user: list 2 (courses taught, workshops with their places),
    create 2 (courses taught, their workshop activities), edit 2 (the
    workshop, the sessions left in its series), cancel 3 (same, and the
    registrants counted), registrants 2 (the workshop, its registrations
    with their people), attendance 3 (the event, whether the user runs it,
    the registrations)."""
    from unittest import mock

    from calendar_app import services
    from tests.factories import UserFactory, register

    def schedule(count, registrants, tag):
        with mock.patch("django.utils.timezone.now", return_value=paris(2026, 9, 1, 9, 0)):
            series = services.workshop_schedule(
                actor=other_trainer,
                course=courses["ateliers"],
                title=f"Atelier {tag}",
                first_day=datetime.date(2026, 10, 8),
                time=datetime.time(18, 0),
                occurrences=count,
                theme="administration",
            )
            for n in range(registrants):
                person = UserFactory(username=f"inscrit-{tag}-{n}")
                register(person, preparation)
                services.workshop_register(actor=person, event=series[0])
                if n % 4 == 0:
                    services.workshop_unregister(actor=person, event=series[0])
        return series

    def counts(series):
        found = []
        for url in _trainer_pages(series):
            client.get(url)  # the session in the cache
            found.append(_count(client, url)[0])
        return found

    client.force_login(other_trainer)
    small = counts(schedule(3, 2, "a"))
    large = counts(schedule(12, 30, "b"))
    assert small == large == [3, 3, 3, 4, 3, 4]
