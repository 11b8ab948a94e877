"""Posting, quoting, editing and moderating: what users notice, and bad
input refused in French with nothing saved."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from forums.models import Attachment, ModerationAction, Post, Thread

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def reply_url(thread):
    return reverse("forums:reply", args=[thread.pk])


def test_candidate_starts_a_thread_and_replies_with_a_quote(
    client, candidate, other_candidate, general
):
    client.force_login(candidate)
    response = client.post(
        reverse("forums:thread_create", args=[general.pk]),
        {"title": "Fiches de lecture", "body": "Qui partage ses fiches ?"},
    )
    thread = Thread.objects.get(title="Fiches de lecture")
    assert response.url == thread.get_absolute_url()
    first = thread.posts.get()
    assert first.body == "<p>Qui partage ses fiches ?</p>"

    client.force_login(other_candidate)
    form = client.get(reply_url(thread) + f"?citer={first.pk}").content.decode()
    assert "Citation de" in form and "Qui partage ses fiches ?" in form
    response = client.post(reply_url(thread), {"body": "Moi, volontiers.", "quote": first.pk})
    reply = thread.posts.get(author=other_candidate)
    assert reply.quoted == first
    assert response.url.endswith(f"#message-{reply.pk}")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "a écrit\xa0:" in html and "Moi, volontiers." in html
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_scripts_and_event_handlers_are_stripped(client, candidate, thread):
    client.force_login(candidate)
    client.post(
        reply_url(thread),
        {
            "body": '<p onclick="steal()">Bonjour <strong>à tous</strong></p>'
            '<script>alert("x")</script><img src="x" onerror="alert(1)">'
            '<a href="javascript:alert(1)">lien</a> <a href="https://www.bnf.fr/">BnF</a>'
        },
    )
    body = thread.posts.get(author=candidate, body__contains="Bonjour").body
    for bad in ("script", "onerror", "onclick", "<img", "javascript:", "alert"):
        assert bad not in body
    assert "<strong>à tous</strong>" in body
    assert 'href="https://www.bnf.fr/"' in body and "nofollow" in body


@pytest.mark.parametrize("body", ["", "   ", "<script>alert(1)</script>", "<p> </p>"])
def test_empty_post_is_refused(client, candidate, thread, body):
    client.force_login(candidate)
    before = Post.objects.count()
    response = client.post(reply_url(thread), {"body": body})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Le message est vide." in html or "Ce champ est obligatoire." in html
    assert Post.objects.count() == before


def test_thread_without_subject_is_refused(client, candidate, general):
    client.force_login(candidate)
    response = client.post(
        reverse("forums:thread_create", args=[general.pk]), {"title": " ", "body": "Texte"}
    )
    assert response.status_code == 200
    assert not Thread.objects.filter(forum=general).exists()


def test_reply_to_a_locked_thread_is_refused(client, candidate, thread):
    thread.is_locked = True
    thread.save()
    client.force_login(candidate)
    response = client.post(reply_url(thread), {"body": "Encore une question"})
    assert response.status_code == 403
    assert "Ce sujet est verrouillé" in response.content.decode()
    assert thread.posts.count() == 1


def test_moderator_may_still_answer_in_a_locked_thread(client, coordinator, thread):
    thread.is_locked = True
    thread.save()
    client.force_login(coordinator)
    assert client.post(reply_url(thread), {"body": "Sujet clos, merci."}).status_code == 302


def test_only_staff_post_announcements(client, candidate, trainer, announcements):
    url = reverse("forums:thread_create", args=[announcements.pk])
    client.force_login(candidate)
    response = client.post(url, {"title": "Annonce", "body": "Texte"})
    assert response.status_code == 403
    assert "Vous ne pouvez pas ouvrir de sujet" in response.content.decode()
    client.force_login(trainer)
    assert client.post(url, {"title": "Annonce", "body": "Texte"}).status_code == 302
    thread = Thread.objects.get(forum=announcements)
    client.force_login(candidate)
    assert client.post(reply_url(thread), {"body": "Merci"}).status_code == 403


def test_withdrawn_candidate_reads_but_cannot_post(client, candidate, thread):
    registration = candidate.registrations.get()
    registration.status = "withdrawn"
    registration.save()
    client.force_login(candidate)
    assert client.get(thread.get_absolute_url()).status_code == 200
    assert client.post(reply_url(thread), {"body": "Je reviens"}).status_code == 403
    assert thread.posts.count() == 1


def test_other_centre_cannot_post_and_learns_nothing(client, candidate_other_centre, thread):
    client.force_login(candidate_other_centre)
    assert client.post(reply_url(thread), {"body": "Intrus"}).status_code == 404
    assert thread.posts.count() == 1


def test_author_edits_within_30_minutes(client, candidate, thread):
    post = Post.objects.create(thread=thread, author=candidate, body="<p>Brouillon</p>")
    client.force_login(candidate)
    url = reverse("forums:post_edit", args=[post.pk])
    assert client.post(url, {"body": "Version corrigée"}).status_code == 302
    post.refresh_from_db()
    assert post.body == "<p>Version corrigée</p>" and post.edited_by == candidate
    assert not ModerationAction.objects.exists()  # an author's own edit is not moderation


def test_edit_after_30_minutes_is_refused(client, candidate, thread):
    post = Post.objects.create(
        thread=thread,
        author=candidate,
        body="<p>Ancien</p>",
        created_at=timezone.now() - datetime.timedelta(minutes=31),
    )
    client.force_login(candidate)
    response = client.post(reverse("forums:post_edit", args=[post.pk]), {"body": "Nouveau"})
    assert response.status_code == 403
    assert "30 minutes" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "<p>Ancien</p>"


def test_someone_elses_post_cannot_be_edited(client, other_candidate, candidate, thread):
    post = Post.objects.create(thread=thread, author=candidate, body="<p>À moi</p>")
    client.force_login(other_candidate)
    assert (
        client.post(reverse("forums:post_edit", args=[post.pk]), {"body": "x"}).status_code == 403
    )


def test_moderation_is_audited(
    client, trainer, coordinator, candidate, other_candidate, thread, reports
):
    post = thread.posts.get()
    client.force_login(trainer)
    client.post(reverse("forums:post_edit", args=[post.pk]), {"body": "Texte modéré"})
    client.post(reverse("forums:post_hide", args=[post.pk]), {"hidden": "1"})
    client.post(reverse("forums:thread_moderate", args=[thread.pk]), {"action": "lock"})
    client.post(reverse("forums:thread_moderate", args=[thread.pk]), {"action": "pin"})
    client.force_login(coordinator)
    client.post(reverse("forums:thread_move", args=[thread.pk]), {"forum": reports.pk})
    actions = list(ModerationAction.objects.order_by("pk").values_list("action", "actor__username"))
    assert actions == [
        ("edit", "trainer-a"),
        ("hide", "trainer-a"),
        ("lock", "trainer-a"),
        ("pin", "trainer-a"),
        ("move", "coordinator-a"),
    ]
    assert ModerationAction.objects.get(action="edit").details["previous"].startswith("<p>")
    thread.refresh_from_db()
    assert thread.is_locked and thread.is_pinned and thread.forum == reports

    client.force_login(other_candidate)
    # Moved into the reports forum: the thread is the reporter's and staff's only.
    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(candidate)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "Ce message a été masqué par la modération." in html
    assert "Texte modéré" not in html


def test_unknown_moderation_action_changes_nothing(client, trainer, thread):
    client.force_login(trainer)
    client.post(reverse("forums:thread_moderate", args=[thread.pk]), {"action": "delete"})
    assert not ModerationAction.objects.exists()


def test_move_to_a_forum_one_does_not_moderate_is_refused(
    client, trainer, thread, other_preparation, candidate_other_centre
):
    from tests.forums.factories import forum_of

    foreign = forum_of(other_preparation)
    client.force_login(trainer)
    response = client.post(reverse("forums:thread_move", args=[thread.pk]), {"forum": foreign.pk})
    # trainer teaches centre B's candidates too: the form accepts it; a
    # coordinator of centre A does not moderate it.
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.forum == foreign


def test_coordinator_cannot_move_to_another_centre(
    client, coordinator, thread, other_preparation, candidate_other_centre
):
    from tests.forums.factories import forum_of

    foreign = forum_of(other_preparation)
    client.force_login(coordinator)
    response = client.post(reverse("forums:thread_move", args=[thread.pk]), {"forum": foreign.pk})
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    thread.refresh_from_db()
    assert thread.forum != foreign


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_attachment_checked_by_content_and_served_with_access_check(
    client, media, candidate, other_candidate, candidate_other_centre, thread
):
    client.force_login(candidate)
    client.post(
        reply_url(thread),
        {"body": "Mon plan", "attachments": [SimpleUploadedFile("plan.pdf", PDF, "text/plain")]},
    )
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"
    assert attachment.name == "plan.pdf" and "plan" not in attachment.file.name
    client.force_login(other_candidate)
    response = client.get(attachment.get_absolute_url())
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    client.force_login(candidate_other_centre)
    assert client.get(attachment.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([("script.pdf", b"#!/bin/sh\nrm -rf /\n")], "n’est pas d’un type accepté"),
        (
            [("page.html", b"<html><script>alert(1)</script></html>")],
            "n’est pas d’un type accepté",
        ),
        ([("gros.pdf", PDF + b"0" * (5 * 1024 * 1024))], "est trop volumineux"),
        ([(f"f{i}.png", PNG) for i in range(4)], "3 fichiers au plus par message"),
    ],
    ids=["fake-pdf", "html", "oversize", "too-many"],
)
def test_bad_attachments_are_refused_and_nothing_is_saved(
    client, media, candidate, thread, general, files, message
):
    client.force_login(candidate)
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    response = client.post(reply_url(thread), {"body": "Voici", "attachments": uploads})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert thread.posts.count() == 1 and not Attachment.objects.exists()
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    response = client.post(
        reverse("forums:thread_create", args=[general.pk]),
        {"title": "Avec pièces", "body": "Voici", "attachments": uploads},
    )
    assert response.status_code == 200
    assert not Thread.objects.filter(title="Avec pièces").exists()
    assert not list(media.rglob("*.*")) or not Attachment.objects.exists()


def test_posting_query_count_does_not_grow_with_subscribers(
    client, candidate, thread, django_assert_num_queries
):
    from django.contrib.auth import get_user_model

    from forums.models import Subscription

    client.force_login(candidate)
    client.get(thread.get_absolute_url())  # session warm-up

    def post_reply(text):
        return client.post(reply_url(thread), {"body": text})

    # user (session from the cache), thread with the user's rights, savepoint, thread locked
    # (SELECT FOR UPDATE), post insert, thread counters, read mark, release,
    # rank of the post for the redirect, the outbox row of the delivery task
    # (published after commit).
    with django_assert_num_queries(10):
        assert post_reply("Avec peu d'abonnés").status_code == 302
    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"abonne-{i}", email=f"abonne-{i}@example.fr") for i in range(2000)]
    )
    Subscription.objects.bulk_create([Subscription(user=u, forum=thread.forum) for u in users])
    with django_assert_num_queries(10):
        assert post_reply("Avec 2 000 abonnés").status_code == 302


def test_demo_seed_is_idempotent(candidate, other_candidate, trainer, coordinator):
    from demo import forums as demo

    out = io.StringIO()
    demo.seed(out)
    counts = (Thread.objects.count(), Post.objects.count())
    demo.seed(out)
    assert (Thread.objects.count(), Post.objects.count()) == counts
    titles = set(Thread.objects.values_list("title", flat=True))
    assert "Réunion de rentrée et calendrier de la préparation" in titles
    assert "Lien cassé dans la fiche « Le dépôt légal »" in titles
    assert Post.objects.filter(thread__forum__kind="general").count() >= 4


def test_author_edits_the_text_they_typed_not_html(client, candidate, thread):
    post = Post.objects.create(
        thread=thread, author=candidate, body="<p>Deux<br>lignes</p>", body_text="Deux\nlignes"
    )
    client.force_login(candidate)
    html = client.get(reverse("forums:post_edit", args=[post.pk])).content.decode()
    assert "Deux\nlignes</textarea>" in html


def test_attachment_of_a_hidden_post_is_for_moderators_only(
    client, media, candidate, other_candidate, trainer, thread
):
    post = thread.posts.get()
    attachment = Attachment(
        post=post, name="plan.pdf", content_type="application/pdf", size=len(PDF)
    )
    attachment.file.save("plan.pdf", SimpleUploadedFile("plan.pdf", PDF), save=True)
    post.is_hidden = True
    post.save()
    client.force_login(other_candidate)
    assert client.get(attachment.get_absolute_url()).status_code == 404
    client.force_login(trainer)
    response = client.get(attachment.get_absolute_url())
    assert b"".join(response.streaming_content) == PDF
