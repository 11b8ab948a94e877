"""The grid marking form: points and a comment per criterion."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .grids import _number, parse_points


class GridMarkingForm(forms.Form):
    comment = forms.CharField(
        label=_("General comment"), required=False, max_length=20000, widget=forms.Textarea
    )

    def __init__(self, *args, criteria, with_file: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = forms.CharField(
                label=criterion.label,
                required=False,  # parse_points says which criterion is missing
                max_length=40,
                help_text=_("Out of %(max)s points; a decimal comma is accepted.")
                % {"max": _number(criterion.max_points)},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment on “%(criterion)s”") % {"criterion": criterion.label},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        if with_file:
            self.fields["annotated"] = forms.FileField(
                label=_("Annotated copy"),
                required=False,
                help_text=_("PDF, DOCX or ODT. Replaces the previous annotated copy."),
            )
        # The general comment last, after the criteria.
        self.order_fields([f for f in self.fields if f not in ("comment", "annotated")])

    def rows(self):
        """(criterion, points field, comment field) for the template."""
        return [(c, self[f"points_{c.pk}"], self[f"comment_{c.pk}"]) for c in self.criteria]

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            name = f"points_{criterion.pk}"
            if name in self.errors:
                continue
            try:
                data[name] = parse_points(data.get(name), criterion)
            except ValidationError as exc:
                self.add_error(name, exc.messages)
        return data

    def points(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"points_{c.pk}") for c in self.criteria}

    def comments(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"comment_{c.pk}", "") for c in self.criteria}


def initial_for(state) -> dict:
    """The form's starting values: the user's own marking, the final one, or
    (to reconcile) the mean of the two correctors' points."""
    source = None
    if state.role == "final":
        source = state.final
    elif state.role in ("first", "second"):
        source = state.own
    initial = {}
    if source is not None:
        initial["comment"] = source.comment
        for mark in source.marks.all():
            initial[f"points_{mark.criterion_id}"] = _number(mark.points)
            initial[f"comment_{mark.criterion_id}"] = mark.comment
    elif state.role == "final" and state.both_done:
        first = {m.criterion_id: m.points for m in state.first.marks.all()}
        second = {m.criterion_id: m.points for m in state.second.marks.all()}
        for criterion in state.criteria:
            if criterion.pk in first and criterion.pk in second:
                mean = ((first[criterion.pk] + second[criterion.pk]) / 2).quantize(
                    first[criterion.pk].__class__("0.01")
                )
                initial[f"points_{criterion.pk}"] = _number(mean)
    return initial
