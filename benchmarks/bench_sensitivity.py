"""Sensitivity analysis on the run form (issue 12): wall time of the engine's Saltelli analysis (methodology §9)
on a national table (1,900 units × 23 indicators, 31 provinces), default inputs (weights ±25 %, normalisation),
for the sample sizes the run form allows.

    .venv/bin/python benchmarks/bench_sensitivity.py [--n 50 100 200] [--nboot 200]

Prints one line per sample size: N, pipeline runs N(d + 2), wall time of ``run_sensitivity``.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from synthetic import make_units  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--nboot", type=int, default=200)
    ns = ap.parse_args()
    from innocounty.evaluation.pipeline import prepare
    from innocounty.evaluation.sensitivity import run_sensitivity
    from innocounty.evaluation.weights import resolve_weights

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "units.csv"
        make_units(n_units=1900, n_provinces=31, missing=0.01).to_csv(data, index=False, na_rep="NA")
        engine, m = prepare(str(data), "provisional-23", {})
        weights = resolve_weights(engine.fw, m["weights"])
        nominal = engine.run(m, weights)
        print(f"nproc={os.cpu_count()} loadavg={os.getloadavg()[0]:.2f}")
        for n in ns.n:
            t0 = time.perf_counter()
            res = run_sensitivity(
                engine, {**m, "sensitivity": {"n": n, "Nboot": ns.nboot, "seed": 1}}, weights, nominal
            )
            wall = time.perf_counter() - t0
            runs = n * (len(res.inputs) + 2)
            print(f"N={n} Nboot={ns.nboot} runs={runs} wall={wall:.2f}s")


if __name__ == "__main__":
    main()
