from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ErrorReport, GlossaryEntry


def parse_answers(post) -> dict:
    """The answers of a quiz form, as posted: ``{slot id: {"values": [...],
    "pairs": {prompt id: option id}}}`` for every question shown on the page
    (listed in the hidden ``slot`` fields, so that an emptied answer is saved
    empty). Ids are checked by ``services.attempt_save``."""
    answers = {}
    for slot in post.getlist("slot"):
        prefix = f"a-{slot}-"
        answers[slot] = {
            "values": post.getlist(f"a-{slot}"),
            "pairs": {key[len(prefix) :]: post.get(key) for key in post if key.startswith(prefix)},
        }
    return answers


class GlossaryEntryForm(forms.Form):
    term = forms.CharField(label=_("Term"), max_length=200)
    definition = forms.CharField(
        label=_("Definition"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Paragraphs, emphasis, lists and links are kept."),
    )
    see_also = forms.ModelMultipleChoiceField(
        label=_("See also"),
        queryset=GlossaryEntry.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["see_also"].queryset = GlossaryEntry.objects.filter(
            course=course, status=GlossaryEntry.Status.APPROVED
        ).only("pk", "term")


class AudioForm(forms.Form):
    file = forms.FileField(
        label=_("Audio file"),
        required=False,
        help_text=_("MP3, Ogg, WAV, M4A, FLAC or Opus."),
    )
    transcript = forms.CharField(
        label=_("Transcript"), widget=forms.Textarea(attrs={"rows": 12}), required=False
    )


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class ErrorReportForm(forms.Form):
    text = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=10,
        max_length=5000,
        help_text=_("Say where (paragraph, question) and what should be written instead."),
    )


class ErrorReportAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ErrorReport.Status.choices)
    answer = forms.CharField(
        label=_("Answer to the reporter"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
