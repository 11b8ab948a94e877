"""Writes of the content app. Keyword-only, atomic; access is checked here
for the quiz (a candidate acts on their own attempt) and by the views
(``content.permissions``) for the rest."""

import datetime
import logging
import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import mail, markup, uploads
from courses.api import Activity, clean_html, complete_activity
from notifications import api as notifications_api

from . import scoring
from .models import (
    Attempt,
    AttemptQuestion,
    AudioMedia,
    Choice,
    ErrorReport,
    GlossaryEntry,
    Question,
    QuestionBank,
    Quiz,
    QuizIncident,
    ReviewRecord,
    ReviewReminder,
)
from .permissions import can_attempt_quiz

logger = logging.getLogger("content.quiz")

_random = secrets.SystemRandom()

# Answers posted this long after the deadline are still taken (the click
# that left just in time, a slow connection); later ones are refused.
DEADLINE_GRACE = datetime.timedelta(seconds=30)


class QuizRefused(PermissionDenied):
    """A quiz request refused and logged (tampering, late or repeated
    submission). Nothing of it is saved or scored."""

    def __init__(self, reason: str, message: str, detail: dict | None = None):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.detail = detail or {}


# --- Quizzes -------------------------------------------------------------------


def _draw(quiz: Quiz) -> list[Question]:
    questions = list(quiz.bank.questions.filter(is_active=True).prefetch_related("choices"))
    if quiz.draw_count and quiz.draw_count < len(questions):
        questions = _random.sample(questions, quiz.draw_count)
        if not quiz.shuffle:
            questions.sort(key=lambda q: (q.position, q.pk))
    elif quiz.shuffle:
        _random.shuffle(questions)
    return questions


def _choice_order(quiz: Quiz, question: Question) -> list[int]:
    ids = [c.pk for c in sorted(question.choices.all(), key=lambda c: (c.position, c.pk))]
    if question.kind == Question.Kind.TRUE_FALSE:
        return ids  # "Vrai" then "Faux", always
    if quiz.shuffle or question.kind == Question.Kind.MATCHING:
        # Matching options are always shuffled, or the answer is the order.
        _random.shuffle(ids)
    return ids


@transaction.atomic
def attempt_start(*, actor, quiz: Quiz, now: datetime.datetime | None = None) -> Attempt:
    """Open an attempt of ``quiz`` for ``actor``, or give back the one in
    progress (after closing it if its time is over). The questions drawn and
    the order of their choices are stored with the attempt."""
    now = now or timezone.now()
    if not can_attempt_quiz(actor, quiz):
        raise PermissionDenied(_("Only candidates of this course can attempt the quiz."))
    current = (
        Attempt.objects.select_for_update()
        .filter(quiz=quiz, user=actor, state=Attempt.State.IN_PROGRESS)
        .first()
    )
    if current is not None:
        if not current.is_past_deadline(now - DEADLINE_GRACE):
            return current
        _close(current, now=current.deadline, timed_out=True)
    done = Attempt.objects.filter(quiz=quiz, user=actor).count()
    if quiz.max_attempts is not None and done >= quiz.max_attempts:
        raise ValidationError(_("You have used all the attempts allowed for this quiz."))
    questions = _draw(quiz)
    if not questions:
        raise ValidationError(_("This quiz has no question yet."))
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz,
                user=actor,
                number=done + 1,
                started_at=now,
                deadline=now + quiz.time_limit if quiz.time_limit else None,
            )
    except IntegrityError:
        # Started twice at once (two tabs): keep the one that won.
        return Attempt.objects.get(quiz=quiz, user=actor, state=Attempt.State.IN_PROGRESS)
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            question=question,
            position=position,
            choice_order=_choice_order(quiz, question),
        )
        for position, question in enumerate(questions, start=1)
    )
    return attempt


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _clean_response(slot: AttemptQuestion, raw: dict):
    """Turn the raw posted values of one question into its stored response,
    refusing ids that do not belong to the question."""
    question = slot.question
    choice_ids = {c.pk for c in question.choices.all()}
    values = [v for v in raw.get("values", []) if str(v).strip() != ""]

    def choice(value):
        pk = _int(value)
        if pk is None:
            raise QuizRefused(QuizIncident.Reason.MALFORMED, _("This answer is not valid."))
        if pk not in choice_ids:
            raise QuizRefused(
                QuizIncident.Reason.FOREIGN_CHOICE,
                _("This answer does not belong to the question."),
                {"slot": slot.pk, "choice": pk},
            )
        return pk

    kind = question.kind
    if kind in (Question.Kind.SINGLE, Question.Kind.TRUE_FALSE):
        if len(values) > 1:
            raise QuizRefused(QuizIncident.Reason.MALFORMED, _("This answer is not valid."))
        return {"choice": choice(values[0])} if values else None
    if kind == Question.Kind.MULTIPLE:
        return {"choices": sorted({choice(v) for v in values})} if values else None
    if kind in (Question.Kind.SHORT, Question.Kind.NUMERICAL):
        text = " ".join(str(v) for v in values)[:500]
        return {"text": text} if text.strip() else None
    if kind == Question.Kind.MATCHING:
        prompts = {c.pk for c in scoring.prompts_of(question.choices.all())}
        pairs = {}
        for prompt_key, value in (raw.get("pairs") or {}).items():
            prompt = choice(prompt_key)
            if prompt not in prompts:
                raise QuizRefused(
                    QuizIncident.Reason.FOREIGN_CHOICE,
                    _("This answer does not belong to the question."),
                    {"slot": slot.pk, "prompt": prompt},
                )
            if str(value).strip():
                pairs[str(prompt)] = choice(value)
        return {"pairs": pairs} if pairs else None
    raise QuizRefused(QuizIncident.Reason.MALFORMED, _("This answer is not valid."))


