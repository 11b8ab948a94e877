"""core.uploads.check_archive: the gate for archives unpacked on purpose
(Moodle course backups), tar.gz, tar and zip alike."""

import contextlib
import gzip
import io
import tarfile
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given, settings
from hypothesis import strategies as st

from core import uploads


def tgz(entries, *, mode="w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as archive:
        for item in entries:
            if isinstance(item, tarfile.TarInfo):
                archive.addfile(item)
                continue
            name, data = item
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def refusal(data: bytes, name="sauvegarde.mbz", **limits) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        uploads.check_archive(
            SimpleUploadedFile(name, data), max_size=limits.pop("max_size", 10**7), **limits
        )
    return caught.value


@pytest.mark.parametrize("mode", ["w:gz", "w"], ids=["tar.gz", "tar"])
def test_a_tar_is_unpacked_under_names_of_ours(mode):
    data = tgz([("./moodle_backup.xml", b"<moodle_backup/>"), ("files/ab/abcd", b"PDF")], mode=mode)
    with uploads.check_archive(SimpleUploadedFile("b.mbz", data), max_size=10**6) as archive:
        assert archive.members == {"moodle_backup.xml": 16, "files/ab/abcd": 3}
        assert archive.read("files/ab/abcd") == b"PDF"
        folder = archive._folder.name
    import os

    assert not os.path.exists(folder)  # removed on close


def test_a_zip_is_unpacked_too():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("moodle_backup.xml", "<moodle_backup/>")
    with uploads.check_archive(SimpleUploadedFile("b.zip", buffer.getvalue()), max_size=10**6) as a:
        assert a.read("moodle_backup.xml") == b"<moodle_backup/>"


@pytest.mark.parametrize(
    "name", ["../evil", "/etc/passwd", "a/../../b", "C:/windows", "a\\..\\b", "./../x"]
)
def test_unsafe_names_are_refused(name):
    assert refusal(tgz([(name, b"x")])).code == "archive_unsafe"


@pytest.mark.parametrize(
    "kind", [tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.CHRTYPE, tarfile.FIFOTYPE]
)
def test_links_and_devices_are_refused(kind):
    info = tarfile.TarInfo("files/aa/entry")
    info.type = kind
    info.linkname = "/etc/shadow"
    assert refusal(tgz([info])).code == "archive_unsafe"


def test_duplicate_entries_are_refused():
    assert refusal(tgz([("a.xml", b"1"), ("a.xml", b"2")])).code == "archive_unsafe"


def test_too_many_entries_are_refused():
    data = tgz([(f"f{i}", b"") for i in range(30)])
    assert refusal(data, max_entries=20).code == "archive_entries"


def test_a_declared_size_beyond_the_ratio_is_refused_before_reading():
    info = tarfile.TarInfo("files/00/big")
    info.size = 500 * 1024 * 1024
    bomb = gzip.compress(tgz([info], mode="w") + b"\0" * 1024 * 1024)
    assert refusal(bomb).code == "archive_bomb"


def test_a_huge_pax_header_is_refused_without_filling_the_memory():
    header = tarfile.TarInfo("x")
    header.type = tarfile.XHDTYPE
    header.size = 64 * 1024 * 1024
    raw = header.tobuf(format=tarfile.USTAR_FORMAT) + b"9" * (64 * 1024 * 1024)
    assert refusal(gzip.compress(raw, compresslevel=1)).code == "archive_bomb"


def test_a_zip_bomb_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros", b"\0" * (20 * 1024 * 1024))
    assert refusal(buffer.getvalue()).code == "archive_bomb"


def test_a_cut_archive_is_damaged_and_too_large_is_too_large():
    data = tgz([("a.xml", b"<a/>" * 5000)])
    assert refusal(data[: len(data) // 2]).code == "damaged"
    assert refusal(data, max_size=100).code == "size"
    assert refusal(b"").code == "empty"
    assert refusal(b"%PDF-1.4 not an archive").code == "archive_format"


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000), st.integers(min_value=0, max_value=400))
def test_damaged_archives_only_ever_raise_validation_errors(noise, cut):
    good = tgz([("moodle_backup.xml", b"<moodle_backup/>"), ("files/aa/x", b"x" * 300)])
    for data in (good[:cut] + noise, noise, gzip.compress(noise)):
        with contextlib.suppress(ValidationError):
            uploads.check_archive(SimpleUploadedFile("b.mbz", data), max_size=10**6).close()
