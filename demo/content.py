# ruff: noqa: RUF001 - French prose uses the typographic apostrophe
"""Demo content: a self-assessment quiz per exam course, the quiz on
cultural institutions and a glossary of library terms in Les Fondamentaux,
the podcasts with their recordings (files/podcasts) and transcripts.
Idempotent (get_or_create on natural keys)."""

from pathlib import Path

from content.models import AudioMedia, Choice, GlossaryEntry, Question, QuestionBank, Quiz
from content.services import sanitise_html
from courses.api import Activity, Course, Exam

SINGLE, MULTIPLE, TRUE_FALSE, SHORT, MATCHING = (
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.TRUE_FALSE,
    Question.Kind.SHORT,
    Question.Kind.MATCHING,
)

# (kind, question, explanation, choices). Choices: (text, correct) for choice
# questions; accepted answers for short answers; (prompt, answer) for matching;
# True or False for true/false questions.
QUESTIONS = [
    (
        SINGLE,
        "Depuis le 1er mars 2022, où sont rassemblées les règles générales applicables "
        "aux fonctionnaires ?",
        "Le code général de la fonction publique (CGFP) a repris notamment les lois du "
        "13 juillet 1983 (droits et obligations) et du 11 janvier 1984 (fonction publique "
        "de l'État).",
        [
            ("Dans le code général de la fonction publique", True),
            ("Dans le code du patrimoine", False),
            ("Dans le code de l'éducation", False),
            ("Dans le code du travail", False),
        ],
    ),
    (
        TRUE_FALSE,
        "Les bibliothécaires de l'État et les bibliothécaires territoriaux relèvent du même "
        "statut particulier.",
        "À l'État, les bibliothécaires forment un corps ; dans la fonction publique "
        "territoriale, un cadre d'emplois, avec son propre statut particulier.",
        False,
    ),
    (
        MULTIPLE,
        "Parmi ces obligations, lesquelles s'imposent à tout fonctionnaire ?",
        "Neutralité, discrétion professionnelle et réserve s'imposent à tous ; la liberté "
        "syndicale est un droit, pas une obligation.",
        [
            ("L'obligation de neutralité", True),
            ("L'obligation de discrétion professionnelle", True),
            ("Le devoir de réserve", True),
            ("L'obligation d'adhérer à un syndicat", False),
        ],
    ),
    (
        SINGLE,
        "Dans quelle catégorie de la fonction publique se situe le corps des bibliothécaires ?",
        "Bibliothécaires et conservateurs sont de catégorie A ; les bibliothécaires "
        "assistants spécialisés de catégorie B ; les magasiniers de catégorie C.",
        [("Catégorie A", True), ("Catégorie B", False), ("Catégorie C", False)],
    ),
    (
        SINGLE,
        "Quel est le corps de catégorie B de la filière bibliothèques de l'État ?",
        "Les bibliothécaires assistants spécialisés (BIBAS) forment le corps de catégorie B.",
        [
            ("Les bibliothécaires assistants spécialisés", True),
            ("Les magasiniers des bibliothèques", False),
            ("Les conservateurs des bibliothèques", False),
        ],
    ),
    (
        SHORT,
        "Quel est le nom (sigle) du catalogue collectif des bibliothèques de l'enseignement "
        "supérieur, géré par l'Abes ?",
        "Le Sudoc (Système universitaire de documentation) recense les collections des "
        "bibliothèques universitaires et d'autres établissements.",
        ["Sudoc", "Système universitaire de documentation"],
    ),
    (
        SINGLE,
        "Que signifie le sigle ISBD ?",
        "L'ISBD, publiée par l'IFLA, fixe les zones et la ponctuation de la description "
        "bibliographique.",
        [
            ("International Standard Bibliographic Description", True),
            ("International Serial Book Database", False),
            ("Index standard des bibliothèques départementales", False),
        ],
    ),
    (
        TRUE_FALSE,
        "RAMEAU est un langage d'indexation matière.",
        "RAMEAU (Répertoire d'autorité-matière encyclopédique et alphabétique unifié) est "
        "utilisé par la BnF, les bibliothèques universitaires et de nombreuses bibliothèques "
        "de lecture publique.",
        True,
    ),
    (
        MATCHING,
        "Associez chaque sigle à sa signification.",
        "Sigles à connaître pour l'épreuve : ISBN pour les livres, ISSN pour les publications "
        "en série.",
        [
            ("ISBN", "Numéro international normalisé du livre"),
            ("ISSN", "Numéro international normalisé des publications en série"),
            ("BnF", "Bibliothèque nationale de France"),
            ("Abes", "Agence bibliographique de l'enseignement supérieur"),
        ],
    ),
    (
        SINGLE,
        "Quel code de catalogage, transposition française de RDA, remplace progressivement "
        "les normes AFNOR de catalogage ?",
        "RDA-FR est élaboré dans le cadre du programme Transition bibliographique (BnF, Abes).",
        [("RDA-FR", True), ("AACR2", False), ("Dublin Core", False), ("MARC 21", False)],
    ),
    (
        SHORT,
        "Quel format MARC sert de format d'échange de référence entre les bibliothèques "
        "françaises ?",
        "UNIMARC est le format d'échange utilisé notamment par le Sudoc et pour les "
        "exports de la BnF.",
        ["UNIMARC"],
    ),
    (
        SINGLE,
        "En France, combien de temps après la mort de l'auteur une œuvre entre-t-elle en "
        "principe dans le domaine public ?",
        "Les droits patrimoniaux durent 70 ans après la mort de l'auteur, à compter du "
        "1er janvier de l'année civile suivante (article L123-1 du code de la propriété "
        "intellectuelle).",
        [("70 ans", True), ("50 ans", False), ("100 ans", False), ("25 ans", False)],
    ),
    (
        TRUE_FALSE,
        "Le droit moral de l'auteur est perpétuel, inaliénable et imprescriptible.",
        "Contrairement aux droits patrimoniaux, le droit moral ne s'éteint pas et ne peut "
        "être cédé.",
        True,
    ),
    (
        MULTIPLE,
        "Quelles exceptions au droit d'auteur concernent directement les bibliothèques ?",
        "Le code de la propriété intellectuelle prévoit une exception de conservation et une "
        "exception en faveur des personnes en situation de handicap ; la mise en ligne d'œuvres "
        "protégées suppose l'accord des ayants droit.",
        [
            ("L'exception de conservation (reproduire pour préserver les collections)", True),
            ("L'exception en faveur des personnes en situation de handicap", True),
            ("La libre mise en ligne de toute œuvre du fonds numérisée", False),
            ("Le prêt de DVD sans droits négociés", False),
        ],
    ),
    (
        SINGLE,
        "Quelle loi a instauré la rémunération au titre du prêt en bibliothèque ?",
        "La loi du 18 juin 2003 a créé le droit de prêt, financé par l'État et par les "
        "fournisseurs des bibliothèques.",
        [
            ("La loi du 18 juin 2003", True),
            ("La loi du 10 août 1981 sur le prix du livre", False),
            ("La loi DADVSI de 2006", False),
            ("La loi du 21 décembre 2021 relative aux bibliothèques", False),
        ],
    ),
    (
        MATCHING,
        "Associez chaque classe de la classification décimale de Dewey à son domaine.",
        "Les dix classes vont de 000 (généralités) à 900 (histoire et géographie).",
        [
            ("000", "Informatique, information et ouvrages généraux"),
            ("300", "Sciences sociales"),
            ("500", "Sciences de la nature et mathématiques"),
            ("900", "Histoire et géographie"),
        ],
    ),
    (
        SINGLE,
        "Dans la classification décimale de Dewey, à quelle classe appartient la littérature ?",
        "800 : littérature ; 400 : langues ; 700 : arts et loisirs.",
        [("800", True), ("400", False), ("700", False), ("900", False)],
    ),
    (
        SHORT,
        "Quel bibliothécaire américain a publié la classification décimale en 1876 ? "
        "(nom de famille)",
        "Melvil Dewey publie sa classification en 1876 ; elle est aujourd'hui tenue à jour "
        "par OCLC.",
        ["Dewey", "Melvil Dewey"],
    ),
    (
        TRUE_FALSE,
        "Le désherbage consiste à retirer des collections en libre accès les documents usés, "
        "obsolètes ou inadaptés.",
        "Le désherbage fait partie de la politique documentaire ; les documents retirés "
        "peuvent être donnés, vendus, mis en réserve ou pilonnés selon les délibérations.",
        True,
    ),
    (
        SINGLE,
        "Quelle méthode de désherbage, qui croise âge du document, date du dernier prêt et "
        "critères de qualité, est répandue en lecture publique ?",
        "La méthode IOUPI (Incorrect, Ordinaire, Usé, Périmé, Inadéquat) s'appuie sur une "
        "formule par domaine de la classification.",
        [("La méthode IOUPI", True), ("RAMEAU", False), ("FRBR", False), ("La CDU", False)],
    ),
]