def _locked_attempt(actor, attempt: Attempt, now) -> Attempt:
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz__activity__course")
        .get(pk=attempt.pk)
    )
    if attempt.user_id != actor.pk or not can_attempt_quiz(actor, attempt.quiz):
        raise QuizRefused(QuizIncident.Reason.NOT_ALLOWED, _("You cannot answer this attempt."))
    if attempt.is_submitted:
        raise QuizRefused(
            QuizIncident.Reason.ALREADY_SUBMITTED,
            _("This attempt is already submitted: it cannot change any more."),
        )
    if attempt.is_past_deadline(now - DEADLINE_GRACE):
        raise QuizRefused(
            QuizIncident.Reason.PAST_DEADLINE,
            _("The time limit is over: these answers were not saved."),
            {"deadline": attempt.deadline.isoformat()},
        )
    return attempt


def _store_answers(attempt: Attempt, answers: dict, now) -> int:
    slots = {
        slot.pk: slot
        for slot in attempt.slots.select_related("question").prefetch_related("question__choices")
    }
    changed = []
    for slot_id, raw in answers.items():
        slot = slots.get(_int(slot_id))
        if slot is None:
            raise QuizRefused(
                QuizIncident.Reason.FOREIGN_QUESTION,
                _("This question is not part of your attempt."),
                {"slot": str(slot_id)[:20]},
            )
        response = _clean_response(slot, raw)
        if response != slot.response:
            slot.response = response
            slot.saved_at = now
            changed.append(slot)
    AttemptQuestion.objects.bulk_update(changed, ["response", "saved_at"])
    return len(changed)


def _log_refusal(*, actor, attempt: Attempt | None, refusal: QuizRefused) -> None:
    logger.warning(
        "quiz answer refused: user=%s attempt=%s reason=%s detail=%s",
        actor.pk,
        attempt.pk if attempt else None,
        refusal.reason,
        refusal.detail,
    )
    QuizIncident.objects.create(
        attempt=attempt, user=actor, reason=refusal.reason, detail=refusal.detail
    )


def _guarded(actor, attempt, now, work):
    """Run ``work`` atomically; a refusal is logged (in its own transaction,
    as the work is rolled back), an attempt past its time is closed with the
    answers saved in time, then the refusal is raised again."""
    try:
        with transaction.atomic():
            return work()
    except QuizRefused as refusal:
        with transaction.atomic():
            _log_refusal(actor=actor, attempt=attempt, refusal=refusal)
            if refusal.reason == QuizIncident.Reason.PAST_DEADLINE:
                attempt_close_expired(attempt=attempt, now=now)
        raise


