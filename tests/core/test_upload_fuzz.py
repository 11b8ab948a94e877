"""Fuzz: random bytes, damaged real files and hostile names, given to
core.uploads.check_upload and posted to a view that stores only what
passes. Never a crash or a 500; a file is stored only when it is valid,
byte for byte, under a random name."""

import io
import os
import re
import string

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import JsonResponse
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from config import urls as project_urls
from core import uploads
from tests.core.upload_samples import EXE_BYTES, HTML_BYTES, valid_samples

ALL_KINDS = tuple(uploads.KINDS)
RANDOM_NAME = re.compile(r"essai/fuzz/[0-9a-f]{32}\.[a-z0-9]{2,5}")
MAX_SIZE = 64 * 1024
SAMPLES = valid_samples()
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Magic numbers and real files to start from, so the fuzzer reaches the
# parsers (ZIP, Pillow, PDF trailer, text) instead of stopping at "unknown".
PREFIXES = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff\xe0",
    b"ID3",
    b"OggS",
    b"RIFF\x00\x00\x00\x00WAVE",
    b"fLaC",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
    b"{\\rtf1",
    b"MZ",
    b"<!DOCTYPE html>",
    b"\xef\xbb\xbf",
]


def _mutate(content: bytes, data) -> bytes:
    """Flip, cut, insert or append bytes in a real file."""
    content = bytearray(content)
    for _ in range(data.draw(st.integers(0, 6), label="mutations")):
        if not content:
            break
        at = data.draw(st.integers(0, len(content) - 1), label="at")
        action = data.draw(st.sampled_from(["flip", "cut", "insert", "truncate"]), label="action")
        if action == "flip":
            content[at] ^= data.draw(st.integers(1, 255), label="mask")
        elif action == "cut":
            del content[at : at + data.draw(st.integers(1, 64), label="length")]
        elif action == "insert":
            content[at:at] = data.draw(st.binary(min_size=1, max_size=32), label="bytes")
        else:
            del content[at:]
    return bytes(content)


@st.composite
def contents(draw):
    source = draw(st.sampled_from(["random", "mutated", "valid", "disguised"]))
    if source == "random":
        return draw(st.sampled_from(PREFIXES)) + draw(st.binary(max_size=2048))
    if source == "disguised":
        return draw(st.sampled_from([EXE_BYTES, HTML_BYTES]))
    _name, content = SAMPLES[draw(st.sampled_from(sorted(SAMPLES)))]
    if source == "valid":
        return content
    return _mutate(content, draw(st.data()))


names = st.one_of(
    st.text(max_size=300),
    st.builds(
        lambda stem, ext: stem + ext,
        st.text(alphabet=string.printable + "éÉ’«»\u202e\u200b/\\..", max_size=80),
        st.sampled_from(
            ["", ".pdf", ".docx", ".odt", ".png", ".jpg", ".mp3", ".txt", ".exe", ".PDF", "."]
        ),
    ),
    st.sampled_from([name for name, _content in SAMPLES.values()]),
)


# A valid file under a hostile but usable name: what most real uploads are.
valid_pairs = st.builds(
    lambda sample, prefix: (prefix + sample[0], sample[1]),
    st.sampled_from(sorted(SAMPLES.values())),
    st.sampled_from(["", "../../", "C:\\Users\\élise\\", "\u202e", " .", "É" * 200]),
)


def _assert_checked_is_sound(checked, content):
    assert checked.kind in uploads.KINDS
    assert checked.size == len(content) > 0
    assert checked.extension in uploads.KINDS[checked.kind].extensions
    assert checked.name.endswith(checked.extension)
    assert "/" not in checked.name and "\\" not in checked.name
    assert not any(ord(ch) < 32 for ch in checked.name)
    assert 0 < len(checked.name) <= uploads.NAME_MAX_LENGTH


