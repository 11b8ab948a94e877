from django import forms
from django.utils.translation import gettext_lazy as _


class WithdrawalForm(forms.Form):
    """ "Je me désiste": the reason, then the same form again with
    ``confirmed`` set by the confirmation page."""

    reason = forms.CharField(
        label=_("Why are you withdrawing?"),
        help_text=_("Your centre's team and your tutor will read it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Please give a reason."))
        return reason


class CandidateImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: username (optional), email, first_name, last_name, exams (short names "
            "separated by “;”), tutor (username or email, optional). First line: the column "
            "names. UTF-8."
        ),
    )
