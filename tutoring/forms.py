from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Interview, Reminder


class _AttachmentMixin:
    def clean_attachment(self):
        uploaded = self.cleaned_data.get("attachment")
        if uploaded:
            services.check_attachment(uploaded)
        return uploaded


class ThreadForm(_AttachmentMixin, forms.Form):
    title = forms.CharField(label=_("Theme"), max_length=200)
    course = forms.ModelChoiceField(
        label=_("Course concerned (optional)"), queryset=None, required=False
    )
    body = forms.CharField(label=_("Your question"), widget=forms.Textarea(attrs={"rows": 6}))
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, ODT, DOCX, PNG or JPEG, 5 MB at most."),
    )

    def __init__(self, *args, courses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["course"].queryset = courses


class EscalateForm(forms.Form):
    """ "Solliciter un formateur": the message, and the course when the theme
    has none (its trainers are asked)."""

    course = forms.ModelChoiceField(label=_("Course whose trainers you ask"), queryset=None)
    message = forms.CharField(
        label=_("Your message to the trainers"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what you would like them to explain; they see the theme's exchanges."),
    )

    def __init__(self, *args, thread, courses=None, **kwargs):
        super().__init__(*args, **kwargs)
        if thread.course_id:
            del self.fields["course"]
        else:
            self.fields["course"].queryset = courses


class TrainerAnswerForm(forms.Form):
    answer = forms.CharField(label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 6}))


class MessageForm(_AttachmentMixin, forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(
        label=_("Attachment (optional)"),
        required=False,
        help_text=_("PDF, ODT, DOCX, PNG or JPEG, 5 MB at most."),
    )


class ReminderForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Reminder"), choices=Reminder.Template.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Personal message"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Added after the template; required for free text."),
    )

    def clean(self):
        data = super().clean()
        if data.get("template") == Reminder.Template.FREE and not data.get("message", "").strip():
            raise ValidationError({"message": _("Write the message of the reminder.")})
        return data


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["held_on", "by_phone", "by_email", "by_video", "goals", "notes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"notes": _("Seen by the tutor, the coordinators and administrators only.")}


class BoardFilterForm(forms.Form):
    SORTS = [
        ("name", _("name")),
        ("risk", _("risk")),
        ("progress", _("progress")),
        ("login", _("last login")),
    ]
    tuteur = forms.ModelChoiceField(label=_("Tutor"), queryset=None, required=False)
    risque = forms.BooleanField(label=_("At risk only"), required=False)
    retard = forms.BooleanField(label=_("With late copies"), required=False)
    non_lu = forms.BooleanField(label=_("With unread feedback"), required=False)
    inactif = forms.IntegerField(
        label=_("No login for at least (days)"), min_value=1, max_value=365, required=False
    )
    tri = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, tutors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tuteur"].queryset = tutors
