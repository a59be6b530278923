"""Hostile-workbook benchmark (issue 8, items 4, 5, 17): time and memory of answering an upload.

    .venv/bin/python benchmarks/bench_hostile_workbook.py [--repeat 3] [--only NAME]

Builds the files of ``hostile_files.py`` (a valid province file of 200 counties, 400 rows of bad cells — the
whole bounded area — the 20,000-row last-column workbook of the report, 70,000 bad rows,
DOCTYPE / external entity / truncated sheet, a 64 MiB sheet inside a small ZIP, a national workbook of
legitimate size) and answers each one as the server does — the common file checker, the bounded read, every
rule, the stored report (JSON) — with the provisional framework and the counties in scope given by hand
(no database: the platform adds four small queries). Each measurement runs in a fresh child process and
prints the wall time (min and median over the repeats), the child's peak RSS (``ru_maxrss``) above its RSS
after imports, the peak of Python allocations (``tracemalloc``, a separate run), the outcome and the size of
the stored report. The machine (nproc, CPU model, load average) is printed first.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ["province_valid_200", "bad_rows_400", "last_column_20000", "bad_rows_70000", "doctype_entities", "external_entity", "truncated_sheet",
         "sheet_64mib_in_small_zip", "national_valid_2900"]

CHILD = r"""
import json, os, resource, sys, time, tracemalloc
sys.path[:0] = [{src!r}, {bench!r}]
os.environ["DJANGO_SETTINGS_MODULE"] = "innocounty.web.settings.test"
import django
django.setup()
from innocounty.evaluation.framework import load_framework
from innocounty.monitoring.columns import IDENTITY_COLUMNS, columns_for_nodes
from innocounty.monitoring.uploads import check_upload_file
from innocounty.monitoring.validation import CountyRef, ValidationContext, validate_workbook
from innocounty.monitoring.workbook import ReadBounds, read_workbook
from innocounty.monitoring.issues import ValidationReport

fw = load_framework("provisional-23")
columns = columns_for_nodes(
    {{"code": c, "name": fw.nodes[c].name, "unit": fw.nodes[c].unit, "denominator": fw.nodes[c].denominator or "",
      "extra": fw.nodes[c].extra}} for c in fw.indicators)
in_scope = {scope}
counties = {{f"{{130000 + i:06d}}": CountyRef(f"{{130000 + i:06d}}", f"县{{i}}", "13") for i in range(in_scope)}}
context = ValidationContext(columns=columns, counties=counties, provinces={{"13": "河北省"}},
                            province_names={{"13": "河北省"}})
data = open({path!r}, "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
trace = {trace}
if trace:
    tracemalloc.start()
start = time.perf_counter()
bounds = ReadBounds.for_template(len(IDENTITY_COLUMNS) + len(columns), in_scope)
refusal = check_upload_file("upload.xlsx", data, 5 * 1024 * 1024, None, bounds.part_bytes)
if refusal:
    report = ValidationReport(issues=refusal)
else:
    report = validate_workbook(read_workbook(data, bounds), context)
stored = json.dumps(report.as_dict(), ensure_ascii=False)
elapsed = time.perf_counter() - start
peak = tracemalloc.get_traced_memory()[1] if trace else 0
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rules = sorted({{i.rule for i in report.issues}})
print(json.dumps({{"seconds": elapsed, "rss_kib": after, "rss_base_kib": before, "traced": peak,
                   "errors": len(report.errors), "rows": len(report.rows), "rules": rules[:4],
                   "stored_bytes": len(stored.encode())}}))
"""


def build(name: str, keys: list[str], n_values: int) -> tuple[bytes, int]:
    """The file's bytes and the number of counties in scope (a large province, or the nation)."""
    import hostile_files as hostile

    values = [5.0] * n_values
    good = hostile.plain_workbook(keys, [[f"{130000 + i:06d}", f"县{i}", "", *values] for i in range(200)])
    if name == "province_valid_200":
        return good, 200
    if name == "bad_rows_400":
        return hostile.bad_rows(keys, 400), 200
    if name == "last_column_20000":
        return hostile.last_column_rows(keys, 20_000), 200
    if name == "bad_rows_70000":
        return hostile.bad_rows(keys, 70_000), 200
    if name == "doctype_entities":
        return hostile.with_doctype(good), 200
    if name == "external_entity":
        return hostile.with_external_entity(good), 200
    if name == "truncated_sheet":
        return hostile.truncated_sheet(good), 200
    if name == "sheet_64mib_in_small_zip":
        body = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c><c r="B{r}"><v>1</v></c><c r="C{r}"><v>1</v></c>'
                       f'<c r="D{r}"><v>1</v></c></row>' for r in range(1, 450_000))
        xml = hostile._sheet_xml(body)
        return hostile.rebuild(good, replace=lambda n, c: xml if n == hostile.SHEET else c), 200
    if name == "national_valid_2900":
        rows = [[f"{130000 + i:06d}", f"县{i}", "", *values] for i in range(2900)]
        return hostile.plain_workbook(keys, rows), 2900
    raise SystemExit(f"unknown file {name}")


def machine() -> str:
    model = ""
    with contextlib.suppress(OSError), open("/proc/cpuinfo") as cpuinfo:
        model = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "")
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"nproc={os.cpu_count()} cpu={model!r} load={load} python={platform.python_version()}"


def measure(path: Path, scope: int, trace: bool) -> dict:
    code = CHILD.format(src=str(ROOT / "src"), bench=str(ROOT / "benchmarks"), scope=scope, path=str(path),
                        trace=trace)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-2000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def build_file(name: str, path: str) -> None:
    """Child process: write the file (building it may take hundreds of MiB; the measuring children must not
    inherit that memory) and print the number of counties in scope."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT / "benchmarks")]
    from innocounty.evaluation.framework import load_framework

    fw = load_framework("provisional-23")
    keys = ["county_code", "county_name", "prefecture", "population_10k", "gdp_100m", "enterprises_1k", *fw.indicators]
    data, scope = build(name, keys, len(keys) - 3)
    Path(path).write_bytes(data)
    print(scope)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", choices=FILES)
    parser.add_argument("--build", nargs=2, metavar=("NAME", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build:
        return build_file(*args.build)
    print(machine())
    print("| file | size | wall min | wall median | peak RSS (child) | above start | peak traced | outcome | stored report |")
    print("|---|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in [args.only] if args.only else FILES:
            path = Path(tmp) / f"{name}.xlsx"
            built = subprocess.run([sys.executable, __file__, "--build", name, str(path)], capture_output=True,
                                   text=True, check=True)
            scope = int(built.stdout.strip())
            runs = [measure(path, scope, trace=False) for _ in range(args.repeat)]
            traced = measure(path, scope, trace=True)
            times = [r["seconds"] for r in runs]
            total = max(r["rss_kib"] for r in runs) / 1024
            above = max(r["rss_kib"] - r["rss_base_kib"] for r in runs) / 1024
            first = runs[0]
            outcome = f"{first['errors']} errors ({', '.join(first['rules'])})" if first["errors"] else \
                f"{first['rows']} rows, no error"
            print(f"| {name} | {path.stat().st_size / 1024:.0f} KiB | {min(times):.3f} s | "
                  f"{statistics.median(times):.3f} s | {total:.0f} MiB | {above:.0f} MiB | "
                  f"{traced['traced'] / 1048576:.1f} MiB | {outcome} | {first['stored_bytes'] / 1024:.1f} KiB |",
                  flush=True)
    print(machine())


if __name__ == "__main__":
    main()
