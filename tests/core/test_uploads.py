"""core.uploads: files typed by content, disguised and dangerous files
refused with a French message, names cleaned, random storage names, safe
downloads; core.upload_handlers: too large bodies refused before they are
read."""

import io
import unicodedata
import zipfile
from types import SimpleNamespace

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, FakePayload, encode_multipart
from django.urls import path
from django.utils.http import http_date
from django.views.decorators.csrf import csrf_exempt

from config import urls as project_urls
from core import uploads
from core.upload_handlers import upload_limit_for
from tests.core.upload_samples import (
    EXE_BYTES,
    HTML_BYTES,
    PDF_BYTES,
    docx_bytes,
    image_bytes,
    odt_bytes,
    valid_samples,
)

ALL_KINDS = tuple(uploads.KINDS)
MB = 1024 * 1024


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refusal(name, content, kinds=ALL_KINDS, max_size=10 * MB):
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(upload(name, content), kinds=kinds, max_size=max_size)
    return caught.value


# --- Every kind, by content ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(valid_samples()))
def test_each_kind_is_recognised_by_its_content(kind):
    name, content = valid_samples()[kind]
    checked = uploads.check_upload(upload(name, content), kinds=[kind], max_size=MB)
    assert checked.kind == kind
    assert checked.name == name
    assert checked.size == len(content)
    assert checked.content_type.startswith(uploads.KINDS[kind].content_type)
    assert len(checked.sha256) == 64
    assert checked.extension == "." + name.rpartition(".")[2]


def test_a_real_weasyprint_pdf_is_accepted():
    from weasyprint import HTML

    content = HTML(string="<h1>Copie</h1><p>Dissertation de culture générale.</p>").write_pdf()
    checked = uploads.check_upload(upload("copie.pdf", content), kinds=["pdf"], max_size=MB)
    assert (checked.kind, checked.content_type) == ("pdf", "application/pdf")


def test_csv_exported_by_a_french_spreadsheet_keeps_its_charset():
    name, content = valid_samples()["csv"]
    checked = uploads.check_upload(upload(name, content), kinds=["csv"], max_size=MB)
    assert checked.content_type == "text/csv; charset=windows-1252"
    utf8 = uploads.check_upload(upload("a.csv", "é;è\n".encode()), kinds=["csv"], max_size=MB)
    assert utf8.content_type == "text/csv; charset=utf-8"


def test_a_name_without_extension_gets_the_one_of_its_content():
    checked = uploads.check_upload(upload("copie", PDF_BYTES), kinds=["pdf"], max_size=MB)
    assert (checked.name, checked.extension) == ("copie.pdf", ".pdf")


def test_upper_case_extension_is_accepted_and_lowered():
    checked = uploads.check_upload(upload("COPIE.PDF", PDF_BYTES), kinds=["pdf"], max_size=MB)
    assert (checked.name, checked.extension) == ("COPIE.pdf", ".pdf")


# --- Refusals, in French -------------------------------------------------------------------------


def test_an_exe_renamed_pdf_is_refused():
    error = refusal("copie.pdf", EXE_BYTES, kinds=uploads.DOCUMENTS)
    assert error.code == "type"
    assert error.messages == [
        "«\xa0copie.pdf\xa0» n’est pas d’un type accepté (acceptés\xa0: Document PDF, "
        "Document Word (DOCX), Texte OpenDocument (ODT))."
    ]


def test_html_renamed_pdf_is_refused_even_where_text_is_accepted():
    assert refusal("copie.pdf", HTML_BYTES, kinds=uploads.DOCUMENTS).code == "type"
    assert refusal("copie.txt", HTML_BYTES, kinds=["txt"]).code == "type"


def test_a_pdf_renamed_docx_is_refused_as_a_mismatch():
    error = refusal("copie.docx", PDF_BYTES, kinds=uploads.DOCUMENTS)
    assert error.code == "mismatch"
    assert "Document PDF" in error.messages[0]
    assert "ne correspond pas à son extension" in error.messages[0]


def test_a_docx_where_only_pdf_is_accepted_says_what_it_is():
    error = refusal("copie.docx", docx_bytes(), kinds=["pdf"])
    assert error.code == "type"
    assert "Document Word (DOCX)" in error.messages[0]
    assert "acceptés\xa0: Document PDF" in error.messages[0]


