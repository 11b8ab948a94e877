"""Uploaded files on an S3-compatible object store (several web machines
share it), tested against a local S3 server (moto) over HTTP."""

import contextlib
import importlib

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_storage(s3_server, monkeypatch, settings):
    monkeypatch.setenv("S3_BUCKET", "callisto-media")
    monkeypatch.setenv("S3_ENDPOINT_URL", s3_server)
    monkeypatch.setenv("S3_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("S3_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("S3_REGION", "eu-west-3")
    from config import settings as project_settings

    reloaded = importlib.reload(project_settings)
    settings.STORAGES = reloaded.STORAGES
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-west-3",
    )
    # The server lives for the module: the bucket may already be there.
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(
            Bucket="callisto-media",
            CreateBucketConfiguration={"LocationConstraint": "eu-west-3"},
        )
    storages._storages = {}
    yield storages["default"], client
    storages._storages = {}
    monkeypatch.undo()
    importlib.reload(project_settings)


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
    response.close()
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
    response.close()

    # A missing object: no validators to compare, so the 404 of the missing file.
    with pytest.raises(Http404):
        get("devoirs/absent.pdf", **{"If-None-Match": "*"})
