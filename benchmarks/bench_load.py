"""Load test: counties writing and submitting while provinces review and the public browses
(docs/performance.md, "Load"; issue 13, "Load and faults").

    # PostgreSQL (a database of its own, with the demo data: see bench_publication_day.py)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/innocounty_load .venv/bin/python benchmarks/bench_load.py
    # the embedded SQLite default (a copy with the demo data)
    DATABASE_URL=sqlite:////tmp/innocounty_load.sqlite3 .venv/bin/python benchmarks/bench_load.py --counties 300
    # a fault during the load (docs/performance.md, "Faults"): restart the PostgreSQL cluster at 40% of the run
    ... bench_load.py --fault "pg_ctlcluster 15 main restart" --fault-at 0.4

Set-up (benchmarks/load_setup.py, in Django): a batch open today, ``--counties`` county officers with API
tokens, a province officer per province with a session. Then gunicorn (``--workers`` sync workers, the
production settings) serves, and a bounded asyncio client runs at once

* ``--writers`` county clients: each takes the next county and does what its officer does — create the
  application (POST /api/applications/), save the seven plan sections one by one (PUT …/sections/<key>, the
  editor's autosave), save the tasks, milestones and targets (PATCH …/plan), submit (POST
  …/transitions/submit, confirmed) — until every county is done;
* ``--reviewers`` province clients: the province's application list, the batch page, an application;
* ``--visitors`` anonymous clients: the national ranking and county profiles.

It prints per endpoint the requests, median/p95/max latency and the status codes, then checks the rows
against the answers: applications created == 201 answers, submitted == versions frozen == 200 submit
answers, no county with two applications, no application with two versions, the audit chain verifies,
and no 5xx anywhere (a 503 with Retry-After during a ``--fault`` is counted separately: it is the clean
answer). A client that met a 503 (or a dropped connection) waits ``Retry-After`` and sends again, as the
page's script and a well-behaved machine client do; the check then proves the retry made no duplicate.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_publication_day import free_port, start  # noqa: E402

PUBLIC = ["/rankings/", "/rankings/county/130123/", "/rankings/county/330523/", "/rankings/county/131022/"]


class Stats:
    def __init__(self) -> None:
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, Counter] = defaultdict(Counter)
        self.retries = Counter()

    def add(self, label: str, status: int, seconds: float) -> None:
        self.latencies[label].append(seconds)
        self.statuses[label][status] += 1

    def report(self) -> None:
        print(f"{'endpoint':44} {'requests':>8} {'median':>8} {'p95':>8} {'max':>8}  statuses")
        for label in sorted(self.latencies):
            values = sorted(self.latencies[label])
            p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
            codes = " ".join(f"{k}×{v}" for k, v in sorted(self.statuses[label].items()))
            print(f"{label:44} {len(values):8d} {statistics.median(values) * 1000:6.0f}ms {p95 * 1000:6.0f}ms "
                  f"{values[-1] * 1000:6.0f}ms  {codes}")  # fmt: skip
        if self.retries:
            print("retries after 503 / dropped connection:", dict(self.retries))


async def request(port: int, method: str, path: str, headers: dict, body: bytes = b"") -> tuple[int, bytes, dict]:
    """One HTTP/1.1 request on a new connection (gunicorn's sync workers close it after each answer)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        writer.write(f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept-Language: zh-hans\r\n"
                     f"Content-Length: {len(body)}\r\nConnection: close\r\n{head}\r\n".encode() + body)  # fmt: skip
        await writer.drain()
        status = int((await reader.readline()).split()[1])
        answer_headers = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            answer_headers[name.strip().lower()] = value.strip()
        data = await reader.read()
        return status, data, answer_headers
    finally:
        writer.close()


async def call(stats: Stats, port: int, label: str, method: str, path: str, headers: dict, payload=None,
               retries: int = 30):  # fmt: skip
    body = json.dumps(payload, ensure_ascii=False).encode() if payload is not None else b""
    if payload is not None:
        headers = {**headers, "Content-Type": "application/json"}
    for _ in range(retries):
        start = time.perf_counter()
        try:
            status, data, answer = await request(port, method, path, headers, body)
        except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
            stats.add(label, 0, time.perf_counter() - start)  # 0: the connection dropped (a restarting server)
            stats.retries[label] += 1
            await asyncio.sleep(1)
            continue
        stats.add(label, status, time.perf_counter() - start)
        if status != 503:
            return status, data
        stats.retries[label] += 1
        await asyncio.sleep(float(answer.get("retry-after", "1")))
    return status, data