GLOSSARY = [
    (
        "Abes",
        "Agence bibliographique de l'enseignement supérieur, à Montpellier : gère le "
        "Sudoc, IdRef et le catalogue des thèses (theses.fr).",
    ),
    (
        "Autorité (notice d')",
        "Notice qui fixe la forme retenue d'un nom de personne, de "
        "collectivité, de titre ou de sujet, et ses formes rejetées, pour unifier les accès.",
    ),
    (
        "Bibliographie nationale française",
        "Liste officielle des documents reçus au titre du dépôt légal, publiée par la BnF.",
    ),
    (
        "Bibliothèque municipale classée",
        "Bibliothèque municipale dont les collections "
        "patrimoniales, en partie propriété de l'État, justifient la mise à disposition de "
        "conservateurs d'État.",
    ),
    (
        "BnF",
        "Bibliothèque nationale de France : reçoit le dépôt légal, produit la "
        "bibliographie nationale, conserve et valorise le patrimoine écrit (Gallica).",
    ),
    (
        "Catalogage",
        "Description d'un document (titre, responsabilités, édition, "
        "publication...) selon des normes, pour l'identifier et le retrouver.",
    ),
    (
        "CDU",
        "Classification décimale universelle : dérivée de la Dewey, très employée dans "
        "les bibliothèques scientifiques et spécialisées.",
    ),
    (
        "Charte documentaire",
        "Document, souvent validé par la tutelle, qui fixe les principes "
        "de la politique documentaire d'un établissement.",
    ),
    (
        "Conservation préventive",
        "Ensemble des mesures (climat, lumière, conditionnement, "
        "manipulation) qui ralentissent la dégradation des collections.",
    ),
    (
        "Cote",
        "Suite de lettres et de chiffres qui indique la place d'un document sur les rayonnages.",
    ),
    (
        "Dépôt légal",
        "Obligation de déposer chaque document publié en France auprès de la BnF "
        "(et, pour l'imprimeur, d'une bibliothèque de dépôt légal imprimeur en région).",
    ),
    (
        "Désherbage",
        "Retrait raisonné des collections des documents usés, obsolètes ou "
        "inadaptés ; il fait partie de la politique documentaire.",
    ),
    (
        "Dewey (classification décimale de)",
        "Classification encyclopédique en dix classes "
        "(000 à 900), la plus utilisée en lecture publique.",
    ),
    (
        "Dublin Core",
        "Jeu de quinze éléments de métadonnées simples pour décrire des "
        "ressources, notamment numériques.",
    ),
    ("Exemplaire", "Chaque unité physique d'un même document, avec sa cote et son code-barres."),
    (
        "Fonds local",
        "Documents relatifs à un territoire (histoire, auteurs, imprimés locaux), "
        "collectés et conservés par une bibliothèque.",
    ),
    (
        "Fonds patrimonial",
        "Documents anciens, rares ou précieux, ou d'intérêt local, que la "
        "bibliothèque conserve sans limite de durée.",
    ),
    ("Gallica", "Bibliothèque numérique de la BnF et de ses partenaires."),
    (
        "IFLA LRM",
        "Modèle conceptuel de l'information bibliographique publié par l'IFLA "
        "(œuvre, expression, manifestation, item), successeur des FRBR.",
    ),
    (
        "Indexation",
        "Description du contenu d'un document par des indices de classification "
        "ou des mots-matière.",
    ),
    (
        "ISBD",
        "International Standard Bibliographic Description : norme de l'IFLA qui fixe les "
        "zones et la ponctuation de la description bibliographique.",
    ),
    ("ISBN", "Numéro international normalisé du livre, attribué à chaque édition d'un livre."),
    ("ISSN", "Numéro international normalisé des publications en série (revues, journaux)."),
    (
        "Lecture publique",
        "Service des bibliothèques ouvertes à tous, principalement les "
        "bibliothèques municipales et intercommunales et les bibliothèques départementales.",
    ),
    (
        "Magasin",
        "Espace de stockage fermé au public où sont conservés les documents "
        "communiqués sur demande.",
    ),
    (
        "Notice bibliographique",
        "Description d'un document dans un catalogue : données de "
        "catalogage, points d'accès et indexation.",
    ),
    (
        "OPAC",
        "Online Public Access Catalogue : catalogue de la bibliothèque consultable en "
        "ligne par le public.",
    ),
    (
        "PCDM",
        "Principes de classement des documents musicaux, utilisés pour les collections de musique.",
    ),
    (
        "Politique documentaire",
        "Ensemble des choix d'acquisition, de traitement, de "
        "conservation et d'élimination qui donnent sa cohérence à une collection.",
    ),
    (
        "Prêt entre bibliothèques",
        "Service (PEB) par lequel une bibliothèque obtient pour son "
        "lecteur un document ou une copie d'une autre bibliothèque.",
    ),
    (
        "RAMEAU",
        "Répertoire d'autorité-matière encyclopédique et alphabétique unifié : langage "
        "d'indexation matière géré par la BnF.",
    ),
    ("RDA-FR", "Transposition française du code de catalogage RDA, fondée sur le modèle IFLA LRM."),
    (
        "Récolement",
        "Vérification, sur place et sur pièces, de la présence des documents "
        "inscrits à l'inventaire.",
    ),
    (
        "SIGB",
        "Système intégré de gestion de bibliothèque : logiciel du catalogue, des "
        "acquisitions, du prêt et des lecteurs.",
    ),
    (
        "Sudoc",
        "Système universitaire de documentation : catalogue collectif des bibliothèques "
        "de l'enseignement supérieur, géré par l'Abes.",
    ),
    ("UNIMARC", "Format d'échange des données bibliographiques fondé sur MARC, utilisé en France."),
    (
        "Usuel",
        "Document de référence (dictionnaire, encyclopédie) consultable sur place et "
        "exclu du prêt.",
    ),
]

