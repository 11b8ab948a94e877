"""Personal data (RGPD): export of everything about oneself, erasure by
anonymisation, retention."""

import io
import json
import zipfile

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEntry, DataExport, ErasureRequest
from core.privacy import anonymise_user, apply_retention
from courses.models import Completion
from courses.services import complete_activity

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _download(client, export):
    response = client.get(reverse("my_data_download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_a_candidate_downloads_all_their_data(
    client, candidate, courses, django_capture_on_commit_callbacks
):
    complete_activity(
        user=candidate, activity=courses["bibliothecaire"].activities.first(), source="manual"
    )
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("my_data"), {"action": "export"}, follow=True)
    assert "en cours de préparation" in response.content.decode()
    export = DataExport.objects.get(user=candidate)
    assert export.status == "ready"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [candidate.email]
    assert "/mes-donnees/" in mail.outbox[0].body

    archive = _download(client, export)
    data = json.loads(archive.read("donnees.json"))
    assert data["data"]["accounts"]["username"] == candidate.username
    registrations = data["data"]["courses"]["registrations"]
    assert registrations[0]["preparation"].startswith("Préparation Callisto 2027")
    assert len(data["data"]["courses"]["completions"]) == 1


def test_nobody_else_downloads_an_export(client, candidate, other_candidate, admin_user):
    export = DataExport.objects.create(
        user=candidate, status="ready", file="exports/x.zip", finished_at=timezone.now()
    )
    default_storage.save("exports/x.zip", io.BytesIO(b"PK"))
    for intruder in (other_candidate, admin_user):
        client.force_login(intruder)
        assert client.get(reverse("my_data_download", args=[export.pk])).status_code == 404
    client.logout()
    response = client.get(reverse("my_data_download", args=[export.pk]))
    assert response.status_code == 302  # to the login page


def test_an_expired_export_is_gone(client, candidate):
    export = DataExport.objects.create(
        user=candidate,
        status="ready",
        file="exports/old.zip",
        finished_at=timezone.now() - timezone.timedelta(days=8),
    )
    client.force_login(candidate)
    assert client.get(reverse("my_data_download", args=[export.pk])).status_code == 404
    assert apply_retention()["exports"] == 1
    assert not DataExport.objects.exists()


def test_erasure_anonymises_and_keeps_what_must_be_kept(client, candidate, courses, admin_user):
    activity = courses["bibliothecaire"].activities.first()
    complete_activity(user=candidate, activity=activity, source="manual")
    client.force_login(candidate)
    client.post(reverse("my_data"), {"action": "erase", "reason": "Je quitte la préparation."})
    request = ErasureRequest.objects.get(user=candidate)
    assert request.status == "pending"
    # Asking twice does not pile up requests.
    client.post(reverse("my_data"), {"action": "erase"})
    assert ErasureRequest.objects.count() == 1

    anonymise_user(actor=admin_user, request=request)
    candidate.refresh_from_db()
    assert candidate.username == f"anonyme-{candidate.pk}"
    assert candidate.email is None
    assert (candidate.first_name, candidate.last_name) == ("", "")
    assert not candidate.is_active
    assert not candidate.has_usable_password()
    # Progress stays (without identity); the action is in the audit log.
    assert Completion.objects.filter(user=candidate, activity=activity).exists()
    assert AuditEntry.objects.filter(action="rgpd.erasure", target_id=str(candidate.pk)).exists()
    request.refresh_from_db()
    assert request.status == "done"


def test_erasure_requests_only_in_the_admin_of_national_administrators(
    client, candidate, coordinator, admin_user
):
    ErasureRequest.objects.create(user=candidate)
    url = reverse("admin:core_erasurerequest_changelist")
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_unknown_action_changes_nothing(client, candidate):
    client.force_login(candidate)
    response = client.post(reverse("my_data"), {"action": "drop-table"}, follow=True)
    assert "Action inconnue" in response.content.decode()
    assert not DataExport.objects.exists()
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize("size", [1, 5])
def test_my_data_page_query_budget(client, candidate, django_assert_max_num_queries, size):
    for _ in range(size):
        DataExport.objects.create(user=candidate, status="ready", finished_at=timezone.now())
    client.force_login(candidate)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("my_data")).status_code == 200