def test_an_empty_file_is_refused():
    error = refusal("copie.pdf", b"")
    assert (error.code, error.messages) == ("empty", ["«\xa0copie.pdf\xa0» est vide."])


def test_a_file_over_the_size_limit_is_refused_by_its_real_size():
    big = PDF_BYTES + b"%" * 2000
    error = refusal("copie.pdf", big, max_size=1000)
    assert error.code == "size"
    assert "trop volumineux" in error.messages[0]
    # A lying declared size changes nothing: the bytes are counted.
    liar = upload("copie.pdf", big)
    liar.size = 10
    with pytest.raises(ValidationError):
        uploads.check_upload(liar, kinds=["pdf"], max_size=1000)


def test_a_truncated_pdf_is_refused_as_damaged():
    error = refusal("copie.pdf", PDF_BYTES[:-8] + b"\n" * 2, kinds=["pdf"])
    assert error.code == "damaged"
    assert "endommagé" in error.messages[0]


def test_random_bytes_with_an_image_header_are_refused_as_damaged():
    assert refusal("schema.png", b"\x89PNG\r\n\x1a\n" + b"\x07" * 300).code == "damaged"


def test_an_image_too_large_in_pixels_is_refused(settings):
    settings.UPLOAD_IMAGE_MAX_PIXELS = 1000
    error = refusal("schema.png", image_bytes("PNG", (50, 40)))
    assert error.code == "pixels"
    assert "50 × 40" in error.messages[0]


def test_an_odt_with_a_foreign_mimetype_is_not_an_odt():
    content = odt_bytes()
    forged = content.replace(b"opendocument.text", b"opendocument.texx")
    assert refusal("copie.odt", forged, kinds=["odt"]).code in {"type", "damaged"}


def test_a_macro_enabled_word_file_is_refused():
    content = docx_bytes(extra={"word/vbaProject.bin": b"\x00" * 64})
    assert refusal("copie.docx", content, kinds=["docx"]).code == "zip_macros"


def test_an_opendocument_file_with_basic_macros_is_refused():
    content = odt_bytes(extra={"Basic/Standard/Module1.xml": b"<script:module/>"})
    assert refusal("copie.odt", content, kinds=["odt"]).code == "zip_macros"


def test_a_docm_renamed_docx_is_not_a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
    assert refusal("copie.docx", buffer.getvalue(), kinds=["docx"]).code == "type"


# --- ZIP-based office files ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def docx_bomb():
    """A DOCX holding 200 MB of zeros (about 200 KB packed), written in
    streaming so it costs little memory."""
    buffer = io.BytesIO(docx_bytes())
    with (
        zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/zeros.xml", "w") as member,
    ):
        chunk = b"\0" * MB
        for _ in range(200):
            member.write(chunk)
    return buffer.getvalue()


def test_a_zip_bomb_in_a_docx_is_refused_without_unpacking_it(docx_bomb):
    assert len(docx_bomb) < 2 * MB
    error = refusal("copie.docx", docx_bomb, kinds=["docx"])
    assert error.code == "zip_bomb"
    assert "beaucoup trop volumineux" in error.messages[0]


def test_a_highly_compressed_entry_under_the_total_limit_is_refused(settings):
    settings.UPLOAD_ZIP_MAX_RATIO = 100
    content = docx_bytes(extra={"word/media/zeros.xml": b"\0" * (5 * MB)})
    assert refusal("copie.docx", content, kinds=["docx"]).code == "zip_bomb"


@pytest.mark.parametrize(
    "entry", ["../../etc/cron.d/evil", "/etc/passwd", "word/../../x.xml", "C:/x.xml", "a\\b.xml"]
)
def test_unsafe_entry_names_are_refused(entry):
    content = docx_bytes(extra={entry: b"<x/>"})
    error = refusal("copie.docx", content, kinds=["docx"])
    assert error.code == "zip_unsafe"


