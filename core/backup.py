"""Backup and restore of the database and the uploaded files.

A backup is a directory: ``database.dump`` (pg_dump custom format, or a copy
of the SQLite file), ``media/`` (every uploaded file) and ``manifest.json``
with the SHA-256 and size of each. Uploaded files are read from, and
restored to, the default storage, whichever it is: ``MEDIA_ROOT`` or the S3
bucket (``S3_BUCKET``); a backup made from one restores into the other.

Restore checks every checksum before it touches anything and only restores
into an empty database. Files go back first, each under its own name: a file
already there with the same content is left alone, one with another content
stops the restore before anything is written. The database comes last, in
one transaction: a restore that failed can be run again."""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
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
    files = []
    for name in stored_names(default_storage):
        copy = target / "media" / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        with default_storage.open(name, "rb") as source, open(copy, "wb") as out:
            shutil.copyfileobj(source, out, length=1024 * 1024)
        files.append({"path": name, "size": copy.stat().st_size, "sha256": sha256(copy)})
    manifest = {
        "format": 1,
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": {"vendor": vendor, "file": dump.name, "sha256": sha256(dump)},
        "media": files,
        "storage": settings.STORAGES["default"]["BACKEND"],
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
        if not _safe_name(entry["path"]):
            raise BackupError(f"refused file name: {entry['path']!r}")
        path = source / "media" / entry["path"]
        if not path.is_file() or sha256(path) != entry["sha256"]:
            raise BackupError(f"file missing or damaged: {entry['path']}")
    return manifest


def restore(source: Path, using: str = "default") -> dict:
    manifest = verify(source)
    connection = connections[using]
    if connection.introspection.table_names():
        raise BackupError("the target database is not empty: restore only into an empty one")
    if manifest["database"]["vendor"] != connection.vendor:
        raise BackupError("the backup comes from another kind of database")
    to_copy = _files_to_restore(source, manifest)
    for entry in to_copy:
        with open(source / "media" / entry["path"], "rb") as handle:
            saved = default_storage.save(entry["path"], File(handle))
        if saved != entry["path"]:
            raise BackupError(f"{entry['path']} was stored as {saved}")
        if _stored_sha256(entry["path"]) != entry["sha256"]:
            raise BackupError(f"copy failed for {entry['path']}")
    db = settings.DATABASES[using]
    dump = source / manifest["database"]["file"]
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
                "--single-transaction",
                "-d",
                db["NAME"],
                str(dump),
            ],
            check=True,
            env=env,
        )
    else:
        shutil.copyfile(dump, db["NAME"])
    return manifest


def stored_names(storage) -> list[str]:
    """Every file name in ``storage`` (local directory or S3 bucket), sorted."""
    names = []

    def walk(prefix):
        try:
            directories, files = storage.listdir(prefix)
        except FileNotFoundError:  # no MEDIA_ROOT yet
            return
        names.extend(f"{prefix}{name}" for name in files)
        for directory in directories:
            walk(f"{prefix}{directory}/")

    walk("")
    return sorted(names)


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _stored_sha256(name: str) -> str:
    digest = hashlib.sha256()
    with default_storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _files_to_restore(source: Path, manifest: dict) -> list[dict]:
    """The manifest's files missing from the storage; BackupError, before
    anything is written, when one is there with another content."""
    present = set(stored_names(default_storage))
    missing = []
    for entry in manifest["media"]:
        if entry["path"] not in present:
            missing.append(entry)
        elif _stored_sha256(entry["path"]) != entry["sha256"]:
            raise BackupError(
                f"another file is already stored as {entry['path']}: nothing was restored"
            )
    return missing
