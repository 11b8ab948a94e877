"""A query string no page can use is a 400 with the French page, never a
500 (core.middleware.BoundedQueryMiddleware); path integers out of range
are a 404."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"


def test_admin_date_navigation_with_a_huge_year_is_a_bad_request(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:calendar_app_event_changelist"), {"starts_at__year": HUGE})
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()
    assert "Le site n’a pas pu comprendre cette demande" in response.content.decode()


def test_admin_date_navigation_with_an_odd_year_is_a_normal_page(client, admin_user):
    client.force_login(admin_user)
    response = client.get(
        reverse("admin:calendar_app_event_changelist"), {"starts_at__year": "99999"}
    )
    assert response.status_code in (200, 302)


def test_a_search_holding_a_nul_character_is_a_bad_request(client, candidate):
    client.force_login(candidate)
    response = client.get(reverse("forums:search"), {"q": "cote\x00"})
    assert response.status_code == 400
    assert "Requête incorrecte" in response.content.decode()


def test_a_huge_page_number_is_a_bad_request_and_a_large_one_a_normal_page(client, candidate):
    client.force_login(candidate)
    assert client.get(reverse("forums:index"), {"page": HUGE}).status_code == 400
    assert client.get(reverse("forums:index"), {"page": "999999"}).status_code == 200


def test_a_huge_id_in_the_path_is_not_found(client, candidate):
    client.force_login(candidate)
    assert client.get(f"/devoirs/{HUGE}/").status_code == 404
    assert client.get(f"/forums/sujets/{HUGE}/").status_code == 404
