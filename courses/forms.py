from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Activity


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


# What a file or audio activity may hold: extension → accepted first bytes.
FILE_SIGNATURES = {
    "pdf": (b"%PDF-",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "odp": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "epub": (b"PK\x03\x04",),
    "zip": (b"PK\x03\x04",),
    "txt": (b"",),
    "csv": (b"",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
}
AUDIO_SIGNATURES = {
    "mp3": (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"),
    "ogg": (b"OggS",),
    "oga": (b"OggS",),
    "opus": (b"OggS",),
    "m4a": (b"\x00\x00\x00",),  # ISO BMFF: size then "ftyp", checked below
    "wav": (b"RIFF",),
}
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
        signatures = AUDIO_SIGNATURES if kind == "audio" else FILE_SIGNATURES
        limit = MAX_AUDIO_BYTES if kind == "audio" else MAX_FILE_BYTES
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension not in signatures:
            self.add_error(
                "file",
                _("Accepted files: %(types)s.") % {"types": ", ".join(sorted(signatures))},
            )
            return
        if upload.size > limit:
            self.add_error(
                "file", _("The file is too large (%(mb)s MB at most).") % {"mb": limit // 2**20}
            )
            return
        upload.seek(0)
        head = upload.read(12)
        upload.seek(0)
        valid = any(head.startswith(sig) for sig in signatures[extension])
        if extension == "m4a":
            valid = head[4:8] == b"ftyp"
        if extension in ("txt", "csv"):
            valid = b"\x00" not in head
        if not valid:
            self.add_error(
                "file",
                _("The content of the file does not match its extension (.%(ext)s).")
                % {"ext": extension},
            )
