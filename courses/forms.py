from django import forms
from django.utils.translation import gettext_lazy as _

from core import uploads

from .models import Activity, Registration, SupportRequest


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


class SupportRequestForm(forms.Form):
    """ "Signaler une difficulté / demander un entretien"."""

    kind = forms.ChoiceField(
        label=_("What do you need?"),
        choices=SupportRequest.Kind.choices,
        widget=forms.RadioSelect,
        initial=SupportRequest.Kind.DIFFICULTY,
    )
    message = forms.CharField(
        label=_("Your message"),
        help_text=_(
            "Your responsable pédagogique (and your tutor, if you have one) will read it. "
            "For an interview, say when you are available."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
    )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Please write a few words."))
        return message


class CandidateImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "First line: the column names, Nom, Prénom, Courriel, Concours, and optionally "
            "Tuteur (username or email) and Identifiant. Several exams in one cell are "
            "separated by “;”, by their names as in the model file or their short names. "
            "Saved from Excel or LibreOffice (“;” or “,”, UTF-8 or Windows)."
        ),
    )

    def clean_file(self):
        """A CSV table by its content (``core.uploads``: text, not HTML or a
        program renamed ``.csv``), 1 MB at most."""
        from .imports import MAX_BYTES

        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is too large (1 MB at most)."))
        uploads.check_upload(upload, kinds=("csv",), max_size=MAX_BYTES)
        upload.seek(0)
        return upload


# What a file or audio activity may hold (kinds of core.uploads, typed by content).
FILE_KINDS = ("pdf", "docx", "odt", "doc", "rtf", "xlsx", "ods", "pptx", "odp", "txt", "csv")
FILE_KINDS += uploads.IMAGES
AUDIO_KINDS = uploads.AUDIO
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_AUDIO_BYTES = 200 * 1024 * 1024


class ActivityAdminForm(forms.ModelForm):
    """Checks what producers upload: type by extension *and* content, size."""

    url = forms.URLField(
        label=_("address"),
        required=False,
        assume_scheme="https",
        help_text=_("For links and videos."),
    )

    class Meta:
        model = Activity
        fields = (
            "course",
            "section",
            "kind",
            "title",
            "body",
            "url",
            "file",
            "position",
            "is_visible",
            "available_from",
            "completion_rule",
            "last_reviewed_on",
        )

    def clean(self):
        cleaned = super().clean()
        kind, upload = cleaned.get("kind"), cleaned.get("file")
        if kind in ("link", "video") and not cleaned.get("url"):
            self.add_error("url", _("A link or a video needs its address."))
        if upload and hasattr(upload, "content_type"):  # a new upload
            self._check_upload(kind, upload)
        return cleaned

    def _check_upload(self, kind, upload):
        if kind not in ("file", "audio"):
            self.add_error("file", _("Only file and audio activities carry a file."))
            return
        try:
            checked = uploads.check_upload(
                upload,
                kinds=AUDIO_KINDS if kind == "audio" else FILE_KINDS,
                max_size=MAX_AUDIO_BYTES if kind == "audio" else MAX_FILE_BYTES,
            )
        except forms.ValidationError as error:
            self.add_error("file", error)
            return
        # Saved (under activities/<year>/) with the cleaned name, which is
        # also the name it is downloaded under.
        upload.name = checked.name


class RegistrationAdminForm(forms.ModelForm):
    """The registration in admin: a tutor, when named or changed, must be
    allowed by ``relations.tutor_refusal`` (a tutor grant in the
    preparation's centre, not a candidate of the preparation), the rule the
    CSV import and ``register_candidate`` apply too."""

    class Meta:
        model = Registration
        fields = ("candidate", "preparation", "exams", "tutor", "status")

    def clean(self):
        from .relations import tutor_refusal

        cleaned = super().clean()
        tutor = cleaned.get("tutor")
        preparation = cleaned.get("preparation") or (
            self.instance.preparation if self.instance.preparation_id else None
        )
        candidate = cleaned.get("candidate") or (
            self.instance.candidate if self.instance.candidate_id else None
        )
        changed = tutor is not None and (
            tutor.pk != self.instance.tutor_id or self.instance.pk is None
        )
        if changed and preparation is not None and preparation.has_tutors:
            refusal = tutor_refusal(tutor, preparation, candidate=candidate)
            if refusal:
                self.add_error("tutor", refusal)
        return cleaned


class StaffRoleGrantForm(forms.Form):
    """Grant a role in a centre (the staff page, ``/centre/equipe/``): a
    person of the centre, a role, and the course for trainers and
    producers (one of the centre's courses). ``courses.services.role_grant``
    checks the right and the rule again."""

    user = forms.ModelChoiceField(label=_("Person"), queryset=None)
    role = forms.ChoiceField(label=_("Role"))
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=None,
        required=False,
        help_text=_("For trainers and producers only."),
    )

    def __init__(self, *args, centre, **kwargs):
        from django.contrib.auth import get_user_model

        from .models import StaffRole
        from .relations import courses_of_centre

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(centre=centre, is_active=True)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )
        self.fields["role"].choices = StaffRole.Role.choices
        self.fields["course"].queryset = courses_of_centre(centre.pk).order_by("position", "title")

    def clean(self):
        from .models import StaffRole

        cleaned = super().clean()
        role, course = cleaned.get("role"), cleaned.get("course")
        if role in StaffRole.COURSE_ROLES and course is None:
            self.add_error("course", _("Choose the course."))
        elif role and role not in StaffRole.COURSE_ROLES:
            cleaned["course"] = None
        return cleaned
