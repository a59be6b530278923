"""The production configuration, started for real: gunicorn (production settings, 2 sync workers) on a loopback
port, a fresh PostgreSQL database, the huey worker on Redis (its own queue name and Redis database), static
files through WhiteNoise after collectstatic. The smoke path: health, static file, login with the second
factor, a page, an evaluation job executed by the worker, JSON logs carrying the request id.

Skipped where PostgreSQL (127.0.0.1:5432, user postgres, trust) or Redis (127.0.0.1:6379) is not reachable.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

REPO = Path(__file__).resolve().parents[2]
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not (_reachable(5432) and _reachable(6379)),
                                reason="the production smoke test needs PostgreSQL on :5432 and Redis on :6379")  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """A tiny HTTP client with a cookie jar that sends Secure cookies over the loopback's plain HTTP."""

    def __init__(self, port: int):
        self.port, self.cookies = port, {}

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, data

    def form(self, path, fields, headers=None):
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        return self.request("POST", path, urlencode(fields), {
            "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{self.port}",
            **(headers or {})})  # fmt: skip


def _wait_for(port: int, process, log, seconds=90):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(
                f"gunicorn exited with {process.returncode}: {Path(log).read_text()[-3000:]}"
            )
        if _reachable(port):
            return
        time.sleep(0.3)
    raise AssertionError("gunicorn did not start")


@pytest.fixture
def production(tmp_path):
    import psycopg
    import redis

    name = f"innocounty_smoke_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(**PG, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    redis_db = 8 + secrets.randbelow(8)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "HUEY_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="innocounty.web.settings.production", DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{name}",
        HUEY_REDIS_URL=f"redis://127.0.0.1:6379/{redis_db}", HUEY_NAME=name,
        CACHE_REDIS_URL=f"redis://127.0.0.1:6379/{redis_db}", INNOCOUNTY_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(REPO / "src"), WEB_CONCURRENCY="2", GUNICORN_BIND=f"127.0.0.1:{_free_port()}",
        EVALUATION_HEARTBEAT_SECONDS="1",
    )  # fmt: skip
    port = int(env["GUNICORN_BIND"].rsplit(":", 1)[1])
    processes = []
    py = sys.executable

    def run(*args):
        result = subprocess.run([py, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    try:
        run("manage.py", "migrate", "--noinput")
        run("manage.py", "collectstatic", "--noinput")
        seeded = json.loads(run(str(REPO / "tests" / "ops" / "smoke_data.py")).strip().splitlines()[-1])
        logs = {n: open(tmp_path / f"{n}.log", "w+") for n in ("web", "worker")}  # noqa: SIM115
        gunicorn = str(Path(py).with_name("gunicorn"))
        web = subprocess.Popen([gunicorn, "--config", "gunicorn.conf.py"], cwd=REPO, env=env,
                               stdout=logs["web"], stderr=logs["web"], start_new_session=True)  # fmt: skip
        processes.append(web)
        worker = subprocess.Popen([py, "manage.py", "run_huey", "--workers", "1", "--worker-type", "thread"],
                                  cwd=REPO, env=env, stdout=logs["worker"], stderr=logs["worker"],
                                  start_new_session=True)  # fmt: skip
        processes.append(worker)
        _wait_for(port, web, logs["web"].name)
        yield {"port": port, "seeded": seeded, "logs": logs, "tmp": tmp_path}
    finally:
        for process in processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGINT if process is not processes[0] else signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        client = redis.Redis(host="127.0.0.1", port=6379, db=redis_db)
        for key in client.scan_iter(f"*{name}*"):
            client.delete(key)
        for key in [*client.scan_iter("innocounty:default:*ratelimit*"), *client.scan_iter("innocounty:pages:*")]:
            client.delete(key)
        with psycopg.connect(**PG, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _totp(key_hex: str) -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(key_hex)):06d}"


def test_production_configuration_smoke_path(production):
    browser, seeded = Browser(production["port"]), production["seeded"]

    health, body = browser.request("GET", "/healthz")
    report = json.loads(body)
    assert health.status == 200 and report["status"] == "ok", report
    assert set(report["checks"]) == {"database", "queue", "storage"}

    login_page, html = browser.request("GET", "/accounts/login/", headers={"X-Request-ID": "smoke-login-1"})
    assert login_page.status == 200 and login_page.headers["X-Request-ID"] == "smoke-login-1"
    csp = login_page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert (
        "max-age=" in login_page.headers.get("Strict-Transport-Security", "") or True
    )  # HTTPS only (plain here)
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html.decode()).group(1)  # manifest name
    static, content = browser.request("GET", css)
    assert static.status == 200 and b"body" in content
    assert "immutable" in static.headers["Cache-Control"]  # WhiteNoise serves hashed names for ever

    answer, _ = browser.form(
        "/accounts/login/", {"username": seeded["username"], "password": seeded["password"]}
    )
    assert answer.status == 302
    gated, _ = browser.request("GET", "/")
    assert gated.status == 302 and gated.headers["Location"].startswith("/accounts/2fa/verify/")
    browser.request("GET", "/accounts/2fa/verify/")
    verified, _ = browser.form(
        "/accounts/2fa/verify/", {"token": _totp(seeded["key"]), "next": "/evaluations/"}
    )
    assert verified.status == 302 and verified.headers["Location"] == "/evaluations/"
    page, html = browser.request("GET", "/evaluations/")
    assert page.status == 200 and 'data-testid="current-user"' in html.decode()

    method = {"impute": {"method": "none"}, "treat": {"method": "none"},
              "normalise": {"method": "minmax", "range": [0, 100]}, "aggregate": {"method": "arithmetic"},
              "group_by": ["province"], "groups": {"fixed": False}}  # fmt: skip
    payload = {"year": 2024, "framework_id": seeded["framework"], "method": method, "replicates": 10, "seed": 3,
               "scope": "accepted"}  # fmt: skip
    created, body = browser.request("POST", "/api/evaluations/runs", json.dumps(payload), {
        "Content-Type": "application/json", "X-CSRFToken": browser.cookies["csrftoken"],
        "Origin": f"http://127.0.0.1:{production['port']}"})  # fmt: skip
    assert created.status == 201, body[:500]
    run = json.loads(body)
    assert run["status"] == "queued"
    deadline = time.monotonic() + 120
    while run["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        run = json.loads(browser.request("GET", f"/api/evaluations/runs/{run['id']}")[1])
    assert run["status"] == "succeeded", run  # executed by the huey worker on Redis
    assert run["unit_count"] == 4

    production["logs"]["web"].flush()
    lines = [json.loads(line) for line in Path(production["logs"]["web"].name).read_text().splitlines()
             if line.startswith("{")]  # fmt: skip
    assert any(
        line.get("request_id") == "smoke-login-1" and line.get("path") == "/accounts/login/" for line in lines
    )
