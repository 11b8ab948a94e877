"""One way in and one way out for every uploaded file (copies, annotated
copies, subjects, forum and tutoring attachments, slides, audio).

Rules (docs/uploads.md):

- A file is typed by its content (``filetype`` magic numbers; ZIP-based
  office files by the parts inside the ZIP), never by the browser's claim.
  Its extension must agree with its content.
- Size and count are capped here, and also before the body is read
  (``core.upload_handlers``).
- ZIP-based office files (DOCX, ODT, XLSX...) are opened safely: bounded
  number of entries, bounded unpacked size and ratio, no nested archive, no
  unsafe entry name, no encryption, no macros; every entry is unpacked once
  (bounded) so a damaged file is refused now rather than later.
- The original name is cleaned and kept for display only; the file is stored
  under a random name ``<folder>/<uuid><ext>``.
- Files go out only through :func:`file_response` (attachment, nosniff,
  private, sandboxed), from a view that checked access; never from a public
  media URL. They carry ETag and Last-Modified and answer conditional
  requests with a 304 (docs/decisions/0011-conditional-downloads.md).

Every refusal is a ``ValidationError`` with a French message naming the
file; nothing else escapes :func:`check_upload` for any input.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import re
import unicodedata
import uuid
import warnings
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.http.response import HttpResponseBase
from django.template.defaultfilters import filesizeformat
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

MB = 1024 * 1024

try:  # the object store's client errors, when django-storages' S3 backend is installed
    from botocore.exceptions import BotoCoreError, ClientError
except ImportError:  # pragma: no cover
    _METADATA_ERRORS: tuple[type[Exception], ...] = (OSError, NotImplementedError, ValueError)
else:
    _METADATA_ERRORS = (OSError, NotImplementedError, ValueError, BotoCoreError, ClientError)

# --- The kinds of files Callisto accepts ------------------------------------------


@dataclass(frozen=True)
class FileKind:
    """A kind of file: how people call it, the extensions a name may carry,
    the MIME types its content is detected as, and the type it is served as."""

    code: str
    label: Any  # lazy translated string
    extensions: tuple[str, ...]
    detected: tuple[str, ...]
    content_type: str
    zip_based: bool = False
    text: bool = False


_OOXML = "application/vnd.openxmlformats-officedocument."
_ODF = "application/vnd.oasis.opendocument."

KINDS: dict[str, FileKind] = {
    kind.code: kind
    for kind in (
        FileKind("pdf", _("PDF document"), (".pdf",), ("application/pdf",), "application/pdf"),
        FileKind(
            "docx",
            _("Word document (DOCX)"),
            (".docx",),
            (_OOXML + "wordprocessingml.document",),
            _OOXML + "wordprocessingml.document",
            zip_based=True,
        ),
        FileKind(
            "odt",
            _("OpenDocument text (ODT)"),
            (".odt",),
            (_ODF + "text",),
            _ODF + "text",
            zip_based=True,
        ),
        FileKind(
            "doc",
            _("Word 97-2003 document (DOC)"),
            (".doc",),
            ("application/msword",),
            "application/msword",
        ),
        FileKind("rtf", _("Rich text (RTF)"), (".rtf",), ("application/rtf",), "application/rtf"),
        FileKind(
            "xlsx",
            _("Excel workbook (XLSX)"),
            (".xlsx",),
            (_OOXML + "spreadsheetml.sheet",),
            _OOXML + "spreadsheetml.sheet",
            zip_based=True,
        ),
        FileKind(
            "ods",
            _("OpenDocument spreadsheet (ODS)"),
            (".ods",),
            (_ODF + "spreadsheet",),
            _ODF + "spreadsheet",
            zip_based=True,
        ),
        FileKind(
            "pptx",
            _("PowerPoint presentation (PPTX)"),
            (".pptx",),
            (_OOXML + "presentationml.presentation",),
            _OOXML + "presentationml.presentation",
            zip_based=True,
        ),
        FileKind(
            "odp",
            _("OpenDocument presentation (ODP)"),
            (".odp",),
            (_ODF + "presentation",),
            _ODF + "presentation",
            zip_based=True,
        ),
        FileKind("txt", _("Plain text (TXT)"), (".txt",), ("text/plain",), "text/plain", text=True),
        FileKind("csv", _("CSV table"), (".csv",), ("text/csv",), "text/csv", text=True),
        FileKind("png", _("PNG image"), (".png",), ("image/png",), "image/png"),
        FileKind("jpeg", _("JPEG image"), (".jpg", ".jpeg"), ("image/jpeg",), "image/jpeg"),
        FileKind("mp3", _("MP3 audio"), (".mp3",), ("audio/mpeg",), "audio/mpeg"),
        FileKind("ogg", _("Ogg audio"), (".ogg", ".oga", ".opus"), ("audio/ogg",), "audio/ogg"),
        FileKind("m4a", _("M4A audio"), (".m4a",), ("audio/mp4",), "audio/mp4"),
        FileKind("wav", _("WAV audio"), (".wav",), ("audio/x-wav",), "audio/wav"),
        FileKind("flac", _("FLAC audio"), (".flac",), ("audio/x-flac",), "audio/flac"),
    )
}

# Usual sets, for the apps' forms and services.
DOCUMENTS = ("pdf", "docx", "odt")
ATTACHMENTS = ("pdf", "docx", "odt", "png", "jpeg")
SLIDES = ("pdf", "pptx", "odp")
AUDIO = ("mp3", "ogg", "m4a", "wav", "flac")
IMAGES = ("png", "jpeg")

# ZIP-based kinds: (mimetype entry for ODF | main part type for OOXML).
_ODF_KINDS = {KINDS[c].detected[0]: c for c in ("odt", "ods", "odp")}
_OOXML_MAIN = {
    "docx": ("word/", _OOXML + "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/", _OOXML + "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/", _OOXML + "presentationml.presentation.main+xml"),
}

HEAD_SIZE = 8192
NAME_MAX_LENGTH = 150


def _limit(name: str, default: int) -> int:
    return getattr(settings, name, default)


def labels(kinds: Iterable[str]) -> str:
    """ "Document PDF, Document Word (DOCX)": the accepted kinds, for messages
    and help texts."""
    return ", ".join(str(KINDS[k].label) for k in kinds)


def accept_attribute(kinds: Iterable[str]) -> str:
    """The ``accept`` attribute of a file input for ``kinds`` (a hint to the
    browser's file picker only; the check is :func:`check_upload`)."""
    return ",".join(ext for k in kinds for ext in KINDS[k].extensions)


# --- Names ----------------------------------------------------------------------

_RESERVED_CHARS = re.compile(r'[<>:"/\\|?*]')
_SPACES = re.compile(r"\s+")
_WINDOWS_DEVICES = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def clean_name(raw: str, *, default: str = "fichier") -> str:
    """The name people will see and download the file under: Unicode NFC,
    no folder part, no control or bidirectional characters (a name like
    ``copie\\u202efdp.exe`` would show as ``copieexe.pdf``), no characters
    that file systems refuse, no leading dot, at most 150 characters with
    the extension kept, lower-case extension. Never empty."""
    name = unicodedata.normalize("NFC", str(raw or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(
        " " if unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Zl", "Zp"} else ch for ch in name
    )
    name = _RESERVED_CHARS.sub("_", name)
    name = _SPACES.sub(" ", name).strip(" .")
    stem, ext = split_extension(name)
    stem = stem.strip(" .")
    if not stem or stem.lower().split(".")[0] in _WINDOWS_DEVICES:
        stem = f"{default}-{stem}" if stem else default
    suffix = f".{ext}" if ext else ""
    stem = stem[: NAME_MAX_LENGTH - len(suffix)].rstrip(" .") or default
    return stem + suffix


def split_extension(name: str) -> tuple[str, str]:
    """("rapport v1.0", "pdf") for "rapport v1.0.PDF"; ("notes v1.0 final", "")
    when what follows the last dot is not an extension."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or len(ext) > 10 or not ext.isalnum():
        return name, ""
    return stem, ext.lower()


def ascii_name(name: str) -> str:
    """An ASCII stand-in for ``name`` (accents dropped), for the plain
    ``filename=`` of Content-Disposition."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(
        (ch if ch.isascii() else "_") for ch in decomposed if not unicodedata.combining(ch)
    )
    ascii_only = re.sub(r"[^A-Za-z0-9 ._()\-]", "_", ascii_only).strip(" .")
    return ascii_only or "fichier"


# --- Checking ---------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedFile:
    """An upload that passed :func:`check_upload`. ``name`` is the cleaned
    original name (for display and download), ``extension`` the lower-case
    extension it is stored with."""

    upload: Any
    name: str
    kind: str
    extension: str
    content_type: str
    size: int
    sha256: str

    @property
    def label(self) -> str:
        return str(KINDS[self.kind].label)


def _error(message, code: str, name: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params={"name": name, **params})


def _damaged(name: str) -> ValidationError:
    return _error(
        _(
            "“%(name)s” seems damaged or incomplete: open it on your computer, "
            "save it again and send it again."
        ),
        "damaged",
        name,
    )


def check_upload(upload, *, kinds: Iterable[str], max_size: int) -> CheckedFile:
    """Check one uploaded file (a Django ``UploadedFile`` or any ``File``)
    against the accepted ``kinds`` (codes of :data:`KINDS`) and
    ``max_size`` in bytes. Reads the file once (streaming); raises
    ``ValidationError`` with a French message, and nothing else."""
    kinds = tuple(kinds)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise ValueError(f"Unknown file kinds: {unknown or kinds!r}")
    name = clean_name(getattr(upload, "name", "") or "")
    declared = getattr(upload, "size", None)
    if declared is not None and declared > max_size:
        raise _too_large(name, declared, max_size)

    try:
        upload.seek(0)
        head = upload.read(HEAD_SIZE) or b""
        # Size and digest over the real bytes, not the declared size.
        size, digest = _size_and_digest(upload, max_size, name)
    except ValidationError:
        raise
    except (OSError, ValueError) as exc:
        raise _damaged(name) from exc
    if size == 0:
        raise _error(_("“%(name)s” is empty."), "empty", name)

    accepted = labels(kinds)
    kind = _detect(upload, head, size, kinds, name)
    if kind is None or kind.code not in kinds:
        if kind is not None:
            raise _error(
                _(
                    "“%(name)s” is a file of type %(label)s, which is not accepted here "
                    "(accepted: %(accepted)s)."
                ),
                "type",
                name,
                label=kind.label,
                accepted=accepted,
            )
        raise _error(
            _("“%(name)s” is not of an accepted type (accepted: %(accepted)s)."),
            "type",
            name,
            accepted=accepted,
        )

    extension = f".{ext}" if (ext := split_extension(name)[1]) else ""
    if not extension:
        extension = kind.extensions[0]
        name = clean_name(name + extension)
    elif extension not in kind.extensions:
        raise _error(
            _(
                "The content of “%(name)s” does not match its extension: it is a file of "
                "type %(label)s. Give it the right extension or export it again."
            ),
            "mismatch",
            name,
            label=kind.label,
        )

    content_type = kind.content_type
    if kind.text:
        content_type += f"; charset={_text_charset(upload)}"
    with contextlib.suppress(OSError, ValueError):
        upload.seek(0)
    return CheckedFile(
        upload=upload,
        name=name,
        kind=kind.code,
        extension=extension,
        content_type=content_type,
        size=size,
        sha256=digest,
    )


def check_uploads(
    files: Iterable,
    *,
    kinds: Iterable[str],
    max_size: int,
    max_count: int,
    max_total: int | None = None,
) -> list[CheckedFile]:
    """Check several files (empty slots ignored): at most ``max_count``, each
    at most ``max_size``, together at most ``max_total`` bytes when given.
    Raises one ``ValidationError`` listing every refused file."""
    files = [f for f in files if f]
    kinds = tuple(kinds)
    if len(files) > max_count:
        raise ValidationError(
            ngettext(
                "You may send at most %(max)d file at once.",
                "You may send at most %(max)d files at once.",
                max_count,
            ),
            code="count",
            params={"max": max_count},
        )
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(check_upload(upload, kinds=kinds, max_size=max_size))
        except ValidationError as exc:
            errors.extend(exc.error_list)
    if errors:
        raise ValidationError(errors)
    total = sum(c.size for c in checked)
    if max_total is not None and total > max_total:
        raise ValidationError(
            _("These files are too large together (%(size)s; at most %(max)s)."),
            code="total_size",
            params={"size": filesizeformat(total), "max": filesizeformat(max_total)},
        )
    return checked


def _too_large(name: str, size: int, max_size: int) -> ValidationError:
    return _error(
        _("“%(name)s” is too large (%(size)s; at most %(max)s)."),
        "size",
        name,
        size=filesizeformat(size),
        max=filesizeformat(max_size),
    )


def _size_and_digest(upload, max_size: int, name: str) -> tuple[int, str]:
    upload.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := upload.read(64 * 1024):
        size += len(chunk)
        if size > max_size:
            raise _too_large(name, size, max_size)
        digest.update(chunk)
    upload.seek(0)
    return size, digest.hexdigest()


def _detect(upload, head: bytes, size: int, kinds: tuple[str, ...], name: str):
    """The :class:`FileKind` of the content, or None. Raises ValidationError
    for a damaged or dangerous file of a kind we would otherwise accept."""
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if not any(KINDS[k].zip_based for k in kinds):
            return _guess_zip_kind(head)
        return _inspect_zip(upload, size, name)
    guessed = filetype.guess(head)
    if guessed is not None:
        kind = next((k for k in KINDS.values() if guessed.mime in k.detected), None)
        if kind is None or kind.code not in kinds:
            return kind
        if kind.code == "pdf":
            _check_pdf(upload, size, name)
        elif kind.code in IMAGES:
            _check_image(upload, name)
        return kind
    text_kinds = [KINDS[k] for k in kinds if KINDS[k].text]
    if text_kinds and _is_text(upload, head):
        extension = "." + split_extension(name)[1]
        return next((k for k in text_kinds if extension in k.extensions), text_kinds[0])
    return None


def _guess_zip_kind(head: bytes):
    """Best effort, from the first bytes only: which office kind a ZIP is,
    for the "not accepted here" message (the ZIP is not opened)."""
    with contextlib.suppress(Exception):
        guessed = filetype.guess(head)
        if guessed is not None:
            return next((k for k in KINDS.values() if guessed.mime in k.detected), None)
    return None


# --- PDF, images, text ---------------------------------------------------------------


def _check_pdf(upload, size: int, name: str) -> None:
    # A PDF ends with %%EOF (readers tolerate trailing bytes after it); a
    # copy cut short in transfer has none.
    upload.seek(max(0, size - 4096))
    tail = upload.read(4096)
    upload.seek(0)
    if b"%%EOF" not in tail:
        raise _damaged(name)


def _check_image(upload, name: str) -> None:
    """Pillow reads the header and checks the chunks without decoding the
    pixels; an image too large in pixels (a decompression bomb for whatever
    renders it later, WeasyPrint included) is refused."""
    from PIL import Image

    max_pixels = _limit("UPLOAD_IMAGE_MAX_PIXELS", 40_000_000)
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise _error(
                        _(
                            "“%(name)s” is too large in pixels (%(width)s × %(height)s): "  # noqa: RUF001
                            "reduce it and send it again."
                        ),
                        "pixels",
                        name,
                        width=width,
                        height=height,
                    )
                image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise _error(
            _("“%(name)s” is too large in pixels: reduce it and send it again."),
            "pixels",
            name,
        ) from exc
    except Exception as exc:  # any parser failure on untrusted bytes: damaged
        raise _damaged(name) from exc
    finally:
        upload.seek(0)


_BAD_TEXT_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MARKUP_STARTS = (
    b"<!doctype",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<iframe",
    b"<svg",
    b"<?xml",
    b"<!--",
    b"<meta",
    b"<object",
)


def _is_text(upload, head: bytes) -> bool:
    """Plain text: UTF-8 (or Windows-1252, as spreadsheets export CSV in
    France), no control characters, and not HTML or XML in disguise."""
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(_MARKUP_STARTS):
        return False
    return _text_charset(upload) is not None


def _text_charset(upload) -> str | None:
    for charset in ("utf-8", "windows-1252"):
        decoder = codecs.getincrementaldecoder(charset)()
        upload.seek(0)
        try:
            while chunk := upload.read(64 * 1024):
                if _BAD_TEXT_BYTES.search(chunk):
                    return None
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        finally:
            upload.seek(0)
        return charset
    return None


# --- ZIP-based office files ------------------------------------------------------------

_ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"\xd0\xcf\x11\xe0",  # OLE2: embedded legacy Office objects
)
_ARCHIVE_SUFFIXES = (
    ".zip",
    ".jar",
    ".rar",
    ".7z",
    ".gz",
    ".tgz",
    ".bz2",
    ".xz",
    ".docx",
    ".docm",
    ".xlsx",
    ".xlsm",
    ".pptx",
    ".pptm",
    ".odt",
    ".ods",
    ".odp",
    ".odg",
)


def _zip_refused(name: str, reason: str) -> ValidationError:
    messages = {
        "bomb": _(
            "“%(name)s” cannot be accepted: once unpacked it would be far too large. "
            "Export it as PDF and send it again."
        ),
        "entries": _(
            "“%(name)s” cannot be accepted: it holds too many internal parts. "
            "Export it as PDF and send it again."
        ),
        "unsafe": _("“%(name)s” cannot be accepted: it holds parts with unsafe names."),
        "nested": _(
            "“%(name)s” cannot be accepted: it holds another archive or an embedded "
            "document. Export it as PDF and send it again."
        ),
        "encrypted": _(
            "“%(name)s” is protected by a password: remove the protection and send it again."
        ),
        "macros": _(
            "“%(name)s” contains macros, which are not accepted: save it without macros "
            "or export it as PDF."
        ),
    }
    return _error(messages[reason], f"zip_{reason}", name)


def _unsafe_entry_name(entry: str) -> bool:
    if not entry or "\x00" in entry or "\\" in entry or entry.startswith("/"):
        return True
    if re.match(r"^[A-Za-z]:", entry):
        return True
    return any(part in {"..", "."} for part in entry.split("/")[:-1]) or entry.endswith("/..")


def _zip_directory_limits(upload, size: int, max_entries: int) -> bool:
    """Before letting ``zipfile`` parse the central directory, read its
    declared size and entry count from the end record (a directory of a
    million entries would cost memory and time to parse)."""
    tail_size = min(size, 65536 + 22)
    upload.seek(size - tail_size)
    tail = upload.read(tail_size)
    upload.seek(0)
    end = tail.rfind(b"PK\x05\x06")
    if end < 0 or len(tail) - end < 22:
        return True  # no end record: zipfile will refuse it
    count = int.from_bytes(tail[end + 10 : end + 12], "little")
    directory_size = int.from_bytes(tail[end + 12 : end + 16], "little")
    return count <= max_entries and directory_size <= max_entries * 1024


def _zip_directory_refusal(
    entries: list[zipfile.ZipInfo], max_entries: int, max_unpacked: int, max_ratio: int
) -> str | None:
    """Why a ZIP's directory is refused (``entries``, ``unsafe``,
    ``encrypted``, ``bomb``), or None: the checks every ZIP goes through,
    office file or course backup, before a byte is unpacked."""
    if len(entries) > max_entries:
        return "entries"
    names = [e.filename for e in entries]
    if len(set(names)) != len(names) or any(_unsafe_entry_name(n) for n in names):
        return "unsafe"
    if any(e.flag_bits & 0x1 for e in entries):
        return "encrypted"
    # Declared sizes first: zipfile never unpacks past them.
    if sum(e.file_size for e in entries) > max_unpacked:
        return "bomb"
    for e in entries:
        if e.file_size > MB and e.file_size > max_ratio * max(e.compress_size, 1):
            return "bomb"
    return None


def _inspect_zip(upload, size: int, name: str):
    """Open a ZIP-based office file safely and say which kind it is."""
    max_entries = _limit("UPLOAD_ZIP_MAX_ENTRIES", 1000)
    max_unpacked = _limit("UPLOAD_ZIP_MAX_UNPACKED", 100 * MB)
    max_ratio = _limit("UPLOAD_ZIP_MAX_RATIO", 100)
    if not _zip_directory_limits(upload, size, max_entries):
        raise _zip_refused(name, "entries")
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            reason = _zip_directory_refusal(entries, max_entries, max_unpacked, max_ratio)
            if reason:
                raise _zip_refused(name, reason)
            names = [e.filename for e in entries]
            lowered = [n.lower() for n in names]
            if any(n.endswith(_ARCHIVE_SUFFIXES) for n in lowered):
                raise _zip_refused(name, "nested")
            if any(
                "vbaproject" in n or "vbadata" in n or n.startswith(("basic/", "scripts/"))
                for n in lowered
            ):
                raise _zip_refused(name, "macros")
            # Unpack every entry once (bounded by the declared sizes above):
            # checks the CRCs and that no entry is itself an archive.
            for e in entries:
                if e.is_dir():
                    continue
                with archive.open(e) as member:
                    first = member.read(8)
                    if first.startswith(_ARCHIVE_MAGIC):
                        raise _zip_refused(name, "nested")
                    while member.read(256 * 1024):
                        pass
            kind = _zip_kind(archive, set(names))
    except ValidationError:
        raise
    except Exception as exc:  # any failure of the unpacker on untrusted bytes
        raise _damaged(name) from exc
    finally:
        with contextlib.suppress(Exception):
            upload.seek(0)
    return kind


def _zip_kind(archive: zipfile.ZipFile, names: set[str]):
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:200].decode("ascii", "replace").strip()
        code = _ODF_KINDS.get(mimetype)
        return KINDS[code] if code and "content.xml" in names else None
    if "[Content_Types].xml" in names:
        content_types = archive.read("[Content_Types].xml")
        if b"macroEnabled" in content_types:
            return None
        for code, (folder, main_type) in _OOXML_MAIN.items():
            if main_type.encode() in content_types and any(n.startswith(folder) for n in names):
                return KINDS[code]
    return None


