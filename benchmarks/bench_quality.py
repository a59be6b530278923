"""Data-quality screening benchmark (issue 12): a national round — 1,900 counties × 23 indicators plus the
unit data, last year's values beside it — checked with the shipped validation rules of provisional-23 and
screened for outliers (history and peers), as :func:`innocounty.monitoring.quality.check_round` does after
reading the values: from the (county, code, value) rows the database returns, to the list of violations and
flags.

    .venv/bin/python benchmarks/bench_quality.py [--repeat 7] [--units 1900]

Pure core (numpy/pandas), no database. Prints min and median wall time per stage and in total, the counts
found, and the machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from innocounty.evaluation.outliers import screen  # noqa: E402
from innocounty.evaluation.validation_rules import check_rules, shipped_rules  # noqa: E402
from innocounty.evaluations.demo_values import CountySeed, generate  # noqa: E402

BELTS = ("east", "central", "west")
TYPES = ("县", "县", "县", "县级市", "自治县")


def seeds(n: int) -> list[CountySeed]:
    rng = np.random.default_rng(7)
    out = []
    for i in range(n):
        province = f"{11 + i % 31:02d}"
        out.append(
            CountySeed(
                f"{province}{i:04d}",
                province,
                f"{province}{i % 7:02d}",
                BELTS[int(province) % 3],
                TYPES[int(rng.integers(0, len(TYPES)))],
            )
        )
    return out


def long_rows(counties: list[str], columns: dict[str, np.ndarray]) -> list[tuple]:
    return [
        (c, code, None if v != v else float(v))
        for code, values in columns.items()
        for c, v in zip(counties, values.tolist(), strict=True)
    ]


def to_frame(rows: list[tuple], codes: list[str]) -> pd.DataFrame:
    long = pd.DataFrame(rows, columns=["county", "code", "value"])
    return long.pivot(index="county", columns="code", values="value").astype(float).reindex(columns=codes)


def once(rows_now, rows_before, keys, codes, rules):
    t0 = time.perf_counter()
    current, previous = to_frame(rows_now, codes), to_frame(rows_before, codes)
    t1 = time.perf_counter()
    data = {c: current[c].to_numpy(dtype=float) for c in codes}
    violations = check_rules(rules, list(current.index), data)
    t2 = time.perf_counter()
    flags = screen(current, previous, keys.reindex(current.index))
    t3 = time.perf_counter()
    return (t1 - t0, t2 - t1, t3 - t2, t3 - t0), len(violations), len(flags)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--units", type=int, default=1900)
    args = parser.parse_args()
    counties = seeds(args.units)
    data = generate(counties, [2023, 2024])
    codes = sorted(data[2024])
    rules = shipped_rules("provisional-23", codes)
    names = [c.code for c in counties]
    # A few planted problems, as a real round has: unit slips and a broken share.
    planted = {k: v.copy() for k, v in data[2024].items()}
    planted["I03"][:5] *= 10_000
    planted["I02"][5:8] = 140.0
    rows_now, rows_before = long_rows(names, planted), long_rows(names, data[2023])
    keys = pd.DataFrame(
        {
            "province": [c.province for c in counties],
            "belt": [c.belt for c in counties],
            "unit_type": [c.unit_type for c in counties],
        },
        index=names,
    )
    once(rows_now, rows_before, keys, codes, rules)  # warm-up (imports, caches)
    timings, found = [], None
    for _ in range(args.repeat):
        t, v, f = once(rows_now, rows_before, keys, codes, rules)
        timings.append(t)
        found = (v, f)
    indicators = sum(1 for c in codes if c.startswith("I"))
    print(
        f"machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}, "
        f"numpy {np.__version__}, pandas {pd.__version__}, load {os.getloadavg()[0]:.2f}"
    )
    print(
        f"round: {args.units} counties × {indicators} indicators + {len(codes) - indicators} unit-data columns, "
        f"{len(rules)} rules; found {found[0]} violations, {found[1]} outlier flags"
    )
    for i, label in enumerate(
        ("rows → frames (this year, last year)", "validation rules", "outliers (history + peers)", "total")
    ):
        values = [t[i] for t in timings]
        print(f"{label:40s} min {min(values):.3f} s  median {statistics.median(values):.3f} s")


if __name__ == "__main__":
    main()
