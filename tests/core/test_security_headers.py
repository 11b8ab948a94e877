"""Security headers on public and logged-in pages (issue "Security")."""

import pytest
from django.urls import reverse

PAGES = ["home", "sitemap", "dashboard", "health"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_every_page_sends_the_security_headers(client, user, name):
    client.force_login(user)
    response = client.get(reverse(name))
    csp = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    assert directives["script-src"] == "'self'"  # no inline script, no CDN
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in directives["default-src"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_anonymous_pages_too(client):
    response = client.get(reverse("home"))
    assert "Content-Security-Policy" in response
    assert "Permissions-Policy" in response
