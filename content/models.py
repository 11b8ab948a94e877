"""Content life of the courses: auto-corrective quizzes with question banks,
glossaries, audio media, yearly reviews and error reports.

Every object here hangs off a ``courses.Activity`` or a ``courses.Course``
(never the other way round: the courses app does not know this one)."""

import datetime
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.markup import RichTextField

# --- Quizzes -------------------------------------------------------------------


class QuestionBank(models.Model):
    """A course's pool of questions; a quiz draws from one bank."""

    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="question_banks",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["course", "name"]
        constraints = [
            models.UniqueConstraint(fields=["course", "name"], name="content_bank_unique_name")
        ]

    def __str__(self):
        return f"{self.name} ({self.course})"


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TRUE_FALSE = "true_false", _("true or false")
        SHORT = "short", _("short answer")
        NUMERICAL = "numerical", _("numerical answer")
        MATCHING = "matching", _("matching")

    bank = models.ForeignKey(
        QuestionBank, verbose_name=_("bank"), related_name="questions", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(
        _("title"), max_length=255, blank=True, help_text=_("For the bank list and exports only.")
    )
    text = models.TextField(_("question"), help_text=_("Plain text or sanitised HTML."))
    feedback = models.TextField(
        _("explanation"), blank=True, help_text=_("Shown with the corrections.")
    )
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, default=1)
    position = models.PositiveIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["bank", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(points__gt=0), name="content_question_points_gt_0")
        ]

    def __str__(self):
        return self.text[:80]


class Choice(models.Model):
    """One option of a question. Short answers: each accepted answer is a
    correct choice (``*`` stands for any characters). Numerical answers:
    ``text`` is the value ("*" for any number) and ``tolerance`` the margin.
    Matching: ``text`` is the prompt, ``match`` its answer; a choice with a
    ``match`` and no ``text`` is an extra wrong answer.

    ``fraction`` is the share of the question's points the choice is worth,
    from -1 to 1 (Moodle's answer grade); empty, a right choice is worth all
    the points (multiple choice: its share of them) and a wrong one nothing
    (multiple choice: takes one right tick back)."""

    question = models.ForeignKey(
        Question, verbose_name=_("question"), related_name="choices", on_delete=models.CASCADE
    )
    text = models.CharField(_("text"), max_length=500, blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)
    fraction = models.DecimalField(
        _("share of the points"), max_digits=8, decimal_places=7, null=True, blank=True
    )
    tolerance = models.DecimalField(
        _("tolerance"), max_digits=20, decimal_places=7, null=True, blank=True
    )
    match = models.CharField(_("matching answer"), max_length=500, blank=True)
    feedback = models.CharField(_("feedback when chosen"), max_length=500, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fraction__isnull=True) | Q(fraction__gte=-1, fraction__lte=1),
                name="content_choice_fraction_range",
            ),
            models.CheckConstraint(
                condition=Q(tolerance__isnull=True) | Q(tolerance__gte=0),
                name="content_choice_tolerance_positive",
            ),
        ]

    def __str__(self):
        return self.text[:80]


