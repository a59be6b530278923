"""Statistical audit benchmark (issue 12): the audit of one national run (the demo generator's values for every
non-district county, 23 indicators, the platform's default method) and the size of its stored JSON.

    .venv/bin/python benchmarks/bench_audit.py [--repeat 7]

Prints the engine run's time (for scale), the audit's min and median wall time, and the JSON size.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import pandas as pd  # noqa: E402

from innocounty.evaluation.pipeline import evaluate  # noqa: E402
from innocounty.evaluation.statistical_audit import audit  # noqa: E402
from innocounty.evaluations.demo_values import CountySeed, generate  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    data = ROOT / "src/innocounty/regions/data"
    doc = json.loads(Path(sorted(glob.glob(str(data / "divisions-*.json")))[-1]).read_text(encoding="utf-8"))
    belts = dict(line.split(",")[:3:2] for line in (data / "provinces.csv").read_text(encoding="utf-8").splitlines()[1:])
    seeds = [CountySeed(r[0], r[4], r[3], belts.get(r[4], "central"), r[2]) for r in doc["counties"] if r[2] != "市辖区"]
    frame = pd.DataFrame(generate(seeds, [2024])[2024])
    frame.insert(0, "code", [s.code for s in seeds])
    frame.insert(1, "province", [s.province for s in seeds])
    started = time.perf_counter()
    result = evaluate(frame, "provisional-23", {})
    engine = time.perf_counter() - started
    times = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        report = audit(result)
        times.append(time.perf_counter() - started)
    size = len(json.dumps(report, allow_nan=False, separators=(",", ":")))
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.2f}, Python {sys.version.split()[0]}")
    print(f"units {len(seeds)}, indicators 23: engine run {engine:.3f} s; audit min {min(times) * 1000:.1f} ms, "
          f"median {statistics.median(times) * 1000:.1f} ms; stored JSON {size / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
