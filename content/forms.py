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
    aliases = forms.CharField(
        label=_("Other forms"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("Synonyms, abbreviations or spellings, one per line; found by the search."),
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


RICH_TEXT_HELP = _(
    "Plain text, or HTML: paragraphs, emphasis, lists, links, images and tables are kept, "
    "anything else (scripts, styles) is removed."
)


def _percent(value) -> str:
    text = format((Decimal(value) * 100).normalize(), "f")
    return text.replace(".", ",")


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    name = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_("Optional: names the question in the bank and in exports."),
    )
    text = forms.CharField(
        label=_("Question"), widget=forms.Textarea(attrs={"rows": 3}), help_text=RICH_TEXT_HELP
    )
    lines = forms.CharField(
        label=_("Choices or answers"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "One per line. Choices: start the right ones with a star (*). Short answer: every "
            "accepted answer (* stands for any characters). Numerical: the value, or “value ± "
            "margin”. Matching: “item = answer” (“= answer” alone adds a wrong answer). True or "
            "false: optional lines “Vrai // feedback” and “Faux // feedback”. A line may start "
            "with a share of the points (“50 % UNIMARC”, “-50 % PDF/A”) and end with “ // ” "
            "and the feedback shown when it is chosen."
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
        help_text=_("Shown with the corrections. Plain text or HTML, as the question."),
    )
    points = forms.DecimalField(
        label=_("Points"), min_value=Decimal("0.25"), max_value=100, decimal_places=2, initial=1
    )

    @staticmethod
    def initial_for(question) -> dict:
        """The form of an existing question: its choices written back as
        lines, so that saving it unchanged keeps them as they are."""
        choices = list(question.choices.all())
        kind = question.kind
        K = Question.Kind

        def tail(choice) -> str:
            return f" // {choice.feedback}" if choice.feedback else ""

        def share(choice) -> str:
            return f"{_percent(choice.fraction)} % " if choice.fraction is not None else ""

        if kind == K.MATCHING:
            lines = [f"{c.text} = {c.match}".strip() for c in choices]
        elif kind == K.TRUE_FALSE:
            lines = [
                f"{label}{tail(c)}"
                for label, c in zip((_("True"), _("False")), choices, strict=False)
                if c.feedback
            ]
        elif kind == K.NUMERICAL:
            lines = [
                f"{share(c)}{c.text}"
                + (f" ± {format(c.tolerance.normalize(), 'f')}" if c.tolerance else "")
                + tail(c)
                for c in choices
            ]
        elif kind == K.SHORT:
            lines = [f"{share(c)}{c.text}{tail(c)}" for c in choices]
        else:
            lines = [
                f"{'* ' if c.is_correct and c.fraction is None else ''}{share(c)}{c.text}{tail(c)}"
                for c in choices
            ]
        truth = next((c for c in choices if c.is_correct), None)
        return {
            "kind": kind,
            "name": question.name,
            "text": question.text,
            "lines": "\n".join(lines),
            "correct_answer": (
                ("true" if truth and truth.position == 0 else "false")
                if kind == K.TRUE_FALSE
                else ""
            ),
            "feedback": question.feedback,
            "points": question.points,
        }
