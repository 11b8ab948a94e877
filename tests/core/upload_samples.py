"""Small real files of every kind core.uploads accepts, built in memory, for
the upload tests (and for the apps' own tests: ``from
tests.core.upload_samples import docx_bytes``)."""

import io
import struct
import zipfile

from PIL import Image

CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/{part}" ContentType="{main}"/>'
    "</Types>"
)
OOXML = "application/vnd.openxmlformats-officedocument."
OOXML_PARTS = {
    "docx": ("word/document.xml", OOXML + "wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", OOXML + "spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/presentation.xml", OOXML + "presentationml.presentation.main+xml"),
}
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="{part}"/></Relationships>'
)
DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Note de synthèse : la politique documentaire.</w:t></w:r></w:p>"
    "</w:body></w:document>"
)


def ooxml_bytes(kind: str = "docx", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal but well-formed DOCX, XLSX or PPTX (what Word writes, less
    the styles): ``[Content_Types].xml``, the package relations, the main part."""
    part, main = OOXML_PARTS[kind]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML.format(part=part, main=main))
        archive.writestr("_rels/.rels", RELS.format(part=part))
        archive.writestr(part, DOCUMENT_XML)
        archive.writestr("docProps/app.xml", "<Properties/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    return ooxml_bytes("docx", extra)


def odf_bytes(
    mimetype: str = "application/vnd.oasis.opendocument.text",
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A minimal OpenDocument file: ``mimetype`` first and stored, the
    manifest, the content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0"><manifest:file-entry manifest:full-path="/" '
            f'manifest:media-type="{mimetype}"/></manifest:manifest>',
        )
        archive.writestr(
            "content.xml",
            '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:'
            'office:1.0"><office:body><office:text>Commentaire de texte</office:text>'
            "</office:body></office:document-content>",
        )
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def odt_bytes(extra: dict[str, bytes] | None = None) -> bytes:
    return odf_bytes(extra=extra)


# A small hand-written PDF (one empty page) with a correct trailer.
PDF_BYTES = (
    b"%PDF-1.4\n"
    b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
    b"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj\n"
    b"trailer << /Root 1 0 R >>\n"
    b"%%EOF\n"
)


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


def wav_bytes(samples: int = 800) -> bytes:
    data = b"\x00\x00" * samples
    header = b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVE"
    fmt = b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16)
    return header + fmt + b"data" + struct.pack("<I", len(data)) + data


MP3_BYTES = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
OGG_BYTES = b"OggS\x00\x02" + b"\x00" * 20 + b"\x01\x1evorbis" + b"\x00" * 200
M4A_BYTES = b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 300
FLAC_BYTES = b"fLaC\x00\x00\x00\x22" + b"\x00" * 300
# Word 97-2003: an OLE2 compound file whose first sector is a Word FIB.
DOC_BYTES = (
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + b"\xec\xa5\xc1\x00" + b"\x00" * 508
)
RTF_BYTES = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Copie de synth\\'e8se.}"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
HTML_BYTES = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


def valid_samples() -> dict[str, tuple[str, bytes]]:
    """kind -> (a good file name, content)."""
    return {
        "pdf": ("copie.pdf", PDF_BYTES),
        "docx": ("copie.docx", docx_bytes()),
        "odt": ("copie.odt", odt_bytes()),
        "doc": ("ancienne-copie.doc", DOC_BYTES),
        "rtf": ("copie.rtf", RTF_BYTES),
        "xlsx": ("notes.xlsx", ooxml_bytes("xlsx")),
        "pptx": ("diaporama.pptx", ooxml_bytes("pptx")),
        "ods": ("notes.ods", odf_bytes("application/vnd.oasis.opendocument.spreadsheet")),
        "odp": ("diaporama.odp", odf_bytes("application/vnd.oasis.opendocument.presentation")),
        "txt": ("notes.txt", "Plan détaillé\n1. Introduction\n".encode()),
        "csv": ("candidats.csv", "nom;prénom\nDurand;Élise\n".encode("cp1252")),
        "png": ("schema.png", image_bytes("PNG")),
        "jpeg": ("photo.jpg", image_bytes("JPEG")),
        "mp3": ("podcast.mp3", MP3_BYTES),
        "ogg": ("podcast.ogg", OGG_BYTES),
        "m4a": ("podcast.m4a", M4A_BYTES),
        "wav": ("podcast.wav", wav_bytes()),
        "flac": ("podcast.flac", FLAC_BYTES),
    }
