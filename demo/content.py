"""Demo content: a self-assessment quiz per exam course, the quiz on
cultural institutions and a glossary of library terms in Les Fondamentaux,
the podcasts with their recordings (files/podcasts) and transcripts
(data/podcasts); the texts are files under data/content.
Idempotent (get_or_create on natural keys)."""

from pathlib import Path

from content.models import AudioMedia, Choice, GlossaryEntry, Question, QuestionBank, Quiz
from content.services import sanitise_html
from courses.api import Activity, Course, Exam
from demo import texts

SINGLE, MULTIPLE, TRUE_FALSE, SHORT, MATCHING = (
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.TRUE_FALSE,
    Question.Kind.SHORT,
    Question.Kind.MATCHING,
)

# (kind, question, explanation, choices), from demo/data/content/questions.json
# (see ``demo.texts.questions`` for the choices of each kind).
QUESTIONS = [(Question.Kind(kind), *rest) for kind, *rest in texts.questions("questions")]

# (term, definition) and the terms each term sends to: demo/data/content/glossary.json.
_GLOSSARY = texts.data("content/glossary.json")
GLOSSARY = [tuple(entry) for entry in _GLOSSARY["terms"]]
SEE_ALSO = _GLOSSARY["see_also"]

# Questions of the "Quiz : les institutions culturelles" of Les Fondamentaux
# (same layout as QUESTIONS).
CULTURE_QUESTIONS = [
    (Question.Kind(kind), *rest) for kind, *rest in texts.questions("culture_questions")
]

PODCASTS_DIR = Path(__file__).resolve().parent / "files" / "podcasts"

# (title, older title to rename, asset name): the recordings are made by
# files/podcasts/make_podcasts.sh from their transcripts (data/podcasts).
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
        transcript = texts.text(f"podcasts/{asset}.txt")
        audio_save(
            actor=None,
            activity=activity,
            transcript=transcript,
            upload=SimpleUploadedFile(f"{asset}.mp3", data, content_type="audio/mpeg"),
        )
    return count