def attempt_save(*, actor, attempt: Attempt, answers: dict, now=None) -> int:
    """Save ``actor``'s answers so far (``{slot id: {"values": [...],
    "pairs": {prompt id: option id}}}`` as posted). Returns the number of
    questions whose answer changed. Raises ``QuizRefused`` (logged, nothing
    saved) for a foreign id, a closed attempt or an attempt past its time."""
    now = now or timezone.now()

    def work():
        locked = _locked_attempt(actor, attempt, now)
        return _store_answers(locked, answers, now)

    return _guarded(actor, attempt, now, work)


def attempt_submit(*, actor, attempt: Attempt, answers: dict | None = None, now=None) -> Attempt:
    """Save the last answers, score and close ``attempt``; passing the quiz
    completes its activity. Submitting twice or too late is refused."""
    now = now or timezone.now()

    def work():
        locked = _locked_attempt(actor, attempt, now)
        if answers:
            _store_answers(locked, answers, now)
        return _close(locked, now=now, timed_out=False)

    return _guarded(actor, attempt, now, work)


def _close(attempt: Attempt, *, now, timed_out: bool) -> Attempt:
    total = Decimal("0")
    earned = Decimal("0")
    slots = list(attempt.slots.select_related("question").prefetch_related("question__choices"))
    for slot in slots:
        question = slot.question
        got = scoring.fraction(question.kind, list(question.choices.all()), slot.response)
        slot.score = scoring.points(got * question.points)
        total += question.points
        earned += slot.score
    AttemptQuestion.objects.bulk_update(slots, ["score"])
    attempt.score = scoring.points(earned)
    attempt.max_score = scoring.points(total)
    attempt.percent = scoring.points(100 * earned / total) if total else Decimal("0")
    attempt.passed = attempt.percent >= attempt.quiz.pass_mark
    attempt.state = Attempt.State.SUBMITTED
    attempt.submitted_at = now
    attempt.timed_out = timed_out
    attempt.save(
        update_fields=[
            "score",
            "max_score",
            "percent",
            "passed",
            "state",
            "submitted_at",
            "timed_out",
        ]
    )
    if attempt.passed:
        # Passing once completes the activity for good (even if a later
        # attempt counts for the grade).
        complete_activity(user=attempt.user, activity=attempt.quiz.activity, source="quiz")
    return attempt


@transaction.atomic
def attempt_close_expired(*, attempt: Attempt, now=None) -> bool:
    """Close an attempt whose time is over, scoring the answers saved in
    time. Idempotent; returns True when it closed it."""
    now = now or timezone.now()
    attempt = (
        Attempt.objects.select_for_update(of=("self",))
        .select_related("quiz__activity", "user")
        .get(pk=attempt.pk)
    )
    if attempt.is_submitted or not attempt.is_past_deadline(now - DEADLINE_GRACE):
        return False
    _close(attempt, now=attempt.deadline, timed_out=True)
    return True


def quiz_refusal_log(*, actor, attempt: Attempt | None, refusal: QuizRefused) -> None:
    """Record a refusal decided before reaching a service (a malformed post)."""
    _log_refusal(actor=actor, attempt=attempt, refusal=refusal)


# --- Quiz authoring (producers) ---------------------------------------------------


_SHARE = re.compile(r"^(?P<share>[-+]?\d{1,3}(?:[.,]\d+)?)\s*%\s+")
_FEEDBACK = " // "
_MARGIN = re.compile(r"\s*(?:±|\+-|\+/-|:)\s*")


def _split_feedback(row: str) -> tuple[str, str]:
    text, _sep, feedback = f"{row} ".partition(_FEEDBACK)
    return text.strip(), feedback.strip()[:500]


def _share(row: str) -> tuple[Decimal | None, str]:
    match = _SHARE.match(row)
    if not match:
        return None, row
    value = Decimal(match["share"].replace(",", ".")) / 100
    if not -1 <= value <= 1:
        raise ValidationError({"lines": _("A share of the points is between -100 % and 100 %.")})
    return value, row[match.end() :]