@FUZZ
@given(content=contents(), name=names)
def test_check_upload_only_accepts_or_refuses(content, name):
    upload = File(io.BytesIO(content), name=name)  # any name at all, unvalidated
    try:
        checked = uploads.check_upload(upload, kinds=ALL_KINDS, max_size=MAX_SIZE)
    except ValidationError as error:
        assert error.messages and all(isinstance(m, str) and m for m in error.messages)
        event(f"refused: {error.error_list[0].code}")
        return
    event(f"accepted: {checked.kind}")
    _assert_checked_is_sound(checked, content)


@pytest.mark.parametrize(("kind", "sample"), sorted(SAMPLES.items()))
def test_every_valid_sample_passes_the_fuzzed_checks(kind, sample):
    name, content = sample
    checked = uploads.check_upload(
        SimpleUploadedFile(name, content), kinds=ALL_KINDS, max_size=MAX_SIZE
    )
    assert checked.kind == kind
    _assert_checked_is_sound(checked, content)


# --- Through a real view ------------------------------------------------------------------------

STORAGE = {}


@login_not_required
@csrf_exempt
def fuzz_upload(request):
    """What an app's view does: check every file, store only if all pass."""
    try:
        checked = uploads.check_uploads(
            request.FILES.getlist("files"), kinds=ALL_KINDS, max_size=MAX_SIZE, max_count=3
        )
    except ValidationError as error:
        return JsonResponse({"errors": error.messages}, status=400)
    stored = uploads.store_all(checked, "essai/fuzz", storage=STORAGE["storage"])
    return JsonResponse({"stored": stored, "sha256": [c.sha256 for c in checked]})


urlpatterns = [path("essai-fuzz/", fuzz_upload), *project_urls.urlpatterns]


@pytest.fixture
def storage(tmp_path, settings):
    settings.UPLOAD_LIMITS = {"/essai-fuzz/": 4 * MAX_SIZE}
    STORAGE["storage"] = FileSystemStorage(location=tmp_path)
    yield STORAGE["storage"]
    STORAGE.clear()


def _stored_files(storage):
    try:
        return set(storage.listdir("essai/fuzz")[1])
    except FileNotFoundError:
        return set()


@pytest.mark.urls(__name__)
@pytest.mark.django_db
@FUZZ
@given(files=st.lists(st.one_of(valid_pairs, st.tuples(names, contents())), min_size=1, max_size=4))
def test_the_view_never_fails_and_stores_only_valid_files(storage, files):
    client = Client(raise_request_exception=False)
    before = _stored_files(storage)
    posted = []
    for name, content in files:
        upload = SimpleUploadedFile("x", content)
        upload._name = name  # unvalidated: the test client sends it as is
        posted.append(upload)
    response = client.post("/essai-fuzz/", {"files": posted})
    after = _stored_files(storage)
    event(f"status {response.status_code}")

    assert response.status_code in {200, 400, 413}, response.status_code
    if response.status_code != 200:
        assert after == before, "a refused upload left a file behind"
        return
    # Accepted: each stored file is one of the posted files, byte for byte,
    # valid on its own, under a random name (the parser may have dropped
    # parts whose name it could not use).
    body = response.json()
    event(f"stored {len(body['stored'])} file(s)")
    assert len(body["stored"]) <= min(3, len(files))
    assert after - before == {stored.rsplit("/", 1)[1] for stored in body["stored"]}
    posted_contents = [content for _name, content in files]
    for stored in body["stored"]:
        assert RANDOM_NAME.fullmatch(stored), stored
        with storage.open(stored) as handle:
            content = handle.read()
        assert content in posted_contents
        uploads.check_upload(io.BytesIO(content), kinds=ALL_KINDS, max_size=MAX_SIZE)


@pytest.mark.urls(__name__)
@pytest.mark.django_db
@FUZZ
@given(
    body=st.binary(max_size=4096),
    boundary=st.text(string.ascii_letters, max_size=20),
    opened=st.booleans(),
)
def test_a_garbled_multipart_body_is_never_a_500(storage, body, boundary, opened):
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST",
        "/essai-fuzz/",
        (f"--{boundary}\r\n".encode() if opened else b"") + body,
        content_type=f"multipart/form-data; boundary={boundary}",
    )
    assert response.status_code in {200, 400, 413}
    assert _stored_files(storage) == set()