# --- Archives (course backups) -------------------------------------------------------------
# A Moodle course backup (.mbz) is a gzip-compressed tar, or a ZIP for older
# ones. It is unpacked once, here, into a private temporary folder under
# names of ours, with the same bounds as the office files: number of
# entries, unpacked size, ratio, entry names; links and devices refused.

_GZIP_MAGIC = b"\x1f\x8b"
_TAR_MAGIC_OFFSET = 257
# What tar may read for one entry's headers (long names, pax records):
# anything larger is an attack on the unpacker's memory.
_TAR_HEADER_BUDGET = 1 * MB


class _ArchiveRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _BoundedStream:
    """The decompressed bytes of a tar, handed to ``tarfile`` with two
    bounds: what one phase may read (an entry's headers, then its data;
    ``tarfile`` reads ahead by at most one record, hence the slack) and what
    the whole archive may read."""

    SLACK = 2 * 20 * 512  # two of tarfile's records

    def __init__(self, raw, total: int):
        self.raw = raw
        self.budget = 0
        self.total = total

    def allow(self, size: int) -> None:
        self.budget = size + self.SLACK

    def read(self, size=-1):
        if size is None or size < 0:
            size = self.budget + 1
        data = self.raw.read(min(size, self.budget + 1))
        self.budget -= len(data)
        self.total -= len(data)
        if self.budget < 0 or self.total < 0:
            raise _ArchiveRefused("bomb")
        return data


