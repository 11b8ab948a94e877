from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import Centre, User
from demo.accounts import ACCOUNTS, DEMO_PASSWORD

pytestmark = pytest.mark.django_db

# What the demo seeds, counted before and after seeding it again.
SEEDED = (
    "accounts.User",
    "accounts.Centre",
    "accounts.TermsAcceptance",
    "courses.Course",
    "courses.Activity",
    "courses.Preparation",
    "courses.Registration",
    "courses.Enrolment",
    "courses.Completion",
    "courses.SupportRequest",
    "assignments.Assignment",
    "assignments.Submission",
    "assignments.SubmissionFile",
    "assignments.Feedback",
    "calendar_app.Event",
    "forums.Post",
    "content.Quiz",
)


def counts():
    return {name: apps.get_model(name).objects.count() for name in SEEDED}


def test_seeding_the_demo_again_adds_nothing(demo):
    first = counts()
    assert all(first.values()), first
    call_command("seed_demo", stdout=StringIO())
    assert counts() == first


def test_every_demo_account_can_log_in(client, demo):
    for username, *_rest in ACCOUNTS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    assert User.objects.get(username="admin").is_superuser
    assert Centre.objects.get(code="mediadix").coordinators.filter(username="responsable").exists()
