"""Backup and restore of one instance: the database and the private files, with a manifest to check them.

A backup directory holds::

    manifest.json       when, which engine, every file's size and SHA-256, the row count of every table,
                        the audit chain's length and last hash (a restore proves it got all of them)
    database.pgdump     PostgreSQL: ``pg_dump --format=custom`` (a consistent snapshot, taken while serving)
    database.sqlite3    SQLite: the online backup API of sqlite3 (consistent, while serving)
    files/              a copy of MEDIA_ROOT: uploads, attachments, generated documents

The database is dumped first, then the files: files are only ever added under new names, so every file the
dumped rows refer to is in the copy (a file added in between is copied too, harmlessly unreferenced).
Restore goes into an *empty* instance only: a database without tables (a fresh ``createdb``, or no SQLite
file) and an empty MEDIA_ROOT; it never merges into or overwrites a running platform. It then checks the
manifest: every table's row count, every file's hash, the audit chain (``audit verify``) and its last hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection, connections

from innocounty.audit.chain import verify_chain
from innocounty.audit.models import AuditEvent
from innocounty.common import clock

MANIFEST = "manifest.json"
FORMAT = 1


class BackupError(Exception):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _engine() -> str:
    return (
        "postgresql"
        if connection.vendor == "postgresql"
        else "sqlite"
        if connection.vendor == "sqlite"
        else ""
    )


def _pg_env() -> tuple[dict, list[str]]:
    db = settings.DATABASES["default"]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--host", str(db.get("HOST") or "localhost"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def table_counts() -> dict[str, int]:
    """Rows per table of every installed model (and Django's own tables)."""
    tables = set(connection.introspection.table_names())
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if table in tables and not model._meta.proxy and table not in counts:
            counts[table] = model._base_manager.using("default").count()
    return dict(sorted(counts.items()))


def file_list(root: Path) -> dict[str, dict]:
    if not root.exists():
        return {}
    return {p.relative_to(root).as_posix(): {"size": p.stat().st_size, "sha256": _sha256(p)}
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".healthz-")}  # fmt: skip


def audit_head() -> dict:
    last = AuditEvent.objects.order_by("-seq").values("seq", "hash").first()
    return {"events": last["seq"] if last else 0, "last_hash": last["hash"] if last else ""}


def backup(target: Path) -> dict:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty")
    target.mkdir(parents=True, exist_ok=True)
    engine = _engine()
    counts, head = table_counts(), audit_head()  # read before the dump: rows only grow (audit is append-only)
    if engine == "postgresql":
        env, args = _pg_env()
        name = settings.DATABASES["default"]["NAME"]
        subprocess.run(["pg_dump", *args, "--format=custom", "--no-owner", "--no-privileges",
                        "--file", str(target / "database.pgdump"), name], env=env, check=True)  # fmt: skip
        database = "database.pgdump"
    elif engine == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / "database.sqlite3") as copy:
            connection.connection.backup(copy)
        database = "database.sqlite3"
    else:
        raise BackupError(f"unsupported database: {connection.vendor}")
    media = Path(settings.MEDIA_ROOT)
    if media.exists():
        shutil.copytree(media, target / "files", ignore=shutil.ignore_patterns(".healthz-*"))
    else:
        (target / "files").mkdir()
    manifest = {
        "format": FORMAT, "created_at": clock.now().isoformat(), "engine": engine, "database": database,
        "database_sha256": _sha256(target / database), "tables": counts, "audit": head,
        "files": file_list(target / "files"),
    }  # fmt: skip
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> dict:
    path = Path(source) / MANIFEST
    if not path.exists():
        raise BackupError(f"{path} not found: not a backup directory")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if _sha256(Path(source) / manifest["database"]) != manifest["database_sha256"]:
        raise BackupError("the database dump does not match its checksum (damaged backup)")
    for name, facts in manifest["files"].items():
        path = Path(source) / "files" / name
        if not path.is_file() or _sha256(path) != facts["sha256"]:
            raise BackupError(f"file {name} is missing or damaged in the backup")
    return manifest


def _ensure_empty_target(engine: str) -> None:
    if engine != _engine():
        raise BackupError(f"the backup is of {engine}; this instance uses {_engine()}")
    if connection.introspection.table_names():
        raise BackupError("the database is not empty: restore only into a fresh database without tables")
    media = Path(settings.MEDIA_ROOT)
    if media.exists() and any(media.iterdir()):
        raise BackupError(f"MEDIA_ROOT {media} is not empty")


def restore(source: Path) -> dict:
    source = Path(source)
    manifest = read_manifest(source)
    _ensure_empty_target(manifest["engine"])
    dump = source / manifest["database"]
    if manifest["engine"] == "postgresql":
        env, args = _pg_env()
        connections.close_all()
        subprocess.run(["pg_restore", *args, "--no-owner", "--no-privileges", "--exit-on-error",
                        "--dbname", settings.DATABASES["default"]["NAME"], str(dump)], env=env, check=True)  # fmt: skip
    else:
        connection.ensure_connection()
        with sqlite3.connect(dump) as copy:
            copy.backup(connection.connection)
        connections.close_all()
    media = Path(settings.MEDIA_ROOT)
    media.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source / "files", media, dirs_exist_ok=True)
    return check_restored(manifest)


def check_restored(manifest: dict) -> dict:
    """Compare the restored instance with the manifest; raises BackupError on the first difference."""
    counts = table_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            raise BackupError(f"table {table}: {counts.get(table)} rows restored, {expected} backed up")
    files = file_list(Path(settings.MEDIA_ROOT))
    for name, facts in manifest["files"].items():
        if files.get(name, {}).get("sha256") != facts["sha256"]:
            raise BackupError(f"file {name} was not restored intact")
    report = verify_chain()
    if not report.ok:
        raise BackupError(f"audit chain broken after restore: {report}")
    if audit_head() != manifest["audit"]:
        raise BackupError(f"audit chain head {audit_head()} differs from the backup's {manifest['audit']}")
    return {"tables": len(counts), "rows": sum(counts.values()), "files": len(files), "audit": str(report)}