def _choice_lines(kind: str, lines: str, correct_answer: str) -> list[Choice]:
    """Choices of a question from the producer's lines (one per line):
    "* right" / "wrong" for choice questions, every accepted answer for
    short answers, "value" or "value ± margin" for numerical answers, "item
    = answer" for matching ("= answer" alone: an extra wrong answer);
    ``correct_answer`` ("true"/"false") for true or false. A line may start
    with a share of the points ("50 % UNIMARC", "-50 % PDF/A", "0 % *") and
    end with " // " and the feedback shown when it is chosen."""
    rows = [line.strip() for line in (lines or "").splitlines() if line.strip()]
    K = Question.Kind
    if kind == K.TRUE_FALSE:
        if correct_answer not in ("true", "false"):
            raise ValidationError({"correct_answer": _("Say whether the statement is true.")})
        feedbacks = {"true": "", "false": ""}
        for row in rows:
            label, feedback = _split_feedback(row)
            key = {"vrai": "true", "true": "true", "faux": "false", "false": "false"}.get(
                scoring.normalise_answer(label)
            )
            if key:
                feedbacks[key] = feedback
        return [
            Choice(text=_("True"), is_correct=correct_answer == "true", feedback=feedbacks["true"]),
            Choice(
                text=_("False"), is_correct=correct_answer == "false", feedback=feedbacks["false"]
            ),
        ]
    choices = []
    for row in rows:
        if kind == K.MATCHING:
            item, sep, answer = row.partition("=")
            choices.append(
                Choice(text=item.strip()[:500], match=answer.strip()[:500] if sep else "")
            )
            continue
        text, feedback = _split_feedback(row)
        star = kind in (K.SINGLE, K.MULTIPLE) and text.startswith("*")
        if star:
            text = text[1:].strip()
        share, text = _share(text)
        choice = Choice(text=text.strip()[:500], fraction=share, feedback=feedback)
        if kind == K.NUMERICAL:
            parts = _MARGIN.split(choice.text, maxsplit=1)
            value = parts[0].strip()
            number = scoring.parse_number(value)
            margin_value = scoring.parse_number(parts[1]) if len(parts) > 1 else Decimal(0)
            if (
                (value != scoring.ANY and number is None)
                or margin_value is None
                or margin_value < 0
            ):
                raise ValidationError(
                    {
                        "lines": _("“%(line)s” is not a number (or a number ± a margin).")
                        % {"line": row}
                    }
                )
            choice.text = value if value == scoring.ANY else format(number.normalize(), "f")
            choice.tolerance = margin_value
        if share is None:
            choice.is_correct = star or kind in (K.SHORT, K.NUMERICAL)
        else:
            choice.is_correct = share >= 1 if kind == K.SINGLE else share > 0
        choices.append(choice)
    return choices


def check_choices(kind: str, choices: list[Choice]) -> None:
    """The one rule for a question's choices, from the editor or an import:
    raises ``ValidationError`` (on ``lines``) saying what is missing."""
    K = Question.Kind
    if kind == K.TRUE_FALSE:
        if len(choices) != 2 or sum(c.is_correct for c in choices) != 1:
            raise ValidationError({"lines": _("A true-or-false question has one right answer.")})
        return
    if kind in (K.SHORT, K.NUMERICAL):
        if not any(c.is_correct for c in choices):
            raise ValidationError({"lines": _("Give at least one accepted answer.")})
        return
    if kind == K.MATCHING:
        pairs = [c for c in choices if c.text and c.match]
        if len(pairs) < 2 or any(not c.match for c in choices):
            raise ValidationError(
                {"lines": _("Give at least two lines of the form “item = answer”.")}
            )
        return
    right = sum(c.is_correct for c in choices)
    if (
        len(choices) < 2
        or right < 1
        or (kind == K.SINGLE and right != 1)
        or any(not c.text for c in choices)
    ):
        raise ValidationError(
            {
                "lines": _(
                    "Give at least two choices, one per line, and mark the right one with a "
                    "star (*); a single-choice question has exactly one."
                )
            }
        )


def clean_rich_text(html: str) -> str:
    """Question texts and explanations: plain text or HTML, kept as the
    sheets' sanitiser allows (courses.api.clean_html)."""
    return clean_html(html or "").strip()


