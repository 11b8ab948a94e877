from django import forms
from django.utils.translation import gettext_lazy as _

from courses.api import Course

from .interop.services import BACKUP_MAX_BYTES, NEW_COURSE_KINDS
from .permissions import can_import_new_course
from .selectors import courses_produced_by


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Questions: GIFT (.txt) or Moodle XML (.xml), as Moodle exports them. Glossary: "
            "Moodle glossary XML (.xml) or CSV (columns “terme”, “définition”, “autres formes”; "
            "“;” or “,”). At most 2 MB. You will see what the file holds before anything is saved."
        ),
    )


class BackupImportForm(forms.Form):
    file = forms.FileField(
        label=_("Moodle course backup (.mbz)"),
        help_text=_(
            "Made by Moodle 4 or 5 (“Backup” of the course, or the automatic backups), "
            "at most 100 MB; larger ones go through the import_moodle_backup command."
        ),
    )
    course = forms.ModelChoiceField(
        label=_("Into the course"), queryset=Course.objects.none(), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of the new course"),
        choices=[(str(k), k.label) for k in NEW_COURSE_KINDS],
        required=False,
        help_text=_("Only when a new course is created (it is created hidden)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = courses_produced_by(user).order_by("position", "title")
        if can_import_new_course(user):
            self.fields["course"].empty_label = _("A new course (hidden until it is checked)")
            self.fields["course"].help_text = _(
                "Importing the same backup again into the same course adds only what is new."
            )
        else:
            self.fields["course"].required = True
            self.fields["course"].empty_label = None
            del self.fields["kind"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > BACKUP_MAX_BYTES:
            raise forms.ValidationError(_("This backup is larger than 100 MB."))
        return upload
