import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import uploads
from courses import api as courses_api

from .models import Event

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
    recording_url = forms.URLField(label=_("Recording link"), required=False, assume_scheme="https")
    slides = forms.FileField(label=_("Slides (PDF, ODP or PPTX, 20 MB at most)"), required=False)

    def clean_slides(self):
        slides = self.cleaned_data.get("slides")
        return check_slides(slides) if slides else None

    def clean(self):
        data = super().clean()
        if not data.get("recording_url") and not data.get("slides") and not self.errors:
            raise ValidationError(_("Give a recording link or a slides file."))
        return data


def parse_month(year: int, month: int) -> datetime.date | None:
    """The first day of the month, or None when out of range."""
    if not (1 <= month <= 12) or not (2000 <= year <= 2100):
        return None
    return datetime.date(year, month, 1)