SEE_ALSO = {
    "Sudoc": ["Abes", "UNIMARC"],
    "Désherbage": ["Politique documentaire", "Charte documentaire"],
    "Fonds patrimonial": ["Conservation préventive", "Fonds local"],
    "ISBD": ["Catalogage", "Notice bibliographique"],
    "RAMEAU": ["Indexation", "BnF"],
    "Dépôt légal": ["BnF", "Bibliographie nationale française"],
}

# Questions of the "Quiz : les institutions culturelles" of Les Fondamentaux
# (same layout as QUESTIONS).
CULTURE_QUESTIONS = [
    (
        SINGLE,
        "En quelle année est créé le ministère des Affaires culturelles, confié à André Malraux ?",
        "Le ministère naît en 1959 dans le gouvernement de Michel Debré ; le décret du "
        "24 juillet 1959 fixe sa mission : rendre accessibles au plus grand nombre les "
        "œuvres capitales de l’humanité.",
        [("1959", True), ("1946", False), ("1968", False), ("1981", False)],
    ),
    (
        SINGLE,
        "Au ministère de la Culture, quel service est chargé aujourd’hui du livre et de la "
        "lecture ?",
        "Depuis 2010, le Service du livre et de la lecture fait partie de la Direction "
        "générale des médias et des industries culturelles (DGMIC) ; il a succédé à la "
        "Direction du livre et de la lecture créée en 1975.",
        [
            ("Le Service du livre et de la lecture, à la DGMIC", True),
            ("La Direction générale des patrimoines", False),
            ("Le Centre national du livre", False),
            ("L’Inspection générale des bibliothèques", False),
        ],
    ),
    (
        TRUE_FALSE,
        "La Bibliothèque publique d’information (Bpi) est installée au Centre Pompidou depuis "
        "son ouverture en 1977.",
        "La Bpi, bibliothèque de lecture publique nationale, ouvre avec le Centre Pompidou en "
        "1977 ; elle est un établissement public associé au Centre.",
        True,
    ),
    (
        SINGLE,
        "Quel établissement public est créé en 1994 à partir de la Bibliothèque nationale et "
        "de l’Établissement public de la Bibliothèque de France ?",
        "Le décret du 3 janvier 1994 crée la Bibliothèque nationale de France ; le site "
        "François-Mitterrand ouvre au public en 1996.",
        [
            ("La Bibliothèque nationale de France", True),
            ("La Bibliothèque publique d’information", False),
            ("L’Agence bibliographique de l’enseignement supérieur", False),
        ],
    ),
    (
        SINGLE,
        "Qui représente le ministère de la Culture dans chaque région ?",
        "Les directions régionales des affaires culturelles (DRAC) comptent des conseillers "
        "pour le livre et la lecture, interlocuteurs des bibliothèques.",
        [
            ("La direction régionale des affaires culturelles (DRAC)", True),
            ("Le rectorat", False),
            ("La bibliothèque départementale", False),
            ("Le conseil régional", False),
        ],
    ),
    (
        MULTIPLE,
        "Lesquels de ces établissements publics relèvent du ministère de la Culture ?",
        "La BnF, la Bpi et le Centre national du livre sont sous la tutelle du ministère de la "
        "Culture ; l’Abes relève du ministère chargé de l’enseignement supérieur.",
        [
            ("La Bibliothèque nationale de France", True),
            ("La Bibliothèque publique d’information", True),
            ("Le Centre national du livre", True),
            ("L’Agence bibliographique de l’enseignement supérieur", False),
        ],
    ),
    (
        SINGLE,
        "Quelle loi a instauré le prix unique du livre ?",
        "La loi du 10 août 1981, dite loi Lang, impose à l’éditeur de fixer un prix de vente "
        "public que les détaillants respectent, avec une remise limitée à 5 %.",
        [
            ("La loi du 10 août 1981", True),
            ("La loi du 18 juin 2003", False),
            ("La loi du 21 décembre 2021", False),
            ("La loi du 13 juillet 1983", False),
        ],
    ),
    (
        TRUE_FALSE,
        "Les bibliothèques centrales de prêt, aujourd’hui bibliothèques départementales, ont "
        "été créées en 1945.",
        "L’ordonnance du 2 novembre 1945 les crée pour desservir les communes rurales ; les "
        "lois de décentralisation les confient aux départements en 1986.",
        True,
    ),
    (
        SHORT,
        "La loi du 21 décembre 2021 relative aux bibliothèques porte le nom de la sénatrice "
        "qui l’a proposée. Lequel ? (nom de famille)",
        "La loi Robert, du nom de la sénatrice Sylvie Robert, définit pour la première fois "
        "les missions des bibliothèques territoriales.",
        ["Robert", "Sylvie Robert", "loi Robert"],
    ),
    (
        MATCHING,
        "Associez chaque établissement à l’une de ses missions.",
        "À connaître pour l’oral : qui fait quoi dans le paysage du livre et des bibliothèques.",
        [
            ("BnF", "Recevoir le dépôt légal"),
            ("Centre national du livre", "Soutenir auteurs, éditeurs, libraires et bibliothèques"),
            ("Abes", "Gérer le Sudoc"),
            ("Bpi", "Offrir une bibliothèque de lecture publique au Centre Pompidou"),
        ],
    ),
    (
        SINGLE,
        "En quelle année est créée la Direction du livre et de la lecture ?",
        "Créée en 1975 au secrétariat d’État à la Culture, elle reprend la tutelle des "
        "bibliothèques municipales et des bibliothèques centrales de prêt, qui dépendaient "
        "jusque-là de l’Éducation nationale.",
        [("1975", True), ("1959", False), ("1982", False), ("1994", False)],
    ),
    (
        TRUE_FALSE,
        "Depuis la loi du 21 décembre 2021, l’accès aux bibliothèques municipales et "
        "intercommunales et la consultation sur place de leurs collections sont gratuits.",
        "Le code du patrimoine prévoit un accès libre et une consultation sur place gratuite ; "
        "le prêt, lui, peut rester payant selon la décision de la collectivité.",
        True,
    ),
]

