"""One reverse() for a page of links (core/links.py)."""

from django.urls import reverse

from core.links import url_maker


def test_each_link_is_what_reverse_gives():
    activity = url_maker("courses:activity", "devenir-bibliothecaire")
    event = url_maker("calendar_app:event")
    for pk in (1, 42, 987654321, 123456789012):
        assert activity(pk) == reverse("courses:activity", args=["devenir-bibliothecaire", pk])
        assert event(pk) == reverse("calendar_app:event", kwargs={"pk": pk})