def _save_choices(question: Question, choices: list[Choice]) -> None:
    question.choices.all().delete()
    for index, choice in enumerate(choices):
        choice.question, choice.position = question, index
    Choice.objects.bulk_create(choices)


@transaction.atomic
def question_save(
    *,
    actor,
    bank: QuestionBank,
    question: Question | None = None,
    kind: str,
    text: str,
    feedback: str = "",
    points=1,
    lines: str = "",
    correct_answer: str = "",
    name: str = "",
    choices: list[Choice] | None = None,
) -> Question:
    """Create or change a bank question, from the editor's ``lines`` or from
    ready ``choices`` (imports). A question already drawn in an attempt is
    never changed (its answers point at its choices): saving it retires it
    and creates a new version in its place."""
    if kind not in Question.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of question.")})
    if choices is None:
        choices = _choice_lines(kind, lines, correct_answer)
    check_choices(kind, choices)
    text = clean_rich_text(text)
    if not text:
        raise ValidationError({"text": _("The question has no text.")})
    position = question.position if question else bank.questions.count() + 1
    if question is not None and AttemptQuestion.objects.filter(question=question).exists():
        question.is_active = False
        question.save(update_fields=["is_active"])
        question = None
    if question is None:
        question = Question(bank=bank, position=position)
    question.kind, question.text = kind, text
    question.feedback = clean_rich_text(feedback)
    question.name = (name or "").strip()[:255]
    question.points = points
    question.is_active = True
    question.save()
    _save_choices(question, choices)
    return question


@transaction.atomic
def question_retire(*, actor, question: Question) -> Question:
    """Take a question out of the draws (kept for past attempts)."""
    question.is_active = False
    question.save(update_fields=["is_active"])
    return question


@transaction.atomic
def quiz_configure(*, actor, activity: Activity, bank_name: str = "", **settings_) -> Quiz:
    """Create or change the quiz of a ``quiz`` activity. ``bank`` may be
    None with a ``bank_name``: a new bank of the course is created."""
    if activity.kind != Activity.Kind.QUIZ:
        raise ValidationError(_("Only quiz activities carry a quiz."))
    bank = settings_.pop("bank", None)
    if bank is None:
        if not bank_name.strip():
            raise ValidationError({"bank": _("Choose a question bank or name a new one.")})
        bank, _created = QuestionBank.objects.get_or_create(
            course=activity.course, name=bank_name.strip()[:200]
        )
    elif bank.course_id != activity.course_id:
        raise ValidationError({"bank": _("This bank belongs to another course.")})
    quiz, _created = Quiz.objects.update_or_create(
        activity=activity, defaults={"bank": bank, **settings_}
    )
    return quiz


# --- Glossary ------------------------------------------------------------------


def sanitise_html(html: str) -> str:
    """A glossary definition through the site's sanitiser, policy "plain"
    (core/markup.py): inline and list tags only, links get
    rel="noopener noreferrer"."""
    return markup.clean(html, "plain")


def clean_aliases(aliases) -> str:
    """Other forms of a term, one per line, without blanks or repeats."""
    lines = aliases.splitlines() if isinstance(aliases, str) else list(aliases)
    seen, kept = set(), []
    for line in lines:
        alias = " ".join(str(line).split())[:200]
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            kept.append(alias)
    return "\n".join(kept)


@transaction.atomic
def glossary_entry_save(
    *,
    actor,
    course,
    term: str,
    definition: str,
    see_also=(),
    entry: GlossaryEntry | None = None,
    as_producer: bool,
    aliases: str | None = None,
) -> GlossaryEntry:
    """Create or edit a glossary entry. A producer's entry is published at
    once; a candidate's is a proposal awaiting a producer's approval."""
    definition = sanitise_html(definition)
    if not term.strip() or not definition:
        raise ValidationError(_("A term and its definition are required."))
    if entry is None:
        entry = GlossaryEntry(
            course=course,
            status=(
                GlossaryEntry.Status.APPROVED if as_producer else GlossaryEntry.Status.PROPOSED
            ),
            proposed_by=None if as_producer else actor,
        )
    elif not as_producer:
        raise PermissionDenied
    entry.term = term.strip()
    entry.definition = definition
    if aliases is not None:
        entry.aliases = clean_aliases(aliases)
    entry.updated_at = timezone.now()
    entry.save()
    entry.see_also.set([e for e in see_also if e.course_id == course.pk and e.pk != entry.pk])
    return entry


