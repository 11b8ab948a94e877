"""Backup and restore round trip: every uploaded file comes back byte for
byte, and the data with it."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings
from django.core.files.base import ContentFile

from core.backup import BackupError, backup, verify
from tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _manage(*args, env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )


def test_backup_then_restore_into_an_empty_database(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    contents = {}
    for i in range(3):
        activity = ActivityFactory(kind="file", title=f"Sujet {i}")
        data = os.urandom(50_000 + i)
        activity.file.save(f"sujet-{i}.pdf", ContentFile(data))
        contents[activity.file.name] = data

    target = tmp_path / "backup"
    manifest = backup(target)
    assert len(manifest["media"]) == 3
    assert verify(target) == manifest

    db = settings.DATABASES["default"]
    restored_db = f"callisto_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", restored_db], check=True)
    env = {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:5432/{restored_db}",
        "MEDIA_ROOT": str(tmp_path / "restored-media"),
    }
    try:
        result = _manage("restore", str(target), env=env)
        assert result.returncode == 0, result.stderr
        titles = _manage(
            "shell",
            "-c",
            "from courses.models import Activity; "
            "print(sorted(Activity.objects.values_list('title', flat=True)))",
            env=env,
        )
        assert titles.stdout.strip().splitlines()[-1] == "['Sujet 0', 'Sujet 1', 'Sujet 2']"
        for name, data in contents.items():
            assert (tmp_path / "restored-media" / name).read_bytes() == data

        # Restoring again into the now non-empty database is refused.
        again = _manage("restore", str(target), env=env)
        assert again.returncode != 0
        assert "not empty" in again.stderr
    finally:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", restored_db],
            check=True,
        )


def test_a_damaged_backup_is_refused_before_anything_is_restored(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    activity = ActivityFactory(kind="file")
    activity.file.save("copie.pdf", ContentFile(b"%PDF-1.4 original"))
    target = tmp_path / "backup"
    manifest = backup(target)
    damaged = target / "media" / manifest["media"][0]["path"]
    damaged.write_bytes(b"%PDF-1.4 altered")
    with pytest.raises(BackupError, match="damaged"):
        verify(target)


# --- Uploads on an S3-compatible store (moto over HTTP, tests/core/conftest.py) ---


def _s3_env(endpoint, bucket, database):
    return {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": database,
        "S3_BUCKET": bucket,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "test",
        "S3_SECRET_ACCESS_KEY": "test",
        "S3_REGION": "eu-west-3",
    }


@pytest.fixture
def empty_database():
    db = settings.DATABASES["default"]
    name = f"callisto_restore_{uuid.uuid4().hex[:8]}"
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    yield f"postgres://{db['USER']}@127.0.0.1:5432/{name}"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)


def _objects(client, bucket) -> dict[str, bytes]:
    listing = client.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {
        item["Key"]: client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
        for item in listing
    }


def test_uploads_on_s3_are_backed_up_and_restored_into_a_new_bucket(
    s3_storage, s3_server, empty_database, tmp_path
):
    from tests.core.conftest import create_bucket

    _storage, client = s3_storage
    contents = {}
    for i in range(3):
        activity = ActivityFactory(kind="file", title=f"Sujet S3 {i}")
        data = os.urandom(40_000 + i)
        activity.file.save(f"sujet-{i}.pdf", ContentFile(data))
        contents[activity.file.name] = data
    assert set(_objects(client, "callisto-media")) == {f"media/{name}" for name in contents}

    target = tmp_path / "backup"
    manifest = backup(target)
    assert manifest["storage"] == "storages.backends.s3.S3Storage"
    assert {entry["path"] for entry in manifest["media"]} == set(contents)
    for name, data in contents.items():
        assert (target / "media" / name).read_bytes() == data

    # The day after: a new database and a new, empty bucket.
    create_bucket(client, "callisto-restored")
    env = _s3_env(s3_server, "callisto-restored", empty_database)
    result = _manage("restore", str(target), env=env)
    assert result.returncode == 0, result.stderr
    assert "3 files" in result.stdout
    assert _objects(client, "callisto-restored") == {
        f"media/{name}": data for name, data in contents.items()
    }
    titles = _manage(
        "shell",
        "-c",
        "from courses.models import Activity; from django.core.files.storage import "
        "storages; s = storages['default']; a = Activity.objects.get(title='Sujet S3 1'); "
        "print(type(s).__name__, s.open(a.file.name).read() == open("
        f"'{target}/media/' + a.file.name, 'rb').read())",
        env=env,
    )
    assert titles.stdout.strip().splitlines()[-1] == "S3Storage True", titles.stderr


def test_a_different_file_already_in_the_bucket_stops_the_restore_before_anything(
    s3_storage, s3_server, empty_database, tmp_path
):
    from tests.core.conftest import create_bucket

    _storage, client = s3_storage
    activity = ActivityFactory(kind="file", title="Sujet unique")
    activity.file.save("sujet.pdf", ContentFile(b"%PDF-1.4 original"))
    target = tmp_path / "backup"
    backup(target)

    create_bucket(client, "callisto-occupied")
    client.put_object(
        Bucket="callisto-occupied", Key=f"media/{activity.file.name}", Body=b"%PDF-1.4 autre"
    )
    env = _s3_env(s3_server, "callisto-occupied", empty_database)
    result = _manage("restore", str(target), env=env)
    assert result.returncode != 0
    assert "already stored" in result.stderr
    # Nothing was restored: the database is still empty, the object untouched.
    tables = _manage(
        "shell",
        "-c",
        "from django.db import connection; print(len(connection.introspection.table_names()))",
        env=env,
    )
    assert tables.stdout.strip().splitlines()[-1] == "0"
    body = client.get_object(Bucket="callisto-occupied", Key=f"media/{activity.file.name}")
    assert body["Body"].read() == b"%PDF-1.4 autre"


def test_a_manifest_naming_a_file_outside_the_backup_is_refused(tmp_path, settings):
    import json

    settings.MEDIA_ROOT = str(tmp_path / "media")
    target = tmp_path / "backup"
    manifest = backup(target)
    outside = tmp_path / "secret.txt"
    outside.write_bytes(b"x")
    from core.backup import sha256

    manifest["media"].append({"path": "../secret.txt", "size": 1, "sha256": sha256(outside)})
    (target / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(BackupError, match="refused file name"):
        verify(target)
