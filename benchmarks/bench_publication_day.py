"""Benchmark: publication day on the production configuration (docs/performance.md, "Publication day").

    createdb -h 127.0.0.1 -U postgres innocounty_speed
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/innocounty_speed
    DJANGO_SETTINGS_MODULE=innocounty.web.settings.dev .venv/bin/python manage.py migrate
    DJANGO_SETTINGS_MODULE=innocounty.web.settings.dev .venv/bin/python manage.py demo
    .venv/bin/python benchmarks/bench_publication_day.py            # --seconds 10 --concurrency 16 --workers 2

Starts three gunicorn servers (``--workers`` sync workers each) on loopback ports: the platform with its
production settings on the database of ``DATABASE_URL`` (the full demo data), the same with the page cache
switched off (``PAGE_CACHE_ENABLED=false``, what every request cost before), and a bare Django view
(benchmarks/bare_django.py) as the ceiling of the same machine in the same run. A bounded asyncio client
(benchmarks/http_load.py, ``--concurrency`` keep-alive clients) then loads each page for ``--seconds`` and
prints requests per second, median/p95/p99 latency, and the ratio to the bare view's throughput. Pages: the
public national ranking, a county profile, the national map, the eligibility overview and the profile PDF,
anonymously; the ranking and the profile signed in as the county's officer (a session made for the run).
It reads the database and never writes to it except the benchmark's own session row, deleted at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from http_load import run_load  # noqa: E402

ANONYMOUS = ["/rankings/", "/rankings/county/130123/", "/rankings/map/", "/rankings/eligibility/",
             "/rankings/county/130123/pdf/"]  # fmt: skip
SIGNED_IN = ["/rankings/", "/rankings/county/130123/"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(args: list[str], env: dict, port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen([gunicorn, "-b", f"127.0.0.1:{port}", *args], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)  # noqa: S310 (loopback)
            break
        except urllib.error.HTTPError:
            break  # the server answers (404 on the bare view is fine)
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise SystemExit(f"server on port {port} did not start: {process.stderr.read().decode()[-2000:]}")
    return process


def session_cookie(env: dict, username: str) -> tuple[str, str]:
    code = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model, SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY\n"
        "from django.contrib.sessions.backends.db import SessionStore\n"
        f"u = get_user_model().objects.get(username={username!r})\n"
        "s = SessionStore(); s[SESSION_KEY] = str(u.pk)\n"
        "s[BACKEND_SESSION_KEY] = 'django.contrib.auth.backends.ModelBackend'\n"
        "s[HASH_SESSION_KEY] = u.get_session_auth_hash(); s.create(); print(s.session_key)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return "sessionid", out.stdout.strip().splitlines()[-1]


def delete_session(env: dict, key: str) -> None:
    code = f"import django; django.setup()\nfrom django.contrib.sessions.models import Session\nSession.objects.filter(session_key={key!r}).delete()\n"
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--user", default="county_zhengding", help="the signed-in visitor (its county: 130123)"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("set DATABASE_URL to the PostgreSQL database with the demo data (see the docstring)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innocounty.web.settings.production", "PYTHONPATH": str(ROOT / "src"),
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "false",
           "HUEY_REDIS_URL": os.environ.get("HUEY_REDIS_URL", "redis://127.0.0.1:6379/0"),  # required by production
           "INNOCOUNTY_PUBLIC_RATE_LIMIT": "0"}  # fmt: skip  (one loopback address: no per-address limit)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    workers = ["-w", str(args.workers), "--worker-class", "sync"]
    ports = {name: free_port() for name in ("platform", "uncached", "bare")}
    servers = [
        start([*workers, "innocounty.web.wsgi:application"], env, ports["platform"]),
        start(
            [*workers, "innocounty.web.wsgi:application"],
            {**env, "PAGE_CACHE_ENABLED": "false"},
            ports["uncached"],
        ),
        start([*workers, "--chdir", str(ROOT / "benchmarks"), "bare_django:application"], env, ports["bare"]),
    ]
    name, key = session_cookie(env, args.user)
    cookie = {"Cookie": f"{name}={key}"}
    load = lambda port, paths, headers=None: asyncio.run(  # noqa: E731
        run_load(f"http://127.0.0.1:{port}", paths, args.concurrency, args.seconds, args.warmup, headers)
    )
    try:
        print(f"publication day: gunicorn {args.workers} sync workers, {args.concurrency} concurrent clients, "
              f"{args.seconds:.0f} s per page, {os.cpu_count()} CPUs")  # fmt: skip
        bare = load(ports["bare"], ["/"])
        print(bare.line("bare Django view"))
        rows = [("anonymous", p, None) for p in ANONYMOUS] + [
            (f"signed in ({args.user})", p, cookie) for p in SIGNED_IN
        ]
        for who, path, headers in rows:
            for label, port in (("cached", ports["platform"]), ("uncached", ports["uncached"])):
                if label == "uncached" and path.endswith("/pdf/"):
                    continue  # ~0.5 s each: the uncached PDF is measured by bench_pages.py
                result = load(port, [path], headers)
                ratio = result.rate / bare.rate if bare.rate else 0
                print(
                    result.line(f"{who[:18]} {label[:8]} {path}"[:60].ljust(60)) + f"   {ratio:6.1%} of bare"
                )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=10)
        delete_session(env, key)


if __name__ == "__main__":
    main()