def test_too_many_entries_are_refused_before_the_directory_is_parsed(settings):
    extra = {f"word/media/p{i}.xml": b"<p/>" for i in range(1001)}
    error = refusal("copie.docx", docx_bytes(extra=extra), kinds=["docx"])
    assert error.code == "zip_entries"


@pytest.mark.parametrize(
    "extra",
    [
        {"word/embeddings/annexe.zip": b"anything"},
        {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100},
        {"word/media/image1.png": docx_bytes()},
    ],
    ids=["zip-by-name", "ole-object", "zip-by-content"],
)
def test_nested_archives_are_refused(extra):
    assert refusal("copie.docx", docx_bytes(extra=extra), kinds=["docx"]).code == "zip_nested"


def test_an_encrypted_entry_is_refused():
    content = bytearray(docx_bytes())
    # Set the "encrypted" flag of the first entry in the central directory.
    at = content.index(b"PK\x01\x02")
    content[at + 8] |= 0x01
    assert refusal("copie.docx", bytes(content), kinds=["docx"]).code == "zip_encrypted"


def test_a_truncated_or_corrupted_docx_is_refused_as_damaged():
    content = docx_bytes()
    assert refusal("copie.docx", content[: len(content) // 2], kinds=["docx"]).code in {
        "damaged",
        "type",
    }
    corrupted = bytearray(content)
    body = corrupted.index(b"word/document.xml") + len("word/document.xml") + 10
    corrupted[body] ^= 0xFF
    assert refusal("copie.docx", bytes(corrupted), kinds=["docx"]).code == "damaged"


def test_a_plain_zip_is_not_an_office_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("photos/vacances.txt", "x")
    assert refusal("copie.docx", buffer.getvalue(), kinds=["docx", "odt"]).code == "type"


# --- Names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\copie.pdf", "copie.pdf"),
        ("C:\\Users\\élise\\Copie finale.PDF", "Copie finale.pdf"),
        ("copie\x00\x1b[31m.pdf", "copie [31m.pdf"),
        ("copie\u202efdp.exe", "copie fdp.exe"),
        ("  .cachee.pdf  ", "cachee.pdf"),
        ('a<b>c:d"e|f?g*h.pdf', "a_b_c_d_e_f_g_h.pdf"),
        ("CON.pdf", "fichier-CON.pdf"),
        ("", "fichier"),
        ("...", "fichier"),
        ("rapport v1.0 final", "rapport v1.0 final"),
    ],
)
def test_names_are_cleaned(raw, expected):
    assert uploads.clean_name(raw) == expected


def test_very_long_names_are_cut_keeping_the_extension():
    name = uploads.clean_name("é" * 400 + ".docx")
    assert len(name) == uploads.NAME_MAX_LENGTH
    assert name.endswith("é.docx")


def test_names_are_unicode_nfc():
    decomposed = unicodedata.normalize("NFD", "Élise Durand — copie.pdf")
    cleaned = uploads.clean_name(decomposed)
    assert cleaned == "Élise Durand — copie.pdf"
    assert unicodedata.is_normalized("NFC", cleaned)


def test_a_checked_name_with_folders_and_control_characters_is_cleaned():
    checked = uploads.check_upload(
        upload("../../copie\ténoncé.pdf", PDF_BYTES), kinds=["pdf"], max_size=MB
    )
    assert checked.name == "copie énoncé.pdf"


# --- Several files -------------------------------------------------------------------------------


def test_check_uploads_caps_the_number_of_files():
    files = [upload(f"c{i}.pdf", PDF_BYTES) for i in range(3)]
    with pytest.raises(ValidationError) as caught:
        uploads.check_uploads(files, kinds=["pdf"], max_size=MB, max_count=2)
    assert caught.value.messages == ["Vous pouvez envoyer au plus 2 fichiers à la fois."]


def test_check_uploads_lists_every_refused_file():
    files = [upload("a.pdf", PDF_BYTES), upload("b.pdf", EXE_BYTES), upload("c.pdf", b""), None]
    with pytest.raises(ValidationError) as caught:
        uploads.check_uploads(files, kinds=["pdf"], max_size=MB, max_count=5)
    messages = caught.value.messages
    assert len(messages) == 2
    assert "«\xa0b.pdf\xa0»" in messages[0]
    assert messages[1] == "«\xa0c.pdf\xa0» est vide."