@transaction.atomic
def glossary_entry_moderate(*, actor, entry: GlossaryEntry, approve: bool) -> GlossaryEntry:
    """A producer approves (publishes) or rejects a proposed entry."""
    entry = GlossaryEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != GlossaryEntry.Status.PROPOSED:
        raise ValidationError(_("This entry is not awaiting approval."))
    entry.status = GlossaryEntry.Status.APPROVED if approve else GlossaryEntry.Status.REJECTED
    entry.updated_at = timezone.now()
    entry.save(update_fields=["status", "updated_at"])
    return entry


# --- Media ---------------------------------------------------------------------


def check_audio(upload) -> uploads.CheckedFile:
    """``upload`` checked as a recording by ``core.uploads`` (typed by its
    content, at most ``CONTENT_AUDIO_MAX_BYTES``). The uploaded name is not
    kept (the file is stored as ``podcast-<id>``), so it is not checked
    against the content either: the extension comes from the content."""
    stem = uploads.split_extension(uploads.clean_name(upload.name or ""))[0]
    upload.name = stem.replace(".", "_")  # "cours.wav.mp3": no extension left to disagree
    return uploads.check_upload(
        upload, kinds=uploads.AUDIO, max_size=settings.CONTENT_AUDIO_MAX_BYTES
    )


@transaction.atomic
def audio_save(*, actor, activity: Activity, transcript: str, upload=None) -> AudioMedia:
    """Set the recording and transcript of an audio activity. The upload is
    checked first: a refused file changes nothing."""
    if activity.kind != Activity.Kind.AUDIO:
        raise ValidationError(_("Only audio activities carry a recording."))
    checked = check_audio(upload) if upload is not None else None
    media, _created = AudioMedia.objects.select_for_update().get_or_create(activity=activity)
    media.transcript = transcript
    media.updated_at = timezone.now()
    if checked is not None:
        old = media.file.name
        # The stored name is ours: nothing of the uploaded name is kept.
        media.file.save(f"podcast-{activity.pk}{checked.extension}", checked.upload, save=False)
        new_name = media.file.name
        # The type as detected from the content (audio/x-wav, audio/x-flac...),
        # as recorded before core.uploads.
        media.content_type = uploads.KINDS[checked.kind].detected[0]
        if old:
            transaction.on_commit(lambda: uploads.delete_quietly([old]))
    try:
        media.save()
    except BaseException:
        if checked is not None:
            uploads.delete_quietly([new_name])
        raise
    return media


# --- Yearly review -------------------------------------------------------------


@transaction.atomic
def activity_mark_reviewed(
    *, actor, activity: Activity, note: str = "", today: datetime.date | None = None
) -> ReviewRecord:
    """Record a producer's review of ``activity`` and date it on the
    activity ("Mis à jour le ...")."""
    today = today or timezone.localdate()
    record = ReviewRecord.objects.create(
        activity=activity, reviewer=actor, reviewed_on=today, note=note.strip()
    )
    Activity.objects.filter(pk=activity.pk).update(last_reviewed_on=today)
    activity.last_reviewed_on = today
    return record


def review_reminders_prepare(*, today: datetime.date | None = None) -> list[int]:
    """Write this month's reminder of each course with something to review
    and send each after commit. Safe to run twice in a month: a reminder
    already written is not sent again. Returns the new reminder ids."""
    from .selectors import activities_to_review_by_course, producers_of

    today = today or timezone.localdate()
    month = today.replace(day=1)
    grouped = activities_to_review_by_course(today)
    emails = producers_of(grouped)
    created = []
    with transaction.atomic():
        for course_id, activities in grouped.items():
            recipients = emails.get(course_id)
            if not recipients:
                continue
            reminder, was_created = ReviewReminder.objects.get_or_create(
                course_id=course_id,
                month=month,
                defaults={"recipients": recipients, "activity_ids": [a.pk for a in activities]},
            )
            if was_created:
                created.append(reminder.pk)
        for pk in created:
            transaction.on_commit(lambda pk=pk: review_reminder_send(reminder_id=pk, today=today))
    return created