PODCASTS_DIR = Path(__file__).resolve().parent / "files" / "podcasts"

# (title, older title to rename, asset name): the recordings are made by
# files/podcasts/make_podcasts.sh from the transcripts next to them.
PODCASTS = [
    (
        "Podcast : le dépôt légal en bref",
        "Podcast : le dépôt légal en cinq minutes",
        "depot-legal",
    ),
    ("Podcast : une journée en bibliothèque universitaire", None, "journee-bu"),
]


def _section(course, title):
    section = course.sections.order_by("position", "pk").first()
    return section or course.sections.create(title=title, position=90)


def _seed_bank(
    course, name="Culture professionnelle et administrative", questions=QUESTIONS
) -> QuestionBank:
    bank, _ = QuestionBank.objects.get_or_create(course=course, name=name)
    for position, (kind, text, feedback, spec) in enumerate(questions, start=1):
        question, created = Question.objects.get_or_create(
            bank=bank,
            text=text,
            defaults={"kind": kind, "feedback": feedback, "position": position},
        )
        if not created:
            continue
        if kind == TRUE_FALSE:
            choices = [("Vrai", spec is True), ("Faux", spec is False)]
            rows = [Choice(question=question, text=t, is_correct=c) for t, c in choices]
        elif kind == SHORT:
            rows = [Choice(question=question, text=t, is_correct=True) for t in spec]
        elif kind == MATCHING:
            rows = [Choice(question=question, text=p, match=m) for p, m in spec]
        else:
            rows = [Choice(question=question, text=t, is_correct=c) for t, c in spec]
        for index, row in enumerate(rows):
            row.position = index
        Choice.objects.bulk_create(rows)
    return bank


