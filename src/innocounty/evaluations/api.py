"""Evaluation runs API: list, start (ministry), detail, progress, publish (ministry), compare, results.

Scopes are the pages': unpublished runs are visible to ministry officers and auditors only (others get
403); published runs with their scores and ranks to every signed-in role; a county's raw values only to the
county, its province, the ministry and auditors (:mod:`innocounty.evaluations.visibility`). Anonymous requests get 401 (the
NinjaAPI's authentication).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.errors import HttpError

from innocounty.accounts.guards import ensure
from innocounty.common.bounds import OFFSET_MAX, DbId, Seed, Year
from innocounty.evaluations.coverage import coverage
from innocounty.evaluations.models import (
    CountyResult,
    DataScope,
    EvaluationRun,
    RunStatisticalAudit,
    RunStatus,
)
from innocounty.evaluations.permissions import can_list_runs, can_view_run, runs_visible_to
from innocounty.evaluations.runs import (
    MAX_REPLICATES,
    RunRefused,
    compare_runs,
    fail_if_stale,
    publish_run,
    retry_run,
    start_run,
)
from innocounty.evaluations.visibility import redact_indicators, sees_raw_values
from innocounty.monitoring.models import Framework
from innocounty.regions.models import Belt

router = Router(tags=["evaluations"])
MAX_LIMIT = 500
CountyCode = Annotated[str, Path(pattern=r"^\d{6}$", description="6-digit division code")]


class ErrorOut(Schema):
    detail: Any


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class RunOut(Schema):
    id: int
    year: int
    framework_id: int
    framework_name: str = Field(alias="framework.name")
    label: str
    data_scope: str
    replicates: int
    seed: int
    status: RunStatus
    progress: int
    progress_message: str
    error: str
    unit_count: int
    synthetic_data: bool = Field(description="the input holds the demo's synthetic values (模拟数据)")
    published: bool
    published_at: dt.datetime | None
    public_visible: bool
    created_at: dt.datetime
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    supersedes_id: int | None
    attempt: int = Field(description="1 for the first execution, +1 for each retry")
    heartbeat_at: dt.datetime | None = Field(description="last sign of life of the worker computing the run")
    coverage: dict | None = Field(description="provinces, counties and share of the nation's eligible counties "
                                              "(succeeded runs); partial=true when any eligible county is missing")
    partial_confirmed: bool = Field(description="published although its coverage is partial (confirmed)")

    @staticmethod
    def resolve_coverage(obj) -> dict | None:
        return coverage(obj).as_json() if obj.status == RunStatus.SUCCEEDED else None


class NodeWeightOut(Schema):
    code: str
    name: str
    level: int
    parent_code: str
    weight: float
    effective_weight: float


class RunDetailOut(RunOut):
    method: dict
    applied_rules: dict
    warnings: list
    input_sha256: str
    config_sha256: str
    result_sha256: str
    result_checksums: dict
    engine_version: str
    failed_replicates: int
    node_weights: list[NodeWeightOut]

    @staticmethod
    def resolve_node_weights(obj) -> list:
        return list(obj.node_weights.all())


class RunIn(Schema):
    year: int = Field(ge=2000, le=2100)
    framework_id: DbId
    method: dict = Field(default_factory=dict, description="the engine's method structure (methodology §2, §4, §5)")
    replicates: int = Field(1000, ge=0, le=MAX_REPLICATES)
    seed: Seed | None = None
    scope: DataScope = DataScope.ACCEPTED
    label: str = Field("", max_length=200)


class ProgressOut(Schema):
    id: int
    status: RunStatus
    progress: int
    progress_message: str
    error: str
    finished: bool

    @staticmethod
    def resolve_finished(obj) -> bool:
        return obj.is_finished


class PublishIn(Schema):
    public_visible: bool = False
    confirm_partial: bool = Field(False, description="required (true) to publish a run whose coverage is partial; "
                                                     "the refusal names the missing provinces and counties")
    confirm: bool = Field(False, description="publishing is consequential: refused unless confirmed (the refusal "
                                             "states what follows)")


class RankChangeOut(Schema):
    county_code: str
    county_name: str
    province_code: str
    rank_a: int | None
    rank_b: int | None
    change: int | None = Field(description="rank_a − rank_b; positive = moved up in B")
    province_rank_a: int | None
    province_rank_b: int | None
    score_a: float | None
    score_b: float | None


class CompareOut(Schema):
    run_a: int
    run_b: int
    counties: int
    moved: int
    rows: list[RankChangeOut]


class CountyResultOut(Schema):
    county_code: str = Field(alias="county_id")
    county_name: str
    province_code: str = Field(alias="province_id")
    prefecture_code: str
    belt: str
    unit_type: str
    status: str
    index_score: float | None
    dimension_scores: dict
    national_rank: int | None
    national_n: int | None
    province_rank: int | None
    province_n: int | None
    national_rank_q05: float | None
    national_rank_q95: float | None
    province_rank_q05: float | None
    province_rank_q95: float | None
    eligible_share: float | None
    eligible: bool | None
    composite_pass: bool | None
    indicator_pass: bool | None
    top_indicator_count: int | None
    top_quartile_indicators: list[str]
    eligibility_reason: str
    performance_group: str
    performance_ratio: float | None


class IndicatorResultOut(Schema):
    """Raw, denominated, imputed and treated values are null for callers outside the county's scope
    (:mod:`innocounty.evaluations.visibility`)."""

    indicator_code: str
    raw_value: float | None
    denominated_value: float | None
    normalised_score: float | None
    national_rank: int | None
    province_rank: int | None
    top_quartile: bool
    imputed: bool | None
    treated: bool | None


class CountyDetailOut(CountyResultOut):
    raw_values_visible: bool = Field(description="whether the indicators carry raw values (the county's scope)")
    indicators: list[IndicatorResultOut]


class ResultPage(Schema):
    total: int
    limit: int
    offset: int
    items: list[CountyResultOut]


class ResultFilters(Schema):
    province: str | None = Field(None, pattern=r"^\d{2}$", description="2-digit province code")
    belt: Belt | None = None
    unit_type: str | None = Field(None, max_length=8)
    eligible: bool | None = None
    order: str = Field("national", pattern=r"^(national|province)$",
                       description="national: by national rank; province: by province, then provincial rank")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=OFFSET_MAX)


def _refused(exc: RunRefused) -> HttpError:
    return HttpError(403 if exc.forbidden else 400, exc.reason)


def _run(request, run_id: int) -> EvaluationRun:
    run = get_object_or_404(EvaluationRun.objects.select_related("framework"), pk=run_id)
    ensure(can_view_run(request.auth, run))
    return fail_if_stale(run)


@router.get("/runs", response={200: list[RunOut], **ERRORS}, summary="Runs the caller may see, newest first")
def list_runs(request, year: Year | None = None, status: RunStatus | None = None):
    ensure(can_list_runs(request.auth))
    runs = runs_visible_to(request.auth)
    if year is not None:
        runs = runs.filter(year=year)
    if status is not None:
        runs = runs.filter(status=status)
    return list(runs[:200])


@router.post("/runs", response={200: RunOut, 201: RunOut, **ERRORS},
             summary="Queue a run (ministry); returns at once: 201 queued, 200 when an identical run is already "
                     "queued or running (that run)")
def create_run(request, payload: RunIn):
    framework = get_object_or_404(Framework, pk=payload.framework_id)
    try:
        run = start_run(request.auth, payload.year, framework, payload.method, payload.replicates, payload.seed,
                        scope=payload.scope, label=payload.label)
    except RunRefused as exc:
        raise _refused(exc) from None
    return Status(200 if run.reused else 201, run)


@router.get("/compare", response={200: CompareOut, **ERRORS},
            summary="Per county national ranks in two runs and the change (sorted by |change|)")
def compare(request, a: DbId, b: DbId, limit: int = Query(500, ge=1, le=5000)):
    run_a, run_b = _run(request, a), _run(request, b)
    for run in (run_a, run_b):
        if run.status != RunStatus.SUCCEEDED:
            raise HttpError(400, _("%(run)s尚未完成，无法比较。") % {"run": run})
    rows = compare_runs(run_a, run_b, request.auth)
    return {"run_a": a, "run_b": b, "counties": len(rows), "moved": sum(1 for r in rows if r.change),
            "rows": [{**r.__dict__, "change": r.change} for r in rows[:limit]]}


@router.get("/runs/{run_id}", response={200: RunDetailOut, **ERRORS},
            summary="A run with its resolved method, rules, checksums, warnings and node weights")
def run_detail(request, run_id: DbId):
    return _run(request, run_id)


class AuditOut(Schema):
    report: dict
    scenarios: dict
    sensitivity: dict


@router.get("/runs/{run_id}/audit", response={200: AuditOut, **ERRORS},
            summary="The run's statistical audit (methodology §11), its scenarios and its sensitivity analysis "
                    "(§9, {} when not asked for); 404 for runs without one")
def run_audit(request, run_id: DbId):
    run = _run(request, run_id)
    stored = RunStatisticalAudit.objects.filter(run=run).values("report", "scenarios", "sensitivity").first()
    if stored is None:
        raise HttpError(404, _("该评价运行没有统计审计（早于统计审计功能，或尚未完成）。"))
    return stored


@router.get("/runs/{run_id}/progress", response={200: ProgressOut, **ERRORS}, summary="Status and progress (0–100)")
def run_progress(request, run_id: DbId):
    return _run(request, run_id)


@router.post("/runs/{run_id}/publish", response={200: RunOut, **ERRORS},
             summary="Publish a succeeded run (ministry); locks its framework")
def publish(request, run_id: DbId, payload: PublishIn):
    run = _run(request, run_id)
    try:
        return publish_run(request.auth, run, public_visible=payload.public_visible,
                           confirm_partial=payload.confirm_partial, confirm=payload.confirm)
    except RunRefused as exc:
        raise _refused(exc) from None


@router.post("/runs/{run_id}/retry", response={200: RunOut, **ERRORS},
             summary="Queue a failed run again as its next attempt (ministry)")
def retry(request, run_id: int):
    run = _run(request, run_id)
    try:
        return retry_run(request.auth, run)
    except RunRefused as exc:
        raise _refused(exc) from None


@router.get("/runs/{run_id}/results", response={200: ResultPage, **ERRORS},
            summary="County results of a run, filtered and paginated")
def run_results(request, run_id: DbId, filters: Query[ResultFilters]):
    run = _run(request, run_id)
    rows = CountyResult.objects.filter(run=run)
    if filters.province:
        rows = rows.filter(province_id=filters.province)
    if filters.belt:
        rows = rows.filter(belt=filters.belt)
    if filters.unit_type:
        rows = rows.filter(unit_type=filters.unit_type)
    if filters.eligible is not None:
        rows = rows.filter(eligible=filters.eligible)
    if filters.order == "province":
        rows = rows.order_by("province_id", "province_rank", "county_id")
    else:
        rows = rows.order_by("national_rank", "county_id")
    total = rows.count()
    items = list(rows[filters.offset:filters.offset + filters.limit])
    return {"total": total, "limit": filters.limit, "offset": filters.offset, "items": items}


@router.get("/runs/{run_id}/results/{code}", response={200: CountyDetailOut, **ERRORS},
            summary="One county's result in a run with every indicator")
def county_result(request, run_id: DbId, code: CountyCode):
    run = _run(request, run_id)
    row = get_object_or_404(CountyResult.objects.select_related("county"), run=run, county_id=code)
    row.raw_values_visible = sees_raw_values(request.auth, row.county)
    row.indicators = redact_indicators(run.indicator_results.filter(county_id=code).order_by("position"),
                                       row.raw_values_visible)
    return row