def _archive_refused(name: str, reason: str) -> ValidationError:
    messages = {
        "format": _(
            "“%(name)s” is not an archive that can be opened here: a Moodle backup "
            "(.mbz) is a .tar.gz or .zip file."
        ),
        "bomb": _("“%(name)s” cannot be accepted: once unpacked it would be far too large."),
        "entries": _("“%(name)s” cannot be accepted: it holds too many files."),
        "unsafe": _(
            "“%(name)s” cannot be accepted: it holds entries with unsafe names or links "
            "(absolute paths, “..”, links to other files)."
        ),
        "encrypted": _(
            "“%(name)s” is protected by a password: remove the protection and send it again."
        ),
    }
    if reason == "damaged":
        return _damaged(name)
    return _error(messages[reason], f"archive_{reason}", name)


@dataclass
class CheckedArchive:
    """An archive that passed :func:`check_archive`, unpacked into a private
    temporary folder. ``members`` maps each file's name in the archive (no
    leading ``./``) to its size. Close it (or use it as a context manager)
    to remove the folder."""

    name: str
    size: int
    sha256: str
    members: dict[str, int]
    _paths: dict[str, str]
    _folder: Any

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        self._folder.cleanup()

    def open(self, member: str):
        """The unpacked file ``member``, opened for reading (binary)."""
        return open(self._paths[member], "rb")

    def read(self, member: str) -> bytes:
        with self.open(member) as handle:
            return handle.read()