class Quiz(models.Model):
    """The auto-corrective quiz behind a ``quiz`` activity."""

    class Grading(models.TextChoices):
        BEST = "best", _("best attempt")
        LAST = "last", _("last attempt")

    activity = models.OneToOneField(
        "courses.Activity",
        verbose_name=_("activity"),
        related_name="quiz",
        on_delete=models.CASCADE,
    )
    bank = models.ForeignKey(
        QuestionBank,
        verbose_name=_("question bank"),
        related_name="quizzes",
        on_delete=models.PROTECT,
    )
    draw_count = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        help_text=_("Drawn at random from the bank; empty for every question."),
    )
    shuffle = models.BooleanField(_("shuffle questions and choices"), default=True)
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, help_text=_("Empty for unlimited.")
    )
    time_limit = models.DurationField(_("time limit"), null=True, blank=True)
    grading = models.CharField(
        _("grade kept"), max_length=10, choices=Grading.choices, default=Grading.BEST
    )
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=50, help_text=_("Percentage needed to pass.")
    )
    general_feedback = models.TextField(_("general feedback"), blank=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="content_quiz_pass_mark")
        ]

    def __str__(self):
        return str(self.activity)

    def get_absolute_url(self):
        return reverse("content:quiz", kwargs={"quiz_id": self.pk})

    @property
    def time_limit_minutes(self) -> int | None:
        return int(self.time_limit.total_seconds() // 60) if self.time_limit else None


class Attempt(models.Model):
    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        SUBMITTED = "submitted", pgettext_lazy("attempt state", "submitted")

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), related_name="attempts", on_delete=models.CASCADE
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        related_name="quiz_attempts",
        on_delete=models.CASCADE,
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS
    )
    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    deadline = models.DateTimeField(_("time limit"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    timed_out = models.BooleanField(_("closed by the time limit"), default=False)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True)
    max_score = models.DecimalField(_("out of"), max_digits=7, decimal_places=2, null=True)
    percent = models.DecimalField(_("percentage"), max_digits=5, decimal_places=2, null=True)
    passed = models.BooleanField(_("passed"), default=False)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user", "number"], name="content_attempt_unique_number"
            ),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(state="in_progress"),
                name="content_attempt_one_in_progress",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.quiz} #{self.number}"

    def get_absolute_url(self):
        return reverse("content:attempt", kwargs={"quiz_id": self.quiz_id, "attempt_id": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.state == self.State.SUBMITTED

    def is_past_deadline(self, now=None) -> bool:
        return self.deadline is not None and (now or timezone.now()) > self.deadline


class AttemptQuestion(models.Model):
    """A question drawn for an attempt, in the order shown, with the order of
    its choices: a reload shows the same paper. ``response`` is what the
    candidate answered so far (saved as they go)."""

    attempt = models.ForeignKey(
        Attempt, verbose_name=_("attempt"), related_name="slots", on_delete=models.CASCADE
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), related_name="+", on_delete=models.PROTECT
    )
    position = models.PositiveSmallIntegerField(_("position"))
    choice_order = models.JSONField(_("order of the choices"), default=list)
    response = models.JSONField(_("answer"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2, null=True)
    saved_at = models.DateTimeField(_("saved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question of an attempt")
        verbose_name_plural = _("questions of an attempt")
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "question"], name="content_slot_unique")
        ]

    def __str__(self):
        return f"{self.attempt} — {self.position}"


class QuizIncident(models.Model):
    """A refused quiz request (tampered ids, late or repeated submission):
    kept for the trainers and the administrators, never scored."""

    class Reason(models.TextChoices):
        FOREIGN_CHOICE = "foreign_choice", _("answer not belonging to the question")
        FOREIGN_QUESTION = "foreign_question", _("question not in the attempt")
        ALREADY_SUBMITTED = "already_submitted", _("attempt already submitted")
        PAST_DEADLINE = "past_deadline", _("after the time limit")
        NOT_ALLOWED = "not_allowed", _("not allowed to attempt")
        MALFORMED = "malformed", _("malformed answer")

    attempt = models.ForeignKey(
        Attempt,
        verbose_name=_("attempt"),
        related_name="incidents",
        on_delete=models.CASCADE,
        null=True,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), related_name="+", on_delete=models.CASCADE
    )
    reason = models.CharField(_("reason"), max_length=30, choices=Reason.choices)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("refused quiz answer")
        verbose_name_plural = _("refused quiz answers")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.user} — {self.get_reason_display()}"


# --- Glossary ------------------------------------------------------------------


def index_letter(term: str) -> str:
    """The index letter of a term: first letter without accent, upper case;
    "#" for digits and signs."""
    stripped = unicodedata.normalize("NFKD", term.strip())
    for char in stripped:
        if unicodedata.combining(char):
            continue
        char = char.upper()
        return char if "A" <= char <= "Z" else "#"
    return "#"


