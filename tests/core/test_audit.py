"""The audit log records logins, failed logins, enrolment changes and
personal-data exports; staff rights changes end the person's sessions."""

import pytest
from django.urls import reverse

from core.models import AuditEntry
from tests.factories import DEFAULT_PASSWORD, UserFactory, register

pytestmark = pytest.mark.django_db


def test_logins_and_failures_are_audited(client):
    user = UserFactory(username="camille")
    client.post(reverse("login"), {"login": "camille", "password": "mauvais"})
    client.post(reverse("login"), {"login": "camille", "password": DEFAULT_PASSWORD})
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "summary"))
    assert ("login.failed", "camille") in actions
    assert ("login", "camille") in actions
    assert AuditEntry.objects.get(action="login").actor == user


def test_enrolment_changes_are_audited(courses, preparation):
    registration = register(UserFactory(), preparation, "bibliothecaire-externe")
    entry = AuditEntry.objects.get(action="enrolments.changed")
    assert entry.target_id == str(registration.pk)
    assert len(entry.data["activated"]) == 3


def test_gaining_staff_rights_ends_the_sessions(client, user):
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200
    user.is_staff = True
    user.save()
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302  # logged out: log in again
    assert reverse("login") in response["Location"]


def test_role_changes_are_audited(user, centre):
    user.is_staff = True
    user.save()
    entry = AuditEntry.objects.get(action="role.changed")
    assert entry.target_id == str(user.pk)
    assert entry.data["after"]["is_staff"] is True
    centre.coordinators.add(user)
    added = AuditEntry.objects.get(action="role.coordinator_added")
    assert added.data["users"] == [user.pk]
    user.first_name = "Autre"
    user.save()  # not a change of rights
    assert AuditEntry.objects.filter(action="role.changed").count() == 1
