"""Effect estimator benchmark: the staggered difference-in-differences on the full demo panel (every county of
an eligible unit type, 2019–2025, the engine's scores with the planted effect).

    .venv/bin/python benchmarks/bench_effect.py [--repeat 5]

Prints: the panel's size; the time to build it (synthetic values + the engine on seven years, not part of a
page view: the page reads stored results); the cold first estimate in a fresh process (import of pyfixest and
its dependencies included; bytecode cached under var/pycache as on an installed system); the warm estimate of
one outcome (min and median of --repeat) and of all six outcomes (the work of a cache miss on the page).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_engine import child_env, machine  # noqa: E402

OUTCOMES = ["INDEX", "D1", "D2", "D3", "D4", "D5"]
CHILD = """
import pickle, sys, time, warnings
warnings.simplefilter("ignore")
import pandas as pd
frame = pd.read_pickle(sys.argv[1])
t = time.perf_counter()
from innocounty.evaluation.effect import estimate
estimate(frame, "INDEX")
print(time.perf_counter() - t)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    from innocounty.evaluation.effect import estimate
    from innocounty.evaluations.demo_cohorts import approval_years
    from innocounty.evaluations.demo_panel import county_seeds, engine_panel

    print(machine())
    seeds = county_seeds()
    approvals = approval_years((s.code, s.province) for s in seeds)
    started = time.perf_counter()
    frame = engine_panel(seeds, list(range(2019, 2026)), approvals)
    built = time.perf_counter() - started
    print(f"panel: {frame['county'].nunique()} counties × {frame['year'].nunique()} years = {len(frame)} rows, "
          f"{sum(1 for y in approvals.values() if y == 2023)} treated (2023), built in {built:.2f} s")  # fmt: skip
    path = ROOT / "var" / "bench_effect_panel.pkl"
    path.parent.mkdir(exist_ok=True)
    frame.to_pickle(path)
    env = child_env()
    env["PYTHONPATH"] = str(ROOT / "src")
    subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, check=True, capture_output=True)  # warm pyc
    cold = [float(subprocess.run([sys.executable, "-c", CHILD, str(path)], env=env, check=True, capture_output=True,
                                 text=True).stdout.strip()) for _ in range(max(1, args.repeat // 2))]  # fmt: skip
    print(f"cold first estimate (fresh process, import included): min {min(cold):.2f} s, "
          f"median {statistics.median(cold):.2f} s")
    estimate(frame, "INDEX")  # warm up in this process
    one, six = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        result = estimate(frame, "INDEX")
        one.append(time.perf_counter() - t)
        t = time.perf_counter()
        for outcome in OUTCOMES:
            estimate(frame, outcome)
        six.append(time.perf_counter() - t)
    print(f"warm estimate, one outcome: min {min(one):.3f} s, median {statistics.median(one):.3f} s "
          f"(n_obs {result.n_obs}, {result.n_treated} treated, {result.n_controls} controls)")
    print(f"warm estimate, all six outcomes: min {min(six):.3f} s, median {statistics.median(six):.3f} s")
    os.remove(path)


if __name__ == "__main__":
    main()
