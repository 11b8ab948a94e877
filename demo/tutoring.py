"""Demo tutoring data between ``candidat`` and ``tuteur`` (idempotent): a
theme closed after two exchanges, one waiting for the tutor, a reminder and
the first interview. Needs the courses demo (the registration with a tutor);
skipped without it."""

import datetime

from django.utils import timezone

from courses import api as courses_api
from tutoring import services
from tutoring.models import Interview, Reminder, Thread


def _registration():
    return (
        courses_api.Registration.objects.filter(
            candidate__username="candidat",
            tutor__username="tuteur",
            status=courses_api.Registration.Status.ACTIVE,
            preparation__mode=courses_api.Preparation.Mode.CALLISTO,
        )
        .select_related("candidate", "tutor")
        .first()
    )


def seed(stdout) -> None:
    registration = _registration()
    if registration is None:
        stdout.write("tutoring: no Callisto registration of 'candidat' with 'tuteur', skipped")
        return
    candidate, tutor = registration.candidate, registration.tutor
    closed_title = "Méthode de la note de synthèse"
    if not Thread.objects.filter(registration=registration, title=closed_title).exists():
        thread = services.thread_open(
            actor=candidate,
            title=closed_title,
            body="Bonjour, combien de documents faut-il exploiter dans une note de synthèse ?",
        )
        services.message_post(
            actor=tutor,
            thread=thread,
            body="Bonjour Camille, tous les documents du dossier doivent être exploités, "
            "même brièvement. Commencez par un tableau de confrontation.",
        )
        services.message_post(
            actor=candidate,
            thread=thread,
            body="Merci ! Le tableau doit-il figurer dans la copie ?",
        )
        services.message_post(
            actor=tutor,
            thread=thread,
            body="Non, c'est un outil de travail au brouillon. Bon courage !",
        )
    open_title = "Organisation des révisions"
    if not Thread.objects.filter(registration=registration, title=open_title).exists():
        services.thread_open(
            actor=candidate,
            title=open_title,
            body="Je travaille à temps plein : combien d'heures par semaine prévoir ?",
        )
    if not Reminder.objects.filter(registration=registration).exists():
        services.reminder_send(
            actor=tutor,
            registration=registration,
            template=Reminder.Template.MISSING_COPY,
            message="N'hésitez pas à m'écrire si le sujet vous pose difficulté.",
        )
    if not Interview.objects.filter(registration=registration).exists():
        services.interview_save(
            actor=tutor,
            registration=registration,
            held_on=timezone.localdate() - datetime.timedelta(days=20),
            by_email=True,
            by_video=True,
            goals="Réussir le concours de bibliothécaire externe cette année.",
            notes="Travaille à temps plein ; disponible le soir et le week-end.",
        )
    stdout.write("tutoring: demo threads, reminder and first interview ready")
