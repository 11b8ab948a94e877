"""The notification centre: the bell's count, the page, read on visit, each
person's own rows only, and every channel of "Mon compte" obeyed."""

import pytest
from django.core import mail
from django.urls import reverse

from assignments import services as assignment_services
from courses.models import Registration
from forums.models import Forum, Subscription
from notifications.models import Notification, Preference
from notifications.services import digest_send, notify
from notifications.tasks import send_daily_digests
from tests.assignments.factories import AssignmentFactory, pdf_upload
from tutoring.models import Reminder
from tutoring.services import message_post, reminder_send, thread_open

pytestmark = pytest.mark.django_db

URL = "/notifications/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _choose(user, kind, channel):
    Preference.objects.update_or_create(user=user, kind=kind, defaults={"channel": channel})


@pytest.fixture
def return_copy(exam_course, trainer, candidate, django_capture_on_commit_callbacks):
    """Hand in and return a copy of ``candidate``; the emails it sends."""

    def _return():
        assignment = AssignmentFactory(course=exam_course, title="Note de synthèse n° 2")
        (file,) = assignment_services.submission_upload(
            actor=candidate, assignment=assignment, uploads=[pdf_upload("copie.pdf")]
        )
        submission = assignment_services.submission_hand_in(
            actor=candidate, submission=file.submission, statement="oui"
        )
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            assignment_services.feedback_save(
                actor=trainer, submission=submission, grade="13,5", return_now=True
            )
        return submission

    return _return


def _returned_emails():
    return [m for m in mail.outbox if "rendue" in m.subject or "corrigée" in m.subject]


def test_returned_copy_rings_the_bell_and_is_listed(client, candidate, return_copy):
    submission = return_copy()
    client.force_login(candidate)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'aria-label="Notifications\xa0: 1 non lue"' in html
    page = client.get(URL).content.decode()
    assert "Copie rendue\xa0: Note de synthèse n° 2" in page
    assert f'href="{submission.get_absolute_url()}"' in page
    assert "1 nouvelle notification depuis votre dernière visite." in page
    # The visit of the page read it: the bell is back to 0.
    html = client.get(reverse("dashboard")).content.decode()
    assert 'aria-label="Notifications\xa0: 0 non lue"' in html
    assert "Rien de nouveau depuis votre dernière visite." in client.get(URL).content.decode()


def test_opening_the_object_reads_its_notification(client, candidate, return_copy):
    submission = return_copy()
    client.force_login(candidate)
    client.get(submission.get_absolute_url())
    assert not Notification.objects.filter(user=candidate, read_at__isnull=True).exists()
    candidate.refresh_from_db()
    assert candidate.unread_notifications == 0


def test_a_person_sees_only_their_own_notifications(
    client, candidate, other_candidate, return_copy
):
    return_copy()
    client.force_login(other_candidate)
    page = client.get(URL).content.decode()
    assert "Note de synthèse n° 2" not in page
    assert "Vous n’avez encore aucune notification." in page
    html = client.get(reverse("dashboard")).content.decode()
    assert 'aria-label="Notifications\xa0: 0 non lue"' in html
    # Their visit read nothing of the candidate's.
    assert Notification.objects.get(user=candidate).read_at is None


def test_anonymous_is_sent_to_the_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/connexion/" in response.url


def test_the_count_says_many_in_french_and_caps_the_badge(client, candidate):
    for i in range(120):
        notify(user_ids=[candidate.pk], kind="announcement", title=f"Annonce {i}", url="/")
    client.force_login(candidate)
    html = client.get(reverse("dashboard")).content.decode()
    assert 'aria-label="Notifications\xa0: 120 non lues"' in html
    assert ">99+<" in html


# --- Every channel of "Mon compte" changes what is sent ---------------------------


def test_copy_returned_email_at_once_by_default(candidate, return_copy):
    return_copy()
    assert [m.to for m in _returned_emails()] == [[candidate.email]]


def test_copy_returned_on_the_site_only_sends_no_email(candidate, return_copy):
    _choose(candidate, "copy_returned", "in_site")
    return_copy()
    assert _returned_emails() == []
    assert Notification.objects.filter(user=candidate, kind="copy_returned").exists()
    send_daily_digests()
    assert not [m for m in mail.outbox if "notification" in m.subject]


