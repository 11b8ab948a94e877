import datetime
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ErrorReport, GlossaryEntry, Question, QuestionBank, Quiz


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


class QuizSettingsForm(forms.Form):
    bank = forms.ModelChoiceField(
        label=_("Question bank"), queryset=QuestionBank.objects.none(), required=False
    )
    bank_name = forms.CharField(label=_("Or a new bank named"), max_length=200, required=False)
    draw_count = forms.IntegerField(
        label=_("Questions per attempt"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Drawn at random from the bank; empty for every question."),
    )
    shuffle = forms.BooleanField(label=_("Shuffle questions and choices"), required=False)
    max_attempts = forms.IntegerField(
        label=_("Attempts allowed"),
        min_value=1,
        max_value=100,
        required=False,
        help_text=_("Empty for unlimited."),
    )
    time_limit_minutes = forms.IntegerField(
        label=_("Time limit (minutes)"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Empty for no limit."),
    )
    grading = forms.ChoiceField(label=_("Grade kept"), choices=Quiz.Grading.choices)
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=0, max_value=100)
    general_feedback = forms.CharField(
        label=_("General feedback"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, course, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bank"].queryset = QuestionBank.objects.filter(course=course)

    def clean(self):
        data = super().clean()
        if not data.get("bank") and not (data.get("bank_name") or "").strip():
            self.add_error("bank", _("Choose a question bank or name a new one."))
        return data

    def quiz_settings(self) -> dict:
        data = self.cleaned_data
        minutes = data["time_limit_minutes"]
        return {
            "bank": data["bank"],
            "draw_count": data["draw_count"],
            "shuffle": data["shuffle"],
            "max_attempts": data["max_attempts"],
            "time_limit": datetime.timedelta(minutes=minutes) if minutes else None,
            "grading": data["grading"],
            "pass_mark": data["pass_mark"],
            "general_feedback": data["general_feedback"],
        }


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}))
    lines = forms.CharField(
        label=_("Choices or answers"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "One per line. Choices: start the right ones with a star (*). Short answer: "
            "every accepted answer. Matching: “item = answer”. Not used for true or false."
        ),
    )
    correct_answer = forms.ChoiceField(
        label=_("For true or false: the statement is"),
        choices=[("", "—"), ("true", _("true")), ("false", _("false"))],
        required=False,
    )
    feedback = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shown with the corrections."),
    )
    points = forms.DecimalField(
        label=_("Points"), min_value=Decimal("0.25"), max_value=100, decimal_places=2, initial=1
    )

    @staticmethod
    def initial_for(question) -> dict:
        choices = list(question.choices.all())
        kind = question.kind
        if kind == Question.Kind.MATCHING:
            lines = "\n".join(f"{c.text} = {c.match}" for c in choices)
        elif kind == Question.Kind.SHORT:
            lines = "\n".join(c.text for c in choices)
        elif kind == Question.Kind.TRUE_FALSE:
            lines = ""
        else:
            lines = "\n".join(f"{'* ' if c.is_correct else ''}{c.text}" for c in choices)
        truth = next((c for c in choices if c.is_correct), None)
        return {
            "kind": kind,
            "text": question.text,
            "lines": lines,
            "correct_answer": (
                ("true" if truth and truth.position == 0 else "false")
                if kind == Question.Kind.TRUE_FALSE
                else ""
            ),
            "feedback": question.feedback,
            "points": question.points,
        }
