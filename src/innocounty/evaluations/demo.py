"""Demo step (``manage.py demo``): synthetic monitoring data (模拟数据) for 2019–2025 and one published
evaluation run per year.

For each year: a closed data round under the provisional framework, every province's submission
accepted, one national "upload" named 模拟数据（演示） as the provenance of every value, the values of
every county of an eligible unit type (:mod:`innocounty.evaluations.demo_values`; the counties of the demo's
batches, :mod:`innocounty.evaluations.demo_cohorts`, carry the planted programme effect from the year after
their approval), then a run with
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

from innocounty.accounts.models import Role, RoleAssignment, User
from innocounty.common import clock
from innocounty.evaluations.bulk import insert_rows
from innocounty.evaluations.demo_cohorts import approval_years
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
from innocounty.workflow.adapter import apply_transition

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


def _at(year: int, month: int, day: int, hour: int = 10):
    return clock.at(dt.datetime(year, month, day, hour, tzinfo=clock.CHINA))


def _round(year: int, framework: Framework, user: User) -> DataRound:
    """The round of ``year``, opened by the ministry in January of the next year (the story's date)."""
    existing = DataRound.objects.filter(year=year).first()
    if existing is not None:
        return existing
    with _at(year + 1, 1, 10):
        return DataRound.objects.create(year=year, framework=framework, deadline=dt.date(year + 1, 3, 31),
                                        notes=f"{DEMO_LABEL}。", opened_by=user)  # fmt: skip


def _province_officer(code: str) -> User:
    """The province's officer who submits its data (a demo account without a usable password if none)."""
    officer = User.objects.filter(role_assignments__role=Role.PROVINCIAL_OFFICER, role_assignments__province_id=code,
                                  is_active=True).first()  # fmt: skip
    if officer is not None:
        return officer
    officer, created = User.objects.get_or_create(username=f"demo_province_{code}",
                                                  defaults={"display_name": f"{code}省级科技管理部门（演示）"})  # fmt: skip
    if created:
        officer.set_unusable_password()
        officer.save()
        RoleAssignment.objects.create(user=officer, role=Role.PROVINCIAL_OFFICER, province_id=code)
    return officer


def _accept_and_close(data_round: DataRound, provinces: set[str], user: User) -> None:
    """The story of a round, through the workflow adapter: each province submits its data by the end of
    March, the ministry accepts it in early April and closes the round at the end of April."""
    if data_round.status == RoundStatus.CLOSED:
        return
    next_year = data_round.year + 1
    for i, code in enumerate(sorted(provinces)):
        submission, _ = ProvinceSubmission.objects.get_or_create(data_round=data_round, province_id=code)
        if submission.state in (SubmissionState.DRAFT, SubmissionState.RETURNED):
            with _at(next_year, 3, 20 + i % 10, 9 + i % 8):
                _act(_province_officer(code), submission, "submit", "submission")
        if submission.state == SubmissionState.SUBMITTED:
            with _at(next_year, 4, 2 + i % 10, 9 + i % 8):
                _act(user, submission, "accept", "submission")
    with _at(next_year, 4, 30, 17):
        _act(user, data_round, "close", "data_round")


def _act(user, subject, name: str, kind: str) -> None:
    outcome = apply_transition(user, subject, name, {"confirm": True}, kind=kind)
    if not outcome.allowed:
        raise RuntimeError(f"demo step {kind}.{name} on {subject} refused: {'；'.join(outcome.decision.messages)}")


def _store_values(data_round: DataRound, codes: list[str], columns: dict[str, np.ndarray], user: User) -> int:
    """Replace the demo upload's values of the round; counties that hold other values keep them."""
    payload = repr(sorted((k, v.tolist()) for k, v in columns.items())).encode()
    old = Upload.objects.filter(data_round=data_round, original_name=SYNTHETIC_SOURCE)
    IndicatorValue.objects.filter(upload__in=old).delete()
    old.delete()
    now = clock.now()
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
    data = generate(seeds, DEMO_YEARS, DEMO_SEED, approvals=approval_years((c.code, c.province_id) for c in counties))
    created_values = runs_made = 0
    for year in DEMO_YEARS:
        columns = data[year]
        with transaction.atomic():
            data_round = _round(year, framework, user)
            fresh = not _has_demo_values(data_round, len(codes) * len(columns))
            if fresh:
                with _at(year + 1, 3, 15):
                    created_values += _store_values(data_round, codes, columns, user)
            _accept_and_close(data_round, {s.province for s in seeds}, user)
        if fresh or _published_demo_run(year) is None:
            previous = _published_demo_run(year)
            with _at(year + 1, 5, 20):  # the year's evaluation, run and published after the round closed
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
