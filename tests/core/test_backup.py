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