def _demo_attempts(quiz) -> None:
    """Two submitted attempts of the demo candidate, so "Mes résultats" has a
    history (only when the courses demo registered them; idempotent)."""
    from django.contrib.auth import get_user_model

    from content import services
    from content.permissions import can_attempt_quiz

    candidate = get_user_model().objects.filter(username="candidat").first()
    if candidate is None or not can_attempt_quiz(candidate, quiz):
        return
    if quiz.attempts.filter(user=candidate).exists():
        return
    for share in (0.5, 0.9):
        attempt = services.attempt_start(actor=candidate, quiz=quiz)
        slots = list(attempt.slots.select_related("question").prefetch_related("question__choices"))
        answers = {}
        for slot in slots[: round(len(slots) * share)]:
            choices = list(slot.question.choices.all())
            if slot.question.kind == MATCHING:
                answers[str(slot.pk)] = {
                    "values": [],
                    "pairs": {str(c.pk): str(c.pk) for c in choices},
                }
            elif slot.question.kind == SHORT:
                answers[str(slot.pk)] = {"values": [choices[0].text], "pairs": {}}
            else:
                answers[str(slot.pk)] = {
                    "values": [str(c.pk) for c in choices if c.is_correct],
                    "pairs": {},
                }
        services.attempt_submit(actor=candidate, attempt=attempt, answers=answers)


