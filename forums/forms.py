from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Subscription
from .services import ATTACHMENT_MAX_FILES as MAX_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Plain text, or simple formatting: <strong>, <em>, lists, quotes, links. "
            "Anything else is removed."
        ),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        required=False,
        help_text=_("Up to %(count)s files: PDF, PNG, JPEG, ODT or DOCX, 5 MB each.")
        % {"count": MAX_FILES},
    )
    quote = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ThreadForm(PostForm):
    title = forms.CharField(label=_("Subject"), max_length=200)

    field_order = ["title", "body", "attachments"]


class EditForm(forms.Form):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}))


class MoveForm(forms.Form):
    forum = forms.ModelChoiceField(label=_("Destination forum"), queryset=None)

    def __init__(self, *args, forums, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"].queryset = forums


class SubscriptionsForm(forms.Form):
    """One choice per forum the user may see; announcements have no "none"."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for forum, subscription in rows:
            choices = Subscription.Mode.choices
            if forum.is_announcements:
                choices = [c for c in choices if c[0] != Subscription.Mode.NONE]
            name = f"forum_{forum.pk}"
            self.fields[name] = forms.ChoiceField(
                label=forum.title,
                choices=choices,
                initial=subscription.mode
                if subscription
                else (Subscription.Mode.IMMEDIATE if forum.is_announcements else "none"),
                widget=forms.RadioSelect,
            )
            self.rows.append((forum, self[name]))