def _member_name(raw: str) -> str | None:
    """The name of an archive entry without its leading ``./``, or None when
    it is unsafe (absolute, ``..``, backslashes, drive letters, NUL)."""
    name = raw
    while name.startswith("./"):
        name = name[2:]
    if _unsafe_entry_name(name) or any(part == ".." for part in name.split("/")):
        return None
    return name


def check_archive(
    upload,
    *,
    max_size: int,
    max_entries: int | None = None,
    max_unpacked: int | None = None,
) -> CheckedArchive:
    """Check and unpack an uploaded archive (.tar.gz, .tar or .zip, such as a
    Moodle backup): at most ``max_size`` bytes, at most ``max_entries``
    entries and ``max_unpacked`` bytes once unpacked (settings
    ``UPLOAD_ARCHIVE_MAX_ENTRIES``, ``UPLOAD_ARCHIVE_MAX_UNPACKED`` by
    default), no more than ``UPLOAD_ZIP_MAX_RATIO`` times larger unpacked
    than packed, no unsafe entry name, no link, device or duplicate entry,
    no encrypted ZIP entry. Nested archives are allowed (the caller checks
    each file it keeps with :func:`check_upload`). Raises ``ValidationError``
    with a French message naming the file, and nothing else."""
    import tempfile

    name = clean_name(getattr(upload, "name", "") or "", default="archive")
    max_entries = max_entries or _limit("UPLOAD_ARCHIVE_MAX_ENTRIES", 50_000)
    max_unpacked = max_unpacked or _limit("UPLOAD_ARCHIVE_MAX_UNPACKED", 2048 * MB)
    max_ratio = _limit("UPLOAD_ZIP_MAX_RATIO", 100)
    declared = getattr(upload, "size", None)
    if declared is not None and declared > max_size:
        raise _too_large(name, declared, max_size)
    try:
        upload.seek(0)
        head = upload.read(HEAD_SIZE) or b""
        size, digest = _size_and_digest(upload, max_size, name)
    except ValidationError:
        raise
    except (OSError, ValueError) as exc:
        raise _damaged(name) from exc
    if size == 0:
        raise _error(_("“%(name)s” is empty."), "empty", name)
    # Unpacked at most this much: the setting, and the ratio to the packed size
    # (beyond one megabyte, which a small archive of XML may well reach).
    budget = min(max_unpacked, max(max_ratio * size, MB))
    folder = tempfile.TemporaryDirectory(prefix="callisto-archive-")
    try:
        if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
            members, paths = _unpack_zip(upload, folder.name, max_entries, budget, max_ratio)
        elif head.startswith(_GZIP_MAGIC) or head[_TAR_MAGIC_OFFSET:].startswith(b"ustar"):
            members, paths = _unpack_tar(
                upload, folder.name, max_entries, budget, gzipped=head.startswith(_GZIP_MAGIC)
            )
        else:
            raise _ArchiveRefused("format")
    except _ArchiveRefused as refusal:
        folder.cleanup()
        raise _archive_refused(name, refusal.reason) from None
    except Exception as exc:  # any failure of the unpackers on untrusted bytes
        folder.cleanup()
        raise _damaged(name) from exc
    finally:
        with contextlib.suppress(Exception):
            upload.seek(0)
    return CheckedArchive(
        name=name, size=size, sha256=digest, members=members, _paths=paths, _folder=folder
    )


