"""The evaluation-run service: start a run, execute it (the background task's body), publish it, compare two.

Every state change runs permission check → guard → change → audit event → notification in one
transaction. A run executes in the background (huey: on Redis in production, immediately in-process in
the embedded default); it reports its progress on the run row as it goes, and stores its results in
one transaction together with the status "succeeded". Any failure leaves the run "failed" with a
message in Chinese.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from innocounty.audit.chain import record
from innocounty.evaluation.errors import EvaluationError
from innocounty.evaluation.method import resolve_method
from innocounty.evaluations.compute import ENGINE_VERSION, compute
from innocounty.evaluations.inputs import RunInputError, build_input
from innocounty.evaluations.messages import engine_error_text
from innocounty.evaluations.models import CountyResult, DataScope, EvaluationRun, RunStatus
from innocounty.evaluations.permissions import can_compare_runs, can_publish_run, can_start_run
from innocounty.evaluations.storage import checksums, county_rows, indicator_rows, node_rows, write_rows
from innocounty.monitoring.notifications import ministry_officers, notify, provincial_officers

log = logging.getLogger("innocounty.evaluations")
MAX_REPLICATES = 10000


class RunRefused(Exception):
    """The action may not happen; ``reason`` says why; ``forbidden`` marks a permission refusal."""

    def __init__(self, reason: str, forbidden: bool = False):
        super().__init__(reason)
        self.reason = str(reason)
        self.forbidden = forbidden


def _check(decision) -> None:
    if not decision:
        raise RunRefused(decision.reason, forbidden=True)


def _run_url(run: EvaluationRun) -> str:
    return reverse("evaluations:run", args=[run.pk])


def start_run(user, year: int, framework, method: dict | None = None, replicates: int = 1000,
              seed: int | None = None, *, scope: str = DataScope.ACCEPTED, label: str = "",
              supersedes: EvaluationRun | None = None) -> EvaluationRun:
    """Create a queued run and hand it to the background queue; returns the run (maybe already finished)."""
    _check(can_start_run(user))
    method = dict(method or {})
    if not 0 <= int(replicates) <= MAX_REPLICATES:
        raise RunRefused(_("不确定性分析重复次数须在 0–%(max)d 之间。") % {"max": MAX_REPLICATES})
    try:
        resolve_method({k: v for k, v in method.items() if k != "uncertainty"})
    except EvaluationError as exc:
        raise RunRefused(engine_error_text(exc)) from None
    seed = secrets.randbelow(2**31) if seed is None else int(seed)
    with transaction.atomic():
        run = EvaluationRun.objects.create(
            year=year, framework=framework, data_scope=scope, label=label[:200], method_input=method,
            method=method, replicates=int(replicates), seed=seed, created_by=user, supersedes=supersedes,
            progress_message=gettext_noop("已进入队列"),
        )
        record(user, "evaluations.run.queued", run, after={
            "year": year, "framework": str(framework), "replicates": run.replicates, "seed": seed, "scope": scope,
        }, summary=f"发起{run}")
    enqueue_run(run)
    run.refresh_from_db()
    return run


def enqueue_run(run: EvaluationRun) -> None:
    from huey.contrib.djhuey import HUEY

    from innocounty.evaluations.tasks import run_evaluation_task

    if HUEY.immediate:
        run_evaluation_task(run.pk)
    else:
        transaction.on_commit(lambda: run_evaluation_task(run.pk))


def _progress(run_id: int):
    def report(percent: int, message: str) -> None:
        EvaluationRun.objects.filter(pk=run_id).update(progress=max(0, min(100, percent)),
                                                       progress_message=message[:200])
    return report


def execute_run(run_id: int) -> EvaluationRun:
    """Build the input, run the engine, store the results: the body of the background task."""
    claimed = EvaluationRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, started_at=timezone.now(), progress=1, progress_message=gettext_noop("读取监测数据"))
    run = EvaluationRun.objects.select_related("framework", "created_by").get(pk=run_id)
    if not claimed:
        return run
    report = _progress(run_id)
    try:
        run_input = build_input(run.year, run.framework, run.data_scope)
        computed = compute(run_input.frame, run_input.framework, run.method_input, run.replicates, run.seed,
                           report)
        report(88, gettext_noop("写入结果"))
        counties = county_rows(computed, run_input)
        indicators = indicator_rows(computed, run_input, counties)
        nodes = node_rows(computed)
        sums = checksums(counties, indicators, nodes)
        with transaction.atomic():
            write_rows(run, counties, indicators, nodes)
            EvaluationRun.objects.filter(pk=run_id).update(
                status=RunStatus.SUCCEEDED, progress=100, progress_message=gettext_noop("完成"), finished_at=timezone.now(),
                method=computed.method, config_sha256=computed.config_sha256, input_sha256=computed.input_sha256,
                result_checksums=sums, result_sha256=sums["combined"], engine_version=ENGINE_VERSION,
                applied_rules=computed.applied_rules, warnings=computed.warnings[:200], unit_count=len(counties),
                failed_replicates=computed.failed_replicates, synthetic_data=run_input.synthetic,
                data_round=run_input.data_round,
            )
            run.refresh_from_db()
            record(run.created_by, "evaluations.run.succeeded", run, after={
                "units": len(counties), "input_sha256": run.input_sha256, "config_sha256": run.config_sha256,
                "result_sha256": run.result_sha256,
            }, summary=f"{run}完成：{len(counties)} 个县（市）")
            _notify_finished(run)
    except (EvaluationError, RunInputError) as exc:
        _fail(run_id, exc if isinstance(exc, RunInputError) else engine_error_text(exc))
    except Exception as exc:  # anything else still ends the run, with the reason kept
        log.exception("evaluation run %s failed", run_id)
        _fail(run_id, f"内部错误：{type(exc).__name__}: {exc}")
    return EvaluationRun.objects.get(pk=run_id)


def _fail(run_id: int, message) -> None:
    with transaction.atomic():
        EvaluationRun.objects.filter(pk=run_id).update(
            status=RunStatus.FAILED, error=str(message), finished_at=timezone.now(), progress_message=gettext_noop("失败"))
        run = EvaluationRun.objects.select_related("created_by").get(pk=run_id)
        record(run.created_by, "evaluations.run.failed", run, after={"error": run.error},
               summary=f"{run}失败")
        _notify_finished(run)


def _notify_finished(run: EvaluationRun) -> None:
    if run.created_by is None:
        return
    if run.status == RunStatus.SUCCEEDED:
        title, body = f"{run}已完成", f"共 {run.unit_count} 个县（市）参评，可在运行详情页查看并发布。"
    else:
        title, body = f"{run}失败", run.error
    notify([run.created_by], title, body, _run_url(run))


def publish_run(user, run: EvaluationRun, *, public_visible: bool = False) -> EvaluationRun:
    """Publish a succeeded run: provinces and counties see it; ``public_visible`` opens it to the public.
    The run's framework is locked (monitoring's ``Framework.lock``)."""
    _check(can_publish_run(user, run))
    with transaction.atomic():
        run = EvaluationRun.objects.select_for_update().select_related("framework").get(pk=run.pk)
        if run.status != RunStatus.SUCCEEDED:
            raise RunRefused(_("只有已完成的评价运行才能发布。"))
        if run.published:
            raise RunRefused(_("该评价运行已发布。"))
        run.published, run.published_at, run.published_by = True, timezone.now(), user
        run.public_visible = bool(public_visible)
        run.save(update_fields=["published", "published_at", "published_by", "public_visible"])
        run.framework.lock(f"已被{run}发布使用")
        record(user, "evaluations.run.published", run, before={"published": False},
               after={"published": True, "public_visible": run.public_visible, "result_sha256": run.result_sha256},
               summary=f"发布{run}")
        recipients = [*ministry_officers(), *provincial_officers()]
        notify(recipients, f"{run.year} 年度县（市）创新能力评价结果已发布",
               f"{run.year} 年度评价结果（{run.unit_count} 个县（市））已发布，可查看排名与本地区结果。", _run_url(run))
    return run


def set_public_visibility(user, run: EvaluationRun, public_visible: bool) -> EvaluationRun:
    _check(can_publish_run(user, run))
    with transaction.atomic():
        run = EvaluationRun.objects.select_for_update().get(pk=run.pk)
        if not run.published:
            raise RunRefused(_("请先发布该评价运行。"))
        before = run.public_visible
        run.public_visible = bool(public_visible)
        run.save(update_fields=["public_visible"])
        record(user, "evaluations.run.visibility", run, before={"public_visible": before},
               after={"public_visible": run.public_visible}, summary=f"调整{run}的公开范围")
    return run


@dataclass(frozen=True)
class RankChange:
    county_code: str
    county_name: str
    province_code: str
    rank_a: int | None
    rank_b: int | None
    province_rank_a: int | None
    province_rank_b: int | None
    score_a: float | None
    score_b: float | None

    @property
    def change(self) -> int | None:
        """Positive = moved up from run A to run B (rank_a − rank_b)."""
        if self.rank_a is None or self.rank_b is None:
            return None
        return self.rank_a - self.rank_b

    @property
    def abs_change(self) -> int:
        return abs(self.change) if self.change is not None else -1


def compare_runs(run_a: EvaluationRun, run_b: EvaluationRun, user=None) -> list[RankChange]:
    """Per county, the national and provincial ranks in both runs (counties of either run), by |change|."""
    if user is not None:
        _check(can_compare_runs(user, [run_a, run_b]))
    fields = ("county_id", "county_name", "province_id", "national_rank", "province_rank", "index_score")
    a = {r[0]: r for r in CountyResult.objects.filter(run=run_a).values_list(*fields)}
    b = {r[0]: r for r in CountyResult.objects.filter(run=run_b).values_list(*fields)}
    rows = []
    for code in sorted(a.keys() | b.keys()):
        ra, rb = a.get(code), b.get(code)
        any_row = ra or rb
        rows.append(RankChange(
            county_code=code, county_name=any_row[1], province_code=any_row[2],
            rank_a=ra[3] if ra else None, rank_b=rb[3] if rb else None,
            province_rank_a=ra[4] if ra else None, province_rank_b=rb[4] if rb else None,
            score_a=ra[5] if ra else None, score_b=rb[5] if rb else None,
        ))
    rows.sort(key=lambda r: (-r.abs_change, r.rank_a if r.rank_a is not None else 10**9, r.county_code))
    return rows
