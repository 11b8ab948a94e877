"""Attachment checks, as for assignment copies: the type is read from the
content (never trusted from the name or the browser), with a size and a
count limit."""

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# extension -> MIME type, as detected from the first bytes.
ALLOWED = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "odt": "application/vnd.oasis.opendocument.text",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
MAX_SIZE = 5 * 1024 * 1024
MAX_FILES = 3


def check_attachments(files) -> list[tuple[object, str]]:
    """Check uploaded ``files``; return [(file, MIME type)] or raise
    ValidationError with a French message naming the file."""
    files = [f for f in files if f]
    if len(files) > MAX_FILES:
        raise ValidationError(
            ngettext(
                "At most %(count)d file per message.",
                "At most %(count)d files per message.",
                MAX_FILES,
            )
            % {"count": MAX_FILES}
        )
    checked = []
    for upload in files:
        if upload.size > MAX_SIZE:
            raise ValidationError(
                _("“%(name)s” is too large (%(size)s, at most %(max)s).")
                % {
                    "name": upload.name,
                    "size": filesizeformat(upload.size),
                    "max": filesizeformat(MAX_SIZE),
                }
            )
        if upload.size == 0:
            raise ValidationError(_("“%(name)s” is empty.") % {"name": upload.name})
        upload.seek(0)
        kind = filetype.guess(upload.read(8192))
        upload.seek(0)
        if kind is None or kind.extension not in ALLOWED:
            raise ValidationError(
                _("“%(name)s” is not an accepted file (PDF, PNG, JPEG, ODT or DOCX).")
                % {"name": upload.name}
            )
        checked.append((upload, ALLOWED[kind.extension]))
    return checked
