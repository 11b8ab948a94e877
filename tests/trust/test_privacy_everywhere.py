"""Personal data across every app (issue 21): one person (candidate A of
the access-matrix world: a registration, completions, forum subjects,
messages and a file, a tutoring question with a file, a copy graded with an
annotated file, a workshop registration, a calendar feed, a quiz attempt, a
glossary proposal, error reports, audit entries, emails) plus a phone
number, a second email address and a session.

The export must hold each of them; after the erasure no text column of any
table may still hold the person's email, phone number, name, username or
what they wrote (docs/privacy.md lists what is kept, without identity)."""

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q

from accounts.models import Preferences
from core import audit, mail
from core.models import ErasureRequest
from core.privacy import anonymise_user, build_export, request_export
from tests.security.world import world_fixture

pytestmark = pytest.mark.django_db

_world = pytest.fixture(scope="module", name="world")(world_fixture)

PHONE = "06 47 21 93 58"
FIRST, LAST = "Philippine", "Zorglub-Marquet"
FORUM_TEXT = "Mon numéro de candidat est le 4471-ZM"
TUTORING_TEXT = "Je révise la nuit chez ma sœur à Quimper"


@pytest.fixture
def person(world, settings, django_capture_on_commit_callbacks):
    from forums.services import post_create
    from tutoring.services import message_post

    candidate = world.people["candidate"]
    candidate.first_name, candidate.last_name = FIRST, LAST
    candidate.save()
    Preferences.objects.update_or_create(
        user=candidate, defaults={"phone": PHONE, "contact_by_phone": True}
    )
    EmailAddress.objects.create(user=candidate, email="philippine.perso@exemple.fr", verified=True)
    post_create(actor=candidate, thread=world.forum_thread, body=FORUM_TEXT)
    message_post(actor=world.people["tutor"], thread=world.tutoring_thread, body="Dix à douze.")
    message_post(actor=candidate, thread=world.tutoring_thread, body=TUTORING_TEXT)
    audit.record(
        actor=world.people["coordinator"],
        action="accounts.email_changed",
        target=candidate,
        summary=f"{candidate.email} pour {FIRST} {LAST}",
        data={"old": candidate.email, "phone": PHONE},
    )
    with django_capture_on_commit_callbacks(execute=True):
        mail.send(
            "core/emails/export_ready",
            [candidate.email],
            {"user": candidate, "url": "https://callisto.example/mes-donnees/", "days": 7},
            dedup_key=f"test-{candidate.pk}",
        )
    return candidate


def _exported(person):
    export = build_export(request_export(user=person).pk)
    with default_storage.open(export.file, "rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    return json.loads(archive.read("donnees.json"))["data"], archive.namelist()


def test_the_export_holds_everything_about_the_person(person, world):
    data, names = _exported(person)
    dumped = json.dumps(data, ensure_ascii=False)
    assert data["accounts"]["preferences"]["phone"] == PHONE
    assert "philippine.perso@exemple.fr" in dumped
    assert data["courses"]["registrations"]
    posts = [p["text"] for p in data["forums"]["posts"]]
    assert FORUM_TEXT in posts
    assert {t["subject"] for t in data["forums"]["subjects_opened"]} == {world.forum_thread.title}
    assert data["calendar_app"]["workshop_registrations"][0]["event"] == world.workshop.title
    assert data["calendar_app"]["calendar_feed"] is True
    assert TUTORING_TEXT in dumped
    assert data["content"]["quiz_attempts"]
    assert data["content"]["glossary_proposals"]
    assert data["assignments"]["submissions"][0]["files"]
    actions = {e["action"] for e in data["core"]["audit_entries"]}
    assert {"accounts.email_changed", "rgpd.export"} <= actions
    assert data["core"]["emails_received"]
    folders = {name.split("/")[1] for name in names if name.startswith("fichiers/")}
    assert {"forums", "tutorat", "copies"} <= folders


def _text_fields(model):
    return [
        f.name
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField)
    ]


def _rows_holding(markers):
    found = []
    for model in apps.get_models():
        fields = _text_fields(model)
        if not fields or model._meta.proxy:
            continue
        for marker in markers:
            query = Q()
            for name in fields:
                query |= Q(**{f"{name}__icontains": marker})
            for row in model._default_manager.filter(query).values("pk", *fields)[:3]:
                hits = [n for n in fields if marker.lower() in str(row[n]).lower()]
                found.append(f"{model._meta.label}#{row['pk']} {hits}: {marker!r}")
    return found


def test_erasure_leaves_no_identity_in_any_table(person, world):
    markers = [
        person.email,
        "philippine.perso@exemple.fr",
        person.username,
        PHONE,
        LAST,
        FORUM_TEXT,
        TUTORING_TEXT,
        world.forum_thread.title,
    ]
    before = _rows_holding(markers)
    assert len(before) > 8, before  # the markers are where we put them
    request = ErasureRequest.objects.create(user=person, reason=f"Je suis {FIRST} {LAST}")
    anonymise_user(actor=world.people["admin"], request=request)
    left = _rows_holding(markers)
    assert not left, "\n".join(left)
    # What is kept, without identity: the registration, the grade, the audit trail.
    from assignments.models import Feedback
    from courses.models import Registration

    assert Registration.objects.filter(candidate=person).exists()
    assert Feedback.objects.get(pk=world.feedback.pk).grade is not None
    assert audit.entries_about(person).filter(action="accounts.email_changed").exists()
    assert not Preferences.objects.filter(user=person).exclude(phone="").exists()
    world.tutoring_thread.refresh_from_db()
    assert world.tutoring_thread.title == "[supprimé]"
