"""Preparations, courses and completion.

National content (``Course`` → ``Section`` → ``Activity``) is written by
production groups and shared by every centre; a centre's ``Preparation``
registers candidates (``Registration``) who are enrolled (``Enrolment``) in
the courses their exams call for. ``Completion`` records what a candidate has
done; progress is computed from it in the database."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.markup import RichTextField


class ExamFamily(models.Model):
    """The exams of one trade (bibliothécaire, BIBAS, magasinier…): its
    external, internal and professional variants are prepared by one
    "Devenir X" course (docs/preparations.md)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("exam family")
        verbose_name_plural = _("exam families")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Exam(models.Model):
    """A competitive exam (concours) of the library service."""

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("external exam")
        INTERNAL = "internal", _("internal exam")
        PROFESSIONAL = "professional", _("professional exam")

    class Category(models.TextChoices):
        A = "A", _("category A")
        B = "B", _("category B")
        C = "C", _("category C")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    category = models.CharField(_("category"), max_length=1, choices=Category.choices)
    family = models.ForeignKey(
        ExamFamily,
        verbose_name=_("family"),
        related_name="exams",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_("Its family's “Devenir…” course prepares this exam."),
    )

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["category", "name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="courses_exam_name_kind_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    @property
    def needs_raep(self) -> bool:
        """Internal exams and professional exams are prepared with a RAEP
        file (reconnaissance des acquis de l'expérience professionnelle)."""
        return self.kind in (self.Kind.INTERNAL, self.Kind.PROFESSIONAL)


class SupportRequest(models.Model):
    """A candidate's "Signaler une difficulté / demander un entretien" sent
    to the responsables pédagogiques of their centre (and their tutor); it
    stays in the coordinators' admin until one of them handles it."""

    class Kind(models.TextChoices):
        DIFFICULTY = "difficulty", _("report a difficulty")
        INTERVIEW = "interview", _("ask for an interview")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("support request status", "open")
        HANDLED = "handled", pgettext_lazy("support request status", "handled")

    registration = models.ForeignKey(
        "courses.Registration",
        verbose_name=_("registration"),
        related_name="support_requests",
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("request"), max_length=20, choices=Kind.choices)
    message = models.TextField(_("message"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.registration}"


class Preparation(models.Model):
    """One centre's preparation for a session year."""

    class Mode(models.TextChoices):
        REGIONAL = "regional", _("regional (content access only)")
        CALLISTO = "callisto", _("Callisto (fully remote, with a tutor)")

    centre = models.ForeignKey(
        "accounts.Centre",
        verbose_name=_("centre"),
        related_name="preparations",
        on_delete=models.PROTECT,
    )
    name = models.CharField(_("name"), max_length=200)
    session_year = models.PositiveSmallIntegerField(_("session year"))
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    exams = models.ManyToManyField(
        Exam,
        verbose_name=_("exams prepared"),
        related_name="preparations",
        blank=True,
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")
        ordering = ["-session_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="courses_preparation_dates_ordered",
                violation_error_message=_("The closing date must follow the opening date."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.session_year})"

    @property
    def has_tutors(self) -> bool:
        return self.mode == self.Mode.CALLISTO


class Registration(models.Model):
    """A candidate in a preparation, for one or more exams."""

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("registration status", "active")
        WITHDRAWN = "withdrawn", _("withdrawn")
        FINISHED = "finished", _("finished")

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("candidate"),
        related_name="registrations",
        on_delete=models.PROTECT,
    )
    preparation = models.ForeignKey(
        Preparation,
        verbose_name=_("preparation"),
        related_name="registrations",
        on_delete=models.PROTECT,
    )
    exams = models.ManyToManyField(Exam, verbose_name=_("exams"), related_name="registrations")
    tutor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tutor"),
        related_name="tutored_registrations",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Only in Callisto (fully remote) preparations."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["preparation", "candidate__last_name", "candidate__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "preparation"],
                name="courses_registration_unique",
                violation_error_message=_("This candidate is already in this preparation."),
            )
        ]

    def __str__(self):
        return f"{self.candidate} — {self.preparation}"

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.tutor_id and self.preparation_id and not self.preparation.has_tutors:
            raise ValidationError(
                {"tutor": _("Only candidates of a Callisto preparation have a tutor.")}
            )
        if self.tutor_id and self.tutor_id == self.candidate_id:
            raise ValidationError({"tutor": _("A candidate cannot be their own tutor.")})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE


class Course(models.Model):
    """A course (shared national content)."""

    class Kind(models.TextChoices):
        FONDAMENTAUX = "fondamentaux", _("Les Fondamentaux")
        ATELIERS = "ateliers", _("Les Ateliers")
        EXAM = "exam", _("exam course (Devenir…)")
        RAEP = "raep", _("RAEP")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    family = models.ForeignKey(
        ExamFamily,
        verbose_name=_("exam family"),
        related_name="courses",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        help_text=_(
            "For exam courses (Devenir…) only: the course serves every exam of the family "
            "(external, internal, professional)."
        ),
    )
    summary = models.TextField(_("summary"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_visible = models.BooleanField(_("visible"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["position", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="exam", family__isnull=False) | (~Q(kind="exam") & Q(family=None)),
                name="courses_course_family_iff_exam_kind",
                violation_error_message=_(
                    "An exam course needs its exam family, and only it has one."
                ),
            ),
            models.UniqueConstraint(
                fields=["family"],
                condition=Q(kind="exam"),
                name="courses_course_one_per_family",
                violation_error_message=_("This exam family already has its course."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("courses:course", kwargs={"slug": self.slug})


class Section(models.Model):
    course = models.ForeignKey(
        Course, verbose_name=_("course"), related_name="sections", on_delete=models.CASCADE
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_essential = models.BooleanField(
        _("Les incontournables"),
        default=False,
        help_text=_("Shown first: the essentials of the course."),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["-is_essential", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["course"],
                condition=Q(is_essential=True),
                name="courses_section_one_essential_per_course",
                violation_error_message=_("A course has only one “Les incontournables” section."),
            )
        ]

    def __str__(self):
        return self.title


class Activity(models.Model):
    """Something to read, listen to, do or hand in, within a section."""

    class Kind(models.TextChoices):
        SHEET = "sheet", _("sheet")
        FILE = "file", _("file")
        LINK = "link", _("link")
        AUDIO = "audio", _("audio / podcast")
        VIDEO = "video", _("video")
        QUIZ = "quiz", _("quiz")
        GLOSSARY = "glossary", _("glossary")
        ASSIGNMENT = "assignment", _("assignment")
        FORUM = "forum", _("forum")
        WORKSHOP = "workshop", _("workshop session")

    class CompletionRule(models.TextChoices):
        NONE = "none", _("not tracked")
        MANUAL = "manual", _("ticked by the candidate")
        VIEW = "view", _("on view")
        SUBMISSION = "submission", _("on submission")
        GRADE = "grade", _("on grade")
        QUIZ_PASS = "quiz_pass", _("on passing the quiz")
        ATTENDANCE = "attendance", _("on attendance")

    course = models.ForeignKey(
        Course, verbose_name=_("course"), related_name="activities", on_delete=models.CASCADE
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), related_name="activities", on_delete=models.CASCADE
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(
        _("text"), blank=True, help_text=_("Rich text (sanitised HTML) for sheets and intros.")
    )
    url = models.URLField(_("address"), blank=True, help_text=_("For links and videos."))
    file = models.FileField(_("file"), upload_to="activities/%Y/", blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_visible = models.BooleanField(_("visible"), default=True)
    available_from = models.DateTimeField(_("available from"), null=True, blank=True)
    completion_rule = models.CharField(
        _("completion"),
        max_length=20,
        choices=CompletionRule.choices,
        default=CompletionRule.MANUAL,
    )
    last_reviewed_on = models.DateField(_("last reviewed on"), null=True, blank=True)
    updated_at = models.DateTimeField(
        _("updated at"),
        null=True,
        blank=True,
        help_text=_("Last change saved in the course studio (“Updated on …”)."),
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["section__position", "position", "pk"]
        indexes = [models.Index(fields=["course", "is_visible"])]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.section_id and not self.course_id:
            self.course_id = self.section.course_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "courses:activity", kwargs={"slug": self.course.slug, "activity_id": self.pk}
        )

    @property
    def is_tracked(self) -> bool:
        return self.completion_rule != self.CompletionRule.NONE

    @property
    def updated_on(self):
        """The date candidates read as "Mis à jour le": the last change
        saved in the studio or the last yearly review, whichever is later."""
        dates = [self.last_reviewed_on]
        if self.updated_at:
            dates.append(timezone.localdate(self.updated_at))
        dates = [d for d in dates if d]
        return max(dates) if dates else None

    def is_available(self, now=None) -> bool:
        now = now or timezone.now()
        return self.is_visible and (self.available_from is None or self.available_from <= now)


class Enrolment(models.Model):
    """A user's role in a course (as Moodle's course roles). Candidate
    enrolments come from a registration; removing the exam suspends them."""

    class Role(models.TextChoices):
        CANDIDATE = "candidate", _("candidate")
        TRAINER = "trainer", _("trainer")
        PRODUCER = "producer", _("producer")

    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("registration status", "active")
        SUSPENDED = "suspended", _("suspended")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="enrolments",
        on_delete=models.CASCADE,
    )
    course = models.ForeignKey(
        Course, verbose_name=_("course"), related_name="enrolments", on_delete=models.CASCADE
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        related_name="enrolments",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["course__position", "course__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course", "role", "registration"],
                nulls_distinct=False,
                name="courses_enrolment_unique",
                violation_error_message=_("This person already has this role in this course."),
            ),
            models.CheckConstraint(
                condition=Q(role="candidate", registration__isnull=False)
                | (~Q(role="candidate") & Q(registration=None)),
                name="courses_enrolment_candidate_has_registration",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} — {self.course} ({self.get_role_display()})"


class Completion(models.Model):
    """An activity done by a user."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("ticked")
        VIEW = "view", _("viewed")
        SUBMISSION = "submission", pgettext_lazy("completion source", "submitted")
        GRADE = "grade", pgettext_lazy("completion source", "graded")
        QUIZ = "quiz", _("quiz passed")
        ATTENDANCE = "attendance", _("attended")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        related_name="completions",
        on_delete=models.CASCADE,
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        related_name="completions",
        on_delete=models.CASCADE,
    )
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)

    class Meta:
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "activity"], name="courses_completion_unique")
        ]

    def __str__(self):
        return f"{self.user} — {self.activity}"


class LastVisit(models.Model):
    """The last activity a user opened in a course ("Reprendre")."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, related_name="last_visits", on_delete=models.CASCADE
    )
    course = models.ForeignKey(Course, related_name="+", on_delete=models.CASCADE)
    activity = models.ForeignKey(Activity, related_name="+", on_delete=models.CASCADE)
    visited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("last visit")
        verbose_name_plural = _("last visits")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="courses_lastvisit_unique")
        ]
        indexes = [models.Index(fields=["user", "-visited_at"])]

    def __str__(self):
        return f"{self.user} — {self.activity}"


class StaffRole(models.Model):
    """A staff role granted to a person: tutor or coordinator of a centre,
    trainer or producer of a course for a centre. The grant is the record
    of who may hold the right, who gave it and when it was withdrawn
    (decision 0017); the rights themselves are still read where the pages
    read them:

    - **trainer**, **producer**: granting creates or reactivates the staff
      ``Enrolment`` of the course; withdrawing the last active grant of
      that person, role and course suspends it (``relations.trainer_of``
      reads active staff enrolments).
    - **tutor**: the grant is what allows a person to be *named* tutor of a
      registration of the centre (``relations.may_tutor_in``);
      ``Registration.tutor`` stays the assignment. A grant is not withdrawn
      while its holder still tutors an active registration of the centre.
    - **coordinator**: granting adds the person to ``Centre.coordinators``
      (and opens the administration to them); withdrawing removes them.

    Nothing is deleted: a withdrawn grant keeps its dates and authors; a
    new grant of the same role is a new row (one active grant per person,
    role, centre and course)."""

    class Role(models.TextChoices):
        TUTOR = "tutor", pgettext_lazy("staff role", "tutor")
        TRAINER = "trainer", pgettext_lazy("staff role", "trainer")
        PRODUCER = "producer", pgettext_lazy("staff role", "producer")
        COORDINATOR = "coordinator", pgettext_lazy("staff role", "coordinator")

    COURSE_ROLES = (Role.TRAINER, Role.PRODUCER)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        related_name="staff_roles",
        on_delete=models.CASCADE,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    centre = models.ForeignKey(
        "accounts.Centre",
        verbose_name=_("centre"),
        related_name="staff_roles",
        on_delete=models.PROTECT,
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        related_name="staff_roles",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("For trainers and producers only."),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawn by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        ordering = ["centre", "role", "course", "user__last_name", "user__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "centre", "course"],
                condition=Q(withdrawn_at=None),
                nulls_distinct=False,
                name="courses_staffrole_one_active_grant",
                violation_error_message=_("This person already holds this role."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["trainer", "producer"], course__isnull=False)
                | (~Q(role__in=["trainer", "producer"]) & Q(course=None)),
                name="courses_staffrole_course_iff_course_role",
                violation_error_message=_(
                    "Trainers and producers are granted for a course, tutors and "
                    "coordinators for the whole centre."
                ),
            ),
        ]
        indexes = [
            models.Index(
                fields=["user", "role"],
                condition=Q(withdrawn_at=None),
                name="courses_staffrole_active",
            )
        ]

    def __str__(self):
        where = self.course or self.centre
        return f"{self.user} — {self.get_role_display()} ({where})"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