def _exam_courses():
    courses = list(Course.objects.filter(kind=Course.Kind.EXAM))
    if courses:
        return courses
    # Without the courses demo (it runs first when present), one exam course.
    exam = Exam.objects.filter(slug="bibliothecaire-externe").select_related("family").first()
    if exam is None or exam.family is None:
        return []
    course, _ = Course.objects.get_or_create(
        kind=Course.Kind.EXAM,
        family=exam.family,
        defaults={"title": "Devenir bibliothécaire", "slug": "devenir-bibliothecaire"},
    )
    return [course]


def seed(stdout) -> None:
    quizzes = 0
    for course in _exam_courses():
        bank = _seed_bank(course)
        activity, _ = Activity.objects.get_or_create(
            course=course,
            kind=Activity.Kind.QUIZ,
            title="Auto-évaluation : culture professionnelle",
            defaults={
                "section": _section(course, "Auto-évaluation"),
                "body": "<p>Dix questions tirées au hasard : statut, catalogage, droit "
                "d'auteur, classification.</p>",
                "completion_rule": Activity.CompletionRule.QUIZ_PASS,
            },
        )
        quiz, _ = Quiz.objects.get_or_create(
            activity=activity,
            defaults={
                "bank": bank,
                "draw_count": 10,
                "pass_mark": 60,
                "general_feedback": "Revoyez les fiches de la section « Les incontournables » "
                "pour les questions manquées.",
            },
        )
        quizzes += 1
        _demo_attempts(quiz)

    home = (
        Course.objects.filter(kind=Course.Kind.FONDAMENTAUX).order_by("position", "pk").first()
        or Course.objects.filter(kind=Course.Kind.EXAM).order_by("position", "pk").first()
    )
    if home is None:
        stdout.write("content: no course, nothing to seed")
        return
    Activity.objects.get_or_create(
        course=home,
        kind=Activity.Kind.GLOSSARY,
        title="Glossaire des bibliothèques",
        defaults={
            "section": _section(home, "Ressources"),
            "completion_rule": Activity.CompletionRule.NONE,
        },
    )
    entries = {}
    for term, definition in GLOSSARY:
        entries[term], _ = GlossaryEntry.objects.get_or_create(
            course=home, term=term, defaults={"definition": sanitise_html(f"<p>{definition}</p>")}
        )
    for term, others in SEE_ALSO.items():
        entries[term].see_also.add(*(entries[o] for o in others))

    culture_quiz = _seed_culture_quiz(home)
    podcasts = _seed_podcasts(home)
    stdout.write(
        f"content: {quizzes + bool(culture_quiz)} quizzes, {len(GLOSSARY)} glossary terms, "
        f"{podcasts} podcasts in {home}"
    )


