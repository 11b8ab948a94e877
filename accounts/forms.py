from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from .models import Preferences, User


class LoginForm(AllauthLoginForm):
    """Username or email, and password (allauth checks them, rate-limited)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("Username or email address")
        login.widget.attrs.pop("placeholder", None)
        login.widget.attrs["autocomplete"] = "username"
        password = self.fields["password"]
        password.widget.attrs.pop("placeholder", None)
        password.help_text = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Stay logged in on this device")


class ResetPasswordForm(AllauthResetPasswordForm):
    """ "Forgot your password?": the request only queues a task with the
    address; the task looks for the account and sends the link. Known and
    unknown addresses cost the same on the request path (no timing tells who
    has an account)."""

    def clean_email(self) -> str:
        from allauth.account.adapter import get_adapter

        self.users = []
        return get_adapter().clean_email(self.cleaned_data["email"].strip())

    def save(self, request, **kwargs) -> str:
        from .services import password_reset_request

        email = self.cleaned_data["email"]
        password_reset_request(email=email)
        return email


class ActivationForm(SetPasswordForm):
    """Choose a password through the activation link."""

    def save(self, commit=True):
        from .services import user_activate_with_password

        user_activate_with_password(user=self.user, password=self.cleaned_data["new_password1"])
        return self.user


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "display_name"]


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = [
            "contact_by_email",
            "contact_by_phone",
            "phone",
            "contact_by_video",
            "videoconference",
            "reminders_enabled",
        ]
        # The forum emails' default (``forum_mode``) is now the "Forum
        # discussions" channel of the notifications, obeyed by the forums.
        widgets = {
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }

    def clean(self):
        data = super().clean()
        if data.get("contact_by_phone") and not data.get("phone"):
            self.add_error("phone", _("Give a phone number to be contacted by phone."))
        if data.get("contact_by_video") and not data.get("videoconference"):
            self.add_error(
                "videoconference", _("Give an address to be contacted by videoconference.")
            )
        return data


class TermsForm(forms.Form):
    accept = forms.BooleanField(
        label=_("I have read and I accept the terms of use and the legal notice above."),
        required=True,
    )
    # The versions shown and the SHA-256 of their texts (selectors.terms_fingerprint).
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False, max_length=2000)

    def __init__(self, *args, pending=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .selectors import terms_fingerprint

        self.expected = terms_fingerprint(pending or [])
        self.fields["fingerprint"].initial = self.expected

    def clean(self):
        data = super().clean()
        if self.is_bound and data.get("fingerprint", "") != self.expected:
            # Shown again with the current text and its fingerprint.
            self.data = self.data.copy()
            self.data["fingerprint"] = self.expected
            raise forms.ValidationError(
                _(
                    "The terms changed while you were reading them. Read the new text "
                    "below, then accept it again."
                ),
                code="terms_changed",
            )
        return data


class AccountCreationForm(forms.ModelForm):
    """A coordinator creates a candidate or staff member of their centre: no
    password here, the person chooses it through the activation email."""

    send_activation = forms.BooleanField(
        label=_("Send the activation email now"), required=False, initial=True
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "centre"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        if "centre" in self.fields:
            self.fields["centre"].required = True

    def save(self, commit=True):
        # The admin's save_model() hands the instance to services.user_create.
        return super().save(commit=False)