@transaction.atomic
def review_reminder_send(*, reminder_id: int, today: datetime.date | None = None) -> bool:
    """Send one production group its "À relire" list (once)."""
    reminder = (
        ReviewReminder.objects.select_for_update().select_related("course").get(pk=reminder_id)
    )
    if reminder.sent_at is not None:
        return False
    activities = list(
        Activity.objects.filter(pk__in=reminder.activity_ids)
        .select_related("section", "course")
        .order_by("section__position", "position", "pk")
    )
    context = {
        "course": reminder.course,
        "activities": activities,
        "review_url": settings.SITE_URL.rstrip("/") + "/relecture/",
        "today": today or timezone.localdate(),
    }
    mail.send(
        "content/emails/review_reminder",
        reminder.recipients,
        context,
        dedup_key=f"content.review-reminder:{reminder.pk}",
    )
    reminder.sent_at = timezone.now()
    reminder.save(update_fields=["sent_at"])
    return True


# --- Error reports -------------------------------------------------------------


@transaction.atomic
def error_report_create(*, actor, activity: Activity, text: str) -> ErrorReport:
    """File what ``actor`` found wrong in ``activity``; the activity shows in
    its producers' "À relire" list until the report is closed. It is also
    posted in the "Signalements" forum of the reporter's preparation, where
    the staff and the reporter can discuss it."""
    from django.urls import reverse

    from forums import api as forums_api

    text = text.strip()
    if len(text) < 10:
        raise ValidationError(_("Please say in a few words what is wrong."))
    report = ErrorReport.objects.create(activity=activity, reporter=actor, text=text[:5000])
    forums_api.report_error(
        reporter=actor,
        activity=activity,
        text=report.text,
        report_url=reverse("content:report", kwargs={"report_id": report.pk}),
    )
    return report


@transaction.atomic
def error_report_answer(*, actor, report: ErrorReport, status: str, answer: str) -> ErrorReport:
    """A producer answers a report and sets its status. When the answer or
    the status changes, the reporter is emailed (through the outbox, after
    commit); they also read it on the report and on the activity."""
    if status not in ErrorReport.Status.values:
        raise ValidationError(_("Unknown status."))
    report = (
        ErrorReport.objects.select_for_update(of=("self",))
        .select_related("activity__course", "reporter")
        .get(pk=report.pk)
    )
    answer = answer.strip()
    changed = (status, answer) != (report.status, report.answer)
    if status in (ErrorReport.Status.RESOLVED, ErrorReport.Status.REJECTED) and not answer:
        raise ValidationError(_("Tell the reporter what was done: write an answer."))
    report.status = status
    report.answer = answer
    report.answered_by = actor
    report.answered_at = timezone.now()
    report.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    if changed and answer:
        _notify_report_answer(report)
        if report.reporter.email and notifications_api.email_now(
            report.reporter, notifications_api.REPORT_ANSWERED
        ):
            _email_report_answer(report)
    return report


def _notify_report_answer(report: ErrorReport) -> None:
    """The answer in the reporter's notifications (read on opening the report)."""
    notifications_api.notify(
        user_ids=[report.reporter_id],
        kind=notifications_api.REPORT_ANSWERED,
        title=_("Your error report was answered: %(title)s") % {"title": report.activity.title},
        url=report.get_absolute_url(),
        target=f"content.report:{report.pk}",
        dedup_key=f"content.report-answer:{report.pk}:{report.answered_at.timestamp():.0f}",
    )


def _email_report_answer(report: ErrorReport) -> None:
    """The reporter's "your report was answered" email, queued in the
    outbox (sent after commit, once per answer)."""
    context = {
        "report": report,
        "activity": report.activity,
        "report_url": settings.SITE_URL.rstrip("/") + report.get_absolute_url(),
    }
    mail.send(
        "content/emails/report_answered",
        [report.reporter.email],
        context,
        dedup_key=f"content-report-answer-{report.pk}-{report.answered_at.timestamp():.0f}",
    )
