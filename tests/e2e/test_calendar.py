"""Calendar journeys in Chromium: month view navigation with the keyboard
on a phone and on a desktop, registration to a workshop, axe-core clean."""

import datetime

import pytest
from django.utils import timezone

from tests.calendar_app.factories import EventFactory
from tests.e2e.conftest import DESKTOP, PHONE, axe_violations, log_in
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tab_to(page, name: str, limit: int = 60) -> None:
    """Press Tab until the focused element's text starts with ``name``."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        text = page.evaluate("document.activeElement.innerText || ''").strip()
        if text.startswith(name):
            return
    pytest.fail(f"{name!r} never got the keyboard focus")


def _month_title(day: datetime.date) -> str:
    months = [
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
        "août", "septembre", "octobre", "novembre", "décembre",
    ]  # fmt: skip
    return f"Calendrier — {months[day.month - 1]} {day.year}"


@pytest.fixture
def _exams(transactional_db):
    """Put back the exams the migrations create: an earlier transactional
    test may have flushed them (serialized rollback is not restored once
    Playwright's event loop runs in this thread)."""
    from importlib import import_module

    from django.apps import apps

    import_module("courses.migrations.0002_real_exams").create_exams(apps, None)


@pytest.fixture
def calendar_data(_exams, candidate, preparation, courses):
    start = timezone.localtime() + datetime.timedelta(days=3)
    start = start.replace(hour=18, minute=0, second=0, microsecond=0)
    workshop = EventFactory(
        workshop=True,
        course=courses["ateliers"],
        title="Atelier : les politiques de lecture publique",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
    )
    EventFactory(
        preparation=preparation,
        title="Méthodologie : la note de synthèse",
        starts_at=start - datetime.timedelta(days=1, hours=4),
        ends_at=start - datetime.timedelta(days=1, hours=2),
    )
    return {"candidate": candidate, "workshop": workshop, "month": start.date()}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_month_view_keyboard_navigation_without_axe_violation(page, calendar_data, viewport):
    page.set_viewport_size(viewport)
    log_in(page, calendar_data["candidate"].username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    month = calendar_data["month"]
    page.goto(f"/calendrier/{month.year}/{month.month}/")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == _month_title(month)
    workshop_link = page.get_by_role("link", name="Atelier : les politiques de lecture publique")
    assert workshop_link.is_visible()
    if viewport is DESKTOP:
        assert page.get_by_role("table").is_visible()
        assert page.get_by_role("columnheader").first.inner_text().lower().startswith("lun")
    else:
        assert not page.get_by_role("table").is_visible()
    assert axe_violations(page) == []

    _tab_to(page, "Mois suivant")
    page.keyboard.press("Enter")
    following = (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    page.wait_for_url(f"**/calendrier/{following.year}/{following.month}/")
    assert heading.inner_text() == _month_title(following)

    _tab_to(page, "Aujourd’hui")
    page.keyboard.press("Enter")
    today = timezone.localdate()
    page.wait_for_url(f"**/calendrier/{today.year}/{today.month}/")
    assert heading.inner_text() == _month_title(today)

    _tab_to(page, "Liste")
    page.keyboard.press("Enter")
    page.wait_for_url("**/calendrier/liste/**")
    assert axe_violations(page) == []


def test_candidate_registers_to_a_workshop_from_the_calendar(page, calendar_data):
    log_in(page, calendar_data["candidate"].username, DEFAULT_PASSWORD)
    page.wait_for_url("**/tableau-de-bord/")
    month = calendar_data["month"]
    page.goto(f"/calendrier/liste/{month.year}/{month.month}/?type=workshop")
    assert axe_violations(page) == []
    page.locator("a.calendar-entry", has_text="Atelier : les politiques de lecture").click()
    page.get_by_role("button", name="M’inscrire à cet atelier").click()
    assert page.get_by_text("Vous êtes inscrit à cet atelier.").first.is_visible()
    assert page.get_by_role("button", name="Annuler mon inscription").is_visible()
    assert axe_violations(page) == []