def _seed_culture_quiz(home) -> Quiz | None:
    """The quiz "les institutions culturelles" of Les Fondamentaux (its
    activity comes from ``demo.courses``): a bank of its own, open now."""
    activity = Activity.objects.filter(
        course=home, kind=Activity.Kind.QUIZ, title="Quiz : les institutions culturelles"
    ).first()
    if activity is None:
        return None
    bank = _seed_bank(home, "Institutions culturelles", CULTURE_QUESTIONS)
    if not activity.body:
        activity.body = (
            "<p>Dix questions sur les institutions du livre et de la culture : ministère, "
            "établissements publics, grandes lois. Réussi à partir de 60 %, autant de "
            "tentatives que vous le souhaitez.</p>"
        )
        activity.save(update_fields=["body"])
    quiz, _ = Quiz.objects.get_or_create(
        activity=activity,
        defaults={
            "bank": bank,
            "draw_count": 10,
            "pass_mark": 60,
            "general_feedback": "Les fiches « Les politiques culturelles depuis 1959 » et "
            "« Les missions des bibliothèques » reprennent ces notions.",
        },
    )
    return quiz


def _seed_podcasts(home) -> int:
    """Each podcast with its recording (an MP3 of files/podcasts,
    through the upload gate of audio activities) and its transcript."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from content.services import audio_save

    count = 0
    for title, older, asset in PODCASTS:
        if older:
            Activity.objects.filter(course=home, kind=Activity.Kind.AUDIO, title=older).update(
                title=title
            )
        activity = Activity.objects.filter(kind=Activity.Kind.AUDIO, title=title).first()
        if activity is None:
            activity = Activity.objects.create(
                course=home,
                kind=Activity.Kind.AUDIO,
                title=title,
                section=_section(home, "Ressources"),
                completion_rule=Activity.CompletionRule.MANUAL,
            )
        count += 1
        media = AudioMedia.objects.filter(activity=activity).first()
        if media is not None and media.file:
            continue
        data = (PODCASTS_DIR / f"{asset}.mp3").read_bytes()
        transcript = (PODCASTS_DIR / f"{asset}.txt").read_text(encoding="utf-8")
        audio_save(
            actor=None,
            activity=activity,
            transcript=transcript,
            upload=SimpleUploadedFile(f"{asset}.mp3", data, content_type="audio/mpeg"),
        )
    return count
