"""Engine benchmark (issue 3): wall time of the whole CLI process and of the library call on 1,900 units ×
23 indicators in 5 dimensions, 31 provinces, ~1% missing values.

    .venv/bin/python benchmarks/bench_engine.py [--repeat 5] [--units 1900] [--replicates 1000]

Prints one line per measurement: min and median wall time, CPU time (user + sys) and peak RSS of the child
process, plus the machine (nproc, CPU model, load average, Python and numpy versions). Bytecode is cached under
var/pycache (PYTHONPYCACHEPREFIX) so that start-up is measured as on an installed system even when the
environment sets PYTHONDONTWRITEBYTECODE.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from synthetic import make_units  # noqa: E402


def machine() -> str:
    model = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy

    return (f"nproc={os.cpu_count()} cpu={model!r} python={platform.python_version()} numpy={numpy.__version__} "
            f"loadavg={os.getloadavg()[0]:.2f}")


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(ROOT / "var" / "pycache")
    return env


def time_cli(args: list[str], repeat: int) -> tuple[list[float], list[float], int]:
    exe = ROOT / ".venv" / "bin" / "innocounty"
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "innocounty.cli"]
    env = child_env()
    subprocess.run(cmd + args, env=env, check=True, capture_output=True)   # warm the bytecode cache
    walls, cpus, rss = [], [], 0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd + args, env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        rss = max(rss, after.ru_maxrss)
    return walls, cpus, rss


def report(label: str, walls: list[float], cpus: list[float], rss_kb: int | None = None) -> None:
    extra = f"  peak RSS {rss_kb / 1024:.0f} MiB" if rss_kb else ""
    print(f"{label:<44} wall min {min(walls):.3f} s  median {statistics.median(walls):.3f} s  "
          f"cpu median {statistics.median(cpus):.3f} s{extra}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--units", type=int, default=1900)
    ap.add_argument("--replicates", type=int, default=1000)
    ap.add_argument("--sensitivity", type=int, default=0, help="also time --sensitivity N (0: skip)")
    ns = ap.parse_args()
    print(machine(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "units.csv"
        make_units(n_units=ns.units, n_provinces=31, missing=0.01).to_csv(data, index=False, na_rep="NA")
        print(f"data: {ns.units} units x 23 indicators, 5 dimensions, 31 provinces, ~1% missing ({data.stat().st_size}"
              " bytes)", flush=True)

        from innocounty.evaluation.pipeline import Engine, prepare
        from innocounty.evaluation.weights import resolve_weights

        walls, cpus = [], []
        for _ in range(ns.repeat + 1):
            c0, t0 = time.process_time(), time.perf_counter()
            engine, m = prepare(str(data), "provisional-23", {})
            engine.run(m, resolve_weights(engine.fw, m["weights"]))
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        report("library: read + validate + full pipeline", walls[1:], cpus[1:])
        walls, cpus = [], []
        for _ in range(ns.repeat):
            c0, t0 = time.process_time(), time.perf_counter()
            Engine(engine.data, engine.fw).run(m, resolve_weights(engine.fw, m["weights"]))
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        report("library: pipeline on loaded data (fresh engine)", walls, cpus)

        base = ["evaluate", str(data), "--framework", "provisional-23", "--out", str(Path(tmp) / "out")]
        report("CLI: full pipeline", *time_cli(base, ns.repeat))
        report(f"CLI: + uncertainty {ns.replicates} replicates",
               *time_cli(base + ["--uncertainty", str(ns.replicates), "--seed", "1"], ns.repeat))
        if ns.sensitivity:
            report(f"CLI: + sensitivity N={ns.sensitivity} (d=2)",
                   *time_cli(base + ["--sensitivity", str(ns.sensitivity), "--seed", "1"], max(1, ns.repeat // 2)))
    print(f"loadavg after: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