def test_check_uploads_caps_the_total_size():
    files = [upload(f"c{i}.pdf", PDF_BYTES) for i in range(3)]
    with pytest.raises(ValidationError, match="trop volumineux"):
        uploads.check_uploads(
            files, kinds=["pdf"], max_size=MB, max_count=3, max_total=2 * len(PDF_BYTES)
        )
    assert len(uploads.check_uploads(files, kinds=["pdf"], max_size=MB, max_count=3)) == 3


# --- Storing and serving -------------------------------------------------------------------------


@pytest.fixture
def storage(tmp_path):
    return FileSystemStorage(location=tmp_path)


def test_store_uses_a_random_name_and_never_the_original(storage):
    checked = uploads.check_upload(
        upload("../Élise copie.pdf", PDF_BYTES), kinds=["pdf"], max_size=MB
    )
    first = uploads.store(checked, "devoirs/copies", storage)
    second = uploads.store(checked, "devoirs/copies", storage)
    assert first != second
    assert first.startswith("devoirs/copies/") and first.endswith(".pdf")
    assert "lise" not in first
    assert len(first.rsplit("/", 1)[1]) == 32 + len(".pdf")
    with storage.open(first) as handle:
        assert handle.read() == PDF_BYTES


@pytest.mark.parametrize("folder", ["../etc", "/abs", "a/../b", "", "a b"])
def test_store_refuses_a_bad_folder(storage, folder):
    checked = uploads.check_upload(upload("c.pdf", PDF_BYTES), kinds=["pdf"], max_size=MB)
    with pytest.raises(ValueError):
        uploads.store(checked, folder, storage)


def test_store_all_removes_what_it_wrote_when_one_fails(storage):
    good = uploads.check_upload(upload("a.pdf", PDF_BYTES), kinds=["pdf"], max_size=MB)
    broken = uploads.CheckedFile(None, "b.pdf", "pdf", ".pdf", "application/pdf", 1, "0" * 64)
    with pytest.raises(AttributeError):
        uploads.store_all([good, broken], "forums", storage)
    assert storage.listdir("forums") == ([], [])


def test_delete_quietly_ignores_missing_files(storage):
    checked = uploads.check_upload(upload("a.pdf", PDF_BYTES), kinds=["pdf"], max_size=MB)
    name = uploads.store(checked, "tutorat", storage)
    uploads.delete_quietly([name, "tutorat/absent.pdf", ""], storage)
    assert not storage.exists(name)