def _unpack_tar(upload, folder: str, max_entries: int, budget: int, *, gzipped: bool):
    import gzip
    import os
    import tarfile

    upload.seek(0)
    raw = gzip.GzipFile(fileobj=upload, mode="rb") if gzipped else upload
    # Headers beyond the entries' data: 1.5 KB per entry is plenty.
    stream = _BoundedStream(raw, total=budget + 1536 * max_entries)
    stream.allow(_TAR_HEADER_BUDGET)  # tarfile reads the first header when opening
    members: dict[str, int] = {}
    paths: dict[str, str] = {}
    unpacked = count = 0
    with tarfile.open(fileobj=stream, mode="r|") as archive:  # type: ignore[call-overload]
        while True:
            stream.allow(_TAR_HEADER_BUDGET)
            member = archive.next()
            if member is None:
                break
            count += 1
            if count > max_entries:
                raise _ArchiveRefused("entries")
            entry = _member_name(member.name)
            if entry is None or not (member.isfile() or member.isdir()):
                raise _ArchiveRefused("unsafe")  # links, devices, FIFOs, bad names
            if member.isdir():
                continue
            if entry in members:
                raise _ArchiveRefused("unsafe")
            unpacked += member.size
            if unpacked > budget:
                raise _ArchiveRefused("bomb")
            stream.allow(member.size)
            source = archive.extractfile(member)
            path = os.path.join(folder, str(len(paths)))
            with open(path, "wb") as target:
                left = member.size
                while left > 0:
                    chunk = source.read(min(left, 256 * 1024))
                    if not chunk:
                        raise _ArchiveRefused("damaged")
                    target.write(chunk)
                    left -= len(chunk)
            members[entry], paths[entry] = member.size, path
    if not members:
        raise _ArchiveRefused("format")
    return members, paths


