"""Benchmark: evaluation runs end to end (docs/performance.md, "Evaluation runs").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_runs.py

Creates a throwaway test database (``test_<name>``, dropped at the end; the regions fixture is loaded by
migration), builds the full demo data with ``innocounty.evaluations.demo.build`` (1,869 counties × 23
indicators + 3 unit-data columns × 7 years, one published 200-replicate run per year) and times it, then
times ``--repeat`` runs of the latest year through the real service path: ``start_run`` (build the input
from the database, engine with 1,000 uncertainty replicates, bulk store of ~45,000 rows, checksums) and
``publish_run``. A final pass times the phases separately. Wall and CPU (process) times are printed,
with the machine's load average: on a shared machine the CPU time is the better guide.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocounty.web.settings.test")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402


def timed(fn):
    wall, cpu = time.perf_counter(), time.process_time()
    value = fn()
    return value, time.perf_counter() - wall, time.process_time() - cpu


def machine() -> str:
    cpu = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if line.startswith("model name")), "")
    return (f"{platform.node()} · nproc {os.cpu_count()} · {cpu} · Python {platform.python_version()} · "
            f"{connection.vendor} {connection.Database.__version__ if hasattr(connection.Database, '__version__') else ''}"
            f" · load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--replicates", type=int, default=1000)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run_benchmark(args)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run_benchmark(args) -> None:
    from django.urls import reverse

    from innocounty.accounts.models import Role, RoleAssignment, User
    from innocounty.evaluations import demo
    from innocounty.evaluations.compute import compute
    from innocounty.evaluations.forms import DEFAULT_METHOD
    from innocounty.evaluations.inputs import build_input
    from innocounty.evaluations.models import DataScope, EvaluationRun, RunStatus
    from innocounty.evaluations.runs import execute_run, publish_run, start_run
    from innocounty.evaluations.storage import checksums, county_rows, indicator_rows, node_rows, write_rows

    reverse("evaluations:runs")  # load the URL configuration outside the timings
    print(machine())
    user = User.objects.create_user("ministry", password="benchmark-only-123")
    RoleAssignment.objects.create(user=user, role=Role.MINISTRY_OFFICER)
    out = io.StringIO()
    _, wall, cpu = timed(lambda: demo.build(out))
    print(f"demo build (7 years of values + 7 published runs × {demo.DEMO_REPLICATES} replicates): "
          f"wall {wall:.2f} s, CPU {cpu:.2f} s\n  {out.getvalue().strip()}")
    _, wall, cpu = timed(lambda: demo.build(io.StringIO()))
    print(f"demo build again (idempotent, nothing to do): wall {wall:.2f} s, CPU {cpu:.2f} s")

    year, framework = demo.DEMO_YEARS[-1], demo.demo_framework()
    walls, cpus = [], []
    for i in range(args.repeat):
        def end_to_end(seed=i):
            run = start_run(user, year, framework, DEFAULT_METHOD, args.replicates, seed, scope=DataScope.ALL,
                            run_now=execute_run)
            assert run.status == RunStatus.SUCCEEDED, run.error
            return publish_run(user, run)
        run, wall, cpu = timed(end_to_end)
        walls.append(wall)
        cpus.append(cpu)
        print(f"run {i + 1}: {run.unit_count} counties, {args.replicates} replicates, start → published: "
              f"wall {wall:.2f} s, CPU {cpu:.2f} s")
    print(f"END TO END (median of {args.repeat}): wall {statistics.median(walls):.2f} s "
          f"(min {min(walls):.2f}), CPU {statistics.median(cpus):.2f} s — bar 10 s")

    run_input, w_in, c_in = timed(lambda: build_input(year, framework, DataScope.ALL))
    computed, w_c, c_c = timed(lambda: compute(run_input.frame, run_input.framework, DEFAULT_METHOD,
                                               args.replicates, 1))

    def rows():
        counties = county_rows(computed, run_input)
        indicators = indicator_rows(computed, run_input, counties)
        nodes = node_rows(computed)
        return counties, indicators, nodes, checksums(counties, indicators, nodes)
    (counties, indicators, nodes, _), w_r, c_r = timed(rows)
    scratch = EvaluationRun.objects.create(year=year, framework=framework, seed=1, created_by=user)

    def write():
        with transaction.atomic():
            write_rows(scratch, counties, indicators, nodes)
    _, w_w, c_w = timed(write)
    print("phases:")
    for label, wall, cpu in [("read values, build the engine input", w_in, c_in),
                             (f"engine: pipeline, groups, eligibility, {args.replicates} replicates", w_c, c_c),
                             ("result rows + checksums", w_r, c_r),
                             (f"bulk insert ({len(counties)} + {len(indicators)} + {len(nodes)} rows)", w_w, c_w)]:
        print(f"  {label:<62} wall {wall:6.2f} s  CPU {cpu:6.2f} s")
    print(machine())


if __name__ == "__main__":
    main()
