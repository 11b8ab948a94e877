# ruff: noqa: RUF001 - French prose uses the typographic apostrophe
"""Demo courses, preparations and registrations (after ``accounts.demo``).
Idempotent: every row is found by its natural key and refreshed."""

import datetime

from django.utils import timezone

from accounts.api import Centre, User

from .models import Activity, Completion, Course, Exam, LastVisit, Preparation, Section
from .services import enrol_staff, register_candidate

REVIEWED = datetime.date(2026, 9, 1)


def _p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def _ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


# kind, title, body or url, completion rule
WELCOME = _p(
    "Bienvenue ! Ce cours rassemble les fiches, exercices et ressources dont vous avez "
    "besoin. Commencez par « Les incontournables », puis avancez à votre rythme : chaque "
    "activité terminée fait progresser la barre d’avancement.",
    "Une question sur le fonctionnement ? Écrivez à votre tuteur ou tutrice, ou sur le forum "
    "« Signaler une erreur ou un dysfonctionnement ».",
)

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
                    ("sheet", "Bienvenue dans Les Fondamentaux", WELCOME, "manual"),
                    (
                        "sheet",
                        "Méthodologie : organiser ses révisions",
                        _p(
                            "Une préparation aux concours se gagne dans la durée. Fixez-vous "
                            "un planning hebdomadaire réaliste : deux à trois demi-journées "
                            "de travail personnel, une lecture de presse quotidienne, un "
                            "devoir par mois.",
                            "Tenez un carnet de fiches : une notion, une définition, un "
                            "exemple daté. Relisez-les chaque semaine.",
                        )
                        + _ul(
                            "lire la presse généraliste et professionnelle (<em>Bulletin des "
                            "bibliothèques de France</em>, <em>Archimag</em>) ;",
                            "s’entraîner en temps limité ;",
                            "se relire : orthographe et syntaxe comptent.",
                        ),
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
                        _p(
                            "La fonction publique française compte environ 5,7 millions "
                            "d’agents répartis en trois versants : la fonction publique de "
                            "l’État, la fonction publique territoriale et la fonction publique "
                            "hospitalière.",
                            "Les bibliothèques relèvent surtout de l’État (bibliothèques "
                            "universitaires, Bibliothèque nationale de France) et des "
                            "collectivités territoriales (bibliothèques municipales et "
                            "départementales).",
                        )
                        + "<h2>À retenir</h2>"
                        + _ul(
                            "loi du 13 juillet 1983 : droits et obligations des "
                            "fonctionnaires, aujourd’hui codifiée dans le code général de la "
                            "fonction publique (2022) ;",
                            "catégories A, B et C selon le niveau de recrutement ;",
                            "concours externe, interne, troisième concours et examen "
                            "professionnel.",
                        ),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Le statut du fonctionnaire : droits et obligations",
                        _p(
                            "Le fonctionnaire dispose de droits (rémunération, formation, "
                            "liberté d’opinion, droit syndical et droit de grève) et est tenu "
                            "à des obligations : neutralité, laïcité, discrétion "
                            "professionnelle, obéissance hiérarchique, probité.",
                            "La loi du 20 avril 2016 relative à la déontologie a inscrit "
                            "dans le statut les principes de dignité, d’impartialité, "
                            "d’intégrité et de probité.",
                        ),
                        "manual",
                    ),
                    (
                        "sheet",
                        "L’organisation territoriale et la lecture publique",
                        _p(
                            "Les communes et leurs groupements gèrent les bibliothèques "
                            "municipales et intercommunales ; les départements ont la "
                            "charge des bibliothèques départementales, qui appuient le "
                            "réseau des petites communes.",
                            "L’État accompagne ces politiques par le concours particulier "
                            "de la dotation générale de décentralisation et les contrats "
                            "territoire-lecture.",
                        ),
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
                        _p(
                            "La loi relative aux bibliothèques et au développement de la "
                            "lecture publique, dite loi Robert, définit pour la première fois "
                            "les missions des bibliothèques des collectivités territoriales : "
                            "garantir l’égal accès de tous à la culture, à l’information, à "
                            "l’éducation, à la recherche, aux savoirs et aux loisirs.",
                            "Elle affirme la gratuité de l’accès et de la consultation sur "
                            "place et impose un plan de développement des collections.",
                        ),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Le circuit du document",
                        _p(
                            "Du choix à l’élimination, le document suit un circuit : "
                            "sélection, acquisition, réception, catalogage et indexation, "
                            "équipement, mise en rayon, prêt, conservation ou désherbage."
                        )
                        + _ul(
                            "la politique documentaire fixe les critères de chaque étape ;",
                            "le désherbage suit des critères explicites (méthode IOUPI) ;",
                            "les statistiques de prêt éclairent les acquisitions.",
                        ),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Catalogage : la Transition bibliographique",
                        _p(
                            "Le programme national de Transition bibliographique fait passer "
                            "les catalogues français au modèle IFLA LRM et au code RDA-FR, "
                            "pour que les données des bibliothèques soient mieux exposées "
                            "sur le web.",
                            "Les notices décrivent désormais des entités liées : œuvre, "
                            "expression, manifestation, item.",
                        ),
                        "manual",
                    ),
                    (
                        "link",
                        "Le Sudoc, catalogue collectif de l’enseignement supérieur",
                        "https://www.sudoc.abes.fr/",
                        "view",
                    ),
                    ("audio", "Podcast : une journée en bibliothèque universitaire", "", "none"),
                ],
            ),
            (
                "Culture générale",
                False,
                [
                    (
                        "sheet",
                        "Les politiques culturelles depuis 1959",
                        _p(
                            "De la création du ministère des Affaires culturelles confié à "
                            "André Malraux (1959) à la décentralisation des années 1980, "
                            "l’État a structuré une politique de démocratisation culturelle.",
                            "Les bibliothèques y tiennent une place croissante : création de "
                            "la Direction du livre et de la lecture en 1975, plan des "
                            "médiathèques, puis « Bibliothèques ouvertes » (2016).",
                        ),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Le numérique et l’accès aux savoirs",
                        _p(
                            "Ressources en ligne, prêt numérique, médiation numérique, "
                            "science ouverte : le numérique transforme l’offre et les "
                            "métiers des bibliothèques, et pose la question de l’inclusion "
                            "numérique des publics éloignés."
                        ),
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
                        _p(
                            "Chaque atelier alterne un apport méthodologique, un "
                            "entraînement en temps limité et une correction commentée. "
                            "Les devoirs sont corrigés par les formateurs dans un délai de "
                            "trois semaines."
                        ),
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
                        _p(
                            "La note de synthèse présente, en un nombre de mots limité, "
                            "les informations essentielles d’un dossier documentaire, de "
                            "façon objective et ordonnée, sans apport personnel.",
                        )
                        + "<h2>Les étapes</h2>"
                        + "<ol><li>Lire le dossier et repérer les idées clés ;</li>"
                        "<li>construire un plan en deux ou trois parties ;</li>"
                        "<li>rédiger une introduction qui annonce le plan ;</li>"
                        "<li>citer les documents entre parenthèses (doc. 3).</li></ol>",
                        "manual",
                    ),
                    (
                        "assignment",
                        "Devoir : note de synthèse n° 1",
                        _p(
                            "Dossier de 25 pages sur l’accueil des publics adolescents. "
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
                        _p(
                            "L’entretien commence par une présentation de cinq minutes : "
                            "parcours, motivation, projet. Le jury vérifie ensuite vos "
                            "connaissances de l’environnement professionnel et votre "
                            "capacité à vous projeter dans un poste d’encadrement."
                        ),
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
                        _p(
                            "Le dossier RAEP permet au jury de connaître votre parcours et "
                            "les compétences acquises. Il n’est pas noté à part mais sert de "
                            "support à l’entretien."
                        ),
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
                        _p(
                            "Présentez vos postes du plus récent au plus ancien ; pour "
                            "chacun, décrivez vos missions, votre place dans l’organigramme "
                            "et ce que vous en avez appris."
                        ),
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
        "exam": "bibliothecaire-externe",
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
                        _p(
                            "Épreuve écrite d’admissibilité : une note de synthèse (4 h, "
                            "coefficient 3) ou une composition selon le concours. Épreuve "
                            "orale d’admission : un entretien avec le jury (coefficient 4)."
                        ),
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
                        _p(
                            "Le rapport du jury insiste sur la problématisation : une "
                            "introduction qui pose une question, un plan qui y répond, une "
                            "conclusion sans idée nouvelle."
                        ),
                        "manual",
                    ),
                    (
                        "sheet",
                        "Les bibliothèques universitaires et la science ouverte",
                        _p(
                            "Plan national pour la science ouverte, archives ouvertes (HAL), "
                            "données de la recherche : un sujet récurrent à l’écrit comme à "
                            "l’oral."
                        ),
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
                        _p(
                            "Structurez votre présentation en trois temps : qui vous êtes, "
                            "ce que vous avez fait, ce que vous voulez faire. Chronométrez-"
                            "vous."
                        ),
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
        "exam": "bibas-externe",
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
                        _p(
                            "Écrit : questions à réponse courte sur l’environnement "
                            "professionnel et cas pratique. Oral : entretien avec le jury."
                        ),
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
                        _p(
                            "Le cas pratique vous place dans une situation professionnelle "
                            "réaliste : proposez des solutions argumentées, chiffrées et "
                            "hiérarchisées."
                        ),
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
        "exam": "magasinier-principal-externe",
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
                        _p(
                            "Accueil et orientation des publics, rangement et "
                            "communication des documents, équipement et petites "
                            "réparations : le magasinier est au cœur du service public."
                        ),
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
                        _p(
                            "Manipuler un livre ancien avec des mains propres et sèches, "
                            "sans gants de coton ; surveiller température (18 °C) et "
                            "humidité relative (50 %) des magasins."
                        ),
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

STAFF = [
    ("formateur", "trainer", ["les-ateliers", "devenir-bibliothecaire"]),
    ("producteur", "producer", [c["slug"] for c in COURSES]),
]

# Activities the demo candidate has done, by course slug and title.
DONE = [
    ("les-fondamentaux", "Bienvenue dans Les Fondamentaux"),
    ("les-fondamentaux", "Méthodologie : organiser ses révisions"),
    ("les-fondamentaux", "Les trois versants de la fonction publique"),
    ("les-ateliers", "Comment se déroulent les ateliers"),
    ("devenir-bibliothecaire", "Le concours de bibliothécaire : épreuves et coefficients"),
]


def _seed_exams() -> None:
    """The real exams come with migration 0002; put them back if a test flush
    or a hand-made database lost them."""
    from .catalogue import ensure_exams

    ensure_exams(Exam)


def _seed_courses() -> dict[str, Course]:
    _seed_exams()
    exams = {exam.slug: exam for exam in Exam.objects.all()}
    courses = {}
    for data in COURSES:
        course, _created = Course.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "kind": data["kind"],
                "exam": exams[data["exam"]] if data.get("exam") else None,
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
            enrol_staff(user=users[username], course=courses[slug], role=role)
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
    stdout.write(
        f"courses: {len(courses)} courses, {Activity.objects.count()} activities, "
        f"{len(preparations)} preparations"
    )


def _demo_usernames() -> list[str]:
    return (
        [r[0] for r in REGISTRATIONS]
        + [r[3] for r in REGISTRATIONS if r[3]]
        + [s[0] for s in STAFF]
    )
