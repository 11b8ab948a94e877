"""Backup and restore of the database and the uploaded files.

A backup is a directory: ``database.dump`` (pg_dump custom format, or a copy
of the SQLite file), ``media/`` (every uploaded file) and ``manifest.json``
with the SHA-256 and size of each. Restore checks every checksum before it
touches anything, and only restores into an empty database."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _program(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian package postgresql-client)")
    return path


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = ["-h", db.get("HOST") or "127.0.0.1", "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", db["USER"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def backup(target: Path, using: str = "default") -> dict:
    db = settings.DATABASES[using]
    target.mkdir(parents=True, exist_ok=False)
    dump = target / "database.dump"
    vendor = connections[using].vendor
    if vendor == "postgresql":
        args, env = _pg_env(db)
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                _program("pg_dump"),
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(dump),
                db["NAME"],
            ],
            check=True,
            env=env,
        )
    elif vendor == "sqlite":
        source = sqlite3.connect(db["NAME"])
        destination = sqlite3.connect(dump)
        with destination:
            source.backup(destination)
        source.close()
        destination.close()
    else:
        raise BackupError(f"unsupported database: {vendor}")
    media_root = Path(settings.MEDIA_ROOT)
    files = []
    if media_root.exists():
        for path in sorted(p for p in media_root.rglob("*") if p.is_file()):
            relative = path.relative_to(media_root).as_posix()
            copy = target / "media" / relative
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
            files.append({"path": relative, "size": copy.stat().st_size, "sha256": sha256(copy)})
    manifest = {
        "format": 1,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": {"vendor": vendor, "file": dump.name, "sha256": sha256(dump)},
        "media": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def verify(source: Path) -> dict:
    """Check the manifest against the files; raise BackupError on any
    difference (nothing is restored from a damaged backup)."""
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"no readable manifest in {source}: {exc}") from exc
    dump = source / manifest["database"]["file"]
    if not dump.exists() or sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError("the database dump is missing or damaged")
    for entry in manifest["media"]:
        path = source / "media" / entry["path"]
        if not path.is_file() or sha256(path) != entry["sha256"]:
            raise BackupError(f"file missing or damaged: {entry['path']}")
    return manifest


def restore(source: Path, using: str = "default") -> dict:
    manifest = verify(source)
    connection = connections[using]
    if connection.introspection.table_names():
        raise BackupError("the target database is not empty: restore only into an empty one")
    db = settings.DATABASES[using]
    dump = source / manifest["database"]["file"]
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError("the backup comes from another kind of database")
    connection.close()
    if connection.vendor == "postgresql":
        args, env = _pg_env(db)
        subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [
                _program("pg_restore"),
                *args,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "-d",
                db["NAME"],
                str(dump),
            ],
            check=True,
            env=env,
        )
    else:
        shutil.copyfile(dump, db["NAME"])
    media_root = Path(settings.MEDIA_ROOT)
    for entry in manifest["media"]:
        destination = media_root / entry["path"]
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / "media" / entry["path"], destination)
        if sha256(destination) != entry["sha256"]:
            raise BackupError(f"copy failed for {entry['path']}")
    return manifest
