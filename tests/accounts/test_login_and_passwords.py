"""Login, logout, lock-out after repeated failures, password change; all written to the audit log."""

import importlib
import json
import os

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import override_settings
from django.urls import reverse

from innocounty.audit.chain import verify_chain
from innocounty.audit.models import AuditEvent

PASSWORD = "Zhengding-2026-secret"  # as in conftest.py
LOGIN = "/accounts/login/"


def _login(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def _actions():
    return list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))


def test_login_page_is_in_chinese(client):
    page = client.get(LOGIN).content.decode()
    assert "登录" in page and "用户名" in page and "密码" in page


def test_login_and_logout_are_audited(client, people):
    response = _login(client, "zhengding", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("dashboard:home")
    assert client.session["_auth_user_id"] == str(people.county_officer.pk)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302 and "_auth_user_id" not in client.session
    assert _actions() == ["login.succeeded", "logout"]
    event = AuditEvent.objects.get(action="login.succeeded")
    assert event.actor == people.county_officer and event.object_id == str(people.county_officer.pk)
    assert event.after == {"ip": "127.0.0.1"}


def test_failed_login_is_audited_without_the_password(client, people):
    response = _login(client, "zhengding", "wrong-password-123")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get()
    assert event.action == "login.failed" and event.actor is None
    assert event.after == {"username": "zhengding", "ip": "127.0.0.1"}
    assert "wrong-password-123" not in json.dumps(
        [event.before, event.after, event.summary, event.object_repr]
    )


@override_settings(AXES_FAILURE_LIMIT=5)
def test_five_failures_lock_the_account_even_for_the_right_password(client, people):
    for attempt in range(4):
        assert _login(client, "zhengding", f"wrong-{attempt}").status_code == 200
    locked = _login(client, "zhengding", "wrong-4")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "账户已被临时锁定" in page and "15 分钟" in page
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]

    refused = _login(client, "zhengding", PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session

    actions = _actions()
    assert actions.count("login.failed") >= 5
    assert "login.locked_out" in actions and "login.succeeded" not in actions
    locked_event = AuditEvent.objects.filter(action="login.locked_out").first()
    assert locked_event.after == {"username": "zhengding", "ip": "127.0.0.1"}
    assert verify_chain().ok


def test_lockout_is_per_username(client, people):
    for attempt in range(5):
        _login(client, "zhengding", f"wrong-{attempt}")
    assert _login(client, "hebei", PASSWORD).status_code == 302


def test_password_change_requires_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_password_change_keeps_the_session_and_is_audited(client, people):
    client.force_login(people.county_officer)
    new_password = "Hutuo-River-2027-new"
    form = {"old_password": PASSWORD, "new_password1": new_password, "new_password2": new_password}
    response = client.post(reverse("accounts:password_change"), form)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change_done")
    assert client.get(reverse("accounts:password_change_done")).status_code == 200
    people.county_officer.refresh_from_db()
    assert people.county_officer.check_password(new_password)
    assert _actions() == ["login.succeeded", "password.changed"]
    assert new_password not in json.dumps(list(AuditEvent.objects.values("before", "after", "summary")))


def test_password_change_refuses_a_weak_password(client, people):
    client.force_login(people.county_officer)
    form = {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    response = client.post(reverse("accounts:password_change"), form)
    assert response.status_code == 200
    people.county_officer.refresh_from_db()
    assert people.county_officer.check_password(PASSWORD)
    assert _actions() == ["login.succeeded"]


def _settings_module(name, monkeypatch):
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "innocounty.example.cn")
    if name == "production":  # production also requires its services (docs/deployment.md); not connected here
        monkeypatch.setenv("DATABASE_URL", os.environ.get("DATABASE_URL") or "postgres://u@127.0.0.1:5432/x")
        monkeypatch.setenv("HUEY_REDIS_URL", os.environ.get("HUEY_REDIS_URL") or "redis://127.0.0.1:6379/0")
    return importlib.reload(importlib.import_module(f"innocounty.web.settings.{name}"))


@pytest.mark.parametrize("module", ["base", "production"])
def test_argon2_is_the_first_password_hasher_outside_tests(module, monkeypatch):
    hashers = _settings_module(module, monkeypatch).PASSWORD_HASHERS
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=hashers):
        assert make_password("Zhengding-2026-secret").startswith("argon2$")


def test_session_cookie_settings():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