def _mine(answer) -> bool:
    status, data = answer
    found = json.loads(data) if status == 200 else []
    _mine.last = found[0]["id"] if found else None
    return bool(found)


async def county_writer(queue: asyncio.Queue, port: int, plan: dict, stats: Stats, outcome: Counter) -> None:
    batch, payload = plan["batch"], plan["payload"]
    while True:
        try:
            county = queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        auth = {"Authorization": f"Bearer {county['token']}"}
        status, data = await call(stats, port, "POST /api/applications/ (create)", "POST", "/api/applications/",
                                  auth, {"batch_id": batch, "county_code": county["code"]})  # fmt: skip
        if status == 201:
            outcome["created"] += 1
            pk = json.loads(data)["id"]
        elif 400 <= status < 500 and outcome["created"] and _mine(await call(
                stats, port, "GET /api/applications/", "GET", f"/api/applications/?batch={batch}", auth)):
            outcome["create_already_there"] += 1  # a retried create whose first attempt had committed
            pk = _mine.last
        else:
            outcome[f"create_{status}"] += 1
            continue
        for key, html in payload["sections"].items():
            status, _ = await call(stats, port, "PUT /api/applications/{pk}/sections/{key}", "PUT",
                                   f"/api/applications/{pk}/sections/{key}", auth, {"html": html})  # fmt: skip
            outcome[f"section_{status}"] += 1
        status, _ = await call(stats, port, "PATCH /api/applications/{pk}/plan", "PATCH",
                               f"/api/applications/{pk}/plan", auth, payload["plan"])  # fmt: skip
        outcome[f"plan_{status}"] += 1
        status, data = await call(stats, port, "POST …/transitions/submit", "POST",
                                  f"/api/applications/{pk}/transitions/submit", auth, {"confirm": True})  # fmt: skip
        outcome[f"submit_{status}"] += 1
        if status not in (200,):
            outcome.setdefault("first_refusal", data.decode()[:300])


async def browser(port: int, paths: list[tuple[str, str]], headers: dict, stats: Stats, done: asyncio.Event,
                  offset: int) -> None:  # fmt: skip
    i = offset
    while not done.is_set():
        label, path = paths[i % len(paths)]
        i += 1
        await call(stats, port, label, "GET", path, headers, retries=1)


async def run(port: int, plan: dict, args) -> tuple[Stats, Counter, float]:
    stats, outcome = Stats(), Counter()
    queue: asyncio.Queue = asyncio.Queue()
    for county in plan["counties"]:
        queue.put_nowait(county)
    done = asyncio.Event()
    batch = plan["batch"]
    browsers = []
    for n in range(args.reviewers):
        officer = plan["provinces"][n % len(plan["provinces"])]
        paths = [("GET /applications/ (province)", f"/applications/?batch={batch}"),
                 ("GET /batches/{id}/ (province)", f"/batches/{batch}/")]  # fmt: skip
        browsers.append(browser(port, paths, {"Cookie": f"sessionid={officer['session']}"}, stats, done, n))
    public = [("GET /rankings/ (public)", PUBLIC[0])] + [("GET /rankings/county/{code}/ (public)", p) for p in PUBLIC[1:]]
    browsers += [browser(port, public, {}, stats, done, n) for n in range(args.visitors)]
    browse_tasks = [asyncio.create_task(b) for b in browsers]
    fault_task = asyncio.create_task(fault(args, len(plan["counties"]), queue)) if args.fault else None
    start = time.perf_counter()
    await asyncio.gather(*(county_writer(queue, port, plan, stats, outcome) for _ in range(args.writers)))
    elapsed = time.perf_counter() - start
    done.set()
    await asyncio.gather(*browse_tasks)
    if fault_task is not None:
        print("fault:", await fault_task)
    return stats, outcome, elapsed


