"""Fixtures of the core tests: a local S3 server (moto, over HTTP) and the
default storage on it."""

import contextlib
import importlib

import boto3
import pytest
from django.core.files.storage import storages
from moto.server import ThreadedMotoServer


def s3_client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="eu-west-3",
    )


def create_bucket(client, name):
    # The server lives for the module: the bucket may already be there.
    with contextlib.suppress(client.exceptions.BucketAlreadyOwnedByYou):
        client.create_bucket(
            Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )


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
    client = s3_client(s3_server)
    create_bucket(client, "callisto-media")
    storages._storages = {}
    yield storages["default"], client
    storages._storages = {}
    monkeypatch.undo()
    importlib.reload(project_settings)


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """``collectstatic`` on the production profile, as the image build runs
    it (hashed, compressed names): a production server started by a test
    serves its pages' stylesheets from here."""
    import subprocess
    import sys

    from tests.core.test_settings import BASE, PRODUCTION_ENV, _clean_environ

    root = tmp_path_factory.mktemp("static")
    env = {**_clean_environ(), **PRODUCTION_ENV, "STATIC_ROOT": str(root)}
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
    )
    assert collect.returncode == 0, collect.stderr
    return root