class GlossaryEntry(models.Model):
    class Status(models.TextChoices):
        APPROVED = "approved", _("published")
        PROPOSED = "proposed", _("proposed, awaiting approval")
        REJECTED = "rejected", _("rejected")

    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="glossary_entries",
        on_delete=models.CASCADE,
    )
    term = models.CharField(_("term"), max_length=200)
    letter = models.CharField(_("index letter"), max_length=1, editable=False)
    definition = RichTextField(_("definition"), policy="plain", help_text=_("Sanitised HTML."))
    aliases = models.TextField(
        _("other forms"),
        blank=True,
        help_text=_("Synonyms, abbreviations or spellings, one per line; found by the search."),
    )
    see_also = models.ManyToManyField(
        "self", verbose_name=_("see also"), symmetrical=False, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.APPROVED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("glossary entry")
        verbose_name_plural = _("glossary entries")
        ordering = ["letter", "term"]
        indexes = [models.Index(fields=["course", "status", "letter"])]

    def __str__(self):
        return self.term

    def save(self, *args, **kwargs):
        self.letter = index_letter(self.term)
        super().save(*args, **kwargs)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


# --- Media ---------------------------------------------------------------------


class AudioMedia(models.Model):
    """The recording and transcript of an ``audio`` (podcast) activity."""

    activity = models.OneToOneField(
        "courses.Activity",
        verbose_name=_("activity"),
        related_name="audio_media",
        on_delete=models.CASCADE,
    )
    file = models.FileField(_("audio file"), upload_to="content/audio/%Y/", blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    transcript = models.TextField(_("transcript"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("audio recording")
        verbose_name_plural = _("audio recordings")

    def __str__(self):
        return str(self.activity)


# --- Yearly review and error reports --------------------------------------------


REVIEW_PERIOD = datetime.timedelta(days=365)


class ReviewRecord(models.Model):
    """A producer's yearly review of an activity."""

    activity = models.ForeignKey(
        "courses.Activity",
        verbose_name=_("activity"),
        related_name="review_records",
        on_delete=models.CASCADE,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        related_name="+",
        on_delete=models.PROTECT,
    )
    reviewed_on = models.DateField(_("reviewed on"))
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"{self.activity} — {self.reviewed_on}"


class ReviewReminder(models.Model):
    """The monthly "À relire" email of a course's production group: one row
    per course and month, so the task can run twice without sending twice."""

    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), related_name="+", on_delete=models.CASCADE
    )
    month = models.DateField(_("month"))
    recipients = models.JSONField(_("recipients"), default=list)
    activity_ids = models.JSONField(_("activities listed"), default=list)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review reminder")
        verbose_name_plural = _("review reminders")
        constraints = [
            models.UniqueConstraint(fields=["course", "month"], name="content_reminder_unique")
        ]

    def __str__(self):
        return f"{self.course} — {self.month:%Y-%m}"


class ErrorReport(models.Model):
    """ "Signaler une erreur": what someone found wrong in an activity."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        IN_PROGRESS = "in_progress", _("being handled")
        RESOLVED = "resolved", _("corrected")
        REJECTED = "rejected", _("not an error")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    activity = models.ForeignKey(
        "courses.Activity",
        verbose_name=_("activity"),
        related_name="error_reports",
        on_delete=models.CASCADE,
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        related_name="error_reports",
        on_delete=models.CASCADE,
    )
    text = models.TextField(_("what is wrong"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("reported at"), default=timezone.now)
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("error report")
        verbose_name_plural = _("error reports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["activity", "status"])]

    def __str__(self):
        return f"{self.activity} — {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("content:report", kwargs={"report_id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


# --- Imports from Moodle ---------------------------------------------------------


class EmbeddedFile(models.Model):
    """A file shown or linked inside an activity's text (an image of a fiche,
    a document a page links to), brought in with a Moodle backup. Served
    only to those who may open the activity."""

    activity = models.ForeignKey(
        "courses.Activity",
        verbose_name=_("activity"),
        related_name="embedded_files",
        on_delete=models.CASCADE,
    )
    file = models.FileField(_("file"), max_length=300)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("embedded file")
        verbose_name_plural = _("embedded files")
        ordering = ["activity", "name", "pk"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("content:embedded_file", kwargs={"file_id": self.pk, "name": self.name})


class MoodleImport(models.Model):
    """One Moodle course backup brought into a course, with its report: what
    was imported, updated, skipped and why (``report``: a list of
    ``{"kind", "title", "status", "reason"}``)."""

    class Status(models.TextChoices):
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="moodle_imports",
        on_delete=models.CASCADE,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DONE
    )
    filename = models.CharField(_("file"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    site = models.CharField(_("Moodle site"), max_length=64)
    site_url = models.CharField(_("Moodle address"), max_length=300, blank=True)
    moodle_course_id = models.PositiveBigIntegerField(_("Moodle course id"))
    moodle_course_name = models.CharField(_("Moodle course"), max_length=300, blank=True)
    moodle_release = models.CharField(_("Moodle version"), max_length=100, blank=True)
    report = models.JSONField(_("report"), default=list)

    class Meta:
        verbose_name = _("Moodle import")
        verbose_name_plural = _("Moodle imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.filename} → {self.course}"

    def get_absolute_url(self):
        return reverse("content:moodle_import", kwargs={"import_id": self.pk})


class MoodleKey(models.Model):
    """A Moodle object already brought into a course: its id in the backup's
    site and course. Importing the same backup again finds it here and
    leaves what was imported as it is (and as producers changed it)."""

    class Item(models.TextChoices):
        SECTION = "section", _("section")
        MODULE = "module", _("activity")
        QUESTION = "question", _("question")
        BANK = "bank", _("question bank")
        GLOSSARY_ENTRY = "glossary_entry", _("glossary entry")
        FILE = "file", _("file")

    course = models.ForeignKey(
        "courses.Course", verbose_name=_("course"), related_name="+", on_delete=models.CASCADE
    )
    site = models.CharField(_("Moodle site"), max_length=64)
    moodle_course_id = models.PositiveBigIntegerField(_("Moodle course id"))
    item = models.CharField(_("kind"), max_length=20, choices=Item.choices)
    moodle_id = models.CharField(_("Moodle id"), max_length=100)
    target_id = models.PositiveBigIntegerField(_("id here"))

    class Meta:
        verbose_name = _("Moodle object imported")
        verbose_name_plural = _("Moodle objects imported")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "site", "moodle_course_id", "item", "moodle_id"],
                name="content_moodle_key_unique",
            )
        ]

    def __str__(self):
        return f"{self.item} {self.moodle_id} → {self.target_id}"


# --- Course studio: revisions ----------------------------------------------------


class Revision(models.Model):
    """One save of an activity or a section in the course studio: who, when,
    the fields as saved (``snapshot``) and what changed since the previous
    save (``changes``: field names). Restoring a revision saves its snapshot
    again, as a new revision."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of object"),
        related_name="+",
        on_delete=models.CASCADE,
    )
    object_id = models.PositiveBigIntegerField(_("object"))
    course = models.ForeignKey(
        "courses.Course",
        verbose_name=_("course"),
        related_name="content_revisions",
        on_delete=models.CASCADE,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("saved at"), default=timezone.now)
    snapshot = models.JSONField(_("fields as saved"), default=dict)
    changes = models.JSONField(_("fields changed"), default=list)
    restored_from = models.ForeignKey(
        "self",
        verbose_name=_("restored from"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "-created_at"])]

    def __str__(self):
        return f"{self.content_type.model} {self.object_id} — {self.created_at:%Y-%m-%d %H:%M}"
