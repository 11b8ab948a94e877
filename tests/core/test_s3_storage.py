"""Uploaded files on an S3-compatible object store (several web machines
share it), tested against a local S3 server (moto) over HTTP."""

import pytest
from django.core.files.base import ContentFile

from tests.http_helpers import close_stream

# The local S3 server and the storage on it: tests/core/conftest.py.


def test_files_go_to_the_object_store_privately(s3_storage):
    storage, client = s3_storage
    assert type(storage).__name__ == "S3Storage"
    name = storage.save("copies/3f2a.pdf", ContentFile(b"%PDF-1.4 copie"))
    assert storage.exists(name)
    with storage.open(name) as handle:
        assert handle.read() == b"%PDF-1.4 copie"
    # Stored under the configured prefix, never world-readable.
    acl = client.get_object_acl(Bucket="callisto-media", Key=f"media/{name}")
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]
    # A second file with the same name never overwrites the first.
    other = storage.save("copies/3f2a.pdf", ContentFile(b"%PDF-1.4 autre"))
    assert other != name
    storage.delete(name)
    assert not storage.exists(name)


def test_downloads_from_the_object_store_carry_validators_and_revalidate(s3_storage, monkeypatch):
    from django.http import Http404
    from django.test import RequestFactory

    from core import uploads

    storage, _client = s3_storage
    name = storage.save("devoirs/3f2a.pdf", ContentFile(b"%PDF-1.4 copie"))

    def get(name, **headers):
        request = RequestFactory().get("/telechargement/", headers=headers)
        return uploads.file_response(
            name, filename="Copie.pdf", content_type="application/pdf", request=request
        )

    response = get(name)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 copie"
    close_stream(response)
    etag, last_modified = response["ETag"], response["Last-Modified"]

    # Revalidated from the object's metadata alone: the object is never fetched.
    monkeypatch.setattr(type(storage), "open", lambda *args, **kwargs: pytest.fail("opened"))
    assert get(name, **{"If-None-Match": etag}).status_code == 304
    assert get(name, **{"If-Modified-Since": last_modified}).status_code == 304
    monkeypatch.undo()

    other = storage.save("devoirs/3f2a.pdf", ContentFile(b"%PDF-1.4 autre"))
    response = get(other, **{"If-None-Match": etag})
    assert response.status_code == 200
    assert response["ETag"] != etag
    close_stream(response)

    # A missing object: no validators to compare, so the 404 of the missing file.
    with pytest.raises(Http404):
        get("devoirs/absent.pdf", **{"If-None-Match": "*"})
