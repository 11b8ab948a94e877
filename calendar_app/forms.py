import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import uploads
from courses import api as courses_api

from .models import Event
from .recurrence import YEARS

SLIDES_MAX_BYTES = 20 * 1024 * 1024


def check_slides(upload) -> uploads.CheckedFile:
    """Workshop slides: PDF, ODP or PPTX by content (``core.uploads``), 20 MB at most."""
    return uploads.check_upload(upload, kinds=uploads.SLIDES, max_size=SLIDES_MAX_BYTES)


def _formfield(db_field, **kwargs):
    from django.db import models

    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class EventForm(forms.ModelForm):
    """Create or change an event (admin). French errors on bad dates and
    links; events of a preparation stay within its dates."""

    class Meta:
        model = Event
        formfield_callback = _formfield
        fields = [
            "preparation",
            "course",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "activity",
            "theme",
            "capacity",
            "link_opens_minutes",
            "recording_url",
            "slides",
        ]

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url and not url.lower().startswith("https://"):
            raise ValidationError(_("The videoconference link must start with https://."))
        return url

    def clean_slides(self):
        """Slides uploaded in the admin pass the same check as the trainers'
        (``check_slides``: by content, 20 MB at most); stored under their
        cleaned name. A file already stored (unchanged form) is kept."""
        slides = self.cleaned_data.get("slides")
        if slides and hasattr(slides, "content_type"):  # a new upload
            checked = check_slides(slides)
            slides.name = checked.name
        return slides

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        preparation, course = data.get("preparation"), data.get("course")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end must not be before the start."))
        if not preparation and not course:
            raise ValidationError(_("Choose the preparation or the course the event belongs to."))
        if preparation and starts and ends:
            first = preparation.opens_on
            last = preparation.closes_on
            local_start = timezone.localtime(starts).date()
            local_end = timezone.localtime(ends).date()
            if local_start < first or local_end > last:
                self.add_error(
                    "starts_at",
                    _(
                        "The event must take place within the preparation dates "
                        "(%(first)s to %(last)s)."
                    )
                    % {"first": first.strftime("%d/%m/%Y"), "last": last.strftime("%d/%m/%Y")},
                )
        if data.get("kind") == Event.Kind.WORKSHOP and not data.get("theme"):
            self.add_error("theme", _("A workshop has a theme."))
        activity = data.get("activity")
        if activity and course and activity.course_id != course.pk:
            self.add_error("activity", _("The activity must belong to the event's course."))
        return data


class _LoadedCourseField(forms.ModelChoiceField):
    """A ``ModelChoiceField`` checked against ``courses``, the courses the
    form already loaded for its options: the choice costs no second query.
    Same answers and errors as the queryset lookup."""

    courses: list | tuple = ()

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        model = self.queryset.model
        try:
            pk = model._meta.pk.to_python(value.pk if isinstance(value, model) else value)
        except ValidationError:
            pk = None
        for course in self.courses:
            if pk is not None and course.pk == pk:
                return course
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class FilterForm(forms.Form):
    """Filters of the month and list views (GET). ``courses`` holds the
    courses ``user`` reads (``courses.api.readable_courses``: the user's
    cached map, one query when it is built), the choices of the course
    filter."""

    cours = _LoadedCourseField(
        label=_("Course"),
        queryset=courses_api.Course.objects.none(),
        required=False,
        empty_label=_("All courses"),
    )
    type = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = courses_api.readable_courses(user)
        self.fields["cours"].queryset = courses_api.Course.objects.filter(
            pk__in=[course.pk for course in self.courses]
        )
        self.fields["cours"].courses = self.courses
        self.fields["type"].choices = [("", _("All kinds")), *Event.Kind.choices]

    def query_string(self) -> str:
        """The filters to keep in previous / next links."""
        if not self.is_bound or not self.is_valid():
            return ""
        from urllib.parse import urlencode

        params = {}
        if self.cleaned_data.get("cours"):
            params["cours"] = self.cleaned_data["cours"].pk
        if self.cleaned_data.get("type"):
            params["type"] = self.cleaned_data["type"]
        return urlencode(params)


