from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core import uploads
from courses.api import Activity

from .models import FILE_KINDS, Assignment, Submission


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        kwargs.setdefault("format", "%Y-%m-%dT%H:%M")
        super().__init__(**kwargs)


class UploadForm(forms.Form):
    files = MultipleFileField(label=_("Files of your copy"))

    def __init__(self, *args, assignment: Assignment, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["files"]
        field.widget.attrs["accept"] = ",".join(assignment.accepted_extensions)
        if assignment.max_files == 1:
            field.widget = forms.ClearableFileInput(
                attrs={"accept": ",".join(assignment.accepted_extensions)}
            )
        field.help_text = ngettext(
            "%(types)s; one file of %(size)s MB at most.",
            "%(types)s; at most %(count)s files of %(size)s MB each.",
            assignment.max_files,
        ) % {
            "types": assignment.accepted_labels,
            "count": assignment.max_files,
            "size": assignment.max_size_mb,
        }


class HandInForm(forms.Form):
    statement = forms.BooleanField(
        label=_("I certify that this copy is my own work and that I cite every source I used."),
        required=True,
        error_messages={"required": _("Confirm that this copy is your own work.")},
    )


class GradeForm(forms.Form):
    grade = forms.CharField(
        label=_("Grade"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea)
    annotated = forms.FileField(
        label=_("Annotated copy"),
        required=False,
        help_text=_("PDF, DOCX or ODT. Replaces the previous annotated copy."),
    )

    def __init__(self, *args, scale: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.scale = scale
        self.fields["grade"].help_text = _("Out of %(scale)s; a decimal comma is accepted.") % {
            "scale": scale
        }

    def clean_grade(self):
        from django.core.exceptions import ValidationError

        from .services import parse_grade

        try:
            return parse_grade(self.cleaned_data["grade"], self.scale)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class ExtensionForm(forms.Form):
    candidate = forms.ModelChoiceField(label=_("Candidate"), queryset=None)
    due_at = forms.DateTimeField(label=_("New due date"), widget=DateTimeInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidate"].queryset = candidates


class ReportForm(forms.Form):
    body = forms.CharField(
        label=_("General report"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Shown to the group with the grade distribution when grades are released."),
    )


class DatesInOrder:
    """Form mixin: opening, due and cut-off dates in that order."""

    def clean(self):
        cleaned = super().clean()
        opens_at, due_at, cutoff_at = (cleaned.get(k) for k in ("opens_at", "due_at", "cutoff_at"))
        if opens_at and due_at and due_at < opens_at:
            self.add_error("due_at", _("The due date must follow the opening date."))
        if due_at and cutoff_at and cutoff_at < due_at:
            self.add_error("cutoff_at", _("The cut-off date must follow the due date."))
        return cleaned


class AssignmentForm(DatesInOrder, forms.ModelForm):
    accepted_kinds = forms.MultipleChoiceField(
        label=_("Accepted file types"),
        choices=[(key, uploads.KINDS[key].label) for key in FILE_KINDS],
        widget=forms.CheckboxSelectMultiple,
    )
    subject_files = MultipleFileField(
        label=_("Subject files"), required=False, help_text=_("PDF, DOCX or ODT.")
    )

    class Meta:
        model = Assignment
        fields = [
            "title",
            "activity",
            "instructions",
            "opens_at",
            "due_at",
            "cutoff_at",
            "max_files",
            "max_size_mb",
            "accepted_kinds",
            "scale",
            "trainers",
            "blind_marking",
            "allow_resubmission",
        ]
        widgets = {
            "opens_at": DateTimeInput(),
            "due_at": DateTimeInput(),
            "cutoff_at": DateTimeInput(),
            "instructions": forms.Textarea(attrs={"rows": 8}),
            "trainers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, course, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = Activity.objects.filter(
            course=course, kind=Activity.Kind.ASSIGNMENT
        )
        self.fields["trainers"].queryset = trainers
        if (
            self.instance.pk
            and self.instance.submissions.filter(status__in=Submission.HANDED_IN).exists()
        ):
            # Copies are graded on this scale already.
            self.fields["scale"].disabled = True


class AssignmentSubjectForm(DatesInOrder, forms.ModelForm):
    """The subject of an assignment as the course studio edits it
    (``services.SUBJECT_FIELDS``): instructions, dates and file rules."""

    accepted_kinds = AssignmentForm.base_fields["accepted_kinds"]

    class Meta:
        model = Assignment
        fields = [
            "instructions",
            "opens_at",
            "due_at",
            "cutoff_at",
            "max_files",
            "max_size_mb",
            "accepted_kinds",
        ]
        widgets = AssignmentForm.Meta.widgets
