"""Quiz, glossary and report factories of the content tests."""

import factory

from content.models import Choice, ErrorReport, GlossaryEntry, Question, QuestionBank, Quiz
from courses.models import Activity
from tests.factories import ActivityFactory, CourseFactory, UserFactory


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank

    course = factory.SubFactory(CourseFactory)
    name = factory.Sequence(lambda n: f"Banque {n}")


class QuizFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quiz

    activity = factory.SubFactory(
        ActivityFactory,
        kind=Activity.Kind.QUIZ,
        title=factory.Sequence(lambda n: f"Quiz n° {n}"),
        completion_rule=Activity.CompletionRule.QUIZ_PASS,
    )
    bank = factory.LazyAttribute(lambda q: QuestionBankFactory(course=q.activity.course))
    shuffle = False
    pass_mark = 50


class GlossaryEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GlossaryEntry

    course = factory.SubFactory(CourseFactory)
    term = factory.Sequence(lambda n: f"Terme {n:05d}")
    definition = "<p>Une définition.</p>"


class ErrorReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ErrorReport

    activity = factory.SubFactory(ActivityFactory)
    reporter = factory.SubFactory(UserFactory)
    text = "La date citée dans le deuxième paragraphe est fausse."


def add_question(bank, kind, text="Question ?", position=0, points=1, feedback="Parce que."):
    """A question of ``kind`` with known choices (see the scoring tests)."""
    question = Question.objects.create(
        bank=bank, kind=kind, text=text, position=position, points=points, feedback=feedback
    )
    K = Question.Kind
    if kind == K.SINGLE:
        specs = [("Paris", True, ""), ("Lyon", False, "Non, Lyon n'est pas la capitale.")]
    elif kind == K.MULTIPLE:
        specs = [("Neutralité", True, ""), ("Réserve", True, ""), ("Grève", False, "")]
    elif kind == K.TRUE_FALSE:
        specs = [("Vrai", True, ""), ("Faux", False, "")]
    elif kind == K.SHORT:
        specs = [("Désherbage", True, ""), ("Sudoc", True, "")]
    else:
        specs = None
    if specs is not None:
        for index, (t, correct, fb) in enumerate(specs):
            Choice.objects.create(
                question=question, text=t, is_correct=correct, feedback=fb, position=index
            )
    else:
        for index, (prompt, answer) in enumerate(
            [("000", "Généralités"), ("800", "Littérature"), ("900", "Histoire")]
        ):
            Choice.objects.create(question=question, text=prompt, match=answer, position=index)
    return question


KINDS = ["single", "multiple", "true_false", "short", "matching"]


def fill_bank(bank, count):
    return [
        add_question(bank, KINDS[i % len(KINDS)], text=f"Question {i + 1} ?", position=i)
        for i in range(count)
    ]


def right_answers(attempt) -> dict:
    """The posted form of a perfect paper for ``attempt``."""
    answers = {}
    for slot in attempt.slots.select_related("question").prefetch_related("question__choices"):
        choices = list(slot.question.choices.all())
        kind = slot.question.kind
        if kind in ("single", "true_false", "multiple"):
            values = [str(c.pk) for c in choices if c.is_correct]
            answers[str(slot.pk)] = {"values": values, "pairs": {}}
        elif kind == "short":
            answers[str(slot.pk)] = {"values": [" desherbage "], "pairs": {}}
        else:
            answers[str(slot.pk)] = {
                "values": [],
                "pairs": {str(c.pk): str(c.pk) for c in choices},
            }
    return answers


def wrong_answers(attempt) -> dict:
    answers = {}
    for slot in attempt.slots.select_related("question").prefetch_related("question__choices"):
        choices = list(slot.question.choices.all())
        kind = slot.question.kind
        if kind in ("single", "true_false", "multiple"):
            values = [str(c.pk) for c in choices if not c.is_correct][:1]
            answers[str(slot.pk)] = {"values": values, "pairs": {}}
        elif kind == "short":
            answers[str(slot.pk)] = {"values": ["catalogage"], "pairs": {}}
        else:
            ids = [c.pk for c in choices]
            answers[str(slot.pk)] = {
                "values": [],
                "pairs": {str(a): str(b) for a, b in zip(ids, ids[1:] + ids[:1], strict=True)},
            }
    return answers


def as_post(answers: dict, action: str | None = None) -> dict:
    """Turn service-style answers into the POST body of the quiz form."""
    data: dict = {"slot": list(answers)}
    for slot, raw in answers.items():
        if raw["values"]:
            data[f"a-{slot}"] = raw["values"]
        for prompt, option in raw["pairs"].items():
            data[f"a-{slot}-{prompt}"] = option
    if action:
        data["action"] = action
    return data


def restore_real_exams() -> None:
    """Put back the exams created by a data migration: a transactional test
    (real worker, browser) flushes them when it ends."""
    from importlib import import_module

    from django.apps import apps

    import_module("courses.migrations.0002_real_exams").create_exams(apps, None)
