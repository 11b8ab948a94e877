"""Demo calendar for the 2026-2027 preparations (idempotent): the opening
meeting in September, methodology classes, the monthly workshops of "Les
Ateliers" and the dates of the written and oral tests."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from calendar_app.models import Event, WorkshopRegistration
from courses import api as courses_api

PARIS = ZoneInfo("Europe/Paris")


def _at(y, m, d, hour, minute=0):
    return datetime.datetime(y, m, d, hour, minute, tzinfo=PARIS)


# (kind, title, start, duration in hours, place / description)
PREPARATION_EVENTS = [
    (
        "welcome",
        "Réunion de rentrée",
        _at(2026, 9, 17, 9, 30),
        3,
        "Présentation de la préparation, du calendrier et de la plateforme Callisto.",
    ),
    (
        "methodology",
        "Méthodologie : la note de synthèse",
        _at(2026, 10, 8, 14),
        3,
        "Lire un dossier documentaire, construire un plan, rédiger en temps limité.",
    ),
    (
        "methodology",
        "Méthodologie : la composition de culture générale",
        _at(2026, 11, 5, 14),
        3,
        "Analyser le sujet, problématiser, bâtir un plan en deux ou trois parties.",
    ),
    (
        "methodology",
        "Méthodologie : le questionnaire professionnel",
        _at(2026, 12, 3, 14),
        2,
        "Répondre avec précision et concision aux questions sur les bibliothèques.",
    ),
    (
        "other",
        "Concours blanc : épreuve écrite",
        _at(2027, 1, 14, 9),
        4,
        "Sujet de note de synthèse en conditions réelles, corrigé par les formateurs.",
    ),
    (
        "methodology",
        "Méthodologie : l'entretien avec le jury",
        _at(2027, 2, 4, 14),
        3,
        "Se présenter en cinq minutes, répondre aux questions, simulations d'oral.",
    ),
    (
        "written_exam",
        "Épreuves écrites d'admissibilité",
        _at(2027, 3, 16, 9),
        4,
        "Convocation envoyée par le centre organisateur ; pièce d'identité obligatoire.",
    ),
    (
        "oral_exam",
        "Épreuves orales d'admission",
        _at(2027, 5, 25, 9),
        8,
        "Les horaires de passage sont donnés par la convocation individuelle.",
    ),
]

WORKSHOP_THEMES = [
    ("general_culture", "L'actualité culturelle de la rentrée"),
    ("administration", "L'organisation administrative de l'État"),
    ("professional_culture", "Les politiques de lecture publique"),
    ("general_culture", "Le livre et ses métiers"),
    ("administration", "La fonction publique et ses statuts"),
    ("professional_culture", "Le numérique en bibliothèque"),
    ("general_culture", "Les grands débats de société"),
    ("administration", "Les collectivités territoriales"),
    ("professional_culture", "Publics et médiation"),
]


def _first_thursday(year, month):
    day = datetime.date(year, month, 1)
    while day.weekday() != 3:
        day += datetime.timedelta(days=1)
    return day


def _seed_preparation(preparation) -> int:
    created = 0
    for kind, title, start, hours, text in PREPARATION_EVENTS:
        if not (preparation.opens_on <= start.date() <= preparation.closes_on):
            continue
        remote = preparation.mode == courses_api.Preparation.Mode.CALLISTO
        _event, new = Event.objects.get_or_create(
            preparation=preparation,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=hours),
                "description": text,
                "place": "" if remote else f"{preparation.centre.name}, salle de formation",
                "video_url": "https://visio.callisto.example.fr/preparation" if remote else "",
            },
        )
        created += new
    return created


# A regional preparation's own workshops (its centre runs them, in its rooms):
# the national workshops of "Les Ateliers" are for Callisto candidates only.
CENTRE_WORKSHOPS = [
    (
        "Atelier du centre : entraînement à l'oral",
        _at(2027, 4, 15, 14),
        3,
        "Simulations d'entretien avec le jury, en petit groupe, avec les formateurs du centre.",
    ),
]


def _seed_centre_workshops(preparation) -> int:
    if preparation.mode != courses_api.Preparation.Mode.REGIONAL:
        return 0
    created = 0
    for title, start, hours, text in CENTRE_WORKSHOPS:
        _event, new = Event.objects.get_or_create(
            preparation=preparation,
            title=title,
            defaults={
                "kind": "workshop",
                "theme": "professional_culture",
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=hours),
                "description": text,
                "place": f"{preparation.centre.name}, salle de formation",
                "capacity": 12,
            },
        )
        created += new
    return created


def _seed_workshops() -> int:
    ateliers = courses_api.Course.objects.filter(kind="ateliers").order_by("pk").first()
    if ateliers is None:
        return 0
    section, _new = ateliers.sections.get_or_create(
        title="Les ateliers du mois",
        defaults={
            "position": 50,
            "summary": "Une heure par mois en visioconférence, sur inscription : "
            "administration, culture générale, culture professionnelle.",
        },
    )
    created = 0
    months = [(2026, m) for m in (10, 11, 12)] + [(2027, m) for m in (1, 2, 3, 4, 5, 6)]
    for index, ((year, month), (theme, subject)) in enumerate(
        zip(months, WORKSHOP_THEMES, strict=True)
    ):
        title = f"Atelier : {subject[0].lower()}{subject[1:]}"
        activity, _new = courses_api.Activity.objects.get_or_create(
            course=ateliers,
            section=section,
            title=title,
            defaults={
                "kind": "workshop",
                "completion_rule": "attendance",
                "position": 100 + index,
                "body": "<p>Séance d'une heure en visioconférence, sur inscription.</p>",
            },
        )
        day = _first_thursday(year, month)
        start = _at(day.year, day.month, day.day, 18)
        _event, new = Event.objects.get_or_create(
            course=ateliers,
            title=title,
            defaults={
                "kind": "workshop",
                "theme": theme,
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=1),
                "description": "Une heure d'échanges avec un formateur, "
                "sur inscription, en visioconférence.",
                "video_url": f"https://visio.callisto.example.fr/atelier-{year}-{month:02d}",
                "capacity": 25,
                "activity": activity,
            },
        )
        created += new
    # The mock oral of "Les Ateliers" (a workshop activity of the course).
    oral = ateliers.activities.filter(kind="workshop", title="Séance : oral blanc").first()
    if oral is not None:
        start = _at(2027, 4, 8, 14)
        _event, new = Event.objects.get_or_create(
            course=ateliers,
            activity=oral,
            defaults={
                "kind": "workshop",
                "theme": "professional_culture",
                "title": "Oral blanc avec deux formateurs",
                "starts_at": start,
                "ends_at": start + datetime.timedelta(hours=3),
                "video_url": "https://visio.callisto.example.fr/oral-blanc",
                "capacity": 6,
            },
        )
        created += new
    return created


def _seed_past_attendance(candidate, workshops) -> None:
    """The workshops already held: ``candidat`` registered to each and marked
    present by ``formateur`` (so each activity is completed, as after a real
    session); ``candidat-nouveau`` registered to the latest then cancelled,
    so that "Mes ateliers" shows a past session with its registrants and
    attendance."""
    from django.contrib.auth import get_user_model

    from calendar_app import services

    trainer = get_user_model().objects.filter(username="formateur").first()
    # National workshops are for Callisto candidates: the cancelled
    # registration is a Callisto candidate's.
    regional = get_user_model().objects.filter(username="candidat-nouveau").first()
    past = list(workshops.filter(ends_at__lt=timezone.now()).order_by("-starts_at"))
    if not past or trainer is None or candidate is None:
        return
    for event in past:
        WorkshopRegistration.objects.get_or_create(
            event=event, user=candidate, defaults={"created_at": event.starts_at - DAY * 6}
        )
    if regional is not None:
        WorkshopRegistration.objects.get_or_create(
            event=past[0],
            user=regional,
            defaults={
                "created_at": past[0].starts_at - DAY * 9,
                "cancelled_at": past[0].starts_at - DAY * 2,
            },
        )
    for event in past:
        if services.permissions.can_manage_event(trainer, event):
            services.workshop_record_attendance(
                actor=trainer, event=event, attended_user_ids=[candidate.pk]
            )


DAY = datetime.timedelta(days=1)


def seed(stdout) -> None:
    from django.contrib.auth import get_user_model

    preparations = courses_api.Preparation.objects.filter(session_year=2027).select_related(
        "centre"
    )
    created = sum(_seed_preparation(p) + _seed_centre_workshops(p) for p in preparations)
    created += _seed_workshops()
    candidate = get_user_model().objects.filter(username="candidat").first()
    workshops = Event.objects.filter(kind="workshop").order_by("starts_at")
    workshop = workshops.filter(starts_at__gte=timezone.now()).first() or workshops.first()
    if candidate is not None and workshop is not None:
        WorkshopRegistration.objects.get_or_create(event=workshop, user=candidate)
    _seed_past_attendance(candidate, workshops)
    stdout.write(f"calendar: {created} events created")
