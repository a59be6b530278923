"""``manage.py backup`` / ``manage.py restore``: the round trip into an empty instance gives the same records,
the same files and an audit chain that still verifies — on SQLite (always) and PostgreSQL (when reachable)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HELPER = REPO / "tests" / "ops" / "backup_state.py"


def _postgres() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return True
    except OSError:
        return False


def _env(var: Path, database_url: str = "") -> dict:
    var.mkdir(
        parents=True, exist_ok=True
    )  # huey's SQLite queue lives there (base creates it only for SQLite)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "HUEY_"))}
    env.update(DJANGO_SETTINGS_MODULE="innocounty.web.settings.dev", INNOCOUNTY_VAR_DIR=str(var),
               PYTHONPATH=str(REPO / "src"))  # fmt: skip
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _run(env, *args, ok=True):
    result = subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=900
    )
    if ok:
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def _round_trip(tmp_path, original, restored):
    _run(original, "manage.py", "migrate", "--noinput")
    _run(original, str(HELPER), "seed")
    before = json.loads(_run(original, str(HELPER), "state").stdout.strip().splitlines()[-1])
    backup = tmp_path / "backup"
    out = _run(original, "manage.py", "backup", str(backup)).stdout
    assert "backup written" in out and (backup / "manifest.json").exists()
    assert _run(original, "manage.py", "backup", str(backup), ok=False).returncode != 0  # never overwrites

    done = _run(restored, "manage.py", "restore", str(backup)).stdout
    assert "audit chain intact" in done
    after = json.loads(_run(restored, str(HELPER), "state").stdout.strip().splitlines()[-1])
    assert after["tables"] == before["tables"]  # same rows in every table
    assert after["files"] == before["files"] and len(after["files"]) == 3  # same files, same hashes
    assert after["audit"] == before["audit"] and after["audit"][0] is True and after["audit"][1] >= 3
    verify = _run(restored, "manage.py", "audit", "verify")
    assert "intact" in verify.stdout

    again = _run(restored, "manage.py", "restore", str(backup), ok=False)  # not into a used instance
    assert again.returncode != 0 and "not empty" in again.stderr


def test_round_trip_on_sqlite(tmp_path):
    _round_trip(tmp_path, _env(tmp_path / "a"), _env(tmp_path / "b"))


def test_a_damaged_backup_is_refused(tmp_path):
    original = _env(tmp_path / "a")
    _run(original, "manage.py", "migrate", "--noinput")
    _run(original, str(HELPER), "seed")
    _run(original, "manage.py", "backup", str(tmp_path / "backup"))
    victim = next((tmp_path / "backup" / "files").rglob("*.pdf"))
    victim.write_bytes(b"changed")
    refused = _run(_env(tmp_path / "b"), "manage.py", "restore", str(tmp_path / "backup"), ok=False)
    assert refused.returncode != 0 and "damaged" in refused.stderr
    assert not (tmp_path / "b" / "private").exists() or not any((tmp_path / "b" / "private").iterdir())


@pytest.mark.skipif(not _postgres(), reason="PostgreSQL not reachable on 127.0.0.1:5432")
def test_round_trip_on_postgresql(tmp_path):
    import psycopg

    names = [f"innocounty_backup_{os.getpid()}_{secrets.token_hex(3)}_{n}" for n in ("a", "b")]
    admin = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres", "autocommit": True}
    with psycopg.connect(**admin) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    try:
        urls = [f"postgres://postgres@127.0.0.1:5432/{name}" for name in names]
        _round_trip(tmp_path, _env(tmp_path / "a", urls[0]), _env(tmp_path / "b", urls[1]))
    finally:
        with psycopg.connect(**admin) as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