def _unpack_zip(upload, folder: str, max_entries: int, budget: int, max_ratio: int):
    import os
    import shutil

    size = upload.seek(0, 2)
    if not _zip_directory_limits(upload, size, max_entries):
        raise _ArchiveRefused("entries")
    upload.seek(0)
    members: dict[str, int] = {}
    paths: dict[str, str] = {}
    with zipfile.ZipFile(upload) as archive:
        entries = archive.infolist()
        reason = _zip_directory_refusal(entries, max_entries, budget, max_ratio)
        if reason:
            raise _ArchiveRefused(reason)
        for info in entries:
            if info.is_dir():
                continue
            entry = _member_name(info.filename)
            if entry is None or entry in members:
                raise _ArchiveRefused("unsafe")
            path = os.path.join(folder, str(len(paths)))
            # zipfile stops at the declared size (checked above) and checks the CRC.
            with archive.open(info) as source, open(path, "wb") as target:
                shutil.copyfileobj(source, target, 256 * 1024)
            members[entry], paths[entry] = info.file_size, path
    if not members:
        raise _ArchiveRefused("format")
    return members, paths


# --- Storing and serving -----------------------------------------------------------------

_FOLDER = re.compile(r"^[A-Za-z0-9_\-]+(/[A-Za-z0-9_\-]+)*$")


