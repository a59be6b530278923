"""Benchmark: validating and importing monitoring workbooks (docs/performance.md, "Monitoring import").

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_import.py

Creates a throwaway database (``innocounty_bench_import``, dropped at the end), with the regions fixture loaded by
migration when present (otherwise synthetic counties), and times, end to end through the same service
functions the pages and API call (file checks → read → validate → bulk import with revisions):

* a province workbook of 150 counties × 23 indicators (+3 unit-data columns), first import;
* the same province re-uploaded with every value changed (bulk update + revisions);
* a national workbook of 1,900 counties, first import;
* validation only (no database writes) of the national workbook.

Each figure is the median of ``--repeat`` runs (default 3), each into a fresh round.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocounty.web.settings.test")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

BENCH_DATABASE = "innocounty_bench_import"


def workbook(columns, codes, seed: int) -> bytes:
    rng = random.Random(seed)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "数据"
    keys = ["county_code", "county_name", "prefecture"] + [c.code for c in columns]
    for index, key in enumerate(keys, start=1):
        sheet.cell(1, index, key)
        sheet.cell(2, index, key)
        sheet.cell(3, index, "")
    for offset, code in enumerate(codes):
        row = [code, "", ""]
        for column in columns:
            if column.is_percent:
                row.append(round(rng.uniform(0.5, 60), 2))
            elif column.kind == "unit_data":
                row.append(round(rng.uniform(5, 150), 2))
            else:
                row.append(None if rng.random() < 0.03 else round(rng.lognormvariate(4, 1.2), 2))
        for index, value in enumerate(row, start=1):
            sheet.cell(4 + offset, index, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ensure_counties(n_nation: int):
    from innocounty.regions.models import County, Prefecture, Province

    if County.objects.count() >= n_nation:
        return "regions fixture"
    for p in range(13):
        province = Province.objects.create(code=f"{80 + p}", name=f"测试省{p}", short_name=f"测{p}", belt="east")
        prefecture = Prefecture.objects.create(code=f"{80 + p}0100", name="测试市", province=province)
        County.objects.bulk_create([
            County(code=f"{80 + p}{i // 100 + 1:02d}{i % 100:02d}", name=f"测试县{p}-{i}", unit_type="县",
                   prefecture=prefecture, province=province)
            for i in range(160)
        ])
    return "synthetic counties"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # a name of its own, so a concurrent test run's test_<name> database is never touched
    connection.settings_dict["TEST"]["NAME"] = BENCH_DATABASE
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run(repeat: int) -> None:
    from django.db.models import Count

    from innocounty.accounts.models import Role, RoleAssignment, User
    from innocounty.monitoring.columns import columns_for_framework
    from innocounty.monitoring.models import DataRound, Framework, ProvinceSubmission, UploadStatus
    from innocounty.monitoring.rounds import open_round
    from innocounty.monitoring.uploads import UploadedFile, import_nation_file, receive_upload, validate_file
    from innocounty.regions.models import County

    source = ensure_counties(1900)
    framework = Framework.objects.get(code="provisional-23", version="1")
    columns = columns_for_framework(framework)
    ministry = User.objects.create_user("bench-ministry")
    RoleAssignment.objects.create(user=ministry, role=Role.MINISTRY_OFFICER)
    biggest = (County.objects.values("province_id").annotate(n=Count("code")).order_by("-n").first())["province_id"]
    province_codes = list(County.objects.filter(province_id=biggest).order_by("code").values_list("code", flat=True)[:150])
    nation_codes = list(County.objects.order_by("code").values_list("code", flat=True)[:1900])
    officer = User.objects.create_user("bench-province")
    RoleAssignment.objects.create(user=officer, role=Role.PROVINCIAL_OFFICER, province_id=biggest)

    province_file = UploadedFile("province.xlsx", workbook(columns, province_codes, 1))
    changed_file = UploadedFile("province-changed.xlsx", workbook(columns, province_codes, 2))
    nation_file = UploadedFile("nation.xlsx", workbook(columns, nation_codes, 3))

    def fresh_round(year: int) -> DataRound:
        return open_round(ministry, year, framework, dt.date(year + 1, 3, 31))

    timings: dict[str, list[float]] = {"province": [], "province_update": [], "nation": [], "nation_validate": []}
    for i in range(repeat):
        data_round = fresh_round(2100 + 10 * i)
        submission = ProvinceSubmission.objects.get(data_round=data_round, province_id=biggest)
        start = time.perf_counter()
        upload = receive_upload(submission, officer, province_file)
        timings["province"].append(time.perf_counter() - start)
        assert upload.status == UploadStatus.IMPORTED, upload.report["issues"][:3]
        start = time.perf_counter()
        upload = receive_upload(submission, officer, changed_file)
        timings["province_update"].append(time.perf_counter() - start)
        assert upload.status in (UploadStatus.IMPORTED, UploadStatus.NEEDS_CONFIRMATION), upload.report["issues"][:3]

        nation_round = fresh_round(2205 + 10 * i)
        start = time.perf_counter()
        upload = import_nation_file(nation_round, ministry, nation_file, accept_warnings=True)
        timings["nation"].append(time.perf_counter() - start)
        assert upload.status == UploadStatus.IMPORTED, upload.report["issues"][:5]
        start = time.perf_counter()
        validate_file(nation_round, None, nation_file)
        timings["nation_validate"].append(time.perf_counter() - start)

    n_values = len(columns)
    print(f"database: {connection.vendor} · counties: {source} · {repeat} runs, median (min–max)")
    labels = {
        "province": f"province workbook, {len(province_codes)} counties × {n_values} columns, first import",
        "province_update": f"province re-upload, {len(province_codes)} counties, values changed (update + revisions)",
        "nation": f"national workbook, {len(nation_codes)} counties × {n_values} columns, first import",
        "nation_validate": f"national workbook, {len(nation_codes)} counties, validation only",
    }
    for key, label in labels.items():
        values = timings[key]
        print(f"{label}: {statistics.median(values):.2f} s ({min(values):.2f}–{max(values):.2f})")
    print(f"file sizes: province {len(province_file.data) / 1024:.0f} KiB, nation {len(nation_file.data) / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