async def fault(args, total: int, queue: asyncio.Queue) -> str:
    """Run the fault command once ``--fault-at`` of the counties were taken up."""
    while total - queue.qsize() < args.fault_at * total:
        await asyncio.sleep(0.2)
    started = time.perf_counter()
    proc = await asyncio.create_subprocess_shell(args.fault, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out, _ = await proc.communicate()
    return f"{args.fault!r} at {args.fault_at:.0%}: exit {proc.returncode} in {time.perf_counter() - started:.1f} s {out.decode()[-200:]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--counties", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=24, help="county clients at once")
    parser.add_argument("--reviewers", type=int, default=4)
    parser.add_argument("--visitors", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--fault", default="", help="a shell command run once during the load")
    parser.add_argument("--fault-at", type=float, default=0.4)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        raise SystemExit("set DATABASE_URL to a database of its own with the demo data (see the docstring)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innocounty.web.settings.production", "PYTHONPATH": str(ROOT / "src"),
           "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-secret-key-" + "x" * 40),
           "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost", "DJANGO_SECURE_SSL_REDIRECT": "false",
           # every simulated visitor comes from 127.0.0.1: the per-address public limit would count them as one
           "INNOCOUNTY_PUBLIC_RATE_LIMIT": os.environ.get("INNOCOUNTY_PUBLIC_RATE_LIMIT", "off"),
           # production needs the queue on Redis (nothing is queued by this load; a name of its own)
           "HUEY_REDIS_URL": os.environ.get("HUEY_REDIS_URL", "redis://127.0.0.1:6379/12"),
           "HUEY_NAME": os.environ.get("HUEY_NAME", "innocounty-bench-load")}  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    setup_file = Path(tempfile.mkstemp(suffix=".json")[1])
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load_setup.py"), "setup", str(args.counties), str(setup_file)],
                   env=env, cwd=ROOT, check=True)  # fmt: skip
    print(f"set-up: {args.counties} counties in {time.perf_counter() - started:.0f} s")
    plan = json.loads(setup_file.read_text())
    port = free_port()
    server = start(["-w", str(args.workers), "--worker-class", "sync", "--timeout", "60",
                    "innocounty.web.wsgi:application"], env, port)  # fmt: skip
    engine = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    try:
        print(f"load on {engine}: gunicorn {args.workers} sync workers; {args.writers} county clients, "
              f"{args.reviewers} province clients, {args.visitors} public clients; {os.cpu_count()} CPUs")  # fmt: skip
        stats, outcome, elapsed = asyncio.run(run(port, plan, args))
    finally:
        server.terminate()
        server.wait(timeout=30)
    stats.report()
    refusal = outcome.pop("first_refusal", None)
    print(f"{args.counties} counties written and submitted in {elapsed:.0f} s "
          f"({args.counties / elapsed * 60:.0f} counties/min); answers: {dict(sorted(outcome.items()))}")  # fmt: skip
    if refusal:
        print("first refused submit:", refusal)
    found = json.loads(subprocess.run([sys.executable, str(ROOT / "benchmarks" / "load_setup.py"), "check", str(setup_file)],
                                      env=env, cwd=ROOT, check=True, capture_output=True, text=True).stdout)  # fmt: skip
    print("rows:", found)
    five_xx = {label: n for label, codes in stats.statuses.items() for code, n in codes.items() if code >= 500 and code != 503}
    checks = {
        "no 5xx (503 with Retry-After excepted)": not five_xx,
        "applications == successful creates": found["applications"] == outcome["created"] + outcome["create_already_there"],
        "no county with two applications": found["counties_with_more_than_one"] == 0,
        "submitted == versions == 200 submits": found["submitted"] == found["versions"] == outcome["submit_200"],
        "no application with two versions": found["applications_with_more_than_one_version"] == 0,
        "one submit audit event per submit": found["submit_audit_events"] == outcome["submit_200"],
        "audit chain verifies": found["audit_chain_ok"],
    }  # fmt: skip
    for name, ok in checks.items():
        print(f"  {'ok ' if ok else 'FAIL'} {name}")
    if five_xx:
        print("  5xx:", five_xx)
    setup_file.unlink()
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
