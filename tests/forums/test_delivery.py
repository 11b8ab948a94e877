"""Email delivery: exactly once per (post, recipient), daily digest,
one-click unsubscribe (RFC 8058) and the settings page."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forums import services, tasks
from forums.models import Delivery, Forum, Post, Subscription
from tests.forums.factories import make_thread, subscribe
from tests.mail_helpers import outbox

pytestmark = pytest.mark.django_db


def new_post(thread, author, text="Nouveau message"):
    return Post.objects.create(thread=thread, author=author, body=f"<p>{text}</p>", body_text=text)


def unsubscribe_path(message):
    header = message.extra_headers["List-Unsubscribe"]
    return re.search(r"<https?://[^/]+(/[^>]+)>", header).group(1)


def test_subscriptions_are_made_on_enrolment(candidate, preparation, exam_course):
    modes = dict(Subscription.objects.filter(user=candidate).values_list("forum__title", "mode"))
    assert modes["Annonces — Préparation Callisto 2027"] == "immediate"
    assert modes["Signalements — Préparation Callisto 2027"] == "immediate"
    assert modes["Discussion — Préparation Callisto 2027"] == "digest"
    assert modes["Forum du cours — Devenir bibliothécaire"] == "digest"
    assert len(modes) == 6  # 3 of the preparation, 3 courses


def test_a_turned_off_subscription_survives_re_enrolment(candidate, general, preparation):
    from tests.factories import register

    subscribe(candidate, general, "none")
    register(candidate, preparation, "bibliothecaire-externe", "bibliothecaire-interne")
    assert Subscription.objects.get(user=candidate, forum=general).mode == "none"


def test_posting_queues_emails_after_commit(
    client, candidate, other_candidate, general, thread, django_capture_on_commit_callbacks
):
    subscribe(other_candidate, general)
    client.force_login(candidate)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("forums:reply", args=[thread.pk]), {"body": "Bonjour"})
    assert callbacks and not mail.outbox  # nothing sent inside the request
    for callback in callbacks:  # the commit: the task, and the cache renewal
        callback()
    assert [m.to for m in outbox()] == [[other_candidate.email]]


def test_fan_out_sends_one_french_email_per_subscriber_with_unsubscribe_headers(
    candidate, other_candidate, trainer, general, thread
):
    subscribe(other_candidate, general)
    subscribe(trainer, general)
    subscribe(candidate, general)  # the author gets no copy
    post = new_post(thread, candidate, "Je partage mon plan de révision.")
    tasks.fan_out_post.delay(post.pk)
    assert sorted(m.to[0] for m in outbox()) == sorted([other_candidate.email, trainer.email])
    message = outbox()[0]
    assert message.subject == f"[{general.title}] {thread.title}"
    assert "a écrit dans «\xa0Discussion — Préparation Callisto 2027\xa0»" in message.body
    assert "Je partage mon plan de révision." in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_path(message) in message.body
    html = message.alternatives[0][0]
    assert "Ne plus recevoir ces courriels" in html
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}


def test_running_the_tasks_twice_sends_each_email_once(
    candidate, other_candidate, trainer, general, thread
):
    subscribe(other_candidate, general)
    subscribe(trainer, general)
    post = new_post(thread, candidate)
    tasks.fan_out_post.delay(post.pk)
    tasks.fan_out_post.delay(post.pk)
    ids = list(Delivery.objects.values_list("pk", flat=True))
    tasks.send_deliveries.delay(ids)
    assert len(outbox()) == 2
    from core.models import OutgoingEmail

    sent = OutgoingEmail.objects.filter(template="forums/emails/post", status="sent")
    assert sent.count() == 2
    assert Delivery.objects.count() == 2


def test_fan_out_goes_in_batches(monkeypatch, candidate, general, thread):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = User.objects.bulk_create(
        [User(username=f"abonne-{i}", email=f"abonne-{i}@example.fr") for i in range(250)]
    )
    # Subscribed but not members of the preparation: nobody receives anything.
    Subscription.objects.bulk_create([Subscription(user=u, forum=general) for u in users])
    post = new_post(thread, candidate)
    assert tasks.fan_out_post.delay(post.pk).get() == 0
    assert not outbox()

    monkeypatch.setattr(
        "forums.selectors.audience_of", lambda forum, thread=None: User.objects.all()
    )
    batches = services.post_fan_out(post_id=post.pk)
    assert [len(b) for b in batches] == [100, 100, 50]


def test_reports_are_emailed_to_the_reporter_and_staff_only(
    candidate, other_candidate, coordinator, reports, report
):
    subscribe(other_candidate, reports)
    subscribe(coordinator, reports)
    post = new_post(report, coordinator, "Merci, c'est corrigé.")
    tasks.fan_out_post.delay(post.pk)
    assert sorted(m.to[0] for m in outbox()) == sorted([candidate.email])
    outbox().clear()
    post = new_post(report, candidate, "Merci !")
    tasks.fan_out_post.delay(post.pk)
    assert [m.to[0] for m in outbox()] == [coordinator.email]


def test_hidden_post_is_not_sent(candidate, other_candidate, general, thread):
    subscribe(other_candidate, general)
    post = new_post(thread, candidate)
    post.is_hidden = True
    post.save()
    tasks.fan_out_post.delay(post.pk)
    assert not outbox()


def test_daily_digest_in_french_grouped_by_forum_and_thread(
    candidate, other_candidate, trainer, general, announcements, exam_forum
):
    recently = timezone.now() - datetime.timedelta(minutes=5)
    subscribe(other_candidate, general, "digest")
    subscribe(other_candidate, announcements, "digest")
    subscribe(other_candidate, exam_forum, "none")
    Subscription.objects.filter(user=other_candidate).update(
        created_at=recently - datetime.timedelta(days=1)
    )
    t1 = make_thread(general, candidate, "Fiches de lecture", "Qui partage ?", posts=2, at=recently)
    t2 = make_thread(
        general, trainer, "Corrigé de la synthèse", "Le corrigé est en ligne.", at=recently
    )
    make_thread(announcements, trainer, "Réunion de rentrée", "Mardi à 14 h.", at=recently)
    make_thread(general, other_candidate, "Mon propre sujet", "Rien pour moi.", at=recently)
    make_thread(exam_forum, trainer, "Pas abonné", "Hors résumé.", at=recently)

    assert tasks.send_daily_digests.delay().get() >= 1
    digest = [m for m in outbox() if m.to == [other_candidate.email]]
    assert len(digest) == 1
    message = digest[0]
    assert message.subject == "Forums\xa0: 4 nouveaux messages"
    body = message.body
    assert body.index("== Annonces") < body.index("== Discussion")
    assert "Fiches de lecture" in body and "Qui partage ? (1)" in body
    assert "Mon propre sujet" not in body and "Pas abonné" not in body
    assert "Voici ce qui a été écrit dans vos forums" in body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert t1.get_absolute_url() in body and t2.get_absolute_url() in body

    outbox().clear()
    tasks.send_daily_digests.delay()
    tasks.send_digests.delay([other_candidate.pk])
    assert not [m for m in outbox() if m.to == [other_candidate.email]]


def test_digest_skips_posts_already_emailed(candidate, other_candidate, general, thread):
    subscribe(other_candidate, general)
    post = new_post(thread, candidate)
    tasks.fan_out_post.delay(post.pk)
    Subscription.objects.filter(user=other_candidate, forum=general).update(
        mode="digest", created_at=post.created_at - datetime.timedelta(seconds=1)
    )
    outbox().clear()
    assert services.digest_send(user_id=other_candidate.pk) == 0
    assert not outbox()


def test_one_click_unsubscribe_works_without_login_or_csrf(
    candidate, other_candidate, general, thread
):
    subscribe(other_candidate, general)
    tasks.fan_out_post.delay(new_post(thread, candidate).pk)
    path = unsubscribe_path(outbox()[0])
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.get(path)
    assert response.status_code == 200
    assert Subscription.objects.get(user=other_candidate, forum=general).mode == "immediate"
    response = anonymous.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "Désabonnement effectué" in response.content.decode()
    assert Subscription.objects.get(user=other_candidate, forum=general).mode == "none"


def test_announcements_cannot_be_turned_off_by_link(candidate, trainer, announcements):
    token = services.unsubscribe_token(user_id=candidate.pk, forum_id=announcements.pk)
    response = Client().post(reverse("forums:unsubscribe", args=[token]))
    assert "les annonces arrivent désormais dans le résumé quotidien" in response.content.decode()
    assert Subscription.objects.get(user=candidate, forum=announcements).mode == "digest"


def test_digest_link_stops_the_digests_but_not_announcements(candidate, announcements, general):
    subscribe(candidate, announcements, "digest")
    token = services.unsubscribe_token(user_id=candidate.pk, forum_id=None)
    Client().post(reverse("forums:unsubscribe", args=[token]))
    modes = dict(Subscription.objects.filter(user=candidate).values_list("forum__kind", "mode"))
    assert modes["general"] == "none" and modes["announcements"] == "digest"


@pytest.mark.parametrize("mangle", [lambda t: t[:-2] + "xx", lambda t: "abc", lambda t: t + "0"])
def test_tampered_unsubscribe_link_is_refused_in_french(candidate, general, mangle):
    token = mangle(services.unsubscribe_token(user_id=candidate.pk, forum_id=general.pk))
    for method in ("get", "post"):
        response = getattr(Client(), method)(reverse("forums:unsubscribe", args=[token]))
        assert response.status_code == 400
        assert "Ce lien de désabonnement n’est pas valide" in response.content.decode()
    assert Subscription.objects.get(user=candidate, forum=general).mode == "digest"


def test_token_of_one_user_cannot_be_forged_for_another(candidate, other_candidate, general):
    from django.core import signing

    forged = signing.dumps({"u": other_candidate.pk, "f": general.pk}, salt="autre-chose")
    response = Client().post(reverse("forums:unsubscribe", args=[forged]))
    assert response.status_code == 400


def test_settings_page_changes_modes(client, candidate, general, announcements, reports):

    client.force_login(candidate)
    page = client.get(reverse("forums:subscriptions")).content.decode()
    assert "Courriels des forums" in page and "résumé quotidien" in page
    data = {
        f"forum_{f.pk}": "immediate"
        for f, _s in __import__("forums.selectors", fromlist=["x"]).subscriptions_of(candidate)
    }
    data[f"forum_{general.pk}"] = "none"
    data[f"forum_{announcements.pk}"] = "digest"
    response = client.post(reverse("forums:subscriptions"), data)
    assert response.status_code == 302
    assert Subscription.objects.get(user=candidate, forum=general).mode == "none"
    assert Subscription.objects.get(user=candidate, forum=announcements).mode == "digest"


def test_settings_page_refuses_turning_announcements_off(client, candidate, general, announcements):
    client.force_login(candidate)
    from forums.selectors import subscriptions_of

    data = {f"forum_{f.pk}": "none" for f, _s in subscriptions_of(candidate)}
    response = client.post(reverse("forums:subscriptions"), data)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert Subscription.objects.get(user=candidate, forum=general).mode == "digest"
    assert Subscription.objects.get(user=candidate, forum=announcements).mode == "immediate"


def test_subscription_service_refuses_announcements_off(candidate, announcements):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.subscription_set_mode(actor=candidate, forum=announcements, mode="none")


def test_forums_digest_is_in_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["forums-daily-digest"]
    assert entry["task"] == "forums.tasks.send_daily_digests"
    assert entry["schedule"].hour == {7}


def test_forum_is_created_unique_per_kind(preparation, candidate):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Forum.objects.create(preparation=preparation, kind="general", title="Doublon")


def test_digest_holds_no_one_elses_report(candidate, other_candidate, trainer, reports, report):
    subscribe(other_candidate, reports, "digest")
    subscribe(trainer, reports, "digest")
    Subscription.objects.filter(forum=reports).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert services.digest_send(user_id=other_candidate.pk) == 0
    assert services.digest_send(user_id=trainer.pk) == 1
    assert "Lien cassé" in outbox()[-1].body