def test_copy_returned_in_the_daily_digest(
    candidate, return_copy, django_capture_on_commit_callbacks
):
    _choose(candidate, "copy_returned", "digest")
    return_copy()
    assert _returned_emails() == []
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 1
    (digest,) = [m for m in mail.outbox if "notification" in m.subject]
    assert digest.to == [candidate.email]
    assert digest.subject == "Callisto\xa0: 1 notification aujourd’hui"
    assert "Copie rendue\xa0: Note de synthèse n° 2" in digest.body
    # Twice the task: nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert send_daily_digests() == 0
    assert len([m for m in mail.outbox if "notification" in m.subject]) == 1


@pytest.fixture
def answered(candidate, tutor, django_capture_on_commit_callbacks):
    def _answer():
        with django_capture_on_commit_callbacks(execute=True):
            thread = thread_open(actor=candidate, title="Oral", body="Comment préparer l’oral ?")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            message_post(actor=tutor, thread=thread, body="Entraînez-vous à voix haute.")
        return thread

    return _answer


def test_tutor_answer_emailed_by_default(candidate, answered):
    answered()
    assert [m.to for m in mail.outbox] == [[candidate.email]]
    assert Notification.objects.filter(user=candidate, kind="tutor_answered").count() == 1


@pytest.mark.parametrize("channel", ["in_site", "digest"])
def test_tutor_answer_not_emailed_at_once_otherwise(candidate, answered, channel):
    _choose(candidate, "tutor_answered", channel)
    answered()
    assert mail.outbox == []
    note = Notification.objects.get(user=candidate, kind="tutor_answered")
    assert note.channel == channel
    assert digest_send(user_id=candidate.pk) == (1 if channel == "digest" else 0)


def test_opening_the_thread_reads_the_answer(client, candidate, answered):
    thread = answered()
    client.force_login(candidate)
    client.get(reverse("tutoring:thread", args=[thread.pk]))
    assert not Notification.objects.filter(user=candidate, read_at__isnull=True).exists()


@pytest.mark.parametrize(("channel", "status"), [("immediate", "sent"), ("in_site", "not_emailed")])
def test_reminder_channel_is_obeyed(
    candidate, tutor, channel, status, django_capture_on_commit_callbacks
):
    _choose(candidate, "reminder", channel)
    registration = Registration.objects.get(candidate=candidate)
    with django_capture_on_commit_callbacks(execute=True):
        reminder = reminder_send(actor=tutor, registration=registration, template="inactive")
    reminder.refresh_from_db()
    assert reminder.status == status
    assert len(mail.outbox) == (1 if status == "sent" else 0)
    assert Notification.objects.filter(user=candidate, kind="reminder").exists()
    assert Reminder.objects.count() == 1


def _discussion_forum(candidate):
    return Forum.objects.filter(kind=Forum.Kind.GENERAL, subscriptions__user=candidate).first()


@pytest.mark.parametrize(
    ("channel", "mode"), [("in_site", "none"), ("immediate", "immediate"), ("digest", "digest")]
)
def test_forum_channel_in_my_account_sets_the_discussion_subscriptions(
    client, candidate, channel, mode
):
    client.force_login(candidate)
    response = client.post(
        reverse("accounts:settings"),
        {
            "profile-first_name": "Camille",
            "profile-last_name": "Durand",
            "prefs-contact_by_email": "on",
            "notif-forum": channel,
        },
    )
    assert response.status_code == 302
    discussions = Subscription.objects.filter(user=candidate, forum__kind=Forum.Kind.GENERAL)
    assert discussions.exists()
    assert set(discussions.values_list("mode", flat=True)) == {mode}
    # Announcements keep their own channel (at once by default).
    announcements = Subscription.objects.filter(
        user=candidate, forum__kind=Forum.Kind.ANNOUNCEMENTS
    )
    assert set(announcements.values_list("mode", flat=True)) <= {"immediate"}


