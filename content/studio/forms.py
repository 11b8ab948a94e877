"""Forms of the course studio. Each checks what the person typed and says
what is wrong in French next to the field; the services check again."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import uploads
from courses.api import FILE_KINDS, MAX_FILE_BYTES, Activity, Section

from ..models import QuestionBank
from ..services import check_audio
from .richtext import RichTextarea, RichTextField
from .services import FIRST_YEAR, LAST_YEAR, rules_for

# French addresses of the kinds of activity (/activites/nouvelle/fiche/).
KIND_SLUGS = {
    "fiche": Activity.Kind.SHEET,
    "fichier": Activity.Kind.FILE,
    "lien": Activity.Kind.LINK,
    "audio": Activity.Kind.AUDIO,
    "video": Activity.Kind.VIDEO,
    "quiz": Activity.Kind.QUIZ,
    "glossaire": Activity.Kind.GLOSSARY,
    "devoir": Activity.Kind.ASSIGNMENT,
    "forum": Activity.Kind.FORUM,
    "atelier": Activity.Kind.WORKSHOP,
}
SLUG_OF_KIND = {kind: slug for slug, kind in KIND_SLUGS.items()}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


class SensibleDateTimeField(forms.DateTimeField):
    """A date and time whose year is plausible (not 0202 nor 20266)."""

    widget = DateTimeInput

    def clean(self, value):
        value = super().clean(value)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                _("Check the year: it must be between %(first)s and %(last)s."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            )
        return value


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One or two sentences shown under the title."),
    )
    is_essential = forms.BooleanField(
        label=_("This is “Les incontournables”"),
        required=False,
        help_text=_("Shown first in the course; a course has one such section."),
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("up")), ("down", _("down"))])


class ActivityForm(forms.Form):
    """An activity of ``kind`` in ``course``: what every kind has, then the
    fields of its kind (file, address, recording, quiz bank)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    section = forms.ModelChoiceField(
        label=_("Section"), queryset=Section.objects.none(), empty_label=None
    )
    body = RichTextField(label=_("Text"), required=False)
    url = forms.CharField(label=_("Address"), required=False, max_length=200)
    file = forms.FileField(label=_("File"), required=False)
    audio_file = forms.FileField(label=_("Recording"), required=False)
    transcript = forms.CharField(
        label=_("Transcript"),
        required=False,
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("The text of the recording, for those who cannot listen to it."),
    )
    bank = forms.ModelChoiceField(
        label=_("Question bank"),
        queryset=QuestionBank.objects.none(),
        required=False,
        help_text=_("The quiz draws its questions from this bank."),
    )
    is_visible = forms.BooleanField(
        label=_("Visible to candidates"),
        required=False,
        help_text=_("Untick to prepare it out of sight."),
    )
    available_from = SensibleDateTimeField(
        label=_("Available from"),
        required=False,
        help_text=_("Empty: as soon as it is visible."),
    )
    completion_rule = forms.ChoiceField(label=_("Completion rule"))

    # Fields of each kind (beyond the common ones).
    KIND_FIELDS = {
        Activity.Kind.SHEET: ("body",),
        Activity.Kind.FILE: ("body", "file"),
        Activity.Kind.LINK: ("body", "url"),
        Activity.Kind.AUDIO: ("body", "audio_file", "transcript"),
        Activity.Kind.VIDEO: ("body", "url"),
        Activity.Kind.QUIZ: ("body", "bank"),
        Activity.Kind.GLOSSARY: ("body",),
        Activity.Kind.ASSIGNMENT: ("body",),
        Activity.Kind.FORUM: ("body",),
        Activity.Kind.WORKSHOP: ("body",),
    }
    OPTIONAL = ("body", "url", "file", "audio_file", "transcript", "bank")

    def __init__(self, *args, kind: str, course, activity: Activity | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind, self.activity = kind, activity
        for name in self.OPTIONAL:
            if name not in self.KIND_FIELDS[kind]:
                del self.fields[name]
        self.fields["section"].queryset = Section.objects.filter(course=course).order_by(
            "-is_essential", "position", "pk"
        )
        rules = rules_for(kind)
        self.fields["completion_rule"].choices = [
            (value, label) for value, label in Activity.CompletionRule.choices if value in rules
        ]
        if "url" in self.fields:
            self.fields["url"].required = True
            self.fields["url"].widget = forms.URLInput(attrs={"placeholder": "https://"})
            if kind == Activity.Kind.VIDEO:
                self.fields["url"].help_text = _(
                    "A YouTube, Vimeo or Dailymotion page is shown in the page; any other "
                    "address as a link."
                )
        if "file" in self.fields:
            self.fields["file"].widget.attrs["accept"] = uploads.accept_attribute(FILE_KINDS)
            self.fields["file"].help_text = _("%(types)s; %(size)s MB at most.") % {
                "types": uploads.labels(FILE_KINDS),
                "size": MAX_FILE_BYTES // (1024 * 1024),
            }
            self.fields["file"].required = activity is None or not activity.file
        if "audio_file" in self.fields:
            self.fields["audio_file"].widget.attrs["accept"] = uploads.accept_attribute(
                uploads.AUDIO
            )
            self.fields["audio_file"].help_text = _("MP3, Ogg, WAV, M4A or FLAC.")
        if "bank" in self.fields:
            self.fields["bank"].queryset = QuestionBank.objects.filter(course=course)
        if kind == Activity.Kind.SHEET:
            self.fields["body"].required = True

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise ValidationError(_("Give a title."))
        return title

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        if url and not url.lower().startswith(("https://", "http://")):
            raise ValidationError(_("Give a web address starting with https://."))
        return url

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        return uploads.check_upload(upload, kinds=FILE_KINDS, max_size=MAX_FILE_BYTES)

    def clean_audio_file(self):
        upload = self.cleaned_data.get("audio_file")
        if not upload:
            return None
        check_audio(upload)  # refused here, next to the field; checked again on save
        upload.seek(0)
        return upload

    def activity_data(self) -> dict:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "section": data["section"],
            "body": data.get("body", ""),
            "url": data.get("url", ""),
            "is_visible": data["is_visible"],
            "available_from": data["available_from"],
            "completion_rule": data["completion_rule"],
        }

    @classmethod
    def initial_for(cls, activity: Activity, transcript: str = "", bank=None) -> dict:
        return {
            "title": activity.title,
            "section": activity.section_id,
            "body": activity.body,
            "url": activity.url,
            "is_visible": activity.is_visible,
            "available_from": (
                timezone.localtime(activity.available_from) if activity.available_from else None
            ),
            "completion_rule": activity.completion_rule,
            "transcript": transcript,
            "bank": bank,
        }


def subject_form(*args, **kwargs):
    """The assignments app's subject form, with the studio's editor for the
    instructions and plausible years."""
    from assignments import api as assignments_api

    form = assignments_api.subject_form_class()(*args, prefix="devoir", **kwargs)
    form.fields["instructions"] = RichTextField(label=_("Instructions"), required=False)
    form.fields["instructions"].widget = RichTextarea()
    for name in ("opens_at", "due_at", "cutoff_at"):
        old = form.fields[name]
        form.fields[name] = SensibleDateTimeField(
            label=old.label, required=old.required, help_text=old.help_text
        )
    return form


def default_subject(now: datetime.datetime | None = None) -> dict:
    """A new assignment: open now, due in four weeks, one document."""
    now = timezone.localtime(now).replace(second=0, microsecond=0)
    return {
        "opens_at": now,
        "due_at": now + datetime.timedelta(weeks=4),
        "max_files": 1,
        "max_size_mb": 10,
        "accepted_kinds": list(uploads.DOCUMENTS),
    }
