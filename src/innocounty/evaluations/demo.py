"""Demo step (``manage.py demo``): synthetic monitoring data (模拟数据) for 2019–2025 and one published
evaluation run per year.

For each year: a closed data round under the provisional framework, every province's submission
accepted, one national "upload" named 模拟数据（演示） as the provenance of every value, the values of
every county of an eligible unit type (:mod:`innocounty.evaluations.demo_values`), then a run with
``DEMO_REPLICATES`` uncertainty replicates (fewer than the default 1000, for speed; the run page says
how many), published. Idempotent: a year whose synthetic values and published run exist is skipped;
missing pieces are (re)built. Values other than the demo's are never touched.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time

import numpy as np
from django.db import transaction
from django.utils import timezone

from innocounty.accounts.models import Role, User
from innocounty.common.states import seeding_states
from innocounty.evaluations.bulk import insert_rows
from innocounty.evaluations.demo_values import DEMO_SEED, CountySeed, generate
from innocounty.evaluations.forms import DEFAULT_METHOD
from innocounty.evaluations.inputs import SYNTHETIC_SOURCE
from innocounty.evaluations.models import DataScope, EvaluationRun, RunStatus
from innocounty.evaluations.runs import execute_run, publish_run, start_run
from innocounty.monitoring.models import (
    DataRound,
    Framework,
    IndicatorValue,
    ProvinceSubmission,
    RoundStatus,
    SubmissionState,
    Upload,
    UploadStatus,
)
from innocounty.regions.models import County

DEMO_YEARS = list(range(2019, 2026))
DEMO_REPLICATES = 200
DEMO_RUN_SEED = 2026
DEMO_FRAMEWORK = "provisional-23"
DEMO_LABEL = "演示：模拟数据（非真实统计数据）"


def demo_user() -> User:
    user = User.objects.filter(username="ministry").first() or User.objects.filter(
        role_assignments__role=Role.MINISTRY_OFFICER, is_active=True).first()
    if user is None:
        raise RuntimeError("演示数据需要一个科技部工作人员账户（先运行 manage.py demo 创建演示账户）")
    return user


def demo_framework() -> Framework:
    return Framework.objects.filter(code=DEMO_FRAMEWORK).order_by("-status", "pk").first() or \
        Framework.objects.get(code=DEMO_FRAMEWORK, version="1")


def _round(year: int, framework: Framework, user: User) -> DataRound:
    with seeding_states():  # demo data: a past round loaded as already closed
        data_round, _ = DataRound.objects.get_or_create(year=year, defaults={
            "framework": framework, "deadline": dt.date(year + 1, 3, 31), "status": RoundStatus.CLOSED,
            "notes": f"{DEMO_LABEL}。", "opened_by": user,
        })
    return data_round


def _accept_all(data_round: DataRound, provinces: set[str], user: User) -> None:
    now = timezone.now()
    existing = set(data_round.submissions.values_list("province_id", flat=True))
    with seeding_states():  # demo data: the provinces' submissions loaded as already accepted
        ProvinceSubmission.objects.bulk_create([
            ProvinceSubmission(data_round=data_round, province_id=p, state=SubmissionState.ACCEPTED,
                               submitted_at=now, submitted_by=user, reviewed_at=now, reviewed_by=user)
            for p in sorted(provinces - existing)
        ])


def _store_values(data_round: DataRound, codes: list[str], columns: dict[str, np.ndarray], user: User) -> int:
    """Replace the demo upload's values of the round; counties that hold other values keep them."""
    payload = repr(sorted((k, v.tolist()) for k, v in columns.items())).encode()
    old = Upload.objects.filter(data_round=data_round, original_name=SYNTHETIC_SOURCE)
    IndicatorValue.objects.filter(upload__in=old).delete()
    old.delete()
    now = timezone.now()
    upload = Upload.objects.create(
        data_round=data_round, uploaded_by=user, original_name=SYNTHETIC_SOURCE, size=len(payload),
        sha256=hashlib.sha256(payload).hexdigest(), status=UploadStatus.IMPORTED, row_count=len(codes),
        imported_at=now, report={"note": DEMO_LABEL},
    )
    taken = set(IndicatorValue.objects.filter(data_round=data_round).values_list("county_id", "code"))
    names = list(columns)
    matrix = np.column_stack([columns[name] for name in names]).tolist()
    rows = [
        {"data_round_id": data_round.pk, "county_id": county, "code": code,
         "value": None if value != value else float(value), "upload_id": upload.pk, "updated_by_id": user.pk,
         "updated_at": now}
        for i, county in enumerate(codes) for code, value in zip(names, matrix[i], strict=True)
        if (county, code) not in taken
    ]  # county-major order, as the table's indexes are: inserts stay local in the B-trees
    insert_rows(IndicatorValue, rows)
    Upload.objects.filter(pk=upload.pk).update(values_created=len(rows))
    return len(rows)


def _has_demo_values(data_round: DataRound, expected: int) -> bool:
    upload = Upload.objects.filter(data_round=data_round, original_name=SYNTHETIC_SOURCE).first()
    return upload is not None and upload.values_created == expected and \
        IndicatorValue.objects.filter(upload=upload).count() == expected


def _published_demo_run(year: int) -> EvaluationRun | None:
    return EvaluationRun.objects.filter(year=year, published=True, status=RunStatus.SUCCEEDED,
                                        synthetic_data=True).order_by("-published_at").first()


def build(stdout) -> None:
    started = time.perf_counter()
    user = demo_user()
    framework = demo_framework()
    counties = list(County.objects.eligible().select_related("province").order_by("code"))
    seeds = [CountySeed(c.code, c.province_id, c.prefecture_id, c.province.belt, c.unit_type) for c in counties]
    codes = [c.code for c in counties]
    data = generate(seeds, DEMO_YEARS, DEMO_SEED)
    created_values = runs_made = 0
    for year in DEMO_YEARS:
        columns = data[year]
        with transaction.atomic():
            data_round = _round(year, framework, user)
            _accept_all(data_round, {s.province for s in seeds}, user)
            fresh = not _has_demo_values(data_round, len(codes) * len(columns))
            if fresh:
                created_values += _store_values(data_round, codes, columns, user)
        if fresh or _published_demo_run(year) is None:
            previous = _published_demo_run(year)
            run = start_run(user, year, data_round.framework, DEFAULT_METHOD, DEMO_REPLICATES, DEMO_RUN_SEED,
                            scope=DataScope.ALL, label=DEMO_LABEL, supersedes=previous, run_now=execute_run)
            if run.status != RunStatus.SUCCEEDED:
                stdout.write(f"  {year} 年度演示评价失败：{run.error}")
                continue
            publish_run(user, run, public_visible=True, confirm=True)
            runs_made += 1
    seconds = time.perf_counter() - started
    stdout.write(f"评价运行演示数据（模拟数据）：{len(codes)} 个县（市）× {len(DEMO_YEARS)} 年，新写入 {created_values} "
                 f"个指标值，新发布 {runs_made} 次评价运行（每次 {DEMO_REPLICATES} 次不确定性重复），用时 {seconds:.1f} 秒")
