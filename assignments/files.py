"""Checking and storing uploaded files. A file is accepted by what it
contains (magic numbers, through ``filetype``), not by its name; it is
stored under a random name; the original name is kept, cleaned, in the
database only."""

import contextlib
import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .models import FILE_KINDS

NAME_MAX = 150
# Path separators, control characters and characters refused by common file
# systems; a name carrying them is refused rather than silently rewritten.
FORBIDDEN = re.compile(r"[\\/\x00-\x1f\x7f:*?\"<>|]")


@dataclass(frozen=True)
class CheckedFile:
    upload: object
    name: str
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str


def clean_name(raw: str) -> str:
    """The original name as shown to people, or ValidationError."""
    name = unicodedata.normalize("NFC", raw or "").strip()
    if not name or FORBIDDEN.search(name) or name.startswith(".") or ".." in name:
        raise ValidationError(
            _("The file name “%(name)s” is not accepted: rename it with letters and digits only.")
            % {"name": name[:80]},
            code="name",
        )
    if len(name) > NAME_MAX:
        stem, dot, ext = name.rpartition(".")
        name = stem[: NAME_MAX - len(ext) - 1] + dot + ext if dot else name[:NAME_MAX]
    return name


def check_file(upload, *, kinds, max_size: int) -> CheckedFile:
    """Check an uploaded file against accepted ``kinds`` (keys of
    FILE_KINDS) and ``max_size`` in bytes. Reads it once to hash it."""
    name = clean_name(getattr(upload, "name", ""))
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The file “%(name)s” is empty.") % {"name": name}, code="empty")
    if size > max_size:
        raise ValidationError(
            _("The file “%(name)s” is too large (%(size)s; at most %(max)s).")
            % {"name": name, "size": filesizeformat(size), "max": filesizeformat(max_size)},
            code="size",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    mime = guessed.mime if guessed else ""
    extension = ("." + name.rpartition(".")[2].lower()) if "." in name else ""
    accepted = ", ".join(FILE_KINDS[k][0] for k in kinds if k in FILE_KINDS)
    for kind in kinds:
        _label, extensions, mimes = FILE_KINDS[kind]
        if mime in mimes:
            if extension not in extensions:
                raise ValidationError(
                    _(
                        "The content of “%(name)s” does not match its extension: "
                        "it is a %(label)s file."
                    )
                    % {"name": name, "label": _label},
                    code="mismatch",
                )
            break
    else:
        raise ValidationError(
            _("The file “%(name)s” is not of an accepted type (accepted: %(accepted)s).")
            % {"name": name, "accepted": accepted},
            code="type",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        upload=upload,
        name=name,
        kind=kind,
        extension=extension,
        content_type=mime,
        size=size,
        sha256=digest.hexdigest(),
    )


def store(checked: CheckedFile, folder: str, storage=None) -> str:
    """Write the file under ``folder`` with a random name; return the
    storage name. The caller deletes it if its transaction fails."""
    storage = storage or default_storage
    checked.upload.seek(0)
    return storage.save(f"{folder}/{uuid.uuid4().hex}{checked.extension}", checked.upload)


def delete_quietly(names, storage=None) -> None:
    storage = storage or default_storage
    for name in names:
        # Best effort: the failure that brought us here is what gets reported.
        with contextlib.suppress(OSError):
            storage.delete(name)
