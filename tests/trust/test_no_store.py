"""``Cache-Control: no-store`` follows the person, not the page: a public
page is cacheable for a visitor and not once someone is logged in
(core.middleware.PersonalPagesNoStoreMiddleware)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_anonymous_public_page_may_be_cached(client, db):
    response = client.get(reverse("legal_notice"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_page_seen_after_logging_in_is_not_stored(client, candidate):
    client.force_login(candidate)
    response = client.get(reverse("legal_notice"))
    assert "no-store" in response["Cache-Control"]
