"""Uploaded files on an S3-compatible object store (several web machines
share it), tested against a local S3 server (moto) over HTTP."""

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