def test_file_response_is_a_private_sandboxed_attachment(storage):
    checked = uploads.check_upload(upload("a.pdf", PDF_BYTES), kinds=["pdf"], max_size=MB)
    name = uploads.store(checked, "devoirs", storage)
    response = uploads.file_response(
        name, filename="Copie d’Élise.pdf", content_type="application/pdf", storage=storage
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Copie d_Elise.pdf"; '
        "filename*=UTF-8''Copie%20d%E2%80%99%C3%89lise.pdf"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(response.streaming_content) == PDF_BYTES
    response.file_to_stream.close()


def test_file_response_cleans_a_hostile_filename(storage):
    checked = uploads.check_upload(upload("a.pdf", PDF_BYTES), kinds=["pdf"], max_size=MB)
    name = uploads.store(checked, "devoirs", storage)
    response = uploads.file_response(
        name, filename='a"\r\nSet-Cookie: x=1.pdf', content_type="", storage=storage
    )
    header = response["Content-Disposition"]
    assert "\r" not in header
    assert "\n" not in header
    assert header.startswith('attachment; filename="a_ Set-Cookie_ x_1.pdf"; ')
    assert response["Content-Type"] == "application/octet-stream"
    response.file_to_stream.close()


def test_file_response_for_a_missing_file_is_a_404(storage):
    from django.http import Http404

    with pytest.raises(Http404):
        uploads.file_response(
            "devoirs/absent.pdf", filename="a.pdf", content_type="", storage=storage
        )


# --- Conditional downloads: ETag, Last-Modified, 304 ---------------------------------------------


class CountingStorage(FileSystemStorage):
    """Remembers how many times a file was opened."""

    opened = 0

    def open(self, name, mode="rb"):
        self.opened += 1
        return super().open(name, mode)


@pytest.fixture
def counting_storage(tmp_path):
    return CountingStorage(location=tmp_path)


def stored_pdf(storage, content=PDF_BYTES):
    checked = uploads.check_upload(upload("a.pdf", content), kinds=["pdf"], max_size=MB)
    return uploads.store(checked, "devoirs", storage)


def download(storage, name, filename="Copie.pdf", **headers):
    request = RequestFactory().get("/telechargement/", headers=headers)
    response = uploads.file_response(
        name, filename=filename, content_type="application/pdf", storage=storage, request=request
    )
    if hasattr(response, "file_to_stream"):
        response.file_to_stream.close()
    return response


def test_a_download_carries_an_opaque_etag_and_last_modified(storage):
    name = stored_pdf(storage)
    response = download(storage, name)
    assert response.status_code == 200
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    # Opaque: the storage name is not given away.
    assert name.rsplit("/", 1)[1].split(".")[0] not in etag
    modified = storage.get_modified_time(name).timestamp()
    assert response["Last-Modified"] == http_date(modified)
    assert download(storage, name)["ETag"] == etag


def test_a_matching_if_none_match_is_a_bodiless_304_without_opening_the_file(counting_storage):
    name = stored_pdf(counting_storage)
    etag = download(counting_storage, name)["ETag"]
    assert counting_storage.opened == 1
    response = download(counting_storage, name, **{"If-None-Match": etag})
    assert response.status_code == 304
    assert response.content == b""
    assert counting_storage.opened == 1
    assert response["ETag"] == etag
    # Still personal, never stored by anyone, sandboxed.
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert download(counting_storage, name, **{"If-None-Match": f'"x", W/{etag}'}).status_code == (
        304
    )


def test_another_etag_gets_the_file(storage):
    name = stored_pdf(storage)
    response = download(storage, name, **{"If-None-Match": '"autre"'})
    assert response.status_code == 200


def test_if_modified_since_is_honoured_when_no_etag_is_sent(counting_storage):
    name = stored_pdf(counting_storage)
    last_modified = download(counting_storage, name)["Last-Modified"]
    response = download(counting_storage, name, **{"If-Modified-Since": last_modified})
    assert response.status_code == 304
    assert response.content == b""
    assert counting_storage.opened == 1
    earlier = http_date(counting_storage.get_modified_time(name).timestamp() - 3600)
    assert download(counting_storage, name, **{"If-Modified-Since": earlier}).status_code == 200
    # If-None-Match wins over If-Modified-Since (RFC 9110 13.2.2).
    response = download(
        counting_storage, name, **{"If-None-Match": '"autre"', "If-Modified-Since": last_modified}
    )
    assert response.status_code == 200


def test_a_new_upload_has_a_new_etag(storage):
    first = stored_pdf(storage)
    second = stored_pdf(storage)
    etag = download(storage, first)["ETag"]
    response = download(storage, second, **{"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_file_changed_in_place_has_a_new_etag(storage, tmp_path):
    import os

    name = stored_pdf(storage)
    etag = download(storage, name)["ETag"]
    path = tmp_path / name
    path.write_bytes(PDF_BYTES + b"%% v2\n")
    stat = path.stat()
    os.utime(path, (stat.st_atime, stat.st_mtime + 10))
    response = download(storage, name, **{"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_renamed_download_has_a_new_etag(storage):
    # A 304 keeps the browser's old Content-Disposition: a new name is a new file.
    name = stored_pdf(storage)
    etag = download(storage, name, filename="copie-3-v1.pdf")["ETag"]
    response = download(storage, name, filename="Élise Martin.pdf", **{"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag


class NoMetadataStorage(FileSystemStorage):
    def get_modified_time(self, name):
        raise NotImplementedError


def test_without_storage_metadata_the_file_goes_out_without_validators(tmp_path):
    storage = NoMetadataStorage(location=tmp_path)
    name = stored_pdf(storage)
    response = download(storage, name, **{"If-None-Match": "*"})
    assert response.status_code == 200
    assert "ETag" not in response
    assert "Last-Modified" not in response


def test_a_missing_file_is_a_404_whatever_the_validators(storage):
    from django.http import Http404

    for headers in ({"If-None-Match": "*"}, {"If-Modified-Since": http_date(2e9)}):
        with pytest.raises(Http404):
            download(storage, "devoirs/absent.pdf", **headers)


def test_without_the_request_there_is_no_304(storage):
    name = stored_pdf(storage)
    response = uploads.file_response(
        name, filename="a.pdf", content_type="application/pdf", storage=storage
    )
    assert response.status_code == 200
    assert response["ETag"]
    response.file_to_stream.close()


def test_accept_attribute_and_labels():
    assert uploads.accept_attribute(["pdf", "jpeg"]) == ".pdf,.jpg,.jpeg"
    assert uploads.labels(["pdf", "odt"]) == "Document PDF, Texte OpenDocument (ODT)"


def test_unknown_kinds_are_a_programming_error():
    with pytest.raises(ValueError):
        uploads.check_upload(upload("a.pdf", PDF_BYTES), kinds=["exe"], max_size=MB)


# --- Caps before the body is read ----------------------------------------------------------------

VIEW_CALLS = []


@login_not_required
@csrf_exempt
def receive_view(request):
    VIEW_CALLS.append(sorted(request.FILES))
    return HttpResponse("reçu")


@login_not_required
def download_view(request):
    storage = FileSystemStorage(location=request.GET["root"])
    return uploads.file_response(
        request.GET["name"],
        filename="Copie.pdf",
        content_type="application/pdf",
        storage=storage,
        request=request,
    )


urlpatterns = [
    path("essai-telechargement/", download_view),
    path("essai-depot/", receive_view),
    path("devoirs/essai/", receive_view),
    *project_urls.urlpatterns,  # the 413 page's layout links to the site's pages
]


class CountingPayload(FakePayload):
    """The request body; remembers how many bytes were read from it."""

    def __init__(self, content):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.bytes_read += len(data)
        return data


@pytest.fixture
def limits(settings):
    VIEW_CALLS.clear()
    settings.UPLOAD_LIMITS = {"/essai-depot/": 2000, "/devoirs/": 60 * MB}
    settings.UPLOAD_LIMIT_DEFAULT = 1000
    return settings


def test_the_longest_prefix_gives_the_limit(limits):
    limits.UPLOAD_LIMITS = {"/devoirs/": 60 * MB, "/devoirs/sujets/": 30 * MB}
    assert upload_limit_for("/devoirs/3/deposer/") == 60 * MB
    assert upload_limit_for("/devoirs/sujets/1/") == 30 * MB
    assert upload_limit_for("/ailleurs/") == 1000


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_body_declared_too_large_gets_a_413_before_it_is_read(client, limits):
    body = encode_multipart(BOUNDARY, {"file": upload("c.pdf", PDF_BYTES)})
    payload = CountingPayload(body)
    response = client.generic(
        "POST",
        "/essai-depot/",
        body,
        content_type=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(500 * MB),
        **{"wsgi.input": payload},
    )
    assert response.status_code == 413
    assert payload.bytes_read == 0
    assert VIEW_CALLS == []
    html = response.content.decode()
    assert "Envoi refusé" in html
    assert "Rien n’a été enregistré" in html
    assert "2,0\xa0Kio" in html or "2,0 Kio" in html or "Ko" in html


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_body_within_the_limit_reaches_the_view(client, limits):
    response = client.post("/essai-depot/", {"file": upload("c.pdf", PDF_BYTES)})
    assert response.status_code == 200
    assert VIEW_CALLS == [["file"]]


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_other_paths_use_the_default_limit(client, limits):
    response = client.post("/devoirs/essai/", {"file": upload("c.pdf", PDF_BYTES)})
    assert response.status_code == 200
    limits.UPLOAD_LIMITS = {}
    response = client.post("/devoirs/essai/", {"file": upload("c.pdf", PDF_BYTES * 6)})
    assert response.status_code == 413


def test_the_handler_stops_reading_past_the_limit(limits):
    from django.core.files.uploadhandler import StopUpload

    from core.upload_handlers import LimitedUploadHandler

    request = SimpleNamespace(path_info="/essai-depot/")
    handler = LimitedUploadHandler(request)
    assert handler.limit == 2000
    assert handler.receive_data_chunk(b"x" * 1500, 0) == b"x" * 1500
    with pytest.raises(StopUpload):
        handler.receive_data_chunk(b"x" * 600, 1500)
    assert request._callisto_upload_refused == "size"


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_streamed_bytes_over_the_limit_give_a_413_and_no_view(client, limits, monkeypatch):
    # The declared length is under the cap but the files are not: what a
    # chunked body would do. The handler counts file bytes as they stream.
    from core import upload_handlers

    monkeypatch.setattr(upload_handlers, "_declared_length", lambda request: 0)
    response = client.post("/essai-depot/", {"file": upload("c.pdf", b"%PDF-" + b"x" * 5000)})
    assert response.status_code == 413
    assert VIEW_CALLS == []


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_too_many_files_get_a_413_in_french(client, limits):
    limits.UPLOAD_LIMITS = {"/essai-depot/": 10 * MB}
    limits.DATA_UPLOAD_MAX_NUMBER_FILES = 2
    files = [upload(f"c{i}.pdf", PDF_BYTES) for i in range(3)]
    response = client.post("/essai-depot/", {"file": files})
    assert response.status_code == 413
    assert "Trop de fichiers" in response.content.decode()
    assert VIEW_CALLS == []


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_malformed_multipart_body_is_a_400_not_a_500(client, limits):
    response = client.generic(
        "POST",
        "/essai-depot/",
        b"--nope\r\ngarbage",
        content_type="multipart/form-data; boundary=",
    )
    assert response.status_code == 400
    assert VIEW_CALLS == []


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_download_headers_survive_the_middleware_stack(client, storage, tmp_path):
    checked = uploads.check_upload(upload("a.pdf", PDF_BYTES), kinds=["pdf"], max_size=MB)
    name = uploads.store(checked, "devoirs", storage)
    response = client.get("/essai-telechargement/", {"root": str(tmp_path), "name": name})
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith('attachment; filename="Copie.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == PDF_BYTES
    response.close()
    again = client.get(
        "/essai-telechargement/",
        {"root": str(tmp_path), "name": name},
        headers={"If-None-Match": response["ETag"]},
    )
    assert again.status_code == 304
    assert again.content == b""
    assert again["Cache-Control"] == "private, no-store"


class BrokenPayload(FakePayload):
    """A client that goes away in the middle of its upload."""

    def read(self, size=-1):
        raise OSError("connection reset by peer")


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_client_gone_mid_upload_is_not_a_server_error(client, limits):
    body = encode_multipart(BOUNDARY, {"file": upload("c.pdf", PDF_BYTES)})
    response = client.generic(
        "POST",
        "/essai-depot/",
        body,
        content_type=MULTIPART_CONTENT,
        **{"wsgi.input": BrokenPayload(body)},
    )
    assert response.status_code == 400
    assert VIEW_CALLS == []


def test_the_413_back_link_stays_on_the_site(rf):
    from django.contrib.auth.models import AnonymousUser

    from core.upload_handlers import too_large_response

    request = rf.post("/devoirs/")
    request.path = "//evil.example/devoirs/"  # what a crafted request line gives
    request.user = AnonymousUser()
    response = too_large_response(request, reason="size", limit=1000)
    assert response.status_code == 413
    assert 'href="/evil.example/devoirs/"' in response.content.decode()


def test_every_download_view_passes_its_request_to_file_response():
    """Without the request there is no 304: each caller passes it (after
    its access checks)."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    apps = ["assignments", "calendar_app", "content", "courses", "forums", "tutoring"]
    calls = []
    for app in apps:
        for source in sorted((root / app).rglob("*.py")):
            for node in ast.walk(ast.parse(source.read_text(), str(source))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "file_response"
                ):
                    keywords = {k.arg for k in node.keywords}
                    calls.append(
                        (f"{source.relative_to(root)}:{node.lineno}", "request" in keywords)
                    )
    assert {path.split("/")[0] for path, _ in calls} == set(apps)
    assert [path for path, passed in calls if not passed] == []
