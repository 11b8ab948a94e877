"""Attachments: checked like copies, by content (magic bytes), size and name,
never by the browser's declared type."""

import os
import re
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension -> content type; zip-based formats are recognised by their member.
ALLOWED = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _sniff(head: bytes, uploaded) -> str | None:
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"PK\x03\x04"):
        uploaded.seek(0)
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
                if "mimetype" in names:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype == ALLOWED[".odt"]:
                        return mimetype
                if "[Content_Types].xml" in names and "word/document.xml" in names:
                    return ALLOWED[".docx"]
        except (zipfile.BadZipFile, OSError, KeyError):
            return None
    return None


def safe_name(name: str) -> str:
    name = os.path.basename(name.replace("\\", "/"))
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[^\w.\- ()]", "_", name).strip(" .")
    stem, ext = os.path.splitext(name)
    return (stem[:100] or "piece-jointe") + ext.lower()


def check_attachment(uploaded) -> tuple[str, str]:
    """(content type, safe file name) of an acceptable upload, or a
    ``ValidationError`` in French."""
    if uploaded.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    limit = settings.TUTORING_ATTACHMENT_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s at most).") % {"size": filesizeformat(limit)},
            code="too_large",
        )
    name = safe_name(uploaded.name or "")
    ext = os.path.splitext(name)[1]
    if ext not in ALLOWED:
        raise ValidationError(
            _("Only PDF, ODT, DOCX, PNG and JPEG files are accepted."), code="extension"
        )
    uploaded.seek(0)
    head = uploaded.read(8)
    content_type = _sniff(head, uploaded)
    uploaded.seek(0)
    if content_type is None or content_type != ALLOWED[ext]:
        raise ValidationError(
            _("The content of the file does not match its type (%(ext)s).") % {"ext": ext},
            code="content",
        )
    return content_type, name