def store(checked: CheckedFile, folder: str, storage: Storage | None = None) -> str:
    """Write a checked file as ``<folder>/<uuid><ext>`` (the original name
    is never part of the path) and return its storage name. The caller
    keeps ``checked.name`` for display and deletes the file
    (:func:`delete_quietly`) if its transaction fails."""
    if not _FOLDER.match(folder):
        raise ValueError(f"Bad storage folder {folder!r}")
    storage = storage or default_storage
    checked.upload.seek(0)
    return storage.save(f"{folder}/{uuid.uuid4().hex}{checked.extension}", checked.upload)


def store_all(
    checked: Iterable[CheckedFile], folder: str, storage: Storage | None = None
) -> list[str]:
    """Store several checked files; if one fails, those already written are
    deleted and the error goes on."""
    names: list[str] = []
    try:
        for item in checked:
            names.append(store(item, folder, storage))
    except BaseException:
        delete_quietly(names, storage)
        raise
    return names


def delete_quietly(names: Iterable[str], storage: Storage | None = None) -> None:
    """Delete stored files, best effort (a failure that brought us here is
    what gets reported)."""
    storage = storage or default_storage
    for name in names:
        if name:
            with contextlib.suppress(OSError):
                storage.delete(name)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII ``filename`` and the exact UTF-8 name in
    ``filename*`` (RFC 6266 / RFC 5987)."""
    cleaned = clean_name(filename)
    return "attachment; filename=\"{}\"; filename*=UTF-8''{}".format(
        ascii_name(cleaned), quote(cleaned, safe="")
    )


def protect_response(response, *, filename: str, personal: bool = True):
    """Headers every file download carries: saved, never displayed or
    sniffed by the browser, never cached by a shared cache, and sandboxed
    should a browser display it anyway. For views that build their own
    response (byte ranges for audio players).

    A person's work (copies, annotated copies, attachments to messages) is
    never kept by the browser either (``no-store``: the computers of a
    training centre are shared). Course material published to many
    (``personal=False``: activity files, subjects, slides, recordings) may
    be kept and is revalidated on each use (``no-cache``): an unchanged file
    is then a bodiless 304."""
    response["Content-Disposition"] = content_disposition(filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store" if personal else "private, no-cache"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def file_validators(
    storage_name: str, *, filename: str, content_type: str, storage: Storage | None = None
) -> tuple[str | None, float | None]:
    """``(etag, last_modified)`` of a stored file, from the storage's
    metadata only (modification time and size; one or two HEAD requests on
    S3): the file is never read. ``(None, None)`` when the storage cannot
    say, so the download goes out without validators rather than failing.

    Stored names are random and never reused (``store``), so name, size and
    time make a strong validator. The served name and type are in it too: a
    304 does not refresh ``Content-Disposition``, so a renamed download
    (identity revealed, event retitled) must look like a new file."""
    storage = storage or default_storage
    try:
        modified = storage.get_modified_time(storage_name)
        size = storage.size(storage_name)
    except _METADATA_ERRORS:
        return None, None
    last_modified = modified.timestamp()
    digest = hashlib.sha256(
        "\0".join(
            [storage_name, str(size), repr(last_modified), clean_name(filename), content_type]
        ).encode()
    ).hexdigest()[:32]
    return quote_etag(digest), last_modified


def file_response(
    storage_name: str,
    *,
    filename: str,
    content_type: str,
    storage: Storage | None = None,
    request: HttpRequest | None = None,
    personal: bool = True,
) -> HttpResponseBase:
    """Stream a stored file as a download. The calling view has already
    checked that the user may see it (a 304 says "you have it": it must
    never reach someone who may not); a missing file is a 404.

    The response carries ``ETag`` and ``Last-Modified`` when the storage
    knows them (:func:`file_validators`). Given the ``request``, a matching
    ``If-None-Match`` or ``If-Modified-Since`` gets a bodiless 304 without
    the file being opened (``django.utils.cache.get_conditional_response``;
    a failed ``If-Match`` is a 412)."""
    storage = storage or default_storage
    content_type = content_type or "application/octet-stream"
    etag, last_modified = file_validators(
        storage_name, filename=filename, content_type=content_type, storage=storage
    )
    if request is not None and (etag or last_modified):
        conditional = get_conditional_response(
            request,
            etag=etag,
            last_modified=int(last_modified) if last_modified is not None else None,
        )
        if conditional is not None:
            return _with_validators(
                protect_response(conditional, filename=filename, personal=personal),
                etag,
                last_modified,
            )
    try:
        handle = storage.open(storage_name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=clean_name(filename),
        content_type=content_type,
    )
    return _with_validators(
        protect_response(response, filename=filename, personal=personal), etag, last_modified
    )


def _with_validators(response, etag: str | None, last_modified: float | None):
    if etag:
        response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    return response