class AttendanceForm(forms.Form):
    present = forms.MultipleChoiceField(
        label=_("Present"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, registrations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].choices = [
            (str(r.user_id), r.user.get_display_name()) for r in registrations
        ]
        self.initial.setdefault("present", [str(r.user_id) for r in registrations if r.attended])


class AttachForm(forms.Form):
    recording_url = forms.URLField(
        label=_("Recording link"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_("A video on YouTube, Vimeo or Dailymotion plays in the page."),
    )
    recording = forms.FileField(
        label=_("Audio recording (MP3, OGG, M4A, WAV or FLAC)"),
        required=False,
    )
    slides = forms.FileField(label=_("Slides (PDF, ODP or PPTX, 20 MB at most)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recording"].widget.attrs["accept"] = uploads.accept_attribute(uploads.AUDIO)
        self.fields["slides"].widget.attrs["accept"] = uploads.accept_attribute(uploads.SLIDES)

    def clean_recording_url(self):
        url = self.cleaned_data.get("recording_url", "")
        if url and not url.lower().startswith("https://"):
            raise ValidationError(_("The recording link must start with https://."))
        return url

    def clean_recording(self):
        from content import api as content_api

        recording = self.cleaned_data.get("recording")
        return content_api.check_audio_upload(recording) if recording else None

    def clean_slides(self):
        slides = self.cleaned_data.get("slides")
        return check_slides(slides) if slides else None

    def clean(self):
        data = super().clean()
        given = data.get("recording_url") or data.get("recording") or data.get("slides")
        if not given and not self.errors:
            raise ValidationError(_("Give a recording link or a slides file."))
        return data


# --- Workshops scheduled by trainers ---------------------------------------------

DURATIONS = [30, 45, 60, 90, 120, 150, 180, 240]


def duration_label(minutes: int) -> str:
    """ "45 min", "1 h", "1 h 30" (the same in French and English)."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d}" if rest else f"{hours} h"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%d")
        super().__init__(**kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%H:%M")
        super().__init__(**kwargs)


class _ScheduleFields(forms.Form):
    """What a session is: shared by the creation and the change forms."""

    title = forms.CharField(label=_("Title"), max_length=200)
    theme = forms.ChoiceField(label=_("Theme"), choices=Event.Theme.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    day = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(
        label=_("Start time (Paris)"), widget=TimeInput(), initial=datetime.time(18, 0)
    )
    duration = forms.TypedChoiceField(
        label=_("Duration"),
        coerce=int,
        choices=[(m, duration_label(m)) for m in DURATIONS],
        initial=60,
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        required=False,
        min_value=1,
        max_value=32767,
        help_text=_("Leave empty for no limit."),
    )
    video_url = forms.URLField(
        label=_("Videoconference link"),
        required=False,
        assume_scheme="https",
        max_length=200,
        help_text=_(
            "Shown to the registered candidates only, from %(minutes)d minutes before the "
            "start until the end."
        ),
    )

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        field = self.fields["video_url"]
        field.help_text = field.help_text % {"minutes": settings.WORKSHOP_LINK_OPENS_MINUTES}

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Give the workshop a title."))
        return title

    def clean_video_url(self):
        url = self.cleaned_data.get("video_url", "")
        if url and not url.lower().startswith("https://"):
            raise ValidationError(_("The videoconference link must start with https://."))
        return url


RECURRENCE_NONE = "none"
RECURRENCE_MONTHLY = "monthly"


class WorkshopCreateForm(_ScheduleFields):
    """A workshop or a monthly series, in one of the courses ``user``
    teaches (``courses``, already loaded: ``courses.api.courses_trained_by``),
    with a new activity per session or an existing workshop activity of the
    course (``activities``)."""

    course = forms.ChoiceField(label=_("Course"))
    activity = forms.ChoiceField(label=_("Activity in the course"), required=False)
    recurrence = forms.ChoiceField(
        label=_("Repeat"),
        choices=[
            (RECURRENCE_NONE, _("No: a single session")),
            (RECURRENCE_MONTHLY, _("Every month, same weekday of the same week")),
        ],
        initial=RECURRENCE_NONE,
        widget=forms.RadioSelect,
    )
    occurrences = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=12,
        initial=1,
        help_text=_(
            "For a monthly series, 12 at most: from the date above, e.g. the 2nd Thursday "
            "of each month."
        ),
    )

    field_order = [
        "title",
        "course",
        "activity",
        "theme",
        "description",
        "day",
        "time",
        "duration",
        "recurrence",
        "occurrences",
        "capacity",
        "video_url",
    ]

    def __init__(self, *args, courses, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.courses = {str(course.pk): course for course in courses}
        self.activities = {str(activity.pk): activity for activity in activities}
        self.fields["course"].choices = [(key, c.title) for key, c in self.courses.items()]
        by_course: dict[str, list] = {}
        for key, activity in self.activities.items():
            title = self.courses[str(activity.course_id)].title
            by_course.setdefault(title, []).append((key, activity.title))
        self.fields["activity"].choices = [
            ("", _("A new activity for each session (completed on attendance)")),
            *by_course.items(),
        ]
        self.fields["activity"].help_text = _(
            "Or an existing workshop activity of the course: every session then shares it, "
            "and attending one completes it."
        )

    def clean(self):
        from . import services

        data = super().clean()
        course = self.courses.get(data.get("course", ""))
        data["course"] = course
        activity = self.activities.get(data.get("activity") or "")
        if activity is not None and course is not None and activity.course_id != course.pk:
            self.add_error("activity", _("Choose a workshop activity of this course."))
        data["activity"] = activity
        if data.get("recurrence") == RECURRENCE_NONE:
            data["occurrences"] = 1
        day, time, count = data.get("day"), data.get("time"), data.get("occurrences")
        if day and time and count:
            try:
                data["starts"] = services.workshop_starts(first_day=day, time=time, count=count)
            except ValidationError as exc:
                self.add_error("day", exc)
            else:
                if data["starts"][0] <= timezone.now():
                    self.add_error("day", _("The first session must be in the future."))
        return data


SCOPE_CHOICES = [
    ("one", _("This session only")),
    ("following", _("This session and the following ones of the series")),
]


class WorkshopEditForm(_ScheduleFields):
    """Change a session, or it and the rest of its series (``in_series``)."""

    scope = forms.ChoiceField(
        label=_("Apply to"), choices=SCOPE_CHOICES, initial="one", widget=forms.RadioSelect
    )

    def __init__(self, *args, event: Event, in_series: bool, **kwargs):
        start = timezone.localtime(event.starts_at)
        minutes = max(1, int((event.ends_at - event.starts_at).total_seconds() // 60))
        kwargs.setdefault(
            "initial",
            {
                "title": event.title,
                "theme": event.theme,
                "description": event.description,
                "day": start.date(),
                "time": start.time().replace(second=0, microsecond=0),
                "duration": minutes,
                "capacity": event.capacity,
                "video_url": event.video_url,
                "scope": "one",
            },
        )
        super().__init__(*args, **kwargs)
        if minutes not in DURATIONS:
            self.fields["duration"].choices = sorted(
                [*self.fields["duration"].choices, (minutes, duration_label(minutes))]
            )
        if not in_series:
            del self.fields["scope"]
        else:
            self.fields["scope"].help_text = _(
                "The following sessions keep their own day and take the new time, duration, "
                "places, link, title and description."
            )


class WorkshopCancelForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Cancel"), choices=SCOPE_CHOICES, initial="one", widget=forms.RadioSelect
    )

    def __init__(self, *args, in_series: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_series:
            del self.fields["scope"]


def parse_month(year: int, month: int) -> datetime.date | None:
    """The first day of the month, or None when out of range."""
    if not (1 <= month <= 12) or year not in YEARS:
        return None
    return datetime.date(year, month, 1)
