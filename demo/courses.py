# ruff: noqa: RUF001 - French prose uses the typographic apostrophe
"""Demo courses, preparations and registrations (after ``demo.accounts``).
Idempotent: every row is found by its natural key and refreshed."""

import datetime

from django.utils import timezone

from accounts.api import Centre, User
from courses.models import (
    Activity,
    Completion,
    Course,
    Exam,
    ExamFamily,
    LastVisit,
    Preparation,
    Section,
    SupportRequest,
)
from courses.services import register_candidate, staff_role_ensure
from demo.texts import sheet

REVIEWED = datetime.date(2026, 9, 1)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


# kind, title, body or url, completion rule (the fiches' text: demo/data/courses/sheets, by title)
COURSES = [
    {
        "slug": "les-fondamentaux",
        "title": "Les Fondamentaux",
        "kind": Course.Kind.FONDAMENTAUX,
        "position": 1,
        "summary": "Les connaissances communes à tous les concours des bibliothèques : "
        "administration, bibliothéconomie, culture générale.",
        "sections": [
            (
                "Les incontournables",
                True,
                [
                    (
                        "sheet",
                        "Bienvenue dans Les Fondamentaux",
                        sheet("Bienvenue dans Les Fondamentaux"),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Méthodologie : organiser ses révisions",
                        sheet("Méthodologie : organiser ses révisions"),
                        "view",
                    ),
                ],
            ),
            (
                "Administration et fonction publique",
                False,
                [
                    (
                        "sheet",
                        "Les trois versants de la fonction publique",
                        sheet("Les trois versants de la fonction publique"),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Le statut du fonctionnaire : droits et obligations",
                        sheet("Le statut du fonctionnaire : droits et obligations"),
                        "manual",
                    ),
                    (
                        "sheet",
                        "L’organisation territoriale et la lecture publique",
                        sheet("L’organisation territoriale et la lecture publique"),
                        "manual",
                    ),
                ],
            ),
            (
                "Bibliothéconomie",
                False,
                [
                    (
                        "sheet",
                        "Les missions des bibliothèques : la loi du 21 décembre 2021",
                        sheet("Les missions des bibliothèques : la loi du 21 décembre 2021"),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Le circuit du document",
                        sheet("Le circuit du document"),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Catalogage : la Transition bibliographique",
                        sheet("Catalogage : la Transition bibliographique"),
                        "manual",
                    ),
                    (
                        "link",
                        "Le Sudoc, catalogue collectif de l’enseignement supérieur",
                        "https://www.sudoc.abes.fr/",
                        "view",
                    ),
                    ("audio", "Podcast : une journée en bibliothèque universitaire", "", "manual"),
                ],
            ),
            (
                "Culture générale",
                False,
                [
                    (
                        "sheet",
                        "Les politiques culturelles depuis 1959",
                        sheet("Les politiques culturelles depuis 1959"),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Le numérique et l’accès aux savoirs",
                        sheet("Le numérique et l’accès aux savoirs"),
                        "manual",
                    ),
                    ("quiz", "Quiz : les institutions culturelles", "", "quiz_pass"),
                ],
            ),
        ],
    },
    {
        "slug": "les-ateliers",
        "title": "Les Ateliers",
        "kind": Course.Kind.ATELIERS,
        "position": 2,
        "summary": "Méthodologie des épreuves et entraînement : note de synthèse, "
        "composition, oral.",
        "sections": [
            (
                "Les incontournables",
                True,
                [
                    (
                        "sheet",
                        "Comment se déroulent les ateliers",
                        sheet("Comment se déroulent les ateliers"),
                        "manual",
                    ),
                ],
            ),
            (
                "La note de synthèse",
                False,
                [
                    (
                        "sheet",
                        "Méthodologie de la note de synthèse",
                        sheet("Méthodologie de la note de synthèse"),
                        "manual",
                    ),
                    (
                        "assignment",
                        "Devoir : note de synthèse n° 1",
                        _p(
                            "À partir du dossier joint (six documents, sept pages) sur "
                            "l’accessibilité des bibliothèques aux personnes en situation de "
                            "handicap, rédigez une note de synthèse de quatre pages au plus. "
                            "Temps conseillé : 4 heures."
                        ),
                        "submission",
                    ),
                ],
            ),
            (
                "L’épreuve orale",
                False,
                [
                    (
                        "sheet",
                        "Préparer l’entretien avec le jury",
                        sheet("Préparer l’entretien avec le jury"),
                        "manual",
                    ),
                    (
                        "workshop",
                        "Séance : oral blanc",
                        _p("Un oral blanc en visioconférence avec deux formateurs."),
                        "attendance",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "raep",
        "title": "RAEP",
        "kind": Course.Kind.RAEP,
        "position": 3,
        "summary": "Le dossier de reconnaissance des acquis de l’expérience professionnelle, "
        "pour les concours internes et examens professionnels.",
        "sections": [
            (
                "Les incontournables",
                True,
                [
                    (
                        "sheet",
                        "Qu’est-ce que le dossier RAEP ?",
                        sheet("Qu’est-ce que le dossier RAEP ?"),
                        "manual",
                    ),
                ],
            ),
            (
                "Rédiger son dossier",
                False,
                [
                    (
                        "sheet",
                        "Décrire son parcours professionnel",
                        sheet("Décrire son parcours professionnel"),
                        "manual",
                    ),
                    ("forum", "Forum d’entraide RAEP", "", "none"),
                ],
            ),
        ],
    },
    {
        "slug": "devenir-bibliothecaire",
        "title": "Devenir bibliothécaire",
        "kind": Course.Kind.EXAM,
        "family": "bibliothecaire",
        "position": 10,
        "summary": "Le concours de bibliothécaire d’État : épreuves, attendus du jury, "
        "entraînement.",
        "sections": [
            (
                "Les incontournables",
                True,
                [
                    (
                        "sheet",
                        "Le concours de bibliothécaire : épreuves et coefficients",
                        sheet("Le concours de bibliothécaire : épreuves et coefficients"),
                        "manual",
                    ),
                    (
                        "link",
                        "Le calendrier officiel des concours",
                        "https://www.enseignementsup-recherche.gouv.fr/",
                        "view",
                    ),
                ],
            ),
            (
                "Épreuves écrites",
                False,
                [
                    (
                        "sheet",
                        "La note de synthèse au concours de bibliothécaire",
                        sheet("La note de synthèse au concours de bibliothécaire"),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Les bibliothèques universitaires et la science ouverte",
                        sheet("Les bibliothèques universitaires et la science ouverte"),
                        "manual",
                    ),
                ],
            ),
            (
                "Épreuve orale",
                False,
                [
                    (
                        "sheet",
                        "Se présenter en cinq minutes",
                        sheet("Se présenter en cinq minutes"),
                        "manual",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "devenir-bibas",
        "title": "Devenir bibliothécaire assistant spécialisé",
        "kind": Course.Kind.EXAM,
        "family": "bibas",
        "position": 11,
        "summary": "Le concours de bibliothécaire assistant spécialisé (catégorie B).",
        "sections": [
            (
                "Les incontournables",
                True,
                [
                    (
                        "sheet",
                        "Le concours BIBAS en bref",
                        sheet("Le concours BIBAS en bref"),
                        "manual",
                    ),
                ],
            ),
            (
                "Épreuves écrites",
                False,
                [
                    (
                        "sheet",
                        "Réussir le cas pratique",
                        sheet("Réussir le cas pratique"),
                        "manual",
                    ),
                ],
            ),
        ],
    },
    {
        "slug": "devenir-magasinier-principal",
        "title": "Devenir magasinier principal",
        "kind": Course.Kind.EXAM,
        "family": "magasinier",
        "position": 12,
        "summary": "Le concours de magasinier principal des bibliothèques (catégorie C).",
        "sections": [
            (
                "Les incontournables",
                True,
                [
                    (
                        "sheet",
                        "Le métier de magasinier",
                        sheet("Le métier de magasinier"),
                        "manual",
                    ),
                ],
            ),
            (
                "Conservation",
                False,
                [
                    (
                        "sheet",
                        "Conservation préventive : les bons gestes",
                        sheet("Conservation préventive : les bons gestes"),
                        "manual",
                    ),
                ],
            ),
        ],
    },
]

PREPARATIONS = [
    {
        "centre": "mediadix",
        "name": "Préparation Callisto Médiadix 2026-2027",
        "mode": Preparation.Mode.CALLISTO,
        "exams": ["bibliothecaire-externe", "bibliothecaire-interne", "bibas-externe"],
    },
    {
        "centre": "mediat",
        "name": "Préparation régionale Médiat 2026-2027",
        "mode": Preparation.Mode.REGIONAL,
        "exams": ["magasinier-principal-externe", "bibas-externe"],
    },
]

# username, preparation index, exams, tutor
REGISTRATIONS = [
    ("candidat", 0, ["bibliothecaire-externe"], "tuteur"),
    ("candidat-nouveau", 0, ["bibliothecaire-interne"], "tuteur"),
    ("candidat-regional", 1, ["magasinier-principal-externe"], None),
]

# Centre-wide grants at Médiadix: username, role.
GRANTS = [("tuteur", "tutor"), ("responsable", "coordinator")]

# Course grants at Médiadix: username, role, course slugs.
STAFF = [
    ("formateur", "trainer", ["les-ateliers", "devenir-bibliothecaire"]),
    # The trainer of Médiat's regional preparation grades its candidates' copies.
    ("formateur-regional", "trainer", ["les-ateliers", "devenir-magasinier-principal"]),
    ("producteur", "producer", [c["slug"] for c in COURSES]),
]

# Activities the demo candidate has done, by course slug and title.
DONE = [
    ("les-fondamentaux", "Bienvenue dans Les Fondamentaux"),
    ("les-fondamentaux", "Méthodologie : organiser ses révisions"),
    ("les-fondamentaux", "Les trois versants de la fonction publique"),
    ("les-ateliers", "Comment se déroulent les ateliers"),
    ("les-ateliers", "Méthodologie de la note de synthèse"),
    ("devenir-bibliothecaire", "Le concours de bibliothécaire : épreuves et coefficients"),
]


def _seed_exams() -> None:
    """The real exams come with migration 0002; put them back if a test flush
    or a hand-made database lost them."""
    from courses.catalogue import ensure_exams

    ensure_exams(Exam)


def _seed_courses() -> dict[str, Course]:
    _seed_exams()
    families = {family.slug: family for family in ExamFamily.objects.all()}
    courses = {}
    for data in COURSES:
        course, _created = Course.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "kind": data["kind"],
                "family": families[data["family"]] if data.get("family") else None,
                "position": data["position"],
                "summary": data["summary"],
                "is_visible": True,
            },
        )
        courses[course.slug] = course
        for s_position, (s_title, essential, activities) in enumerate(data["sections"]):
            section, _created = Section.objects.update_or_create(
                course=course,
                title=s_title,
                defaults={"position": s_position, "is_essential": essential},
            )
            for a_position, (kind, title, content, rule) in enumerate(activities):
                is_url = kind in ("link", "video")
                Activity.objects.update_or_create(
                    course=course,
                    title=title,
                    defaults={
                        "section": section,
                        "kind": kind,
                        "body": "" if is_url else content,
                        "url": content if is_url else "",
                        "position": a_position,
                        "completion_rule": rule,
                        "is_visible": True,
                        "last_reviewed_on": REVIEWED,
                    },
                )
    return courses


def seed(stdout) -> None:
    courses = _seed_courses()
    users = {u.username: u for u in User.objects.filter(username__in=_demo_usernames())}
    centres = {c.code: c for c in Centre.objects.filter(code__in=["mediadix", "mediat"])}
    exams = {exam.slug: exam for exam in Exam.objects.all()}
    preparations = []
    for data in PREPARATIONS:
        preparation, _created = Preparation.objects.update_or_create(
            centre=centres[data["centre"]],
            name=data["name"],
            defaults={
                "session_year": 2027,
                "mode": data["mode"],
                "opens_on": datetime.date(2026, 9, 1),
                "closes_on": datetime.date(2027, 6, 30),
            },
        )
        preparation.exams.set([exams[slug] for slug in data["exams"]])
        preparations.append(preparation)
    # Roles are grants (decision 0017): the tutor and the coordinator of
    # Médiadix, its trainer and its production group, per course.
    admin_user = User.objects.filter(username="admin").first()
    mediadix = centres["mediadix"]
    for username, role in GRANTS:
        person = User.objects.filter(username=username).first()
        if person is not None:
            staff_role_ensure(user=person, role=role, centre=mediadix, granted_by=admin_user)
    for username, index, exam_slugs, tutor in REGISTRATIONS:
        candidate = users[username]
        preparation = preparations[index]
        if candidate.centre_id is None:
            candidate.centre = preparation.centre
            candidate.save(update_fields=["centre"])
        register_candidate(
            actor=None,
            candidate=candidate,
            preparation=preparation,
            exams=[exams[slug] for slug in exam_slugs],
            tutor=users[tutor] if tutor else None,
        )
    for username, role, slugs in STAFF:
        for slug in slugs:
            # In the person's own centre (Médiat's trainer); national staff
            # are granted in Médiadix, whose Callisto preparation they serve.
            staff_role_ensure(
                user=users[username],
                role=role,
                centre=users[username].centre or mediadix,
                course=courses[slug],
                granted_by=admin_user,
            )
    candidate = users["candidat"]
    last = None
    for slug, title in DONE:
        activity = Activity.objects.get(course=courses[slug], title=title)
        Completion.objects.get_or_create(
            user=candidate, activity=activity, defaults={"source": Completion.Source.MANUAL}
        )
        last = activity
    LastVisit.objects.update_or_create(
        user=candidate,
        course=last.course,
        defaults={"activity": last, "visited_at": timezone.now()},
    )
    _seed_support_request(candidate)
    stdout.write(
        f"courses: {len(courses)} courses, {Activity.objects.count()} activities, "
        f"{len(preparations)} preparations"
    )


SUPPORT_MESSAGE = (
    "Bonjour, je n’arrive pas à tenir le rythme des devoirs depuis la rentrée : mon "
    "service est en sous-effectif. Pourrions-nous faire le point par téléphone ? Je suis "
    "disponible le mardi et le jeudi après 17 h."
)


def _seed_support_request(candidate) -> None:
    """One open request for ``responsable`` to find in the admin (written
    without the service: the demo sends no email on every run)."""
    registration = candidate.registrations.get()
    SupportRequest.objects.get_or_create(
        registration=registration,
        kind=SupportRequest.Kind.INTERVIEW,
        message=SUPPORT_MESSAGE,
        defaults={"status": SupportRequest.Status.OPEN},
    )


def _demo_usernames() -> list[str]:
    return (
        [r[0] for r in REGISTRATIONS]
        + [r[3] for r in REGISTRATIONS if r[3]]
        + [s[0] for s in STAFF]
    )
