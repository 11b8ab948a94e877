"""Every calendar page, every role → expected status, and what each sees."""

import pytest
from django.urls import reverse

from tests.calendar_app import world

pytestmark = pytest.mark.django_db

# The role fixtures built once for the module (tests/calendar_app/world.py);
# each test runs in a savepoint of it.
_world = world.module_world()
_test_world = world.per_test_world()
admin_user = world.shared("admin_user")
centre = world.shared("centre")
other_centre = world.shared("other_centre")
courses = world.shared("courses")
preparation = world.shared("preparation")
other_preparation = world.shared("other_preparation")
coordinator = world.shared("coordinator")
other_coordinator = world.shared("other_coordinator")
candidate = world.shared("candidate")
other_candidate = world.shared("other_candidate")
candidate_other_centre = world.shared("candidate_other_centre")
tutor = world.shared("tutor")
other_tutor = world.shared("other_tutor")
trainer = world.shared("trainer")
other_trainer = world.shared("other_trainer")
producer = world.shared("producer")
user = world.shared("user")

MONTH = reverse("calendar_app:month", kwargs={"year": 2026, "month": 11})
LIST = reverse("calendar_app:list", kwargs={"year": 2026, "month": 11})


@pytest.mark.parametrize("url", ["/calendrier/", MONTH, "/calendrier/liste/", LIST])
def test_anonymous_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("role", "sees_a", "sees_b", "sees_workshop"),
    [
        ("admin", True, True, True),
        ("coordinator", True, False, False),
        ("other_coordinator", False, True, False),
        ("candidate", True, False, True),
        ("other_candidate", True, False, True),
        ("candidate_other_centre", False, True, True),
        ("tutor", True, False, True),
        ("other_tutor", True, False, True),
        ("trainer", False, False, False),
        ("other_trainer", False, False, True),
        ("producer", False, False, True),
        ("user", False, False, False),
    ],
)
@pytest.mark.parametrize("url", [MONTH, LIST])
def test_month_and_list_show_only_the_events_of_the_user(
    client, roles, prep_event, other_prep_event, workshop, role, sees_a, sees_b, sees_workshop, url
):
    client.force_login(roles[role])
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert ("Réunion de rentrée</a>" in content) is sees_a
    assert ("Réunion de rentrée du centre B" in content) is sees_b
    assert ("Atelier : l&#x27;actualité culturelle" in content) is sees_workshop
    assert "novembre 2026" in content


@pytest.mark.parametrize(
    ("role", "status_a", "status_b"),
    [
        ("admin", 200, 200),
        ("coordinator", 200, 404),
        ("other_coordinator", 404, 200),
        ("candidate", 200, 404),
        ("other_candidate", 200, 404),
        ("candidate_other_centre", 404, 200),
        ("tutor", 200, 404),
        ("trainer", 404, 404),
        ("user", 404, 404),
    ],
)
@pytest.mark.parametrize("name", ["calendar_app:event", "calendar_app:event_ics"])
def test_event_pages_are_404_for_whoever_may_not_see_them(
    client, roles, prep_event, other_prep_event, role, status_a, status_b, name
):
    client.force_login(roles[role])
    assert client.get(reverse(name, kwargs={"pk": prep_event.pk})).status_code == status_a
    assert client.get(reverse(name, kwargs={"pk": other_prep_event.pk})).status_code == status_b


@pytest.mark.parametrize(
    "name",
    [
        "calendar_app:event",
        "calendar_app:event_ics",
        "calendar_app:attendance",
        "calendar_app:attach",
        "calendar_app:slides",
    ],
)
def test_event_pages_need_a_login(client, prep_event, name):
    response = client.get(reverse(name, kwargs={"pk": prep_event.pk}))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/calendrier/2026/13/", 404),
        ("/calendrier/2026/0/", 404),
        ("/calendrier/1999/5/", 404),
        ("/calendrier/liste/2026/13/", 404),
        ("/calendrier/abc/11/", 404),
        ("/calendrier/2026/onze/", 404),
        ("/calendrier/2026/11/?cours=abc", 400),
        ("/calendrier/2026/11/?type=fete", 400),
        ("/calendrier/liste/2026/11/?cours=999999", 400),
    ],
)
def test_bad_month_or_filter_is_a_clear_error_not_a_crash(client, candidate, url, status):
    client.force_login(candidate)
    response = client.get(url)
    assert response.status_code == status
    if status == 400:
        assert "Sélectionnez un choix valide" in response.content.decode()


def test_filters_by_course_and_kind_and_keep_them_in_navigation(
    client, candidate, prep_event, workshop, courses
):
    client.force_login(candidate)
    response = client.get(MONTH, {"cours": courses["ateliers"].pk})
    content = response.content.decode()
    assert "Atelier : l&#x27;actualité culturelle" in content
    assert "Réunion de rentrée</a>" not in content
    assert f"/calendrier/2026/12/?cours={courses['ateliers'].pk}" in content
    response = client.get(LIST, {"type": "welcome"})
    content = response.content.decode()
    assert "Réunion de rentrée" in content
    assert "actualité culturelle" not in content


def test_previous_next_and_today_links(client, candidate):
    client.force_login(candidate)
    content = client.get("/calendrier/2027/1/").content.decode()
    assert 'href="/calendrier/2026/12/"' in content
    assert 'href="/calendrier/2027/2/"' in content
    assert "Aujourd’hui</a>" in content
    assert "Calendrier — janvier 2027" in content


def test_month_grid_is_a_table_with_french_day_headers(client, candidate, prep_event):
    client.force_login(candidate)
    content = client.get(MONTH).content.decode()
    assert '<th scope="col"><abbr title="lundi">lun</abbr></th>' in content
    assert "mardi 10 novembre" in content  # the small-screen list


def test_withdrawn_candidate_still_reads_the_calendar(client, candidate, prep_event):
    candidate.registrations.update(status="withdrawn")
    client.force_login(candidate)
    assert "Réunion de rentrée" in client.get(MONTH).content.decode()
