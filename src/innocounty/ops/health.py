"""``GET /healthz``: is this app server able to serve? JSON, 200 when every check passes, 503 otherwise.

Checks: the database answers ``SELECT 1``; the task queue's storage (Redis in production, huey's SQLite file
in the embedded default) answers a length query; the private file storage (``MEDIA_ROOT``) accepts a file.
Open to anyone (load balancers and monitors call it without an account); it reveals only which check failed
and the exception's class, never a message, a path or a host. Each check is bounded by the services' own
timeouts (the database's connect timeout, Redis's socket timeout).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


def check_database() -> None:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_queue() -> None:
    from huey.contrib.djhuey import HUEY

    HUEY.storage.queue_size()


def check_storage() -> None:
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=root, prefix=".healthz-") as handle:
        handle.write(b"ok")
        handle.flush()


CHECKS = {"database": check_database, "queue": check_queue, "storage": check_storage}


def run_checks() -> dict:
    results = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:  # any failure of a dependency is "not healthy", never a 500
            results[name] = {"ok": False, "error": type(exc).__name__}
        else:
            results[name] = {"ok": True}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    return results


@never_cache
@require_GET
def healthz(request):
    checks = run_checks()
    healthy = all(c["ok"] for c in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks}, status=200 if healthy else 503
    )
