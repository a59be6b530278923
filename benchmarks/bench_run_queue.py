"""Benchmark: evaluation runs on the queue (docs/performance.md, "Evaluation runs on the queue").

    .venv/bin/python benchmarks/bench_run_queue.py [--repeat 5] [--replicates 10000] [--timeout 5]

Sets up the embedded default in a throwaway directory (dev settings, the SQLite database and huey's SQLite
queue under it; ``DATABASE_URL`` is ignored), stores one year of the demo's synthetic values (1,869
counties × 26 columns), then measures

1. **the POST that starts a run**: ``POST /api/evaluations/runs`` as the ministry (``--replicates``
   uncertainty replicates; each with another seed), wall time until the response — the run is queued, the
   computation is the worker's;
2. **a killed worker**: a real consumer (``manage.py run_huey``) takes a run of ``--replicates`` replicates;
   at 40 % (the uncertainty analysis) the consumer is killed with SIGKILL; the run page's progress poll is
   read every 0.2 s until the run reads "failed" (heartbeat every 1 s, ``EVALUATION_HEARTBEAT_TIMEOUT`` =
   ``--timeout`` seconds): the time from the kill to the failed status;
3. **retry**: a new consumer, the run retried (second attempt) until it succeeds: its wall time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
WORKDIR = Path(tempfile.mkdtemp(prefix="bench-run-queue-"))
os.environ.update(DJANGO_SETTINGS_MODULE="innocounty.web.settings.dev", INNOCOUNTY_VAR_DIR=str(WORKDIR),
                  EVALUATION_HEARTBEAT_SECONDS="1")
os.environ.pop("HUEY_REDIS_URL", None)
os.environ.pop("DATABASE_URL", None)
# The production pair instead (issue 13, "Faults"): an empty PostgreSQL database and a Redis of its own.
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
if os.environ.get("BENCH_HUEY_REDIS_URL"):
    os.environ["HUEY_REDIS_URL"] = os.environ["BENCH_HUEY_REDIS_URL"]


def machine() -> str:
    from django.db import connection

    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    return (f"{platform.node()} · nproc {os.cpu_count()} · {cpu} · Python {platform.python_version()} · "
            f"{connection.vendor} · load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def setup_data():
    from django.core.management import call_command

    from innocounty.accounts.models import Role, RoleAssignment, User
    from innocounty.evaluations import demo
    from innocounty.evaluations.demo_values import DEMO_SEED, CountySeed, generate
    from innocounty.regions.models import County

    call_command("migrate", verbosity=0)
    user = User.objects.create_user("ministry", password="bench-only-password-1")
    RoleAssignment.objects.create(user=user, role=Role.MINISTRY_OFFICER)
    framework = demo.demo_framework()
    counties = list(County.objects.eligible().select_related("province").order_by("code"))
    seeds = [CountySeed(c.code, c.province_id, c.prefecture_id, c.province.belt, c.unit_type) for c in counties]
    year = demo.DEMO_YEARS[-1]
    data = generate(seeds, [year], DEMO_SEED)
    data_round = demo._round(year, framework, user)
    demo._store_values(data_round, [c.code for c in counties], data[year], user)
    demo._accept_and_close(data_round, {s.province for s in seeds}, user)  # as the demo: values, then the story
    return user, framework, year, len(counties)


def consumer(timeout: float) -> subprocess.Popen:
    env = {**os.environ, "EVALUATION_HEARTBEAT_TIMEOUT": str(timeout)}
    return subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "run_huey", "--workers", "1", "--worker-type",
                             "thread"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_for(predicate, limit: float, step: float = 0.2):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise TimeoutError("condition not reached")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--replicates", type=int, default=10000)
    parser.add_argument("--timeout", type=float, default=5.0, help="EVALUATION_HEARTBEAT_TIMEOUT (seconds)")
    args = parser.parse_args()
    os.environ["EVALUATION_HEARTBEAT_TIMEOUT"] = str(args.timeout)

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from huey.contrib.djhuey import HUEY

    from innocounty.evaluations.forms import DEFAULT_METHOD
    from innocounty.evaluations.models import EvaluationRun, RunStatus

    assert not HUEY.immediate, "a real queue is expected"
    started = time.perf_counter()
    user, framework, year, counties = setup_data()
    print(machine())
    print(f"database {settings.DATABASES['default']['ENGINE']} · queue {type(HUEY).__name__} "
          f"{os.environ.get('HUEY_REDIS_URL') or WORKDIR / 'huey.sqlite3'}")
    print(f"setup: {counties} counties of {year} in {time.perf_counter() - started:.1f} s")

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)

    def post(seed: int) -> tuple[float, dict]:
        body = {"year": year, "framework_id": framework.pk, "method": DEFAULT_METHOD, "replicates": args.replicates,
                "seed": seed, "scope": "all"}
        t = time.perf_counter()
        response = client.post("/api/evaluations/runs", body, content_type="application/json")
        elapsed = time.perf_counter() - t
        assert response.status_code == 201, response.content[:300]
        return elapsed, response.json()

    post(999)  # warm-up (first request loads URLconf, templates, the engine modules)
    times = []
    for i in range(args.repeat):
        elapsed, body = post(1000 + i)
        assert body["status"] == "queued"
        times.append(elapsed)
    print(f"POST /api/evaluations/runs ({args.replicates} replicates) → 201 queued: median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms over {args.repeat}")
    HUEY.flush()
    EvaluationRun.objects.filter(status=RunStatus.QUEUED).delete()

    _elapsed, body = post(4242)
    run_id = body["id"]
    worker = consumer(args.timeout)
    run = wait_for(lambda: EvaluationRun.objects.filter(pk=run_id, status=RunStatus.RUNNING, progress__gte=40).first(),
                   600)
    time.sleep(2 * float(os.environ["EVALUATION_HEARTBEAT_SECONDS"]))  # a beat or two inside the long step
    os.kill(worker.pid, signal.SIGKILL)
    killed = time.perf_counter()
    worker.wait()
    print(f"worker killed at {run.progress}% ({run.progress_message}), pid {worker.pid}")

    def failed():
        response = client.get(f"/api/evaluations/runs/{run_id}/progress").json()
        return response if response["status"] == "failed" else None

    def rows() -> tuple[int, int, int]:
        run = EvaluationRun.objects.get(pk=run_id)
        return run.county_results.count(), run.indicator_results.count(), run.node_weights.count()

    print(f"result rows right after the kill (county, indicator, weights): {rows()} — never half-written")
    body = wait_for(failed, 120)
    print(f"killed worker → run failed: {time.perf_counter() - killed:.1f} s "
          f"(heartbeat every {os.environ['EVALUATION_HEARTBEAT_SECONDS']} s, timeout {args.timeout:.0f} s): {body['error']}")

    worker = consumer(args.timeout)
    try:
        t = time.perf_counter()
        assert client.post(f"/api/evaluations/runs/{run_id}/retry").status_code == 200
        wait_for(lambda: EvaluationRun.objects.filter(pk=run_id, status=RunStatus.SUCCEEDED).exists(), 1800, 0.5)
        done = EvaluationRun.objects.get(pk=run_id)
        print(f"retry (attempt {done.attempt}) succeeded after {time.perf_counter() - t:.1f} s "
              f"(computation {done.duration_seconds:.1f} s, {done.unit_count} counties)")
        county_rows = rows()[0]
        print(f"result rows after the retry: {rows()}; county rows == counties: {county_rows == done.unit_count}")
    finally:
        worker.send_signal(signal.SIGINT)
        worker.wait(30)
        shutil.rmtree(WORKDIR, ignore_errors=True)


if __name__ == "__main__":
    main()
