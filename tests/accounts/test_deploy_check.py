"""``manage.py check --deploy`` passes, without warnings, with production settings from the environment."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


REQUIRED = {"DATABASE_URL": "postgres://innocounty@127.0.0.1:5432/innocounty", "HUEY_REDIS_URL": "redis://127.0.0.1:6379/0"}


def _check_deploy(**env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k not in REQUIRED}
    environment.update(DJANGO_SETTINGS_MODULE="innocounty.web.settings.production")
    environment.update({k: v for k, v in {**REQUIRED, **env}.items() if v is not None})  # None: left unset
    command = [sys.executable, str(REPO / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"]
    return subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_settings():
    result = _check_deploy(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="innocounty.example.cn"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    result = _check_deploy(DJANGO_ALLOWED_HOSTS="innocounty.example.cn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_check_deploy_fails_on_a_weak_secret_key():
    result = _check_deploy(DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="innocounty.example.cn")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_postgresql_or_the_queue():
    result = _check_deploy(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="x.example.cn",
                           DATABASE_URL=None)  # fmt: skip
    assert result.returncode != 0 and "DATABASE_URL must be set" in result.stderr
    result = _check_deploy(DJANGO_SECRET_KEY=secrets.token_urlsafe(64), DJANGO_ALLOWED_HOSTS="x.example.cn",
                           HUEY_REDIS_URL=None)  # fmt: skip
    assert result.returncode != 0 and "HUEY_REDIS_URL must be set" in result.stderr