def test_forum_on_the_site_only_sends_no_email_for_a_new_discussion(
    candidate, other_candidate, django_capture_on_commit_callbacks
):
    from forums.services import subscriptions_apply_channels, thread_create

    subscriptions_apply_channels(user_id=candidate.pk, changed={"forum": "in_site"})
    forum = _discussion_forum(candidate)
    Subscription.objects.filter(user=other_candidate).delete()
    with django_capture_on_commit_callbacks(execute=True):
        thread_create(actor=other_candidate, forum=forum, title="Fiches", body="<p>Qui en a ?</p>")
    assert [m for m in mail.outbox if candidate.email in m.to] == []


def test_announcement_digest_channel_moves_the_announcements_to_the_digest(client, candidate):
    client.force_login(candidate)
    client.post(
        reverse("accounts:settings"),
        {
            "profile-first_name": "Camille",
            "profile-last_name": "Durand",
            "prefs-contact_by_email": "on",
            "notif-announcement": "digest",
        },
    )
    announcements = Subscription.objects.filter(
        user=candidate, forum__kind=Forum.Kind.ANNOUNCEMENTS
    )
    assert announcements.exists()
    assert set(announcements.values_list("mode", flat=True)) == {"digest"}


def test_announcements_cannot_be_set_to_the_site_only(client, candidate):
    client.force_login(candidate)
    response = client.post(
        reverse("accounts:settings"),
        {"profile-first_name": "C", "profile-last_name": "D", "notif-announcement": "in_site"},
    )
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    assert not Preference.objects.filter(user=candidate).exists()


def test_every_kind_is_offered_in_my_account(client, candidate):
    client.force_login(candidate)
    html = client.get(reverse("accounts:settings")).content.decode()
    for label in (
        "Copie rendue",
        "Réponse de votre tuteur",
        "Annonce",
        "Relance de votre tuteur",
        "Échéance dans 48 heures",
        "Atelier qui commence",
        "Signalement d’erreur traité",
        "Discussions des forums",
        "Sur le site seulement",
        "Courriel immédiat",
        "Résumé quotidien par courriel",
    ):
        assert label in html, label


def test_report_answer_on_the_site_only_sends_no_email(
    candidate, producer, courses, django_capture_on_commit_callbacks
):
    from content.models import ErrorReport
    from content.services import error_report_answer
    from courses.models import Activity

    activity = Activity.objects.filter(course=courses["bibliothecaire"]).first()
    if activity is None:
        pytest.skip("no activity in the standard courses")
    report = ErrorReport.objects.create(
        activity=activity, reporter=candidate, text="Lien cassé ici"
    )
    _choose(candidate, "report_answered", "in_site")
    with django_capture_on_commit_callbacks(execute=True):
        error_report_answer(actor=producer, report=report, status="resolved", answer="Corrigé.")
    assert mail.outbox == []
    assert Notification.objects.filter(user=candidate, kind="report_answered").exists()
    _choose(candidate, "report_answered", "immediate")
    with django_capture_on_commit_callbacks(execute=True):
        error_report_answer(
            actor=producer, report=report, status="resolved", answer="Vraiment corrigé."
        )
    assert [m.to for m in mail.outbox] == [[candidate.email]]


def _settings_shown(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("accounts:settings")).content.decode()


def test_my_account_shows_each_person_the_kinds_they_can_receive(
    client, candidate, candidate_other_centre, trainer
):
    """Every setting shown changes what the person gets: a candidate is never
    asked how to hear of a request to the trainers, a candidate without a
    tutor (regional) of their tutor's answers."""
    tutored = _settings_shown(client, candidate)
    assert "Un candidat sollicite les formateurs" not in tutored
    assert "Réponse de votre tuteur" in tutored
    assert "Copie rendue" in tutored
    regional = _settings_shown(client, candidate_other_centre)
    assert "Réponse de votre tuteur" not in regional
    assert "Relance de votre tuteur" not in regional
    assert "Copie rendue" in regional
    assert "Un candidat sollicite les formateurs" in _settings_shown(client, trainer)


def test_a_kind_not_shown_keeps_its_channel(client, candidate):
    Preference.objects.create(user=candidate, kind="trainer_asked", channel="digest")
    client.force_login(candidate)
    response = client.post(
        reverse("accounts:settings"),
        {"notif-trainer_asked": "in_site", "notif-copy_returned": "in_site"},
    )
    assert response.status_code in (200, 302)
    assert Preference.objects.get(user=candidate, kind="trainer_asked").channel == "digest"
