"""Demo forums (idempotent): for each preparation with candidates, its
forums and subscriptions, a pinned announcement, a lively discussion and a
report thread, in French. Runs after ``demo.courses``; does nothing when
there is no preparation yet."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.api import Registration
from forums import services
from forums.models import Forum, Post, Thread
from forums.richtext import sanitise, to_text

ANNOUNCEMENT = (
    "Réunion de rentrée et calendrier de la préparation",
    [
        "Bonjour à toutes et à tous,\n\nLa réunion de rentrée aura lieu en visioconférence "
        "le mardi 15 septembre à 14 h. Le calendrier de la formation est disponible dans "
        "« Les incontournables » de chaque cours.\n\nBonne préparation !",
    ],
)
DISCUSSION = (
    "Comment organisez-vous vos révisions pour la note de synthèse ?",
    [
        "Bonjour,\n\nJe découvre l'épreuve de note de synthèse et je me demande comment "
        "vous vous organisez : une synthèse chronométrée par semaine, ou plutôt des fiches "
        "par thème ?",
        "Pour ma part, je fais une synthèse complète le samedi matin en 4 heures, "
        "dans les conditions de l'épreuve. Le reste de la semaine, je lis la presse "
        "professionnelle (Bulletin des bibliothèques de France, Archimag).",
        "Bonne méthode ! Pensez aussi à relire les rapports du jury : ils donnent les "
        "attentes précises sur le plan et l'introduction. Je publierai un corrigé commenté "
        "la semaine prochaine.",
        "Merci pour le conseil sur les rapports du jury, je ne les avais pas encore lus. "
        "Quelqu'un veut-il échanger ses copies pour une relecture croisée ?",
    ],
)
REPORT = (
    "Lien cassé dans la fiche « Le dépôt légal »",
    [
        "Bonjour,\n\nLe lien vers le site de la BnF dans la fiche « Le dépôt légal » "
        "renvoie une erreur 404.",
        "Merci pour ce signalement : le lien est corrigé et la fiche a été relue.",
    ],
)


def _thread(forum, title, authors, bodies, *, start, pinned=False):
    thread, created = Thread.objects.get_or_create(
        forum=forum,
        title=title,
        defaults={
            "author": authors[0],
            "created_at": start,
            "last_post_at": start,
            "is_pinned": pinned,
        },
    )
    if not created:
        return thread
    when = start
    for i, body in enumerate(bodies):
        safe = sanitise(body)
        Post.objects.create(
            thread=thread,
            author=authors[i % len(authors)],
            body=safe,
            body_text=to_text(safe),
            created_at=when,
        )
        when += datetime.timedelta(hours=5)
    thread.post_count = len(bodies)
    thread.last_post_at = when - datetime.timedelta(hours=5)
    thread.save(update_fields=["post_count", "last_post_at"])
    return thread


def seed(stdout) -> None:
    registrations = list(
        Registration.objects.select_related("preparation__centre", "candidate").order_by("pk")
    )
    if not registrations:
        stdout.write("forums: no preparation yet, no demo forum.")
        return
    for registration in registrations:
        course_ids = registration.enrolments.values_list("course_id", flat=True)
        services.subscriptions_on_enrolment(registration=registration, course_ids=course_ids)
    User = get_user_model()
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    demo_trainer = User.objects.filter(username="formateur").first()
    start = timezone.now() - datetime.timedelta(days=6)
    for preparation in {r.preparation for r in registrations}:
        candidates = [r.candidate for r in registrations if r.preparation == preparation]
        staff = preparation.centre.coordinators.order_by("pk").first() or admin
        trainer = demo_trainer or staff
        forums = {f.kind: f for f in Forum.objects.filter(preparation=preparation)}
        people = [*candidates, trainer] if trainer else candidates
        if staff:
            _thread(
                forums[Forum.Kind.ANNOUNCEMENTS],
                ANNOUNCEMENT[0],
                [staff],
                ANNOUNCEMENT[1],
                start=start,
                pinned=True,
            )
        order = [people[0], *(candidates[1:2] or []), *([trainer] if trainer else []), people[0]]
        _thread(
            forums[Forum.Kind.GENERAL],
            DISCUSSION[0],
            order,
            DISCUSSION[1],
            start=start + datetime.timedelta(days=1),
        )
        _thread(
            forums[Forum.Kind.REPORTS],
            REPORT[0],
            [candidates[0], *([staff] if staff else [])],
            REPORT[1],
            start=start + datetime.timedelta(days=2),
        )
    stdout.write("forums: announcements, discussions and reports ready.")
